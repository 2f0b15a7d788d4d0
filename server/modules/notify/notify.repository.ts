import { and, desc, eq, gt, inArray, isNull, lt, sql, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { ticketRefs } from '../tickets';
import { deliveries, inboxItems, outbox, preferences } from './notify.schema';

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

export type DeliveryRow = typeof deliveries.$inferSelect;
export type PreferencesRow = typeof preferences.$inferSelect;

/** Undelivered messages to fan out, read without a lock (resolving their people reads other modules). */
export async function findPendingMessages(db: Db, limit: number, maxAttempts: number): Promise<PendingMessage[]> {
  return queryRows<PendingMessage>(
    db,
    sql`select org_id, id, topic, recipient, payload, dedupe_key from ${outbox}
        where delivered_at is null and attempts < ${maxAttempts} order by created_at limit ${limit}`,
  );
}

/** Locks one message while it is still undelivered; none when another process has it or has done it. */
export async function lockPendingMessage(db: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`select id from ${outbox} where org_id = ${orgId} and id = ${id} and delivered_at is null for update skip locked`);
  return rows.length > 0;
}

export async function insertDeliveries(db: Db, rows: (typeof deliveries.$inferInsert)[]): Promise<void> {
  if (rows.length) await db.insert(deliveries).values(rows).onConflictDoNothing();
}

/** A due delivery with what its message says. */
export interface DueDelivery extends DeliveryRow {
  topic: string;
  payload: Record<string, unknown>;
}

/**
 * Claims due deliveries: locked SKIP LOCKED, their attempt counted and their next attempt moved
 * a lease ahead, so a process that dies mid-send leaves them to be tried again (at least once).
 */
export async function claimDueDeliveries(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<DueDelivery[]> {
  const due = await queryRows<{ org_id: string; id: string }>(
    db,
    sql`select org_id, id from ${deliveries} where status = 'pending' and next_attempt_at <= ${now.toISOString()}::timestamptz
        order by next_attempt_at limit ${limit} for update skip locked`,
  );
  const claimed: DueDelivery[] = [];
  for (const d of due) {
    const [row] = await db
      .update(deliveries)
      .set({ attempts: sql`${deliveries.attempts} + 1`, nextAttemptAt: leaseUntil, updatedAt: now })
      .where(and(eq(deliveries.orgId, d.org_id), eq(deliveries.id, d.id)))
      .returning();
    const [message] = await db.select({ topic: outbox.topic, payload: outbox.payload }).from(outbox).where(and(eq(outbox.orgId, d.org_id), eq(outbox.id, row!.messageId)));
    claimed.push({ ...row!, topic: message!.topic, payload: message!.payload as Record<string, unknown> });
  }
  return claimed;
}

export async function updateDelivery(db: Db, orgId: string, id: string, set: Partial<Pick<DeliveryRow, 'status' | 'nextAttemptAt' | 'lastError' | 'sentAt' | 'updatedAt' | 'attempts'>>): Promise<void> {
  await db.update(deliveries).set(set).where(and(eq(deliveries.orgId, orgId), eq(deliveries.id, id)));
}

export async function findPreferences(db: Db, orgId: string, persons: string[]): Promise<PreferencesRow[]> {
  if (!persons.length) return [];
  return db.select().from(preferences).where(and(eq(preferences.orgId, orgId), inArray(preferences.person, persons)));
}

export async function upsertPreferences(db: Db, row: typeof preferences.$inferInsert): Promise<PreferencesRow> {
  const [saved] = await db
    .insert(preferences)
    .values(row)
    .onConflictDoUpdate({
      target: [preferences.orgId, preferences.person],
      set: { channels: row.channels, wechatOpenid: row.wechatOpenid, wechatConsentAt: row.wechatConsentAt, updatedAt: row.updatedAt },
    })
    .returning();
  return saved!;
}

/** The newest messages with their deliveries, for the delivery log. */
export async function findMessageLog(db: Db, orgId: string, filter: { topic?: string | undefined; limit: number }): Promise<{ messages: OutboxRow[]; deliveries: DeliveryRow[] }> {
  const messages = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.orgId, orgId), filter.topic ? eq(outbox.topic, filter.topic) : undefined))
    .orderBy(desc(outbox.createdAt), desc(outbox.id))
    .limit(filter.limit);
  if (!messages.length) return { messages, deliveries: [] };
  const rows = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.orgId, orgId), inArray(deliveries.messageId, messages.map((m) => m.id))))
    .orderBy(deliveries.channel, deliveries.person);
  return { messages, deliveries: rows };
}

/* The inbox. */

export type InboxRow = typeof inboxItems.$inferSelect;

/** The channel inbox changes are announced on (NOTIFY), to every server process on the database. */
export const INBOX_CHANNEL = 'shouhou_inbox';

/** Writes a message's inbox items; answers those that were new (a retried fan-out writes none twice). */
export async function insertInboxItems(db: Db, rows: Omit<typeof inboxItems.$inferInsert, 'seq'>[]): Promise<{ userId: string; id: string }[]> {
  if (!rows.length) return [];
  return db.insert(inboxItems).values(rows).onConflictDoNothing().returning({ userId: inboxItems.userId, id: inboxItems.id });
}

/**
 * Announces an inbox change for one person: `ids` new items, or none when something was read.
 * In a transaction the announcement goes out when it commits, never for a rollback.
 */
export async function announceInbox(db: Db, change: { orgId: string; userId: string; ids: string[] }): Promise<void> {
  await db.execute(sql`select pg_notify(${INBOX_CHANNEL}, ${JSON.stringify({ o: change.orgId, u: change.userId, i: change.ids })})`);
}

const ofUser = (orgId: string, userId: string) => and(eq(inboxItems.orgId, orgId), eq(inboxItems.userId, userId));

/** A page of a person's inbox, newest first. */
export async function findInbox(db: Db, orgId: string, userId: string, filter: { limit: number; before?: number | undefined; unreadOnly: boolean }): Promise<InboxRow[]> {
  return db
    .select()
    .from(inboxItems)
    .where(and(ofUser(orgId, userId), filter.before ? lt(inboxItems.seq, filter.before) : undefined, filter.unreadOnly ? isNull(inboxItems.readAt) : undefined))
    .orderBy(desc(inboxItems.seq))
    .limit(filter.limit);
}

/** Items by id (those a notification named), oldest first. */
export async function findInboxItems(db: Db, orgId: string, userId: string, ids: string[]): Promise<InboxRow[]> {
  if (!ids.length) return [];
  return db.select().from(inboxItems).where(and(ofUser(orgId, userId), inArray(inboxItems.id, ids))).orderBy(inboxItems.seq);
}

/** Items after an event id, oldest first: what a reconnecting stream missed. */
export async function findInboxAfter(db: Db, orgId: string, userId: string, seq: number, limit: number): Promise<InboxRow[]> {
  return db.select().from(inboxItems).where(and(ofUser(orgId, userId), gt(inboxItems.seq, seq))).orderBy(inboxItems.seq).limit(limit);
}

export async function countUnread(db: Db, orgId: string, userId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${inboxItems} where org_id = ${orgId} and user_id = ${userId} and read_at is null`);
  return Number(row?.n ?? 0);
}

/** Marks one item (or, with no id, all) read; answers how many changed. */
export async function markInboxRead(db: Db, orgId: string, userId: string, id: string | null, at: Date): Promise<number> {
  const rows = await db
    .update(inboxItems)
    .set({ readAt: at })
    .where(and(ofUser(orgId, userId), isNull(inboxItems.readAt), id ? eq(inboxItems.id, id) : undefined))
    .returning({ id: inboxItems.id });
  return rows.length;
}

export async function inboxItemExists(db: Db, orgId: string, userId: string, id: string): Promise<boolean> {
  const rows = await db.select({ id: inboxItems.id }).from(inboxItems).where(and(ofUser(orgId, userId), eq(inboxItems.id, id)));
  return rows.length > 0;
}

/** The technician a message's ticket is with now (routing's `ticket.assignee`). */
export async function ticketAssignee(db: Db, orgId: string, ticketId: string): Promise<string | null> {
  const [row] = await db.select({ assigneeId: ticketRefs.assigneeId }).from(ticketRefs).where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row?.assigneeId ?? null;
}

export async function ticketNumber(db: Db, orgId: string, ticketId: string): Promise<string | null> {
  const [row] = await db.select({ number: ticketRefs.number }).from(ticketRefs).where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row?.number ?? null;
}
