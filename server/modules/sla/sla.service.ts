import { and, asc, eq, inArray, isNotNull, sql, type SQLWrapper } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { ClockView, PolicyAction, PolicyBody, PolicyConditions, PolicyTarget } from '../../../shared/contracts/sla';
import type { TicketEventBody } from '../../../shared/contracts/ticket-events';
import type { SlaMetric, SlaState } from '../../../shared/domain';
import type { TicketHistory } from '../../../shared/ticket-facts';
import { queryRows, type Db } from '../../db/client';
import { AppError } from '../../errors';
import { people, type Actor, type Organisation } from '../identity';
import { customerRefs } from '../customers';
import { affectsClocks, ticketRefs, type TicketService } from '../tickets';
import type { BusinessCalendar } from '../calendar';
import type { CalendarService } from '../calendar';
import type { JobService } from '../jobs';
import type { NotifyService } from '../notify';
import { computeClock, nextAlert, type Clock } from './sla-clock';
import { choosePolicy } from './policy-match';
import { slaAlerts, slaClocks, slaPolicies } from './sla.schema';
import { DEFAULT_CALENDARS, defaultPolicies } from './templates';

export interface SlaOptions {
  db: Db;
  clock: () => Date;
  calendars: CalendarService;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  notify: NotifyService;
  jobs: JobService;
  /** The clocks follow every ticket's history: the SLA module subscribes to it when made. */
  tickets: Pick<
    TicketService,
    'historiesOf' | 'recordEvent' | 'systemReassign' | 'findOpenTicketIds' | 'countOpenTickets' | 'ticketNumbers' | 'onEvent' | 'contributeToCreation'
  >;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

export interface Policy {
  id: string;
  name: string;
  template: string | null;
  rank: number;
  active: boolean;
  conditions: PolicyConditions;
  calendarId: string | null;
  targets: PolicyTarget[];
  actions: PolicyAction[];
  version: number;
}

/** Other processes see a policy change within this long; this process at once. */
const CACHE_MS = 10_000;
/** Closed tickets keep their phone-fix callback clocks this long. */
const CLOSED_WINDOW_MS = 7 * 86_400_000;
const BATCH = 500;

type ClockRow = typeof slaClocks.$inferInsert;

function toPolicy(row: typeof slaPolicies.$inferSelect): Policy {
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    rank: row.rank,
    active: row.active,
    conditions: row.conditions as PolicyConditions,
    calendarId: row.calendarId,
    targets: row.targets as PolicyTarget[],
    actions: row.actions as PolicyAction[],
    version: row.version,
  };
}

const date = (v: number | null) => (v === null ? null : new Date(v));

export function createSlaService(options: SlaOptions) {
  const { db, clock } = options;
  const log = options.log ?? (() => {});
  const cache = new Map<string, { until: number; policies: Policy[] }>();

  /** What the system itself writes into a ticket's history; it does not count as a change of the ticket. */
  const systemEvent = (tx: Db, orgId: string, ticketId: string, event: TicketEventBody, now: Date) =>
    options.tickets.recordEvent(tx, { orgId, userId: null }, ticketId, event, now, { touch: false });

  /** Reads through `tx` when given: on PGlite a read outside the open transaction would wait for it. */
  async function policiesOf(orgId: string, tx: Db = db): Promise<Policy[]> {
    const hit = cache.get(orgId);
    if (hit && hit.until > Date.now()) return hit.policies;
    const rows = await tx.select().from(slaPolicies).where(eq(slaPolicies.orgId, orgId)).orderBy(asc(slaPolicies.rank));
    const policies = rows.map(toPolicy);
    cache.set(orgId, { until: Date.now() + CACHE_MS, policies });
    return policies;
  }

  /** A new organisation's calendars and policies (templates.ts); nothing when it has some. */
  async function ensureDefaults(actor: Actor): Promise<void> {
    const org = await options.getOrganisation(actor.orgId);
    await db.transaction(async (tx) => {
      const ids = await options.calendars.ensureDefaults(tx, actor, DEFAULT_CALENDARS);
      const existing = await tx.select({ id: slaPolicies.id }).from(slaPolicies).where(eq(slaPolicies.orgId, actor.orgId)).limit(1);
      if (existing.length || !ids.office) return;
      for (const p of defaultPolicies(org.settings, ids as Record<'office' | 'field' | 'allday', string>)) {
        await tx.insert(slaPolicies).values({ orgId: actor.orgId, id: uuidv7(), ...p });
      }
    });
    cache.delete(actor.orgId);
    options.calendars.invalidate(actor.orgId);
  }

  /** The clocks of one ticket under the policy its facts choose, as rows to store. */
  function clocksFor(orgId: string, history: TicketHistory, policy: Policy | undefined, calendar: BusinessCalendar | null, fired: Map<string, number[]>, now: Date): ClockRow[] {
    if (!policy || !calendar) return [];
    const rows: ClockRow[] = [];
    for (const target of policy.targets) {
      const clock = computeClock(target, history.signals, history.facts, calendar, now.getTime());
      if (!clock) continue;
      const next = nextAlert(clock, fired.get(`${history.ticketId}:${target.metric}`) ?? []);
      rows.push({
        orgId,
        ticketId: history.ticketId,
        metric: target.metric,
        policyId: policy.id,
        state: clock.state,
        startedAt: date(clock.startedAt),
        stoppedAt: date(clock.stoppedAt),
        dueAt: date(clock.dueAt),
        targetMs: clock.targetMs,
        elapsedMs: clock.elapsedMs,
        pausedMs: clock.pausedMs,
        extended: clock.extended,
        extensionReason: clock.extensionReason,
        thresholds: clock.thresholds.map((t) => ({ bp: t.bp, at: t.at === null ? null : new Date(t.at).toISOString() })),
        trail: clock.trail.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
        nextAlertAt: next ? new Date(next.at) : null,
        nextAlertBp: next?.bp ?? null,
        computedAt: now,
      });
    }
    return rows;
  }

  async function firedOf(tx: Db, orgId: string, ticketIds: string[]): Promise<Map<string, number[]>> {
    const fired = new Map<string, number[]>();
    if (!ticketIds.length) return fired;
    const rows = await tx
      .select({ ticketId: slaAlerts.ticketId, metric: slaAlerts.metric, bp: slaAlerts.bp })
      .from(slaAlerts)
      .where(and(eq(slaAlerts.orgId, orgId), inArray(slaAlerts.ticketId, ticketIds)));
    for (const r of rows) fired.set(`${r.ticketId}:${r.metric}`, [...(fired.get(`${r.ticketId}:${r.metric}`) ?? []), r.bp]);
    return fired;
  }

  /** Replaces the stored clocks of these tickets with `rows`, in one statement each way. */
  async function saveClocks(tx: Db, orgId: string, ticketIds: string[], rows: ClockRow[], fresh: boolean) {
    if (!fresh) {
      // Clocks of metrics the (new) policy does not have any more go.
      const keep = new Set(rows.map((r) => `${r.ticketId}:${r.metric}`));
      const existing = await tx.select({ ticketId: slaClocks.ticketId, metric: slaClocks.metric }).from(slaClocks).where(and(eq(slaClocks.orgId, orgId), inArray(slaClocks.ticketId, ticketIds)));
      const stale = existing.filter((e) => !keep.has(`${e.ticketId}:${e.metric}`));
      for (const s of stale) await tx.delete(slaClocks).where(and(eq(slaClocks.orgId, orgId), eq(slaClocks.ticketId, s.ticketId), eq(slaClocks.metric, s.metric)));
    }
    if (!rows.length) return;
    await tx
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

  /** Recomputes some tickets' clocks from their histories, in the caller's transaction. */
  async function refreshTickets(tx: Db, orgId: string, histories: TicketHistory[], now: Date, fresh = false) {
    const policies = await policiesOf(orgId, tx);
    if (!policies.length) return;
    const ids = histories.map((h) => h.ticketId);
    const fired = fresh ? new Map<string, number[]>() : await firedOf(tx, orgId, ids);
    const rows: ClockRow[] = [];
    for (const history of histories) {
      const policy = choosePolicy(policies, history.facts);
      const calendar = policy ? await options.calendars.businessCalendar(orgId, policy.calendarId, tx) : null;
      rows.push(...clocksFor(orgId, history, policy, calendar, fired, now));
    }
    await saveClocks(tx, orgId, ids, rows, fresh);
  }

  /** For a new ticket: its clocks as an insert, to be written in the ticket's own statement. */
  async function insertsForNewTicket(orgId: string, history: TicketHistory, now: Date): Promise<SQLWrapper[]> {
    const policies = await policiesOf(orgId);
    const policy = choosePolicy(policies, history.facts);
    const calendar = policy ? await options.calendars.businessCalendar(orgId, policy.calendarId) : null;
    const rows = clocksFor(orgId, history, policy, calendar, new Map(), now);
    return rows.length ? [db.insert(slaClocks).values(rows)] : [];
  }

  /** The tickets module's hook: a ticket changed, its clocks follow in the same transaction. */
  async function onTicketChanged(tx: Db, orgId: string, ticketId: string, now: Date, history?: TicketHistory) {
    const histories = history ? [history] : await options.tickets.historiesOf(tx, orgId, [ticketId]);
    await refreshTickets(tx, orgId, histories, now, !!history);
  }

  function toClockView(row: typeof slaClocks.$inferSelect, now: Date, calendar: BusinessCalendar | null, mode: 'business' | 'calendar'): ClockView {
    const running = row.state === 'running' || row.state === 'breached';
    let remainingMs = row.targetMs - row.elapsedMs;
    if (row.stoppedAt === null && row.dueAt && running) {
      // Counted time left now, not at the last recomputation.
      const measure = mode === 'business' && calendar ? calendar.between.bind(calendar) : (a: number, b: number) => Math.max(0, b - a);
      remainingMs = row.dueAt.getTime() > now.getTime() ? measure(now.getTime(), row.dueAt.getTime()) : -measure(row.dueAt.getTime(), now.getTime());
    }
    const state: SlaState = row.state === 'running' && row.dueAt && row.dueAt <= now ? 'breached' : (row.state as SlaState);
    return {
      metric: row.metric as SlaMetric,
      state,
      policyId: row.policyId,
      startedAt: row.startedAt,
      stoppedAt: row.stoppedAt,
      dueAt: row.dueAt,
      targetMs: row.targetMs,
      elapsedMs: running && row.stoppedAt === null ? row.targetMs - remainingMs : row.elapsedMs,
      pausedMs: row.pausedMs,
      remainingMs,
      extended: row.extended,
      extensionReason: row.extensionReason,
      thresholds: row.thresholds as ClockView['thresholds'],
      trail: row.trail as ClockView['trail'],
    };
  }

  async function clocksOf(actor: Actor, ticketId: string): Promise<ClockView[]> {
    const rows = await db.select().from(slaClocks).where(and(eq(slaClocks.orgId, actor.orgId), eq(slaClocks.ticketId, ticketId))).orderBy(asc(slaClocks.dueAt));
    const policies = await policiesOf(actor.orgId);
    const now = clock();
    const views: ClockView[] = [];
    for (const row of rows) {
      const policy = policies.find((p) => p.id === row.policyId);
      const target = policy?.targets.find((t) => t.metric === row.metric);
      const calendar = policy ? await options.calendars.businessCalendar(actor.orgId, policy.calendarId) : null;
      views.push(toClockView(row, now, calendar, target?.mode ?? 'calendar'));
    }
    return views;
  }

  // --- alerts ----------------------------------------------------------------------------

  /**
   * Fires thresholds that are due: each (ticket, metric, threshold) once, recorded in
   * `sla_alerts` under its key, with its messages in the outbox under theirs. Several processes
   * may scan at once: SKIP LOCKED shares the rows and the keys make a repeat do nothing.
   */
  async function scanOnce(limit = 200): Promise<number> {
    const now = clock();
    let fired = 0;
    const reassign: { orgId: string; ticketId: string; metric: string }[] = [];
    await db.transaction(async (tx) => {
      const due = await queryRows<{ org_id: string; ticket_id: string; metric: SlaMetric; policy_id: string; next_alert_bp: number; due_at: Date | string | null }>(
        tx,
        sql`select org_id, ticket_id, metric, policy_id, next_alert_bp, due_at from ${slaClocks}
            where next_alert_at <= ${now} order by next_alert_at limit ${limit} for update skip locked`,
      );
      if (!due.length) return;
      const byOrg = new Map<string, typeof due>();
      for (const d of due) byOrg.set(d.org_id, [...(byOrg.get(d.org_id) ?? []), d]);
      for (const [orgId, rows] of byOrg) {
        const policies = await policiesOf(orgId, tx);
        const numbers = await options.tickets.ticketNumbers(tx, orgId, [...new Set(rows.map((r) => r.ticket_id))]);
        for (const row of rows) {
          const bp = Number(row.next_alert_bp);
          const inserted = await queryRows<{ bp: number }>(
            tx,
            sql`insert into ${slaAlerts} (org_id, ticket_id, metric, bp, policy_id, due_at, fired_at)
                values (${orgId}, ${row.ticket_id}, ${row.metric}, ${bp}, ${row.policy_id}, ${row.due_at ? new Date(row.due_at) : null}, ${now})
                on conflict do nothing returning bp`,
          );
          if (!inserted.length) continue;
          fired++;
          const policy = policies.find((p) => p.id === row.policy_id);
          const ticket = numbers.get(row.ticket_id);
          const actions = policy?.actions.filter((a) => a.metric === row.metric && a.atBp === bp).map((a) => a.action) ?? [];
          // A breach with no action named still tells someone.
          if (bp >= 10_000 && actions.length === 0) actions.push('notify');
          const base = { ticketId: row.ticket_id, ticketNumber: ticket?.number, metric: row.metric, bp, dueAt: row.due_at, policy: policy?.name };
          await systemEvent(tx, orgId, row.ticket_id, { type: 'sla_alert', details: { metric: row.metric, bp, actions } }, now);
          for (const action of actions) {
            const key = `sla:${row.ticket_id}:${row.metric}:${bp}:${action}`;
            switch (action) {
              case 'notify':
                await options.notify.enqueue(tx, { orgId, topic: bp >= 10_000 ? 'sla.breached' : 'sla.warning', recipient: ticket?.assigneeId ? `user:${ticket.assigneeId}` : 'role:dispatcher', payload: base, dedupeKey: key });
                break;
              case 'escalate':
                await options.notify.enqueue(tx, { orgId, topic: 'sla.escalated', recipient: 'role:supervisor', payload: base, dedupeKey: key });
                await systemEvent(tx, orgId, row.ticket_id, { type: 'escalated', details: { metric: row.metric, bp, to: 'supervisor' } }, now);
                break;
              case 'reassign':
                await options.notify.enqueue(tx, { orgId, topic: 'sla.reassign', recipient: 'role:dispatcher', payload: base, dedupeKey: key });
                reassign.push({ orgId, ticketId: row.ticket_id, metric: row.metric });
                break;
              case 'contractor_default': {
                // R4: the department may now repair it itself; R6: the deduction rate for settlement.
                const org = await options.getOrganisation(orgId, tx);
                const details = { metric: row.metric, deductionRateBp: org.settings.contractors.defaultDeductionRateBp };
                await systemEvent(tx, orgId, row.ticket_id, { type: 'contractor_default', details }, now);
                await options.notify.enqueue(tx, { orgId, topic: 'contractor.default', recipient: 'role:supervisor', payload: { ...base, ...details }, dedupeKey: key });
                break;
              }
              case 'request_loaner':
                // E3: the request starts the loaner's own clock.
                await systemEvent(tx, orgId, row.ticket_id, { type: 'loaner_requested', details: { metric: row.metric } }, now);
                await options.notify.enqueue(tx, { orgId, topic: 'loaner.requested', recipient: 'role:parts_admin', payload: base, dedupeKey: key });
                break;
            }
          }
          await tx.update(slaAlerts).set({ actions }).where(and(eq(slaAlerts.orgId, orgId), eq(slaAlerts.ticketId, row.ticket_id), eq(slaAlerts.metric, row.metric), eq(slaAlerts.bp, bp)));
        }
        // What fired (and events it wrote) moves each clock on to its next threshold.
        const ids = [...new Set(rows.map((r) => r.ticket_id))];
        await refreshTickets(tx, orgId, await options.tickets.historiesOf(tx, orgId, ids), now);
      }
    });
    // Taking a ticket from a technician changes the ticket: its own transaction, after this one.
    for (const r of reassign) {
      // The alert and its message are committed; a failed reassignment is logged for the dispatcher's eye, not lost.
      await options.tickets.systemReassign(r.orgId, r.ticketId, `SLA: ${r.metric}`).catch((error: unknown) => {
        log('sla reassignment failed', { orgId: r.orgId, ticketId: r.ticketId, metric: r.metric, error: error instanceof Error ? error.message : String(error) });
      });
    }
    return fired;
  }

  // --- recomputation ------------------------------------------------------------------

  /** After a policy or calendar change: recompute every open ticket, in the background. */
  async function scheduleRecompute(orgId: string, reason: string): Promise<string> {
    cache.delete(orgId);
    return options.jobs.enqueue(db, { orgId, kind: 'sla.recompute', payload: { reason }, coalesce: true });
  }

  options.jobs.register('sla.recompute', async ({ job, progress }) => {
    const orgId = job.orgId!;
    cache.delete(orgId);
    options.calendars.invalidate(orgId);
    const closedSince = new Date(clock().getTime() - CLOSED_WINDOW_MS);
    const total = await options.tickets.countOpenTickets(db, orgId, closedSince);
    let done = job.cursor ? job.progressDone : 0;
    let cursor: string | null = job.cursor;
    await progress(done, total, cursor);
    for (;;) {
      const ids = await options.tickets.findOpenTicketIds(db, orgId, cursor, BATCH, closedSince);
      if (!ids.length) break;
      const now = clock();
      await db.transaction(async (tx) => refreshTickets(tx, orgId, await options.tickets.historiesOf(tx, orgId, ids), now));
      done += ids.length;
      cursor = ids.at(-1)!;
      await progress(done, total, cursor);
    }
    return { tickets: done };
  });

  async function recomputeStatus(actor: Actor) {
    const job = await options.jobs.latest(actor.orgId, 'sla.recompute');
    if (!job) return null;
    return { id: job.id, status: job.status, done: job.progressDone, total: job.progressTotal, startedAt: job.startedAt, finishedAt: job.finishedAt, reason: (job.payload as { reason?: string }).reason ?? null };
  }

  // --- policies --------------------------------------------------------------------------

  async function listPolicies(actor: Actor): Promise<Policy[]> {
    cache.delete(actor.orgId);
    return policiesOf(actor.orgId);
  }

  async function createPolicy(actor: Actor, body: PolicyBody): Promise<Policy> {
    const id = uuidv7();
    await db.insert(slaPolicies).values({ orgId: actor.orgId, id, ...body, calendarId: body.calendarId ?? null });
    await scheduleRecompute(actor.orgId, 'policy');
    return (await listPolicies(actor)).find((p) => p.id === id)!;
  }

  async function updatePolicy(actor: Actor, id: string, version: number, body: PolicyBody): Promise<Policy> {
    const [row] = await db
      .update(slaPolicies)
      .set({ ...body, calendarId: body.calendarId ?? null, version: sql`${slaPolicies.version} + 1`, updatedAt: clock() })
      .where(and(eq(slaPolicies.orgId, actor.orgId), eq(slaPolicies.id, id), eq(slaPolicies.version, version)))
      .returning();
    if (!row) {
      const [exists] = await db.select({ id: slaPolicies.id }).from(slaPolicies).where(and(eq(slaPolicies.orgId, actor.orgId), eq(slaPolicies.id, id)));
      throw new AppError(exists ? 'VERSION_CONFLICT' : 'NOT_FOUND');
    }
    await scheduleRecompute(actor.orgId, 'policy');
    return toPolicy(row);
  }

  // --- queues and reports -------------------------------------------------------------------

  /** Clocks past due or past their last warning and still running: what needs someone now. */
  async function breachQueue(actor: Actor, filter: { state?: 'breached' | 'warning'; limit: number; offset: number }) {
    const now = clock();
    const rows = await queryRows<{
      ticket_id: string;
      metric: string;
      state: string;
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
      sql`select c.ticket_id, c.metric, c.state, c.due_at, c.started_at, t.number, t.status, t.priority, cu.name as customer_name, u.name as assignee_name,
                 (select max(a.bp) from ${slaAlerts} a where a.org_id = c.org_id and a.ticket_id = c.ticket_id and a.metric = c.metric) as fired_bp
          from ${slaClocks} c
          join ${ticketRefs} t on t.org_id = c.org_id and t.id = c.ticket_id
          join ${customerRefs} cu on cu.org_id = t.org_id and cu.id = t.customer_id
          left join ${people} u on u.org_id = t.org_id and u.id = t.assignee_id
          where c.org_id = ${actor.orgId} and c.stopped_at is null and c.state in ('running', 'breached', 'paused')
            and ${filter.state === 'warning' ? sql`c.due_at > ${now} and exists (select 1 from ${slaAlerts} a where a.org_id = c.org_id and a.ticket_id = c.ticket_id and a.metric = c.metric)` : filter.state === 'breached' ? sql`c.due_at <= ${now}` : sql`(c.due_at <= ${now} or exists (select 1 from ${slaAlerts} a where a.org_id = c.org_id and a.ticket_id = c.ticket_id and a.metric = c.metric))`}
          order by c.due_at asc nulls last
          limit ${filter.limit} offset ${filter.offset}`,
    );
    return rows.map((r) => ({
      ticketId: r.ticket_id,
      number: r.number,
      ticketStatus: r.status,
      priority: r.priority,
      customerName: r.customer_name,
      assigneeName: r.assignee_name,
      metric: r.metric as SlaMetric,
      state: (r.due_at && new Date(r.due_at) <= now ? 'breached' : r.state) as SlaState,
      dueAt: r.due_at ? new Date(r.due_at) : null,
      startedAt: r.started_at ? new Date(r.started_at) : null,
      firedBp: r.fired_bp === null ? null : Number(r.fired_bp),
    }));
  }

  /**
   * SLA attainment: of the clocks that ended (stopped or breached) in a period, how many met
   * their target, by metric, team (of the ticket's technician) and month in the organisation's zone.
   */
  async function attainment(actor: Actor, range: { from: Date; to: Date }) {
    const org = await options.getOrganisation(actor.orgId);
    const rows = await queryRows<{ metric: string; team: string | null; month: string; met: number; breached: number }>(
      db,
      sql`select c.metric, u.team, to_char(coalesce(c.stopped_at, c.due_at) at time zone ${org.timeZone}, 'YYYY-MM') as month,
                 count(*) filter (where c.state = 'met')::int as met,
                 count(*) filter (where c.state = 'breached')::int as breached
          from ${slaClocks} c
          join ${ticketRefs} t on t.org_id = c.org_id and t.id = c.ticket_id
          left join ${people} u on u.org_id = t.org_id and u.id = t.assignee_id
          where c.org_id = ${actor.orgId} and c.state in ('met', 'breached')
            and coalesce(c.stopped_at, c.due_at) >= ${range.from} and coalesce(c.stopped_at, c.due_at) < ${range.to}
          group by 1, 2, 3 order by 3, 1, 2`,
    );
    return rows.map((r) => {
      const met = Number(r.met);
      const breached = Number(r.breached);
      return { metric: r.metric as SlaMetric, team: r.team, month: r.month, met, breached, attainmentBp: met + breached ? Math.round((met * 10_000) / (met + breached)) : null };
    });
  }

  /** The most urgent running clock of each ticket, for lists. */
  async function badgesFor(orgId: string, ticketIds: string[]) {
    const badges = new Map<string, { metric: SlaMetric; state: SlaState; dueAt: Date | null; usedBp: number }>();
    if (!ticketIds.length) return badges;
    const now = clock();
    const rows = await db
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.orgId, orgId), inArray(slaClocks.ticketId, ticketIds), sql`${slaClocks.stoppedAt} is null`, isNotNull(slaClocks.dueAt)))
      .orderBy(asc(slaClocks.dueAt));
    for (const row of rows) {
      if (badges.has(row.ticketId)) continue;
      const startedAt = row.startedAt?.getTime() ?? now.getTime();
      const dueAt = row.dueAt!.getTime();
      // Elapsed share of the span from start to due: close enough for a colour, exact at the ends.
      const usedBp = row.state === 'paused' ? Math.round((row.elapsedMs * 10_000) / Math.max(1, row.targetMs)) : dueAt <= now.getTime() ? 10_000 + Math.round(((now.getTime() - dueAt) * 10_000) / Math.max(1, dueAt - startedAt)) : Math.round(((now.getTime() - startedAt) * 10_000) / Math.max(1, dueAt - startedAt));
      badges.set(row.ticketId, { metric: row.metric as SlaMetric, state: dueAt <= now.getTime() && row.state === 'running' ? 'breached' : (row.state as SlaState), dueAt: row.dueAt, usedBp: Math.max(0, usedBp) });
    }
    return badges;
  }

  // A ticket's clocks follow its history, in the transaction that wrote it; a new ticket's are written with it.
  options.tickets.onEvent(async (tx, { orgId, ticketId, event, now }) => {
    if (affectsClocks(event)) await onTicketChanged(tx, orgId, ticketId, now);
  });
  options.tickets.contributeToCreation((orgId, history, now) => insertsForNewTicket(orgId, history, now));
  // A changed calendar or holiday year moves every open clock measured on it.
  options.calendars.onChanged(async (orgId, reason) => void (await scheduleRecompute(orgId, reason)));

  return {
    ensureDefaults,
    refreshTickets,
    clocksOf,
    scanOnce,
    scheduleRecompute,
    recomputeStatus,
    listPolicies,
    createPolicy,
    updatePolicy,
    breachQueue,
    attainment,
    badgesFor,
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
export type { Clock };

