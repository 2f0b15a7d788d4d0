import { and, asc, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { CHINA_HOLIDAYS, type HolidayYear } from '../../../shared/calendar/china-holidays';
import type { CalendarBody, HolidayYearBody } from '../../../shared/contracts/sla';
import { localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../identity';
import { BusinessCalendar, type Window } from './business-time';
import { buildCalendarSpec, type CalendarDefinition } from './calendar-spec';
import { calendarExceptions, calendars, holidayYears } from './calendar.schema';
import { ImportError, parseCsv, parseIcs, parseRows, toYears, type ParsedDay } from './holiday-import';

export type CalendarRow = typeof calendars.$inferSelect;
type Weekly = CalendarDefinition['weekly'];

export interface CalendarOptions {
  db: Db;
  clock: () => Date;
}

/** Calendars or holidays changed: whatever was measured on them (SLA clocks) must be measured again. */
export type CalendarChangedListener = (orgId: string, reason: 'calendar' | 'holidays') => Promise<void>;

/** Other processes see a change within this long; this process at once. */
const CACHE_MS = 10_000;

function toView(row: CalendarRow, exceptions: (typeof calendarExceptions.$inferSelect)[] = []) {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    weekly: row.weekly as Weekly,
    statutoryHolidays: row.statutoryHolidays,
    isDefault: row.isDefault,
    team: row.team,
    region: row.region,
    version: row.version,
    exceptions: exceptions.map((e) => ({ id: e.id, on: e.on, kind: e.kind as 'closed' | 'open', windows: (e.windows as Window[] | null) ?? undefined, name: e.name ?? undefined })),
  };
}
export type CalendarView = ReturnType<typeof toView>;

export function createCalendarService(options: CalendarOptions) {
  const { db } = options;
  const cache = new Map<string, { until: number; calendars: Map<string, BusinessCalendar>; defaultId: string | null; years: HolidayYear[] }>();

  const invalidate = (orgId: string) => cache.delete(orgId);
  const changeListeners: CalendarChangedListener[] = [];

  /** The SLA module registers here: a changed calendar moves every open clock measured on it. */
  function onChanged(listener: CalendarChangedListener) {
    changeListeners.push(listener);
  }

  async function changed(orgId: string, reason: 'calendar' | 'holidays') {
    for (const listener of changeListeners) await listener(orgId, reason);
  }

  /** Shipped years, with the organisation's own years replacing those of the same number. */
  async function yearsOf(tx: Db, orgId: string): Promise<(HolidayYear & { custom: boolean })[]> {
    const own = await tx.select().from(holidayYears).where(eq(holidayYears.orgId, orgId));
    const byYear = new Map<number, HolidayYear & { custom: boolean }>(CHINA_HOLIDAYS.map((y) => [y.year, { ...y, custom: false }]));
    for (const y of own) byYear.set(y.year, { year: y.year, source: y.source, holidays: y.holidays as HolidayYear['holidays'], workdays: y.workdays as HolidayYear['workdays'], custom: true });
    return [...byYear.values()].sort((a, b) => a.year - b.year);
  }

  /** Reads through `tx` when given: on PGlite a read outside the open transaction would wait for it. */
  async function load(orgId: string, tx: Db = db) {
    const hit = cache.get(orgId);
    if (hit && hit.until > Date.now()) return hit;
    const [rows, exceptions, years] = await Promise.all([
      tx.select().from(calendars).where(eq(calendars.orgId, orgId)),
      tx.select().from(calendarExceptions).where(eq(calendarExceptions.orgId, orgId)),
      yearsOf(tx, orgId),
    ]);
    const built = new Map<string, BusinessCalendar>();
    for (const row of rows) {
      const own = exceptions.filter((e) => e.calendarId === row.id);
      built.set(
        row.id,
        new BusinessCalendar(
          buildCalendarSpec(
            {
              timeZone: row.timeZone,
              weekly: row.weekly as Weekly,
              statutoryHolidays: row.statutoryHolidays,
              exceptions: own.map((e) => ({ on: e.on, kind: e.kind as 'closed' | 'open', windows: (e.windows as Window[] | null) ?? [], name: e.name ?? '' })),
            },
            years,
          ),
        ),
      );
    }
    const entry = { until: Date.now() + CACHE_MS, calendars: built, defaultId: rows.find((r) => r.isDefault)?.id ?? rows[0]?.id ?? null, years };
    cache.set(orgId, entry);
    return entry;
  }

  /** The engine for a calendar (or the organisation's default); null when the organisation has none. */
  async function businessCalendar(orgId: string, calendarId: string | null, tx: Db = db): Promise<BusinessCalendar | null> {
    const entry = await load(orgId, tx);
    return entry.calendars.get(calendarId ?? entry.defaultId ?? '') ?? (entry.defaultId ? entry.calendars.get(entry.defaultId)! : null);
  }

  async function listCalendars(actor: Actor): Promise<CalendarView[]> {
    const rows = await db.select().from(calendars).where(eq(calendars.orgId, actor.orgId)).orderBy(sql`${calendars.isDefault} desc`, asc(calendars.name));
    const exceptions = await db.select().from(calendarExceptions).where(eq(calendarExceptions.orgId, actor.orgId)).orderBy(asc(calendarExceptions.on));
    return rows.map((r) => toView(r, exceptions.filter((e) => e.calendarId === r.id)));
  }

  async function getCalendar(actor: Actor, id: string): Promise<CalendarView> {
    const found = (await listCalendars(actor)).find((c) => c.id === id);
    if (!found) throw new AppError('NOT_FOUND');
    return found;
  }

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

  async function createCalendar(actor: Actor, body: CalendarBody, tx: Db = db): Promise<CalendarView> {
    checkWindows(body.weekly);
    const id = uuidv7();
    if (body.isDefault) await tx.update(calendars).set({ isDefault: false }).where(eq(calendars.orgId, actor.orgId));
    await tx.insert(calendars).values({
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
    invalidate(actor.orgId);
    return toView((await tx.select().from(calendars).where(and(eq(calendars.orgId, actor.orgId), eq(calendars.id, id))))[0]!);
  }

  async function updateCalendar(actor: Actor, id: string, version: number, body: CalendarBody): Promise<CalendarView> {
    checkWindows(body.weekly);
    await db.transaction(async (tx) => {
      if (body.isDefault) await tx.update(calendars).set({ isDefault: false }).where(eq(calendars.orgId, actor.orgId));
      const [row] = await tx
        .update(calendars)
        .set({
          name: body.name,
          timeZone: body.timeZone,
          weekly: body.weekly,
          statutoryHolidays: body.statutoryHolidays,
          ...(body.isDefault !== undefined ? { isDefault: body.isDefault } : {}),
          team: body.team ?? null,
          region: body.region ?? null,
          version: sql`${calendars.version} + 1`,
          updatedAt: options.clock(),
        })
        .where(and(eq(calendars.orgId, actor.orgId), eq(calendars.id, id), eq(calendars.version, version)))
        .returning();
      if (!row) {
        const [exists] = await tx.select().from(calendars).where(and(eq(calendars.orgId, actor.orgId), eq(calendars.id, id)));
        throw new AppError(exists ? 'VERSION_CONFLICT' : 'NOT_FOUND');
      }
    });
    invalidate(actor.orgId);
    await changed(actor.orgId, 'calendar');
    return getCalendar(actor, id);
  }

  async function addException(actor: Actor, calendarId: string, body: { on: string; kind: 'closed' | 'open'; windows?: Window[] | undefined; name?: string | undefined }) {
    await getCalendar(actor, calendarId);
    await db.insert(calendarExceptions).values({ orgId: actor.orgId, id: uuidv7(), calendarId, on: body.on, kind: body.kind, windows: body.windows ?? null, name: body.name ?? null });
    invalidate(actor.orgId);
    await changed(actor.orgId, 'calendar');
    return getCalendar(actor, calendarId);
  }

  async function removeException(actor: Actor, calendarId: string, exceptionId: string) {
    const removed = await db
      .delete(calendarExceptions)
      .where(and(eq(calendarExceptions.orgId, actor.orgId), eq(calendarExceptions.calendarId, calendarId), eq(calendarExceptions.id, exceptionId)))
      .returning({ id: calendarExceptions.id });
    if (!removed.length) throw new AppError('NOT_FOUND');
    invalidate(actor.orgId);
    await changed(actor.orgId, 'calendar');
    return getCalendar(actor, calendarId);
  }

  /** Each day of a month as the calendar sees it, for the month view. */
  async function monthOf(actor: Actor, calendarId: string, month: string) {
    await getCalendar(actor, calendarId);
    const cal = (await businessCalendar(actor.orgId, calendarId))!;
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

  async function listYears(actor: Actor) {
    return yearsOf(db, actor.orgId);
  }

  async function putYear(actor: Actor, body: HolidayYearBody) {
    await db
      .insert(holidayYears)
      .values({ orgId: actor.orgId, year: body.year, source: body.source, holidays: body.holidays, workdays: body.workdays, updatedAt: options.clock() })
      .onConflictDoUpdate({
        target: [holidayYears.orgId, holidayYears.year],
        set: { source: body.source, holidays: body.holidays, workdays: body.workdays, updatedAt: options.clock() },
      });
    invalidate(actor.orgId);
    await changed(actor.orgId, 'holidays');
    return (await yearsOf(db, actor.orgId)).find((y) => y.year === body.year)!;
  }

  async function deleteYear(actor: Actor, year: number) {
    const removed = await db.delete(holidayYears).where(and(eq(holidayYears.orgId, actor.orgId), eq(holidayYears.year, year))).returning({ year: holidayYears.year });
    if (!removed.length) throw new AppError('NOT_FOUND');
    invalidate(actor.orgId);
    await changed(actor.orgId, 'holidays');
  }

  /** Imports years from an ICS, CSV or XLSX file; every year in it replaces that year. */
  async function importYears(actor: Actor, file: { bytes: Buffer; fileName: string; contentType: string }, source: string) {
    let days: ParsedDay[];
    try {
      const name = file.fileName.toLowerCase();
      if (name.endsWith('.ics') || file.contentType === 'text/calendar') days = parseIcs(file.bytes.toString('utf8'));
      else if (name.endsWith('.xlsx')) {
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(file.bytes as unknown as ArrayBuffer);
        const sheet = book.worksheets[0];
        const rows: unknown[][] = [];
        sheet?.eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)));
        days = parseRows(rows);
      } else days = parseCsv(file.bytes.toString('utf8'));
    } catch (error) {
      if (error instanceof ImportError) {
        throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.importLine', params: { line: error.line, reason: error.message } });
      }
      throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.importUnreadable' });
    }
    if (!days.length) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.importEmpty' });
    const years = toYears(days, source || file.fileName);
    for (const y of years) {
      await db
        .insert(holidayYears)
        .values({ orgId: actor.orgId, year: y.year, source: y.source, holidays: y.holidays, workdays: y.workdays, updatedAt: options.clock() })
        .onConflictDoUpdate({ target: [holidayYears.orgId, holidayYears.year], set: { source: y.source, holidays: y.holidays, workdays: y.workdays, updatedAt: options.clock() } });
    }
    invalidate(actor.orgId);
    await changed(actor.orgId, 'holidays');
    return { years: years.map((y) => y.year) };
  }

  /**
   * Years without holiday data that matter now: this year and next, for organisations whose
   * calendars apply statutory holidays. Never silently plain weekdays.
   */
  async function missingYears(orgId: string | null): Promise<number[]> {
    const now = options.clock();
    const year = Number(localDate(now, 'Asia/Shanghai').slice(0, 4));
    const wanted = [year, year + 1];
    const shipped = new Set(CHINA_HOLIDAYS.map((y) => y.year));
    const usingHolidays = await db
      .selectDistinct({ orgId: calendars.orgId })
      .from(calendars)
      .where(orgId ? and(eq(calendars.statutoryHolidays, true), eq(calendars.orgId, orgId)) : eq(calendars.statutoryHolidays, true));
    if (!usingHolidays.length) return [];
    const own = await db.select({ orgId: holidayYears.orgId, year: holidayYears.year }).from(holidayYears);
    return wanted.filter((y) => !shipped.has(y) && usingHolidays.some((o) => !own.some((r) => r.orgId === o.orgId && r.year === y)));
  }

  /** A new organisation's calendars (see templates.ts). */
  async function ensureDefaults(tx: Db, actor: Actor, defaults: (CalendarBody & { key: string })[]): Promise<Record<string, string>> {
    const existing = await tx.select().from(calendars).where(eq(calendars.orgId, actor.orgId));
    if (existing.length) return {};
    const ids: Record<string, string> = {};
    for (const { key, ...body } of defaults) ids[key] = (await createCalendar(actor, body, tx)).id;
    return ids;
  }

  return {
    onChanged,
    businessCalendar,
    listCalendars,
    getCalendar,
    createCalendar,
    updateCalendar,
    addException,
    removeException,
    monthOf,
    listYears,
    putYear,
    deleteYear,
    importYears,
    missingYears,
    ensureDefaults,
    invalidate,
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
