import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { SlaAction, SlaMetric, SlaState } from '../../../shared/domain';
import type { Db } from '../../db/client';
import { queryRows } from '../../db/client';
import { updateAtVersion } from '../../db/versioned';
import { people, type Actor } from '../identity';
import { customerRefs } from '../customers';
import { ticketRefs, visibleTicketRefs } from '../tickets';
import { slaAlerts, slaClocks, slaPolicies } from './sla.schema';

/*
 * The SLA module's queries: its policies, clocks and alerts, and the two reports that show
 * clocks with their tickets, read through the views tickets, customers and identity publish.
 */

export type PolicyRow = typeof slaPolicies.$inferSelect;
export type PolicyInsert = typeof slaPolicies.$inferInsert;
export type ClockRow = typeof slaClocks.$inferSelect;
export type ClockInsert = typeof slaClocks.$inferInsert;

// --- policies -----------------------------------------------------------------------------

export async function findPolicies(db: Db, orgId: string): Promise<PolicyRow[]> {
  return db.select().from(slaPolicies).where(eq(slaPolicies.orgId, orgId)).orderBy(asc(slaPolicies.rank));
}

export async function hasPolicies(db: Db, orgId: string): Promise<boolean> {
  const rows = await db.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.orgId, orgId)).limit(1);
  return rows.length > 0;
}

export async function insertPolicies(db: Db, rows: PolicyInsert[]): Promise<void> {
  if (rows.length) await db.insert(slaPolicies).values(rows);
}

/** A policy changed at the version it was read at (see `server/db/versioned.ts`). */
export async function updatePolicy(db: Db, orgId: string, id: string, version: number, changes: Partial<Omit<PolicyInsert, 'orgId' | 'id' | 'version'>>) {
  return updateAtVersion(db, slaPolicies, and(eq(slaPolicies.orgId, orgId), eq(slaPolicies.id, id)), version, changes);
}

// --- clocks ---------------------------------------------------------------------------------

/** The thresholds that fired, per `ticketId:metric`. */
export async function findFiredThresholds(db: Db, orgId: string, ticketIds: string[]): Promise<Map<string, number[]>> {
  const fired = new Map<string, number[]>();
  if (!ticketIds.length) return fired;
  const rows = await db
    .select({ ticketId: slaAlerts.ticketId, metric: slaAlerts.metric, bp: slaAlerts.bp })
    .from(slaAlerts)
    .where(and(eq(slaAlerts.orgId, orgId), inArray(slaAlerts.ticketId, ticketIds)));
  for (const r of rows) fired.set(`${r.ticketId}:${r.metric}`, [...(fired.get(`${r.ticketId}:${r.metric}`) ?? []), r.bp]);
  return fired;
}

/** Deletes the clocks of these tickets whose `ticketId:metric` is not in `keep` (a metric the new policy lacks). */
export async function deleteClocksExcept(db: Db, orgId: string, ticketIds: string[], keep: Set<string>): Promise<void> {
  if (!ticketIds.length) return;
  const existing = await db
    .select({ ticketId: slaClocks.ticketId, metric: slaClocks.metric })
    .from(slaClocks)
    .where(and(eq(slaClocks.orgId, orgId), inArray(slaClocks.ticketId, ticketIds)));
  for (const stale of existing.filter((e) => !keep.has(`${e.ticketId}:${e.metric}`))) {
    await db.delete(slaClocks).where(and(eq(slaClocks.orgId, orgId), eq(slaClocks.ticketId, stale.ticketId), eq(slaClocks.metric, stale.metric)));
  }
}

/** Writes clocks, replacing those of the same ticket and metric, in one statement. */
export async function upsertClocks(db: Db, rows: ClockInsert[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(slaClocks)
    .values(rows)
    .onConflictDoUpdate({
      target: [slaClocks.orgId, slaClocks.ticketId, slaClocks.metric],
      set: {
        policyId: sql`excluded.policy_id`,
        state: sql`excluded.state`,
        startedAt: sql`excluded.started_at`,
        stoppedAt: sql`excluded.stopped_at`,
        dueAt: sql`excluded.due_at`,
        targetMs: sql`excluded.target_ms`,
        elapsedMs: sql`excluded.elapsed_ms`,
        pausedMs: sql`excluded.paused_ms`,
        extended: sql`excluded.extended`,
        extensionReason: sql`excluded.extension_reason`,
        thresholds: sql`excluded.thresholds`,
        trail: sql`excluded.trail`,
        nextAlertAt: sql`excluded.next_alert_at`,
        nextAlertBp: sql`excluded.next_alert_bp`,
        computedAt: sql`excluded.computed_at`,
      },
    });
}

/** A new ticket's clocks as a statement not yet run: the tickets module writes it with the ticket. */
export function clocksInsert(db: Db, rows: ClockInsert[]): SQLWrapper[] {
  return rows.length ? [db.insert(slaClocks).values(rows)] : [];
}

export async function findClocks(db: Db, orgId: string, ticketId: string): Promise<ClockRow[]> {
  return db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.orgId, orgId), eq(slaClocks.ticketId, ticketId)))
    .orderBy(asc(slaClocks.dueAt));
}

/** One metric's clock of each of these tickets (reports: R9's on time or late). */
export async function findMetricClocks(db: Db, orgId: string, ticketIds: string[], metric: SlaMetric): Promise<ClockRow[]> {
  if (!ticketIds.length) return [];
  return db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.orgId, orgId), eq(slaClocks.metric, metric), inArray(slaClocks.ticketId, ticketIds)));
}

/** Clocks still running towards a due instant, most urgent first (for the badges of a list). */
export async function findRunningClocks(db: Db, orgId: string, ticketIds: string[]): Promise<ClockRow[]> {
  if (!ticketIds.length) return [];
  return db
    .select()
    .from(slaClocks)
    .where(and(eq(slaClocks.orgId, orgId), inArray(slaClocks.ticketId, ticketIds), isNull(slaClocks.stoppedAt), isNotNull(slaClocks.dueAt)))
    .orderBy(asc(slaClocks.dueAt));
}

// --- alerts -----------------------------------------------------------------------------------

export interface DueClock {
  orgId: string;
  ticketId: string;
  metric: SlaMetric;
  policyId: string;
  bp: number;
  dueAt: Date | null;
}

/**
 * Clocks whose next threshold is due, locked for the caller's transaction. SKIP LOCKED shares
 * them among scanners in several processes: each takes rows the others are not working on.
 */
export async function claimDueClocks(tx: Db, now: Date, limit: number): Promise<DueClock[]> {
  const rows = await queryRows<{ org_id: string; ticket_id: string; metric: SlaMetric; policy_id: string; next_alert_bp: number; due_at: Date | string | null }>(
    tx,
    sql`select org_id, ticket_id, metric, policy_id, next_alert_bp, due_at from ${slaClocks}
        where next_alert_at <= ${now} order by next_alert_at limit ${limit} for update skip locked`,
  );
  return rows.map((r) => ({ orgId: r.org_id, ticketId: r.ticket_id, metric: r.metric, policyId: r.policy_id, bp: Number(r.next_alert_bp), dueAt: r.due_at ? new Date(r.due_at) : null }));
}

/** Records that a threshold fired; false when it had already (its key makes it once only). */
export async function insertAlert(tx: Db, alert: DueClock & { firedAt: Date }): Promise<boolean> {
  const inserted = await tx
    .insert(slaAlerts)
    .values({ orgId: alert.orgId, ticketId: alert.ticketId, metric: alert.metric, bp: alert.bp, policyId: alert.policyId, dueAt: alert.dueAt, firedAt: alert.firedAt })
    .onConflictDoNothing()
    .returning({ bp: slaAlerts.bp });
  return inserted.length > 0;
}

export async function setAlertActions(tx: Db, alert: Pick<DueClock, 'orgId' | 'ticketId' | 'metric' | 'bp'>, actions: SlaAction[]): Promise<void> {
  await tx
    .update(slaAlerts)
    .set({ actions })
    .where(and(eq(slaAlerts.orgId, alert.orgId), eq(slaAlerts.ticketId, alert.ticketId), eq(slaAlerts.metric, alert.metric), eq(slaAlerts.bp, alert.bp)));
}

// --- reports -----------------------------------------------------------------------------------

export interface BreachRow {
  ticketId: string;
  number: string;
  ticketStatus: string;
  priority: string;
  customerName: string;
  assigneeName: string | null;
  metric: SlaMetric;
  state: SlaState;
  dueAt: Date | null;
  startedAt: Date | null;
  firedBp: number | null;
}

/**
 * Running clocks past due or past a warning, most urgent first, of the tickets the viewer may
 * see (S8: a technician's queue holds their own tickets; the tickets module says which).
 */
/** Where a keyset page of the breach queue starts: after this clock in the queue's order. */
export interface BreachCursor {
  dueAt: Date | null;
  ticketId: string;
  metric: SlaMetric;
}

/**
 * The queue is ordered by due instant (none last), then ticket and metric so that the order is
 * total and an export can read it by keyset (`after`) instead of by offset.
 */
export async function findBreachQueue(
  db: Db,
  viewer: Actor,
  filter: { state?: 'breached' | 'warning' | undefined; limit: number; offset?: number; after?: BreachCursor | null },
  now: Date,
): Promise<BreachRow[]> {
  const fired = sql`exists (select 1 from ${slaAlerts} a where a.org_id = c.org_id and a.ticket_id = c.ticket_id and a.metric = c.metric)`;
  const which: SQL =
    filter.state === 'warning' ? sql`c.due_at > ${now} and ${fired}` : filter.state === 'breached' ? sql`c.due_at <= ${now}` : sql`(c.due_at <= ${now} or ${fired})`;
  const after = filter.after;
  const keyset = after
    ? sql`and (coalesce(c.due_at, 'infinity'::timestamptz), c.ticket_id, c.metric) > (coalesce(${after.dueAt}::timestamptz, 'infinity'::timestamptz), ${after.ticketId}::uuid, ${after.metric})`
    : sql``;
  const rows = await queryRows<{
    ticket_id: string;
    metric: SlaMetric;
    state: SlaState;
    due_at: Date | string | null;
    started_at: Date | string | null;
    number: string;
    status: string;
    priority: string;
    customer_name: string;
    assignee_name: string | null;
    fired_bp: number | null;
  }>(
    db,
    sql`select c.ticket_id, c.metric, c.state, c.due_at, c.started_at, ${ticketRefs.number} as number, ${ticketRefs.status} as status,
               ${ticketRefs.priority} as priority, cu.name as customer_name, u.name as assignee_name,
               (select max(a.bp) from ${slaAlerts} a where a.org_id = c.org_id and a.ticket_id = c.ticket_id and a.metric = c.metric) as fired_bp
        from ${slaClocks} c
        join ${ticketRefs} on ${ticketRefs.orgId} = c.org_id and ${ticketRefs.id} = c.ticket_id
        join ${customerRefs} cu on cu.org_id = ${ticketRefs.orgId} and cu.id = ${ticketRefs.customerId}
        left join ${people} u on u.org_id = ${ticketRefs.orgId} and u.id = ${ticketRefs.assigneeId}
        where c.org_id = ${viewer.orgId} and ${visibleTicketRefs(viewer)}
          and c.stopped_at is null and c.state in ('running', 'breached', 'paused') and ${which} ${keyset}
        order by coalesce(c.due_at, 'infinity'::timestamptz) asc, c.ticket_id asc, c.metric asc
        limit ${filter.limit} offset ${filter.offset ?? 0}`,
  );
  return rows.map((r) => {
    const dueAt = r.due_at ? new Date(r.due_at) : null;
    return {
      ticketId: r.ticket_id,
      number: r.number,
      ticketStatus: r.status,
      priority: r.priority,
      customerName: r.customer_name,
      assigneeName: r.assignee_name,
      metric: r.metric,
      // A running clock past its due instant is breached now, whether or not the scanner has been by.
      state: dueAt && dueAt <= now ? 'breached' : r.state,
      dueAt,
      startedAt: r.started_at ? new Date(r.started_at) : null,
      firedBp: r.fired_bp === null ? null : Number(r.fired_bp),
    };
  });
}

export interface AttainmentRow {
  metric: SlaMetric;
  team: string | null;
  month: string;
  met: number;
  breached: number;
}

/** Clocks that ended (met or breached) in a period, counted by metric, team of the ticket's technician and month in `timeZone`. */
export async function findAttainment(db: Db, orgId: string, timeZone: string, range: { from: Date; to: Date }): Promise<AttainmentRow[]> {
  const rows = await queryRows<{ metric: SlaMetric; team: string | null; month: string; met: number; breached: number }>(
    db,
    sql`select c.metric, u.team, to_char(coalesce(c.stopped_at, c.due_at) at time zone ${timeZone}, 'YYYY-MM') as month,
               count(*) filter (where c.state = 'met')::int as met,
               count(*) filter (where c.state = 'breached')::int as breached
        from ${slaClocks} c
        join ${ticketRefs} t on t.org_id = c.org_id and t.id = c.ticket_id
        left join ${people} u on u.org_id = t.org_id and u.id = t.assignee_id
        where c.org_id = ${orgId} and c.state in ('met', 'breached')
          and coalesce(c.stopped_at, c.due_at) >= ${range.from} and coalesce(c.stopped_at, c.due_at) < ${range.to}
        group by 1, 2, 3 order by 3, 1, 2`,
  );
  return rows.map((r) => ({ metric: r.metric, team: r.team, month: r.month, met: Number(r.met), breached: Number(r.breached) }));
}
