import { CalendarOutlined, LeftOutlined, PlusOutlined, RightOutlined, SettingOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Modal, Popover, Row, Select, Space, Statistic, Switch, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { APPOINTMENT_STATUSES, APPOINTMENT_TRANSITIONS, type AppointmentStatus } from '../../../shared/contracts/appointments';
import { addDays } from '../../../shared/time';
import { ApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { hasPermission, useMe } from '../../lib/session';
import { StatusTag } from '../../components/tags';
import { useBoard, useConvertToTicket, useSetStatus, useUpdateSlot, type Appointment, type BoardSlot } from './api';
import { BookingDrawer } from './BookingDrawer';
import { AppointmentStatusTag, ReadBack, useDiscountText } from './components';
import './appointments.css';

const ACTION_KEYS: Record<AppointmentStatus, 'appointment.action.booked' | 'appointment.action.arrived' | 'appointment.action.done' | 'appointment.action.no_show' | 'appointment.action.cancelled'> = {
  booked: 'appointment.action.booked',
  arrived: 'appointment.action.arrived',
  done: 'appointment.action.done',
  no_show: 'appointment.action.no_show',
  cancelled: 'appointment.action.cancelled',
};

export function readBackFacts(a: Appointment) {
  return {
    day: a.slot.day,
    start: a.slot.start,
    end: a.slot.end,
    serviceType: a.slot.serviceType,
    requests: a.requests,
    technician: a.technician?.name ?? null,
    discountBp: a.discountBp,
  };
}

function errorText(e: unknown, fallback: string) {
  return e instanceof ApiError ? (e.problem.detail ?? e.problem.title) : fallback;
}

/** Places and open/closed of one slot, for whoever manages the board. */
function SlotSettings({ slot }: { slot: BoardSlot }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateSlot();
  const [open, setOpen] = useState(false);
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('appointment.slotSettings')}
      content={
        <Form
          layout="vertical"
          initialValues={{ capacity: slot.capacity, open: slot.open }}
          onFinish={(v: { capacity: number; open: boolean }) =>
            update.mutate(
              { slot, body: v },
              {
                onSuccess: () => setOpen(false),
                onError: (e) => message.error(errorText(e, t('errors.INTERNAL'))),
              },
            )
          }
        >
          <Form.Item name="capacity" label={t('appointment.capacity')} extra={t('appointment.capacityHint', { booked: slot.booked })}>
            <InputNumber min={Math.max(1, slot.booked)} max={500} />
          </Form.Item>
          <Form.Item name="open" label={t('appointment.slotOpen')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="small" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      }
    >
      <Button type="text" size="small" icon={<SettingOutlined />} aria-label={t('appointment.slotSettings')} />
    </Popover>
  );
}

function AppointmentItem({ appointment: a, onReadBack, onCancel }: { appointment: Appointment; onReadBack: (a: Appointment) => void; onCancel: (a: Appointment) => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const discount = useDiscountText();
  const setStatus = useSetStatus();
  const convert = useConvertToTicket();
  const canManage = hasPermission(me.data, 'appointments.manage');
  const canTicket = hasPermission(me.data, 'tickets.create');
  const next = APPOINTMENT_TRANSITIONS[a.status].filter((s) => s !== 'cancelled');
  const act = (status: AppointmentStatus) =>
    setStatus.mutate({ appointment: a, status }, { onError: (e) => message.error(errorText(e, t('errors.INTERNAL'))) });
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
                    onError: (e) => message.error(errorText(e, t('errors.INTERNAL'))),
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

/**
 * 预约看板 (A2): one day's slots side by side, each with its bookings and their status, so the
 * reception desk sees who is due, who is here and what each asked for.
 */
export function AppointmentBoardPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const fmt = useFormat();
  const me = useMe();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const today = fmt.date(new Date(now));
  const day = params.get('day') ?? today;
  const [serviceType, setServiceType] = useState<string | undefined>();
  const board = useBoard(day, serviceType);
  const canManage = hasPermission(me.data, 'appointments.manage');
  const [booking, setBooking] = useState<{ slotId?: string } | null>(null);
  const [readBack, setReadBack] = useState<Appointment | null>(null);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const [reason, setReason] = useState('');
  const setStatus = useSetStatus();

  const setDay = (d: string) => setParams(d === today ? {} : { day: d });
  const serviceTypes = useMemo(() => [...new Set((board.data?.slots ?? []).map((s) => s.serviceType).filter((s): s is string => !!s))], [board.data]);
  const counts = board.data?.counts;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <div className="page-head" style={{ marginBottom: 0 }}>
          <Space wrap>
            <Typography.Title level={4}>{t('nav.appointmentBoard')}</Typography.Title>
            <Button icon={<LeftOutlined />} onClick={() => setDay(addDays(day, -1))} aria-label={t('appointment.previousDay')} />
            <DatePicker value={dayjs(day)} allowClear={false} onChange={(d) => d && setDay(d.format('YYYY-MM-DD'))} data-testid="board-day" />
            <Button icon={<RightOutlined />} onClick={() => setDay(addDays(day, 1))} aria-label={t('appointment.nextDay')} />
            {day !== today && (
              <Button icon={<CalendarOutlined />} onClick={() => setDay(today)}>
                {t('appointment.today')}
              </Button>
            )}
            {serviceTypes.length > 1 && (
              <Select allowClear placeholder={t('appointment.serviceType')} style={{ minWidth: 140 }} value={serviceType} onChange={setServiceType} options={serviceTypes.map((s) => ({ value: s, label: s }))} />
            )}
          </Space>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking({})} data-testid="board-new">
              {t('appointment.new')}
            </Button>
          )}
        </div>
        {counts && (
          <Space size="large" wrap style={{ marginTop: 12 }}>
            {APPOINTMENT_STATUSES.map((s) => (
              <Statistic key={s} title={label('appointmentStatus', s)} value={counts[s]} valueStyle={{ fontSize: 20 }} />
            ))}
          </Space>
        )}
      </Card>
      {board.data && board.data.slots.length === 0 ? (
        <Card>
          <Empty description={t('appointment.noSlotsToday')}>
            {hasPermission(me.data, 'appointments.manage') && <Link to="/appointment-templates">{t('nav.appointmentTemplates')}</Link>}
          </Empty>
        </Card>
      ) : (
        <Row gutter={[12, 12]}>
          {(board.data?.slots ?? []).map((slot) => {
            const left = slot.capacity - slot.booked;
            const bookable = canManage && slot.open && left > 0 && new Date(slot.endsAt).getTime() > now;
            return (
              <Col key={slot.id} xs={24} sm={12} lg={8} xxl={6}>
                <Card
                  size="small"
                  className="appt-slot"
                  data-testid="board-slot"
                  title={
                    <Space>
                      <span>{`${slot.start}–${slot.end}`}</span>
                      {slot.serviceType && <Tag>{slot.serviceType}</Tag>}
                      {slot.team && <Tag color="geekblue">{slot.team}</Tag>}
                    </Space>
                  }
                  extra={
                    <Space size={4}>
                      {!slot.open && <Tag>{t('appointment.slotClosed')}</Tag>}
                      <Badge count={`${slot.booked}/${slot.capacity}`} color={left <= 0 ? 'red' : 'blue'} />
                      {canManage && <SlotSettings slot={slot} />}
                    </Space>
                  }
                >
                  <Space direction="vertical" style={{ width: '100%' }} size={8}>
                    {slot.appointments.length === 0 && <Typography.Text type="secondary">{t('appointment.noBookings')}</Typography.Text>}
                    {slot.appointments.map((a) => (
                      <AppointmentItem key={a.id} appointment={a} onReadBack={setReadBack} onCancel={setCancelling} />
                    ))}
                    {bookable && (
                      <Button type="dashed" block icon={<PlusOutlined />} onClick={() => setBooking({ slotId: slot.id })}>
                        {t('appointment.bookHere', { left })}
                      </Button>
                    )}
                  </Space>
                </Card>
              </Col>
            );
          })}
        </Row>
      )}
      {booking && (
        <BookingDrawer
          open
          day={day}
          slotId={booking.slotId}
          onClose={() => setBooking(null)}
          onBooked={(a) => {
            setBooking(null);
            setReadBack(a);
            message.success(t('appointment.booked'));
            if (a.slot.day !== day) setDay(a.slot.day);
          }}
        />
      )}
      <Modal
        open={!!readBack}
        title={t('appointment.readBack.modalTitle')}
        onCancel={() => setReadBack(null)}
        footer={
          <Button type="primary" onClick={() => setReadBack(null)} data-testid="read-back-done">
            {t('appointment.readBack.done')}
          </Button>
        }
      >
        {readBack && <ReadBack facts={readBackFacts(readBack)} />}
      </Modal>
      <Modal
        open={!!cancelling}
        title={t('appointment.cancelTitle')}
        okText={t('appointment.action.cancelled')}
        okButtonProps={{ danger: true, loading: setStatus.isPending }}
        cancelText={t('common.cancel')}
        onCancel={() => setCancelling(null)}
        onOk={() =>
          cancelling &&
          setStatus.mutate(
            { appointment: cancelling, status: 'cancelled', ...(reason.trim() ? { reason: reason.trim() } : {}) },
            {
              onSuccess: () => {
                setCancelling(null);
                setReason('');
              },
              onError: (e) => message.error(errorText(e, t('errors.INTERNAL'))),
            },
          )
        }
        destroyOnHidden
      >
        <Input.TextArea rows={2} maxLength={500} placeholder={t('appointment.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
    </Space>
  );
}
