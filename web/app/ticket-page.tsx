import { TicketClocks } from '../components/sla';
import { TicketPagePartsProvider, type TicketPageParts } from '../lib/ticket-page';
import { TicketPage } from '../features/tickets/TicketPage';
import { ContactAttemptEventText, ContactCard } from '../features/appointments/ContactCard';
import { RescheduledEventText } from '../features/dispatch/RescheduledEventText';
import { FieldEventText } from '../features/fieldwork/FieldEventText';
import { SignoffsCard } from '../features/fieldwork/SignoffsCard';
import { WorkshopEventText } from '../features/workshop/WorkshopEventText';
import { WorkshopPanel } from '../features/workshop/WorkshopPanel';
import { TicketPartsPanel } from '../features/parts/TicketPartsPanel';
import { LoanerPanel } from '../features/parts/LoanerPanel';
import { QuotePanel } from '../features/billing/QuotePanel';
import { QuoteEventText } from '../features/billing/QuoteEventText';
import { MoneyPanel } from '../features/billing/MoneyPanel';
import { PaymentEventText } from '../features/billing/PaymentEventText';
import { RmaEventText } from '../features/billing/RmaEventText';
import { RmaPanel } from '../features/billing/RmaPanel';
import { TicketContractorPanel } from '../features/contractors/TicketContractorPanel';
import { ContractorEventText } from '../features/contractors/ContractorEventText';
import { ReworkJudgementPanel } from '../features/pay/ReworkJudgementPanel';
import { TicketSelfServicePanel } from '../features/selfservice/TicketSelfServicePanel';

/**
 * What the other features add to the ticket page: the composition lives here, so the tickets
 * feature imports none of them and a new module adds its panel or its events in one place.
 */
export const ticketPageParts: TicketPageParts = {
  panels: [
    { key: 'sla', place: 'side', Panel: ({ ticket }) => <TicketClocks ticketId={ticket.id} closed={ticket.status === 'cancelled'} /> },
    {
      key: 'contact',
      place: 'side',
      Panel: ({ ticket }) => <ContactCard ticketId={ticket.id} phones={[...new Set([...(ticket.contactPhone ? [ticket.contactPhone] : []), ...ticket.customer.phones])]} />,
    },
    {
      key: 'signoffs',
      place: 'side',
      Panel: ({ ticket }) => (
        <div style={{ marginTop: 16 }}>
          <SignoffsCard ticketId={ticket.id} type={ticket.type} />
        </div>
      ),
    },
    // R3: the responsible contractor, its portal steps (R2, R4) and the centre's takeover.
    { key: 'contractor', place: 'side', Panel: TicketContractorPanel },
    // E3: the loaner out with the customer, or what the pools offer for the ticket's asset.
    { key: 'loaner', place: 'side', Panel: LoanerPanel },
    // M8: which repair this ticket reworks and whose own error it was (forfeits their hold-back).
    { key: 'rework-judgement', place: 'side', Panel: ReworkJudgementPanel },
    // D1, E11: the customer's rating from the tracking page; a tracking link to give them.
    { key: 'selfservice', place: 'side', Panel: TicketSelfServicePanel },
    // C3: a mail-in or carry-in repair's stages, steps and DOA; only on RMA tickets.
    { key: 'rma', place: 'wide', Panel: RmaPanel },
    { key: 'workshop', place: 'wide', Panel: WorkshopPanel },
    { key: 'parts', place: 'wide', Panel: TicketPartsPanel },
    // C3, E5, E7, W3, A6: the quote, its approval and the charge.
    { key: 'quote', place: 'wide', Panel: QuotePanel },
    // Payments, fapiao, the order's costs and, for finance, its net profit (M7).
    { key: 'money', place: 'wide', Panel: MoneyPanel },
  ],
  events: {
    workshop: WorkshopEventText,
    rework: WorkshopEventText,
    contact_attempt: ContactAttemptEventText,
    field_step: FieldEventText,
    work_report: FieldEventText,
    signoff: FieldEventText,
    delivery_received: FieldEventText,
    delivery_callback: FieldEventText,
    rescheduled: RescheduledEventText,
    quote: QuoteEventText,
    charge: QuoteEventText,
    payment: PaymentEventText,
    rma: RmaEventText,
    contractor_changed: ContractorEventText,
    self_repair: ContractorEventText,
    contractor_agreed: ContractorEventText,
  },
};

/** The ticket page with what the other features add to it: a route of its own, loaded when opened. */
export function TicketRoute() {
  return (
    <TicketPagePartsProvider value={ticketPageParts}>
      <TicketPage />
    </TicketPagePartsProvider>
  );
}
