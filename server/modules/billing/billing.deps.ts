import type { Db } from '../../db/client';
import type { Actor, Organisation } from '../identity';
import type { AppointmentService } from '../appointments';
import type { FileService } from '../files';
import type { PartsService } from '../parts';
import type { TicketService } from '../tickets';

/** What the billing module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface BillingDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /**
   * The ticket a quote, a charge or a payment belongs to, as the caller may see it; its history
   * (quotes sent and decided, payments, RMA steps are events); C3: paid work does not start
   * before its quote is approved.
   */
  tickets: Pick<TicketService, 'findVisible' | 'getVisible' | 'lockForChange' | 'recordEvent' | 'guardTransitions' | 'crewOf' | 'transitionInTx' | 'findEvents' | 'setWarrantyInTx'>;
  /** E5: a ticket's parts with their cost and price (the cost side of net profit, the part lines of a quote), many tickets' parts at cost at once (M7); a part's contract prices. */
  parts: Pick<PartsService, 'partsOfTicket' | 'partsCostOfTickets' | 'getPartDetail'>;
  /** Photos of a unit on arrival, receipts of costs, the customer's drawn signature. */
  files: Pick<FileService, 'attach' | 'get' | 'read'>;
  /** W3: whether a ticket came from a booked appointment (its booking discount). */
  appointments: Pick<AppointmentService, 'ticketWasBooked'>;
}

export type { Actor };
