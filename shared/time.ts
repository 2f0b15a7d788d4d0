/**
 * Calendar-day helpers. Instants are `Date` (UTC); calendar days are ISO strings
 * (`2026-11-27`) and always belong to a time zone, passed in, never assumed.
 */

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day an instant falls on in a time zone (`Asia/Shanghai` → `2026-11-27`). */
export function localDate(instant: Date | number, timeZone: string): string {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(value: string): boolean {
  const m = ISO_DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.toISOString().slice(0, 10) === value;
}

/**
 * Adds calendar months to a day; a day past the end of the target month clamps to its last
 * day (31 January + 1 month = 28 or 29 February), as contracts count months.
 */
export function addMonths(day: string, months: number): string {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not an ISO day: ${day}`);
  const year = +m[1]!;
  const month = +m[2]! - 1 + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const d = new Date(Date.UTC(targetYear, targetMonth, Math.min(+m[3]!, lastDay)));
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const m = ISO_DAY.exec(day);
  if (!m) throw new RangeError(`not an ISO day: ${day}`);
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]! + days)).toISOString().slice(0, 10);
}

/** `2026-11-27` → `20261127`, for readable numbers. */
export function compactDay(day: string): string {
  return day.replaceAll('-', '');
}

// --- wall-clock time in a zone ---------------------------------------------------------------
//
// One set of zone arithmetic for the whole system (calendars, slots, the board, the demo), with
// one rule where a zone has daylight-saving time: a wall-clock time that does not exist (02:30
// on the night clocks jump from 02:00 to 03:00) moves forward by the gap (03:30), as java.time
// does; a time that happens twice (01:30 on the night clocks fall back) is the first of the two.
// China has no daylight-saving time; the rule matters for organisations elsewhere.

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const partFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partFormatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffset(timeZone: string, utcMs: number): number {
  const parts = partsFormatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The wall-clock minute an instant falls on in a time zone (`2026-11-27 09:30`), as a spreadsheet shows it. */
export function localDateTime(instant: Date | number, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  // An export formats 100,000 instants: a zone's offset only changes on a quarter hour, so it is
  // looked up once per quarter hour rather than once per instant.
  const key = `${timeZone}|${Math.floor(ms / 900_000)}`;
  let offset = quarterOffsets.get(key);
  if (offset === undefined) {
    if (quarterOffsets.size > 50_000) quarterOffsets.clear();
    offset = zoneOffset(timeZone, Math.floor(ms / 900_000) * 900_000);
    quarterOffsets.set(key, offset);
  }
  return new Date(ms + offset).toISOString().slice(0, 16).replace('T', ' ');
}
const quarterOffsets = new Map<string, number>();

/** `09:00` → 540; `24:00` → 1440 (midnight at the end of the day). */
export function parseClock(value: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) throw new RangeError(`not a time of day: ${value}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || minutes > 1440) throw new RangeError(`not a time of day: ${value}`);
  return minutes;
}

/** Minutes after local midnight as `HH:mm` (540 → `09:00`); fractions round to the minute. */
export function minutesToClock(minutes: number): string {
  const whole = Math.round(minutes);
  return `${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

/**
 * The instant (UTC ms) a local wall-clock time of a day happens in a zone: `2026-11-27` at
 * 07:00 (420 minutes, or `'07:00'`) in Shanghai is 23:00 UTC the day before. Minutes may run to
 * 1440 and beyond (the next day's midnight and after). Gaps and overlaps follow the rule above.
 */
export function localInstant(day: string, time: number | string, timeZone: string): number {
  const minutes = typeof time === 'number' ? time : parseClock(time);
  const wall = Date.parse(`${day}T00:00:00Z`) + minutes * MINUTE_MS;
  const guesses = [
    wall - zoneOffset(timeZone, wall - zoneOffset(timeZone, wall)),
    wall - zoneOffset(timeZone, wall - DAY_MS / 2),
    wall - zoneOffset(timeZone, wall + DAY_MS / 2),
  ];
  const exact = guesses.filter((g) => g + zoneOffset(timeZone, g) === wall).sort((a, b) => a - b);
  if (exact.length) return exact[0]!;
  // A gap: read the wall time with the offset from before the jump, which lands after it.
  return wall - zoneOffset(timeZone, wall - DAY_MS / 2);
}

/** A local day as the instants of its midnight and the next one (23 or 25 hours on a DST day). */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  return { start: localInstant(day, 0, timeZone), end: localInstant(addDays(day, 1), 0, timeZone) };
}

/** The last second of a local day, never before `instant`: "the same day" as a deadline (H6). */
export function endOfLocalDay(instant: Date, timeZone: string): Date {
  const end = dayBounds(localDate(instant, timeZone), timeZone).end - 1000;
  return new Date(Math.max(end, instant.getTime()));
}

/** ISO weekday of a calendar day, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return (((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
}
