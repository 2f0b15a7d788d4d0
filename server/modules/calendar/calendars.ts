import { v7 as uuidv7 } from 'uuid';
import type { CalendarBody } from '../../../shared/contracts/sla';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../identity';
import { businessCalendar } from './business-calendars';
import type { Window } from './business-time';
import type { CalendarDefinition } from './calendar-spec';
import type { CalendarDeps } from './calendar.deps';
import * as repo from './calendar.repository';

/* Working calendars and their own dated days: listed, made, changed, and shown a month at a time. */

function toView(row: repo.CalendarRow, exceptions: repo.ExceptionRow[] = []) {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    weekly: row.weekly as CalendarDefinition['weekly'],
    statutoryHolidays: row.statutoryHolidays,
    isDefault: row.isDefault,
    team: row.team,
    region: row.region,
    version: row.version,
    exceptions: exceptions.map((e) => ({ id: e.id, on: e.on, kind: e.kind as 'closed' | 'open', windows: (e.windows as Window[] | null) ?? undefined, name: e.name ?? undefined })),
  };
}
export type CalendarView = ReturnType<typeof toView>;

export async function listCalendars(deps: CalendarDeps, actor: Actor): Promise<CalendarView[]> {
  const rows = await repo.findCalendarsInListOrder(deps.db, actor.orgId);
  const exceptions = await repo.findExceptionsByDay(deps.db, actor.orgId);
  return rows.map((r) => toView(r, exceptions.filter((e) => e.calendarId === r.id)));
}

export async function getCalendar(deps: CalendarDeps, actor: Actor, id: string): Promise<CalendarView> {
  const found = (await listCalendars(deps, actor)).find((c) => c.id === id);
  if (!found) throw notFound();
  return found;
}

/** Every window of the week ends after it starts. */
function checkWindows(weekly: CalendarBody['weekly']) {
  if (weekly === '24x7') return;
  for (const [day, windows] of Object.entries(weekly)) {
    for (const [i, w] of (windows ?? []).entries()) {
      if (w.end <= w.start) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: `body.weekly.${day}.${i}.end`, code: 'too_small', message: 'validation.invalid' }] });
      }
    }
  }
}

/** A new calendar; a new default takes the place of the old one. Inside `tx` when given (a new organisation's defaults). */
export async function createCalendar(deps: CalendarDeps, actor: Actor, body: CalendarBody, tx?: Db): Promise<CalendarView> {
  checkWindows(body.weekly);
  const id = uuidv7();
  const write = async (db: Db) => {
    if (body.isDefault) await repo.clearDefault(db, actor.orgId);
    await repo.insertCalendar(db, {
      orgId: actor.orgId,
      id,
      name: body.name,
      timeZone: body.timeZone,
      weekly: body.weekly,
      statutoryHolidays: body.statutoryHolidays,
      isDefault: body.isDefault ?? false,
      team: body.team ?? null,
      region: body.region ?? null,
    });
    return (await repo.findCalendar(db, actor.orgId, id))!;
  };
  const row = tx ? await write(tx) : await deps.db.transaction(write);
  deps.cache.forget(actor.orgId);
  return toView(row);
}

/** Changes a calendar at the version it was read at; the clocks measured on it are measured again. */
export async function updateCalendar(deps: CalendarDeps, actor: Actor, id: string, version: number, body: CalendarBody): Promise<CalendarView> {
  checkWindows(body.weekly);
  await deps.db.transaction(async (tx) => {
    if (body.isDefault) await repo.clearDefault(tx, actor.orgId);
    const saved = await repo.updateCalendar(tx, actor.orgId, id, version, {
      name: body.name,
      timeZone: body.timeZone,
      weekly: body.weekly,
      statutoryHolidays: body.statutoryHolidays,
      ...(body.isDefault !== undefined ? { isDefault: body.isDefault } : {}),
      team: body.team ?? null,
      region: body.region ?? null,
      updatedAt: deps.clock(),
    });
    savedOrThrow(saved, version);
  });
  await deps.changed(actor.orgId, 'calendar');
  return getCalendar(deps, actor, id);
}

export async function addException(
  deps: CalendarDeps,
  actor: Actor,
  calendarId: string,
  body: { on: string; kind: 'closed' | 'open'; windows?: Window[] | undefined; name?: string | undefined },
): Promise<CalendarView> {
  await getCalendar(deps, actor, calendarId);
  await repo.insertException(deps.db, { orgId: actor.orgId, id: uuidv7(), calendarId, on: body.on, kind: body.kind, windows: body.windows ?? null, name: body.name ?? null });
  await deps.changed(actor.orgId, 'calendar');
  return getCalendar(deps, actor, calendarId);
}

export async function removeException(deps: CalendarDeps, actor: Actor, calendarId: string, exceptionId: string): Promise<CalendarView> {
  if (!(await repo.deleteException(deps.db, actor.orgId, calendarId, exceptionId))) throw notFound();
  await deps.changed(actor.orgId, 'calendar');
  return getCalendar(deps, actor, calendarId);
}

/** Each day of a month as the calendar sees it, for the month view. */
export async function monthOf(deps: CalendarDeps, actor: Actor, calendarId: string, month: string) {
  await getCalendar(deps, actor, calendarId);
  const cal = (await businessCalendar(deps, actor.orgId, calendarId))!;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const days: { day: string; windows: Window[]; kind: 'holiday' | 'makeup' | 'exception' | 'open' | 'closed'; name: string | null }[] = [];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  for (let d = 1; d <= last; d++) {
    const day = `${month}-${String(d).padStart(2, '0')}`;
    const override = cal.spec.overrides.get(day);
    const windows = cal.windowsOf(day);
    const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    const isWeekend = weekday >= 6;
    let kind: (typeof days)[number]['kind'] = windows.length ? 'open' : 'closed';
    if (override?.kind === 'closed' && override.name && !isWeekend) kind = 'holiday';
    else if (override?.kind === 'closed') kind = override.name ? 'holiday' : 'exception';
    else if (override?.kind === 'open') kind = isWeekend ? 'makeup' : 'exception';
    days.push({ day, windows, kind, name: override?.name ?? null });
  }
  return { month, known: cal.isKnownYear(y), days };
}

/** A new organisation's calendars (see templates.ts), inside its transaction; none when it has some already. */
export async function ensureDefaults(deps: CalendarDeps, tx: Db, actor: Actor, defaults: (CalendarBody & { key: string })[]): Promise<Record<string, string>> {
  if ((await repo.findCalendars(tx, actor.orgId)).length) return {};
  const ids: Record<string, string> = {};
  for (const { key, ...body } of defaults) ids[key] = (await createCalendar(deps, actor, body, tx)).id;
  return ids;
}
