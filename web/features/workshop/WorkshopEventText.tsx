import { formatYuan } from '../../../shared/money';
import { isMessageKey } from '../../../shared/i18n';
import { useI18n } from '../../lib/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';

/** How the ticket's timeline tells workshop events: reception, pre-inspection, stages, QC, rework, delivery. */
export function WorkshopEventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  const d = event.details as Record<string, unknown>;
  const stage = label('workshopStage', String(d.stage ?? ''));
  if (event.type === 'rework') {
    return (
      <>
        <b>{label('eventType', 'rework')}</b> {t('event.rework', { stage: label('workshopStage', String(d.backTo ?? '')) })}
        {d.reason ? <div className="muted">{String(d.reason)}</div> : null}
      </>
    );
  }
  switch (d.kind) {
    case 'checkin_signed':
      return <>{t('event.workshop.checkin_signed', { revision: Number(d.revision ?? 1), name: String(d.signerName ?? '') })}</>;
    case 'checkin_correction':
      return <>{t('event.workshop.checkin_correction', { reason: String(d.reason ?? '') })}</>;
    case 'preinspection_item':
      return (
        <>
          {t('event.workshop.preinspection_item', { finding: String(d.finding ?? '') })}
          {typeof d.estimatedCostFen === 'number' ? <span className="muted"> · {formatYuan(d.estimatedCostFen)}</span> : null}
        </>
      );
    case 'preinspection_decision':
      return <>{t(d.approved ? 'event.workshop.preinspection_approved' : 'event.workshop.preinspection_declined', { finding: String(d.finding ?? '') })}</>;
    case 'stage_started':
    case 'stage_finished':
    case 'stage_signed':
    case 'qc_passed':
    case 'delivery_explained': {
      const key = `event.workshop.${d.kind}`;
      return <>{isMessageKey(key) ? t(key, { stage, total: formatYuan(Number(d.totalFen ?? 0)) }) : String(d.kind)}</>;
    }
    default:
      return <>{label('eventType', 'workshop')}</>;
  }
}
