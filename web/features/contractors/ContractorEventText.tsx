import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';
import { useContractors } from './api';

/** R3, R4 in the ticket's history: another contractor named (with the reason), the centre's takeover (with the reason and the clock), the repair the contractor agreed. */
export function ContractorEventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const d = event.details as { fromId?: string | null; toId?: string | null; reason?: string; clock?: { dueAt?: string | null; breached?: boolean } | null };
  const contractors = useContractors('', event.type === 'contractor_changed');
  const name = (id: string | null | undefined) => (id ? (contractors.data?.find((c) => c.id === id)?.name ?? '…') : t('contractors.none'));
  if (event.type === 'contractor_agreed') {
    const a = event.details as { scope: string; workQuantity: string; agreedCostFen: number | null; note?: string };
    return (
      <>
        <b>{label('eventType', event.type)}</b> {a.scope}（{t('contractors.agree.workQuantity')}：{a.workQuantity}
        {a.agreedCostFen !== null ? `，${t('contractors.agree.cost')}：${fmt.yuan(a.agreedCostFen)}` : ''}）
        {a.note ? <div className="muted">{a.note}</div> : null}
      </>
    );
  }
  if (event.type === 'contractor_changed') {
    return (
      <>
        <b>{label('eventType', event.type)}</b> {name(d.fromId)} → {name(d.toId)}
        <div className="muted">{d.reason}</div>
      </>
    );
  }
  return (
    <>
      <b>{label('eventType', event.type)}</b>
      {d.clock?.breached ? `（${label('onSite', 'late')}）` : ''}
      {d.reason ? <div className="muted">{d.reason}</div> : null}
    </>
  );
}
