import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { assetRefs, productRefs } from '../assets';
import { customerRefs } from '../customers';
import { ticketRefs } from '../tickets';
import type { LoanerStatus } from '../../../shared/contracts/parts';
import { loanerEquivalents, loanerUnits, stockLocations } from './parts.schema';

export type LoanerRow = typeof loanerUnits.$inferSelect;

/** A unit with the names it is shown by: its product, its pool, and while lent its ticket and customer. */
const listed = {
  unit: loanerUnits,
  productName: productRefs.name,
  locationName: stockLocations.name,
  latitude: stockLocations.latitude,
  longitude: stockLocations.longitude,
  ticketNumber: ticketRefs.number,
  customerName: customerRefs.name,
};
export type ListedLoaner = {
  unit: LoanerRow;
  productName: string;
  locationName: string;
  latitude: number | null;
  longitude: number | null;
  ticketNumber: string | null;
  customerName: string | null;
};

function selectListed(db: Db, where: SQL | undefined) {
  return db
    .select(listed)
    .from(loanerUnits)
    .innerJoin(productRefs, and(eq(productRefs.orgId, loanerUnits.orgId), eq(productRefs.id, loanerUnits.productId)))
    .innerJoin(stockLocations, and(eq(stockLocations.orgId, loanerUnits.orgId), eq(stockLocations.id, loanerUnits.homeLocationId)))
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, loanerUnits.orgId), eq(ticketRefs.id, loanerUnits.ticketId)))
    .leftJoin(customerRefs, and(eq(customerRefs.orgId, loanerUnits.orgId), eq(customerRefs.id, loanerUnits.customerId)))
    .where(where);
}

export async function insertLoaner(db: Db, row: typeof loanerUnits.$inferInsert) {
  await db.insert(loanerUnits).values(row);
}

export async function findListed(db: Db, orgId: string, ids: readonly string[]): Promise<ListedLoaner[]> {
  if (ids.length === 0) return [];
  return selectListed(db, and(eq(loanerUnits.orgId, orgId), inArray(loanerUnits.id, [...ids])));
}

export async function listLoaners(
  db: Db,
  orgId: string,
  query: { status?: LoanerStatus | undefined; locationId?: string | undefined; productId?: string | undefined; overdueAt?: Date | undefined },
): Promise<ListedLoaner[]> {
  const filters: SQL[] = [eq(loanerUnits.orgId, orgId)];
  if (query.status) filters.push(eq(loanerUnits.status, query.status));
  if (query.locationId) filters.push(eq(loanerUnits.homeLocationId, query.locationId));
  if (query.productId) filters.push(eq(loanerUnits.productId, query.productId));
  if (query.overdueAt) filters.push(eq(loanerUnits.status, 'lent'), lt(loanerUnits.dueAt, query.overdueAt));
  const order = query.overdueAt ? [asc(loanerUnits.dueAt)] : [asc(productRefs.name), asc(stockLocations.name), asc(loanerUnits.serial)];
  return selectListed(db, and(...filters))
    .orderBy(...order)
    .limit(2_000);
}

/** Available units of these products, in pools that are in use. */
export async function availableOf(db: Db, orgId: string, productIds: readonly string[]): Promise<ListedLoaner[]> {
  if (productIds.length === 0) return [];
  return selectListed(
    db,
    and(eq(loanerUnits.orgId, orgId), inArray(loanerUnits.productId, [...productIds]), eq(loanerUnits.status, 'available'), eq(stockLocations.active, true)),
  ).limit(500);
}

/** The unit lent for a ticket, if one is out. */
export async function lentFor(db: Db, orgId: string, ticketId: string): Promise<ListedLoaner | null> {
  const [row] = await selectListed(db, and(eq(loanerUnits.orgId, orgId), eq(loanerUnits.ticketId, ticketId), eq(loanerUnits.status, 'lent')));
  return row ?? null;
}

export async function lockLoaner(db: Db, orgId: string, id: string): Promise<LoanerRow | null> {
  const [row] = await db
    .select()
    .from(loanerUnits)
    .where(and(eq(loanerUnits.orgId, orgId), eq(loanerUnits.id, id)))
    .for('update');
  return row ?? null;
}

export async function updateLoaner(db: Db, orgId: string, id: string, patch: Partial<typeof loanerUnits.$inferInsert>) {
  await db
    .update(loanerUnits)
    .set({ ...patch, version: sql`${loanerUnits.version} + 1` })
    .where(and(eq(loanerUnits.orgId, orgId), eq(loanerUnits.id, id)));
}

/** The product of a ticket's asset, and its customer (null product when the asset names none). */
export async function ticketAssetOf(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({ customerId: ticketRefs.customerId, status: ticketRefs.status, productId: assetRefs.productId })
    .from(ticketRefs)
    .leftJoin(assetRefs, and(eq(assetRefs.orgId, ticketRefs.orgId), eq(assetRefs.id, ticketRefs.assetId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row ?? null;
}

export async function productsExist(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: productRefs.id, name: productRefs.name })
    .from(productRefs)
    .where(and(eq(productRefs.orgId, orgId), inArray(productRefs.id, [...ids])));
}

/** A product's equivalents, best first. */
export async function equivalentsOf(db: Db, orgId: string, productId: string) {
  return db
    .select({ productId: loanerEquivalents.equivalentId, productName: productRefs.name, rank: loanerEquivalents.rank })
    .from(loanerEquivalents)
    .innerJoin(productRefs, and(eq(productRefs.orgId, loanerEquivalents.orgId), eq(productRefs.id, loanerEquivalents.equivalentId)))
    .where(and(eq(loanerEquivalents.orgId, orgId), eq(loanerEquivalents.productId, productId)))
    .orderBy(asc(loanerEquivalents.rank), asc(productRefs.name));
}

export async function replaceEquivalents(db: Db, orgId: string, productId: string, equivalentIds: readonly string[]) {
  await db.delete(loanerEquivalents).where(and(eq(loanerEquivalents.orgId, orgId), eq(loanerEquivalents.productId, productId)));
  if (equivalentIds.length) await db.insert(loanerEquivalents).values(equivalentIds.map((equivalentId, rank) => ({ orgId, productId, equivalentId, rank })));
}
