import { App, Button, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { APPOINTMENT_TRANSITIONS, type AppointmentStatus } from '../../../shared/contracts/appointments';
import { useI18n } from '../../lib/i18n';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { StatusTag } from '../../components/tags';
import { useConvertToTicket, useSetStatus, type Appointment } from './api';
import { AppointmentStatusTag, useDiscountText } from './components';


/** The button of each next status. */
export const ACTION_KEYS: Record<AppointmentStatus, 'appointment.action.booked' | 'appointment.action.arrived' | 'appointment.action.done' | 'appointment.action.no_show' | 'appointment.action.cancelled'> = {
  booked: 'appointment.action.booked',
  arrived: 'appointment.action.arrived',
  done: 'appointment.action.done',
  no_show: 'appointment.action.no_show',
  cancelled: 'appointment.action.cancelled',
};

/** One booking in its slot: who, what they asked for, and what reception can do next. */
export function AppointmentItem({ appointment: a, onReadBack, onCancel }: { appointment: Appointment; onReadBack: (a: Appointment) => void; onCancel: (a: Appointment) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const discount = useDiscountText();
  const setStatus = useSetStatus();
  const convert = useConvertToTicket();
  const onProblem = useProblemHandler();
  const canManage = hasPermission(me.data, 'appointments.manage');
  const canTicket = hasPermission(me.data, 'tickets.create');
  const next = APPOINTMENT_TRANSITIONS[a.status].filter((s) => s !== 'cancelled');
  const act = (status: AppointmentStatus) =>
    setStatus.mutate({ appointment: a, status }, { onError: onProblem });
  return (
    <div className={`appt-item appt-${a.status}`} data-testid="board-appointment">
      <Space wrap size={4}>
        <Typography.Text strong>{a.contactName && a.contactName !== a.customer.name ? `${a.customer.name}（${a.contactName}）` : a.customer.name}</Typography.Text>
        {a.contactPhone && <Typography.Text type="secondary">{a.contactPhone}</Typography.Text>}
        <AppointmentStatusTag status={a.status} />
        {a.channel === 'web' && <Tag color="cyan">{label('appointmentChannel', 'web')}</Tag>}
        {a.discountBp > 0 && <Tag color="volcano">{discount(a.discountBp)}</Tag>}
      </Space>
      <ol className="appt-requests">
        {a.requests.map((r, i) => (
          <li key={i}>{r}</li>
        ))}
      </ol>
      <div className="muted">
        {[a.asset?.label, a.technician ? t('appointment.technicianIs', { name: a.technician.name }) : null, a.note].filter(Boolean).join(' · ')}
      </div>
      {a.ticket && (
        <Space size={4}>
          <Link to={`/tickets/${a.ticket.id}`}>{a.ticket.number}</Link>
          <StatusTag status={a.ticket.status} />
        </Space>
      )}
      {canManage && (
        <Space wrap size={4} style={{ marginTop: 4 }}>
          {next.map((s) => (
            <Button key={s} size="small" type={s === 'arrived' ? 'primary' : 'default'} loading={setStatus.isPending && setStatus.variables?.status === s} onClick={() => act(s)} data-testid={`appointment-${s}`}>
              {t(ACTION_KEYS[s])}
            </Button>
          ))}
          {a.status === 'arrived' && !a.ticket && canTicket && (
            <Button
              size="small"
              type="primary"
              ghost
              loading={convert.isPending}
              data-testid="appointment-to-ticket"
              onClick={() =>
                convert.mutate(
                  { appointment: a },
                  {
                    onSuccess: (updated) => message.success(t('appointment.ticketCreated', { number: updated.ticket?.number ?? '' })),
                    onError: onProblem,
                  },
                )
              }
            >
              {t('appointment.toTicket')}
            </Button>
          )}
          {a.status === 'booked' && (
            <>
              <Button size="small" onClick={() => onReadBack(a)}>
                {t('appointment.readBack.button')}
              </Button>
              <Button size="small" danger onClick={() => onCancel(a)} data-testid="appointment-cancel">
                {t(ACTION_KEYS.cancelled)}
              </Button>
            </>
          )}
        </Space>
      )}
    </div>
  );
}
