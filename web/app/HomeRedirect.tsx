import { Navigate } from 'react-router';
import { hasPermission, useMe } from '../lib/session';

/** Technicians start on their day; everyone else on the ticket list. */
export function HomeRedirect() {
  const me = useMe();
  return <Navigate to={me.data?.role === 'technician' && hasPermission(me.data, 'fieldwork.act') ? '/my-day' : '/tickets'} replace />;
}
