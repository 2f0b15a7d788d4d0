import { v7 as uuidv7 } from 'uuid';
import { AppError, fieldError, notFound } from '../../errors';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import { visibleTicketRefs, type TicketRef } from '../tickets';
import type { ConsumeBody, ConsumedLine, FittedPartView, TicketPartsView, VanReturnBody, VanView } from '../../../shared/contracts/parts-tickets';
import type { MovementView } from '../../../shared/contracts/parts';
import type { PartsDeps } from './parts.deps';
import { checkQuantity, postMovement, type LedgerLine } from './ledger';
import { issue, moveLineSerials } from './movements';
import { requireLocations } from './locations';
import { priceOf } from './pricing';
import { listStock } from './stock-reads';
import { assertOnCrew, checkLineValue, partOrRefuse, ticketPartsOf, toView, visibleTicket } from './ticket-parts';
import * as repo from './parts.repository';
import * as tp from './ticket-parts.repository';

/*
 * What the technician used from the van on a job (consumed on the ticket, serials fitted to its
 * asset), what goes back to a warehouse, and the van as the technician's day shows it (H7).
 */

/** Whose van a job's parts come from: the technician recording, or the ticket's lead when someone records for them. */
function technicianOf(actor: Actor, ticket: TicketRef): string | null {
  return actor.role === 'technician' ? actor.userId : ticket.assigneeId;
}

function notIssued(part: repo.PartRow, field: string): AppError {
  return new AppError('PART_NOT_ISSUED', {
    detail: 'parts.errors.notIssued',
    params: { part: `${part.number} ${part.name}` },
    fields: [{ field, code: 'invalid', message: 'parts.errors.notIssued', params: { part: `${part.number} ${part.name}` } }],
    extensions: { partId: part.id },
  });
}

/**
 * Consumes parts from the technician's van on a ticket, in the caller's transaction (the work
 * report's, or the consumption's own): 'consume' ledger lines take them off the van; the
 * ticket's issued or reserved parts of the van become consumed (with their price fixed, E5);
 * a serial fitted is recorded on the ticket's part with the serial taken out, and the unit is
 * marked as fitted to the ticket's asset. A part replaced in warranty is due back (old-part
 * returns). A part the van never had: 409 PART_NOT_ISSUED; more than it has: 409
 * INSUFFICIENT_STOCK. Nothing is written unless everything is.
 */
export async function consumeInTx(deps: PartsDeps, tx: Db, actor: Actor, ticket: TicketRef, lines: readonly ConsumedLine[], at: Date, field = 'body.lines'): Promise<void> {
  if (!lines.length) return;
  const technicianId = technicianOf(actor, ticket);
  const [van] = technicianId ? await tp.vansOf(tx, actor.orgId, [technicianId]) : [];
  const org = await deps.getOrganisation(actor.orgId, tx);
  const contract = new Map((await tp.customerContractPrices(tx, actor.orgId, ticket.customerId)).map((a) => [a.partId, a.priceFen]));
  const open = await tp.lockTicketPartsOf(tx, actor.orgId, [ticket.id], ['issued', 'reserved']);
  const ledger: LedgerLine[] = [];
  const returns: Parameters<typeof tp.insertOldPartReturns>[1] = [];
  const dueAt = new Date(at.getTime() + org.settings.parts.oldPartReturnDays * 86_400_000);

  for (const [i, line] of lines.entries()) {
    const at_ = `${field}.${i}`;
    const part = await partOrRefuse(tx, actor, line.partId, `${at_}.partId`);
    checkQuantity(part, line.quantity, line.serials, at_);
    checkLineValue(part, line.quantity, `${at_}.quantity`);
    if ((line.removedSerials?.length ?? 0) > line.quantity) throw fieldError(`${at_}.removedSerials`, 'parts.errors.removedSerialsCount');
    if (!van) throw notIssued(part, `${at_}.partId`);
    const balance = await repo.findBalance(tx, actor.orgId, part.id, van.id);
    if (balance.onHand <= 0) throw notIssued(part, `${at_}.partId`);

    const price = priceOf(part, ticket, contract);
    const fixed = { inWarranty: price.basis === 'warranty', unitCostFen: part.costPriceFen, unitPriceFen: price.unitPriceFen };
    const mine = open.filter((r) => r.partId === part.id && r.locationId === van.id && r.quantity > 0);
    // One consumed row per unit for a serial-tracked part (each has its serial), else one for the quantity.
    const units = part.serialTracked ? (line.serials ?? []).map((serial, k) => ({ quantity: 1, serial, removedSerial: line.removedSerials?.[k] ?? null })) : [{ quantity: line.quantity, serial: null, removedSerial: line.removedSerials?.[0] ?? null }];
    for (const unit of units) {
      let remaining = unit.quantity;
      const consumedIds: { id: string; quantity: number }[] = [];
      for (const row of mine) {
        if (remaining <= 0) break;
        if (row.quantity <= 0) continue;
        const take = Math.min(row.quantity, remaining);
        if (row.status === 'reserved') ledger.push({ kind: 'unreserve', part, location: van, reserved: -take, ticketId: ticket.id, documentId: row.id });
        if (take === row.quantity) {
          await tp.updateTicketPart(tx, actor.orgId, row.id, { status: 'consumed', serial: unit.serial, removedSerial: unit.removedSerial, ...fixed });
          consumedIds.push({ id: row.id, quantity: take });
        } else {
          await tp.updateTicketPart(tx, actor.orgId, row.id, { quantity: Number((row.quantity - take).toFixed(3)) });
          const id = uuidv7();
          await tp.insertTicketParts(tx, [{ orgId: actor.orgId, id, ticketId: ticket.id, partId: part.id, quantity: take, status: 'consumed', locationId: van.id, serial: unit.serial, removedSerial: unit.removedSerial, proposedBy: row.proposedBy, createdAt: at, updatedAt: at, ...fixed }]);
          consumedIds.push({ id, quantity: take });
        }
        row.quantity = Number((row.quantity - take).toFixed(3));
        remaining = Number((remaining - take).toFixed(3));
      }
      if (remaining > 0) {
        // Used from the van's own stock, beyond what was issued for this job.
        const id = uuidv7();
        await tp.insertTicketParts(tx, [{ orgId: actor.orgId, id, ticketId: ticket.id, partId: part.id, quantity: remaining, status: 'consumed', locationId: van.id, serial: unit.serial, removedSerial: unit.removedSerial, proposedBy: actor.userId, createdAt: at, updatedAt: at, ...fixed }]);
        consumedIds.push({ id, quantity: remaining });
      }
      if (fixed.inWarranty) {
        // A part replaced in warranty comes back by its due date.
        for (const c of consumedIds) returns.push({ orgId: actor.orgId, id: uuidv7(), ticketId: ticket.id, ticketPartId: c.id, partId: part.id, technicianId: technicianId!, quantity: c.quantity, dueAt, createdAt: at });
      }
    }
    ledger.push({ kind: 'consume', part, location: van, onHand: -line.quantity, serials: line.serials, unitCostFen: part.costPriceFen, ticketId: ticket.id, documentId: ticket.id });
    await moveLineSerials(tx, actor, { part, serials: line.serials }, van, null, `${at_}.serials`, { ticketId: ticket.id, assetId: ticket.assetId });
  }
  await postMovement(tx, actor, at, ledger);
  await tp.insertOldPartReturns(tx, returns);
}

/** Parts used on a job outside the work report (the report does the same with its `consumed`). */
export async function consumeParts(deps: PartsDeps, actor: Actor, ticketId: string, body: ConsumeBody): Promise<TicketPartsView> {
  const at = deps.clock();
  return deps.db.transaction(async (tx) => {
    const ticket = await visibleTicket(deps, tx, actor, ticketId);
    await assertOnCrew(deps, tx, actor, ticketId);
    await consumeInTx(deps, tx, actor, ticket, body.lines, at);
    return ticketPartsOf(tx, actor.orgId, ticket);
  });
}

/** The caller's own van or bag, or a refusal naming the field. */
async function ownVan(deps: PartsDeps, actor: Actor, userId: string) {
  const [van] = await tp.vansOf(deps.db, actor.orgId, [userId]);
  return van ?? null;
}

/** What is left in the technician's van goes back to a warehouse or depot ('return' lines). */
export async function returnFromVan(deps: PartsDeps, actor: Actor, body: VanReturnBody): Promise<MovementView> {
  const van = await ownVan(deps, actor, actor.userId);
  if (!van) throw fieldError('body', 'parts.errors.noVan');
  const [to] = await requireLocations(deps, actor, [{ id: body.toLocationId, field: 'body.toLocationId' }]);
  if (to!.kind !== 'warehouse' && to!.kind !== 'depot') throw fieldError('body.toLocationId', 'parts.errors.returnToStore');
  const partIds = [...new Set(body.lines.map((l) => l.partId))];
  const serials = new Set(body.lines.flatMap((l) => l.serials ?? []));
  return issue(deps, actor, { fromLocationId: van.id, toLocationId: to!.id, lines: body.lines, note: body.note ?? null }, { kind: 'return', then: (tx, at) => returnIssuedParts(tx, actor, van.id, partIds, serials, at) });
}

/**
 * What a job was issued and is no longer in the van went back: the ticket parts issued into the
 * van beyond what it now holds become 'returned' (those of the serials returned first, then the
 * oldest), so a ticket neither shows nor charges parts that left the van unused.
 */
async function returnIssuedParts(tx: Db, actor: Actor, vanId: string, partIds: readonly string[], serials: ReadonlySet<string>, at: Date) {
  const issued = await tp.lockIssuedAt(tx, actor.orgId, vanId, partIds);
  const sent = (r: tp.TicketPartRow) => (r.serial !== null && serials.has(r.serial) ? 0 : 1);
  for (const partId of partIds) {
    const rows = issued.filter((r) => r.partId === partId).sort((x, y) => sent(x) - sent(y));
    const { onHand } = await repo.findBalance(tx, actor.orgId, partId, vanId);
    let excess = Number((rows.reduce((sum, r) => sum + r.quantity, 0) - onHand).toFixed(3));
    for (const row of rows) {
      if (excess <= 0) break;
      const take = Math.min(row.quantity, excess);
      if (take === row.quantity) {
        await tp.updateTicketPart(tx, actor.orgId, row.id, { status: 'returned' });
      } else {
        await tp.updateTicketPart(tx, actor.orgId, row.id, { quantity: Number((row.quantity - take).toFixed(3)) });
        await tp.insertTicketParts(tx, [{ ...row, id: uuidv7(), quantity: take, status: 'returned', createdAt: at, updatedAt: at, version: 1 }]);
      }
      excess = Number((excess - take).toFixed(3));
    }
  }
}

/** H7: the technician's van and, for each of their open jobs, the parts carried for it. */
export async function vanOf(deps: PartsDeps, actor: Actor, userId: string): Promise<VanView> {
  const van = await ownVan(deps, actor, userId);
  const stock = van ? await listStock(deps, actor, { locationId: van.id, nonZero: true }) : [];
  const jobs = await tp.ticketsLedBy(deps.db, actor.orgId, userId);
  const tickets = await tp.ticketsOf(deps.db, actor.orgId, jobs.map((j) => j.id));
  const rows = await tp.listTicketParts(deps.db, actor.orgId, jobs.map((j) => j.id));
  const views = [];
  for (const job of jobs) {
    const ticket = tickets.find((t) => t.id === job.id);
    const mine = rows.filter((r) => r.row.ticketId === job.id && r.row.status !== 'cancelled');
    if (!ticket || !mine.length) {
      views.push({ ticketId: job.id, ticketNumber: job.number, parts: [] });
      continue;
    }
    // The phone lists what is carried; prices are the ticket page's.
    views.push({ ticketId: job.id, ticketNumber: job.number, parts: mine.map((r) => toView(r, { warranty: 'unknown', humanDamage: false }, new Map())) });
  }
  return {
    location: van ? { id: van.id, name: van.name } : null,
    stock: stock.map((s) => ({ partId: s.partId, partNumber: s.partNumber, partName: s.partName, unit: s.unit, onHand: s.onHand, reserved: s.reserved, serials: s.serials })),
    jobs: views,
  };
}

/** An asset's part history: each part fitted on a job, with the serial fitted and the one taken out. */
export async function partsFittedToAsset(deps: PartsDeps, actor: Actor, assetId: string): Promise<FittedPartView[]> {
  if (!(await tp.assetExists(deps.db, actor.orgId, assetId))) throw notFound();
  const rows = await tp.fittedToAsset(deps.db, actor.orgId, assetId, visibleTicketRefs(actor));
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
