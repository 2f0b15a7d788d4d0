import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { assetRefs } from '../assets';
import { customerRefs } from '../customers';
import type { AssetKind } from '../../../shared/domain';
import { partCategories, partContractPrices, partFits, parts, partSubstitutes, stockBalances, stockLocations } from './parts.schema';

/* The catalogue's links: substitutes (E5), fits (A2), contract prices (E5), and the parts that fit an asset. */

const totals = {
  onHand: sql<string>`coalesce((select sum(b.on_hand) from stock_balances b where b.org_id = ${parts.orgId} and b.part_id = ${parts.id}), 0)`,
  available: sql<string>`coalesce((select sum(b.on_hand - b.reserved) from stock_balances b where b.org_id = ${parts.orgId} and b.part_id = ${parts.id}), 0)`,
};

const brief = {
  id: parts.id,
  number: parts.number,
  name: parts.name,
  category: partCategories.name,
  unit: parts.unit,
  retailPriceFen: parts.retailPriceFen,
  contractPriceFen: parts.contractPriceFen,
  discontinued: parts.discontinued,
  ...totals,
};

const withCategory = and(eq(partCategories.orgId, parts.orgId), eq(partCategories.id, parts.categoryId));

/** The substitutes of the given parts, best first. */
export async function substitutesOf(db: Db, orgId: string, partIds: readonly string[]) {
  if (partIds.length === 0) return [];
  return db
    .select({ partId: partSubstitutes.partId, rank: partSubstitutes.rank, ...brief })
    .from(partSubstitutes)
    .innerJoin(parts, and(eq(parts.orgId, partSubstitutes.orgId), eq(parts.id, partSubstitutes.substituteId)))
    .innerJoin(partCategories, withCategory)
    .where(and(eq(partSubstitutes.orgId, orgId), inArray(partSubstitutes.partId, [...partIds])))
    .orderBy(asc(partSubstitutes.partId), asc(partSubstitutes.rank));
}

/** The parts that name this one as their substitute. */
export async function substituteFor(db: Db, orgId: string, partId: string) {
  return db
    .select(brief)
    .from(partSubstitutes)
    .innerJoin(parts, and(eq(parts.orgId, partSubstitutes.orgId), eq(parts.id, partSubstitutes.partId)))
    .innerJoin(partCategories, withCategory)
    .where(and(eq(partSubstitutes.orgId, orgId), eq(partSubstitutes.substituteId, partId)))
    .orderBy(asc(parts.number));
}

export async function replaceSubstitutes(db: Db, orgId: string, partId: string, substituteIds: readonly string[]) {
  await db.delete(partSubstitutes).where(and(eq(partSubstitutes.orgId, orgId), eq(partSubstitutes.partId, partId)));
  if (substituteIds.length === 0) return;
  await db.insert(partSubstitutes).values(substituteIds.map((substituteId, rank) => ({ orgId, partId, substituteId, rank })));
}

export async function fitsOf(db: Db, orgId: string, partId: string) {
  const rows = await db
    .select({ productId: partFits.productId })
    .from(partFits)
    .where(and(eq(partFits.orgId, orgId), eq(partFits.partId, partId)));
  return rows.map((r) => r.productId);
}

/** Replaces the products a part fits and the kinds it fits as a whole. */
export async function replaceFits(db: Db, orgId: string, partId: string, productIds: readonly string[], kinds: readonly AssetKind[]) {
  await db.delete(partFits).where(and(eq(partFits.orgId, orgId), eq(partFits.partId, partId)));
  if (productIds.length) await db.insert(partFits).values(productIds.map((productId) => ({ orgId, partId, productId })));
  await db
    .update(parts)
    .set({ fitsKinds: [...kinds], version: sql`${parts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(parts.orgId, orgId), eq(parts.id, partId)));
}

export async function contractPricesOf(db: Db, orgId: string, partId: string) {
  return db
    .select({ customerId: partContractPrices.customerId, customerName: customerRefs.name, priceFen: partContractPrices.priceFen })
    .from(partContractPrices)
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, partContractPrices.orgId), eq(customerRefs.id, partContractPrices.customerId)))
    .where(and(eq(partContractPrices.orgId, orgId), eq(partContractPrices.partId, partId)))
    .orderBy(asc(customerRefs.name));
}

export async function existingCustomers(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: customerRefs.id })
    .from(customerRefs)
    .where(and(eq(customerRefs.orgId, orgId), inArray(customerRefs.id, [...ids])));
  return rows.map((r) => r.id);
}

export async function replaceContractPrices(db: Db, orgId: string, partId: string, prices: readonly { customerId: string; priceFen: number }[]) {
  await db.delete(partContractPrices).where(and(eq(partContractPrices.orgId, orgId), eq(partContractPrices.partId, partId)));
  if (prices.length) await db.insert(partContractPrices).values(prices.map((p) => ({ orgId, partId, customerId: p.customerId, priceFen: p.priceFen })));
}

/** An asset as the lookup needs it, through the assets module's published view. */
export async function findAssetRef(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select({ id: assetRefs.id, kind: assetRefs.kind, productId: assetRefs.productId, productName: assetRefs.productName, plate: assetRefs.plate, serialNumber: assetRefs.serialNumber, customerId: assetRefs.customerId })
    .from(assetRefs)
    .where(and(eq(assetRefs.orgId, orgId), eq(assetRefs.id, id)));
  return row ?? null;
}

/**
 * A2: the parts that fit an asset, by its product (named in `part_fits`) or by its kind (the
 * part's `fits_kinds`).
 */
export async function partsFitting(db: Db, orgId: string, asset: { productId: string | null; kind: AssetKind }, limit: number) {
  const byProduct = asset.productId
    ? sql`exists (select 1 from part_fits f where f.org_id = ${parts.orgId} and f.part_id = ${parts.id} and f.product_id = ${asset.productId})`
    : sql`false`;
  return db
    .select({
      ...brief,
      fitsBy: sql<'product' | 'kind'>`case when ${byProduct} then 'product' else 'kind' end`,
    })
    .from(parts)
    .innerJoin(partCategories, withCategory)
    .where(and(eq(parts.orgId, orgId), or(byProduct, sql`${asset.kind} = any(${parts.fitsKinds})`)))
    .orderBy(asc(partCategories.name), asc(parts.number))
    .limit(limit);
}

/** Stock per location of the given parts, only where something is on hand or in transit. */
export async function stockByLocation(db: Db, orgId: string, partIds: readonly string[]) {
  if (partIds.length === 0) return [];
  return db
    .select({
      partId: stockBalances.partId,
      locationId: stockBalances.locationId,
      locationName: stockLocations.name,
      locationKind: stockLocations.kind,
      onHand: stockBalances.onHand,
      reserved: stockBalances.reserved,
    })
    .from(stockBalances)
    .innerJoin(stockLocations, and(eq(stockLocations.orgId, stockBalances.orgId), eq(stockLocations.id, stockBalances.locationId)))
    .where(and(eq(stockBalances.orgId, orgId), inArray(stockBalances.partId, [...partIds]), sql`${stockBalances.onHand} > 0`, eq(stockLocations.active, true)))
    .orderBy(asc(stockLocations.kind), asc(stockLocations.name));
}
