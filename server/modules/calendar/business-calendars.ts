import { CHINA_HOLIDAYS, type HolidayYear } from '../../../shared/calendar/china-holidays';
import type { Db } from '../../db/client';
import { ttlCache } from '../../ttl-cache';
import { BusinessCalendar, type Window } from './business-time';
import { buildCalendarSpec, type CalendarDefinition } from './calendar-spec';
import type { CalendarCache, CalendarDeps, LoadedCalendars } from './calendar.deps';
import * as repo from './calendar.repository';

/** Other processes see a change within this long; this process at once. */
const CACHE_MS = 10_000;

/** Shipped years, with the organisation's own years replacing those of the same number. */
export async function yearsOf(db: Db, orgId: string): Promise<(HolidayYear & { custom: boolean })[]> {
  const own = await repo.findHolidayYears(db, orgId);
  const byYear = new Map<number, HolidayYear & { custom: boolean }>(CHINA_HOLIDAYS.map((y) => [y.year, { ...y, custom: false }]));
  for (const y of own) byYear.set(y.year, { year: y.year, source: y.source, holidays: y.holidays as HolidayYear['holidays'], workdays: y.workdays as HolidayYear['workdays'], custom: true });
  return [...byYear.values()].sort((a, b) => a.year - b.year);
}

async function load(db: Db, orgId: string): Promise<LoadedCalendars> {
  // One after another: `db` may be the caller's transaction, one connection that runs one query at a time.
  const rows = await repo.findCalendars(db, orgId);
  const exceptions = await repo.findExceptions(db, orgId);
  const years = await yearsOf(db, orgId);
  const built = new Map<string, BusinessCalendar>();
  for (const row of rows) {
    const own = exceptions.filter((e) => e.calendarId === row.id);
    built.set(
      row.id,
      new BusinessCalendar(
        buildCalendarSpec(
          {
            timeZone: row.timeZone,
            weekly: row.weekly as CalendarDefinition['weekly'],
            statutoryHolidays: row.statutoryHolidays,
            exceptions: own.map((e) => ({ on: e.on, kind: e.kind as 'closed' | 'open', windows: (e.windows as Window[] | null) ?? [], name: e.name ?? '' })),
          },
          years,
        ),
      ),
    );
  }
  return { calendars: built, defaultId: rows.find((r) => r.isDefault)?.id ?? rows[0]?.id ?? null };
}

export function createCalendarCache(db: Db): CalendarCache {
  const cache = ttlCache<LoadedCalendars>(CACHE_MS);
  return {
    of: (orgId, tx = db) => cache.get(orgId, () => load(tx, orgId)),
    forget: (orgId) => cache.forget(orgId),
  };
}

/** The engine for a calendar (or the organisation's default); null when the organisation has none. */
export async function businessCalendar(deps: Pick<CalendarDeps, 'db' | 'cache'>, orgId: string, calendarId: string | null, tx: Db = deps.db): Promise<BusinessCalendar | null> {
  const entry = await deps.cache.of(orgId, tx);
  return entry.calendars.get(calendarId ?? entry.defaultId ?? '') ?? (entry.defaultId ? entry.calendars.get(entry.defaultId)! : null);
}
