import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';

interface Window {
  start?: string;
  end?: string;
}

/** H4: a visit moved to another time, with the customer's word on it, in the ticket's history. */
export function RescheduledEventText({ event }: { event: TicketEvent }) {
  const details = event.details as Record<string, unknown>;
  const { t, label } = useI18n();
  const fmt = useFormat();
  const from = (details.from ?? {}) as Window;
  const to = (details.to ?? {}) as Window;
  const consent = details.consent as { agreed?: boolean; words?: string; obtainedBy?: { name?: string }; obtainedAt?: string } | null | undefined;
  const span = (w: Window) => `${fmt.short(w.start)}–${fmt.short(w.end).slice(-5)}`;
  return (
    <>
      <b>{label('eventType', 'rescheduled')}</b>
      {'  '}
      {span(from)} → {span(to)}
      {details.customerRequested ? <div className="muted">{t('dispatch.event.customerRequested')}</div> : null}
      {consent ? (
        <div className="muted">
          {t('dispatch.event.consent', {
            answer: consent.agreed ? t('dispatch.consentYes') : t('dispatch.consentNo'),
            words: consent.words ?? '',
            name: consent.obtainedBy?.name ?? '',
            at: fmt.short(consent.obtainedAt),
          })}
        </div>
      ) : null}
      {details.reason ? <div className="muted">{String(details.reason)}</div> : null}
    </>
  );
}
