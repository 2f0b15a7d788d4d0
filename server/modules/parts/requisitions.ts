import { v7 as uuidv7 } from 'uuid';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import { localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { ApproveRequisitionBody, RequestRequisitionBody, RequisitionView } from '../../../shared/contracts/parts-tickets';
import type { RequisitionStatus } from '../../../shared/contracts/parts';
import type { PartsDeps } from './parts.deps';
import { checkQuantity, checkWhole, postMovement, type LedgerLine } from './ledger';
import { documentNumber, moveLineSerials } from './movements';
import { requireLocations } from './locations';
import { requireParts } from './catalogue';
import { checkLineValue } from './ticket-parts';
import * as repo from './parts.repository';
import * as tp from './ticket-parts.repository';
import type { RequisitionPrint } from './requisition-pdf';

/*
 * H7: before leaving, the technician requests the parts for the day's jobs (领料单); the parts
 * administrator approves (perhaps fewer) or rejects with a reason, and issues them from a
 * warehouse into the technician's van. Reserved parts of those tickets become issued.
 */

/** The technician asks for the day's parts, into their own van. */
export async function requestRequisition(deps: PartsDeps, actor: Actor, body: RequestRequisitionBody): Promise<RequisitionView> {
  const [van] = await tp.vansOf(deps.db, actor.orgId, [actor.userId]);
  if (!van) throw fieldError('body', 'parts.errors.noVan');
  const parts = await requireParts(deps.db, actor, body.lines.map((l, i) => ({ id: l.partId, field: `body.lines.${i}.partId` })));
  for (const [i, line] of body.lines.entries()) {
    checkWhole(parts[i]!, line.quantity, `body.lines.${i}.quantity`);
    if (line.ticketId) checkLineValue(parts[i]!, line.quantity, `body.lines.${i}.quantity`);
  }
  const at = deps.clock();
  const id = uuidv7();
  await deps.db.transaction(async (tx) => {
    for (const [i, line] of body.lines.entries()) {
      if (line.ticketId && !(await deps.tickets.findVisible(tx, actor, line.ticketId))) throw invalidReference(`body.lines.${i}.ticketId`, 'parts.errors.unknownTicket');
    }
    const org = await deps.getOrganisation(actor.orgId, tx);
    const number = await documentNumber(deps, tx, actor, 'LL', at);
    await tp.insertRequisition(
      tx,
      { orgId: actor.orgId, id, number, technicianId: actor.userId, toLocationId: van.id, forDay: body.forDay ?? localDate(at, org.timeZone), status: 'requested', note: body.note ?? null, requestedAt: at },
      body.lines.map((line, i) => ({ orgId: actor.orgId, requisitionId: id, lineNo: i + 1, partId: line.partId, ticketId: line.ticketId ?? null, quantity: line.quantity })),
    );
  });
  return getRequisition(deps, actor, id);
}

function refuseState(status: RequisitionStatus): AppError {
  if (status === 'issued') return new AppError('ALREADY_POSTED', { detail: 'parts.errors.requisitionIssued' });
  return new AppError('TRANSITION_NOT_ALLOWED', { detail: 'parts.errors.requisitionNotOpen' });
}

/** The administrator approves, perhaps fewer than asked (0 refuses a line), from a warehouse; `issue` issues at once. */
export async function approveRequisition(deps: PartsDeps, actor: Actor, id: string, body: ApproveRequisitionBody): Promise<RequisitionView> {
  const [from] = await requireLocations(deps, actor, [{ id: body.fromLocationId, field: 'body.fromLocationId' }]);
  if (from!.kind === 'van' || from!.kind === 'customer') throw fieldError('body.fromLocationId', 'parts.errors.issueFromStore');
  const at = deps.clock();
  await deps.db.transaction(async (tx) => {
    const requisition = await tp.lockRequisition(tx, actor.orgId, id);
    if (!requisition) throw notFound('parts.errors.unknownRequisition');
    if (requisition.status !== 'requested') throw refuseState(requisition.status);
    if (requisition.toLocationId === from!.id) throw fieldError('body.fromLocationId', 'parts.errors.sameLocation');
    const lines = await tp.requisitionLinesOf(tx, actor.orgId, [id]);
    const byNo = new Map(lines.map((l) => [l.line.lineNo, l]));
    const approved = new Map(lines.map((l) => [l.line.lineNo, { quantity: l.line.quantity, serials: null as string[] | null }]));
    for (const [i, change] of (body.lines ?? []).entries()) {
      const line = byNo.get(change.lineNo);
      if (!line) throw invalidReference(`body.lines.${i}.lineNo`, 'parts.errors.unknownLine');
      if (change.quantity > line.line.quantity) throw fieldError(`body.lines.${i}.quantity`, 'parts.errors.moreThanRequested', { params: { requested: line.line.quantity } });
      if (change.quantity > 0) {
        const [part] = await repo.findParts(tx, actor.orgId, [line.line.partId]);
        if (part!.serialTracked || change.serials?.length) checkQuantity(part!, change.quantity, change.serials, `body.lines.${i}`);
        else checkWhole(part!, change.quantity, `body.lines.${i}.quantity`);
      }
      approved.set(change.lineNo, { quantity: change.quantity, serials: change.serials ?? null });
    }
    for (const [lineNo, a] of approved) await tp.updateRequisitionLine(tx, actor.orgId, id, lineNo, { issuedQuantity: a.quantity, serials: a.serials });
    await tp.updateRequisition(tx, actor.orgId, id, { status: 'approved', fromLocationId: from!.id, decidedBy: actor.userId, decidedAt: at, decisionNote: body.note ?? null });
    if (body.issue) await issueInTx(deps, tx, actor, id, at);
  });
  return getRequisition(deps, actor, id);
}

export async function rejectRequisition(deps: PartsDeps, actor: Actor, id: string, reason: string): Promise<RequisitionView> {
  const at = deps.clock();
  await deps.db.transaction(async (tx) => {
    const requisition = await tp.lockRequisition(tx, actor.orgId, id);
    if (!requisition) throw notFound('parts.errors.unknownRequisition');
    if (requisition.status !== 'requested' && requisition.status !== 'approved') throw refuseState(requisition.status);
    await tp.updateRequisition(tx, actor.orgId, id, { status: 'rejected', decidedBy: actor.userId, decidedAt: at, decisionNote: reason });
  });
  return getRequisition(deps, actor, id);
}

/** Issues an approved requisition from its warehouse into the van: all lines or none (409 INSUFFICIENT_STOCK names the short one). */
export async function issueRequisition(deps: PartsDeps, actor: Actor, id: string): Promise<RequisitionView> {
  const at = deps.clock();
  await deps.db.transaction(async (tx) => issueInTx(deps, tx, actor, id, at));
  return getRequisition(deps, actor, id);
}

async function issueInTx(deps: PartsDeps, tx: Db, actor: Actor, id: string, at: Date) {
  const requisition = await tp.lockRequisition(tx, actor.orgId, id);
  if (!requisition) throw notFound('parts.errors.unknownRequisition');
  if (requisition.status !== 'approved') throw refuseState(requisition.status);
  const located = await repo.findLocations(tx, actor.orgId, [requisition.fromLocationId!, requisition.toLocationId]);
  const from = located.find((l) => l.id === requisition.fromLocationId)!;
  const van = located.find((l) => l.id === requisition.toLocationId)!;
  const lines = (await tp.requisitionLinesOf(tx, actor.orgId, [id])).filter((l) => (l.line.issuedQuantity ?? 0) > 0);
  const parts = new Map((await repo.findParts(tx, actor.orgId, [...new Set(lines.map((l) => l.line.partId))])).map((p) => [p.id, p]));
  const ticketIds = [...new Set(lines.map((l) => l.line.ticketId).filter((t): t is string => Boolean(t)))];
  const open = await tp.lockTicketPartsOf(tx, actor.orgId, ticketIds, ['proposed', 'reserved']);
  const locations = new Map((await repo.findLocations(tx, actor.orgId, [...new Set(open.map((o) => o.locationId).filter((l): l is string => Boolean(l)))])).map((l) => [l.id, l]));
  const ledger: LedgerLine[] = [];

  for (const [i, { line }] of lines.entries()) {
    const part = parts.get(line.partId)!;
    const quantity = line.issuedQuantity!;
    const serials = line.serials ?? undefined;
    if (part.serialTracked && (!serials || serials.length !== quantity)) throw fieldError(`body.lines.${i}.serials`, 'parts.errors.serialsCount');
    const common = { kind: 'issue' as const, ticketId: line.ticketId, documentId: id, unitCostFen: part.costPriceFen };
    ledger.push({ ...common, part, location: from, onHand: -quantity, serials }, { ...common, part, location: van, onHand: quantity, serials });
    await moveLineSerials(tx, actor, { part, serials }, from, van, `body.lines.${i}.serials`);
    if (!line.ticketId) continue;

    // The ticket's proposed or reserved parts of this part are now in the van; a reservation elsewhere is released.
    let remaining = quantity;
    // A single serial-tracked unit for the job shows its serial on the ticket from the start.
    const queue = part.serialTracked ? [...(serials ?? [])] : [];
    const serialOf = (take: number) => (take === 1 ? (queue.shift() ?? null) : null);
    for (const row of open.filter((o) => o.ticketId === line.ticketId && o.partId === line.partId && o.locationId !== van.id && o.quantity > 0)) {
      if (remaining <= 0) break;
      const take = Math.min(row.quantity, remaining);
      if (row.status === 'reserved' && row.locationId) {
        ledger.push({ kind: 'unreserve', part, location: locations.get(row.locationId)!, reserved: -take, ticketId: line.ticketId, documentId: row.id });
      }
      if (take === row.quantity) {
        await tp.updateTicketPart(tx, actor.orgId, row.id, { status: 'issued', locationId: van.id, serial: serialOf(take) });
      } else {
        await tp.updateTicketPart(tx, actor.orgId, row.id, { quantity: Number((row.quantity - take).toFixed(3)) });
        await tp.insertTicketParts(tx, [{ orgId: actor.orgId, id: uuidv7(), ticketId: line.ticketId, partId: part.id, quantity: take, status: 'issued', locationId: van.id, serial: serialOf(take), proposedBy: row.proposedBy, createdAt: at, updatedAt: at }]);
      }
      row.quantity = Number((row.quantity - take).toFixed(3));
      remaining = Number((remaining - take).toFixed(3));
    }
    if (remaining > 0) {
      // Asked for this job without being proposed on it first: the ticket shows it as issued.
      await tp.insertTicketParts(tx, [{ orgId: actor.orgId, id: uuidv7(), ticketId: line.ticketId, partId: part.id, quantity: remaining, status: 'issued', locationId: van.id, serial: serialOf(remaining), proposedBy: requisition.technicianId, createdAt: at, updatedAt: at }]);
    }
  }
  await postMovement(tx, actor, at, ledger);
  await tp.updateRequisition(tx, actor.orgId, id, { status: 'issued', issuedBy: actor.userId, issuedAt: at });
}

export async function listRequisitions(deps: PartsDeps, actor: Actor, query: { status?: RequisitionStatus | undefined; technicianId?: string | undefined; forDay?: string | undefined; ids?: string[] }): Promise<RequisitionView[]> {
  // A technician sees their own requisitions only.
  const scoped = actor.role === 'technician' ? { ...query, technicianId: actor.userId } : query;
  const rows = await tp.listRequisitions(deps.db, actor.orgId, scoped);
  const lines = await tp.requisitionLinesOf(deps.db, actor.orgId, rows.map((r) => r.id));
  const locations = new Map((await repo.findLocations(deps.db, actor.orgId, rows.flatMap((r) => [r.toLocationId, r.fromLocationId].filter((l): l is string => Boolean(l))))).map((l) => [l.id, l]));
  const names = await tp.namesOf(deps.db, actor.orgId, rows.flatMap((r) => [r.technicianId, r.decidedBy, r.issuedBy]));
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    technicianId: r.technicianId,
    technicianName: names.get(r.technicianId) ?? '',
    toLocationId: r.toLocationId,
    toLocationName: locations.get(r.toLocationId)?.name ?? '',
    fromLocationId: r.fromLocationId,
    fromLocationName: r.fromLocationId ? (locations.get(r.fromLocationId)?.name ?? null) : null,
    forDay: r.forDay,
    status: r.status,
    note: r.note,
    requestedAt: r.requestedAt.toISOString(),
    decidedByName: r.decidedBy ? (names.get(r.decidedBy) ?? null) : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    issuedByName: r.issuedBy ? (names.get(r.issuedBy) ?? null) : null,
    issuedAt: r.issuedAt?.toISOString() ?? null,
    version: r.version,
    lines: lines
      .filter((l) => l.line.requisitionId === r.id)
      .map((l) => ({
        lineNo: l.line.lineNo,
        partId: l.line.partId,
        partNumber: l.partNumber,
        partName: l.partName,
        unit: l.unit,
        serialTracked: l.serialTracked,
        ticketId: l.line.ticketId,
        ticketNumber: l.ticketNumber,
        quantity: l.line.quantity,
        issuedQuantity: l.line.issuedQuantity,
        serials: l.line.serials ?? [],
      })),
  }));
}

export async function getRequisition(deps: PartsDeps, actor: Actor, id: string): Promise<RequisitionView> {
  const [view] = await listRequisitions(deps, actor, { ids: [id] });
  if (!view) throw notFound('parts.errors.unknownRequisition');
  return view;
}

/** What the printed requisition shows (H7), times in the organisation's zone. */
export async function requisitionPrint(deps: PartsDeps, actor: Actor, id: string): Promise<RequisitionPrint> {
  const r = await getRequisition(deps, actor, id);
  const org = await deps.getOrganisation(actor.orgId);
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone: org.timeZone, dateStyle: 'short', timeStyle: 'short' });
  const when = (iso: string | null) => (iso ? format.format(new Date(iso)) : null);
  return {
    organisation: org.name,
    number: r.number,
    status: r.status,
    forDay: r.forDay,
    technician: r.technicianName,
    from: r.fromLocationName,
    to: r.toLocationName,
    requestedAt: when(r.requestedAt)!,
    issuedAt: when(r.issuedAt),
    issuedBy: r.issuedByName,
    note: r.note,
    decisionNote: r.decisionNote,
    lines: r.lines.map((l) => ({ part: `${l.partNumber} ${l.partName}`, unit: l.unit, ticket: l.ticketNumber, requested: l.quantity, issued: l.issuedQuantity, serials: l.serials })),
  };
}
