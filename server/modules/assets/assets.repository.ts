import { and, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { updateAtVersion } from '../../db/versioned';
import { searchCondition } from '../../db/search';
import { assets, products } from './assets.schema';

export type AssetRow = typeof assets.$inferSelect;
export type ProductRow = typeof products.$inferSelect;

export async function insertAsset(db: Db, row: typeof assets.$inferInsert) {
  await db.insert(assets).values(row);
}

export async function insertAssets(db: Db, rows: (typeof assets.$inferInsert)[]) {
  if (rows.length) await db.insert(assets).values(rows);
}

export async function findAsset(db: Db, orgId: string, id: string): Promise<AssetRow | undefined> {
  const [row] = await db.select().from(assets).where(and(eq(assets.orgId, orgId), eq(assets.id, id)));
  return row;
}

export interface AssetFilter {
  q?: string | undefined;
  customerId?: string | undefined;
  customerIds?: string[] | undefined;
  serialNumber?: string | undefined;
  plate?: string | undefined;
  /** `q` as a normalised plate, so that `沪A·12345` as typed finds `沪A12345`. */
  qPlate?: string | undefined;
  limit: number;
  offset: number;
}

export async function findAssets(db: Db, orgId: string, filter: AssetFilter) {
  const conditions: (SQL | undefined)[] = [eq(assets.orgId, orgId)];
  if (filter.customerId) conditions.push(eq(assets.customerId, filter.customerId));
  if (filter.customerIds) conditions.push(filter.customerIds.length ? inArray(assets.customerId, filter.customerIds) : sql`false`);
  if (filter.serialNumber) conditions.push(eq(assets.serialNumber, filter.serialNumber));
  if (filter.plate) conditions.push(eq(assets.plate, filter.plate));
  if (filter.q) {
    const byText = searchCondition(assets.searchTerms, assets.searchText, filter.q);
    conditions.push(filter.qPlate ? or(byText, eq(assets.plate, filter.qPlate)) : byText);
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(assets).where(where).orderBy(desc(assets.createdAt), desc(assets.id)).limit(filter.limit).offset(filter.offset),
    db.select({ n: count() }).from(assets).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function updateAsset(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof assets.$inferInsert>) {
  return updateAtVersion(db, assets, and(eq(assets.orgId, orgId), eq(assets.id, id)), version, { ...changes, updatedAt: new Date() });
}

export async function insertProduct(db: Db, row: typeof products.$inferInsert) {
  await db.insert(products).values(row);
}

export async function findProduct(db: Db, orgId: string, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(and(eq(products.orgId, orgId), eq(products.id, id)));
  return row;
}

export async function findProducts(db: Db, orgId: string) {
  return db.select().from(products).where(eq(products.orgId, orgId)).orderBy(products.name).limit(1000);
}

/** Assets a maintenance plan may name (W2, E4): watches, equipment, and whatever stands at a site; by id, from `afterId`. */
export async function findPlannableAssets(db: Db, orgId: string, afterId: string | null, limit: number): Promise<AssetRow[]> {
  return db
    .select()
    .from(assets)
    .where(
      and(
        eq(assets.orgId, orgId),
        or(inArray(assets.kind, ['watch', 'equipment', 'machinery', 'appliance']), sql`${assets.siteId} is not null`),
        afterId ? sql`${assets.id} > ${afterId}` : undefined,
      ),
    )
    .orderBy(assets.id)
    .limit(limit);
}
