import type { Db } from '../../db/client';
import type { AppointmentService } from '../appointments';
import type { BillingService } from '../billing';
import type { CareService } from '../care';
import type { DispatchService } from '../dispatch';
import type { FileService } from '../files';
import type { Organisation } from '../identity';
import type { NotifyService } from '../notify';
import type { TicketService } from '../tickets';

/** What the selfservice module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface SelfserviceDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** Intake (a QR report is a ticket like any other), the customer's view of its history, attachments' events. */
  tickets: Pick<TicketService, 'createTicket' | 'getTicket' | 'findEvents' | 'recordEvent'>;
  files: Pick<FileService, 'attach'>;
  notify: Pick<NotifyService, 'enqueue'>;
  /** A low rating opens the supervisor's follow-up task. */
  care: Pick<CareService, 'raiseTaskInTx'>;
  /** The tracking page: the visit to expect (a planned visit, else the booked appointment) and the quote to decide. */
  dispatch: Pick<DispatchService, 'plannedVisitOf'>;
  appointments: Pick<AppointmentService, 'bookedWindowOf'>;
  billing: Pick<BillingService, 'quoteForCustomer' | 'decideQuoteForCustomer'>;
}
