import { and, eq, sql, type SQL } from 'drizzle-orm';
import { fastQuery, queryRows, type Db } from '../../db/client';
import { idempotencyKeys, numberSequences } from './platform.schema';

/* The platform's queries: readable-number counters and idempotency keys. */

export type IdempotencyKeyRow = typeof idempotencyKeys.$inferSelect;
export type IdempotencyKeyInsert = Pick<typeof idempotencyKeys.$inferInsert, 'orgId' | 'key' | 'scope' | 'userId' | 'requestHash' | 'resourceId'>;

// --- readable numbers ---------------------------------------------------------------------

/**
 * Counts the day's counter up by `by` (making it at `by`), in one statement of its own, and
 * answers the new value: the numbers `value - by + 1 … value` are the caller's alone.
 */
export async function incrementSequence(db: Db, orgId: string, prefix: string, day: string, by: number): Promise<number> {
  const rows = await fastQuery<{ last: number }>(db, sql`
    insert into ${numberSequences} (org_id, prefix, day, last) values (${orgId}, ${prefix}, ${day}, ${by})
    on conflict (org_id, prefix, day) do update set last = ${numberSequences}.last + ${by}
    returning last`, { prepare: 'numbers.increment' });
  return Number(rows[0]!.last);
}

// --- idempotency keys ---------------------------------------------------------------------

/**
 * Writes the key unless one with the same organisation, scope and key exists; answers whether
 * it wrote. A concurrent uncommitted row with the same key makes this wait for its commit.
 */
export async function insertKeyIfAbsent(db: Db, row: IdempotencyKeyInsert): Promise<boolean> {
  const inserted = await queryRows<{ key: string }>(db, sql`
    insert into ${idempotencyKeys} (org_id, key, scope, user_id, request_hash, resource_id)
    values (${row.orgId}, ${row.key}, ${row.scope}, ${row.userId}, ${row.requestHash}, ${row.resourceId})
    on conflict do nothing returning key`);
  return inserted.length > 0;
}

export async function findKey(db: Db, orgId: string, scope: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.orgId, orgId), eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
  return existing;
}

/** The same look-up on the driver's own client (`fastQuery`: outside transactions only), for creates on the hottest path. */
export async function findKeyFast(
  db: Db,
  orgId: string,
  scope: string,
  key: string,
): Promise<{ request_hash: string; user_id: string; resource_id: string | null } | undefined> {
  const [existing] = await fastQuery<{ request_hash: string; user_id: string; resource_id: string | null }>(
    db,
    sql`select request_hash, user_id, resource_id from ${idempotencyKeys} where org_id = ${orgId} and scope = ${scope} and key = ${key}`,
  );
  return existing;
}

/** The key's insert, unexecuted: the caller runs it in the statement that writes the record. */
export function keyInsert(db: Db, row: IdempotencyKeyInsert) {
  return db.insert(idempotencyKeys).values(row);
}

/** The key's earlier request as a scalar subquery (a JSON object, or null), unexecuted, for a statement that reads more. */
export function keyLookup(orgId: string, scope: string, key: string): SQL {
  return sql`(select json_build_object('requestHash', k.request_hash, 'userId', k.user_id, 'resourceId', k.resource_id)
    from ${idempotencyKeys} k where k.org_id = ${orgId} and k.scope = ${scope} and k.key = ${key})`;
}
