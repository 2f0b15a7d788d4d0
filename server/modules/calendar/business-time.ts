import { addDays, isoWeekday, localDate, localInstant } from '../../../shared/time';

/**
 * Business time on a calendar: when work is open, how much open time lies between two
 * instants, and when an amount of open time starting at an instant ends. Pure and exact to
 * the millisecond; no clock of its own, no I/O.
 *
 * A calendar is a weekly pattern of local windows (09:00–12:00 and 13:00–18:00, or 24×7) in a
 * time zone, overridden by dated days: statutory holidays close a day, make-up working days
 * (调休) open one, and an organisation's own closures or openings override both. Windows are
 * local wall-clock times, so they follow daylight-saving time where a zone has it.
 */

/** Minutes after local midnight: 9:00 = 540. `end` may be 1440 (midnight at the end of the day). */
export interface Window {
  start: number;
  end: number;
}

export type DayOverride = { kind: 'closed'; name?: string } | { kind: 'open'; windows: Window[]; name?: string };

export interface CalendarSpec {
  timeZone: string;
  /** Windows per ISO weekday, 1 = Monday … 7 = Sunday; a missing or empty day is closed. */
  weekly: Partial<Record<1 | 2 | 3 | 4 | 5 | 6 | 7, Window[]>>;
  /** Dated days, `YYYY-MM-DD` in the calendar's zone, that do not follow the weekly pattern. */
  overrides: ReadonlyMap<string, DayOverride>;
  /**
   * Years whose statutory holidays are known. Days in other years follow the weekly pattern,
   * and computations that touch them say so (`unknownYears`), because a holiday may be
   * missing. Empty for calendars that ignore statutory holidays (24×7).
   */
  knownYears: ReadonlySet<number> | 'all';
}

/** Open intervals in UTC milliseconds, sorted, non-overlapping. */
type Intervals = [number, number][];


const nextDay = (day: string) => addDays(day, 1);

// --- the calendar ------------------------------------------------------------------------

export class BusinessCalendar {
  private readonly cache = new Map<string, Intervals>();
  /** Years touched by computations that had no holiday data: the caller flags them. */
  readonly unknownYearsSeen = new Set<number>();

  constructor(readonly spec: CalendarSpec) {}

  /** Local windows of a day after overrides. */
  windowsOf(day: string): Window[] {
    const override = this.spec.overrides.get(day);
    if (override) return override.kind === 'closed' ? [] : override.windows;
    const year = Number(day.slice(0, 4));
    if (this.spec.knownYears !== 'all' && !this.spec.knownYears.has(year)) this.unknownYearsSeen.add(year);
    return this.spec.weekly[isoWeekday(day)] ?? [];
  }

  isKnownYear(year: number): boolean {
    return this.spec.knownYears === 'all' || this.spec.knownYears.has(year);
  }

  /** A day's open intervals as UTC instants; adjacent windows (and a day running into the next) merge. */
  openIntervals(day: string): Intervals {
    const hit = this.cache.get(day);
    if (hit) return hit;
    const out: Intervals = [];
    for (const w of [...this.windowsOf(day)].sort((a, b) => a.start - b.start)) {
      if (w.end <= w.start) continue;
      const start = localInstant(day, w.start, this.spec.timeZone);
      const end = w.end >= 1440 ? localInstant(nextDay(day), 0, this.spec.timeZone) : localInstant(day, w.end, this.spec.timeZone);
      if (end <= start) continue;
      const last = out.at(-1);
      if (last && start <= last[1]) last[1] = Math.max(last[1], end);
      else out.push([start, end]);
    }
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(day, out);
    return out;
  }

  /** True when work is open at this instant. */
  isOpen(at: number): boolean {
    return this.openIntervals(localDate(at, this.spec.timeZone)).some(([s, e]) => at >= s && at < e);
  }

  /**
   * The instant `ms` of open time after `from`. Zero answers the first open instant at or after
   * `from`. Gives up (throws) after ten years without open time: a calendar that never opens.
   */
  add(from: number, ms: number): number {
    if (ms < 0) throw new RangeError('negative business time');
    let remaining = ms;
    let day = localDate(from, this.spec.timeZone);
    // Windows end by local midnight, so no window of an earlier day reaches `from`.
    for (let guard = 0; guard < 3700; guard++) {
      for (const [s, e] of this.openIntervals(day)) {
        // Nothing to add at a window's end stays there, as adding up to that end would: so
        // add(add(t, x), 0) is add(t, x) for every x.
        if (remaining === 0 && e === from) return from;
        if (e <= from) continue;
        const start = Math.max(s, from);
        if (start >= e) continue;
        if (remaining === 0) return start;
        if (start + remaining < e) return start + remaining;
        // Landing exactly on a window's end belongs to that window, not to the next opening.
        if (start + remaining === e) return e;
        remaining -= e - start;
        from = e;
      }
      day = nextDay(day);
    }
    throw new RangeError('the calendar has no open time within ten years');
  }

  /** Open time between two instants (0 when `to` ≤ `from`). */
  between(from: number, to: number): number {
    if (to <= from) return 0;
    let total = 0;
    let day = localDate(from, this.spec.timeZone);
    const lastDay = localDate(to, this.spec.timeZone);
    for (let guard = 0; guard < 40_000; guard++) {
      for (const [s, e] of this.openIntervals(day)) {
        const a = Math.max(s, from);
        const b = Math.min(e, to);
        if (b > a) total += b - a;
      }
      if (day === lastDay) break;
      day = nextDay(day);
    }
    return total;
  }
}
