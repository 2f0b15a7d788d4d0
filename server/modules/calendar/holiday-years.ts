import ExcelJS from 'exceljs';
import { CHINA_HOLIDAYS } from '../../../shared/calendar/china-holidays';
import type { HolidayYearBody } from '../../../shared/contracts/sla';
import { localDate } from '../../../shared/time';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../identity';
import { yearsOf } from './business-calendars';
import type { CalendarDeps } from './calendar.deps';
import * as repo from './calendar.repository';
import { ImportError, parseCsv, parseIcs, parseRows, toYears, type ParsedDay } from './holiday-import';

/* Statutory holiday years: the shipped ones, and those an organisation adds, imports or removes. */

export async function listYears(deps: CalendarDeps, actor: Actor) {
  return yearsOf(deps.db, actor.orgId);
}

/** Adds a year or replaces the one of the same number; the clocks are measured again. */
export async function putYear(deps: CalendarDeps, actor: Actor, body: HolidayYearBody) {
  await repo.upsertHolidayYear(deps.db, { orgId: actor.orgId, year: body.year, source: body.source, holidays: body.holidays, workdays: body.workdays, updatedAt: deps.clock() });
  await deps.changed(actor.orgId, 'holidays');
  return (await yearsOf(deps.db, actor.orgId)).find((y) => y.year === body.year)!;
}

/** Removes the organisation's own year: the shipped one, if any, applies again. */
export async function deleteYear(deps: CalendarDeps, actor: Actor, year: number) {
  if (!(await repo.deleteHolidayYear(deps.db, actor.orgId, year))) throw notFound();
  await deps.changed(actor.orgId, 'holidays');
}

/** Imports years from an ICS, CSV or XLSX file; every year in it replaces that year. */
export async function importYears(deps: CalendarDeps, actor: Actor, file: { bytes: Buffer; fileName: string; contentType: string }, source: string) {
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
    await repo.upsertHolidayYear(deps.db, { orgId: actor.orgId, year: y.year, source: y.source, holidays: y.holidays, workdays: y.workdays, updatedAt: deps.clock() });
  }
  await deps.changed(actor.orgId, 'holidays');
  return { years: years.map((y) => y.year) };
}

/**
 * Years without holiday data that matter now: this year and next, for organisations whose
 * calendars apply statutory holidays. Never silently plain weekdays.
 */
export async function missingYears(deps: CalendarDeps, orgId: string | null): Promise<number[]> {
  const now = deps.clock();
  const year = Number(localDate(now, 'Asia/Shanghai').slice(0, 4));
  const wanted = [year, year + 1];
  const shipped = new Set(CHINA_HOLIDAYS.map((y) => y.year));
  const usingHolidays = await repo.orgsUsingHolidays(deps.db, orgId);
  if (!usingHolidays.length) return [];
  const own = await repo.findAllHolidayYearNumbers(deps.db);
  return wanted.filter((y) => !shipped.has(y) && usingHolidays.some((o) => !own.some((r) => r.orgId === o.orgId && r.year === y)));
}
