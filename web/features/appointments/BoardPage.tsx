import { CalendarOutlined, LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Col, DatePicker, Empty, Input, Modal, Row, Select, Space, Statistic, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { APPOINTMENT_STATUSES, readBack as readBackOf } from '../../../shared/contracts/appointments';
import { addDays } from '../../../shared/time';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/now';
import { useProblemHandler } from '../../lib/problems';
import { hasPermission, useMe } from '../../lib/session';
import { useBoard, useSetStatus, type Appointment } from './api';
import { AppointmentItem } from './AppointmentItem';
import { BookingDrawer } from './BookingDrawer';
import { BookingRequests } from './BookingRequests';
import { SlotSettings } from './SlotSettings';
import { ReadBack } from './components';
import './appointments.css';


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
  const onProblem = useProblemHandler();

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
      {canManage && (
        <BookingRequests
          onConfirmed={(a) => {
            setReadBack(a);
            if (a.slot.day !== day) setDay(a.slot.day);
          }}
        />
      )}
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
                      {slot.pendingRequests > 0 && <Tag color="orange">{t('appointment.requests.pendingInSlot', { count: slot.pendingRequests })}</Tag>}
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
        {readBack && <ReadBack facts={readBackOf(readBack)} />}
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
              onError: onProblem,
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
