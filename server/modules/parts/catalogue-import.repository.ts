import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { partCategories, parts } from './parts.schema';

/* The catalogue's Excel exchange: what a dry run compares against, the batched writes, the export. */

export type ImportPartRow = typeof parts.$inferInsert;

export async function categoryIdsByName(db: Db, orgId: string): Promise<Map<string, string>> {
  const rows = await db.select({ id: partCategories.id, name: partCategories.name }).from(partCategories).where(eq(partCategories.orgId, orgId));
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** The parts of the catalogue with these numbers, and whether each has stock on hand. */
export async function partsByNumber(db: Db, orgId: string, numbers: readonly string[]) {
  const found = new Map<string, { id: string; serialTracked: boolean; onHand: number }>();
  for (let i = 0; i < numbers.length; i += 5_000) {
    const rows = await db
      .select({
        id: parts.id,
        number: parts.number,
        serialTracked: parts.serialTracked,
        onHand: sql<string>`coalesce((select sum(b.on_hand) from stock_balances b where b.org_id = ${parts.orgId} and b.part_id = ${parts.id}), 0)`,
      })
      .from(parts)
      .where(and(eq(parts.orgId, orgId), inArray(parts.number, numbers.slice(i, i + 5_000))));
    for (const r of rows) found.set(r.number, { id: r.id, serialTracked: r.serialTracked, onHand: Number(r.onHand) });
  }
  return found;
}

/**
 * Writes one batch of parts: new numbers are inserted, numbers already in the catalogue are
 * updated in place (their id, stock and links stay) when `update` is set. The kinds a part fits
 * are written only when the file has that column.
 */
export async function upsertParts(db: Db, rows: ImportPartRow[], options: { update: boolean; withKinds: boolean }) {
  if (rows.length === 0) return;
  const insert = db.insert(parts).values(rows);
  if (!options.update) {
    await insert;
    return;
  }
  await insert.onConflictDoUpdate({
    target: [parts.orgId, parts.number],
    set: {
      name: sql`excluded.name`,
      categoryId: sql`excluded.category_id`,
      unit: sql`excluded.unit`,
      divisible: sql`excluded.divisible`,
      costPriceFen: sql`excluded.cost_price_fen`,
      contractPriceFen: sql`excluded.contract_price_fen`,
      retailPriceFen: sql`excluded.retail_price_fen`,
      serialTracked: sql`excluded.serial_tracked`,
      discontinued: sql`excluded.discontinued`,
      ...(options.withKinds ? { fitsKinds: sql`excluded.fits_kinds` } : {}),
      note: sql`excluded.note`,
      version: sql`${parts.version} + 1`,
      updatedAt: sql`excluded.updated_at`,
    },
  });
}

/** Every part (of a category) with its category and stock total, by number, for the export. */
export async function exportRows(db: Db, orgId: string, categoryId?: string) {
  return db
    .select({
      number: parts.number,
      name: parts.name,
      category: partCategories.name,
      unit: parts.unit,
      costPriceFen: parts.costPriceFen,
      retailPriceFen: parts.retailPriceFen,
      contractPriceFen: parts.contractPriceFen,
      divisible: parts.divisible,
      serialTracked: parts.serialTracked,
      discontinued: parts.discontinued,
      fitsKinds: parts.fitsKinds,
      note: parts.note,
      stockTotal: sql<string>`coalesce(s.on_hand, 0)`,
    })
    .from(parts)
    .innerJoin(partCategories, and(eq(partCategories.orgId, parts.orgId), eq(partCategories.id, parts.categoryId)))
    .leftJoin(
      sql`(select part_id, sum(on_hand) as on_hand from stock_balances where org_id = ${orgId} group by part_id) s`,
      sql`s.part_id = ${parts.id}`,
    )
    .where(and(eq(parts.orgId, orgId), ...(categoryId ? [eq(parts.categoryId, categoryId)] : [])))
    .orderBy(asc(parts.number));
}
