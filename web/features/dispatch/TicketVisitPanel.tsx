import { CarOutlined } from '@ant-design/icons';
import { Card, Space, Typography } from 'antd';
import type { Ticket } from '../../lib/queries/tickets';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useTicketVisit } from './api';

/** 上门安排: the planned visit's day, window and who goes; nothing until one is planned. */
export function TicketVisitPanel({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const fmt = useFormat();
  const visit = useTicketVisit(ticket.id);
  if (!visit.data) return null;
  const v = visit.data;
  const sameDay = fmt.date(v.plannedStart) === fmt.date(v.plannedEnd);
  return (
    <Card size="small" title={t('visit.title')} style={{ marginBottom: 16 }} data-testid="ticket-visit">
      <Space direction="vertical" size={2}>
        <Typography.Text strong data-testid="ticket-visit-window">
          <CarOutlined /> {fmt.dateTime(v.plannedStart)}–{sameDay ? fmt.dateTime(v.plannedEnd).slice(11) : fmt.dateTime(v.plannedEnd)}
        </Typography.Text>
        <Typography.Text data-testid="ticket-visit-lead">{t('visit.lead', { name: v.lead.name })}</Typography.Text>
        {v.crew.length > 0 && <Typography.Text type="secondary">{t('visit.crew', { names: v.crew.map((c) => c.name).join(t('common.listSeparator')) })}</Typography.Text>}
      </Space>
    </Card>
  );
}
