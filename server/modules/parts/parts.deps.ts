import type { Db } from '../../db/client';
import type { Actor, Organisation } from '../identity';
import type { FieldworkService } from '../fieldwork';
import type { TicketService } from '../tickets';
import type { JobService } from '../jobs';

/** What the parts module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface PartsDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The assets module's products, to name and check what a part fits (A2). */
  products: { findProducts: (actor: Actor) => Promise<{ id: string; name: string }[]> };
  /**
   * Parts on a ticket: the ticket as the caller may see it (its lead, customer and warranty), and
   * its crew. E3: a loaner lent locks the ticket and writes its event (its clock stops); a ticket
   * with its loaner out does not close.
   */
  tickets: Pick<TicketService, 'findVisible' | 'crewOf' | 'lockForChange' | 'recordEvent' | 'guardTransitions'>;
  /** The parts used on a job are consumed with its work report, in the report's transaction. */
  fieldwork: Pick<FieldworkService, 'onWorkReport'>;
  /** The daily purchase suggestions (C4) run as a job; without it (some tests) they are only listed on request. */
  jobs?: Pick<JobService, 'register' | 'enqueue' | 'latestDone'>;
}
