import { v7 as uuidv7 } from 'uuid';
import { AppError, fieldError, notFound } from '../../errors';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { TicketRef } from '../tickets';
import type { ProposeTicketPartBody, TicketPartsView, TicketPartView } from '../../../shared/contracts/parts-tickets';
import type { TicketPartStatus } from '../../../shared/contracts/parts';
import { FINAL_STATUSES, isIn } from '../../../shared/ticket-lifecycle';
import type { PartsDeps } from './parts.deps';
import { checkWhole, postMovement } from './ledger';
import { requireParts } from './catalogue';
import { requireLocations } from './locations';
import { quantityFen } from '../../../shared/money';
import { priceOf } from './pricing';
import { distanceKm } from './loaner-offers';
import * as repo from './parts.repository';
import * as tp from './ticket-parts.repository';

/*
 * Parts on a ticket (H3, E5): proposed by the agent or the technician, reserved from the lead
 * technician's van first and then the nearest warehouse or depot, released when cancelled.
 * Issued by a requisition (requisitions.ts), consumed in the work report (consumption.ts).
 */

/** The ticket as the caller may see it; NOT_FOUND otherwise. */
export async function visibleTicket(deps: PartsDeps, tx: Db, actor: Actor, ticketId: string): Promise<TicketRef> {
  const ticket = await deps.tickets.findVisible(tx, actor, ticketId);
  if (!ticket) throw notFound();
  return ticket;
}

/** A closed or cancelled ticket takes no more parts. */
function assertOpen(ticket: TicketRef) {
  if (isIn(FINAL_STATUSES, ticket.status)) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'parts.errors.ticketFinal' });
}

/** A technician changes parts only on jobs they are on; others by the ticket's scope. */
export async function assertOnCrew(deps: PartsDeps, tx: Db, actor: Actor, ticketId: string) {
  if (actor.role !== 'technician') return;
  const crew = await deps.tickets.crewOf(tx, actor.orgId, ticketId);
  if (!crew.some((c) => c.id === actor.userId)) throw new AppError('FORBIDDEN', { detail: 'errors.detail.notOnCrew' });
}

/**
 * A location named for a reservation: never a with-customer location, and for a technician only
 * their own van or bag, a warehouse or a depot (not another technician's van).
 */
function checkReservable(actor: Actor, location: repo.LocationRow) {
  if (location.kind === 'customer') throw fieldError('body.locationId', 'parts.errors.reserveNotAtCustomer');
  if (actor.role === 'technician' && location.kind === 'van' && location.ownerUserId !== actor.userId) throw fieldError('body.locationId', 'parts.errors.reserveNotOthersVan');
}

/** The most one part line on a ticket may be worth, in fen (¥100 billion): its totals stay exact whole numbers. */
const MAX_LINE_FEN = 10_000_000_000_000;

/** A part line on a ticket whose cost or price would pass MAX_LINE_FEN is refused (400 naming the quantity). */
export function checkLineValue(part: Pick<repo.PartRow, 'costPriceFen' | 'retailPriceFen' | 'contractPriceFen'>, quantity: number, field: string) {
  const unitFen = Math.max(part.costPriceFen, part.retailPriceFen, part.contractPriceFen ?? 0);
  if (quantityFen(quantity, unitFen) > MAX_LINE_FEN) throw fieldError(field, 'parts.errors.lineTooLarge', { code: 'too_big' });
}

export async function partOrRefuse(db: Db, actor: Actor, partId: string, field: string): Promise<repo.PartRow> {
  return (await requireParts(db, actor, [{ id: partId, field }]))[0]!;
}

/** The part lines a ticket's totals count (returned and cancelled ones do not). */
const COUNTED_STATUSES = ['proposed', 'reserved', 'issued', 'consumed'] as const satisfies readonly TicketPartStatus[];
const OPEN_STATUSES = new Set<string>(COUNTED_STATUSES);

/** A ticket's parts with what they cost and what the customer pays (E5), and both totals. */
export async function ticketPartsOf(db: Db, orgId: string, ticket: Pick<TicketRef, 'id' | 'customerId' | 'warranty' | 'humanDamage'>): Promise<TicketPartsView> {
  const [rows, agreed] = await Promise.all([tp.listTicketParts(db, orgId, [ticket.id]), tp.customerContractPrices(db, orgId, ticket.customerId)]);
  const contract = new Map(agreed.map((a) => [a.partId, a.priceFen]));
  const items = rows.map((r) => toView(r, ticket, contract));
  const counted = items.filter((i) => OPEN_STATUSES.has(i.status));
  return {
    items,
    costTotalFen: counted.reduce((sum, i) => sum + i.costFen, 0),
    priceTotalFen: counted.reduce((sum, i) => sum + i.priceFen, 0),
  };
}

type ListedRow = Awaited<ReturnType<typeof tp.listTicketParts>>[number];

export function toView(r: ListedRow, ticket: Pick<TicketRef, 'warranty' | 'humanDamage'>, contract: ReadonlyMap<string, number>): TicketPartView {
  const live = priceOf({ id: r.row.partId, retailPriceFen: r.retailPriceFen, contractPriceFen: r.contractPriceFen }, ticket, contract);
  // Consumed parts keep the price fixed when they were used; the others follow the ticket.
  const fixed = r.row.unitPriceFen !== null && r.row.inWarranty !== null;
  const unitPriceFen = fixed ? r.row.unitPriceFen! : live.unitPriceFen;
  const inWarranty = fixed ? r.row.inWarranty! : live.basis === 'warranty';
  const unitCostFen = r.row.unitCostFen ?? r.costPriceFen;
  return {
    id: r.row.id,
    ticketId: r.row.ticketId,
    partId: r.row.partId,
    partNumber: r.partNumber,
    partName: r.partName,
    unit: r.unit,
    serialTracked: r.serialTracked,
    quantity: r.row.quantity,
    status: r.row.status,
    locationId: r.row.locationId,
    locationName: r.locationName,
    locationKind: r.locationKind,
    serial: r.row.serial,
    removedSerial: r.row.removedSerial,
    inWarranty,
    unitCostFen,
    unitPriceFen,
    costFen: quantityFen(r.row.quantity, unitCostFen),
    priceFen: quantityFen(r.row.quantity, unitPriceFen),
    priceBasis: inWarranty ? 'warranty' : fixed && live.basis === 'warranty' ? 'retail' : live.basis,
    proposedByName: r.proposedByName ?? '',
    createdAt: r.row.createdAt.toISOString(),
    version: r.row.version,
  };
}

/** For the ticket page and for other modules (money, pay): a ticket's parts, cost and price. */
export async function partsOfTicket(deps: PartsDeps, actor: Actor, ticketId: string): Promise<TicketPartsView> {
  const ticket = await visibleTicket(deps, deps.db, actor, ticketId);
  return ticketPartsOf(deps.db, actor.orgId, ticket);
}

/** Ticket ids are read this many at a time (bound parameters stay well under the driver's limits). */
const CHUNK = 5000;

/**
 * For the pay work (M7): each ticket's parts at cost, in fen, the same figure as
 * `partsOfTicket(…).costTotalFen`, for many tickets at once (one query per 5000 tickets), in the
 * organisation without a ticket-by-ticket visibility check. A ticket without parts is absent.
 */
export async function partsCostOfTickets(deps: Pick<PartsDeps, 'db'>, orgId: string, ticketIds: readonly string[]): Promise<Map<string, number>> {
  const unique = [...new Set(ticketIds)];
  const out = new Map<string, number>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    for (const r of await tp.partCostLines(deps.db, orgId, unique.slice(i, i + CHUNK), COUNTED_STATUSES)) {
      out.set(r.ticketId, (out.get(r.ticketId) ?? 0) + r.lines * quantityFen(r.quantity, r.unitCostFen));
    }
  }
  return out;
}

/** H3: a part the job needs; reserved at once when asked. */
export async function proposePart(deps: PartsDeps, actor: Actor, ticketId: string, body: ProposeTicketPartBody & { locationId?: string | null | undefined }): Promise<TicketPartsView> {
  const part = await partOrRefuse(deps.db, actor, body.partId, 'body.partId');
  checkWhole(part, body.quantity, 'body.quantity');
  checkLineValue(part, body.quantity, 'body.quantity');
  const chosen = body.locationId ? (await requireLocations(deps, actor, [{ id: body.locationId, field: 'body.locationId' }]))[0]! : null;
  if (chosen) checkReservable(actor, chosen);
  const at = deps.clock();
  return deps.db.transaction(async (tx) => {
    const ticket = await visibleTicket(deps, tx, actor, ticketId);
    await assertOnCrew(deps, tx, actor, ticketId);
    assertOpen(ticket);
    const row: tp.TicketPartRow = {
      orgId: actor.orgId,
      id: uuidv7(),
      ticketId,
      partId: part.id,
      quantity: body.quantity,
      status: 'proposed',
      locationId: null,
      serial: null,
      removedSerial: null,
      inWarranty: null,
      unitCostFen: null,
      unitPriceFen: null,
      proposedBy: actor.userId,
      createdAt: at,
      updatedAt: at,
      version: 1,
    };
    await tp.insertTicketParts(tx, [row]);
    if (body.reserve || chosen) await reserveInTx(tx, actor, ticket, row, part, at, chosen);
    return ticketPartsOf(tx, actor.orgId, ticket);
  });
}

/** Reserves a proposed part: at the named location, or the lead's van, or the nearest warehouse or depot. */
export async function reservePart(deps: PartsDeps, actor: Actor, ticketId: string, id: string, body: { locationId?: string | null | undefined }): Promise<TicketPartsView> {
  const chosen = body.locationId ? (await requireLocations(deps, actor, [{ id: body.locationId, field: 'body.locationId' }]))[0]! : null;
  if (chosen) checkReservable(actor, chosen);
  const at = deps.clock();
  return deps.db.transaction(async (tx) => {
    const ticket = await visibleTicket(deps, tx, actor, ticketId);
    await assertOnCrew(deps, tx, actor, ticketId);
    const row = await tp.lockTicketPart(tx, actor.orgId, ticketId, id);
    if (!row) throw notFound();
    if (row.status !== 'proposed') throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'parts.errors.notProposed' });
    assertOpen(ticket);
    const [part] = await repo.findParts(tx, actor.orgId, [row.partId]);
    await reserveInTx(tx, actor, ticket, row, part!, at, chosen);
    return ticketPartsOf(tx, actor.orgId, ticket);
  });
}

/** Cancels a part the job no longer needs: a reservation is released; an issued or consumed part is not cancelled (it goes back with the van's return). */
export async function cancelPart(deps: PartsDeps, actor: Actor, ticketId: string, id: string): Promise<TicketPartsView> {
  const at = deps.clock();
  return deps.db.transaction(async (tx) => {
    const ticket = await visibleTicket(deps, tx, actor, ticketId);
    await assertOnCrew(deps, tx, actor, ticketId);
    const row = await tp.lockTicketPart(tx, actor.orgId, ticketId, id);
    if (!row) throw notFound();
    if (row.status !== 'proposed' && row.status !== 'reserved') throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'parts.errors.notCancellable' });
    if (row.status === 'reserved' && row.locationId) {
      const [part] = await repo.findParts(tx, actor.orgId, [row.partId]);
      const [location] = await repo.findLocations(tx, actor.orgId, [row.locationId]);
      await postMovement(tx, actor, at, [{ kind: 'unreserve', part: part!, location: location!, reserved: -row.quantity, ticketId, documentId: row.id }]);
    }
    await tp.updateTicketPart(tx, actor.orgId, row.id, { status: 'cancelled' });
    return ticketPartsOf(tx, actor.orgId, ticket);
  });
}

/**
 * H3: where a part for this ticket is reserved. The lead technician's own van first, when it has
 * enough; then the warehouses and depots that have enough, nearest first to the van's base when
 * both have coordinates (a ticket's address carries none), a warehouse before a depot otherwise.
 * When none has enough, 409 INSUFFICIENT_STOCK names the one with the most.
 */
async function reserveInTx(tx: Db, actor: Actor, ticket: TicketRef, row: tp.TicketPartRow, part: repo.PartRow, at: Date, chosen: repo.LocationRow | null) {
  let location = chosen;
  if (!location) {
    const [van] = ticket.assigneeId ? await tp.vansOf(tx, actor.orgId, [ticket.assigneeId]) : [];
    const candidates = await tp.availability(tx, actor.orgId, part.id, van?.id ?? null);
    const enough = candidates.filter((c) => c.available >= row.quantity);
    const base = van && van.latitude !== null && van.longitude !== null ? { latitude: van.latitude, longitude: van.longitude } : null;
    const distance = (l: repo.LocationRow) => (base && l.latitude !== null && l.longitude !== null ? distanceKm(base, { latitude: l.latitude, longitude: l.longitude }) : Number.POSITIVE_INFINITY);
    const rank = (l: repo.LocationRow) => (van && l.id === van.id ? 0 : l.kind === 'warehouse' ? 1 : 2);
    enough.sort((a, b) => {
      if (van && (a.location.id === van.id || b.location.id === van.id)) return rank(a.location) - rank(b.location);
      const d = distance(a.location) - distance(b.location);
      if (Number.isFinite(d) && d !== 0) return d;
      return rank(a.location) - rank(b.location) || b.available - a.available || a.location.name.localeCompare(b.location.name);
    });
    location = enough[0]?.location ?? candidates.sort((a, b) => b.available - a.available)[0]?.location ?? null;
    if (!location) {
      throw new AppError('INSUFFICIENT_STOCK', {
        detail: 'parts.errors.noneAvailable',
        params: { part: `${part.number} ${part.name}`, requested: row.quantity, unit: part.unit },
        extensions: { partId: part.id, available: 0, requested: row.quantity },
      });
    }
  }
  // A shortfall at the chosen location throws INSUFFICIENT_STOCK naming what is there; nothing is written.
  await postMovement(tx, actor, at, [{ kind: 'reserve', part, location, reserved: row.quantity, ticketId: ticket.id, documentId: row.id, unitCostFen: part.costPriceFen }]);
  await tp.updateTicketPart(tx, actor.orgId, row.id, { status: 'reserved', locationId: location.id });
}
