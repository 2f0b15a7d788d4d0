import { hash } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNotNull, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { queryRows, type Db } from '../../db/client';
import type { PayLineKind, PayRule, SourceType } from '../../../shared/contracts/pay';
import type { EmploymentStatus, TechnicianGrade, TicketType, WarrantyState } from '../../../shared/domain';
import type { TimeEntryKind, TransportMode, WaitReason } from '../../../shared/contracts/fieldwork';
import { examResultRefs } from '../dispatch';
import { receivedReportRefs, timeEntryRefs } from '../fieldwork';
import { gradeChangeRefs, people } from '../identity';
import { ticketCrewRefs, ticketRefs } from '../tickets';
import { payLines, payRuns, penalties, reworkJudgements } from './pay.schema';
import type { EntryInput, PaidLine } from './pay-engine';

/* Every query of the pay module: its own tables, and the published views of identity, tickets, fieldwork and dispatch. */

export type PayRunRow = typeof payRuns.$inferSelect;
export type PayLineRow = typeof payLines.$inferSelect;
export type PenaltyRow = typeof penalties.$inferSelect;
export type JudgementRow = typeof reworkJudgements.$inferSelect;

const CHUNK = 5000;
async function chunked<T, R>(items: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(...(await run(items.slice(i, i + CHUNK))));
  return out;
}

// --- runs ---------------------------------------------------------------------------------------

export async function insertRun(db: Db, row: typeof payRuns.$inferInsert) {
  await db.insert(payRuns).values(row);
}

export async function findRun(db: Db, orgId: string, id: string): Promise<PayRunRow | undefined> {
  const [row] = await db.select().from(payRuns).where(and(eq(payRuns.orgId, orgId), eq(payRuns.id, id)));
  return row;
}

export async function lockRunRow(db: Db, orgId: string, id: string): Promise<PayRunRow | undefined> {
  const [row] = await db.select().from(payRuns).where(and(eq(payRuns.orgId, orgId), eq(payRuns.id, id))).for('update');
  return row;
}

export async function listRuns(db: Db, orgId: string, month?: string): Promise<PayRunRow[]> {
  return db
    .select()
    .from(payRuns)
    .where(and(eq(payRuns.orgId, orgId), month ? eq(payRuns.month, month) : undefined))
    .orderBy(desc(payRuns.month), desc(payRuns.createdAt));
}

export async function lockedRunOf(db: Db, orgId: string, month: string): Promise<PayRunRow | undefined> {
  const [row] = await db.select().from(payRuns).where(and(eq(payRuns.orgId, orgId), eq(payRuns.month, month), eq(payRuns.status, 'locked')));
  return row;
}

export async function lockedMonths(db: Db, orgId: string): Promise<string[]> {
  const rows = await db.select({ month: payRuns.month }).from(payRuns).where(and(eq(payRuns.orgId, orgId), eq(payRuns.status, 'locked')));
  return rows.map((r) => r.month);
}

export async function updateRun(db: Db, orgId: string, id: string, changes: Partial<typeof payRuns.$inferInsert>) {
  await db
    .update(payRuns)
    .set({ ...changes, version: sql`${payRuns.version} + 1` })
    .where(and(eq(payRuns.orgId, orgId), eq(payRuns.id, id)));
}

// --- lines --------------------------------------------------------------------------------------

/** Lines sent per statement. */
const LINE_CHUNK = 20_000;

/** A line as the engine computes it: everything of a stored line but its org, run and id. */
export interface LineContent {
  userId: string;
  kind: PayLineKind;
  rule: PayRule;
  amountFen: number;
  heldFen: number;
  sourceType: SourceType;
  sourceId: string;
  ticketId: string | null;
  ticketNumber: string | null;
  sourceOn: string | null;
  detail: Record<string, unknown>;
  explanation: string;
  correctsLineId: string | null;
}

/** Writes lines, each chunk one statement with the rows as one JSON parameter rather than sixteen parameters a row. */
async function insertLines(db: Db, orgId: string, runId: string, lines: LineContent[]) {
  for (let i = 0; i < lines.length; i += LINE_CHUNK) {
    const json = JSON.stringify(
      lines.slice(i, i + LINE_CHUNK).map((l) => ({
        id: uuidv7(),
        user_id: l.userId,
        kind: l.kind,
        rule: l.rule,
        amount_fen: l.amountFen,
        held_fen: l.heldFen,
        source_type: l.sourceType,
        source_id: l.sourceId,
        ticket_id: l.ticketId,
        ticket_number: l.ticketNumber,
        source_on: l.sourceOn,
        detail: l.detail,
        explanation: l.explanation,
        corrects_line_id: l.correctsLineId,
      })),
    );
    await db.execute(
      sql`insert into pay_lines (org_id, id, run_id, user_id, kind, rule, amount_fen, held_fen, source_type, source_id, ticket_id, ticket_number, source_on, detail, explanation, corrects_line_id)
          select ${orgId}, id, ${runId}, user_id, kind, rule, amount_fen, held_fen, source_type, source_id, ticket_id, ticket_number, source_on, detail, explanation, corrects_line_id
          from json_to_recordset(${json}::json) as x(id uuid, user_id uuid, kind text, rule text, amount_fen bigint, held_fen bigint,
            source_type text, source_id text, ticket_id uuid, ticket_number text, source_on date, detail jsonb, explanation text, corrects_line_id uuid)`,
    );
  }
}

const FIELD = '\u0001';
const nullable = (v: string | null) => (v === null ? '\u0002' : v);

/**
 * One person's lines, in the order the engine gave them, hashed: everything of each line but its
 * id. Equal digests, equal lines. A change in the engine's order or in a detail's key order only
 * makes a recompute rewrite lines it could have kept.
 */
export function linesDigest(lines: readonly LineContent[]): string {
  let text = '';
  for (const l of lines) {
    text +=
      l.userId + FIELD + l.kind + FIELD + l.rule + FIELD + l.amountFen + FIELD + l.heldFen + FIELD + l.sourceType + FIELD + l.sourceId + FIELD +
      nullable(l.ticketId) + FIELD + nullable(l.ticketNumber) + FIELD + nullable(l.sourceOn) + FIELD + l.explanation + FIELD + nullable(l.correctsLineId) + FIELD +
      JSON.stringify(l.detail) + '\n';
  }
  return hash('md5', text, 'base64');
}

/**
 * A run's lines in place of its old ones, inside the caller's transaction (which holds the run's
 * row). A month of 500 technicians has some 400,000 lines, and writing them, or reading them back
 * to compare, was most of a recompute. So the run keeps a digest of each person's lines
 * (`previous`, from the last compute): only the people whose digest changed have their lines
 * deleted and written again, and nothing is read back. Without digests every line is rewritten.
 * Returns the digests to keep with the run.
 */
export async function replaceLines(db: Db, orgId: string, runId: string, lines: readonly LineContent[], previous: Readonly<Record<string, string>> | null): Promise<Record<string, string>> {
  const byUser = new Map<string, LineContent[]>();
  for (const line of lines) {
    const mine = byUser.get(line.userId);
    if (mine) mine.push(line);
    else byUser.set(line.userId, [line]);
  }
  const digests: Record<string, string> = {};
  const changed: string[] = [];
  const inserts: LineContent[] = [];
  for (const [userId, mine] of byUser) {
    const digest = linesDigest(mine);
    digests[userId] = digest;
    if (previous?.[userId] === digest) continue;
    changed.push(userId);
    for (const line of mine) inserts.push(line);
  }
  if (previous === null) {
    await db.execute(sql`delete from pay_lines where org_id = ${orgId} and run_id = ${runId}`);
  } else {
    for (const userId of Object.keys(previous)) if (!byUser.has(userId)) changed.push(userId);
    if (changed.length > 0) await db.execute(sql`delete from pay_lines where org_id = ${orgId} and run_id = ${runId} and user_id = any(${sql.param(changed)}::uuid[])`);
  }
  await insertLines(db, orgId, runId, inserts);
  return digests;
}

export async function linesOf(db: Db, orgId: string, runId: string, userId?: string): Promise<PayLineRow[]> {
  return db
    .select()
    .from(payLines)
    .where(and(eq(payLines.orgId, orgId), eq(payLines.runId, runId), userId ? eq(payLines.userId, userId) : undefined))
    .orderBy(asc(payLines.userId), asc(payLines.kind), asc(payLines.sourceOn), asc(payLines.id));
}

/** Each person's sum per kind of line in a run: the Excel summary, without reading the lines. */
export async function totalsOf(db: Db, orgId: string, runId: string): Promise<{ userId: string; kind: PayLineKind; amountFen: number }[]> {
  const rows = await queryRows<{ user_id: string; kind: PayLineKind; amount_fen: string | number }>(
    db,
    sql`select user_id, kind, sum(amount_fen)::bigint as amount_fen from pay_lines where org_id = ${orgId} and run_id = ${runId} group by user_id, kind`,
  );
  return rows.map((r) => ({ userId: r.user_id, kind: r.kind, amountFen: Number(r.amount_fen) }));
}

export async function findLine(db: Db, orgId: string, id: string): Promise<PayLineRow | undefined> {
  const [row] = await db.select().from(payLines).where(and(eq(payLines.orgId, orgId), eq(payLines.id, id)));
  return row;
}

interface PaidRow {
  line_id: string;
  user_id: string;
  kind: PayLineKind;
  amount_fen: string | number;
  held_fen: string | number;
  source_type: string;
  source_id: string;
  ticket_id: string | null;
  ticket_number: string | null;
  warranty_ends_on: string | null;
}

/**
 * What locked runs paid: every line that moved a hold-back, every line on the orders named, and
 * the lines of the sources named (time entries, deliveries, exams, penalties).
 */
export async function paidLines(db: Db, orgId: string, sources: { orders: string[]; other: { type: string; ids: string[] }[] }): Promise<{ rows: (PaidLine & { sourceType: string; sourceId: string })[] }> {
  const select = sql`select l.id as line_id, l.user_id, l.kind, l.amount_fen, l.held_fen, l.source_type, l.source_id, l.ticket_id, l.ticket_number, l.detail->>'warrantyEndsOn' as warranty_ends_on
    from pay_lines l join pay_runs r on r.org_id = l.org_id and r.id = l.run_id and r.status = 'locked'
    where l.org_id = ${orgId}`;
  const rows: PaidRow[] = [];
  rows.push(...(await queryRows<PaidRow>(db, sql`${select} and l.held_fen <> 0`)));
  rows.push(...(await chunked(sources.orders, (ids) => queryRows<PaidRow>(db, sql`${select} and l.source_type = 'ticket' and l.source_id = any(${sql.param(ids)}::text[])`))));
  for (const { type, ids } of sources.other) {
    rows.push(...(await chunked(ids, (chunk) => queryRows<PaidRow>(db, sql`${select} and l.source_type = ${type} and l.source_id = any(${sql.param(chunk)}::text[])`))));
  }
  const seen = new Set<string>();
  const out: (PaidLine & { sourceType: string; sourceId: string })[] = [];
  for (const r of rows) {
    if (seen.has(r.line_id)) continue;
    seen.add(r.line_id);
    out.push({
      lineId: r.line_id,
      userId: r.user_id,
      kind: r.kind,
      amountFen: Number(r.amount_fen),
      heldFen: Number(r.held_fen),
      ticketId: r.ticket_id,
      ticketNumber: r.ticket_number,
      warrantyEndsOn: r.warranty_ends_on,
      sourceType: r.source_type,
      sourceId: r.source_id,
    });
  }
  return { rows: out };
}

/** The orders some locked run paid commission on: a later change of their money is corrected. */
export async function ordersWithCommission(db: Db, orgId: string): Promise<string[]> {
  const rows = await queryRows<{ source_id: string }>(
    db,
    sql`select distinct l.source_id from pay_lines l join pay_runs r on r.org_id = l.org_id and r.id = l.run_id and r.status = 'locked'
        where l.org_id = ${orgId} and l.source_type = 'ticket' and l.kind in ('commission', 'correction')`,
  );
  return rows.map((r) => r.source_id);
}

/** Hold-back moves of locked runs (M8), for the ledger. */
export async function holdbackMoves(db: Db, orgId: string, userId?: string) {
  return db
    .select({
      userId: payLines.userId,
      ticketId: payLines.ticketId,
      ticketNumber: payLines.ticketNumber,
      kind: payLines.kind,
      heldFen: payLines.heldFen,
      detail: payLines.detail,
      sourceOn: payLines.sourceOn,
      runId: payRuns.id,
      month: payRuns.month,
      lockedAt: payRuns.lockedAt,
    })
    .from(payLines)
    .innerJoin(payRuns, and(eq(payRuns.orgId, payLines.orgId), eq(payRuns.id, payLines.runId), eq(payRuns.status, 'locked')))
    .where(and(eq(payLines.orgId, orgId), ne(payLines.heldFen, 0), userId ? eq(payLines.userId, userId) : undefined))
    .orderBy(asc(payRuns.month), asc(payLines.ticketId));
}

// --- the month's records, from other modules' published views ------------------------------------

export async function staff(db: Db, orgId: string) {
  return db
    .select({ userId: people.id, name: people.name, role: people.role, grade: people.grade, employmentStatus: people.employmentStatus, active: people.active })
    .from(people)
    .where(and(eq(people.orgId, orgId), notInArray(people.role, ['customer', 'contractor'])));
}

export async function gradeChanges(db: Db, orgId: string) {
  return db
    .select({ userId: gradeChangeRefs.userId, effectiveOn: gradeChangeRefs.effectiveOn, grade: gradeChangeRefs.grade, employmentStatus: gradeChangeRefs.employmentStatus })
    .from(gradeChangeRefs)
    .where(eq(gradeChangeRefs.orgId, orgId))
    .orderBy(asc(gradeChangeRefs.effectiveOn), asc(gradeChangeRefs.recordedAt), asc(gradeChangeRefs.id));
}

/** Approved time entries that started in [from, to), with their ticket's type and warranty and their local day. */
export async function approvedEntries(db: Db, orgId: string, from: Date, to: Date, timeZone: string): Promise<EntryInput[]> {
  const rows = await queryRows<{
    id: string;
    ticket_id: string;
    number: string;
    type: TicketType;
    warranty: WarrantyState;
    user_id: string;
    kind: TimeEntryKind;
    transport: TransportMode | null;
    wait_reason: WaitReason | null;
    day: string;
    minutes: number | string;
    corrects_id: string | null;
  }>(
    db,
    sql`select e.id, e.ticket_id, t.number, t.type, t.warranty, e.user_id, e.kind, e.transport, e.wait_reason,
          to_char(e.started_at at time zone ${timeZone}, 'YYYY-MM-DD') as day, e.minutes, e.corrects_id
        from ${timeEntryRefs} e join ${ticketRefs} t on t.org_id = e.org_id and t.id = e.ticket_id
        where e.org_id = ${orgId} and e.status = 'approved' and e.started_at >= ${from.toISOString()} and e.started_at < ${to.toISOString()}
        order by e.started_at, e.id`,
  );
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    ticketNumber: r.number,
    ticketType: r.type,
    ticketWarranty: r.warranty,
    userId: r.user_id,
    kind: r.kind,
    transport: r.transport,
    waitReason: r.wait_reason,
    day: r.day,
    minutes: Number(r.minutes),
    correctsId: r.corrects_id,
  }));
}

/** M3: time entries of [from, to) not yet approved: a run with them does not lock. */
export async function unapprovedEntries(db: Db, orgId: string, from: Date, to: Date) {
  return db
    .select({ id: timeEntryRefs.id, ticketNumber: ticketRefs.number, userName: people.name, startedAt: timeEntryRefs.startedAt })
    .from(timeEntryRefs)
    .innerJoin(ticketRefs, and(eq(ticketRefs.orgId, timeEntryRefs.orgId), eq(ticketRefs.id, timeEntryRefs.ticketId)))
    .innerJoin(people, and(eq(people.orgId, timeEntryRefs.orgId), eq(people.id, timeEntryRefs.userId)))
    .where(and(eq(timeEntryRefs.orgId, orgId), eq(timeEntryRefs.status, 'draft'), sql`${timeEntryRefs.startedAt} >= ${from.toISOString()}`, sql`${timeEntryRefs.startedAt} < ${to.toISOString()}`))
    .orderBy(asc(timeEntryRefs.startedAt));
}

/**
 * M6: delivery reports the clerk received in [from, to), and those whose callback in the window
 * found the machine unexplained (a bonus already paid is taken back). The lead technician earns it.
 */
export async function deliveries(db: Db, orgId: string, from: Date, to: Date, timeZone: string) {
  const rows = await queryRows<{ ticket_id: string; number: string; user_id: string; received_on: string; callback_explained: boolean | null }>(
    db,
    sql`select d.ticket_id, t.number, coalesce(t.assignee_id, d.submitted_by) as user_id,
          to_char(d.received_at at time zone ${timeZone}, 'YYYY-MM-DD') as received_on, d.callback_explained
        from ${receivedReportRefs} d join ${ticketRefs} t on t.org_id = d.org_id and t.id = d.ticket_id
        where d.org_id = ${orgId} and t.type = 'delivery' and d.received_at < ${to.toISOString()}
          and (d.received_at >= ${from.toISOString()} or (d.callback_explained = false and d.callback_at >= ${from.toISOString()} and d.callback_at < ${to.toISOString()}))`,
  );
  return rows.map((r) => ({ ticketId: r.ticket_id, ticketNumber: r.number, userId: r.user_id, receivedOn: r.received_on, callbackExplained: r.callback_explained }));
}

/** M9: the orders' numbers, completion days and crews; the supervisor who approved the latest of each order's hours. */
export async function orderFacts(db: Db, orgId: string, ticketIds: string[], timeZone: string) {
  // The three reads are independent: on PostgreSQL they run side by side.
  const [tickets, crew, approvers] = await Promise.all([
    chunked(ticketIds, (ids) =>
    queryRows<{ id: string; number: string; completed_on: string | null; reported_on: string }>(
      db,
      sql`select id, number, to_char(completed_at at time zone ${timeZone}, 'YYYY-MM-DD') as completed_on,
            to_char(reported_at at time zone ${timeZone}, 'YYYY-MM-DD') as reported_on
          from ${ticketRefs} where org_id = ${orgId} and id = any(${sql.param(ids)}::uuid[])`,
      ),
    ),
    // One array parameter, not one parameter per ticket.
    chunked(ticketIds, async (ids) =>
      (
        await queryRows<{ ticket_id: string; user_id: string; is_lead: boolean }>(
          db,
          sql`select ticket_id, user_id, is_lead from ${ticketCrewRefs} where org_id = ${orgId} and ticket_id = any(${sql.param(ids)}::uuid[])`,
        )
      ).map((r) => ({ ticketId: r.ticket_id, userId: r.user_id, isLead: r.is_lead })),
    ),
    chunked(ticketIds, (ids) =>
      queryRows<{ ticket_id: string; approved_by: string }>(
        db,
        sql`select distinct on (ticket_id) ticket_id, approved_by from ${timeEntryRefs}
            where org_id = ${orgId} and status = 'approved' and approved_by is not null and ticket_id = any(${sql.param(ids)}::uuid[])
            order by ticket_id, approved_at desc`,
      ),
    ),
  ]);
  return { tickets, crew, approvers };
}

/** T1, M10: first-attempt passes taken in [fromDay, toDay). */
export async function firstPasses(db: Db, orgId: string, fromDay: string, toDay: string) {
  return db
    .select({ id: examResultRefs.id, userId: examResultRefs.userId, productLine: examResultRefs.productLine, takenOn: examResultRefs.takenOn, passed: examResultRefs.passed, attempt: examResultRefs.attempt })
    .from(examResultRefs)
    .where(and(eq(examResultRefs.orgId, orgId), eq(examResultRefs.passed, true), eq(examResultRefs.attempt, 1), sql`${examResultRefs.takenOn} >= ${fromDay}`, sql`${examResultRefs.takenOn} < ${toDay}`));
}

// --- penalties ----------------------------------------------------------------------------------

export async function insertPenalty(db: Db, row: typeof penalties.$inferInsert) {
  await db.insert(penalties).values(row);
}

export async function findPenalty(db: Db, orgId: string, id: string): Promise<PenaltyRow | undefined> {
  const [row] = await db.select().from(penalties).where(and(eq(penalties.orgId, orgId), eq(penalties.id, id)));
  return row;
}

export async function listPenalties(db: Db, orgId: string, filter: { userId?: string | undefined; status?: 'open' | 'confirmed' | 'withdrawn' | undefined }) {
  const status =
    filter.status === 'open'
      ? and(isNull(penalties.confirmedAt), isNull(penalties.withdrawnAt))
      : filter.status === 'confirmed'
        ? isNotNull(penalties.confirmedAt)
        : filter.status === 'withdrawn'
          ? isNotNull(penalties.withdrawnAt)
          : undefined;
  return db
    .select()
    .from(penalties)
    .where(and(eq(penalties.orgId, orgId), filter.userId ? eq(penalties.userId, filter.userId) : undefined, status))
    .orderBy(desc(penalties.recordedAt))
    .limit(500);
}

export async function decidePenalty(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof penalties.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(penalties)
    .set({ ...changes, version: sql`${penalties.version} + 1` })
    .where(and(eq(penalties.orgId, orgId), eq(penalties.id, id), eq(penalties.version, version), isNull(penalties.confirmedAt), isNull(penalties.withdrawnAt)))
    .returning({ id: penalties.id });
  return rows.length > 0;
}

/** A5: penalties confirmed in [from, to) and not withdrawn, with their local confirmation day. */
export async function confirmedPenalties(db: Db, orgId: string, from: Date, to: Date, timeZone: string) {
  const rows = await queryRows<{ id: string; user_id: string; cause: string; amount_fen: string | number; description: string; ticket_id: string | null; number: string | null; confirmed_on: string }>(
    db,
    sql`select p.id, p.user_id, p.cause, p.amount_fen, p.description, p.ticket_id, t.number,
          to_char(p.confirmed_at at time zone ${timeZone}, 'YYYY-MM-DD') as confirmed_on
        from pay_penalties p left join ${ticketRefs} t on t.org_id = p.org_id and t.id = p.ticket_id
        where p.org_id = ${orgId} and p.withdrawn_at is null and p.confirmed_at >= ${from.toISOString()} and p.confirmed_at < ${to.toISOString()}`,
  );
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    cause: r.cause as 'wrong_phone' | 'quality_complaint' | 'other',
    amountFen: Number(r.amount_fen),
    description: r.description,
    ticketId: r.ticket_id,
    ticketNumber: r.number,
    confirmedOn: r.confirmed_on,
  }));
}

// --- rework judgements (M8) ---------------------------------------------------------------------

export async function findJudgement(db: Db, orgId: string, reworkTicketId: string): Promise<JudgementRow | undefined> {
  const [row] = await db.select().from(reworkJudgements).where(and(eq(reworkJudgements.orgId, orgId), eq(reworkJudgements.reworkTicketId, reworkTicketId)));
  return row;
}

export async function upsertJudgement(db: Db, row: typeof reworkJudgements.$inferInsert) {
  await db
    .insert(reworkJudgements)
    .values(row)
    .onConflictDoUpdate({
      target: [reworkJudgements.orgId, reworkJudgements.reworkTicketId],
      set: {
        originalTicketId: row.originalTicketId,
        atFaultUserIds: row.atFaultUserIds,
        reason: row.reason,
        decidedBy: row.decidedBy,
        decidedAt: row.decidedAt,
        version: sql`${reworkJudgements.version} + 1`,
      },
    });
}

/** Judgements decided before `to`, with the local day their rework ticket was reported. */
export async function judgementsBefore(db: Db, orgId: string, to: Date, timeZone: string) {
  const rows = await queryRows<{ original_ticket_id: string; at_fault_user_ids: string[] | string; reason: string; reported_on: string; decided_on: string }>(
    db,
    sql`select j.original_ticket_id, j.at_fault_user_ids, j.reason,
          to_char(t.reported_at at time zone ${timeZone}, 'YYYY-MM-DD') as reported_on,
          to_char(j.decided_at at time zone ${timeZone}, 'YYYY-MM-DD') as decided_on
        from pay_rework_judgements j join ${ticketRefs} t on t.org_id = j.org_id and t.id = j.rework_ticket_id
        where j.org_id = ${orgId} and j.decided_at < ${to.toISOString()} and cardinality(j.at_fault_user_ids) > 0`,
  );
  return rows.map((r) => ({
    originalTicketId: r.original_ticket_id,
    atFaultUserIds: parseUuidArray(r.at_fault_user_ids),
    reason: r.reason,
    reworkReportedOn: r.reported_on,
    decidedOn: r.decided_on,
  }));
}

/** A uuid[] arrives as an array from one driver and as `{a,b}` text from another. */
function parseUuidArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  return value.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
}

export async function ticketBasics(db: Db, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: ticketRefs.id, number: ticketRefs.number, reportedAt: ticketRefs.reportedAt, completedAt: ticketRefs.completedAt })
    .from(ticketRefs)
    .where(and(eq(ticketRefs.orgId, orgId), inArray(ticketRefs.id, ids)));
}

/** Ticket types whose finished work a later ticket can rework. */
const REWORKABLE_TYPES: TicketType[] = ['repair', 'workshop', 'rma', 'installation'];

/**
 * M8: finished work on the ticket's asset (or, when it has none, for its customer) completed
 * before the ticket was reported, newest first.
 */
export async function reworkCandidates(db: Db, orgId: string, ticketId: string, limit: number) {
  const [ticket] = await db
    .select({ customerId: ticketRefs.customerId, assetId: ticketRefs.assetId, reportedAt: ticketRefs.reportedAt })
    .from(ticketRefs)
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  if (!ticket) return undefined;
  const sameWork = ticket.assetId ? eq(ticketRefs.assetId, ticket.assetId) : eq(ticketRefs.customerId, ticket.customerId);
  const rows = await db
    .select({ id: ticketRefs.id, number: ticketRefs.number, type: ticketRefs.type, completedAt: ticketRefs.completedAt })
    .from(ticketRefs)
    .where(
      and(
        eq(ticketRefs.orgId, orgId),
        ne(ticketRefs.id, ticketId),
        sameWork,
        inArray(ticketRefs.type, REWORKABLE_TYPES),
        isNotNull(ticketRefs.completedAt),
        sql`${ticketRefs.completedAt} <= ${ticket.reportedAt}`,
      ),
    )
    .orderBy(desc(ticketRefs.completedAt))
    .limit(limit);
  return { reportedAt: ticket.reportedAt, sameAsset: ticket.assetId !== null, rows: rows.map((r) => ({ ...r, completedAt: r.completedAt as Date })) };
}

export async function namesOf(db: Db, orgId: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.orgId, orgId), inArray(people.id, ids)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export type { EmploymentStatus, TechnicianGrade };
