import { v7 as uuidv7 } from 'uuid';
import type { AppointmentView, BookingRequestStatus, BookingRequestView, ConfirmBookingRequestBody } from '../../../shared/contracts/appointments';
import { normalizePhone } from '../../../shared/phone';
import { addDays, localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, assertVersion, notFound } from '../../errors';
import type { Actor } from '../identity';
import * as repo from './appointments.repository';
import type { AppointmentDeps } from './appointments.deps';
import { loadView, orNull } from './appointment-views';
import { orgOfToken } from './booking-link';
import { bookInTx } from './bookings';
import { byAddress, requestCounts, takePlaces } from './public-throttle';
import { slotFull, slotNotFound } from './refusals';

/*
 * S5: what the public booking page sends is a booking request, not an appointment. It holds
 * its slot's place and binds to nobody: a phone number proves nothing about who is asking,
 * so the page neither finds a customer by it nor makes one. Staff see the pending requests,
 * and confirm one for the customer they judge it to be (the ones with that phone are
 * suggested) or for a new customer, which makes the appointment; or decline it, which gives
 * the place back.
 */

/** How many customers with a request's phone are suggested. */
const MATCHES = 5;

/** Each non-empty line of what the caller wrote is one request (as the page's hint says). */
const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20);

/** A request already confirmed or declined: nothing more to decide. */
function alreadyDecided(status: BookingRequestStatus) {
  return new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.bookingRequestDecided', extensions: { requestStatus: status } });
}

/**
 * W3, S5: the caller asks for a time on the public page. Counted against the address first,
 * then (once the slot is one the page offers) against the phone number and the link; the
 * place is held at once, so the slot cannot be promised twice. The answer is only what the
 * caller gave and the time asked for, the same whoever the number belongs to.
 */
export async function submitBookingRequest(deps: AppointmentDeps, token: string, ip: string, body: { name: string; phone: string; slotId: string; request: string }) {
  const orgId = await orgOfToken(deps, token);
  const org = await deps.getOrganisation(orgId);
  const limits = org.settings.appointments;
  await takePlaces(deps, orgId, limits.publicWindowMinutes, [{ key: byAddress('request', ip), limit: limits.publicRequestsPerAddress, detail: 'errors.detail.rateLimited' }]);
  const now = deps.clock();
  const slot = await repo.findSlot(deps.db, orgId, body.slotId);
  // Only what the page offers: open, ahead, within the days it shows.
  if (!slot || slot.startsAt <= now || slot.slotOn > addDays(localDate(now, org.timeZone), limits.publicDaysAhead)) throw slotNotFound();
  if (!slot.open) throw slotFull('errors.detail.slotClosed');
  if (slot.booked >= slot.capacity) throw slotFull();
  const phone = normalizePhone(body.phone);
  await takePlaces(deps, orgId, limits.publicWindowMinutes, requestCounts(limits, phone));
  const id = uuidv7();
  const requests = linesOf(body.request);
  await deps.db.transaction(async (tx) => {
    const taken = await repo.takePlace(tx, orgId, slot.id, now);
    if (!taken) throw slotFull(slot.open ? 'errors.detail.slotFull' : 'errors.detail.slotClosed');
    await repo.insertBookingRequest(tx, { orgId, id, slotId: slot.id, name: body.name, phone, requests, status: 'pending', submittedAt: now, createdAt: now, updatedAt: now });
  });
  return {
    requestId: id,
    status: 'pending' as const,
    day: slot.slotOn,
    start: slot.startTime,
    end: slot.endTime,
    serviceType: orNull(slot.serviceType),
    name: body.name,
    phone,
    requests,
    discountBp: limits.bookingDiscountBp,
    organisation: { name: org.name },
  };
}

function toRequestView(d: repo.BookingRequestDetail, matches: BookingRequestView['matches']): BookingRequestView {
  const r = d.request;
  return {
    id: r.id,
    status: r.status,
    name: r.name,
    phone: r.phone,
    requests: r.requests,
    slot: { id: d.slot.id, day: d.slot.slotOn, start: d.slot.startTime, end: d.slot.endTime, startsAt: d.slot.startsAt, endsAt: d.slot.endsAt, serviceType: orNull(d.slot.serviceType) },
    submittedAt: r.submittedAt,
    matches,
    appointmentId: r.appointmentId,
    decidedAt: r.decidedAt,
    decidedBy: r.decidedBy ? { id: r.decidedBy, name: d.deciderName ?? '' } : null,
    declineReason: r.declineReason,
    version: r.version,
  };
}

/** The customers who have this phone number, through the customers module (and the actor's reach there). */
async function matchesOf(deps: AppointmentDeps, actor: Actor, phone: string): Promise<BookingRequestView['matches']> {
  const found = await deps.customers.findCustomers(actor, { phone, limit: MATCHES, offset: 0 });
  return found.items.map((c) => ({ id: c.id, name: c.name }));
}

/** Staff: the booking requests in a status, pending ones oldest first with the customers their phone suggests. */
export async function listBookingRequests(deps: AppointmentDeps, actor: Actor, query: { status: BookingRequestStatus }): Promise<BookingRequestView[]> {
  const details = await repo.findBookingRequestDetails(deps.db, actor.orgId, { status: query.status });
  const phones = query.status === 'pending' ? [...new Set(details.map((d) => d.request.phone))] : [];
  const matches = new Map(await Promise.all(phones.map(async (p) => [p, await matchesOf(deps, actor, p)] as const)));
  return details.map((d) => toRequestView(d, matches.get(d.request.phone) ?? []));
}

async function loadRequestView(deps: AppointmentDeps, actor: Actor, id: string): Promise<BookingRequestView> {
  const [detail] = await repo.findBookingRequestDetails(deps.db, actor.orgId, { ids: [id] });
  if (!detail) throw notFound();
  return toRequestView(detail, detail.request.status === 'pending' ? await matchesOf(deps, actor, detail.request.phone) : []);
}

/** The request, locked, at the version the caller read, and still pending. */
async function pendingForChange(tx: Db, actor: Actor, id: string, version: number) {
  const row = await repo.findBookingRequest(tx, actor.orgId, id, { lock: true });
  if (!row) throw notFound();
  assertVersion(row.version, version);
  if (row.status !== 'pending') throw alreadyDecided(row.status);
  return row;
}

/**
 * Staff confirm a request for the customer they chose, or for a new customer made from what
 * they typed (the request's name and phone, corrected if need be). The appointment takes
 * over the place the request held, with the confirmation and reminder any booking gets; the
 * request records who confirmed it and the appointment it became.
 */
export async function confirmBookingRequest(
  deps: AppointmentDeps,
  actor: Actor,
  id: string,
  version: number,
  body: ConfirmBookingRequestBody,
): Promise<{ request: BookingRequestView; appointment: AppointmentView }> {
  const now = deps.clock();
  // Everything that would refuse the confirmation is checked before a new customer is made.
  const current = await repo.findBookingRequest(deps.db, actor.orgId, id);
  if (!current) throw notFound();
  assertVersion(current.version, version);
  if (current.status !== 'pending') throw alreadyDecided(current.status);
  const slot = await repo.findSlot(deps.db, actor.orgId, current.slotId);
  if (!slot || slot.endsAt <= now) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.bookingRequestSlotPassed', extensions: { requestStatus: current.status } });
  if (body.customerId) await deps.customers.assertExists(deps.db, actor.orgId, body.customerId, 'body.customerId');
  const customerId = body.customerId ?? (await deps.customers.createCustomer(actor, { name: body.newCustomer!.name, phone: body.newCustomer!.phone })).id;
  const appointmentId = uuidv7();
  await deps.db.transaction(async (tx) => {
    const row = await pendingForChange(tx, actor, id, version);
    await bookInTx(
      deps,
      tx,
      actor.orgId,
      null,
      { slotId: row.slotId, customerId, requests: row.requests, channel: 'web', contactName: row.name, contactPhone: row.phone },
      { id: appointmentId, placeHeld: true },
    );
    savedOrThrow(await repo.updateBookingRequest(tx, actor.orgId, id, version, { status: 'confirmed', appointmentId, decidedBy: actor.userId, decidedAt: now, updatedAt: now }), version);
  });
  return { request: await loadRequestView(deps, actor, id), appointment: await loadView(deps.db, actor.orgId, appointmentId) };
}

/** Staff decline a request: its place goes back to the slot. */
export async function declineBookingRequest(deps: AppointmentDeps, actor: Actor, id: string, version: number, body: { reason?: string | null | undefined }): Promise<BookingRequestView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await pendingForChange(tx, actor, id, version);
    await repo.releasePlace(tx, actor.orgId, row.slotId, now);
    savedOrThrow(await repo.updateBookingRequest(tx, actor.orgId, id, version, { status: 'declined', declineReason: body.reason ?? null, decidedBy: actor.userId, decidedAt: now, updatedAt: now }), version);
  });
  return loadRequestView(deps, actor, id);
}
