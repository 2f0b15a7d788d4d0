import type { Db } from '../../db/client';
import type { Actor, IdentityService, Organisation } from '../identity';
import type { FieldworkService } from '../fieldwork';
import type { FileService } from '../files';
import type { NotifyService } from '../notify';
import type { SlaService } from '../sla';
import type { TicketService } from '../tickets';

/** What the contractors module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface ContractorsDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /**
   * R3: a new ticket's contractor is decided from the map (`decideAtCreation`) and its notice
   * written with it (`contributeToCreation`, R2); a person changes it with a reason; the portal's
   * steps and the centre's takeover are events of the ticket (R4).
   */
  tickets: Pick<
    TicketService,
    'decideAtCreation' | 'contributeToCreation' | 'setContractorInTx' | 'recordEvent' | 'lockForChange' | 'findVisible' | 'getVisible' | 'findEvents'
  >;
  /** R2: the contractor's notice goes through the outbox. */
  notify: Pick<NotifyService, 'enqueue' | 'enqueueAlongside'>;
  /** R4, R6: the contractor_on_site clock is a deduction's evidence. */
  sla: Pick<SlaService, 'clocksOf' | 'metricClocks'>;
  /** R7: the uploaded agreement; photos and sign-offs a deduction names. */
  files: Pick<FileService, 'get' | 'attach'>;
  /** R8: a ticket is settled (a deduction, an R7 fee) only once everyone it requires has signed it off. */
  fieldwork: Pick<FieldworkService, 'signoffsComplete'>;
  /** S18: a contractor's portal users are made by identity, after this module has checked the contractor. */
  identity: Pick<IdentityService, 'createUser' | 'checkContractorLinks'>;
}

export type { Actor };
