import type { CalendarBody, HolidayYearBody } from '../../../shared/contracts/sla';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import { businessCalendar, createCalendarCache } from './business-calendars';
import type { CalendarChangedListener, CalendarDeps, CalendarOptions } from './calendar.deps';
import { addException, createCalendar, ensureDefaults, getCalendar, listCalendars, monthOf, removeException, updateCalendar } from './calendars';
import { deleteYear, importYears, listYears, missingYears, putYear } from './holiday-years';

export type { CalendarChangedListener, CalendarOptions } from './calendar.deps';
export type { CalendarView } from './calendars';

/**
 * The calendar module's public face. Each job lives in its own file (the engines built from
 * the stored calendars, the calendars and their dated days, the holiday years); this factory
 * gives them the cache and the listeners a change is told to.
 */
export function createCalendarService(options: CalendarOptions) {
  const cache = createCalendarCache(options.db);
  const changeListeners: CalendarChangedListener[] = [];
  const deps: CalendarDeps = {
    ...options,
    cache,
    async changed(orgId, reason) {
      cache.forget(orgId);
      for (const listener of changeListeners) await listener(orgId, reason);
    },
  };

  return {
    /** The SLA module registers here: a changed calendar moves every open clock measured on it. */
    onChanged: (listener: CalendarChangedListener) => void changeListeners.push(listener),
    /** The engine for a calendar (or the organisation's default); null when the organisation has none. */
    businessCalendar: (orgId: string, calendarId: string | null, tx?: Db) => businessCalendar(deps, orgId, calendarId, tx),
    listCalendars: (actor: Actor) => listCalendars(deps, actor),
    getCalendar: (actor: Actor, id: string) => getCalendar(deps, actor, id),
    createCalendar: (actor: Actor, body: CalendarBody) => createCalendar(deps, actor, body),
    updateCalendar: (actor: Actor, id: string, version: number, body: CalendarBody) => updateCalendar(deps, actor, id, version, body),
    addException: (actor: Actor, calendarId: string, body: Parameters<typeof addException>[3]) => addException(deps, actor, calendarId, body),
    removeException: (actor: Actor, calendarId: string, exceptionId: string) => removeException(deps, actor, calendarId, exceptionId),
    monthOf: (actor: Actor, calendarId: string, month: string) => monthOf(deps, actor, calendarId, month),
    listYears: (actor: Actor) => listYears(deps, actor),
    putYear: (actor: Actor, body: HolidayYearBody) => putYear(deps, actor, body),
    deleteYear: (actor: Actor, year: number) => deleteYear(deps, actor, year),
    importYears: (actor: Actor, file: Parameters<typeof importYears>[2], source: string) => importYears(deps, actor, file, source),
    missingYears: (orgId: string | null) => missingYears(deps, orgId),
    /** A new organisation's calendars (see the SLA module's templates.ts), inside its transaction. */
    ensureDefaults: (tx: Db, actor: Actor, defaults: (CalendarBody & { key: string })[]) => ensureDefaults(deps, tx, actor, defaults),
    /** Forgets what this process built for the organisation: the next use reads it again (after a change another process made, or a rollback). */
    invalidate: (orgId: string) => cache.forget(orgId),
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
