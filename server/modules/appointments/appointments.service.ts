import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  APPOINTMENT_STATUSES,
  APPOINTMENT_TRANSITIONS,
  minutesOf,
  type AppointmentChannel,
  type AppointmentStatus,
  type AppointmentView,
  type SlotTemplateBody,
  type SlotTemplateView,
  type SlotView,
} from '../../../shared/contracts/appointments';
import type { CreateTicketBody } from '../../../shared/contracts/tickets';
import type { Priority, TicketStatus, TicketType } from '../../../shared/domain';
import { normalizePhone } from '../../../shared/phone';
import { addDays, localDate, localInstant } from '../../../shared/time';
import type { Db } from '../../db/client';
import { AppError, invalidReference, notFound, versionConflict } from '../../errors';
import { systemActor, type Actor, type IdentityService, type Organisation } from '../identity';
import type { CustomerService } from '../customers';
import type { AssetService } from '../assets';
import type { JobService } from '../jobs';
import type { NotifyService } from '../notify';
import { claimIdempotencyKey, requestHash } from '../platform';
import * as repo from './appointments.repository';
import { expandTemplate } from './slot-time';

export interface AppointmentsOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  customers: Pick<CustomerService, 'findCustomers' | 'createCustomer' | 'getCustomer' | 'assertExists'>;
  assets: Pick<AssetService, 'assertOfCustomer'>;
  /** Whom a customer may ask for (identity's technicians). */
  staff: Pick<IdentityService, 'findTechnician' | 'findTechnicians'>;
  tickets: {
    createTicket(actor: Actor, input: CreateTicketBody, idempotencyKey?: string): Promise<{ ticket: { id: string; number: string } }>;
  };
  notify: Pick<NotifyService, 'enqueue'>;
  jobs: Pick<JobService, 'enqueue' | 'register'>;
  /**
   * How much one address may use the public booking page per window: reading the open slots
   * is cheap and done often, booking is neither.
   */
  publicLimits?: { windowMinutes: number; pages: number; bookings: number };
  /** How far ahead the public page offers slots. */
  publicDays?: number;
}

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
export const REMIND_JOB = 'appointments.remind';
/** W3/A2 reminders go out this long before the slot starts: the day before. */
const REMIND_BEFORE_MS = 24 * 3_600_000;

const orNull = (v: string) => (v === '' ? null : v);
const key = (v: string | null | undefined) => v?.trim() ?? '';

function toTemplateView(row: repo.TemplateRow): SlotTemplateView {
  return {
    id: row.id,
    name: row.name,
    serviceType: orNull(row.serviceType),
    team: orNull(row.team),
    weekdays: row.weekdays,
    windows: row.windows as SlotTemplateView['windows'],
    active: row.active,
    version: row.version,
  };
}

function toSlotView(row: repo.SlotRow): SlotView {
  return {
    id: row.id,
    day: row.slotOn,
    start: row.startTime,
    end: row.endTime,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    serviceType: orNull(row.serviceType),
    team: orNull(row.team),
    capacity: row.capacity,
    booked: row.booked,
    open: row.open,
    version: row.version,
  };
}

function assetLabel(d: repo.AppointmentDetail): string | null {
  if (!d.appointment.assetId) return null;
  return [d.assetProduct, d.assetPlate ?? d.assetSerial].filter(Boolean).join(' · ');
}

function toView(d: repo.AppointmentDetail): AppointmentView {
  const a = d.appointment;
  return {
    id: a.id,
    status: a.status as AppointmentStatus,
    channel: a.channel as AppointmentChannel,
    slot: {
      id: d.slot.id,
      day: d.slot.slotOn,
      start: d.slot.startTime,
      end: d.slot.endTime,
      startsAt: d.slot.startsAt,
      endsAt: d.slot.endsAt,
      serviceType: orNull(d.slot.serviceType),
      team: orNull(d.slot.team),
    },
    customer: { id: a.customerId, name: d.customerName },
    contactName: a.contactName,
    contactPhone: a.contactPhone,
    asset: a.assetId ? { id: a.assetId, label: assetLabel(d) ?? '' } : null,
    requests: a.requests,
    technician: a.technicianId ? { id: a.technicianId, name: d.technicianName ?? '' } : null,
    note: a.note,
    discountBp: a.discountBp,
    ticket: a.ticketId ? { id: a.ticketId, number: d.ticketNumber ?? '', status: (d.ticketStatus ?? 'reported') as TicketStatus } : null,
    bookedAt: a.bookedAt,
    arrivedAt: a.arrivedAt,
    doneAt: a.doneAt,
    cancelledAt: a.cancelledAt,
    cancelReason: a.cancelReason,
    createdBy: a.createdBy ? { id: a.createdBy, name: d.creatorName ?? '' } : null,
    version: a.version,
  };
}

/** What a message to the customer says: the same facts the agent reads back (A2). */
function readBack(v: AppointmentView) {
  return {
    appointmentId: v.id,
    day: v.slot.day,
    start: v.slot.start,
    end: v.slot.end,
    requests: v.requests,
    technician: v.technician?.name ?? null,
    discountBp: v.discountBp,
  };
}

function slotFull(detail: 'errors.detail.slotFull' | 'errors.detail.slotClosed' = 'errors.detail.slotFull') {
  return new AppError('SLOT_FULL', { detail, fields: [{ field: 'body.slotId', code: 'slot_full', message: detail }] });
}

function slotNotFound() {
  return new AppError('INVALID_REFERENCE', { detail: 'errors.detail.slotNotFound', fields: [{ field: 'body.slotId', code: 'not_found', message: 'errors.detail.slotNotFound' }] });
}

export function createAppointmentService(options: AppointmentsOptions) {
  const { db, clock } = options;
  const limits = options.publicLimits ?? { windowMinutes: 10, pages: 120, bookings: 10 };
  const publicDays = options.publicDays ?? 14;

  // --- templates and slots ------------------------------------------------------------------

  async function listTemplates(actor: Actor): Promise<SlotTemplateView[]> {
    return (await repo.findTemplates(db, actor.orgId)).map(toTemplateView);
  }

  async function createTemplate(actor: Actor, body: SlotTemplateBody): Promise<SlotTemplateView> {
    const id = uuidv7();
    await repo.insertTemplate(db, {
      orgId: actor.orgId,
      id,
      name: body.name,
      serviceType: key(body.serviceType),
      team: key(body.team),
      weekdays: [...new Set(body.weekdays)].sort(),
      windows: sortWindows(body.windows),
      active: body.active ?? true,
    });
    return toTemplateView((await repo.findTemplate(db, actor.orgId, id))!);
  }

  async function updateTemplate(actor: Actor, id: string, version: number, body: SlotTemplateBody): Promise<SlotTemplateView> {
    const row = await repo.updateTemplate(db, actor.orgId, id, version, {
      name: body.name,
      serviceType: key(body.serviceType),
      team: key(body.team),
      weekdays: [...new Set(body.weekdays)].sort(),
      windows: sortWindows(body.windows),
      active: body.active ?? true,
      updatedAt: clock(),
    });
    if (!row) {
      const existing = await repo.findTemplate(db, actor.orgId, id);
      if (!existing) throw notFound();
      throw versionConflict(existing.version, version);
    }
    return toTemplateView(row);
  }

  function sortWindows(windows: SlotTemplateBody['windows']) {
    return [...windows].sort((a, b) => minutesOf(a.start) - minutesOf(b.start)).map((w) => ({ start: w.start, end: w.end, capacity: w.capacity }));
  }

  /**
   * Makes a template's slots for a range of days in the organisation's zone. Slots that exist
   * already (same day, start, service and team) are left as they are, bookings and edits
   * included, so running it twice over the same weeks changes nothing.
   */
  async function generateSlots(actor: Actor, templateId: string, range: { from: string; to: string }) {
    const template = await repo.findTemplate(db, actor.orgId, templateId);
    if (!template) throw notFound();
    const org = await options.getOrganisation(actor.orgId);
    const planned = expandTemplate({ weekdays: template.weekdays, windows: template.windows as SlotTemplateBody['windows'] }, range.from, range.to, org.timeZone);
    const now = clock();
    let created = 0;
    await db.transaction(async (tx) => {
      for (let i = 0; i < planned.length; i += 500) {
        created += await repo.insertSlots(
          tx,
          planned.slice(i, i + 500).map((p) => ({
            orgId: actor.orgId,
            id: uuidv7(),
            slotOn: p.day,
            startTime: p.start,
            endTime: p.end,
            startsAt: p.startsAt,
            endsAt: p.endsAt,
            serviceType: template.serviceType,
            team: template.team,
            capacity: p.capacity,
            templateId: template.id,
            createdAt: now,
            updatedAt: now,
          })),
        );
      }
    });
    return { created, skipped: planned.length - created };
  }

  async function createSlot(actor: Actor, body: { day: string; start: string; end: string; capacity: number; serviceType?: string | null | undefined; team?: string | null | undefined }) {
    const org = await options.getOrganisation(actor.orgId);
    const id = uuidv7();
    const now = clock();
    const created = await repo.insertSlots(db, [
      {
        orgId: actor.orgId,
        id,
        slotOn: body.day,
        startTime: body.start,
        endTime: body.end,
        startsAt: new Date(localInstant(body.day, body.start, org.timeZone)),
        endsAt: new Date(localInstant(body.day, body.end, org.timeZone)),
        serviceType: key(body.serviceType),
        team: key(body.team),
        capacity: body.capacity,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    if (!created) throw new AppError('ALREADY_EXISTS', { fields: [{ field: 'body.start', code: 'already_exists', message: 'errors.detail.slotExists' }] });
    return toSlotView((await repo.findSlot(db, actor.orgId, id))!);
  }

  async function listSlots(actor: Actor, query: { from: string; to: string; serviceType?: string | undefined }): Promise<SlotView[]> {
    return (await repo.findSlots(db, actor.orgId, { from: query.from, to: query.to, serviceType: query.serviceType })).map(toSlotView);
  }

  /** Changes a slot's places or closes it; never below the bookings it holds. */
  async function updateSlot(actor: Actor, id: string, version: number, body: { capacity?: number | undefined; open?: boolean | undefined }): Promise<SlotView> {
    return db.transaction(async (tx) => {
      const slot = await repo.findSlot(tx, actor.orgId, id);
      if (!slot) throw notFound();
      if (slot.version !== version) throw versionConflict(slot.version, version);
      if (body.capacity !== undefined && body.capacity < slot.booked) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ field: 'body.capacity', code: 'below_booked', message: 'errors.detail.capacityBelowBooked', params: { booked: slot.booked } }],
        });
      }
      const changes: Partial<repo.SlotInsert> = { updatedAt: clock() };
      if (body.capacity !== undefined) changes.capacity = body.capacity;
      if (body.open !== undefined) changes.open = body.open;
      // The check constraint still guards the count if a booking slipped in between.
      const row = await repo.updateSlot(tx, actor.orgId, id, version, changes);
      if (!row) throw versionConflict(version + 1, version);
      return toSlotView(row);
    });
  }

  // --- bookings ----------------------------------------------------------------------------------

  async function loadView(tx: Db, orgId: string, id: string): Promise<AppointmentView> {
    const [detail] = await repo.findAppointmentDetails(tx, orgId, { ids: [id] });
    if (!detail) throw notFound();
    return toView(detail);
  }

  /**
   * Books a place, in one transaction: the slot's count, the appointment with the promotion it
   * earned (W3), the confirmation to the customer and tomorrow's reminder. The place is taken by
   * a conditional update, so the last one goes to exactly one of two agents booking at once;
   * the other hears SLOT_FULL.
   */
  async function bookIn(orgId: string, createdBy: string | null, input: BookInput, claim?: { key: string; userId: string; hash: string }): Promise<AppointmentView> {
    const org = await options.getOrganisation(orgId);
    const now = clock();
    const id = uuidv7();
    const madeId = await db.transaction(async (tx) => {
      if (claim) {
        const earlier = await claimIdempotencyKey(tx, { orgId, scope: IDEMPOTENCY_SCOPE, key: claim.key, userId: claim.userId, requestHash: claim.hash, resourceId: id });
        if (earlier) return earlier;
      }
      const slot = await repo.findSlot(tx, orgId, input.slotId);
      if (!slot || slot.endsAt <= now) throw slotNotFound();
      await options.customers.assertExists(tx, orgId, input.customerId, 'body.customerId');
      if (input.assetId) await options.assets.assertOfCustomer(tx, orgId, input.assetId, input.customerId, 'body.assetId');
      if (input.technicianId && !(await options.staff.findTechnician(orgId, input.technicianId, tx))) {
        throw invalidReference('body.technicianId', 'errors.detail.technicianNotFound');
      }
      const taken = await repo.takePlace(tx, orgId, slot.id, now);
      if (!taken) throw slotFull(slot.open ? 'errors.detail.slotFull' : 'errors.detail.slotClosed');
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
      await options.notify.enqueue(tx, { orgId, topic: 'appointment.booked', recipient: `customer:${input.customerId}`, payload: readBack(view), dedupeKey: `appointment:${id}:booked` });
      await scheduleReminder(tx, orgId, id, slot.startsAt, now);
      return id;
    });
    return loadView(db, orgId, madeId);
  }

  /** The day before the visit, unless the booking is for less than a day ahead (the confirmation just went out). */
  async function scheduleReminder(tx: Db, orgId: string, appointmentId: string, startsAt: Date, now: Date) {
    const runAt = new Date(startsAt.getTime() - REMIND_BEFORE_MS);
    if (runAt <= now) return;
    await options.jobs.enqueue(tx, { orgId, kind: REMIND_JOB, runAt, payload: { appointmentId, startsAt: startsAt.toISOString() } });
  }

  options.jobs.register(REMIND_JOB, async ({ job }) => {
    const orgId = job.orgId!;
    const { appointmentId, startsAt } = job.payload as { appointmentId: string; startsAt: string };
    return db.transaction(async (tx) => {
      const [detail] = await repo.findAppointmentDetails(tx, orgId, { ids: [appointmentId] });
      // Cancelled, already here, or moved to another time (which queued its own reminder).
      if (!detail || detail.appointment.status !== 'booked' || detail.slot.startsAt.toISOString() !== startsAt) return { sent: false };
      const sent = await options.notify.enqueue(tx, {
        orgId,
        topic: 'appointment.reminder',
        recipient: `customer:${detail.appointment.customerId}`,
        payload: readBack(toView(detail)),
        dedupeKey: `appointment:${appointmentId}:remind:${startsAt}`,
      });
      return { sent };
    });
  });

  /** A2: an agent books for a caller; W3: by phone or, typed in by staff, from the web. */
  async function book(actor: Actor, input: BookInput, idempotencyKey?: string): Promise<AppointmentView> {
    const claim = idempotencyKey ? { key: idempotencyKey, userId: actor.userId, hash: requestHash(input) } : undefined;
    return bookIn(actor.orgId, actor.userId, input, claim);
  }

  async function getAppointment(actor: Actor, id: string): Promise<AppointmentView> {
    const view = await loadView(db, actor.orgId, id);
    if (actor.role === 'customer' && view.customer.id !== actor.customerId) throw notFound();
    return view;
  }

  async function loadForChange(tx: Db, actor: Actor, id: string, version: number) {
    const row = await repo.findAppointment(tx, actor.orgId, id);
    if (!row) throw notFound();
    if (row.version !== version) throw versionConflict(row.version, version);
    return row;
  }

  /** Changes the requests, the technician, the asset or the slot (the new place is taken first). */
  async function updateAppointment(
    actor: Actor,
    id: string,
    version: number,
    body: { slotId?: string | undefined; requests?: string[] | undefined; technicianId?: string | null | undefined; assetId?: string | null | undefined; note?: string | null | undefined },
  ): Promise<AppointmentView> {
    const now = clock();
    await db.transaction(async (tx) => {
      const row = await loadForChange(tx, actor, id, version);
      if (row.status !== 'booked') throw notAllowed(row.status as AppointmentStatus, 'update');
      const changes: Partial<repo.AppointmentInsert> = { updatedAt: now };
      if (body.requests !== undefined) changes.requests = body.requests;
      if (body.note !== undefined) changes.note = body.note ?? null;
      if (body.technicianId !== undefined) {
        if (body.technicianId && !(await options.staff.findTechnician(actor.orgId, body.technicianId, tx))) {
          throw invalidReference('body.technicianId', 'errors.detail.technicianNotFound');
        }
        changes.technicianId = body.technicianId ?? null;
      }
      if (body.assetId !== undefined) {
        if (body.assetId) await options.assets.assertOfCustomer(tx, actor.orgId, body.assetId, row.customerId, 'body.assetId');
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
      const updated = await repo.updateAppointment(tx, actor.orgId, id, version, changes);
      if (!updated) throw versionConflict(version + 1, version);
      if (moved) {
        const view = await loadView(tx, actor.orgId, id);
        await options.notify.enqueue(tx, { orgId: actor.orgId, topic: 'appointment.moved', recipient: `customer:${row.customerId}`, payload: readBack(view), dedupeKey: `appointment:${id}:moved:${moved.id}:${updated.version}` });
        await scheduleReminder(tx, actor.orgId, id, moved.startsAt, now);
      }
    });
    return loadView(db, actor.orgId, id);
  }

  function notAllowed(status: AppointmentStatus, action: string) {
    return new AppError('TRANSITION_NOT_ALLOWED', {
      detail: 'errors.detail.appointmentTransition',
      params: { status, action },
      extensions: { appointmentStatus: status, allowed: APPOINTMENT_TRANSITIONS[status] },
    });
  }

  /** The board's buttons: arrived, done, no-show, cancelled. A cancellation gives the place back. */
  async function setStatus(actor: Actor, id: string, version: number, body: { status: AppointmentStatus; reason?: string | null | undefined }): Promise<AppointmentView> {
    const now = clock();
    await db.transaction(async (tx) => {
      const row = await loadForChange(tx, actor, id, version);
      const from = row.status as AppointmentStatus;
      if (!APPOINTMENT_TRANSITIONS[from].includes(body.status)) throw notAllowed(from, body.status);
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
          await options.notify.enqueue(tx, {
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
      if (!(await repo.updateAppointment(tx, actor.orgId, id, version, changes))) throw versionConflict(version + 1, version);
    });
    return loadView(db, actor.orgId, id);
  }

  /**
   * The customer is here: the visit becomes a ticket (through the tickets module, so it gets its
   * number, warranty and clocks), linked both ways. The appointment's id is the ticket's
   * idempotency key, so a second click or a retry after a failure finds the same ticket.
   */
  async function convertToTicket(actor: Actor, id: string, body: { type?: TicketType | undefined; priority?: Priority | undefined }): Promise<AppointmentView> {
    const row = await repo.findAppointment(db, actor.orgId, id);
    // S11: another customer's appointment is not there for a customer, converted or not; checked
    // before anything about it is answered (its ticket, its status).
    if (!row || (actor.role === 'customer' && row.customerId !== actor.customerId)) throw notFound();
    if (row.ticketId) return loadView(db, actor.orgId, id);
    if (row.status !== 'arrived') throw notAllowed(row.status as AppointmentStatus, 'ticket');
    const customer = await options.customers.getCustomer(actor, row.customerId);
    const address = customer.addresses.find((a) => a.isDefault && !a.invalidAt) ?? customer.addresses.find((a) => !a.invalidAt);
    const lines = [...row.requests, ...(row.note ? [row.note] : [])];
    let ticketId: string;
    try {
      const { ticket } = await options.tickets.createTicket(
        actor,
        {
          customerId: row.customerId,
          assetId: row.assetId,
          addressId: address?.id ?? null,
          channel: row.channel === 'web' ? 'web' : 'phone',
          description: lines.join('\n').slice(0, 4000),
          type: body.type,
          priority: body.priority,
          contactName: row.contactName,
          contactPhone: row.contactPhone,
        },
        `appointment:${id}`,
      );
      ticketId = ticket.id;
    } catch (error) {
      // Another agent turned it into a ticket at the same moment: theirs is the one.
      if (error instanceof AppError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
        const again = await repo.findAppointment(db, actor.orgId, id);
        if (again?.ticketId) return loadView(db, actor.orgId, id);
        throw new AppError('ALREADY_EXISTS');
      }
      throw error;
    }
    await db.transaction(async (tx) => {
      const current = await repo.findAppointment(tx, actor.orgId, id);
      if (!current || current.ticketId) return;
      await repo.updateAppointment(tx, actor.orgId, id, current.version, { ticketId, updatedAt: clock() });
    });
    return loadView(db, actor.orgId, id);
  }

  /** 预约看板: one day's slots with their bookings, and counts by status. */
  async function board(actor: Actor, query: { day: string; serviceType?: string | undefined }) {
    const org = await options.getOrganisation(actor.orgId);
    const slots = await repo.findSlots(db, actor.orgId, { from: query.day, to: query.day, serviceType: query.serviceType });
    const details = await repo.findAppointmentDetails(db, actor.orgId, { slotIds: slots.map((s) => s.id) });
    // A customer signed in sees the day's times and only their own bookings.
    const visible = actor.role === 'customer' ? details.filter((d) => d.appointment.customerId === actor.customerId) : details;
    const counts = Object.fromEntries(APPOINTMENT_STATUSES.map((s) => [s, 0])) as Record<AppointmentStatus, number>;
    for (const d of visible) counts[d.appointment.status as AppointmentStatus] += 1;
    return {
      day: query.day,
      timeZone: org.timeZone,
      slots: slots.map((s) => ({ ...toSlotView(s), appointments: visible.filter((d) => d.appointment.slotId === s.id).map(toView) })),
      counts,
    };
  }

  /** A2: the technicians a caller may choose from. */
  async function technicians(actor: Actor) {
    return (await options.staff.findTechnicians(actor.orgId)).map((t) => ({ id: t.id, name: t.name, grade: t.grade, team: t.team }));
  }

  // --- the self-service link -----------------------------------------------------------------------

  const newToken = () => randomBytes(18).toString('base64url');
  const linkView = (row: { token: string; rotatedAt: Date }) => ({ token: row.token, path: `/book/${row.token}`, rotatedAt: row.rotatedAt });

  /** The organisation's booking link, made on first ask. */
  async function bookingLink(actor: Actor) {
    const existing = await repo.findLink(db, actor.orgId);
    if (existing) return linkView(existing);
    await repo.saveLink(db, { orgId: actor.orgId, token: newToken(), rotatedAt: clock(), rotatedBy: null }, false);
    return linkView((await repo.findLink(db, actor.orgId))!);
  }

  /** A new token; the old link stops working at once. */
  async function rotateBookingLink(actor: Actor) {
    const saved = await repo.saveLink(db, { orgId: actor.orgId, token: newToken(), rotatedAt: clock(), rotatedBy: actor.userId }, true);
    return linkView(saved!);
  }

  /**
   * The organisation behind a public token, after counting this request against the address's
   * allowance (in the database, so every server process shares the count).
   */
  async function admitPublic(token: string, ip: string, kind: 'page' | 'book') {
    const link = await repo.findLinkByToken(db, token);
    if (!link) throw notFound();
    const now = clock();
    const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
    await repo.purgeRequests(db, link.orgId, ip, kind, since);
    const used = await repo.countRequests(db, link.orgId, ip, kind, since);
    if (used >= (kind === 'page' ? limits.pages : limits.bookings)) {
      throw new AppError('RATE_LIMITED', { detail: 'errors.detail.rateLimited', params: { minutes: limits.windowMinutes } });
    }
    await repo.insertRequest(db, { orgId: link.orgId, id: uuidv7(), ip, kind, at: now });
    return link.orgId;
  }

  /** What the public page shows: the organisation's name, the promotion, and open slots with a place left. */
  async function publicPage(token: string, ip: string) {
    const orgId = await admitPublic(token, ip, 'page');
    const org = await options.getOrganisation(orgId);
    const now = clock();
    const today = localDate(now, org.timeZone);
    const slots = await repo.findSlots(db, orgId, { from: today, to: addDays(today, publicDays), openAfter: now, limit: 500 });
    return {
      organisation: { name: org.name },
      discountBp: org.settings.appointments.bookingDiscountBp,
      slots: slots.map((s) => ({ id: s.id, day: s.slotOn, start: s.startTime, end: s.endTime, serviceType: orNull(s.serviceType) })),
    };
  }

  /**
   * W3: the customer books online. Their phone finds their record (or makes one); the answer
   * is only what they gave and what was booked, so the page tells nobody anything about
   * anyone else, not even whether the phone was known.
   */
  async function publicBook(token: string, ip: string, body: { name: string; phone: string; slotId: string; request: string }) {
    const orgId = await admitPublic(token, ip, 'book');
    const now = clock();
    const slot = await repo.findSlot(db, orgId, body.slotId);
    if (!slot || slot.startsAt <= now) throw slotNotFound();
    if (!slot.open) throw slotFull('errors.detail.slotClosed');
    if (slot.booked >= slot.capacity) throw slotFull();
    const system = systemActor(orgId, '');
    const phone = normalizePhone(body.phone);
    const found = await options.customers.findCustomers(system, { phone, limit: 1, offset: 0 });
    const customerId = found.items[0]?.id ?? (await options.customers.createCustomer(system, { name: body.name, phone })).id;
    const requests = body.request
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 20);
    const view = await bookIn(orgId, null, { slotId: slot.id, customerId, requests, channel: 'web', contactName: body.name, contactPhone: phone });
    const org = await options.getOrganisation(orgId);
    return {
      appointmentId: view.id,
      day: view.slot.day,
      start: view.slot.start,
      end: view.slot.end,
      serviceType: view.slot.serviceType,
      name: body.name,
      phone,
      requests: view.requests,
      discountBp: view.discountBp,
      organisation: { name: org.name },
    };
  }

  return {
    listTemplates,
    createTemplate,
    updateTemplate,
    generateSlots,
    createSlot,
    listSlots,
    updateSlot,
    book,
    getAppointment,
    updateAppointment,
    setStatus,
    convertToTicket,
    board,
    technicians,
    bookingLink,
    rotateBookingLink,
    publicPage,
    publicBook,
  };
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;
