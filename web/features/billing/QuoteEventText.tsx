import { formatYuan } from '../../../shared/money';
import { useI18n } from '../../lib/i18n';
import type { TicketEvent } from '../../lib/queries/tickets';

/** How the ticket's timeline tells quotes and charges: made, sent, decided; charged, adjusted, explained (A6). */
export function QuoteEventText({ event }: { event: TicketEvent }) {
  const { t, label } = useI18n();
  const d = event.details as Record<string, unknown>;
  const money = (v: unknown) => (typeof v === 'number' ? formatYuan(v) : '');
  const signer = d.signerName ? `（${String(d.signerName)}）` : '';
  const text = (() => {
    if (event.type === 'quote') {
      switch (d.kind) {
        case 'created':
          return t('event.quote.created', { version: Number(d.version ?? 0), amount: money(d.totalFen) });
        case 'link_sent':
          return t('event.quote.link_sent', { version: Number(d.version ?? 0) });
        case 'decided':
          return t(d.decision === 'approved' ? 'event.quote.approved' : 'event.quote.declined', { version: Number(d.version ?? 0), signer });
        case 'customer_caused':
          return d.customerCaused ? t('event.quote.customer_caused', { reason: String(d.reason ?? '') }) : t('event.quote.customer_caused_cleared');
      }
    }
    switch (d.kind) {
      case 'charged':
        return t('event.charge.charged', { amount: money(d.totalFen) });
      case 'adjusted':
        return t('event.charge.adjusted', { line: Number(d.lineNo ?? 0), amount: money(d.deltaFen), reason: String(d.reason ?? '') });
      case 'adjustment_decided':
        return t(d.decision === 'approved' ? 'event.charge.adjustment_approved' : 'event.charge.adjustment_declined', { line: Number(d.lineNo ?? 0) });
      case 'explained':
        return t('event.charge.explained', { lines: Number(d.lines ?? 0), signer: String(d.signerName ?? '') });
      case 'repair_warranty':
        return t('event.charge.repair_warranty', { months: Number(d.months ?? 0) });
    }
    return '';
  })();
  return (
    <>
      <b>{label('eventType', event.type)}</b> {text}
    </>
  );
}
