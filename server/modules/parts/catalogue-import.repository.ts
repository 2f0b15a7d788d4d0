import { and, asc, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
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
  if (numbers.length === 0) return found;
  const rows = await queryRows<{ id: string; number: string; serial_tracked: boolean; on_hand: string | number }>(
    db,
    sql`select p.id, p.number, p.serial_tracked,
               coalesce((select sum(b.on_hand) from stock_balances b where b.org_id = p.org_id and b.part_id = p.id), 0) as on_hand
        from parts p where p.org_id = ${orgId} and p.number = any(${sql.param([...numbers])}::text[])`,
  );
  for (const r of rows) found.set(r.number, { id: r.id, serialTracked: r.serial_tracked, onHand: Number(r.on_hand) });
  return found;
}

/**
 * Writes one batch of parts in one statement over arrays (a thousand rows are sixteen
 * parameters, not sixteen thousand): new numbers are inserted, numbers already in the catalogue
 * are updated in place (their id, stock and links stay) when `update` is set. The kinds a part
 * fits are written only when the file has that column.
 */
export async function upsertParts(db: Db, rows: ImportPartRow[], options: { update: boolean; withKinds: boolean }) {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: ImportPartRow) => T) => sql.param(rows.map(pick));
  const at = rows[0]!.updatedAt ?? new Date();
  const onConflict = options.update
    ? sql`on conflict (org_id, number) do update set
        name = excluded.name, category_id = excluded.category_id, unit = excluded.unit, divisible = excluded.divisible,
        cost_price_fen = excluded.cost_price_fen, contract_price_fen = excluded.contract_price_fen, retail_price_fen = excluded.retail_price_fen,
        serial_tracked = excluded.serial_tracked, discontinued = excluded.discontinued,
        ${options.withKinds ? sql`fits_kinds = excluded.fits_kinds,` : sql``}
        note = excluded.note, version = parts.version + 1, updated_at = excluded.updated_at`
    : sql``;
  await queryRows(
    db,
    sql`insert into parts (org_id, id, number, name, category_id, unit, divisible, cost_price_fen, contract_price_fen, retail_price_fen,
                           serial_tracked, discontinued, fits_kinds, note, created_at, updated_at)
        select ${rows[0]!.orgId}::uuid, u.id, u.number, u.name, u.category_id, u.unit, u.divisible, u.cost_price_fen, u.contract_price_fen, u.retail_price_fen,
               u.serial_tracked, u.discontinued, case when u.kinds = '' then '{}'::text[] else string_to_array(u.kinds, ',') end, u.note, ${at}, ${at}
        from unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.number)}::text[], ${col((r) => r.name)}::text[], ${col((r) => r.categoryId)}::uuid[],
                    ${col((r) => r.unit)}::text[], ${col((r) => r.divisible ?? false)}::boolean[], ${col((r) => r.costPriceFen)}::integer[],
                    ${col((r) => r.contractPriceFen ?? null)}::integer[], ${col((r) => r.retailPriceFen)}::integer[], ${col((r) => r.serialTracked ?? false)}::boolean[],
                    ${col((r) => r.discontinued ?? false)}::boolean[], ${col((r) => (r.fitsKinds ?? []).join(','))}::text[], ${col((r) => r.note ?? null)}::text[])
          as u(id, number, name, category_id, unit, divisible, cost_price_fen, contract_price_fen, retail_price_fen, serial_tracked, discontinued, kinds, note)
        ${onConflict}`,
  );
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
