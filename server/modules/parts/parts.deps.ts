import type { Db } from '../../db/client';
import type { Organisation } from '../identity';

/** What the parts module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface PartsDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
}
