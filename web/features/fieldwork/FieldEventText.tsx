import { Tag } from 'antd';
import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';

/** How the ticket's timeline tells field work: a step on site, the report, a signature, a delivery's receipt and callback. */
export function FieldEventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const d = event.details as Record<string, unknown>;
  const note = d.note ? <div className="muted">{String(d.note)}</div> : null;
  switch (event.type) {
    case 'field_step': {
      const extra = [d.transport ? label('transport', String(d.transport)) : null, d.waitReason ? label('waitReason', String(d.waitReason)) : null].filter(Boolean);
      return (
        <>
          {label('fieldStep', String(d.kind ?? ''))}
          {extra.length ? <span className="muted"> · {extra.join(' · ')}</span> : null}
          {typeof d.lateMinutes === 'number' && d.receivedAt ? (
            // Recorded on the phone without signal: the step's time is the phone's, received later.
            <Tag color={d.lateFlagged ? 'orange' : 'default'} style={{ marginInlineStart: 6 }} data-testid="field-step-late">
              {d.lateMinutes > 0 ? t('event.fieldStepLate', { minutes: d.lateMinutes, time: fmt.short(String(d.receivedAt)) }) : t('event.fieldStepOffline', { time: fmt.short(String(d.receivedAt)) })}
            </Tag>
          ) : null}
          {note}
        </>
      );
    }
    case 'work_report':
      return <>{t('event.workReport', { signer: String(d.signerName ?? '') })}</>;
    case 'signoff':
      return <>{t('event.signoff', { party: label('signoffParty', String(d.party ?? '')), signer: String(d.signerName ?? '') })}</>;
    case 'delivery_callback':
      return (
        <>
          {d.explained ? t('event.deliveryCallbackExplained') : t('event.deliveryCallbackNotExplained')}
          {note}
        </>
      );
    default:
      return <>{label('eventType', event.type)}</>;
  }
}
