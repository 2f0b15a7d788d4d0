import { randomBytes } from 'node:crypto';
import { addDays, localDate } from '../../../shared/time';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import * as repo from './appointments.repository';
import type { AppointmentDeps } from './appointments.deps';
import { orNull } from './appointment-views';
import { byAddress, takePlaces } from './public-throttle';

/*
 * The organisation's self-service booking link (W3): the token, its rotation, and the public
 * page behind it, throttled per address. What the page sends becomes a booking request
 * (`booking-requests.ts`), never an appointment by itself (S5).
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

/** The organisation behind a public token; NOT_FOUND for any other token. */
export async function orgOfToken(deps: AppointmentDeps, token: string): Promise<string> {
  const link = await repo.findLinkByToken(deps.db, token);
  if (!link) throw notFound();
  return link.orgId;
}

/** What the public page shows: the organisation's name, the promotion, and open slots with a place left. */
export async function publicPage(deps: AppointmentDeps, token: string, ip: string) {
  const orgId = await orgOfToken(deps, token);
  const org = await deps.getOrganisation(orgId);
  const limits = org.settings.appointments;
  await takePlaces(deps, orgId, limits.publicWindowMinutes, [{ key: byAddress('page', ip), limit: limits.publicPageViewsPerAddress, detail: 'errors.detail.rateLimited' }]);
  const now = deps.clock();
  const today = localDate(now, org.timeZone);
  const slots = await repo.findSlots(deps.db, orgId, { from: today, to: addDays(today, limits.publicDaysAhead), openAfter: now, limit: 500 });
  return {
    organisation: { name: org.name },
    discountBp: limits.bookingDiscountBp,
    slots: slots.map((s) => ({ id: s.id, day: s.slotOn, start: s.startTime, end: s.endTime, serviceType: orNull(s.serviceType) })),
  };
}
