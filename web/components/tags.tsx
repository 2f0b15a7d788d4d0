import { Tag } from 'antd';
import type { Priority, TicketStatus, WarrantyState } from '../../shared/domain';
import { useI18n } from '../lib/i18n';

const STATUS_COLORS: Record<TicketStatus, string> = {
  reported: 'blue',
  accepted: 'cyan',
  dispatched: 'geekblue',
  in_progress: 'processing',
  on_hold: 'warning',
  completed: 'success',
  closed: 'default',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: TicketStatus }) {
  const { label } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="status-tag" data-status={status}>
      {label('status', status)}
    </Tag>
  );
}

const WARRANTY_COLORS: Record<WarrantyState, string> = { in: 'green', out: 'orange', unknown: 'default' };

export function WarrantyTag({ warranty }: { warranty: WarrantyState }) {
  const { label } = useI18n();
  return <Tag color={WARRANTY_COLORS[warranty]}>{label('warranty', warranty)}</Tag>;
}

const PRIORITY_COLORS: Record<Priority, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function PriorityTag({ priority, emergency }: { priority: Priority; emergency?: boolean }) {
  const { label, t } = useI18n();
  return (
    <>
      {/* An urgent emergency is one tag, not "紧急 紧急". */}
      {!(emergency && priority === 'urgent') && <Tag color={PRIORITY_COLORS[priority]}>{label('priority', priority)}</Tag>}
      {emergency && <Tag color="red">{t('ticket.emergency')}</Tag>}
    </>
  );
}
