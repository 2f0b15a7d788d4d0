import type { SQLWrapper } from 'drizzle-orm';
import type { ClockBadge, ClockView, TicketPolicyView } from '../../../shared/contracts/sla';
import type { SlaMetric } from '../../../shared/domain';
import type { TicketHistory } from '../../../shared/ticket-facts';
import type { Db } from '../../db/client';
import type { BusinessCalendar } from '../calendar';
import { isExternal, type Actor } from '../identity';
import { choosePolicy } from './policy-match';
import { computeClock, nextAlert } from './sla-clock';
import type { Policy, SlaDeps } from './sla.deps';
import * as repo from './sla.repository';

/*
 * A ticket's clocks: computed from its history under the policy its facts choose, stored, and
 * read back as views (a ticket's page) and badges (lists).
 */

const date = (v: number | null) => (v === null ? null : new Date(v));

/** The clocks of one ticket under the policy its facts choose, as rows to store. */
function clocksFor(orgId: string, history: TicketHistory, policy: Policy | undefined, calendar: BusinessCalendar | null, fired: Map<string, number[]>, now: Date): repo.ClockInsert[] {
  if (!policy || !calendar) return [];
  const rows: repo.ClockInsert[] = [];
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

/**
 * Recomputes some tickets' clocks from their histories, in the caller's transaction. `fresh`:
 * the tickets have no clocks and no alerts yet (nothing to read first, nothing to remove).
 */
export async function refreshTickets(deps: SlaDeps, tx: Db, orgId: string, histories: TicketHistory[], now: Date, fresh = false): Promise<void> {
  await refreshEachAt(deps, tx, orgId, histories, () => now, fresh);
}

/** As `refreshTickets`, each ticket's clocks computed as at its own instant. */
async function refreshEachAt(deps: SlaDeps, tx: Db, orgId: string, histories: TicketHistory[], nowOf: (ticketId: string) => Date, fresh: boolean): Promise<void> {
  const policies = await deps.policies.of(orgId, tx);
  if (!policies.length) return;
  const ids = histories.map((h) => h.ticketId);
  const fired = fresh ? new Map<string, number[]>() : await repo.findFiredThresholds(tx, orgId, ids);
  const rows: repo.ClockInsert[] = [];
  for (const history of histories) {
    const policy = choosePolicy(policies, history.facts);
    const calendar = policy ? await deps.calendars.businessCalendar(orgId, policy.calendarId, tx) : null;
    rows.push(...clocksFor(orgId, history, policy, calendar, fired, nowOf(history.ticketId)));
  }
  // Clocks of metrics the (new) policy does not have any more go.
  if (!fresh) await repo.deleteClocksExcept(tx, orgId, ids, new Set(rows.map((r) => `${r.ticketId}:${r.metric}`)));
  await repo.upsertClocks(tx, rows);
}

/** The tickets module's hook at intake: the new ticket's clocks, as a statement written with the ticket. */
export async function insertsForNewTicket(deps: SlaDeps, orgId: string, history: TicketHistory, now: Date): Promise<SQLWrapper[]> {
  const policy = choosePolicy(await deps.policies.of(orgId), history.facts);
  const calendar = policy ? await deps.calendars.businessCalendar(orgId, policy.calendarId) : null;
  return repo.clocksInsert(deps.db, clocksFor(orgId, history, policy, calendar, new Map(), now));
}

/**
 * Tickets whose clocks were left behind while their history was written (`deferClocks` in
 * sla.service.ts), by organisation, each with the instant of its last event that moves clocks.
 */
export type PendingClocks = Map<string, Map<string, Date>>;

/**
 * Recomputes the pending tickets' clocks, each as at its last clock-moving event: the clocks
 * recomputing after every event would have left. One read of the histories and one write per
 * organisation, in one transaction.
 */
export async function refreshPending(deps: SlaDeps, pending: PendingClocks): Promise<void> {
  for (const [orgId, tickets] of pending) {
    if (!tickets.size) continue;
    await deps.db.transaction(async (tx) => {
      const histories = await deps.tickets.historiesOf(tx, orgId, [...tickets.keys()]);
      await refreshEachAt(deps, tx, orgId, histories, (id) => tickets.get(id)!, false);
    });
  }
  pending.clear();
}

/** The tickets module's hook after intake: a ticket changed, its clocks follow in the same transaction. */
export async function onTicketChanged(deps: SlaDeps, tx: Db, orgId: string, ticketId: string, now: Date): Promise<void> {
  await refreshTickets(deps, tx, orgId, await deps.tickets.historiesOf(tx, orgId, [ticketId]), now);
}

function toClockView(row: repo.ClockRow, now: Date, calendar: BusinessCalendar | null, mode: 'business' | 'calendar'): ClockView {
  const running = row.state === 'running' || row.state === 'breached';
  let remainingMs = row.targetMs - row.elapsedMs;
  if (row.stoppedAt === null && row.dueAt && running) {
    // Counted time left now, not at the last recomputation.
    const measure = mode === 'business' && calendar ? calendar.between.bind(calendar) : (a: number, b: number) => Math.max(0, b - a);
    remainingMs = row.dueAt.getTime() > now.getTime() ? measure(now.getTime(), row.dueAt.getTime()) : -measure(row.dueAt.getTime(), now.getTime());
  }
  return {
    metric: row.metric,
    state: row.state === 'running' && row.dueAt && row.dueAt <= now ? 'breached' : row.state,
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
    thresholds: row.thresholds,
    trail: row.trail,
  };
}

/**
 * What a customer or a contractor sees of a clock (S9), decided as `tickets/event-visibility.ts`
 * decides for the history: that the promise was extended and until when, yes (it is the
 * customer's promise); the reason staff recorded, no (the `sla_extended` event is internal). A
 * pause's detail is its hold reason, which the customer sees on the ticket's transitions too.
 */
export function clockForExternal(clock: ClockView): ClockView {
  return {
    ...clock,
    extensionReason: null,
    trail: clock.trail.map((entry) => (entry.what === 'extended' ? { at: entry.at, what: entry.what } : entry)),
  };
}

/** A ticket's clocks, for whoever may see the ticket (NOT_FOUND otherwise, S9). */
export async function clocksOf(deps: SlaDeps, actor: Actor, ticketId: string): Promise<ClockView[]> {
  await deps.tickets.assertVisible(actor, ticketId);
  const [rows, policies] = await Promise.all([repo.findClocks(deps.db, actor.orgId, ticketId), deps.policies.of(actor.orgId)]);
  const now = deps.clock();
  const views: ClockView[] = [];
  for (const row of rows) {
    const policy = policies.find((p) => p.id === row.policyId);
    const target = policy?.targets.find((t) => t.metric === row.metric);
    const calendar = policy ? await deps.calendars.businessCalendar(actor.orgId, policy.calendarId) : null;
    views.push(toClockView(row, now, calendar, target?.mode ?? 'calendar'));
  }
  return isExternal(actor) ? views.map(clockForExternal) : views;
}

/**
 * The policy a ticket's facts choose now, with its targets: what the ticket page names when a
 * clock waits for its start ("派工到到场 3 小时" before dispatch). Staff only; none for a
 * customer or a contractor, nor when no policy applies.
 */
export async function policyOfTicket(deps: SlaDeps, actor: Actor, ticketId: string): Promise<TicketPolicyView | null> {
  await deps.tickets.assertVisible(actor, ticketId);
  if (isExternal(actor)) return null;
  const [history] = await deps.tickets.historiesOf(deps.db, actor.orgId, [ticketId]);
  const policy = history ? choosePolicy(await deps.policies.of(actor.orgId), history.facts) : undefined;
  if (!policy) return null;
  return { id: policy.id, name: policy.name, targets: policy.targets.map((t) => ({ metric: t.metric, minutes: t.minutes, mode: t.mode })) };
}

/** The most urgent running clock of each ticket, for lists. */
export async function badgesFor(deps: SlaDeps, orgId: string, ticketIds: string[]): Promise<Map<string, ClockBadge>> {
  const badges = new Map<string, ClockBadge>();
  if (!ticketIds.length) return badges;
  const now = deps.clock().getTime();
  for (const row of await repo.findRunningClocks(deps.db, orgId, ticketIds)) {
    if (badges.has(row.ticketId)) continue;
    const startedAt = row.startedAt?.getTime() ?? now;
    const dueAt = row.dueAt!.getTime();
    // Elapsed share of the span from start to due: close enough for a colour, exact at the ends.
    const usedBp =
      row.state === 'paused'
        ? Math.round((row.elapsedMs * 10_000) / Math.max(1, row.targetMs))
        : dueAt <= now
          ? 10_000 + Math.round(((now - dueAt) * 10_000) / Math.max(1, dueAt - startedAt))
          : Math.round(((now - startedAt) * 10_000) / Math.max(1, dueAt - startedAt));
    badges.set(row.ticketId, { metric: row.metric, state: dueAt <= now && row.state === 'running' ? 'breached' : row.state, dueAt: row.dueAt, usedBp: Math.max(0, usedBp) });
  }
  return badges;
}

/**
 * One metric's clock of each of these tickets as reports read it (R9: on time or late): when it
 * started, stopped and was due, and its state; a ticket without that clock is absent.
 */
export async function metricClocks(deps: SlaDeps, orgId: string, ticketIds: string[], metric: SlaMetric) {
  const rows = await repo.findMetricClocks(deps.db, orgId, ticketIds, metric);
  return rows.map((r) => ({ ticketId: r.ticketId, state: r.state, startedAt: r.startedAt, stoppedAt: r.stoppedAt, dueAt: r.dueAt }));
}
