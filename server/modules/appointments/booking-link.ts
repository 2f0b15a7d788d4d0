import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { normalizePhone } from '../../../shared/phone';
import { addDays, localDate } from '../../../shared/time';
import { AppError, notFound } from '../../errors';
import { systemActor, type Actor } from '../identity';
import * as repo from './appointments.repository';
import type { AppointmentDeps } from './appointments.deps';
import { orNull } from './appointment-views';
import { bookIn } from './bookings';
import { slotFull, slotNotFound } from './refusals';

/*
 * The organisation's self-service booking link (W3): the token, its rotation, and the public
 * page behind it, throttled per address.
 */

const newToken = () => randomBytes(18).toString('base64url');
const linkView = (row: { token: string; rotatedAt: Date }) => ({ token: row.token, path: `/book/${row.token}`, rotatedAt: row.rotatedAt });

/** The organisation's booking link, made on first ask. */
export async function bookingLink(deps: AppointmentDeps, actor: Actor) {
  const existing = await repo.findLink(deps.db, actor.orgId);
  if (existing) return linkView(existing);
  await repo.saveLink(deps.db, { orgId: actor.orgId, token: newToken(), rotatedAt: deps.clock(), rotatedBy: null }, false);
  return linkView((await repo.findLink(deps.db, actor.orgId))!);
}

/** A new token; the old link stops working at once. */
export async function rotateBookingLink(deps: AppointmentDeps, actor: Actor) {
  const saved = await repo.saveLink(deps.db, { orgId: actor.orgId, token: newToken(), rotatedAt: deps.clock(), rotatedBy: actor.userId }, true);
  return linkView(saved!);
}

/**
 * The organisation behind a public token, after counting this request against the address's
 * allowance (in the database, so every server process shares the count).
 */
async function admitPublic(deps: AppointmentDeps, token: string, ip: string, kind: 'page' | 'book') {
  const { db, publicLimits: limits } = deps;
  const link = await repo.findLinkByToken(db, token);
  if (!link) throw notFound();
  const now = deps.clock();
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
export async function publicPage(deps: AppointmentDeps, token: string, ip: string) {
  const orgId = await admitPublic(deps, token, ip, 'page');
  const org = await deps.getOrganisation(orgId);
  const now = deps.clock();
  const today = localDate(now, org.timeZone);
  const slots = await repo.findSlots(deps.db, orgId, { from: today, to: addDays(today, deps.publicDays), openAfter: now, limit: 500 });
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
export async function publicBook(deps: AppointmentDeps, token: string, ip: string, body: { name: string; phone: string; slotId: string; request: string }) {
  const orgId = await admitPublic(deps, token, ip, 'book');
  const now = deps.clock();
  const slot = await repo.findSlot(deps.db, orgId, body.slotId);
  if (!slot || slot.startsAt <= now) throw slotNotFound();
  if (!slot.open) throw slotFull('errors.detail.slotClosed');
  if (slot.booked >= slot.capacity) throw slotFull();
  const system = systemActor(orgId, '');
  const phone = normalizePhone(body.phone);
  const found = await deps.customers.findCustomers(system, { phone, limit: 1, offset: 0 });
  const customerId = found.items[0]?.id ?? (await deps.customers.createCustomer(system, { name: body.name, phone })).id;
  const requests = body.request
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 20);
  const view = await bookIn(deps, orgId, null, { slotId: slot.id, customerId, requests, channel: 'web', contactName: body.name, contactPhone: phone });
  const org = await deps.getOrganisation(orgId);
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
