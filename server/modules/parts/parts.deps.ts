import type { Db } from '../../db/client';
import type { Organisation } from '../identity';
import type { JobService } from '../jobs';

/** What the parts module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface PartsDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The daily purchase suggestions (C4) run as a job; without it (some tests) they are only listed on request. */
  jobs?: Pick<JobService, 'register' | 'enqueue' | 'latestDone'>;
}
