import { and, asc, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { people } from '../identity';
import { ticketRefs } from '../tickets';
import { assetRefs } from '../assets';
import type { RequisitionStatus, TicketPartStatus } from '../../../shared/contracts/parts';
import { oldPartReturns, partContractPrices, parts, requisitionLines, requisitions, stockBalances, stockLocations, ticketParts } from './parts.schema';

/*
 * Queries of parts on tickets, requisitions (H7) and old-part returns.
 */

export type TicketPartRow = typeof ticketParts.$inferSelect;
export type RequisitionRow = typeof requisitions.$inferSelect;
export type RequisitionLineRow = typeof requisitionLines.$inferSelect;
export type OldPartReturnRow = typeof oldPartReturns.$inferSelect;

// --- parts on a ticket -----------------------------------------------------------------------

export async function insertTicketParts(db: Db, rows: (typeof ticketParts.$inferInsert)[]) {
  if (rows.length) await db.insert(ticketParts).values(rows);
}

export async function lockTicketPart(db: Db, orgId: string, ticketId: string, id: string): Promise<TicketPartRow | null> {
  const [row] = await db
    .select()
    .from(ticketParts)
    .where(and(eq(ticketParts.orgId, orgId), eq(ticketParts.ticketId, ticketId), eq(ticketParts.id, id)))
    .for('update');
  return row ?? null;
}

/** The ticket's parts of these statuses, locked (oldest first), for the caller to change. */
export async function lockTicketPartsOf(db: Db, orgId: string, ticketIds: readonly string[], statuses: readonly TicketPartStatus[]): Promise<TicketPartRow[]> {
  if (!ticketIds.length) return [];
  return db
    .select()
    .from(ticketParts)
    .where(and(eq(ticketParts.orgId, orgId), inArray(ticketParts.ticketId, [...ticketIds]), inArray(ticketParts.status, [...statuses])))
    .orderBy(asc(ticketParts.createdAt), asc(ticketParts.id))
    .for('update');
}

/** The ticket parts issued into a location (a van) and not yet consumed, of these parts, oldest first, locked. */
export async function lockIssuedAt(db: Db, orgId: string, locationId: string, partIds: readonly string[]): Promise<TicketPartRow[]> {
  if (!partIds.length) return [];
  return db
    .select()
    .from(ticketParts)
    .where(and(eq(ticketParts.orgId, orgId), eq(ticketParts.locationId, locationId), eq(ticketParts.status, 'issued'), inArray(ticketParts.partId, [...partIds])))
    .orderBy(asc(ticketParts.createdAt), asc(ticketParts.id))
    .for('update');
}

export async function updateTicketPart(db: Db, orgId: string, id: string, patch: Partial<typeof ticketParts.$inferInsert>) {
  await db
    .update(ticketParts)
    .set({ ...patch, updatedAt: new Date(), version: sql`${ticketParts.version} + 1` })
    .where(and(eq(ticketParts.orgId, orgId), eq(ticketParts.id, id)));
}

const proposer = alias(people, 'proposer');

export async function listTicketParts(db: Db, orgId: string, ticketIds: readonly string[]) {
  if (!ticketIds.length) return [];
  return db
    .select({
      row: ticketParts,
      partNumber: parts.number,
      partName: parts.name,
      unit: parts.unit,
      serialTracked: parts.serialTracked,
      costPriceFen: parts.costPriceFen,
      contractPriceFen: parts.contractPriceFen,
      retailPriceFen: parts.retailPriceFen,
      locationName: stockLocations.name,
      locationKind: stockLocations.kind,
      proposedByName: proposer.name,
    })
    .from(ticketParts)
    .innerJoin(parts, and(eq(parts.orgId, ticketParts.orgId), eq(parts.id, ticketParts.partId)))
    .leftJoin(stockLocations, and(eq(stockLocations.orgId, ticketParts.orgId), eq(stockLocations.id, ticketParts.locationId)))
    .leftJoin(proposer, and(eq(proposer.orgId, ticketParts.orgId), eq(proposer.id, ticketParts.proposedBy)))
    .where(and(eq(ticketParts.orgId, orgId), inArray(ticketParts.ticketId, [...ticketIds])))
    .orderBy(asc(ticketParts.createdAt), asc(ticketParts.id));
}

/**
 * The tickets' counted part lines at cost (the rule of `ticketPartsOf`: open statuses, the unit
 * cost fixed at consumption or else the part's cost price), folded to one row per ticket, quantity
 * and unit cost with how many lines share them; the caller multiplies through shared/money.ts.
 */
export async function partCostLines(db: Db, orgId: string, ticketIds: readonly string[], statuses: readonly TicketPartStatus[]) {
  if (!ticketIds.length) return [];
  const unitCostFen = sql<number>`coalesce(${ticketParts.unitCostFen}, ${parts.costPriceFen})`.mapWith(Number);
  return db
    .select({ ticketId: ticketParts.ticketId, quantity: ticketParts.quantity, unitCostFen, lines: sql<number>`count(*)`.mapWith(Number) })
    .from(ticketParts)
    .innerJoin(parts, and(eq(parts.orgId, ticketParts.orgId), eq(parts.id, ticketParts.partId)))
    .where(and(eq(ticketParts.orgId, orgId), sql`${ticketParts.ticketId} = any(${sql.param([...ticketIds])}::uuid[])`, inArray(ticketParts.status, [...statuses])))
    .groupBy(ticketParts.ticketId, ticketParts.quantity, unitCostFen);
}

/** E5: the prices agreed with a customer, part by part (empty: the customer has no contract). */
export async function customerContractPrices(db: Db, orgId: string, customerId: string) {
  return db
    .select({ partId: partContractPrices.partId, priceFen: partContractPrices.priceFen })
    .from(partContractPrices)
    .where(and(eq(partContractPrices.orgId, orgId), eq(partContractPrices.customerId, customerId)));
}

/** Technicians' vans and bags. */
export async function vansOf(db: Db, orgId: string, userIds: readonly string[]) {
  if (!userIds.length) return [];
  return db
    .select()
    .from(stockLocations)
    .where(and(eq(stockLocations.orgId, orgId), eq(stockLocations.kind, 'van'), eq(stockLocations.active, true), inArray(stockLocations.ownerUserId, [...userIds])))
    .orderBy(asc(stockLocations.createdAt));
}

/** Where a part is available, at warehouses and depots (and at one van, when named). */
export async function availability(db: Db, orgId: string, partId: string, vanId: string | null) {
  const kinds: SQL = vanId ? sql`(${stockLocations.kind} in ('warehouse', 'depot') or ${stockLocations.id} = ${vanId})` : sql`${stockLocations.kind} in ('warehouse', 'depot')`;
  return db
    .select({ location: stockLocations, available: sql<number>`(${stockBalances.onHand} - ${stockBalances.reserved})::float8` })
    .from(stockBalances)
    .innerJoin(stockLocations, and(eq(stockLocations.orgId, stockBalances.orgId), eq(stockLocations.id, stockBalances.locationId)))
    .where(and(eq(stockBalances.orgId, orgId), eq(stockBalances.partId, partId), eq(stockLocations.active, true), kinds));
}

export async function ticketNumbers(db: Db, orgId: string, ids: readonly string[]) {
  if (!ids.length) return new Map<string, string>();
  const rows = await db.select({ id: ticketRefs.id, number: ticketRefs.number }).from(ticketRefs).where(and(eq(ticketRefs.orgId, orgId), inArray(ticketRefs.id, [...ids])));
  return new Map(rows.map((r) => [r.id, r.number]));
}

export async function ticketsOf(db: Db, orgId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.select().from(ticketRefs).where(and(eq(ticketRefs.orgId, orgId), inArray(ticketRefs.id, [...ids])));
}

/** Open tickets a technician leads, for the day's jobs on the phone. */
export async function ticketsLedBy(db: Db, orgId: string, userId: string) {
  return db
    .select({ id: ticketRefs.id, number: ticketRefs.number })
    .from(ticketRefs)
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.assigneeId, userId), sql`${ticketRefs.status} not in ('completed', 'closed', 'cancelled')`))
    .orderBy(desc(ticketRefs.reportedAt))
    .limit(50);
}

export async function namesOf(db: Db, orgId: string, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.orgId, orgId), inArray(people.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// --- requisitions (H7) -----------------------------------------------------------------------

export async function insertRequisition(db: Db, row: typeof requisitions.$inferInsert, lines: (typeof requisitionLines.$inferInsert)[]) {
  await db.insert(requisitions).values(row);
  await db.insert(requisitionLines).values(lines);
}

export async function lockRequisition(db: Db, orgId: string, id: string): Promise<RequisitionRow | null> {
  const [row] = await db.select().from(requisitions).where(and(eq(requisitions.orgId, orgId), eq(requisitions.id, id))).for('update');
  return row ?? null;
}

export async function updateRequisition(db: Db, orgId: string, id: string, patch: Partial<typeof requisitions.$inferInsert>) {
  await db
    .update(requisitions)
    .set({ ...patch, version: sql`${requisitions.version} + 1` })
    .where(and(eq(requisitions.orgId, orgId), eq(requisitions.id, id)));
}

export async function updateRequisitionLine(db: Db, orgId: string, requisitionId: string, lineNo: number, patch: Partial<typeof requisitionLines.$inferInsert>) {
  await db
    .update(requisitionLines)
    .set(patch)
    .where(and(eq(requisitionLines.orgId, orgId), eq(requisitionLines.requisitionId, requisitionId), eq(requisitionLines.lineNo, lineNo)));
}

export async function listRequisitions(
  db: Db,
  orgId: string,
  query: { status?: RequisitionStatus | undefined; technicianId?: string | undefined; forDay?: string | undefined; ids?: readonly string[] },
) {
  const filters: SQL[] = [eq(requisitions.orgId, orgId)];
  if (query.status) filters.push(eq(requisitions.status, query.status));
  if (query.technicianId) filters.push(eq(requisitions.technicianId, query.technicianId));
  if (query.forDay) filters.push(eq(requisitions.forDay, query.forDay));
  if (query.ids) filters.push(inArray(requisitions.id, [...query.ids]));
  return db.select().from(requisitions).where(and(...filters)).orderBy(desc(requisitions.requestedAt)).limit(200);
}

export async function requisitionLinesOf(db: Db, orgId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .select({ line: requisitionLines, partNumber: parts.number, partName: parts.name, unit: parts.unit, serialTracked: parts.serialTracked, ticketNumber: ticketRefs.number })
    .from(requisitionLines)
    .innerJoin(parts, and(eq(parts.orgId, requisitionLines.orgId), eq(parts.id, requisitionLines.partId)))
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, requisitionLines.orgId), eq(ticketRefs.id, requisitionLines.ticketId)))
    .where(and(eq(requisitionLines.orgId, orgId), inArray(requisitionLines.requisitionId, [...ids])))
    .orderBy(asc(requisitionLines.requisitionId), asc(requisitionLines.lineNo));
}

// --- old-part returns ------------------------------------------------------------------------

export async function insertOldPartReturns(db: Db, rows: (typeof oldPartReturns.$inferInsert)[]) {
  if (rows.length) await db.insert(oldPartReturns).values(rows);
}

export async function lockOldPartReturn(db: Db, orgId: string, id: string): Promise<OldPartReturnRow | null> {
  const [row] = await db.select().from(oldPartReturns).where(and(eq(oldPartReturns.orgId, orgId), eq(oldPartReturns.id, id))).for('update');
  return row ?? null;
}

export async function updateOldPartReturn(db: Db, orgId: string, id: string, patch: Partial<typeof oldPartReturns.$inferInsert>) {
  await db
    .update(oldPartReturns)
    .set(patch)
    .where(and(eq(oldPartReturns.orgId, orgId), eq(oldPartReturns.id, id)));
}

const technician = alias(people, 'technician');

export async function listOldPartReturns(
  db: Db,
  orgId: string,
  query: { state?: 'open' | 'overdue' | 'returned' | 'all' | undefined; technicianId?: string | undefined; ticketId?: string | undefined; ids?: readonly string[] },
  now: Date,
) {
  const filters: SQL[] = [eq(oldPartReturns.orgId, orgId)];
  const state = query.state ?? 'open';
  if (state === 'open') filters.push(isNull(oldPartReturns.returnedAt));
  if (state === 'overdue') filters.push(isNull(oldPartReturns.returnedAt), lt(oldPartReturns.dueAt, now));
  if (state === 'returned') filters.push(sql`${oldPartReturns.returnedAt} is not null`);
  if (query.technicianId) filters.push(eq(oldPartReturns.technicianId, query.technicianId));
  if (query.ticketId) filters.push(eq(oldPartReturns.ticketId, query.ticketId));
  if (query.ids) filters.push(inArray(oldPartReturns.id, [...query.ids]));
  return db
    .select({
      row: oldPartReturns,
      ticketNumber: ticketRefs.number,
      partNumber: parts.number,
      partName: parts.name,
      technicianName: technician.name,
      locationName: stockLocations.name,
      expectedSerial: ticketParts.removedSerial,
    })
    .from(oldPartReturns)
    .innerJoin(ticketRefs, and(eq(ticketRefs.orgId, oldPartReturns.orgId), eq(ticketRefs.id, oldPartReturns.ticketId)))
    .innerJoin(parts, and(eq(parts.orgId, oldPartReturns.orgId), eq(parts.id, oldPartReturns.partId)))
    .innerJoin(technician, and(eq(technician.orgId, oldPartReturns.orgId), eq(technician.id, oldPartReturns.technicianId)))
    .leftJoin(stockLocations, and(eq(stockLocations.orgId, oldPartReturns.orgId), eq(stockLocations.id, oldPartReturns.locationId)))
    .leftJoin(ticketParts, and(eq(ticketParts.orgId, oldPartReturns.orgId), eq(ticketParts.id, oldPartReturns.ticketPartId)))
    .where(and(...filters))
    .orderBy(asc(oldPartReturns.dueAt), asc(oldPartReturns.id))
    .limit(500);
}

/** Overdue returns counted per technician, most first. */
export async function overdueByTechnician(db: Db, orgId: string, now: Date) {
  return db
    .select({ technicianId: oldPartReturns.technicianId, technicianName: technician.name, count: sql<number>`count(*)::int`, oldestDueAt: sql<Date>`min(${oldPartReturns.dueAt})` })
    .from(oldPartReturns)
    .innerJoin(technician, and(eq(technician.orgId, oldPartReturns.orgId), eq(technician.id, oldPartReturns.technicianId)))
    .where(and(eq(oldPartReturns.orgId, orgId), isNull(oldPartReturns.returnedAt), lt(oldPartReturns.dueAt, now)))
    .groupBy(oldPartReturns.technicianId, technician.name)
    .orderBy(desc(sql`count(*)`), asc(technician.name));
}


/** E5: the price agreed with a customer for a part (replacing any earlier one). */
/** What was fitted to an asset and what was taken out, job by job, on the tickets the caller may see (newest first). */
export async function fittedToAsset(db: Db, orgId: string, assetId: string, visible: SQL) {
  return db
    .select({
      ticketId: ticketParts.ticketId,
      ticketNumber: ticketRefs.number,
      partId: ticketParts.partId,
      partNumber: parts.number,
      partName: parts.name,
      quantity: ticketParts.quantity,
      unit: parts.unit,
      serial: ticketParts.serial,
      removedSerial: ticketParts.removedSerial,
      at: ticketParts.updatedAt,
    })
    .from(ticketParts)
    .innerJoin(ticketRefs, and(eq(ticketRefs.orgId, ticketParts.orgId), eq(ticketRefs.id, ticketParts.ticketId)))
    .innerJoin(parts, and(eq(parts.orgId, ticketParts.orgId), eq(parts.id, ticketParts.partId)))
    .where(and(eq(ticketParts.orgId, orgId), eq(ticketRefs.assetId, assetId), eq(ticketParts.status, 'consumed'), visible))
    .orderBy(desc(ticketParts.updatedAt), asc(parts.number))
    .limit(500);
}

export async function assetExists(db: Db, orgId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ id: assetRefs.id }).from(assetRefs).where(and(eq(assetRefs.orgId, orgId), eq(assetRefs.id, id)));
  return Boolean(row);
}
