import { Navigate } from 'react-router';
import { WORKBENCH_ROLES } from '../../shared/permissions';
import { hasPermission, useMe } from '../lib/session';

/** Technicians start on their day, the office roles on their workbench, everyone else on the ticket list. */
export function HomeRedirect() {
  const me = useMe();
  const role = me.data?.role;
  const to = role === 'technician' && hasPermission(me.data, 'fieldwork.act') ? '/my-day' : role && WORKBENCH_ROLES.includes(role) ? '/workbench' : '/tickets';
  return <Navigate to={to} replace />;
}
