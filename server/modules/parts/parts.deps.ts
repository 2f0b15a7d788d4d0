import type { Db } from '../../db/client';
import type { Organisation } from '../identity';
import type { TicketService } from '../tickets';

/** What the parts module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface PartsDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** E3: a loaner lent writes the ticket's event (its clock stops); a ticket with a loaner out does not close. */
  tickets: Pick<TicketService, 'findVisible' | 'lockForChange' | 'recordEvent' | 'guardTransitions'>;
}
