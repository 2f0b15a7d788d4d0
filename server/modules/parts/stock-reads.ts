import type { LedgerLineView, MoveKind, StockItem } from '../../../shared/contracts/parts';
import { can } from '../../../shared/permissions';
import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import * as repo from './parts.repository';

/**
 * Whose vans the caller sees: those who move stock see every location; a technician, who only
 * requests, sees the warehouses and depots they may request from and their own van, not their
 * colleagues'.
 */
const onlyOwnVanOf = (actor: Actor) => (can(actor.role, 'stock.move') ? undefined : can(actor.role, 'stock.request') ? actor.userId : undefined);

/** On hand, reserved, available and in transit per part and location (A2: the stock lookup). */
export async function listStock(deps: PartsDeps, actor: Actor, query: { partId?: string | undefined; locationId?: string | undefined; nonZero?: boolean | undefined }): Promise<StockItem[]> {
  const rows = await repo.listStock(deps.db, actor.orgId, { ...query, onlyOwnVanOf: onlyOwnVanOf(actor) });
  const tracked = rows.filter((r) => r.serialTracked).map((r) => ({ partId: r.balance.partId, locationId: r.balance.locationId }));
  const serials = new Map<string, string[]>();
  for (const s of await repo.serialsAt(deps.db, actor.orgId, tracked)) {
    const key = `${s.partId}:${s.locationId}`;
    serials.set(key, [...(serials.get(key) ?? []), s.serial]);
  }
  return rows.map((r) => ({
    partId: r.balance.partId,
    partNumber: r.partNumber,
    partName: r.partName,
    unit: r.unit,
    locationId: r.balance.locationId,
    locationName: r.locationName,
    locationKind: r.locationKind,
    onHand: r.balance.onHand,
    reserved: r.balance.reserved,
    available: Number((r.balance.onHand - r.balance.reserved).toFixed(3)),
    inTransit: r.balance.inTransit,
    serials: serials.get(`${r.balance.partId}:${r.balance.locationId}`) ?? [],
  }));
}

export async function listLedger(
  deps: PartsDeps,
  actor: Actor,
  query: { partId?: string | undefined; locationId?: string | undefined; ticketId?: string | undefined; documentId?: string | undefined; kind?: MoveKind | undefined; page: number; pageSize: number },
) {
  const { items, total } = await repo.listLedger(deps.db, actor.orgId, { ...query, onlyOwnVanOf: onlyOwnVanOf(actor), limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  const views: LedgerLineView[] = items.map(({ move, partNumber, partName, locationName, actorName }) => ({
    id: move.id,
    moveId: move.moveId,
    kind: move.kind,
    partId: move.partId,
    partNumber,
    partName,
    locationId: move.locationId,
    locationName,
    onHandDelta: move.onHandDelta,
    reservedDelta: move.reservedDelta,
    inTransitDelta: move.inTransitDelta,
    serial: move.serial,
    unitCostFen: move.unitCostFen,
    ticketId: move.ticketId,
    documentId: move.documentId,
    reason: move.reason,
    actorName,
    at: move.at.toISOString(),
  }));
  return { items: views, total, page: query.page, pageSize: query.pageSize };
}

/** Parts and locations whose balance is not the sum of their ledger lines (none, when all is well). */
export const ledgerMismatches = (deps: PartsDeps, actor: Actor) => repo.ledgerMismatches(deps.db, actor.orgId);
