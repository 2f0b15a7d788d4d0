import { v7 as uuidv7 } from 'uuid';
import { APPOINTMENT_STATUSES, APPOINTMENT_TRANSITIONS, type AppointmentChannel, type AppointmentStatus, type AppointmentView, readBack } from '../../../shared/contracts/appointments';
import { normalizePhone } from '../../../shared/phone';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { assertVersion, invalidReference, notFound } from '../../errors';
import type { Actor } from '../identity';
import type { JobRow } from '../jobs';
import { claimIdempotencyKey, requestHash } from '../platform';
import * as repo from './appointments.repository';
import { mayReach, type AppointmentDeps } from './appointments.deps';
import { loadView, toAppointmentView, toSlotView } from './appointment-views';
import { notAllowed, slotFull, slotNotFound } from './refusals';

/*
 * Bookings (W3, A2): taking a place, the confirmation and the reminder the day before, moving
 * and cancelling, the board's buttons, and the board itself.
 */

export interface BookInput {
  slotId: string;
  customerId: string;
  assetId?: string | null | undefined;
  requests: string[];
  technicianId?: string | null | undefined;
  channel: AppointmentChannel;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  note?: string | null | undefined;
}

const IDEMPOTENCY_SCOPE = 'appointments.book';
/** The job that reminds a customer; the name is stored with queued jobs, so it stays. */
export const REMIND_JOB = 'appointments.remind';
/** W3/A2 reminders go out this long before the slot starts: the day before. */
const REMIND_BEFORE_MS = 24 * 3_600_000;


/**
 * Books a place, in one transaction: the slot's count, the appointment with the promotion it
 * earned (W3), the confirmation to the customer and tomorrow's reminder. The place is taken by
 * a conditional update, so the last one goes to exactly one of two agents booking at once;
 * the other hears SLOT_FULL.
 */
export async function bookIn(
  deps: AppointmentDeps,
  orgId: string,
  createdBy: string | null,
  input: BookInput,
  claim?: { key: string; userId: string; hash: string },
): Promise<AppointmentView> {
  const id = uuidv7();
  const madeId = await deps.db.transaction(async (tx) => {
    if (claim) {
      const earlier = await claimIdempotencyKey(tx, { orgId, scope: IDEMPOTENCY_SCOPE, key: claim.key, userId: claim.userId, requestHash: claim.hash, resourceId: id });
      if (earlier) return earlier;
    }
    return bookInTx(deps, tx, orgId, createdBy, input, { id, placeHeld: false });
  });
  return loadView(deps.db, orgId, madeId);
}

/**
 * The booking itself, inside the caller's transaction: the references checked, the place
 * taken (unless a booking request already holds it, `placeHeld`), the appointment with its
 * promotion, the confirmation and the reminder. Answers the appointment's id.
 */
export async function bookInTx(deps: AppointmentDeps, tx: Db, orgId: string, createdBy: string | null, input: BookInput, options: { id: string; placeHeld: boolean }): Promise<string> {
  const { id } = options;
  const org = await deps.getOrganisation(orgId, tx);
  const now = deps.clock();
  const slot = await repo.findSlot(tx, orgId, input.slotId);
  if (!slot || slot.endsAt <= now) throw slotNotFound();
  await deps.customers.assertExists(tx, orgId, input.customerId, 'body.customerId');
  if (input.assetId) await deps.assets.assertOfCustomer(tx, orgId, input.assetId, input.customerId, 'body.assetId');
  if (input.technicianId && !(await deps.staff.findTechnician(orgId, input.technicianId, tx))) {
    throw invalidReference('body.technicianId', 'errors.detail.technicianNotFound');
  }
  if (!options.placeHeld) {
    const taken = await repo.takePlace(tx, orgId, slot.id, now);
    if (!taken) throw slotFull(slot.open ? 'errors.detail.slotFull' : 'errors.detail.slotClosed');
  }
  await repo.insertAppointment(tx, {
    orgId,
    id,
    slotId: slot.id,
    customerId: input.customerId,
    assetId: input.assetId ?? null,
    channel: input.channel,
    status: 'booked',
    requests: input.requests.map((r) => r.trim()).filter(Boolean),
    technicianId: input.technicianId ?? null,
    contactName: input.contactName ?? null,
    contactPhone: input.contactPhone ? normalizePhone(input.contactPhone) : null,
    note: input.note ?? null,
    discountBp: org.settings.appointments.bookingDiscountBp,
    createdBy,
    bookedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  const view = await loadView(tx, orgId, id);
  await deps.notify.enqueue(tx, { orgId, topic: 'appointment.booked', recipient: `customer:${input.customerId}`, payload: readBack(view), dedupeKey: `appointment:${id}:booked` });
  await scheduleReminder(deps, tx, orgId, id, slot.startsAt, now);
  return id;
}

/** The day before the visit, unless the booking is for less than a day ahead (the confirmation just went out). */
async function scheduleReminder(deps: AppointmentDeps, tx: Db, orgId: string, appointmentId: string, startsAt: Date, now: Date) {
  const runAt = new Date(startsAt.getTime() - REMIND_BEFORE_MS);
  if (runAt <= now) return;
  await deps.jobs.enqueue(tx, { orgId, kind: REMIND_JOB, runAt, payload: { appointmentId, startsAt: startsAt.toISOString() } });
}

/** When a reminder falls due (the REMIND_JOB): write it, if the booking still stands at that time. */
export async function remind(deps: AppointmentDeps, job: JobRow): Promise<{ sent: boolean }> {
  const orgId = job.orgId!;
  const { appointmentId, startsAt } = job.payload as { appointmentId: string; startsAt: string };
  return deps.db.transaction(async (tx) => {
    const [detail] = await repo.findAppointmentDetails(tx, orgId, { ids: [appointmentId] });
    // Cancelled, already here, or moved to another time (which queued its own reminder).
    if (!detail || detail.appointment.status !== 'booked' || detail.slot.startsAt.toISOString() !== startsAt) return { sent: false };
    const sent = await deps.notify.enqueue(tx, {
      orgId,
      topic: 'appointment.reminder',
      recipient: `customer:${detail.appointment.customerId}`,
      payload: readBack(toAppointmentView(detail)),
      dedupeKey: `appointment:${appointmentId}:remind:${startsAt}`,
    });
    return { sent };
  });
}

/** A2: an agent books for a caller; W3: by phone or, typed in by staff, from the web. */
export async function book(deps: AppointmentDeps, actor: Actor, input: BookInput, idempotencyKey?: string): Promise<AppointmentView> {
  const claim = idempotencyKey ? { key: idempotencyKey, userId: actor.userId, hash: requestHash(input) } : undefined;
  return bookIn(deps, actor.orgId, actor.userId, input, claim);
}

export async function getAppointment(deps: AppointmentDeps, actor: Actor, id: string): Promise<AppointmentView> {
  const view = await loadView(deps.db, actor.orgId, id);
  if (!mayReach(actor, view.customer.id)) throw notFound();
  return view;
}

async function loadForChange(tx: Db, actor: Actor, id: string, version: number) {
  const row = await repo.findAppointment(tx, actor.orgId, id);
  if (!row) throw notFound();
  assertVersion(row.version, version);
  return row;
}

/** Changes the requests, the technician, the asset or the slot (the new place is taken first). */
export async function updateAppointment(
  deps: AppointmentDeps,
  actor: Actor,
  id: string,
  version: number,
  body: { slotId?: string | undefined; requests?: string[] | undefined; technicianId?: string | null | undefined; assetId?: string | null | undefined; note?: string | null | undefined },
): Promise<AppointmentView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await loadForChange(tx, actor, id, version);
    if (row.status !== 'booked') throw notAllowed(row.status, 'update');
    const changes: Partial<repo.AppointmentInsert> = { updatedAt: now };
    if (body.requests !== undefined) changes.requests = body.requests;
    if (body.note !== undefined) changes.note = body.note ?? null;
    if (body.technicianId !== undefined) {
      if (body.technicianId && !(await deps.staff.findTechnician(actor.orgId, body.technicianId, tx))) {
        throw invalidReference('body.technicianId', 'errors.detail.technicianNotFound');
      }
      changes.technicianId = body.technicianId ?? null;
    }
    if (body.assetId !== undefined) {
      if (body.assetId) await deps.assets.assertOfCustomer(tx, actor.orgId, body.assetId, row.customerId, 'body.assetId');
      changes.assetId = body.assetId ?? null;
    }
    let moved: repo.SlotRow | undefined;
    if (body.slotId && body.slotId !== row.slotId) {
      const target = await repo.findSlot(tx, actor.orgId, body.slotId);
      if (!target || target.endsAt <= now) throw slotNotFound();
      moved = await repo.takePlace(tx, actor.orgId, target.id, now);
      if (!moved) throw slotFull(target.open ? 'errors.detail.slotFull' : 'errors.detail.slotClosed');
      await repo.releasePlace(tx, actor.orgId, row.slotId, now);
      changes.slotId = target.id;
    }
    const updated = savedOrThrow(await repo.updateAppointment(tx, actor.orgId, id, version, changes), version);
    if (moved) {
      const view = await loadView(tx, actor.orgId, id);
      await deps.notify.enqueue(tx, { orgId: actor.orgId, topic: 'appointment.moved', recipient: `customer:${row.customerId}`, payload: readBack(view), dedupeKey: `appointment:${id}:moved:${moved.id}:${updated.version}` });
      await scheduleReminder(deps, tx, actor.orgId, id, moved.startsAt, now);
    }
  });
  return loadView(deps.db, actor.orgId, id);
}

/** The board's buttons: arrived, done, no-show, cancelled. A cancellation gives the place back. */
export async function setStatus(deps: AppointmentDeps, actor: Actor, id: string, version: number, body: { status: AppointmentStatus; reason?: string | null | undefined }): Promise<AppointmentView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await loadForChange(tx, actor, id, version);
    if (!APPOINTMENT_TRANSITIONS[row.status].includes(body.status)) throw notAllowed(row.status, body.status);
    const changes: Partial<repo.AppointmentInsert> = { status: body.status, updatedAt: now };
    switch (body.status) {
      case 'arrived':
        changes.arrivedAt = now;
        break;
      case 'done':
        changes.doneAt = now;
        break;
      case 'no_show':
        changes.noShowAt = now;
        break;
      case 'cancelled':
        changes.cancelledAt = now;
        changes.cancelReason = body.reason ?? null;
        await repo.releasePlace(tx, actor.orgId, row.slotId, now);
        await deps.notify.enqueue(tx, {
          orgId: actor.orgId,
          topic: 'appointment.cancelled',
          recipient: `customer:${row.customerId}`,
          payload: { appointmentId: id, reason: body.reason ?? null },
          dedupeKey: `appointment:${id}:cancelled`,
        });
        break;
      case 'booked':
        break;
    }
    savedOrThrow(await repo.updateAppointment(tx, actor.orgId, id, version, changes), version);
  });
  return loadView(deps.db, actor.orgId, id);
}

/** 预约看板: one day's slots with their bookings, and counts by status. */
export async function board(deps: AppointmentDeps, actor: Actor, query: { day: string; serviceType?: string | undefined }) {
  const { db } = deps;
  const org = await deps.getOrganisation(actor.orgId);
  const slots = await repo.findSlots(db, actor.orgId, { from: query.day, to: query.day, serviceType: query.serviceType });
  const details = await repo.findAppointmentDetails(db, actor.orgId, { slotIds: slots.map((s) => s.id) });
  // A customer signed in sees the day's times but nothing of other people's requests.
  const pending = actor.role === 'customer' ? new Map<string, number>() : await repo.countPendingRequests(db, actor.orgId, slots.map((s) => s.id));
  // A customer signed in sees the day's times and only their own bookings.
  const visible = details.filter((d) => mayReach(actor, d.appointment.customerId));
  const counts = Object.fromEntries(APPOINTMENT_STATUSES.map((s) => [s, 0])) as Record<AppointmentStatus, number>;
  for (const d of visible) counts[d.appointment.status] += 1;
  return {
    day: query.day,
    timeZone: org.timeZone,
    slots: slots.map((s) => ({ ...toSlotView(s), appointments: visible.filter((d) => d.appointment.slotId === s.id).map(toAppointmentView), pendingRequests: pending.get(s.id) ?? 0 })),
    counts,
  };
}

/** A2: the technicians a caller may choose from. */
export async function technicians(deps: AppointmentDeps, actor: Actor) {
  return (await deps.staff.findTechnicians(actor.orgId)).map((t) => ({ id: t.id, name: t.name, grade: t.grade, team: t.team }));
}
