import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { updateAtVersion } from '../../db/versioned';
import { calendarExceptions, calendars, holidayYears } from './calendar.schema';

/* The calendar module's queries: calendars, their own dated days, and the holiday years an organisation keeps. */

export type CalendarRow = typeof calendars.$inferSelect;
export type CalendarInsert = typeof calendars.$inferInsert;
export type ExceptionRow = typeof calendarExceptions.$inferSelect;
export type ExceptionInsert = typeof calendarExceptions.$inferInsert;
export type HolidayYearRow = typeof holidayYears.$inferSelect;

// --- calendars ------------------------------------------------------------------------------

/** An organisation's calendars as stored. */
export async function findCalendars(db: Db, orgId: string): Promise<CalendarRow[]> {
  return db.select().from(calendars).where(eq(calendars.orgId, orgId));
}

/** An organisation's calendars as the list shows them: the default first, then by name. */
export async function findCalendarsInListOrder(db: Db, orgId: string): Promise<CalendarRow[]> {
  return db.select().from(calendars).where(eq(calendars.orgId, orgId)).orderBy(sql`${calendars.isDefault} desc`, asc(calendars.name));
}

export async function findCalendar(db: Db, orgId: string, id: string): Promise<CalendarRow | undefined> {
  const [row] = await db.select().from(calendars).where(and(eq(calendars.orgId, orgId), eq(calendars.id, id)));
  return row;
}

export async function insertCalendar(db: Db, row: CalendarInsert): Promise<void> {
  await db.insert(calendars).values(row);
}

/** No calendar of the organisation is its default any more (before another becomes it). */
export async function clearDefault(db: Db, orgId: string): Promise<void> {
  await db.update(calendars).set({ isDefault: false }).where(eq(calendars.orgId, orgId));
}

/** A calendar changed at the version it was read at (see `server/db/versioned.ts`). */
export async function updateCalendar(db: Db, orgId: string, id: string, version: number, changes: Partial<Omit<CalendarInsert, 'orgId' | 'id' | 'version'>>) {
  return updateAtVersion(db, calendars, and(eq(calendars.orgId, orgId), eq(calendars.id, id)), version, changes);
}

/** The organisations, or the one given, with a calendar that applies statutory holidays. */
export async function orgsUsingHolidays(db: Db, orgId: string | null): Promise<{ orgId: string }[]> {
  return db
    .selectDistinct({ orgId: calendars.orgId })
    .from(calendars)
    .where(orgId ? and(eq(calendars.statutoryHolidays, true), eq(calendars.orgId, orgId)) : eq(calendars.statutoryHolidays, true));
}

// --- exceptions (an organisation's own dated days) --------------------------------------------

/** An organisation's exceptions, of all its calendars, as stored. */
export async function findExceptions(db: Db, orgId: string): Promise<ExceptionRow[]> {
  return db.select().from(calendarExceptions).where(eq(calendarExceptions.orgId, orgId));
}

/** An organisation's exceptions, of all its calendars, by day. */
export async function findExceptionsByDay(db: Db, orgId: string): Promise<ExceptionRow[]> {
  return db.select().from(calendarExceptions).where(eq(calendarExceptions.orgId, orgId)).orderBy(asc(calendarExceptions.on));
}

export async function insertException(db: Db, row: ExceptionInsert): Promise<void> {
  await db.insert(calendarExceptions).values(row);
}

/** Removes one of a calendar's exceptions; answers whether there was one. */
export async function deleteException(db: Db, orgId: string, calendarId: string, id: string): Promise<boolean> {
  const removed = await db
    .delete(calendarExceptions)
    .where(and(eq(calendarExceptions.orgId, orgId), eq(calendarExceptions.calendarId, calendarId), eq(calendarExceptions.id, id)))
    .returning({ id: calendarExceptions.id });
  return removed.length > 0;
}

// --- holiday years ----------------------------------------------------------------------------

export async function findHolidayYears(db: Db, orgId: string): Promise<HolidayYearRow[]> {
  return db.select().from(holidayYears).where(eq(holidayYears.orgId, orgId));
}

/** Every organisation's own years, by number: which years each has. */
export async function findAllHolidayYearNumbers(db: Db): Promise<{ orgId: string; year: number }[]> {
  return db.select({ orgId: holidayYears.orgId, year: holidayYears.year }).from(holidayYears);
}

/** Adds an organisation's year, or replaces the one of the same number. */
export async function upsertHolidayYear(db: Db, row: HolidayYearRow): Promise<void> {
  await db
    .insert(holidayYears)
    .values(row)
    .onConflictDoUpdate({
      target: [holidayYears.orgId, holidayYears.year],
      set: { source: row.source, holidays: row.holidays, workdays: row.workdays, updatedAt: row.updatedAt },
    });
}

/** Removes an organisation's own year; answers whether there was one. */
export async function deleteHolidayYear(db: Db, orgId: string, year: number): Promise<boolean> {
  const removed = await db.delete(holidayYears).where(and(eq(holidayYears.orgId, orgId), eq(holidayYears.year, year))).returning({ year: holidayYears.year });
  return removed.length > 0;
}
