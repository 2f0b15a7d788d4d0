import { AppError, notFound } from '../../errors';
import type { Actor } from '../identity';
import type { OldPartReturnBody, OldPartReturnView } from '../../../shared/contracts/parts-tickets';
import type { PartsDeps } from './parts.deps';
import { requireLocations } from './locations';
import * as tp from './ticket-parts.repository';

/*
 * A part replaced in warranty comes back within `parts.oldPartReturnDays` of its consumption
 * (consumption.ts makes the return due); recording it takes the serial and the condition.
 * The old part is not stock: its return is this record, not a ledger line.
 */

type Query = { state?: 'open' | 'overdue' | 'returned' | 'all' | undefined; technicianId?: string | undefined; ticketId?: string | undefined; ids?: string[] };

export async function listOldPartReturns(deps: PartsDeps, actor: Actor, query: Query): Promise<OldPartReturnView[]> {
  const now = deps.clock();
  // A technician sees the returns they owe.
  const scoped = actor.role === 'technician' ? { ...query, technicianId: actor.userId } : query;
  const rows = await tp.listOldPartReturns(deps.db, actor.orgId, scoped, now);
  return rows.map((r) => ({
    id: r.row.id,
    ticketId: r.row.ticketId,
    ticketNumber: r.ticketNumber,
    partId: r.row.partId,
    partNumber: r.partNumber,
    partName: r.partName,
    technicianId: r.row.technicianId,
    technicianName: r.technicianName,
    quantity: r.row.quantity,
    expectedSerial: r.expectedSerial ?? null,
    dueAt: r.row.dueAt.toISOString(),
    overdue: !r.row.returnedAt && r.row.dueAt < now,
    returnedAt: r.row.returnedAt?.toISOString() ?? null,
    serial: r.row.serial,
    condition: r.row.condition,
    locationName: r.locationName,
    note: r.row.note,
  }));
}

export async function overdueByTechnician(deps: PartsDeps, actor: Actor) {
  const rows = await tp.overdueByTechnician(deps.db, actor.orgId, deps.clock());
  return rows.map((r) => ({ technicianId: r.technicianId, technicianName: r.technicianName, count: Number(r.count), oldestDueAt: new Date(r.oldestDueAt).toISOString() }));
}

/** The old part is back: where it was put, its serial and condition. Once only. */
export async function receiveOldPart(deps: PartsDeps, actor: Actor, id: string, body: OldPartReturnBody): Promise<OldPartReturnView> {
  const [location] = await requireLocations(deps, actor, [{ id: body.locationId, field: 'body.locationId' }]);
  const at = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await tp.lockOldPartReturn(tx, actor.orgId, id);
    if (!row) throw notFound('parts.errors.unknownOldPartReturn');
    if (row.returnedAt) throw new AppError('ALREADY_POSTED', { detail: 'parts.errors.oldPartReturned' });
    await tp.updateOldPartReturn(tx, actor.orgId, id, { returnedAt: at, receivedBy: actor.userId, locationId: location!.id, serial: body.serial ?? null, condition: body.condition, note: body.note ?? null });
  });
  const [view] = await listOldPartReturns(deps, actor, { state: 'all', ids: [id] });
  return view!;
}
