import { v7 as uuidv7 } from 'uuid';
import type { PayComponent, PayLinesView, PayPerson, PayRunView } from '../../../shared/contracts/pay';
import { addDays, addMonths, dayBounds, localDate } from '../../../shared/time';
import { isUniqueViolation } from '../../db/errors';
import { AppError, notFound } from '../../errors';
import { isTechnicianRole, type Actor } from '../identity';
import { computePay, inForceOn, type OrderInput, type PaidLine, type PayInput, type Warning } from './pay-engine';
import type { PayDeps } from './pay.deps';
import * as repo from './pay.repository';

/*
 * The monthly pay run: started by a finance clerk, computed from the records, recomputed while a
 * draft, locked once checked. Locking recomputes first, so what is locked is what the records say
 * at that moment, and refuses while the month is open or any of its time entries is unapproved.
 */

/** How far back a run looks for records that an earlier locked run missed. */
const LOOK_BACK_MONTHS = 12;

interface MonthFrame {
  month: string;
  monthStart: string;
  nextMonthStart: string;
  timeZone: string;
  /** The month's start and end as instants. */
  from: Date;
  to: Date;
}

async function frameOf(deps: PayDeps, orgId: string, month: string): Promise<MonthFrame> {
  const { timeZone } = await deps.getOrganisation(orgId);
  const monthStart = `${month}-01`;
  const nextMonthStart = addMonths(monthStart, 1);
  return { month, monthStart, nextMonthStart, timeZone, from: new Date(dayBounds(monthStart, timeZone).start), to: new Date(dayBounds(nextMonthStart, timeZone).start) };
}

const monthOpen = (deps: PayDeps, frame: MonthFrame) => deps.clock() < frame.to;

/** Reads everything a month's pay is computed from. Outside any transaction: it calls billing. */
async function gather(deps: PayDeps, actor: Actor, frame: MonthFrame): Promise<PayInput> {
  const { db } = deps;
  const orgId = actor.orgId;
  const org = await deps.getOrganisation(orgId);
  const locked = new Set(await repo.lockedMonths(db, orgId));
  const earliest = [...locked].filter((m) => m < frame.month && `${m}-01` >= addMonths(frame.monthStart, -LOOK_BACK_MONTHS)).sort()[0];
  const sinceDay = earliest ? `${earliest}-01` : frame.monthStart;
  const since = new Date(dayBounds(sinceDay, frame.timeZone).start);

  // The reads are independent of each other: on PostgreSQL they run side by side.
  const [staff, changes, entries, deliveries, exams, penalties, judgements, collected, withCommission] = await Promise.all([
    repo.staff(db, orgId),
    repo.gradeChanges(db, orgId),
    repo.approvedEntries(db, orgId, since, frame.to, frame.timeZone),
    repo.deliveries(db, orgId, since, frame.to, frame.timeZone),
    repo.firstPasses(db, orgId, sinceDay, frame.nextMonthStart),
    repo.confirmedPenalties(db, orgId, since, frame.to, frame.timeZone),
    repo.judgementsBefore(db, orgId, frame.to, frame.timeZone),
    // M7: orders paid in the window, and orders paid commission before (their money may have changed).
    deps.billing.periodMoney(actor, { from: since, to: frame.to }),
    // Only locked runs paid anything: with none, there is nothing to look up.
    locked.size === 0 ? [] : repo.ordersWithCommission(db, orgId),
  ]);
  const changesOf = new Map<string, typeof changes>();
  for (const change of changes) {
    const list = changesOf.get(change.userId);
    if (list) list.push(change);
    else changesOf.set(change.userId, [change]);
  }

  const inPeriod = new Set(collected.map((o) => o.ticketId));
  const earlier = withCommission.filter((id) => !inPeriod.has(id));
  const money = [...collected.map((o) => ({ ...o, collectedInMonthFen: o.collectedInPeriodFen })), ...(await deps.billing.ordersMoney(actor, earlier, frame.to)).map((o) => ({ ...o, collectedInMonthFen: 0 }))];
  const facts = await repo.orderFacts(db, orgId, money.map((o) => o.ticketId), frame.timeZone);
  const ticketOf = new Map(facts.tickets.map((t) => [t.id, t]));
  const crewOf = new Map<string, { userId: string; isLead: boolean }[]>();
  for (const member of facts.crew) {
    const crew = crewOf.get(member.ticketId);
    if (crew) crew.push({ userId: member.userId, isLead: member.isLead });
    else crewOf.set(member.ticketId, [{ userId: member.userId, isLead: member.isLead }]);
  }
  const approverOf = new Map(facts.approvers.map((a) => [a.ticket_id, a.approved_by]));
  const orders: OrderInput[] = money.map((o) => ({
    ticketId: o.ticketId,
    ticketNumber: ticketOf.get(o.ticketId)?.number ?? '',
    collectedFen: o.collectedFen,
    costsFen: o.costsFen,
    outstandingFen: o.outstandingFen,
    collectedInMonthFen: o.collectedInMonthFen,
    repairWarrantyEndsOn: o.repairWarrantyEndsOn,
    completedOn: ticketOf.get(o.ticketId)?.completed_on ?? null,
    crew: crewOf.get(o.ticketId) ?? [],
    supervisorId: approverOf.get(o.ticketId) ?? null,
  }));

  const { rows } = locked.size === 0 ? { rows: [] } : await repo.paidLines(db, orgId, {
    orders: orders.map((o) => o.ticketId),
    other: [
      { type: 'time_entry', ids: [...new Set([...entries.map((e) => e.id), ...entries.flatMap((e) => (e.correctsId ? [e.correctsId] : []))])] },
      { type: 'delivery', ids: deliveries.map((d) => d.ticketId) },
      { type: 'exam', ids: exams.map((e) => e.id) },
      { type: 'penalty', ids: penalties.map((p) => p.id) },
    ],
  });
  const paid = new Map<string, PaidLine[]>();
  for (const row of rows) {
    const key = `${row.sourceType}:${row.sourceId}`;
    const list = paid.get(key);
    if (list) list.push(row);
    else paid.set(key, [row]);
  }

  return {
    month: frame.month,
    monthStart: frame.monthStart,
    nextMonthStart: frame.nextMonthStart,
    lockedMonths: locked,
    settings: org.settings.pay,
    people: staff.map((p) => ({
      userId: p.userId,
      name: p.name,
      role: p.role,
      // A supervisor with a grade is paid as a technician too; without one, only their commission.
      technician: p.role === 'technician' || (isTechnicianRole(p.role) && (p.grade !== null || changesOf.has(p.userId))),
      active: p.active,
      grade: p.grade,
      employmentStatus: p.employmentStatus,
      changes: changesOf.get(p.userId) ?? [],
    })),
    entries,
    deliveries,
    orders,
    exams,
    penalties,
    judgements,
    paid,
  };
}

/** Computes a run's lines from the records and writes them in place of the old ones. */
async function compute(deps: PayDeps, actor: Actor, runId: string, frame: MonthFrame, options: { lock: boolean }) {
  const input = await gather(deps, actor, frame);
  const output = computePay(input);
  const now = deps.clock();
  try {
    await deps.db.transaction(async (tx) => {
      const run = await repo.lockRunRow(tx, actor.orgId, runId);
      if (!run) throw notFound();
      if (run.status === 'locked') throw new AppError('PAY_RUN_LOCKED', { detail: 'pay.errors.runLocked', params: { month: run.month, lockedAt: run.lockedAt?.toISOString() ?? '' } });
      const unapproved = await repo.unapprovedEntries(tx, actor.orgId, frame.from, frame.to);
      const warnings: Warning[] = [...output.warnings];
      if (unapproved.length > 0) warnings.unshift({ code: 'pay.warning.unapprovedEntries', params: { count: unapproved.length } });
      if (options.lock) {
        if (monthOpen(deps, frame)) {
          throw new AppError('PAY_MONTH_OPEN', { detail: 'pay.errors.monthOpen', params: { month: frame.month, endsOn: frame.nextMonthStart } });
        }
        if (await repo.lockedRunOf(tx, actor.orgId, frame.month)) throw new AppError('PAY_MONTH_LOCKED', { detail: 'pay.errors.monthLocked', params: { month: frame.month } });
        if (unapproved.length > 0) {
          const named = unapproved.map((e) => `${e.ticketNumber} ${e.userName} ${localDate(e.startedAt, frame.timeZone)}`);
          throw new AppError('TIME_ENTRIES_UNAPPROVED', {
            detail: 'pay.errors.unapprovedEntries',
            params: { count: unapproved.length, entries: named.slice(0, 10).join('；') + (named.length > 10 ? '…' : '') },
            extensions: { entries: unapproved.map((e) => ({ id: e.id, ticketNumber: e.ticketNumber, user: e.userName, startedAt: e.startedAt.toISOString() })) },
          });
        }
      }
      const lineDigests = await repo.replaceLines(tx, actor.orgId, runId, output.lines, run.lineDigests);
      await repo.updateRun(tx, actor.orgId, runId, {
        computedAt: now,
        lineDigests,
        totalFen: output.lines.reduce((sum, l) => sum + l.amountFen, 0),
        people: new Set(output.lines.map((l) => l.userId)).size,
        warnings,
        ...(options.lock ? { status: 'locked' as const, lockedAt: now, lockedBy: actor.userId } : {}),
      });
    });
  } catch (error) {
    // Two clerks locking two runs of one month at once: the index lets one through.
    if (isUniqueViolation(error)) throw new AppError('PAY_MONTH_LOCKED', { detail: 'pay.errors.monthLocked', params: { month: frame.month } });
    throw error;
  }
}

async function runView(deps: PayDeps, orgId: string, run: repo.PayRunRow): Promise<PayRunView> {
  const frame = await frameOf(deps, orgId, run.month);
  const names = await repo.namesOf(deps.db, orgId, run.lockedBy ? [run.lockedBy] : []);
  return {
    id: run.id,
    month: run.month,
    status: run.status,
    monthOpen: monthOpen(deps, frame),
    people: run.people,
    totalFen: run.totalFen,
    computedAt: run.computedAt.toISOString(),
    lockedAt: run.lockedAt?.toISOString() ?? null,
    lockedBy: run.lockedBy ? { id: run.lockedBy, name: names.get(run.lockedBy) ?? '' } : null,
    createdAt: run.createdAt.toISOString(),
    version: run.version,
    warnings: run.warnings,
  };
}

async function mustFind(deps: PayDeps, orgId: string, id: string) {
  const run = await repo.findRun(deps.db, orgId, id);
  if (!run) throw notFound();
  return run;
}

/** Starts a draft run for a month and computes it. A month that has not ended may be computed, never locked. */
export async function createRun(deps: PayDeps, actor: Actor, body: { month: string }): Promise<PayRunView> {
  const frame = await frameOf(deps, actor.orgId, body.month);
  const id = uuidv7();
  await repo.insertRun(deps.db, { orgId: actor.orgId, id, month: body.month, status: 'draft', computedAt: deps.clock(), createdBy: actor.userId });
  await compute(deps, actor, id, frame, { lock: false });
  return runView(deps, actor.orgId, await mustFind(deps, actor.orgId, id));
}

export async function recomputeRun(deps: PayDeps, actor: Actor, id: string): Promise<PayRunView> {
  const run = await mustFind(deps, actor.orgId, id);
  await compute(deps, actor, id, await frameOf(deps, actor.orgId, run.month), { lock: false });
  return runView(deps, actor.orgId, await mustFind(deps, actor.orgId, id));
}

export async function lockRun(deps: PayDeps, actor: Actor, id: string): Promise<PayRunView> {
  const run = await mustFind(deps, actor.orgId, id);
  await compute(deps, actor, id, await frameOf(deps, actor.orgId, run.month), { lock: true });
  return runView(deps, actor.orgId, await mustFind(deps, actor.orgId, id));
}

export async function getRun(deps: PayDeps, actor: Actor, id: string): Promise<PayRunView> {
  return runView(deps, actor.orgId, await mustFind(deps, actor.orgId, id));
}

export async function listRuns(deps: PayDeps, actor: Actor, query: { month?: string | undefined }): Promise<{ items: PayRunView[] }> {
  const rows = await repo.listRuns(deps.db, actor.orgId, query.month);
  return { items: await Promise.all(rows.map((r) => runView(deps, actor.orgId, r))) };
}

export function componentOf(line: repo.PayLineRow): PayComponent {
  return {
    id: line.id,
    kind: line.kind,
    rule: line.rule,
    amountFen: line.amountFen,
    source: { type: line.sourceType, id: line.sourceId, ticketId: line.ticketId, ticketNumber: line.ticketNumber, on: line.sourceOn },
    detail: line.detail,
    explanation: line.explanation,
    correctsLineId: line.correctsLineId,
  };
}

const KIND_ORDER = ['base', 'direct_hours', 'indirect_hours', 'delivery', 'commission', 'holdback', 'holdback_release', 'holdback_forfeit', 'exam_bonus', 'penalty', 'correction'];

/** One person's components in a stable order: by kind, then by the source's day. */
export function sortComponents(components: PayComponent[]): PayComponent[] {
  return components.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.source.on ?? '').localeCompare(b.source.on ?? ''));
}

/** Who a run's people are: name and role now, and (M1) the grade and status the run paid by, in force on the month's last day. */
export async function personHeader(deps: PayDeps, orgId: string, month: string) {
  const staff = new Map((await repo.staff(deps.db, orgId)).map((p) => [p.userId, p]));
  const changes = await repo.gradeChanges(deps.db, orgId);
  const lastDay = addDays(addMonths(`${month}-01`, 1), -1);
  return (userId: string): Omit<PayPerson, 'totalFen' | 'components'> => {
    const who = staff.get(userId);
    const pair = inForceOn({ grade: who?.grade ?? null, employmentStatus: who?.employmentStatus ?? null, changes: changes.filter((c) => c.userId === userId) }, lastDay);
    return { userId, name: who?.name ?? '', role: who?.role ?? '', ...pair };
  };
}

/** People are listed by name, as a Chinese reader sorts them. */
export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'zh-CN');

/** A run's lines, per person, each person's components in a stable order. */
export async function runLines(deps: PayDeps, actor: Actor, id: string, query: { userId?: string | undefined }): Promise<PayLinesView> {
  const run = await mustFind(deps, actor.orgId, id);
  const lines = await repo.linesOf(deps.db, actor.orgId, run.id, query.userId);
  const header = await personHeader(deps, actor.orgId, run.month);
  const byUser = new Map<string, PayPerson>();
  for (const line of lines) {
    let person = byUser.get(line.userId);
    if (!person) {
      person = { ...header(line.userId), totalFen: 0, components: [] };
      byUser.set(line.userId, person);
    }
    person.totalFen += line.amountFen;
    person.components.push(componentOf(line));
  }
  for (const person of byUser.values()) sortComponents(person.components);
  return { items: [...byUser.values()].sort(byName) };
}

/** A technician's own locked runs (the phone's list of slips). */
export async function myRuns(deps: PayDeps, actor: Actor) {
  const runs = (await repo.listRuns(deps.db, actor.orgId)).filter((r) => r.status === 'locked');
  const items = [];
  for (const run of runs) {
    const lines = await repo.linesOf(deps.db, actor.orgId, run.id, actor.userId);
    if (lines.length > 0) items.push({ id: run.id, month: run.month, status: run.status, totalFen: lines.reduce((s, l) => s + l.amountFen, 0) });
  }
  return { items };
}

/** A technician's own lines of a locked run; anyone else's, or a draft, is not found. */
export async function myRun(deps: PayDeps, actor: Actor, id: string): Promise<PayPerson> {
  const run = await mustFind(deps, actor.orgId, id);
  if (run.status !== 'locked') throw notFound();
  const [person] = (await runLines(deps, actor, id, { userId: actor.userId })).items;
  if (!person) throw notFound();
  return person;
}

/** M8: hold-back moves per technician (held, released, forfeited) and what each still holds. */
export async function holdbacks(deps: PayDeps, actor: Actor, query: { userId?: string | undefined }) {
  const moves = await repo.holdbackMoves(deps.db, actor.orgId, query.userId);
  const names = await repo.namesOf(deps.db, actor.orgId, [...new Set(moves.map((m) => m.userId))]);
  const { timeZone } = await deps.getOrganisation(actor.orgId);
  const balances = new Map<string, { userId: string; ticketId: string; ticketNumber: string; heldFen: number; warrantyEndsOn: string | null }>();
  const items = moves.map((m) => {
    const warrantyEndsOn = typeof m.detail.warrantyEndsOn === 'string' ? m.detail.warrantyEndsOn : null;
    const key = `${m.userId}:${m.ticketId}`;
    const balance = balances.get(key) ?? { userId: m.userId, ticketId: m.ticketId!, ticketNumber: m.ticketNumber ?? '', heldFen: 0, warrantyEndsOn };
    balance.heldFen += m.heldFen;
    if (warrantyEndsOn) balance.warrantyEndsOn = warrantyEndsOn;
    balances.set(key, balance);
    return {
      userId: m.userId,
      name: names.get(m.userId) ?? '',
      ticketId: m.ticketId!,
      ticketNumber: m.ticketNumber ?? '',
      move: m.kind === 'holdback' ? ('held' as const) : m.kind === 'holdback_release' ? ('released' as const) : ('forfeited' as const),
      amountFen: m.kind === 'holdback' ? m.heldFen : -m.heldFen,
      month: m.month,
      runId: m.runId,
      warrantyEndsOn,
      on: m.sourceOn ?? (m.lockedAt ? localDate(m.lockedAt, timeZone) : ''),
    };
  });
  return { items, balances: [...balances.values()].filter((b) => b.heldFen !== 0) };
}

export { frameOf };
