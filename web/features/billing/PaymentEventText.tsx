import { useFormat } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';

/** A payment or refund in the ticket's timeline: the amount and how it was paid; a refund's reason for staff. */
export function PaymentEventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  const fmt = useFormat();
  const d = event.details as { amountFen?: number; method?: string; refund?: boolean; reason?: string };
  const amount = fmt.yuan(Math.abs(d.amountFen ?? 0));
  const method = label('paymentMethod', d.method ?? '');
  return (
    <>
      {d.refund ? t('event.refund', { amount, method }) : t('event.payment', { amount, method })}
      {d.reason ? <div className="muted">{d.reason}</div> : null}
    </>
  );
}
