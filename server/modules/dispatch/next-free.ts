/**
 * When a new visit should start by default: the technician's next free time. Pure: the caller
 * passes `now`, the day asked for and the days after it, each with its open windows (calendar
 * minus approved leave) and its planned visits; nothing here reads a clock.
 */
import type { NextFreeReason } from '../../../shared/dispatch';
import type { Interval } from './availability';

const MINUTE_MS = 60_000;
/** Starts fall on the board's quarter hours. */
export const START_STEP_MINUTES = 15;
/** A gap shorter than this at the end of an open window is not worth offering. */
export const MIN_FREE_MINUTES = 30;
/** The length of a new visit when none is given (the dialog's default). */
export const DEFAULT_VISIT_MINUTES = 120;

export interface PlanDay {
  /** The day's local midnight and the next one's, UTC milliseconds. */
  bounds: Interval;
  /** Open time that day, sorted (the calendar's hours minus approved leave). */
  open: Interval[];
  /** Visits that day the technician leads or goes along on. */
  busy: Interval[];
}

export interface NextFree {
  start: number;
  reason: NextFreeReason;
}

/** Up to the next quarter hour on the day's local clock (an instant already on one stays). */
export function ceilToStep(at: number, dayStart: number, stepMinutes = START_STEP_MINUTES): number {
  const step = stepMinutes * MINUTE_MS;
  return dayStart + Math.ceil((at - dayStart) / step) * step;
}

/**
 * The default start of a new visit:
 * - an emergency on the current day starts now (to the minute);
 * - otherwise after the technician's last visit that day, or now rounded up to the next quarter
 *   hour when they are free, never before the day's first open time; at the first such time
 *   where the whole visit fits in one open window (not across a lunch break), or, when it fits
 *   nowhere that day, where at least MIN_FREE_MINUTES are left;
 * - when the day has no open time left, the first open time of a following day (after that
 *   day's visits in the same way);
 * - with no open time in any of the days, now rounded up (or the day's start, for a later day).
 * `days[0]` is the day asked for; a day before `now`'s day counts as `now`'s day.
 */
export function nextFreeStart(input: { now: number; emergency: boolean; days: readonly PlanDay[]; minutes?: number }): NextFree {
  const { now, days } = input;
  const first = days[0];
  if (!first) return { start: ceilToStep(now, now), reason: 'free-now' };
  const current = now >= first.bounds.start && now < first.bounds.end;
  if (input.emergency && current) return { start: Math.floor(now / MINUTE_MS) * MINUTE_MS, reason: 'emergency' };
  const fallback = Math.max(first.bounds.start, ceilToStep(now, first.bounds.start));
  for (const [index, day] of days.entries()) {
    const earliest = Math.max(day.bounds.start, ceilToStep(now, day.bounds.start));
    const lastEnd = Math.max(Number.NEGATIVE_INFINITY, ...day.busy.filter((b) => b.end > day.bounds.start && b.start < day.bounds.end).map((b) => b.end));
    const afterVisits = lastEnd > earliest;
    const from = afterVisits ? ceilToStep(lastEnd, day.bounds.start) : earliest;
    const starts = day.open.map((window) => ({ window, start: ceilToStep(Math.max(from, window.start), day.bounds.start) }));
    const fits = (need: number) => starts.find(({ window, start }) => window.end - start >= need * MINUTE_MS);
    const found = fits(Math.max(MIN_FREE_MINUTES, input.minutes ?? DEFAULT_VISIT_MINUTES)) ?? fits(MIN_FREE_MINUTES);
    if (found) {
      const { start } = found;
      // Pushed past a break for the visit to fit, the start is neither "now" nor "after the last visit".
      const pushed = found !== starts.find(({ window }) => window.end > from);
      const reason: NextFreeReason = index > 0 ? 'next-day' : pushed ? 'fits' : afterVisits ? 'after-visit' : start > from ? 'opens' : 'free-now';
      return { start, reason };
    }
  }
  return { start: fallback, reason: 'no-open-time' };
}
