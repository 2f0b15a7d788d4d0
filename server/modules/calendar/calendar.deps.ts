import type { Db } from '../../db/client';
import type { BusinessCalendar } from './business-time';

/** What the calendar module is made with (see `server/services.ts`). */
export interface CalendarOptions {
  db: Db;
  clock: () => Date;
}

/** Calendars or holidays changed: whatever was measured on them (SLA clocks) must be measured again. */
export type CalendarChangedListener = (orgId: string, reason: 'calendar' | 'holidays') => Promise<void>;

/** An organisation's calendars as engines, its holiday years applied. */
export interface LoadedCalendars {
  calendars: Map<string, BusinessCalendar>;
  /** The default calendar, else the first; null when the organisation has none. */
  defaultId: string | null;
}

/** An organisation's calendars, built once for a while (business-calendars.ts). */
export interface CalendarCache {
  /** Reads through `tx` when given: on PGlite a read outside the open transaction would wait for it. */
  of(orgId: string, tx?: Db): Promise<LoadedCalendars>;
  forget(orgId: string): void;
}

/** What every use case of the module gets: the options, the cache, and the listeners to tell of a change. */
export interface CalendarDeps extends CalendarOptions {
  cache: CalendarCache;
  /** Forgets what was built for the organisation and tells the listeners (the SLA module). */
  changed(orgId: string, reason: 'calendar' | 'holidays'): Promise<void>;
}
