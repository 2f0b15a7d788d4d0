import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { qty } from './parts.repository';

/**
 * The ledger's set-wise path: thousands of lines at one location in a handful of statements
 * (a 20,000-line count), with the same invariants as `postMovement`'s per-line statements.
 * Arrays travel as one parameter each, so the statement count does not grow with the lines.
 */

export interface LockedBalance {
  partId: string;
  onHand: number;
  reserved: number;
}

/**
 * Locks the balances of these parts at a location, in part order (the order `postMovement`
 * takes them in, so a count and an issue wait for each other instead of deadlocking), and
 * answers them. A part never at the location has no row and nothing to lock: the upsert below
 * makes it.
 */
export async function lockBalances(db: Db, orgId: string, locationId: string, partIds: readonly string[]): Promise<Map<string, LockedBalance>> {
  if (partIds.length === 0) return new Map();
  const rows = await queryRows<{ part_id: string; on_hand: string; reserved: string }>(
    db,
    sql`select b.part_id, b.on_hand, b.reserved from unnest(${sql.param([...partIds])}::uuid[]) as p(part_id)
        join stock_balances b on b.org_id = ${orgId} and b.location_id = ${locationId} and b.part_id = p.part_id
        order by b.part_id for update of b`,
  );
  return new Map(rows.map((r) => [r.part_id, { partId: r.part_id, onHand: Number(r.on_hand), reserved: Number(r.reserved) }]));
}

/**
 * What each part's on-hand quantity at the location was at a given instant per part, as the
 * ledger knows it now: the sum of its ledger lines up to then, and of the count adjustments
 * posted since (another count of the same part corrected the ledger to the shelf; counting it
 * again must not correct it twice). Read under the locks above, so nothing moves meanwhile.
 */
export async function onHandAt(db: Db, orgId: string, locationId: string, at: readonly { partId: string; at: Date }[]): Promise<Map<string, number>> {
  if (at.length === 0) return new Map();
  const rows = await queryRows<{ part_id: string; on_hand: string }>(
    db,
    sql`select p.part_id, coalesce((select sum(m.on_hand_delta) from stock_moves m
                                    where m.org_id = ${orgId} and m.part_id = p.part_id and m.location_id = ${locationId} and (m.at <= p.at or m.kind = 'adjust')), 0) as on_hand
        from unnest(${sql.param(at.map((a) => a.partId))}::uuid[], ${sql.param(at.map((a) => a.at.toISOString()))}::timestamptz[]) as p(part_id, at)`,
  );
  return new Map(rows.map((r) => [r.part_id, Number(r.on_hand)]));
}

/**
 * Adds on-hand deltas to the balances of one location in two statements, making the rows that
 * do not exist. The table's check refuses a result below zero or below what is reserved: the
 * caller checked that under the locks, so the check is the last guard, as for `postMovement`.
 */
export async function addOnHand(db: Db, orgId: string, locationId: string, deltas: readonly { partId: string; onHand: number }[], at: Date): Promise<void> {
  if (deltas.length === 0) return;
  const partIds = sql.param(deltas.map((d) => d.partId));
  // The rows a part never at the location lacks, empty (the check applies to a proposed row
  // before any conflict, so a negative delta cannot ride an upsert).
  await queryRows(
    db,
    sql`insert into stock_balances (org_id, part_id, location_id, on_hand, reserved, in_transit)
        select ${orgId}, p, ${locationId}, 0, 0, 0 from unnest(${partIds}::uuid[]) as p
        on conflict (org_id, part_id, location_id) do nothing`,
  );
  await queryRows(
    db,
    sql`update stock_balances b set on_hand = b.on_hand + d.delta, last_moved_at = ${at}
        from unnest(${partIds}::uuid[], ${sql.param(deltas.map((d) => qty(d.onHand)))}::numeric[]) as d(part_id, delta)
        where b.org_id = ${orgId} and b.location_id = ${locationId} and b.part_id = d.part_id`,
  );
}

export interface BulkMove {
  id: string;
  partId: string;
  onHand: number;
  unitCostFen: number | null;
}

/** Ledger lines of one kind, movement, document and location, in one statement. */
export async function insertOnHandMoves(
  db: Db,
  common: { orgId: string; moveId: string; kind: string; locationId: string; documentId: string | null; reason: string | null; actorId: string; at: Date },
  moves: readonly BulkMove[],
): Promise<void> {
  if (moves.length === 0) return;
  await queryRows(
    db,
    sql`insert into stock_moves (org_id, id, move_id, kind, part_id, location_id, on_hand_delta, reserved_delta, in_transit_delta, serial, unit_cost_fen, ticket_id, document_id, reason, actor_id, at)
        select ${common.orgId}, m.id, ${common.moveId}, ${common.kind}, m.part_id, ${common.locationId}, m.delta, 0, 0, null, m.cost, null,
               ${common.documentId}, ${common.reason}, ${common.actorId}, ${common.at}
        from unnest(${sql.param(moves.map((m) => m.id))}::uuid[], ${sql.param(moves.map((m) => m.partId))}::uuid[],
                    ${sql.param(moves.map((m) => qty(m.onHand)))}::numeric[], ${sql.param(moves.map((m) => m.unitCostFen))}::int[]) as m(id, part_id, delta, cost)`,
  );
}
