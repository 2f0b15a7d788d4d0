import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayBounds, endOfLocalDay, isoWeekday, localDate, localDateTime, localInstant, minutesToClock, parseClock, zoneOffset } from './time';

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const at = (text: string) => Date.parse(text);
const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'America/Sao_Paulo'] as const;

/** The wall-clock minutes after local midnight of an instant, read by the runtime's own zone data. */
function wallMinutes(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(utcMs));
  return Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
}

describe('time in a zone', () => {
  it('reads a wall-clock time in the organisation’s zone', () => {
    expect(iso(localInstant('2026-11-30', '09:00', 'Asia/Shanghai'))).toBe('2026-11-30T01:00:00.000Z');
    expect(iso(localInstant('2026-11-27', 7 * 60, 'Asia/Shanghai'))).toBe('2026-11-26T23:00:00.000Z');
    expect(iso(localInstant('2026-11-30', '24:00', 'Asia/Shanghai'))).toBe('2026-11-30T16:00:00.000Z');
    expect(iso(localInstant('2026-07-01', '09:00', 'Europe/Berlin'))).toBe('2026-07-01T07:00:00.000Z');
  });

  it('writes an instant as the wall-clock minute in the zone, on either side of a daylight-saving change', () => {
    expect(localDateTime(new Date('2026-11-26T01:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-26 09:00');
    expect(localDateTime(new Date('2026-11-30T16:59:59Z'), 'Asia/Shanghai')).toBe('2026-12-01 00:59');
    // Berlin moves from 02:00 CET to 03:00 CEST at 01:00 UTC on 29 March 2026.
    expect(localDateTime(new Date('2026-03-29T00:59:00Z'), 'Europe/Berlin')).toBe('2026-03-29 01:59');
    expect(localDateTime(new Date('2026-03-29T01:00:00Z'), 'Europe/Berlin')).toBe('2026-03-29 03:00');
    expect(localDateTime(new Date('2026-03-29T01:14:00Z'), 'Europe/Berlin')).toBe('2026-03-29 03:14');
  });

  it('moves a time skipped by a daylight-saving jump forward by the gap, and takes the first of a repeated one', () => {
    // 8 March 2026: New York jumps from 02:00 to 03:00; 1 November: 01:00–02:00 happens twice.
    expect(iso(localInstant('2026-03-08', '02:30', 'America/New_York'))).toBe('2026-03-08T07:30:00.000Z');
    expect(iso(localInstant('2026-11-01', '01:30', 'America/New_York'))).toBe('2026-11-01T05:30:00.000Z');
    // 29 March 2026: 02:30 does not exist in Berlin; it is 03:30 CEST.
    expect(iso(localInstant('2026-03-29', 150, 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(zoneOffset('Europe/Berlin', at('2026-03-30T08:00:00Z'))).toBe(2 * HOUR);
  });

  it('a day in Shanghai runs from 16:00 UTC the day before; a spring-forward day in Berlin has 23 hours', () => {
    const day = dayBounds('2026-11-27', 'Asia/Shanghai');
    expect(iso(day.start)).toBe('2026-11-26T16:00:00.000Z');
    expect(iso(day.end)).toBe('2026-11-27T16:00:00.000Z');
    const berlin = dayBounds('2026-03-29', 'Europe/Berlin');
    expect((berlin.end - berlin.start) / HOUR).toBe(23);
    const fallBack = dayBounds('2026-10-25', 'Europe/Berlin');
    expect((fallBack.end - fallBack.start) / HOUR).toBe(25);
  });

  it('ends "the same day" at the last second of the local day, never before the instant', () => {
    expect(endOfLocalDay(new Date('2026-11-27T15:30:00Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-27T15:59:59.000Z');
    expect(endOfLocalDay(new Date('2026-11-27T15:59:59.500Z'), 'Asia/Shanghai').toISOString()).toBe('2026-11-27T15:59:59.500Z');
  });

  it('names weekdays and clock times', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(parseClock('09:00')).toBe(540);
    expect(parseClock('24:00')).toBe(1440);
    expect(() => parseClock('9:75')).toThrow(RangeError);
    expect(minutesToClock(540)).toBe('09:00');
    expect(minutesToClock(1439.6)).toBe('24:00');
  });

  describe('properties', () => {
    const zone = fc.constantFrom(...ZONES);
    const instant = fc.integer({ min: at('2000-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }).map((ms) => ms - (ms % 60_000));

    it('an instant’s own local day and wall time lead back to it (the first of two, where the time repeats)', () => {
      fc.assert(
        fc.property(zone, instant, (timeZone, t) => {
          const back = localInstant(localDate(t, timeZone), wallMinutes(t, timeZone), timeZone);
          expect(back).toBeLessThanOrEqual(t);
          expect(localDate(back, timeZone)).toBe(localDate(t, timeZone));
          expect(wallMinutes(back, timeZone)).toBe(wallMinutes(t, timeZone));
          // Only an overlap answers earlier, and by at most the zone's shift.
          expect(t - back).toBeLessThanOrEqual(2 * HOUR);
        }),
        { numRuns: 2000 },
      );
    });

    it('a local time always lands on its day, at the time asked or just after a gap', () => {
      fc.assert(
        fc.property(zone, instant, fc.integer({ min: 0, max: 1439 }), (timeZone, t, minutes) => {
          const day = localDate(t, timeZone);
          const landed = localInstant(day, minutes, timeZone);
          const wall = wallMinutes(landed, timeZone);
          const sameDay = localDate(landed, timeZone) === day;
          // Moved forward by a gap of at most two hours, possibly into the next day at 23:xx.
          expect(sameDay || localDate(landed, timeZone) === addDays(day, 1)).toBe(true);
          const shift = (sameDay ? wall : wall + 1440) - minutes;
          expect(shift).toBeGreaterThanOrEqual(0);
          expect(shift).toBeLessThanOrEqual(120);
        }),
        { numRuns: 2000 },
      );
    });

    it('days tile time: each day ends where the next begins, 22 to 26 hours long', () => {
      fc.assert(
        fc.property(zone, instant, (timeZone, t) => {
          const day = localDate(t, timeZone);
          const bounds = dayBounds(day, timeZone);
          expect(bounds.start).toBeLessThanOrEqual(t);
          expect(bounds.end).toBeGreaterThan(t);
          expect(dayBounds(addDays(day, 1), timeZone).start).toBe(bounds.end);
          expect(bounds.end - bounds.start).toBeGreaterThanOrEqual(22 * HOUR);
          expect(bounds.end - bounds.start).toBeLessThanOrEqual(26 * HOUR);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
