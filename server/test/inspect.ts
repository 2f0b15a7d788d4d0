import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../db/client';
import { outbox } from '../modules/notify/notify.schema';
import { jobs } from '../modules/jobs/jobs.schema';
import { tickets } from '../modules/tickets/tickets.schema';

/*
 * What tests look at (and, rarely, set) underneath the services: the outbox a message went to,
 * the job a reminder queued. Modules never read each other's tables; a test checking what a
 * module left behind reads it here, in one place.
 */

/** Messages written to the outbox, for an organisation and optionally one topic. */
export async function outboxMessages(db: Db, orgId: string, topic?: string) {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.orgId, orgId), topic ? eq(outbox.topic, topic) : undefined));
}

/** The outbox messages of a test's organisation, optionally of one topic. */
export async function outboxOf(h: { database: { db: Db }; orgId: string }, topic?: string) {
  return outboxMessages(h.database.db, h.orgId, topic);
}

/** How many outbox messages share a dedupe key with another (a message sent twice). */
export async function duplicateOutboxKeys(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*) - count(distinct dedupe_key) as n from ${outbox}`);
  return Number(row?.n ?? 0);
}

/** Background jobs of a kind, oldest first. */
export async function jobsOfKind(db: Db, kind: string) {
  return db.select().from(jobs).where(eq(jobs.kind, kind)).orderBy(jobs.createdAt);
}

/** No API names a ticket's contractor yet (R3, the contractors module will); tests set it here. */
export async function setTicketContractor(db: Db, orgId: string, ticketId: string, contractorId: string) {
  await db.update(tickets).set({ contractorId }).where(and(eq(tickets.orgId, orgId), eq(tickets.id, ticketId)));
}
