import type { Db } from '../../db/client';
import type { Organisation } from '../identity';
import type { TicketService } from '../tickets';
import type { JobService } from '../jobs';
import type { NotifyService } from '../notify';

/** What the care module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface CareDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The ticket a call is about, as the caller may see it (NOT_FOUND otherwise), and its history. */
  tickets: Pick<TicketService, 'getTicket' | 'recordEvent'>;
  notify: Pick<NotifyService, 'enqueue'>;
  jobs: Pick<JobService, 'enqueue' | 'register'>;
}
