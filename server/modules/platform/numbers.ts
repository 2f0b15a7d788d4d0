import type { Db } from '../../db/client';
import { incrementSequence } from './platform.repository';

/**
 * Takes the next readable number for a prefix and day (`BX-20261127-0001`'s 1), in its own
 * statement: the counter's row is locked only until it commits, so concurrent intakes do not
 * queue behind each other's transactions. A number taken by a create that then fails is
 * skipped, never reused.
 */
export async function nextNumber(db: Db, orgId: string, prefix: string, day: string): Promise<number> {
  return incrementSequence(db, orgId, prefix, day);
}
