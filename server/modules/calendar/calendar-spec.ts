import type { HolidayYear } from '../../../shared/calendar/china-holidays';
import type { CalendarSpec, DayOverride, Window } from './business-time';

/** What an organisation stores about one calendar (see calendar.schema.ts). */
export interface CalendarDefinition {
  timeZone: string;
  /** `24x7`, or windows per ISO weekday. */
  weekly: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Window[]>> | '24x7';
  /** Apply China's statutory holidays and make-up days. */
  statutoryHolidays: boolean;
  /** The organisation's own dated days; they win over statutory ones. */
  exceptions: { on: string; kind: 'closed' | 'open'; windows?: Window[]; name?: string }[];
}

const ALL_DAY: Window[] = [{ start: 0, end: 1440 }];

function expand(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/**
 * Turns a stored calendar and the holiday years into the engine's spec. A make-up working day
 * opens with the hours of an ordinary working day: the first of Monday–Friday that has hours.
 */
export function buildCalendarSpec(definition: CalendarDefinition, holidayYears: HolidayYear[]): CalendarSpec {
  const weekly = definition.weekly === '24x7' ? { 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY, 7: ALL_DAY } : definition.weekly;
  const overrides = new Map<string, DayOverride>();
  const around24x7 = definition.weekly === '24x7';
  if (definition.statutoryHolidays && !around24x7) {
    const workdayWindows = ([1, 2, 3, 4, 5] as const).map((d) => weekly[d]).find((w) => w && w.length) ?? [];
    for (const year of holidayYears) {
      for (const h of year.holidays) for (const day of expand(h.from, h.to)) overrides.set(day, { kind: 'closed', name: h.name });
      for (const w of year.workdays) overrides.set(w.on, { kind: 'open', windows: workdayWindows, name: w.name });
    }
  }
  for (const e of definition.exceptions) {
    overrides.set(e.on, e.kind === 'closed' ? { kind: 'closed', ...(e.name ? { name: e.name } : {}) } : { kind: 'open', windows: e.windows ?? [], ...(e.name ? { name: e.name } : {}) });
  }
  // A holiday notice can close 31 December of the year before (2023's 元旦), so a year is known
  // by the notice that names it.
  const knownYears = definition.statutoryHolidays && !around24x7 ? new Set(holidayYears.map((y) => y.year)) : ('all' as const);
  return { timeZone: definition.timeZone, weekly, overrides, knownYears };
}
