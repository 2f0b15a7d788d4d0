import { and, asc, eq, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { assetRefs, productRefs } from '../assets';
import { customerRefs } from '../customers';
import { ticketRefs } from '../tickets';
import { rmaProductDoaDays, rmaUnits } from './rma.schema';

export type RmaRow = typeof rmaUnits.$inferSelect;
export type RmaChanges = Partial<Omit<typeof rmaUnits.$inferInsert, 'orgId' | 'ticketId'>>;

/** The RMA of a ticket, locked for the caller's transaction. */
export async function lockUnit(tx: Db, orgId: string, ticketId: string): Promise<RmaRow | undefined> {
  const [row] = await tx.select().from(rmaUnits).where(and(eq(rmaUnits.orgId, orgId), eq(rmaUnits.ticketId, ticketId))).for('update');
  return row;
}

export async function findUnit(db: Db, orgId: string, ticketId: string): Promise<RmaRow | undefined> {
  const [row] = await db.select().from(rmaUnits).where(and(eq(rmaUnits.orgId, orgId), eq(rmaUnits.ticketId, ticketId)));
  return row;
}

/** The RMA row of a ticket, made on its first step (registered), locked. */
export async function ensureUnit(tx: Db, orgId: string, ticketId: string, at: Date): Promise<RmaRow> {
  await tx.insert(rmaUnits).values({ orgId, ticketId, createdAt: at, updatedAt: at }).onConflictDoNothing();
  return (await lockUnit(tx, orgId, ticketId))!;
}

export async function updateUnit(tx: Db, orgId: string, ticketId: string, changes: RmaChanges, at: Date): Promise<void> {
  await tx
    .update(rmaUnits)
    .set({ ...changes, updatedAt: at, version: sql`${rmaUnits.version} + 1` })
    .where(and(eq(rmaUnits.orgId, orgId), eq(rmaUnits.ticketId, ticketId)));
}

/** What an RMA decides by of its ticket and asset: the type, the day it was reported, the asset's dates and warranty terms. */
export async function ticketFacts(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({
      number: ticketRefs.number,
      type: ticketRefs.type,
      status: ticketRefs.status,
      customerId: ticketRefs.customerId,
      reportedAt: ticketRefs.reportedAt,
      assetId: assetRefs.id,
      productId: assetRefs.productId,
      // The product's own name where the asset names one (the C5 report groups by product).
      productName: sql<string | null>`coalesce(${productRefs.name}, ${assetRefs.productName})`,
      serialNumber: assetRefs.serialNumber,
      purchasedOn: assetRefs.purchasedOn,
      installedOn: assetRefs.installedOn,
      acceptedOn: assetRefs.acceptedOn,
      warrantyBasis: assetRefs.warrantyBasis,
      warrantyMonths: assetRefs.warrantyMonths,
    })
    .from(ticketRefs)
    .leftJoin(assetRefs, and(eq(assetRefs.orgId, ticketRefs.orgId), eq(assetRefs.id, ticketRefs.assetId)))
    .leftJoin(productRefs, and(eq(productRefs.orgId, assetRefs.orgId), eq(productRefs.id, assetRefs.productId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row;
}
export type TicketFacts = NonNullable<Awaited<ReturnType<typeof ticketFacts>>>;

export async function productDoaDays(db: Db, orgId: string, productId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ doaDays: rmaProductDoaDays.doaDays })
    .from(rmaProductDoaDays)
    .where(and(eq(rmaProductDoaDays.orgId, orgId), eq(rmaProductDoaDays.productId, productId)));
  return row?.doaDays;
}

export async function setProductDoaDays(tx: Db, orgId: string, productId: string, doaDays: number | null, at: Date): Promise<void> {
  if (doaDays === null) {
    await tx.delete(rmaProductDoaDays).where(and(eq(rmaProductDoaDays.orgId, orgId), eq(rmaProductDoaDays.productId, productId)));
    return;
  }
  await tx
    .insert(rmaProductDoaDays)
    .values({ orgId, productId, doaDays, updatedAt: at })
    .onConflictDoUpdate({ target: [rmaProductDoaDays.orgId, rmaProductDoaDays.productId], set: { doaDays, updatedAt: at } });
}

/** Advance replacements whose faulty unit has not come back and is due before `beforeDay`, oldest due first. */
export async function overdueAdvances(db: Db, orgId: string, beforeDay: string) {
  return db
    .select({
      ticketId: rmaUnits.ticketId,
      ticketNumber: ticketRefs.number,
      customerName: customerRefs.name,
      replacementSerial: rmaUnits.advanceSerial,
      depositFen: rmaUnits.advanceDepositFen,
      shippedAt: rmaUnits.advanceShippedAt,
      dueOn: rmaUnits.advanceDueOn,
    })
    .from(rmaUnits)
    .innerJoin(ticketRefs, and(eq(ticketRefs.orgId, rmaUnits.orgId), eq(ticketRefs.id, rmaUnits.ticketId)))
    .leftJoin(customerRefs, and(eq(customerRefs.orgId, ticketRefs.orgId), eq(customerRefs.id, ticketRefs.customerId)))
    .where(and(eq(rmaUnits.orgId, orgId), isNotNull(rmaUnits.advanceShippedAt), isNull(rmaUnits.advanceReturnedAt), lt(rmaUnits.advanceDueOn, beforeDay)))
    .orderBy(asc(rmaUnits.advanceDueOn))
    .limit(500);
}

/** C5: the units received in [from, to), with what the monthly report counts. */
export async function receivedBetween(db: Db, orgId: string, from: Date, to: Date) {
  return db
    .select({
      productId: rmaUnits.productId,
      productName: rmaUnits.productName,
      lotNumber: rmaUnits.lotNumber,
      serialFrom: rmaUnits.serialFrom,
      serialTo: rmaUnits.serialTo,
      outcome: rmaUnits.outcome,
      doa: rmaUnits.doa,
    })
    .from(rmaUnits)
    .where(and(eq(rmaUnits.orgId, orgId), gte(rmaUnits.receivedAt, from), lt(rmaUnits.receivedAt, to)));
}

export async function productExists(db: Db, orgId: string, productId: string): Promise<boolean> {
  const [row] = await db.select({ id: productRefs.id }).from(productRefs).where(and(eq(productRefs.orgId, orgId), eq(productRefs.id, productId)));
  return !!row;
}
