import { and, eq, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import type { CountStatus } from '../../../shared/contracts/parts';
import { people } from '../identity';
import { qty } from './parts.repository';
import { stockCounts } from './parts.schema';

export type CountRow = typeof stockCounts.$inferSelect;

export async function insertCount(db: Db, row: typeof stockCounts.$inferInsert) {
  await db.insert(stockCounts).values(row);
}

/**
 * The sheet's lines: every part with stock on hand at the location, expecting what the
 * balance says now. One statement, however many parts the location holds.
 */
export async function insertLinesFromBalances(db: Db, orgId: string, countId: string, locationId: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(
    db,
    sql`with made as (
          insert into stock_count_lines (org_id, count_id, part_id, expected)
          select org_id, ${countId}, part_id, on_hand from stock_balances
          where org_id = ${orgId} and location_id = ${locationId} and on_hand > 0
          returning 1)
        select count(*) as n from made`,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function lockCount(db: Db, orgId: string, id: string): Promise<CountRow | null> {
  const [row] = await db.select().from(stockCounts).where(and(eq(stockCounts.orgId, orgId), eq(stockCounts.id, id))).for('update');
  return row ?? null;
}

export async function findCount(db: Db, orgId: string, id: string): Promise<CountRow | null> {
  const [row] = await db.select().from(stockCounts).where(and(eq(stockCounts.orgId, orgId), eq(stockCounts.id, id)));
  return row ?? null;
}

export async function markCount(db: Db, orgId: string, id: string, patch: { status: CountStatus; postedBy?: string; postedAt?: Date }) {
  await db
    .update(stockCounts)
    .set({ ...patch, version: sql`${stockCounts.version} + 1` })
    .where(and(eq(stockCounts.orgId, orgId), eq(stockCounts.id, id)));
}

export async function touchCount(db: Db, orgId: string, id: string) {
  await db
    .update(stockCounts)
    .set({ version: sql`${stockCounts.version} + 1` })
    .where(and(eq(stockCounts.orgId, orgId), eq(stockCounts.id, id)));
}

export interface CountSummaryRow {
  id: string;
  number: string;
  location_id: string;
  location_name: string;
  status: CountStatus;
  note: string | null;
  created_at: Date | string;
  created_by_name: string | null;
  posted_at: Date | string | null;
  posted_by_name: string | null;
  version: number;
  lines: string | number;
  counted: string | number;
  differences: string | number;
  difference_value_fen: string | number | null;
}

/** Counts with their totals: lines, counted, differing, and the differences' value at cost. */
export async function listCounts(db: Db, orgId: string, query: { id?: string; locationId?: string | undefined; status?: CountStatus | undefined }): Promise<CountSummaryRow[]> {
  const filters: SQL[] = [sql`c.org_id = ${orgId}`];
  if (query.id) filters.push(sql`c.id = ${query.id}`);
  if (query.locationId) filters.push(sql`c.location_id = ${query.locationId}`);
  if (query.status) filters.push(sql`c.status = ${query.status}`);
  return queryRows<CountSummaryRow>(
    db,
    sql`select c.id, c.number, c.location_id, loc.name as location_name, c.status, c.note, c.created_at, cb.name as created_by_name,
               c.posted_at, pb.name as posted_by_name, c.version,
               t.lines, t.counted, t.differences, t.difference_value_fen
        from stock_counts c
        join stock_locations loc on loc.org_id = c.org_id and loc.id = c.location_id
        left join ${people} cb on cb.org_id = c.org_id and cb.id = c.created_by
        left join ${people} pb on pb.org_id = c.org_id and pb.id = c.posted_by
        cross join lateral (
          select count(*) as lines, count(l.counted) as counted,
                 count(*) filter (where l.counted is not null and l.counted <> l.expected) as differences,
                 coalesce(round(sum((l.counted - l.expected) * p.cost_price_fen) filter (where l.counted is not null)), 0) as difference_value_fen
          from stock_count_lines l join parts p on p.org_id = l.org_id and p.id = l.part_id
          where l.org_id = c.org_id and l.count_id = c.id) t
        where ${sql.join(filters, sql` and `)}
        order by c.created_at desc
        limit 200`,
  );
}

export interface CountLineRow {
  part_id: string;
  part_number: string;
  part_name: string;
  unit: string;
  serial_tracked: boolean;
  cost_price_fen: number;
  expected: string | number;
  counted: string | number | null;
  counted_by_name: string | null;
  counted_at: Date | string | null;
}

export async function countLines(
  db: Db,
  orgId: string,
  countId: string,
  query: { q?: string | undefined; partId?: string; show: 'all' | 'uncounted' | 'differences'; limit: number; offset: number },
): Promise<{ items: CountLineRow[]; total: number }> {
  const filters: SQL[] = [sql`l.org_id = ${orgId}`, sql`l.count_id = ${countId}`];
  if (query.partId) filters.push(sql`l.part_id = ${query.partId}`);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(sql`(p.number ilike ${like} or p.name ilike ${like})`);
  }
  if (query.show === 'uncounted') filters.push(sql`l.counted is null`);
  if (query.show === 'differences') filters.push(sql`l.counted is not null and l.counted <> l.expected`);
  const where = sql.join(filters, sql` and `);
  const [items, total] = await Promise.all([
    queryRows<CountLineRow>(
      db,
      sql`select l.part_id, p.number as part_number, p.name as part_name, p.unit, p.serial_tracked, p.cost_price_fen,
                 l.expected, l.counted, pe.name as counted_by_name, l.counted_at
          from stock_count_lines l
          join parts p on p.org_id = l.org_id and p.id = l.part_id
          left join ${people} pe on pe.org_id = l.org_id and pe.id = l.counted_by
          where ${where}
          order by p.number
          limit ${query.limit} offset ${query.offset}`,
    ),
    queryRows<{ n: string }>(db, sql`select count(*) as n from stock_count_lines l join parts p on p.org_id = l.org_id and p.id = l.part_id where ${where}`),
  ]);
  return { items, total: Number(total[0]?.n ?? 0) };
}

/**
 * Records counted quantities (one from a phone, thousands from a sheet) in one statement. A
 * part not on the sheet gets a line expecting what the balance says now (zero when it was
 * never there): stock found on the shelf that the ledger did not know of.
 */
export async function setCounted(db: Db, orgId: string, countId: string, locationId: string, counts: readonly { partId: string; counted: number }[], by: string, at: Date): Promise<void> {
  if (counts.length === 0) return;
  await queryRows(
    db,
    sql`insert into stock_count_lines (org_id, count_id, part_id, expected, counted, counted_by, counted_at)
        select ${orgId}, ${countId}, c.part_id, coalesce(b.on_hand, 0), c.counted, ${by}, ${at}
        from unnest(${sql.param(counts.map((c) => c.partId))}::uuid[], ${sql.param(counts.map((c) => qty(c.counted)))}::numeric[]) as c(part_id, counted)
        left join stock_balances b on b.org_id = ${orgId} and b.location_id = ${locationId} and b.part_id = c.part_id
        on conflict (org_id, count_id, part_id) do update set counted = excluded.counted, counted_by = excluded.counted_by, counted_at = excluded.counted_at`,
  );
}

export interface CountedLine {
  part_id: string;
  counted: string | number;
  counted_at: Date | string;
}

export async function countedLines(db: Db, orgId: string, countId: string): Promise<CountedLine[]> {
  return queryRows<CountedLine>(
    db,
    sql`select part_id, counted, counted_at from stock_count_lines where org_id = ${orgId} and count_id = ${countId} and counted is not null order by part_id`,
  );
}

export async function uncountedLines(db: Db, orgId: string, countId: string): Promise<number> {
  const rows = await queryRows<{ n: string }>(db, sql`select count(*) as n from stock_count_lines where org_id = ${orgId} and count_id = ${countId} and counted is null`);
  return Number(rows[0]?.n ?? 0);
}

/** Sets what each line expected, as re-read when the count is posted, in one statement. */
export async function setExpected(db: Db, orgId: string, countId: string, expected: readonly { partId: string; expected: number }[]): Promise<void> {
  if (expected.length === 0) return;
  await queryRows(
    db,
    sql`update stock_count_lines l set expected = e.expected
        from unnest(${sql.param(expected.map((e) => e.partId))}::uuid[], ${sql.param(expected.map((e) => qty(e.expected)))}::numeric[]) as e(part_id, expected)
        where l.org_id = ${orgId} and l.count_id = ${countId} and l.part_id = e.part_id`,
  );
}

/** Part ids by number, for a sheet or a scan. */
export async function partsByNumber(db: Db, orgId: string, numbers: readonly string[]) {
  if (numbers.length === 0) return [];
  return queryRows<{ id: string; number: string; divisible: boolean; serial_tracked: boolean; unit: string }>(
    db,
    sql`select p.id, p.number, p.divisible, p.serial_tracked, p.unit from unnest(${sql.param([...numbers])}::text[]) as n(number)
        join parts p on p.org_id = ${orgId} and p.number = n.number`,
  );
}

export async function partsByIds(db: Db, orgId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return queryRows<{ id: string; number: string; name: string; unit: string; divisible: boolean; serial_tracked: boolean; cost_price_fen: number }>(
    db,
    sql`select p.id, p.number, p.name, p.unit, p.divisible, p.serial_tracked, p.cost_price_fen from unnest(${sql.param([...ids])}::uuid[]) as i(id)
        join parts p on p.org_id = ${orgId} and p.id = i.id`,
  );
}
