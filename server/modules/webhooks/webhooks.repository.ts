import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { WebhookDeliveryState } from '../../../shared/contracts/webhooks';
import { queryRows, type Db } from '../../db/client';
import { ticketRefs } from '../tickets';
import { webhookAttempts, webhookDeliveries, webhookSubscriptions } from './webhooks.schema';

/* Every query of the webhooks: subscriptions, their deliveries and each delivery's tries. */

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type SubscriptionInsert = typeof webhookSubscriptions.$inferInsert;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AttemptRow = typeof webhookAttempts.$inferSelect;

export async function insertSubscription(db: Db, row: SubscriptionInsert): Promise<SubscriptionRow> {
  const [saved] = await db.insert(webhookSubscriptions).values(row).returning();
  return saved!;
}

export async function findSubscription(db: Db, orgId: string, id: string): Promise<SubscriptionRow | undefined> {
  const [row] = await db.select().from(webhookSubscriptions).where(and(eq(webhookSubscriptions.orgId, orgId), eq(webhookSubscriptions.id, id)));
  return row;
}

export async function findSubscriptions(db: Db, orgId: string): Promise<SubscriptionRow[]> {
  return db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.orgId, orgId)).orderBy(asc(webhookSubscriptions.createdAt), asc(webhookSubscriptions.id));
}

/** Per subscription, its deliveries still being tried and those given up. */
export async function countDeliveries(db: Db, orgId: string): Promise<Map<string, { pending: number; failed: number }>> {
  const rows = await db
    .select({
      subscriptionId: webhookDeliveries.subscriptionId,
      pending: sql<number>`count(*) filter (where ${webhookDeliveries.state} = 'pending')::int`,
      failed: sql<number>`count(*) filter (where ${webhookDeliveries.state} = 'failed')::int`,
    })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), inArray(webhookDeliveries.state, ['pending', 'failed'])))
    .groupBy(webhookDeliveries.subscriptionId);
  return new Map(rows.map((r) => [r.subscriptionId, { pending: Number(r.pending), failed: Number(r.failed) }]));
}

export async function updateSubscription(db: Db, orgId: string, id: string, changes: Partial<Pick<SubscriptionRow, 'enabled' | 'events' | 'description'>>): Promise<SubscriptionRow | undefined> {
  const [row] = await db
    .update(webhookSubscriptions)
    .set(changes)
    .where(and(eq(webhookSubscriptions.orgId, orgId), eq(webhookSubscriptions.id, id)))
    .returning();
  return row;
}

export async function deleteSubscription(db: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(webhookSubscriptions)
    .where(and(eq(webhookSubscriptions.orgId, orgId), eq(webhookSubscriptions.id, id)))
    .returning({ id: webhookSubscriptions.id });
  return rows.length > 0;
}

export interface EventRow {
  orgId: string;
  eventId: string;
  event: string;
  payload: Record<string, unknown>;
  now: Date;
  /** The ticket whose number the payload gains (`data.ticketNumber`), read in the same statement. */
  ticketId?: string;
}

/**
 * One delivery of an event per enabled subscription that names it, as one statement (no
 * subscription: no row). Written in the caller's transaction, or beside a new ticket's insert.
 */
export function deliveriesInsert(row: EventRow): SQL {
  const payload = row.ticketId
    ? sql`jsonb_set(${JSON.stringify(row.payload)}::jsonb, '{data,ticketNumber}', coalesce((select to_jsonb(${ticketRefs.number}) from ${ticketRefs} where ${ticketRefs.orgId} = ${row.orgId} and ${ticketRefs.id} = ${row.ticketId}), 'null'::jsonb))`
    : sql`${JSON.stringify(row.payload)}::jsonb`;
  return sql`insert into ${webhookDeliveries} (org_id, subscription_id, event_id, event, payload, state, attempts, next_attempt_at, created_at)
    select s.org_id, s.id, ${row.eventId}, ${row.event}, ${payload}, 'pending', 0, ${row.now}, ${row.now}
    from ${webhookSubscriptions} s
    where s.org_id = ${row.orgId} and s.enabled and ${row.event} = any(s.events)`;
}

export async function insertDeliveries(db: Db, row: EventRow): Promise<void> {
  await db.execute(deliveriesInsert(row));
}

/** One delivery for one subscription (the test event). */
export async function insertDelivery(db: Db, row: { orgId: string; subscriptionId: string; eventId: string; event: string; payload: Record<string, unknown>; now: Date }): Promise<void> {
  await db.insert(webhookDeliveries).values({ ...row, state: 'pending', attempts: 0, nextAttemptAt: row.now, createdAt: row.now });
}

export interface ClaimedDelivery {
  orgId: string;
  subscriptionId: string;
  eventId: string;
  event: string;
  payload: Record<string, unknown>;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Claims due deliveries of enabled subscriptions, FOR UPDATE SKIP LOCKED: each is leased
 * (its `next_attempt_at` moved to `leaseUntil`) so no other process takes it while it is
 * being sent, and one whose process died comes due again when the lease runs out.
 */
export async function claimDueDeliveries(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
  const rows = await queryRows<{ org_id: string; subscription_id: string; event_id: string; event: string; payload: Record<string, unknown> | string; attempts: number; url: string; secret: string }>(
    db,
    sql`with due as (
          select d.org_id, d.subscription_id, d.event_id from ${webhookDeliveries} d
          join ${webhookSubscriptions} s on s.org_id = d.org_id and s.id = d.subscription_id and s.enabled
          where d.state = 'pending' and d.next_attempt_at <= ${now}
          order by d.next_attempt_at limit ${limit}
          for update of d skip locked)
        update ${webhookDeliveries} w set next_attempt_at = ${leaseUntil}
        from due, ${webhookSubscriptions} s
        where w.org_id = due.org_id and w.subscription_id = due.subscription_id and w.event_id = due.event_id
          and s.org_id = w.org_id and s.id = w.subscription_id
        returning w.org_id, w.subscription_id, w.event_id, w.event, w.payload, w.attempts, s.url, s.secret`,
  );
  return rows.map((r) => ({
    orgId: r.org_id,
    subscriptionId: r.subscription_id,
    eventId: r.event_id,
    event: r.event,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as Record<string, unknown>) : r.payload,
    attempts: Number(r.attempts),
    url: r.url,
    secret: r.secret,
  }));
}

export async function insertAttempt(db: Db, row: typeof webhookAttempts.$inferInsert): Promise<void> {
  await db.insert(webhookAttempts).values(row);
}

export async function updateDelivery(
  db: Db,
  key: { orgId: string; subscriptionId: string; eventId: string },
  changes: Partial<Pick<DeliveryRow, 'state' | 'attempts' | 'nextAttemptAt' | 'lastStatus' | 'lastError' | 'deliveredAt'>>,
): Promise<boolean> {
  const rows = await db
    .update(webhookDeliveries)
    .set(changes)
    .where(and(eq(webhookDeliveries.orgId, key.orgId), eq(webhookDeliveries.subscriptionId, key.subscriptionId), eq(webhookDeliveries.eventId, key.eventId)))
    .returning({ eventId: webhookDeliveries.eventId });
  return rows.length > 0;
}

/** A subscription's latest deliveries, newest first, with every try of each. */
export async function findDeliveries(db: Db, orgId: string, subscriptionId: string, filter: { state?: WebhookDeliveryState | undefined; limit: number }) {
  const deliveries = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.subscriptionId, subscriptionId), filter.state ? eq(webhookDeliveries.state, filter.state) : undefined))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.eventId))
    .limit(filter.limit);
  const attempts = deliveries.length
    ? await db
        .select()
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.orgId, orgId), eq(webhookAttempts.subscriptionId, subscriptionId), inArray(webhookAttempts.eventId, deliveries.map((d) => d.eventId))))
        .orderBy(asc(webhookAttempts.at), asc(webhookAttempts.id))
    : [];
  const byEvent = new Map<string, AttemptRow[]>();
  for (const a of attempts) byEvent.set(a.eventId, [...(byEvent.get(a.eventId) ?? []), a]);
  return deliveries.map((d) => ({ ...d, log: byEvent.get(d.eventId) ?? [] }));
}
