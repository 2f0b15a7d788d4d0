/**
 * Slot times: wall-clock days and times in an organisation's zone to instants, and weekly
 * templates to dated slots. Pure; no clock of its own.
 */

const DAY_MS = 86_400_000;
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
function offsetAt(timeZone: string, utcMs: number): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const asUtc = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  return asUtc - (utcMs - (utcMs % 1000));
}

/**
 * The instant of a wall-clock time on a day in a zone (`2026-11-28`, `09:00`, Asia/Shanghai →
 * 01:00 UTC). `24:00` is midnight at the end of the day. A time skipped by a daylight-saving jump
 * lands after the jump; a time that happens twice is the first.
 */
export function localInstant(day: string, time: string, timeZone: string): Date {
  const minutes = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000;
  const candidates = [wall - offsetAt(timeZone, wall - DAY_MS / 2), wall - offsetAt(timeZone, wall + DAY_MS / 2)];
  const exact = candidates.filter((c) => c + offsetAt(timeZone, c) === wall).sort((a, b) => a - b);
  return new Date(exact[0] ?? candidates[0]!);
}

/** The last second of an instant's local day: "the same day" as a deadline (H6). */
export function endOfLocalDay(instant: Date, timeZone: string, localDay: string): Date {
  const next = new Date(Date.parse(`${localDay}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
  const end = localInstant(next, '00:00', timeZone).getTime() - 1000;
  return new Date(Math.max(end, instant.getTime()));
}

/** ISO weekday of a calendar day, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): number {
  return ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

export interface TemplateLike {
  weekdays: number[];
  windows: { start: string; end: string; capacity: number }[];
}

export interface PlannedSlot {
  day: string;
  start: string;
  end: string;
  capacity: number;
  startsAt: Date;
  endsAt: Date;
}

/** The slots a weekly template makes on the days from `from` to `to`, both included. */
export function expandTemplate(template: TemplateLike, from: string, to: string, timeZone: string): PlannedSlot[] {
  const slots: PlannedSlot[] = [];
  const weekdays = new Set(template.weekdays);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    if (!weekdays.has(isoWeekday(day))) continue;
    for (const w of template.windows) {
      slots.push({ day, start: w.start, end: w.end, capacity: w.capacity, startsAt: localInstant(day, w.start, timeZone), endsAt: localInstant(day, w.end, timeZone) });
    }
  }
  return slots;
}
