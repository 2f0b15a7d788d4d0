import { v7 as uuidv7 } from 'uuid';
import { minutesOf, type SlotTemplateBody, type SlotTemplateView, type SlotView } from '../../../shared/contracts/appointments';
import { addDays, localDate, localInstant } from '../../../shared/time';
import { savedOrThrow } from '../../db/versioned';
import { AppError, fieldError, notFound, assertVersion } from '../../errors';
import type { Actor } from '../identity';
import * as repo from './appointments.repository';
import type { AppointmentDeps } from './appointments.deps';
import { toSlotView, toTemplateView } from './appointment-views';
import { expandTemplate } from './slot-time';

/*
 * Slot templates (a weekly pattern of windows and places) and the slots made from them or by
 * hand: what there is to book.
 */

/** A service or team as the slot key stores it: '' for "any". */
const anyAsEmpty = (v: string | null | undefined) => v?.trim() ?? '';

function sortWindows(windows: SlotTemplateBody['windows']) {
  return [...windows].sort((a, b) => minutesOf(a.start) - minutesOf(b.start)).map((w) => ({ start: w.start, end: w.end, capacity: w.capacity }));
}

function templateColumns(body: SlotTemplateBody) {
  return {
    name: body.name,
    serviceType: anyAsEmpty(body.serviceType),
    team: anyAsEmpty(body.team),
    weekdays: [...new Set(body.weekdays)].sort(),
    windows: sortWindows(body.windows),
    active: body.active ?? true,
  };
}

export async function listTemplates(deps: AppointmentDeps, actor: Actor): Promise<SlotTemplateView[]> {
  return (await repo.findTemplates(deps.db, actor.orgId)).map(toTemplateView);
}

/**
 * Adds a template and makes its slots for the days ahead the settings name, so the booking
 * board and the public link have something to offer as soon as it is saved.
 */
export async function createTemplate(deps: AppointmentDeps, actor: Actor, body: SlotTemplateBody): Promise<SlotTemplateView> {
  const id = uuidv7();
  await repo.insertTemplate(deps.db, { orgId: actor.orgId, id, ...templateColumns(body) });
  const view = toTemplateView((await repo.findTemplate(deps.db, actor.orgId, id))!);
  return { ...view, slotsCreated: await generateAhead(deps, actor, view) };
}

/**
 * Changes a template (If-Match); slots already made from it stay as they are, and the days
 * ahead that have none for its new windows get them.
 */
export async function updateTemplate(deps: AppointmentDeps, actor: Actor, id: string, version: number, body: SlotTemplateBody): Promise<SlotTemplateView> {
  const saved = await repo.updateTemplate(deps.db, actor.orgId, id, version, { ...templateColumns(body), updatedAt: deps.clock() });
  const view = toTemplateView(savedOrThrow(saved, version));
  return { ...view, slotsCreated: await generateAhead(deps, actor, view) };
}

/** An active template's slots from today for `appointments.generateDaysAhead` days; 0 when off or inactive. */
async function generateAhead(deps: AppointmentDeps, actor: Actor, template: SlotTemplateView): Promise<number> {
  const org = await deps.getOrganisation(actor.orgId);
  const days = org.settings.appointments.generateDaysAhead;
  if (!template.active || days <= 0) return 0;
  const today = localDate(deps.clock(), org.timeZone);
  return (await generateSlots(deps, actor, template.id, { from: today, to: addDays(today, days - 1) })).created;
}

/**
 * Makes a template's slots for a range of days in the organisation's zone. Slots that exist
 * already (same day, start, service and team) are left as they are, bookings and edits
 * included, so running it twice over the same weeks changes nothing.
 */
export async function generateSlots(deps: AppointmentDeps, actor: Actor, templateId: string, range: { from: string; to: string }) {
  const { db } = deps;
  const template = await repo.findTemplate(db, actor.orgId, templateId);
  if (!template) throw notFound();
  const org = await deps.getOrganisation(actor.orgId);
  const planned = expandTemplate({ weekdays: template.weekdays, windows: template.windows }, range.from, range.to, org.timeZone);
  const now = deps.clock();
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

/** One slot made by hand; ALREADY_EXISTS when that day, start, service and team has one. */
export async function createSlot(
  deps: AppointmentDeps,
  actor: Actor,
  body: { day: string; start: string; end: string; capacity: number; serviceType?: string | null | undefined; team?: string | null | undefined },
): Promise<SlotView> {
  const org = await deps.getOrganisation(actor.orgId);
  const id = uuidv7();
  const now = deps.clock();
  const created = await repo.insertSlots(deps.db, [
    {
      orgId: actor.orgId,
      id,
      slotOn: body.day,
      startTime: body.start,
      endTime: body.end,
      startsAt: new Date(localInstant(body.day, body.start, org.timeZone)),
      endsAt: new Date(localInstant(body.day, body.end, org.timeZone)),
      serviceType: anyAsEmpty(body.serviceType),
      team: anyAsEmpty(body.team),
      capacity: body.capacity,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  if (!created) throw new AppError('ALREADY_EXISTS', { fields: [{ field: 'body.start', code: 'already_exists', message: 'errors.detail.slotExists' }] });
  return toSlotView((await repo.findSlot(deps.db, actor.orgId, id))!);
}

export async function listSlots(deps: AppointmentDeps, actor: Actor, query: { from: string; to: string; serviceType?: string | undefined }): Promise<SlotView[]> {
  return (await repo.findSlots(deps.db, actor.orgId, { from: query.from, to: query.to, serviceType: query.serviceType })).map(toSlotView);
}

/** Changes a slot's places or closes it; never below the bookings it holds. */
export async function updateSlot(deps: AppointmentDeps, actor: Actor, id: string, version: number, body: { capacity?: number | undefined; open?: boolean | undefined }): Promise<SlotView> {
  return deps.db.transaction(async (tx) => {
    const slot = await repo.findSlot(tx, actor.orgId, id);
    if (!slot) throw notFound();
    assertVersion(slot.version, version);
    if (body.capacity !== undefined && body.capacity < slot.booked) {
      throw fieldError('body.capacity', 'errors.detail.capacityBelowBooked', { code: 'below_booked', params: { booked: slot.booked } });
    }
    const changes: Partial<repo.SlotInsert> = { updatedAt: deps.clock() };
    if (body.capacity !== undefined) changes.capacity = body.capacity;
    if (body.open !== undefined) changes.open = body.open;
    // The check constraint still guards the count if a booking slipped in between.
    return toSlotView(savedOrThrow(await repo.updateSlot(tx, actor.orgId, id, version, changes), version));
  });
}
