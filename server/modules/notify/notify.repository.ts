import { and, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { outbox } from './notify.schema';

/* The outbox's queries. */

export type OutboxRow = typeof outbox.$inferSelect;

/** An undelivered message as the delivery round reads it. */
export interface PendingMessage {
  org_id: string;
  id: string;
  topic: string;
  recipient: string;
  payload: Record<string, unknown>;
  dedupe_key: string;
}

/** Writes a message unless its dedupe key was already used in its organisation; answers whether it did. */
export async function insertMessage(
  db: Db,
  row: { orgId: string; id: string; topic: string; dedupeKey: string; recipient: string; payload: Record<string, unknown> },
): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`insert into ${outbox} (org_id, id, topic, dedupe_key, recipient, payload)
        values (${row.orgId}, ${row.id}, ${row.topic}, ${row.dedupeKey}, ${row.recipient}, ${JSON.stringify(row.payload)}::jsonb)
        on conflict (org_id, dedupe_key) do nothing returning id`,
  );
  return rows.length > 0;
}

/** The same insert as a statement to run alongside others (a new ticket's one statement, R2). */
export function messageInsert(
  db: Db,
  row: { orgId: string; id: string; topic: string; dedupeKey: string; recipient: string; payload: Record<string, unknown> },
): SQLWrapper {
  return db.insert(outbox).values(row).onConflictDoNothing();
}

/**
 * The oldest undelivered messages that have attempts left, locked FOR UPDATE SKIP LOCKED until
 * the caller's transaction ends, so that two processes never deliver the same message.
 */
export async function lockPendingMessages(db: Db, limit: number, maxAttempts: number): Promise<PendingMessage[]> {
  return queryRows<PendingMessage>(
    db,
    sql`select org_id, id, topic, recipient, payload, dedupe_key from ${outbox}
        where delivered_at is null and attempts < ${maxAttempts} order by created_at limit ${limit} for update skip locked`,
  );
}

export async function markDelivered(db: Db, orgId: string, id: string, at: Date): Promise<void> {
  await db
    .update(outbox)
    .set({ deliveredAt: at, attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.orgId, orgId), eq(outbox.id, id)));
}

export async function markFailed(db: Db, orgId: string, id: string, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error })
    .where(and(eq(outbox.orgId, orgId), eq(outbox.id, id)));
}

export async function findMessages(db: Db, orgId: string, filter: { topic?: string; limit: number }): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.orgId, orgId), filter.topic ? eq(outbox.topic, filter.topic) : undefined))
    .orderBy(sql`${outbox.createdAt} desc`)
    .limit(filter.limit);
}
