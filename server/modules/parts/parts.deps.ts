import type { Db } from '../../db/client';
import type { Actor, Organisation } from '../identity';

/** What the parts module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface PartsDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The assets module's products, to name and check what a part fits (A2). */
  products: { findProducts: (actor: Actor) => Promise<{ id: string; name: string }[]> };
}
