import { SoundOutlined } from '@ant-design/icons';
import { Alert, Space, Tag, Typography } from 'antd';
import type { AppointmentStatus, ReadBack } from '../../../shared/contracts/appointments';
import type { MessageKey } from '../../../shared/i18n';
import { useI18n } from '../../lib/i18n';

const STATUS_COLOR: Record<AppointmentStatus, string> = {
  booked: 'blue',
  arrived: 'gold',
  done: 'green',
  no_show: 'red',
  cancelled: 'default',
};

export function AppointmentStatusTag({ status }: { status: AppointmentStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid="appointment-status">
      {label('appointmentStatus', status)}
    </Tag>
  );
}

/** W3: basis points off as the customer hears it: 1000 → 9折（优惠 10%）, "10% off". */
export function useDiscountText() {
  const { t } = useI18n();
  return (bp: number) => (bp > 0 ? t('appointment.discount', { zhe: String((10_000 - bp) / 1000), percent: String(bp / 100) }) : t('appointment.noDiscount'));
}

const weekdayOf = (day: string) => ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** What the read-back shows: the shared A2 facts, without the appointment's id, and the caller's name when known. */
export type ReadBackFacts = Omit<ReadBack, 'appointmentId'> & { name?: string | null };

/**
 * A2: what the agent reads back to the caller before hanging up, in the order a person says
 * it: the time, each request, the technician, the promotion. The same facts the customer sees
 * after asking for a time online.
 */
export function ReadBack({ facts, audience = 'agent' }: { facts: ReadBackFacts; audience?: 'agent' | 'customer' }) {
  const { t } = useI18n();
  const discount = useDiscountText();
  const weekday = t(`calendar.weekday.${weekdayOf(facts.day)}` as MessageKey);
  return (
    <Alert
      type="success"
      showIcon
      icon={audience === 'agent' ? <SoundOutlined /> : undefined}
      data-testid="read-back"
      message={audience === 'agent' ? t('appointment.readBack.title') : t('booking.requestedTitle')}
      description={
        <Space direction="vertical" size={4} style={{ width: '100%' }}>
          {facts.name && <Typography.Text>{t('appointment.readBack.name', { name: facts.name })}</Typography.Text>}
          <Typography.Text strong data-testid="read-back-time">
            {t('appointment.readBack.time', { day: facts.day, weekday, start: facts.start, end: facts.end })}
            {facts.serviceType ? `（${facts.serviceType}）` : ''}
          </Typography.Text>
          <Typography.Text>{t('appointment.readBack.requests')}</Typography.Text>
          <ol style={{ margin: 0, paddingInlineStart: 24 }} data-testid="read-back-requests">
            {facts.requests.map((r, i) => (
              <li key={i}>{r}</li>
            ))}
          </ol>
          {audience === 'agent' && (
            <Typography.Text data-testid="read-back-technician">
              {facts.technician ? t('appointment.readBack.technician', { name: facts.technician }) : t('appointment.readBack.noTechnician')}
            </Typography.Text>
          )}
          <Typography.Text>{t('appointment.readBack.discount', { discount: discount(facts.discountBp) })}</Typography.Text>
          {/* Online, the time is only asked for until the service centre confirms it: the page says so instead. */}
          {audience === 'agent' && <Typography.Text type="secondary">{t('appointment.readBack.closing')}</Typography.Text>}
        </Space>
      }
    />
  );
}
