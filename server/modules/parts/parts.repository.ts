import { type AnyColumn, and, asc, count, desc, eq, ilike, inArray, isNotNull, or, sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { people } from '../identity';
import { ticketRefs } from '../tickets';
import type { LocationKind, MoveKind } from '../../../shared/contracts/parts';
import { partCategories, parts, stockBalances, stockLocations, stockMoves, stockSerials, stockTransfers } from './parts.schema';

export type PartRow = typeof parts.$inferSelect;
export type LocationRow = typeof stockLocations.$inferSelect;
export type MoveRow = typeof stockMoves.$inferInsert;
export type TransferRow = typeof stockTransfers.$inferSelect;

/** A quantity as PostgreSQL's numeric takes it: exact, three decimals. */
export const qty = (n: number) => n.toFixed(3);

// --- categories ------------------------------------------------------------------------------

export async function findCategoryByName(db: Db, orgId: string, name: string) {
  const [row] = await db.select().from(partCategories).where(and(eq(partCategories.orgId, orgId), eq(partCategories.name, name)));
  return row ?? null;
}

/** The category of that name, made if there is none (two callers at once get the same one). */
export async function ensureCategory(db: Db, orgId: string, id: string, name: string) {
  await db.insert(partCategories).values({ orgId, id, name }).onConflictDoNothing();
  return (await findCategoryByName(db, orgId, name))!;
}

export async function listCategories(db: Db, orgId: string) {
  return db
    .select({ id: partCategories.id, name: partCategories.name, partCount: count(parts.id) })
    .from(partCategories)
    .leftJoin(parts, and(eq(parts.orgId, partCategories.orgId), eq(parts.categoryId, partCategories.id)))
    .where(eq(partCategories.orgId, orgId))
    .groupBy(partCategories.id, partCategories.name)
    .orderBy(asc(partCategories.name));
}

// --- parts -----------------------------------------------------------------------------------

export async function insertPart(db: Db, row: typeof parts.$inferInsert) {
  await db.insert(parts).values(row);
}

const partTotals = {
  onHand: sql<string>`coalesce((select sum(b.on_hand) from stock_balances b where b.org_id = ${parts.orgId} and b.part_id = ${parts.id}), 0)`,
  available: sql<string>`coalesce((select sum(b.on_hand - b.reserved) from stock_balances b where b.org_id = ${parts.orgId} and b.part_id = ${parts.id}), 0)`,
};

export async function findPartView(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select({ part: parts, category: partCategories.name, ...partTotals })
    .from(parts)
    .innerJoin(partCategories, and(eq(partCategories.orgId, parts.orgId), eq(partCategories.id, parts.categoryId)))
    .where(and(eq(parts.orgId, orgId), eq(parts.id, id)));
  return row ?? null;
}

export async function findParts(db: Db, orgId: string, ids: readonly string[]): Promise<PartRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(parts).where(and(eq(parts.orgId, orgId), inArray(parts.id, [...ids])));
}

export async function findPartByNumber(db: Db, orgId: string, number: string) {
  const [row] = await db.select().from(parts).where(and(eq(parts.orgId, orgId), eq(parts.number, number)));
  return row ?? null;
}

export async function listParts(
  db: Db,
  orgId: string,
  query: { q?: string | undefined; categoryId?: string | undefined; discontinued?: boolean | undefined; limit: number; offset: number },
) {
  const filters: SQL[] = [eq(parts.orgId, orgId)];
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    filters.push(or(ilike(parts.number, like), ilike(parts.name, like))!);
  }
  if (query.categoryId) filters.push(eq(parts.categoryId, query.categoryId));
  if (query.discontinued !== undefined) filters.push(eq(parts.discontinued, query.discontinued));
  const where = and(...filters);
  const [items, [total]] = await Promise.all([
    db
      .select({ part: parts, category: partCategories.name, ...partTotals })
      .from(parts)
      .innerJoin(partCategories, and(eq(partCategories.orgId, parts.orgId), eq(partCategories.id, parts.categoryId)))
      .where(where)
      .orderBy(asc(parts.number))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ n: count() }).from(parts).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

export async function updatePart(db: Db, orgId: string, id: string, version: number, patch: Partial<typeof parts.$inferInsert>) {
  const [row] = await db
    .update(parts)
    .set({ ...patch, version: sql`${parts.version} + 1`, updatedAt: new Date() })
    .where(and(eq(parts.orgId, orgId), eq(parts.id, id), eq(parts.version, version)))
    .returning();
  return row ?? null;
}

// --- locations -------------------------------------------------------------------------------

export async function insertLocation(db: Db, row: typeof stockLocations.$inferInsert) {
  await db.insert(stockLocations).values(row);
}

export async function updateLocation(db: Db, orgId: string, id: string, patch: Partial<typeof stockLocations.$inferInsert>) {
  if (Object.keys(patch).length === 0) return (await findLocations(db, orgId, [id]))[0] ?? null;
  const [row] = await db
    .update(stockLocations)
    .set(patch)
    .where(and(eq(stockLocations.orgId, orgId), eq(stockLocations.id, id)))
    .returning();
  return row ?? null;
}

export async function findLocations(db: Db, orgId: string, ids: readonly string[]): Promise<LocationRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(stockLocations).where(and(eq(stockLocations.orgId, orgId), inArray(stockLocations.id, [...ids])));
}

export async function listLocations(db: Db, orgId: string, query: { kind?: LocationKind | undefined; ownerUserId?: string | undefined; includeInactive?: boolean | undefined }) {
  const filters: SQL[] = [eq(stockLocations.orgId, orgId)];
  if (query.kind) filters.push(eq(stockLocations.kind, query.kind));
  if (query.ownerUserId) filters.push(eq(stockLocations.ownerUserId, query.ownerUserId));
  if (!query.includeInactive) filters.push(eq(stockLocations.active, true));
  return db
    .select({ location: stockLocations, ownerName: people.name })
    .from(stockLocations)
    .leftJoin(people, and(eq(people.orgId, stockLocations.orgId), eq(people.id, stockLocations.ownerUserId)))
    .where(and(...filters))
    .orderBy(asc(stockLocations.kind), asc(stockLocations.name));
}

export async function findPerson(db: Db, orgId: string, id: string) {
  const [row] = await db.select({ id: people.id, name: people.name, active: people.active }).from(people).where(and(eq(people.orgId, orgId), eq(people.id, id)));
  return row ?? null;
}

export async function ticketExists(db: Db, orgId: string, id: string): Promise<boolean> {
  const [row] = await db.select({ id: ticketRefs.id }).from(ticketRefs).where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, id)));
  return Boolean(row);
}

// --- the ledger and its balances -------------------------------------------------------------

export interface BalanceChange {
  partId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  inTransit: number;
  consumed: boolean;
}

export interface Balance {
  onHand: number;
  reserved: number;
  inTransit: number;
}

/**
 * Adds to a balance, making it if the part was never at the location. Only for changes that
 * cannot take anything below zero (every delta ≥ 0, nothing newly reserved).
 */
export async function addToBalance(db: Db, orgId: string, change: BalanceChange, at: Date): Promise<void> {
  await queryRows(
    db,
    sql`insert into stock_balances (org_id, part_id, location_id, on_hand, reserved, in_transit, last_moved_at, last_consumed_at)
        values (${orgId}, ${change.partId}, ${change.locationId}, ${qty(change.onHand)}::numeric, ${qty(change.reserved)}::numeric,
                ${qty(change.inTransit)}::numeric, ${at}, ${change.consumed ? at : null})
        on conflict (org_id, part_id, location_id) do update set
          on_hand = stock_balances.on_hand + excluded.on_hand,
          reserved = stock_balances.reserved + excluded.reserved,
          in_transit = stock_balances.in_transit + excluded.in_transit,
          last_moved_at = excluded.last_moved_at,
          last_consumed_at = coalesce(excluded.last_consumed_at, stock_balances.last_consumed_at)`,
  );
}

/**
 * Applies a movement's changes to the balances that exist, in the order given (the caller's
 * lock order), each only if what is left stays at or above zero and nothing reserved is taken:
 * one statement, so that of two withdrawals of the last unit at the same moment the second,
 * which waits for the first's row lock, finds the condition false and changes nothing.
 * Answers the `part:location` keys it changed; a change missing from them was refused, or its
 * balance does not exist yet.
 */
export async function applyToBalances(db: Db, orgId: string, changes: readonly BalanceChange[], at: Date): Promise<Set<string>> {
  if (changes.length === 0) return new Set();
  const rows = await queryRows<{ part_id: string; location_id: string }>(
    db,
    sql`with c as materialized (
          select * from unnest(${sql.param(changes.map((c) => c.partId))}::uuid[], ${sql.param(changes.map((c) => c.locationId))}::uuid[],
                               ${sql.param(changes.map((c) => qty(c.onHand)))}::numeric[], ${sql.param(changes.map((c) => qty(c.reserved)))}::numeric[],
                               ${sql.param(changes.map((c) => qty(c.inTransit)))}::numeric[], ${sql.param(changes.map((c) => c.consumed))}::boolean[])
                 with ordinality as c(part_id, location_id, on_hand, reserved, in_transit, consumed, n)
          order by n)
        update stock_balances b set
          on_hand = b.on_hand + c.on_hand,
          reserved = b.reserved + c.reserved,
          in_transit = b.in_transit + c.in_transit,
          last_moved_at = ${at},
          last_consumed_at = case when c.consumed then ${at}::timestamptz else b.last_consumed_at end
        from c
        where b.org_id = ${orgId} and b.part_id = c.part_id and b.location_id = c.location_id
          and b.on_hand + c.on_hand >= 0 and b.reserved + c.reserved >= 0 and b.in_transit + c.in_transit >= 0
          and b.reserved + c.reserved <= b.on_hand + c.on_hand
        returning b.part_id, b.location_id`,
  );
  return new Set(rows.map((r) => `${r.part_id}:${r.location_id}`));
}

export async function findBalance(db: Db, orgId: string, partId: string, locationId: string): Promise<Balance> {
  const [row] = await db
    .select({ onHand: stockBalances.onHand, reserved: stockBalances.reserved, inTransit: stockBalances.inTransit })
    .from(stockBalances)
    .where(and(eq(stockBalances.orgId, orgId), eq(stockBalances.partId, partId), eq(stockBalances.locationId, locationId)));
  return row ?? { onHand: 0, reserved: 0, inTransit: 0 };
}

export async function insertMoves(db: Db, rows: MoveRow[]) {
  if (rows.length === 0) return;
  // Several thousand lines (a large receipt or count) go in slices under the parameter limit.
  for (let i = 0; i < rows.length; i += 2_000) await db.insert(stockMoves).values(rows.slice(i, i + 2_000));
}

// --- serials ---------------------------------------------------------------------------------

/** Puts new serials at a location; answers the serials that were already somewhere (not taken). */
export async function receiveSerials(db: Db, orgId: string, partId: string, locationId: string, serials: readonly string[]): Promise<string[]> {
  if (serials.length === 0) return [];
  const rows = await queryRows<{ serial: string }>(
    db,
    sql`insert into stock_serials (org_id, part_id, serial, location_id, updated_at)
        select ${orgId}, ${partId}, s, ${locationId}, now() from unnest(${sql.param([...serials])}::text[]) as s
        on conflict (org_id, part_id, serial) do update set location_id = excluded.location_id, asset_id = null, ticket_id = null, updated_at = now()
          where stock_serials.location_id is null
        returning serial`,
  );
  const taken = new Set(rows.map((r) => r.serial));
  return serials.filter((s) => !taken.has(s));
}

/**
 * Moves serials from one location to another (or out of stock, `to` null); answers those that
 * were not at `from`, and then moves none of them (the caller's transaction rolls back).
 */
export async function moveSerials(
  db: Db,
  orgId: string,
  partId: string,
  from: string,
  to: string | null,
  serials: readonly string[],
  fitted: { ticketId?: string | null; assetId?: string | null } = {},
): Promise<string[]> {
  if (serials.length === 0) return [];
  const sorted = [...serials].sort();
  const rows = await db
    .update(stockSerials)
    .set({ locationId: to, ticketId: fitted.ticketId ?? null, assetId: fitted.assetId ?? null, updatedAt: new Date() })
    .where(and(eq(stockSerials.orgId, orgId), eq(stockSerials.partId, partId), eq(stockSerials.locationId, from), inArray(stockSerials.serial, sorted)))
    .returning({ serial: stockSerials.serial });
  const moved = new Set(rows.map((r) => r.serial));
  return sorted.filter((s) => !moved.has(s));
}

// --- transfers -------------------------------------------------------------------------------

export async function insertTransfer(db: Db, row: typeof stockTransfers.$inferInsert) {
  await db.insert(stockTransfers).values(row);
}

export async function lockTransfer(db: Db, orgId: string, id: string): Promise<TransferRow | null> {
  const [row] = await db.select().from(stockTransfers).where(and(eq(stockTransfers.orgId, orgId), eq(stockTransfers.id, id))).for('update');
  return row ?? null;
}

export async function markTransferReceived(db: Db, orgId: string, id: string, by: string, at: Date) {
  await db
    .update(stockTransfers)
    .set({ status: 'received', receivedBy: by, receivedAt: at })
    .where(and(eq(stockTransfers.orgId, orgId), eq(stockTransfers.id, id)));
}

export async function listTransfers(db: Db, orgId: string, query: { status?: 'in_transit' | 'received' | undefined; locationId?: string | undefined; ids?: string[] }) {
  const filters: SQL[] = [eq(stockTransfers.orgId, orgId)];
  if (query.status) filters.push(eq(stockTransfers.status, query.status));
  if (query.locationId) filters.push(or(eq(stockTransfers.fromLocationId, query.locationId), eq(stockTransfers.toLocationId, query.locationId))!);
  if (query.ids) filters.push(inArray(stockTransfers.id, query.ids));
  return db.select().from(stockTransfers).where(and(...filters)).orderBy(desc(stockTransfers.sentAt)).limit(200);
}

/** The lines of documents, as their ledger lines with a given kind name them. */
export async function documentLines(db: Db, orgId: string, documentIds: readonly string[], kind: MoveKind) {
  if (documentIds.length === 0) return [];
  return db
    .select({ documentId: stockMoves.documentId, partId: stockMoves.partId, partNumber: parts.number, partName: parts.name, quantity: stockMoves.inTransitDelta, onHandDelta: stockMoves.onHandDelta, serial: stockMoves.serial })
    .from(stockMoves)
    .innerJoin(parts, and(eq(parts.orgId, stockMoves.orgId), eq(parts.id, stockMoves.partId)))
    .where(and(eq(stockMoves.orgId, orgId), inArray(stockMoves.documentId, [...documentIds]), eq(stockMoves.kind, kind)))
    .orderBy(asc(parts.number), asc(stockMoves.serial));
}

// --- reads -----------------------------------------------------------------------------------

/** Leaves out the vans of everyone but `userId` (a technician sees their own van, not their colleagues'). */
const othersVans = (orgId: string, location: AnyColumn, userId: string) =>
  sql`${location} not in (select l.id from stock_locations l where l.org_id = ${orgId} and l.kind = 'van' and l.owner_user_id is distinct from ${userId})`;

export async function listStock(db: Db, orgId: string, query: { partId?: string | undefined; locationId?: string | undefined; nonZero?: boolean | undefined; onlyOwnVanOf?: string | undefined }) {
  const filters: SQL[] = [eq(stockBalances.orgId, orgId)];
  if (query.onlyOwnVanOf) filters.push(othersVans(orgId, stockBalances.locationId, query.onlyOwnVanOf));
  if (query.partId) filters.push(eq(stockBalances.partId, query.partId));
  if (query.locationId) filters.push(eq(stockBalances.locationId, query.locationId));
  if (query.nonZero) filters.push(sql`(${stockBalances.onHand} <> 0 or ${stockBalances.reserved} <> 0 or ${stockBalances.inTransit} <> 0)`);
  return db
    .select({
      balance: stockBalances,
      partNumber: parts.number,
      partName: parts.name,
      unit: parts.unit,
      serialTracked: parts.serialTracked,
      locationName: stockLocations.name,
      locationKind: stockLocations.kind,
    })
    .from(stockBalances)
    .innerJoin(parts, and(eq(parts.orgId, stockBalances.orgId), eq(parts.id, stockBalances.partId)))
    .innerJoin(stockLocations, and(eq(stockLocations.orgId, stockBalances.orgId), eq(stockLocations.id, stockBalances.locationId)))
    .where(and(...filters))
    .orderBy(asc(parts.number), asc(stockLocations.name))
    .limit(5_000);
}

export async function serialsAt(db: Db, orgId: string, pairs: readonly { partId: string; locationId: string }[]) {
  if (pairs.length === 0) return [];
  const partIds = [...new Set(pairs.map((p) => p.partId))];
  const locationIds = [...new Set(pairs.map((p) => p.locationId))];
  return db
    .select({ partId: stockSerials.partId, locationId: stockSerials.locationId, serial: stockSerials.serial })
    .from(stockSerials)
    .where(and(eq(stockSerials.orgId, orgId), inArray(stockSerials.partId, partIds), inArray(stockSerials.locationId, locationIds), isNotNull(stockSerials.locationId)))
    .orderBy(asc(stockSerials.serial));
}

export async function listLedger(
  db: Db,
  orgId: string,
  query: {
    partId?: string | undefined;
    locationId?: string | undefined;
    ticketId?: string | undefined;
    documentId?: string | undefined;
    kind?: MoveKind | undefined;
    onlyOwnVanOf?: string | undefined;
    limit: number;
    offset: number;
  },
) {
  const filters: SQL[] = [eq(stockMoves.orgId, orgId)];
  if (query.onlyOwnVanOf) filters.push(othersVans(orgId, stockMoves.locationId, query.onlyOwnVanOf));
  if (query.partId) filters.push(eq(stockMoves.partId, query.partId));
  if (query.locationId) filters.push(eq(stockMoves.locationId, query.locationId));
  if (query.ticketId) filters.push(eq(stockMoves.ticketId, query.ticketId));
  if (query.documentId) filters.push(eq(stockMoves.documentId, query.documentId));
  if (query.kind) filters.push(eq(stockMoves.kind, query.kind));
  const where = and(...filters);
  const [items, [total]] = await Promise.all([
    db
      .select({ move: stockMoves, partNumber: parts.number, partName: parts.name, locationName: stockLocations.name, actorName: people.name })
      .from(stockMoves)
      .innerJoin(parts, and(eq(parts.orgId, stockMoves.orgId), eq(parts.id, stockMoves.partId)))
      .innerJoin(stockLocations, and(eq(stockLocations.orgId, stockMoves.orgId), eq(stockLocations.id, stockMoves.locationId)))
      .innerJoin(people, and(eq(people.orgId, stockMoves.orgId), eq(people.id, stockMoves.actorId)))
      .where(where)
      .orderBy(desc(stockMoves.at), desc(stockMoves.id))
      .limit(query.limit)
      .offset(query.offset),
    db.select({ n: count() }).from(stockMoves).where(where),
  ]);
  return { items, total: Number(total?.n ?? 0) };
}

/**
 * Every part and location whose balance is not the sum of its ledger lines: empty when the
 * ledger and the balances agree (the tests and the bench check it).
 */
export async function ledgerMismatches(db: Db, orgId: string) {
  return queryRows<{ part_id: string; location_id: string }>(
    db,
    sql`with sums as (
          select part_id, location_id, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved, sum(in_transit_delta) as in_transit
          from stock_moves where org_id = ${orgId} group by part_id, location_id)
        select coalesce(s.part_id, b.part_id) as part_id, coalesce(s.location_id, b.location_id) as location_id
        from sums s full join (select * from stock_balances where org_id = ${orgId}) b on b.part_id = s.part_id and b.location_id = s.location_id
        where coalesce(s.on_hand, 0) <> coalesce(b.on_hand, 0) or coalesce(s.reserved, 0) <> coalesce(b.reserved, 0)
           or coalesce(s.in_transit, 0) <> coalesce(b.in_transit, 0)`,
  );
}
