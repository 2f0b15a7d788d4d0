/**
 * When a technician can work: their calendar's open time minus their approved leave. Pure
 * interval arithmetic on UTC milliseconds; no clock, no I/O.
 */

/** Half-open [start, end) in UTC milliseconds. */
export interface Interval {
  start: number;
  end: number;
}

const MINUTE_MS = 60_000;

/** Sorted, merged, empty ones dropped. */
export function normalise(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ ...i });
  }
  return out;
}

/** What is left of `from` once every interval of `holes` is cut out. */
export function subtract(from: readonly Interval[], holes: readonly Interval[]): Interval[] {
  let rest = normalise(from);
  for (const hole of normalise(holes)) {
    const next: Interval[] = [];
    for (const i of rest) {
      if (hole.end <= i.start || hole.start >= i.end) {
        next.push(i);
        continue;
      }
      if (hole.start > i.start) next.push({ start: i.start, end: hole.start });
      if (hole.end < i.end) next.push({ start: hole.end, end: i.end });
    }
    rest = next;
  }
  return rest;
}

export function clip(intervals: readonly Interval[], from: number, to: number): Interval[] {
  return normalise(intervals.map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) })));
}

export const overlaps = (a: Interval, b: Interval) => a.start < b.end && b.start < a.end;

/** True when the whole window lies inside one of the intervals. */
export function covers(intervals: readonly Interval[], window: Interval): boolean {
  return normalise(intervals).some((i) => i.start <= window.start && i.end >= window.end);
}

export function isAvailableAt(available: readonly Interval[], at: number): boolean {
  return available.some((i) => i.start <= at && at < i.end);
}

export function totalMinutes(intervals: readonly Interval[]): number {
  return Math.round(normalise(intervals).reduce((sum, i) => sum + (i.end - i.start), 0) / MINUTE_MS);
}

/**
 * A technician is available when the calendar is open and no approved leave covers the time.
 * A leave still waiting for approval does not take the time away: it is shown, not assumed.
 */
export function availableWindows(open: readonly Interval[], leaves: readonly (Interval & { approved: boolean })[]): Interval[] {
  return subtract(
    open,
    leaves.filter((l) => l.approved),
  );
}

