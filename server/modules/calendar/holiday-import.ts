import type { HolidayYear } from '../../../shared/calendar/china-holidays';
import { addDays, isIsoDay } from '../../../shared/time';

/**
 * Reads holiday years from what administrators have at hand: an ICS feed (the common Chinese
 * holiday calendars mark make-up days with 班), or a table with one row per day:
 * `date, type, name` where type is 休 / holiday or 班 / workday. Pure: bytes in, years out.
 */
export interface ParsedDay {
  on: string;
  kind: 'holiday' | 'workday';
  name: string;
}

export class ImportError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const WORKDAY = /班|补班|上班|workday|working/i;
const HOLIDAY = /休|假|holiday|off/i;

function kindOf(text: string): 'holiday' | 'workday' | null {
  if (WORKDAY.test(text)) return 'workday';
  if (HOLIDAY.test(text)) return 'holiday';
  return null;
}

/** Folded ICS lines unfolded (RFC 5545 §3.1). */
function unfold(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').replace(/\n[ \t]/g, '').split(/\r?\n/);
}

const icsDay = (v: string) => `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}`;

export function parseIcs(text: string): ParsedDay[] {
  const days: ParsedDay[] = [];
  let event: Record<string, string> | null = null;
  unfold(text).forEach((line, index) => {
    if (line === 'BEGIN:VEVENT') event = {};
    else if (line === 'END:VEVENT' && event) {
      const start = event.DTSTART?.match(/(\d{8})/)?.[1];
      const end = event.DTEND?.match(/(\d{8})/)?.[1];
      const summary = event.SUMMARY ?? '';
      if (!start) throw new ImportError(index + 1, 'an event without DTSTART');
      const kind = kindOf(summary) ?? 'holiday';
      // DTEND of an all-day event is exclusive.
      const last = end ? addDays(icsDay(end), -1) : icsDay(start);
      const name = summary.replace(/[（(]?(补?班|休|放假)[)）]?/g, '').trim() || summary;
      for (let d = icsDay(start); d <= last; d = addDays(d, 1)) days.push({ on: d, kind, name });
      event = null;
    } else if (event) {
      const colon = line.indexOf(':');
      if (colon > 0) event[line.slice(0, colon).split(';')[0]!.toUpperCase()] = line.slice(colon + 1).trim();
    }
  });
  return days;
}

/** Rows of `date, type, name`; a header row is skipped. Dates as 2026-10-01, 2026/10/01 or 20261001. */
export function parseRows(rows: unknown[][]): ParsedDay[] {
  const days: ParsedDay[] = [];
  rows.forEach((row, index) => {
    const cells = row.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : String(c ?? '').trim()));
    if (cells.every((c) => c === '')) return;
    const raw = cells[0] ?? '';
    const digits = raw.replace(/[^\d]/g, '');
    const on = digits.length === 8 ? `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6, 8)}` : raw;
    if (!isIsoDay(on)) {
      if (index === 0) return; // a header
      throw new ImportError(index + 1, `not a date: ${raw}`);
    }
    const kind = kindOf(cells[1] ?? '');
    if (!kind) throw new ImportError(index + 1, `type must be 休/holiday or 班/workday: ${cells[1] ?? ''}`);
    days.push({ on, kind, name: cells[2] || (kind === 'holiday' ? '节假日' : '调休上班') });
  });
  return days;
}

export function parseCsv(text: string): ParsedDay[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.split(/[,\t;]/));
  return parseRows(rows);
}

/** Groups days into years; consecutive holidays of one name become one range. */
export function toYears(days: ParsedDay[], source: string): HolidayYear[] {
  const byYear = new Map<number, ParsedDay[]>();
  for (const d of [...days].sort((a, b) => a.on.localeCompare(b.on))) {
    // 31 December can belong to next year's New Year holiday; a notice names it with its year.
    const year = d.on.endsWith('-12-31') && d.kind === 'holiday' && /元旦|new year/i.test(d.name) ? Number(d.on.slice(0, 4)) + 1 : Number(d.on.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), d]);
  }
  return [...byYear.entries()].map(([year, list]) => {
    const holidays: HolidayYear['holidays'] = [];
    for (const d of list.filter((x) => x.kind === 'holiday')) {
      const last = holidays.at(-1);
      if (last && last.name === d.name && addDays(last.to, 1) === d.on) last.to = d.on;
      else holidays.push({ from: d.on, to: d.on, name: d.name });
    }
    const workdays = list.filter((x) => x.kind === 'workday').map((d) => ({ on: d.on, name: d.name }));
    return { year, source, holidays, workdays };
  });
}
