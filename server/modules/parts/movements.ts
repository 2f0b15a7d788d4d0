import { v7 as uuidv7 } from 'uuid';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import { nextNumber } from '../platform';
import { compactDay, localDate } from '../../../shared/time';
import type { IssueBody, MovementView, ReceiptBody, StockLine, TransferBody, TransferView, WriteOffBody } from '../../../shared/contracts/parts';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import { checkQuantity, postMovement, type LedgerLine } from './ledger';
import { requireLocations } from './locations';
import { requireParts } from './catalogue';
import * as repo from './parts.repository';

/**
 * Receipts, issues, transfers and write-offs: each one transaction over the ledger, its
 * balances and its serials, all or nothing.
 */

/** The parts of a request's lines, each checked against its quantity and serials. */
export async function resolveLines<L extends StockLine>(db: Db, actor: Actor, lines: readonly L[], field = 'body.lines'): Promise<(L & { part: repo.PartRow })[]> {
  const parts = await requireParts(db, actor, lines.map((l, i) => ({ id: l.partId, field: `${field}.${i}.partId` })));
  const seen = new Set<string>();
  return lines.map((line, i) => {
    const part = parts[i]!;
    if (seen.has(line.partId)) throw fieldError(`${field}.${i}.partId`, 'parts.errors.duplicateLine', { code: 'duplicate' });
    seen.add(line.partId);
    checkQuantity(part, line.quantity, line.serials, `${field}.${i}`);
    return { ...line, part };
  });
}

function serialNotAt(location: repo.LocationRow, serials: readonly string[], field: string): AppError {
  return new AppError('SERIAL_NOT_AVAILABLE', {
    detail: 'parts.errors.serialNotAt',
    params: { serial: serials.join(', '), location: location.name },
    fields: [{ field, code: 'not_found', message: 'parts.errors.serialNotAt', params: { serial: serials.join(', '), location: location.name } }],
    extensions: { serials, locationId: location.id },
  });
}

/** Moves the serials of a line out of `from` (into `to`, or out of stock), or throws naming those not there. */
export async function moveLineSerials(tx: Db, actor: Actor, line: { part: repo.PartRow; serials?: readonly string[] | undefined }, from: repo.LocationRow, to: repo.LocationRow | null, field: string, fitted?: { ticketId?: string | null; assetId?: string | null }) {
  if (!line.part.serialTracked || !line.serials?.length) return;
  const missing = await repo.moveSerials(tx, actor.orgId, line.part.id, from.id, to?.id ?? null, line.serials, fitted);
  if (missing.length) throw serialNotAt(from, missing, field);
}

export async function documentNumber(deps: PartsDeps, tx: Db, actor: Actor, prefix: string, at: Date): Promise<string> {
  const org = await deps.getOrganisation(actor.orgId, tx);
  const day = localDate(at, org.timeZone);
  const seq = await nextNumber(tx, actor.orgId, prefix, day);
  return `${prefix}-${compactDay(day)}-${String(seq).padStart(4, '0')}`;
}

const movementView = (posted: { moveId: string; at: Date; lines: number }, number: string | null): MovementView => ({
  id: posted.moveId,
  number,
  at: posted.at.toISOString(),
  lines: posted.lines,
});

/** Stock received from a supplier into a location, at its unit cost (the part's cost price when none is given). */
export async function receive(deps: PartsDeps, actor: Actor, body: ReceiptBody): Promise<MovementView> {
  const [location] = await requireLocations(deps, actor, [{ id: body.locationId, field: 'body.locationId' }]);
  const lines = await resolveLines(deps.db, actor, body.lines);
  const at = deps.clock();
  const moveId = uuidv7();
  return deps.db.transaction(async (tx) => {
    const number = await documentNumber(deps, tx, actor, 'RK', at);
    for (const [i, line] of lines.entries()) {
      if (!line.part.serialTracked || !line.serials) continue;
      const taken = await repo.receiveSerials(tx, actor.orgId, line.part.id, location!.id, line.serials);
      if (taken.length) throw fieldError(`body.lines.${i}.serials`, 'parts.errors.serialTaken', { code: 'taken', params: { serial: taken.join(', ') } });
    }
    const reason = [body.supplier, body.note].filter(Boolean).join(' · ') || null;
    const posted = await postMovement(
      tx,
      actor,
      at,
      lines.map((line) => ({
        kind: 'receipt',
        part: line.part,
        location: location!,
        onHand: line.quantity,
        serials: line.serials,
        unitCostFen: line.unitCostFen ?? line.part.costPriceFen,
        documentId: moveId,
        reason,
      })),
      moveId,
    );
    return movementView(posted, number);
  });
}

function checkDistinct(fromId: string, toId: string) {
  if (fromId === toId) throw fieldError('body.toLocationId', 'parts.errors.sameLocation');
}

/**
 * Parts issued from one location straight into another (the warehouse into a technician's
 * van), for a ticket or not. 409 INSUFFICIENT_STOCK when any line exceeds what is available at
 * the source, and then nothing moves.
 */
export async function issue(
  deps: PartsDeps,
  actor: Actor,
  body: IssueBody,
  options: { kind?: 'issue' | 'return'; documentId?: string; /** More to write in the movement's transaction, after it. */ then?: (tx: Db, at: Date) => Promise<void> } = {},
): Promise<MovementView> {
  checkDistinct(body.fromLocationId, body.toLocationId);
  const [from, to] = await requireLocations(deps, actor, [
    { id: body.fromLocationId, field: 'body.fromLocationId' },
    { id: body.toLocationId, field: 'body.toLocationId' },
  ]);
  if (body.ticketId && !(await repo.ticketExists(deps.db, actor.orgId, body.ticketId))) throw invalidReference('body.ticketId', 'parts.errors.unknownTicket');
  const lines = await resolveLines(deps.db, actor, body.lines);
  const at = deps.clock();
  const kind = options.kind ?? 'issue';
  return deps.db.transaction(async (tx) => {
    const posted = await postMovement(tx, actor, at, movementLines(lines, from!, to!, { kind, ticketId: body.ticketId ?? null, documentId: options.documentId ?? null, reason: body.note ?? null }));
    for (const [i, line] of lines.entries()) await moveLineSerials(tx, actor, line, from!, to!, `body.lines.${i}.serials`);
    await options.then?.(tx, at);
    return movementView(posted, null);
  });
}

/** The two ledger lines of each line moved from one location to another. */
export function movementLines(
  lines: readonly (StockLine & { part: repo.PartRow })[],
  from: repo.LocationRow,
  to: repo.LocationRow,
  common: Pick<LedgerLine, 'kind' | 'ticketId' | 'documentId' | 'reason'>,
): LedgerLine[] {
  return lines.flatMap((line) => [
    { ...common, part: line.part, location: from, onHand: -line.quantity, serials: line.serials, unitCostFen: line.part.costPriceFen },
    { ...common, part: line.part, location: to, onHand: line.quantity, serials: line.serials, unitCostFen: line.part.costPriceFen },
  ]);
}

/** C4: a transfer leaves its source at once and is in transit at its destination until received. */
export async function sendTransfer(deps: PartsDeps, actor: Actor, body: TransferBody): Promise<TransferView> {
  checkDistinct(body.fromLocationId, body.toLocationId);
  const [from, to] = await requireLocations(deps, actor, [
    { id: body.fromLocationId, field: 'body.fromLocationId' },
    { id: body.toLocationId, field: 'body.toLocationId' },
  ]);
  const lines = await resolveLines(deps.db, actor, body.lines);
  const at = deps.clock();
  const id = uuidv7();
  await deps.db.transaction(async (tx) => {
    const number = await documentNumber(deps, tx, actor, 'DB', at);
    await repo.insertTransfer(tx, { orgId: actor.orgId, id, number, fromLocationId: from!.id, toLocationId: to!.id, status: 'in_transit', sentBy: actor.userId, sentAt: at, note: body.note ?? null });
    const common = { kind: 'transfer_out' as const, documentId: id, reason: body.note ?? null };
    await postMovement(
      tx,
      actor,
      at,
      lines.flatMap((line) => [
        { ...common, part: line.part, location: from!, onHand: -line.quantity, serials: line.serials, unitCostFen: line.part.costPriceFen },
        { ...common, part: line.part, location: to!, inTransit: line.quantity, serials: line.serials, unitCostFen: line.part.costPriceFen },
      ]),
    );
    // In transit a serial is at no location; it arrives with the transfer.
    for (const [i, line] of lines.entries()) await moveLineSerials(tx, actor, line, from!, null, `body.lines.${i}.serials`);
  });
  return getTransfer(deps, actor, id);
}

/** C4: the destination receives a transfer: what was in transit is on hand. Once only. */
export async function receiveTransfer(deps: PartsDeps, actor: Actor, id: string): Promise<TransferView> {
  const at = deps.clock();
  await deps.db.transaction(async (tx) => {
    const transfer = await repo.lockTransfer(tx, actor.orgId, id);
    if (!transfer) throw notFound('parts.errors.unknownTransfer');
    if (transfer.status !== 'in_transit') throw new AppError('ALREADY_POSTED', { detail: 'parts.errors.transferReceived' });
    const [to] = await repo.findLocations(tx, actor.orgId, [transfer.toLocationId]);
    const sent = await repo.documentLines(tx, actor.orgId, [id], 'transfer_out');
    const inTransit = sent.filter((l) => l.quantity > 0);
    const parts = new Map((await repo.findParts(tx, actor.orgId, inTransit.map((l) => l.partId))).map((p) => [p.id, p]));
    await postMovement(
      tx,
      actor,
      at,
      inTransit.map((l) => ({
        kind: 'transfer_in' as const,
        part: parts.get(l.partId)!,
        location: to!,
        inTransit: -l.quantity,
        onHand: l.quantity,
        serials: l.serial ? [l.serial] : undefined,
        documentId: id,
      })),
    );
    const serials = inTransit.filter((l) => l.serial);
    for (const l of serials) await repo.receiveSerials(tx, actor.orgId, l.partId, to!.id, [l.serial!]);
    await repo.markTransferReceived(tx, actor.orgId, id, actor.userId, at);
  });
  return getTransfer(deps, actor, id);
}

export async function getTransfer(deps: PartsDeps, actor: Actor, id: string): Promise<TransferView> {
  const [view] = await listTransfers(deps, actor, { ids: [id] });
  if (!view) throw notFound('parts.errors.unknownTransfer');
  return view;
}

export async function listTransfers(deps: PartsDeps, actor: Actor, query: { status?: 'in_transit' | 'received' | undefined; locationId?: string | undefined; ids?: string[] }): Promise<TransferView[]> {
  const rows = await repo.listTransfers(deps.db, actor.orgId, query);
  const locations = new Map((await repo.findLocations(deps.db, actor.orgId, rows.flatMap((r) => [r.fromLocationId, r.toLocationId]))).map((l) => [l.id, l]));
  const lines = await repo.documentLines(deps.db, actor.orgId, rows.map((r) => r.id), 'transfer_out');
  const names = new Map<string, string>();
  for (const r of rows) if (!names.has(r.sentBy)) names.set(r.sentBy, (await repo.findPerson(deps.db, actor.orgId, r.sentBy))?.name ?? '');
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    fromLocationId: r.fromLocationId,
    fromLocationName: locations.get(r.fromLocationId)?.name ?? '',
    toLocationId: r.toLocationId,
    toLocationName: locations.get(r.toLocationId)?.name ?? '',
    status: r.status,
    sentAt: r.sentAt.toISOString(),
    sentByName: names.get(r.sentBy) ?? '',
    receivedAt: r.receivedAt?.toISOString() ?? null,
    note: r.note,
    lines: lines
      .filter((l) => l.documentId === r.id && l.quantity > 0)
      .map((l) => ({ partId: l.partId, partNumber: l.partNumber, partName: l.partName, quantity: l.quantity, serial: l.serial })),
  }));
}

/** Stock that is lost, broken or expired leaves the books with a reason. */
export async function writeOff(deps: PartsDeps, actor: Actor, body: WriteOffBody): Promise<MovementView> {
  const [location] = await requireLocations(deps, actor, [{ id: body.locationId, field: 'body.locationId' }]);
  const lines = await resolveLines(deps.db, actor, body.lines);
  const at = deps.clock();
  return deps.db.transaction(async (tx) => {
    const posted = await postMovement(
      tx,
      actor,
      at,
      lines.map((line) => ({ kind: 'write_off' as const, part: line.part, location: location!, onHand: -line.quantity, serials: line.serials, unitCostFen: line.part.costPriceFen, reason: body.reason })),
    );
    for (const [i, line] of lines.entries()) await moveLineSerials(tx, actor, line, location!, null, `body.lines.${i}.serials`);
    return movementView(posted, null);
  });
}
