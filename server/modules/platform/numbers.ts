import { sql } from 'drizzle-orm';
import { fastQuery, type Db } from '../../db/client';
import { numberSequences } from './platform.schema';

/**
 * Takes the next readable number for a prefix and day (`BX-20261127-0001`'s 1), in its own
 * statement: the counter's row is locked only until it commits, so concurrent intakes do not
 * queue behind each other's transactions. A number taken by a create that then fails is
 * skipped, never reused.
 */
export async function nextNumber(db: Db, orgId: string, prefix: string, day: string): Promise<number> {
  const rows = await fastQuery<{ last: number }>(db, sql`
    insert into ${numberSequences} (org_id, prefix, day, last) values (${orgId}, ${prefix}, ${day}, 1)
    on conflict (org_id, prefix, day) do update set last = ${numberSequences}.last + 1
    returning last`);
  return Number(rows[0]!.last);
}
