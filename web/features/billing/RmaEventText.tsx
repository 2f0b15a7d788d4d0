import { formatYuan } from '../../../shared/money';
import { isMessageKey } from '../../../shared/i18n';
import { useI18n } from '../../lib/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';

/** How the ticket's timeline tells an RMA step: where the unit is, how it travels, what was decided. */
export function RmaEventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  if (event.type !== 'rma') return null;
  const d = event.details;
  const carrier = d.carrier ? label('rmaCarrier', d.carrier) : '';
  const tracking = d.trackingNumber ? ` ${d.trackingNumber}` : '';
  const reasonKey = `warranty.reason.${d.warrantyReason ?? ''}`;
  const text = (() => {
    switch (d.step) {
      case 'received':
        return t('event.rma.received', { carrier, tracking });
      case 'warranty_decided':
        return t('event.rma.warranty_decided', {
          warranty: label('warranty', d.warranty ?? 'unknown'),
          reason: isMessageKey(reasonKey) ? t(reasonKey, { endsOn: d.warrantyEndsOn ?? '', startsOn: '', note: '' }) : (d.warrantyReason ?? ''),
        });
      case 'repaired':
        return t('event.rma.repaired', { outcome: label('rmaOutcome', d.outcome ?? 'repaired') });
      case 'qc':
        return t(d.passed ? 'event.rma.qcPassed' : 'event.rma.qcFailed');
      case 'shipped':
        return t('event.rma.shipped', { carrier, tracking });
      case 'closed':
        return t('event.rma.closed');
      case 'doa_marked':
        return t(d.doa ? 'event.rma.doaMarked' : 'event.rma.doaCleared');
      case 'advance_shipped':
        return `${t('event.rma.advanceShipped', { carrier, tracking, due: d.dueOn ?? '' })}${d.depositFen ? ` · ${formatYuan(d.depositFen)}` : ''}`;
      case 'advance_closed':
        return t('event.rma.advanceClosed');
      case 'photo':
        return t('event.rma.photo');
    }
  })();
  return (
    <>
      <b>{label('eventType', 'rma')}</b> {text}
      {d.note ? <div className="muted">{d.note}</div> : null}
    </>
  );
}
