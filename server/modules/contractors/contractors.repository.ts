import { and, asc, desc, eq, ilike, inArray, isNull, lte, or, sql, type SQLWrapper } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { LedgerRule, Trade } from '../../../shared/contracts/contractors';
import { people } from '../identity';
import { addressRefs } from '../customers';
import { ticketRefs } from '../tickets';
import { contractorContracts, contractorResponsibilities, contractors, countersignatures, delegationAgreements, depositLedger, statementLines, statements, ticketUnits } from './contractors.schema';

/* Every query of the contractors module: its own tables, and the tickets' and people's published views. */

export type ContractorRow = typeof contractors.$inferSelect;
export type ContractorInsert = typeof contractors.$inferInsert;
export type ContractRow = typeof contractorContracts.$inferSelect;
export type ResponsibilityRow = typeof contractorResponsibilities.$inferSelect;
export type AgreementRow = typeof delegationAgreements.$inferSelect;
export type LedgerRow = typeof depositLedger.$inferSelect;

export async function insertContractor(db: Db, row: ContractorInsert) {
  await db.insert(contractors).values(row);
}

export async function findContractor(db: Db, orgId: string, id: string): Promise<ContractorRow | undefined> {
  const [row] = await db.select().from(contractors).where(and(eq(contractors.orgId, orgId), eq(contractors.id, id)));
  return row;
}

/** The contractor, locked until the caller's transaction ends: its ledger lines are written one at a time. */
export async function lockContractor(db: Db, orgId: string, id: string): Promise<ContractorRow | undefined> {
  const [row] = await db.select().from(contractors).where(and(eq(contractors.orgId, orgId), eq(contractors.id, id))).for('update');
  return row;
}

export async function updateContractor(db: Db, orgId: string, id: string, version: number, changes: Partial<ContractorInsert>): Promise<boolean> {
  const rows = await db
    .update(contractors)
    .set({ ...changes, version: sql`${contractors.version} + 1` })
    .where(and(eq(contractors.orgId, orgId), eq(contractors.id, id), eq(contractors.version, version)))
    .returning({ id: contractors.id });
  return rows.length > 0;
}

export interface ListedContractor {
  id: string;
  name: string;
  creditCode: string | null;
  repairPhone: string;
  responsiblePerson: string;
  balanceFen: number;
  openTickets: number;
}

/** Contractors by name, each with its deposit balance (the sum of its ledger) and its open tickets. */
export async function listContractors(db: Db, orgId: string, filter: { q?: string | undefined; ids?: string[] }): Promise<ListedContractor[]> {
  // Column names are qualified by hand: inside a select list Drizzle names them bare.
  const balance = sql<number>`coalesce((select sum(l.amount_fen) from ${depositLedger} l where l.org_id = "contractors"."org_id" and l.contractor_id = "contractors"."id"), 0)::bigint`;
  const open = sql<number>`(select count(*) from ${ticketRefs} t where t.org_id = "contractors"."org_id" and t.contractor_id = "contractors"."id"
      and t.status not in ('closed', 'cancelled'))::int`;
  return db
    .select({
      id: contractors.id,
      name: contractors.name,
      creditCode: contractors.creditCode,
      repairPhone: contractors.repairPhone,
      responsiblePerson: contractors.responsiblePerson,
      balanceFen: balance.mapWith(Number),
      openTickets: open.mapWith(Number),
    })
    .from(contractors)
    .where(
      and(
        eq(contractors.orgId, orgId),
        filter.q ? or(ilike(contractors.name, `%${filter.q}%`), ilike(contractors.repairPhone, `%${filter.q}%`)) : undefined,
        filter.ids ? inArray(contractors.id, filter.ids) : undefined,
      ),
    )
    .orderBy(asc(contractors.name))
    .limit(500);
}

export async function insertContract(db: Db, row: typeof contractorContracts.$inferInsert) {
  await db.insert(contractorContracts).values(row);
}

export async function contractsOf(db: Db, orgId: string, contractorId: string): Promise<ContractRow[]> {
  return db
    .select()
    .from(contractorContracts)
    .where(and(eq(contractorContracts.orgId, orgId), eq(contractorContracts.contractorId, contractorId)))
    .orderBy(asc(contractorContracts.estate), asc(contractorContracts.createdAt));
}

/**
 * Serialises additions to one building's trade, so that two lines added at the same moment
 * cannot both pass the overlap check (the lock ends with the transaction).
 */
export async function lockMapKey(db: Db, orgId: string, estate: string, building: string, trade: Trade) {
  await queryRows(db, sql`select pg_advisory_xact_lock(hashtext(${`contractor-map:${orgId}:${estate}:${building}:${trade}`}))`);
}

/** A line of the same building and trade whose period meets [startsOn, endsOn] (a null start is the beginning of time). */
export async function findOverlap(db: Db, orgId: string, key: { estate: string; building: string; trade: Trade; startsOn: string | null; endsOn: string }) {
  const r = contractorResponsibilities;
  const [row] = await db
    .select({ id: r.id, contractorId: r.contractorId, startsOn: r.startsOn, warrantyEndsOn: r.warrantyEndsOn })
    .from(r)
    .where(
      and(
        eq(r.orgId, orgId),
        eq(r.estate, key.estate),
        eq(r.building, key.building),
        eq(r.trade, key.trade),
        or(isNull(r.startsOn), lte(r.startsOn, key.endsOn)),
        key.startsOn ? sql`${r.warrantyEndsOn} >= ${key.startsOn}` : undefined,
      ),
    )
    .limit(1);
  return row;
}

export async function insertResponsibility(db: Db, row: typeof contractorResponsibilities.$inferInsert) {
  await db.insert(contractorResponsibilities).values(row);
}

export type ListedResponsibility = ResponsibilityRow & { contractorName: string };

const responsibilityColumns = {
  orgId: contractorResponsibilities.orgId,
  id: contractorResponsibilities.id,
  contractorId: contractorResponsibilities.contractorId,
  estate: contractorResponsibilities.estate,
  building: contractorResponsibilities.building,
  trade: contractorResponsibilities.trade,
  startsOn: contractorResponsibilities.startsOn,
  warrantyEndsOn: contractorResponsibilities.warrantyEndsOn,
  createdBy: contractorResponsibilities.createdBy,
  createdAt: contractorResponsibilities.createdAt,
  contractorName: contractors.name,
};

export async function listResponsibilities(
  db: Db,
  orgId: string,
  filter: { contractorId?: string; estate?: string | undefined; building?: string | undefined },
): Promise<ListedResponsibility[]> {
  const r = contractorResponsibilities;
  return db
    .select(responsibilityColumns)
    .from(r)
    .innerJoin(contractors, and(eq(contractors.orgId, r.orgId), eq(contractors.id, r.contractorId)))
    .where(
      and(
        eq(r.orgId, orgId),
        filter.contractorId ? eq(r.contractorId, filter.contractorId) : undefined,
        filter.estate ? eq(r.estate, filter.estate) : undefined,
        filter.building ? eq(r.building, filter.building) : undefined,
      ),
    )
    .orderBy(asc(r.estate), asc(r.building), asc(r.trade), asc(r.warrantyEndsOn))
    .limit(2000);
}

/**
 * R3: the map's line for a unit's building and trade on a day: the line in force, or the latest
 * one that began before it (whose warranty may have ended: then the repair is the developer's).
 */
export async function lineFor(db: Db, orgId: string, key: { estate: string; building: string; trade: Trade; day: string }): Promise<ListedResponsibility | undefined> {
  const r = contractorResponsibilities;
  const [row] = await db
    .select(responsibilityColumns)
    .from(r)
    .innerJoin(contractors, and(eq(contractors.orgId, r.orgId), eq(contractors.id, r.contractorId)))
    .where(and(eq(r.orgId, orgId), eq(r.estate, key.estate), eq(r.building, key.building), eq(r.trade, key.trade), or(isNull(r.startsOn), lte(r.startsOn, key.day))))
    .orderBy(desc(r.warrantyEndsOn))
    .limit(1);
  return row;
}

/** What a ticket says about its contractor, its unit and its value (the tickets' and addresses' views). */
export interface TicketFacts {
  id: string;
  number: string;
  contractorId: string | null;
  trade: Trade | null;
  emergency: boolean;
  estimatedValueFen: number | null;
  reportedAt: Date;
  status: string;
  estate: string | null;
  building: string | null;
}

export async function ticketFacts(db: Db, orgId: string, ticketId: string): Promise<TicketFacts | undefined> {
  const [row] = await db
    .select({
      id: ticketRefs.id,
      number: ticketRefs.number,
      contractorId: ticketRefs.contractorId,
      trade: ticketRefs.trade,
      emergency: ticketRefs.emergency,
      estimatedValueFen: ticketRefs.estimatedValueFen,
      reportedAt: ticketRefs.reportedAt,
      status: ticketRefs.status,
      estate: addressRefs.estate,
      building: addressRefs.building,
    })
    .from(ticketRefs)
    .leftJoin(addressRefs, and(eq(addressRefs.orgId, ticketRefs.orgId), eq(addressRefs.id, ticketRefs.addressId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row;
}

export async function insertAgreement(db: Db, row: typeof delegationAgreements.$inferInsert) {
  await db.insert(delegationAgreements).values(row);
}

export async function agreementsOf(db: Db, orgId: string, contractorId: string): Promise<AgreementRow[]> {
  const a = delegationAgreements;
  return db.select().from(a).where(and(eq(a.orgId, orgId), eq(a.contractorId, contractorId))).orderBy(desc(a.startsOn));
}

export async function findAgreement(db: Db, orgId: string, id: string): Promise<AgreementRow | undefined> {
  const a = delegationAgreements;
  const [row] = await db.select().from(a).where(and(eq(a.orgId, orgId), eq(a.id, id)));
  return row;
}

/** The deposit balance: always the sum of the contractor's ledger. */
export async function balanceOf(db: Db, orgId: string, contractorId: string): Promise<number> {
  const [row] = await db
    .select({ balance: sql<number>`coalesce(sum(${depositLedger.amountFen}), 0)::bigint`.mapWith(Number) })
    .from(depositLedger)
    .where(and(eq(depositLedger.orgId, orgId), eq(depositLedger.contractorId, contractorId)));
  return row?.balance ?? 0;
}

export async function insertLine(db: Db, row: typeof depositLedger.$inferInsert) {
  await db.insert(depositLedger).values(row);
}

export async function findLine(db: Db, orgId: string, id: string): Promise<LedgerRow | undefined> {
  const [row] = await db.select().from(depositLedger).where(and(eq(depositLedger.orgId, orgId), eq(depositLedger.id, id)));
  return row;
}

/** What corrections have already given back of a line (a positive sum). */
export async function correctedOf(db: Db, orgId: string, lineId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${depositLedger.amountFen}), 0)::bigint`.mapWith(Number) })
    .from(depositLedger)
    .where(and(eq(depositLedger.orgId, orgId), eq(depositLedger.correctsId, lineId)));
  return row?.total ?? 0;
}

export type ListedLine = LedgerRow & { ticketNumber: string | null; createdByName: string | null };

/** The ledger, oldest line first, with ticket numbers and who wrote each line. */
export async function ledgerOf(db: Db, orgId: string, contractorId: string): Promise<ListedLine[]> {
  const l = depositLedger;
  const rows = await db
    .select({ line: l, ticketNumber: ticketRefs.number, createdByName: people.name })
    .from(l)
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, l.orgId), eq(ticketRefs.id, l.ticketId)))
    .leftJoin(people, and(eq(people.orgId, l.orgId), eq(people.id, l.createdBy)))
    .where(and(eq(l.orgId, orgId), eq(l.contractorId, contractorId)))
    .orderBy(asc(l.createdAt), asc(l.id));
  return rows.map((r) => ({ ...r.line, ticketNumber: r.ticketNumber, createdByName: r.createdByName }));
}

export interface MonthTicket {
  id: string;
  number: string;
  reportedAt: Date;
  building: string | null;
  unit: string | null;
  room: string | null;
  trade: Trade | null;
  contractorId: string | null;
  contractorName: string | null;
  status: string;
  /** Deductions less their corrections, a positive number. */
  deductedFen: number;
}

/** R9: the tickets reported on an estate's units between two instants, with their contractor and net deductions. */
export async function ticketsOfEstate(db: Db, orgId: string, estate: string, from: Date, to: Date): Promise<MonthTicket[]> {
  const deducted = sql<number>`coalesce((select -sum(l.amount_fen) from ${depositLedger} l
      where l.org_id = ${ticketRefs.orgId} and l.ticket_id = ${ticketRefs.id} and l.rule in ('R5', 'R6', 'R7', 'correction')), 0)::bigint`;
  return db
    .select({
      id: ticketRefs.id,
      number: ticketRefs.number,
      reportedAt: ticketRefs.reportedAt,
      building: addressRefs.building,
      unit: addressRefs.unit,
      room: addressRefs.room,
      trade: ticketRefs.trade,
      contractorId: ticketRefs.contractorId,
      contractorName: contractors.name,
      status: ticketRefs.status,
      deductedFen: deducted.mapWith(Number),
    })
    .from(ticketRefs)
    .innerJoin(addressRefs, and(eq(addressRefs.orgId, ticketRefs.orgId), eq(addressRefs.id, ticketRefs.addressId)))
    .leftJoin(contractors, and(eq(contractors.orgId, ticketRefs.orgId), eq(contractors.id, ticketRefs.contractorId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(addressRefs.estate, estate), sql`${ticketRefs.reportedAt} >= ${from}`, sql`${ticketRefs.reportedAt} < ${to}`))
    .orderBy(asc(ticketRefs.reportedAt), asc(ticketRefs.id));
}

/** Group complaints: the buildings' trades of an estate with at least `atLeast` tickets in a period, and when. */
export async function clustersSince(db: Db, orgId: string, estate: string, since: Date, until: Date, atLeast: number) {
  const u = ticketUnits;
  return db
    .select({ building: u.building, trade: u.trade, tickets: sql<number>`count(*)::int`.mapWith(Number), firstAt: sql<Date>`min(${u.reportedAt})`.mapWith((v: string | Date) => new Date(v)), lastAt: sql<Date>`max(${u.reportedAt})`.mapWith((v: string | Date) => new Date(v)) })
    .from(u)
    .where(and(eq(u.orgId, orgId), eq(u.estate, estate), sql`${u.reportedAt} >= ${since}`, sql`${u.reportedAt} < ${until}`))
    .groupBy(u.building, u.trade)
    .having(sql`count(*) >= ${atLeast}`)
    .orderBy(sql`count(*) desc`, u.building, u.trade);
}

/** How many tickets one building's trade had since an instant (the group-complaint check at intake): one indexed count. */
export async function countOfUnitTrade(db: Db, orgId: string, key: { estate: string; building: string; trade: Trade; since: Date }): Promise<number> {
  const u = ticketUnits;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int`.mapWith(Number) })
    .from(u)
    .where(and(eq(u.orgId, orgId), eq(u.estate, key.estate), eq(u.building, key.building), eq(u.trade, key.trade), sql`${u.reportedAt} >= ${key.since}`));
  return row?.n ?? 0;
}

/** The new ticket's building and trade, as a statement for the intake's single write. */
export function ticketUnitInsert(db: Db, row: typeof ticketUnits.$inferInsert): SQLWrapper {
  return db.insert(ticketUnits).values(row).onConflictDoNothing();
}

export type StatementRow = typeof statements.$inferSelect;
export type StatementLineRow = typeof statementLines.$inferSelect;

/** The deductions written in a period, each with what corrections already gave back. */
export async function deductionsBetween(db: Db, orgId: string, contractorId: string, from: Date, to: Date) {
  const l = depositLedger;
  return queryRows<{ id: string; amount_fen: number; corrected_fen: number }>(
    db,
    sql`select l.id, l.amount_fen, coalesce((select sum(c.amount_fen) from ${depositLedger} c where c.org_id = l.org_id and c.corrects_id = l.id), 0)::bigint as corrected_fen
        from ${l} l where l.org_id = ${orgId} and l.contractor_id = ${contractorId} and l.rule in ('R5', 'R6', 'R7')
          and l.created_at >= ${from} and l.created_at < ${to}
        order by l.created_at, l.id`,
  );
}

export async function insertStatement(db: Db, row: typeof statements.$inferInsert, lines: (typeof statementLines.$inferInsert)[]) {
  await db.insert(statements).values(row);
  if (lines.length) await db.insert(statementLines).values(lines);
}

export async function findStatement(db: Db, orgId: string, id: string, lock = false): Promise<StatementRow | undefined> {
  const q = db.select().from(statements).where(and(eq(statements.orgId, orgId), eq(statements.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function statementsOf(db: Db, orgId: string, contractorId: string): Promise<StatementRow[]> {
  return db.select().from(statements).where(and(eq(statements.orgId, orgId), eq(statements.contractorId, contractorId))).orderBy(desc(statements.quarter));
}

export async function linesOf(db: Db, orgId: string, statementId: string) {
  const s = statementLines;
  return db
    .select({ line: s, rule: depositLedger.rule, ticketId: depositLedger.ticketId, ticketNumber: ticketRefs.number, costBasisFen: depositLedger.costBasisFen, rateBp: depositLedger.rateBp })
    .from(s)
    .innerJoin(depositLedger, and(eq(depositLedger.orgId, s.orgId), eq(depositLedger.id, s.ledgerLineId)))
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, s.orgId), eq(ticketRefs.id, depositLedger.ticketId)))
    .where(and(eq(s.orgId, orgId), eq(s.statementId, statementId)))
    .orderBy(asc(depositLedger.createdAt), asc(s.id));
}

export async function updateStatementLines(db: Db, orgId: string, statementId: string, ids: string[] | 'open', changes: Partial<typeof statementLines.$inferInsert>) {
  const s = statementLines;
  await db
    .update(s)
    .set(changes)
    .where(and(eq(s.orgId, orgId), eq(s.statementId, statementId), ids === 'open' ? eq(s.status, 'open') : inArray(s.id, ids)));
}

export async function closeStatement(db: Db, orgId: string, id: string, at: Date) {
  await db
    .update(statements)
    .set({ status: 'closed', closedAt: at, version: sql`${statements.version} + 1` })
    .where(and(eq(statements.orgId, orgId), eq(statements.id, id)));
}

/** What is still deducted on a ticket under a rule: its deductions less their corrections (a positive number). */
export async function netDeducted(db: Db, orgId: string, ticketId: string, rule: LedgerRule): Promise<number> {
  const [row] = await queryRows<{ net: number }>(
    db,
    sql`select coalesce(-sum(l.amount_fen) - coalesce((select sum(c.amount_fen) from ${depositLedger} c where c.org_id = ${orgId} and c.corrects_id in
          (select d.id from ${depositLedger} d where d.org_id = ${orgId} and d.ticket_id = ${ticketId} and d.rule = ${rule})), 0), 0)::bigint as net
        from ${depositLedger} l where l.org_id = ${orgId} and l.ticket_id = ${ticketId} and l.rule = ${rule}`,
  );
  return Number(row?.net ?? 0);
}

export type CountersignRow = typeof countersignatures.$inferSelect;

export async function insertCountersign(db: Db, row: typeof countersignatures.$inferInsert) {
  await db.insert(countersignatures).values(row);
}

/** A contractor's countersignature requests with their tickets' numbers, newest first. */
export async function countersignsOf(db: Db, orgId: string, contractorId: string): Promise<(CountersignRow & { ticketNumber: string | null })[]> {
  const c = countersignatures;
  const rows = await db
    .select({ row: c, ticketNumber: ticketRefs.number })
    .from(c)
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, c.orgId), eq(ticketRefs.id, c.ticketId)))
    .where(and(eq(c.orgId, orgId), eq(c.contractorId, contractorId)))
    .orderBy(desc(c.createdAt), desc(c.id));
  return rows.map((r) => ({ ...r.row, ticketNumber: r.ticketNumber }));
}

/** One request, locked until the caller's transaction ends (it is signed once). */
export async function lockCountersign(db: Db, orgId: string, id: string): Promise<CountersignRow | undefined> {
  const c = countersignatures;
  const [row] = await db.select().from(c).where(and(eq(c.orgId, orgId), eq(c.id, id))).for('update');
  return row;
}

export async function signCountersign(db: Db, orgId: string, id: string, set: { signerName: string; signatureAttachmentId: string; signedBy: string; signedAt: Date; ledgerLineId: string | null }) {
  const c = countersignatures;
  await db.update(c).set(set).where(and(eq(c.orgId, orgId), eq(c.id, id), isNull(c.signedAt)));
}

/** An R7 fee of this ticket waiting for its countersignature (not on the ledger yet). */
export async function pendingFeeOf(db: Db, orgId: string, ticketId: string): Promise<CountersignRow | undefined> {
  const c = countersignatures;
  const [row] = await db.select().from(c).where(and(eq(c.orgId, orgId), eq(c.ticketId, ticketId), eq(c.rule, 'R7'), isNull(c.ledgerLineId)));
  return row;
}
