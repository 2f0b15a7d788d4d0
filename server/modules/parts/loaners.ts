import { v7 as uuidv7 } from 'uuid';
import { AppError, assertVersion, fieldError, invalidReference, notFound } from '../../errors';
import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/client';
import type { TicketAction } from '../../../shared/domain';
import type { CreateLoanerBody, LendLoanerBody, LoanerEquivalentsView, LoanerView, TicketLoaners, UpdateLoanerBody } from '../../../shared/contracts/parts-loaners';
import type { LoanerStatus } from '../../../shared/contracts/parts';
import { FINAL_STATUSES, isIn } from '../../../shared/ticket-lifecycle';
import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import { requireLocations } from './locations';
import { rankOffers } from './loaner-offers';
import * as repo from './loaners.repository';
import { findLocations } from './parts.repository';

/**
 * E3: loaner units, their pools, lending one to a ticket's customer and taking it back. A
 * lent unit is "with customer": it names the ticket and the customer and is due back on a
 * date. Lending writes the ticket's `loaner_provided` event, which stops its `loaner_delivery`
 * clock; the ticket cannot be closed while the unit is out (`guardLoanerOut`).
 */

const DAY_MS = 86_400_000;

function toView(row: repo.ListedLoaner, now: Date): LoanerView {
  const u = row.unit;
  return {
    id: u.id,
    productId: u.productId,
    productName: row.productName,
    serial: u.serial,
    homeLocationId: u.homeLocationId,
    homeLocationName: row.locationName,
    status: u.status,
    ticketId: u.status === 'lent' ? u.ticketId : null,
    ticketNumber: u.status === 'lent' ? row.ticketNumber : null,
    customerId: u.status === 'lent' ? u.customerId : null,
    customerName: u.status === 'lent' ? row.customerName : null,
    lentAt: u.lentAt?.toISOString() ?? null,
    dueAt: u.dueAt?.toISOString() ?? null,
    overdue: u.status === 'lent' && !!u.dueAt && u.dueAt.getTime() < now.getTime(),
    note: u.note,
    version: u.version,
  };
}

async function viewOf(deps: PartsDeps, db: Db, actor: Actor, id: string): Promise<LoanerView> {
  const [row] = await repo.findListed(db, actor.orgId, [id]);
  if (!row) throw notFound('parts.errors.unknownLoaner');
  return toView(row, deps.clock());
}

/** A unit joins a location's pool. Its serial is unique per product. */
export async function createLoaner(deps: PartsDeps, actor: Actor, body: CreateLoanerBody): Promise<LoanerView> {
  await requireLocations(deps, actor, [{ id: body.homeLocationId, field: 'body.homeLocationId' }]);
  if (!(await repo.productsExist(deps.db, actor.orgId, [body.productId])).length) throw invalidReference('body.productId', 'parts.errors.unknownProduct');
  const id = uuidv7();
  try {
    await repo.insertLoaner(deps.db, {
      orgId: actor.orgId,
      id,
      productId: body.productId,
      serial: body.serial,
      homeLocationId: body.homeLocationId,
      status: 'available',
      note: body.note ?? null,
      createdAt: deps.clock(),
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError('body.serial', 'parts.errors.loanerSerialTaken', { code: 'taken', params: { serial: body.serial } });
    throw error;
  }
  return viewOf(deps, deps.db, actor, id);
}

/** Another pool, retired or back in use, a note; a unit that is out is changed once it is back. */
export async function updateLoaner(deps: PartsDeps, actor: Actor, id: string, version: number | undefined, body: UpdateLoanerBody): Promise<LoanerView> {
  if (body.homeLocationId) await requireLocations(deps, actor, [{ id: body.homeLocationId, field: 'body.homeLocationId' }]);
  await deps.db.transaction(async (tx) => {
    const unit = await repo.lockLoaner(tx, actor.orgId, id);
    if (!unit) throw notFound('parts.errors.unknownLoaner');
    if (version !== undefined) assertVersion(unit.version, version);
    if (unit.status === 'lent') throw loanerLent(unit.serial);
    const status: LoanerStatus | undefined = body.retired === undefined ? undefined : body.retired ? 'retired' : 'available';
    await repo.updateLoaner(tx, actor.orgId, id, {
      ...(body.homeLocationId ? { homeLocationId: body.homeLocationId } : {}),
      ...(status ? { status } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
    });
  });
  return viewOf(deps, deps.db, actor, id);
}

export async function listLoaners(
  deps: PartsDeps,
  actor: Actor,
  query: { status?: LoanerStatus | undefined; locationId?: string | undefined; productId?: string | undefined; overdue?: boolean | undefined },
): Promise<LoanerView[]> {
  const now = deps.clock();
  const rows = await repo.listLoaners(deps.db, actor.orgId, { ...query, overdueAt: query.overdue ? now : undefined });
  return rows.map((r) => toView(r, now));
}

const loanerLent = (serial: string) => new AppError('LOANER_OUT', { detail: 'parts.errors.loanerLent', params: { serial } });

/**
 * A ticket's loaner: the unit out with its customer, and what the pools offer for its asset's
 * product (E3: the same product first, then its equivalents, best first; nearest pool first).
 */
export async function ticketLoaners(deps: PartsDeps, actor: Actor, ticketId: string, query: { nearLocationId?: string | undefined }): Promise<TicketLoaners> {
  if (!(await deps.tickets.findVisible(deps.db, actor, ticketId))) throw notFound();
  const now = deps.clock();
  const ticket = await repo.ticketAssetOf(deps.db, actor.orgId, ticketId);
  const current = await repo.lentFor(deps.db, actor.orgId, ticketId);
  const productId = ticket?.productId ?? null;
  if (!productId) return { current: current ? toView(current, now) : null, productId: null, offers: [] };
  const equivalents = (await repo.equivalentsOf(deps.db, actor.orgId, productId)).map((e) => e.productId);
  const units = await repo.availableOf(deps.db, actor.orgId, [productId, ...equivalents]);
  const [near] = query.nearLocationId ? await findLocations(deps.db, actor.orgId, [query.nearLocationId]) : [];
  const point = near?.latitude != null && near.longitude != null ? { latitude: near.latitude, longitude: near.longitude } : null;
  const ranked = rankOffers(
    units.map((u) => ({ ...u, productId: u.unit.productId, serial: u.unit.serial })),
    productId,
    equivalents,
    point,
  );
  return { current: current ? toView(current, now) : null, productId, offers: ranked.map((r) => ({ ...toView(r, now), match: r.match })) };
}

/**
 * E3: lends a unit to the ticket's customer: it is "with customer", due back `dueAt` (by
 * default `settings.parts.loanerDays` from now), and the ticket's `loaner_provided` event is
 * written in the same transaction, which stops the ticket's `loaner_delivery` clock. One unit
 * per ticket at a time; a unit that is out, or retired, is not lent, nor one of a product that
 * is neither the asset's nor marked as its equal or better.
 */
export async function lendLoaner(deps: PartsDeps, actor: Actor, ticketId: string, body: LendLoanerBody): Promise<LoanerView> {
  const now = deps.clock();
  const org = await deps.getOrganisation(actor.orgId);
  const dueAt = body.dueAt ? new Date(body.dueAt) : new Date(now.getTime() + org.settings.parts.loanerDays * DAY_MS);
  if (dueAt.getTime() <= now.getTime()) throw fieldError('body.dueAt', 'parts.errors.loanerDueInPast');
  await deps.db.transaction(async (tx) => {
    const ticket = await deps.tickets.lockForChange(tx, actor, ticketId);
    if (isIn(FINAL_STATUSES, ticket.status)) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'parts.errors.loanerTicketFinished' });
    const out = await repo.lentFor(tx, actor.orgId, ticketId);
    if (out) throw new AppError('LOANER_OUT', { detail: 'parts.errors.loanerOut', params: { serial: out.unit.serial, product: out.productName }, extensions: { loanerId: out.unit.id } });
    const unit = await repo.lockLoaner(tx, actor.orgId, body.loanerId);
    if (!unit) throw invalidReference('body.loanerId', 'parts.errors.unknownLoaner');
    if (unit.status === 'lent') throw loanerLent(unit.serial);
    if (unit.status === 'retired') throw invalidReference('body.loanerId', 'parts.errors.loanerRetired', 'invalid');
    const about = await repo.ticketAssetOf(tx, actor.orgId, ticketId);
    // E3: equal or better. A machine that names no product may take any unit.
    if (about?.productId && unit.productId !== about.productId) {
      const equivalents = (await repo.equivalentsOf(tx, actor.orgId, about.productId)).map((e) => e.productId);
      if (!equivalents.includes(unit.productId)) throw invalidReference('body.loanerId', 'parts.errors.loanerNotEquivalent', 'invalid');
    }
    await repo.updateLoaner(tx, actor.orgId, unit.id, { status: 'lent', ticketId, customerId: about!.customerId, lentAt: now, dueAt, note: body.note ?? unit.note });
    const [listed] = await repo.findListed(tx, actor.orgId, [unit.id]);
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'loaner_provided', details: { note: `${listed!.productName} ${unit.serial}` } }, now, { touch: true });
  });
  return viewOf(deps, deps.db, actor, body.loanerId);
}

/**
 * The unit comes back to its pool and is available again; the ticket it was lent on records
 * its return. The ticket is locked before the unit, in the order lending takes them.
 */
export async function returnLoaner(deps: PartsDeps, actor: Actor, id: string, body: { note?: string | null | undefined }): Promise<LoanerView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const seen = (await repo.findListed(tx, actor.orgId, [id]))[0];
    if (!seen) throw notFound('parts.errors.unknownLoaner');
    if (seen.unit.status === 'lent' && seen.unit.ticketId) await deps.tickets.lockForChange(tx, actor, seen.unit.ticketId);
    const unit = await repo.lockLoaner(tx, actor.orgId, id);
    if (!unit || unit.status !== 'lent' || unit.ticketId !== seen.unit.ticketId) throw new AppError('ALREADY_POSTED', { detail: 'parts.errors.loanerNotOut', params: { serial: seen.unit.serial } });
    await repo.updateLoaner(tx, actor.orgId, id, { status: 'available', ticketId: null, customerId: null, lentAt: null, dueAt: null, ...(body.note !== undefined ? { note: body.note } : {}) });
    if (unit.ticketId) {
      await deps.tickets.recordEvent(tx, actor, unit.ticketId, { type: 'loaner_returned', details: { loanerId: unit.id, serial: unit.serial, ...(body.note ? { note: body.note } : {}) } }, now, { touch: true });
    }
  });
  return viewOf(deps, deps.db, actor, id);
}

export async function getEquivalents(deps: PartsDeps, actor: Actor, productId: string): Promise<LoanerEquivalentsView> {
  if (!(await repo.productsExist(deps.db, actor.orgId, [productId])).length) throw notFound('parts.errors.unknownProduct');
  return { productId, equivalents: await repo.equivalentsOf(deps.db, actor.orgId, productId) };
}

/** E3: which products are equal or better than this one, best first (replaces the list). */
export async function setEquivalents(deps: PartsDeps, actor: Actor, productId: string, equivalentIds: readonly string[]): Promise<LoanerEquivalentsView> {
  const ids = [...new Set(equivalentIds)];
  const found = new Set((await repo.productsExist(deps.db, actor.orgId, [productId, ...ids])).map((p) => p.id));
  if (!found.has(productId)) throw notFound('parts.errors.unknownProduct');
  ids.forEach((id, i) => {
    if (id === productId) throw fieldError(`body.equivalentIds.${i}`, 'parts.errors.equivalentSelf');
    if (!found.has(id)) throw invalidReference(`body.equivalentIds.${i}`, 'parts.errors.unknownProduct');
  });
  await deps.db.transaction((tx) => repo.replaceEquivalents(tx, actor.orgId, productId, ids));
  return getEquivalents(deps, actor, productId);
}

/**
 * E3: a ticket is not closed (nor cancelled) while its loaner is out: 409 LOANER_OUT naming the
 * unit. Registered on the tickets module's transitions; runs in the ticket's transaction.
 */
export async function guardLoanerOut(tx: Db, orgId: string, ticketId: string, action: TicketAction): Promise<void> {
  if (action !== 'close' && action !== 'cancel') return;
  const out = await repo.lentFor(tx, orgId, ticketId);
  if (out) {
    throw new AppError('LOANER_OUT', {
      detail: 'parts.errors.loanerOut',
      params: { serial: out.unit.serial, product: out.productName },
      extensions: { loanerId: out.unit.id, serial: out.unit.serial, dueAt: out.unit.dueAt?.toISOString() ?? null },
    });
  }
}
