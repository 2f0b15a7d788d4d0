import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endOfLocalDay, expandTemplate, isoWeekday, localInstant } from './slot-time';

describe('slot times', () => {
  it('reads a wall-clock time in the organisation’s zone', () => {
    expect(localInstant('2026-11-30', '09:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(localInstant('2026-11-30', '24:00', 'Asia/Shanghai').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(localInstant('2026-07-01', '09:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it('moves a time skipped by a daylight-saving jump past the jump, and takes the first of a repeated one', () => {
    // 8 March 2026: New York jumps from 02:00 to 03:00; 1 November: 01:00–02:00 happens twice.
    expect(localInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localInstant('2026-11-01', '01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('ends "the same day" at the last second of the local day', () => {
    // 23:30 in Shanghai is 15:30 UTC; the day ends at 15:59:59 UTC.
    expect(endOfLocalDay(new Date('2026-11-27T15:30:00Z'), 'Asia/Shanghai', '2026-11-27').toISOString()).toBe('2026-11-27T15:59:59.000Z');
  });

  it('expands weekdays 09:00–11:00 and 11:00–13:00 into two slots a weekday', () => {
    const slots = expandTemplate(
      { weekdays: [1, 2, 3, 4, 5], windows: [{ start: '09:00', end: '11:00', capacity: 4 }, { start: '11:00', end: '13:00', capacity: 4 }] },
      '2026-11-28', // Saturday
      '2026-12-06', // Sunday a week later
      'Asia/Shanghai',
    );
    expect(slots).toHaveLength(10);
    expect(new Set(slots.map((s) => s.day))).toEqual(new Set(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']));
    expect(slots[0]).toMatchObject({ day: '2026-11-30', start: '09:00', end: '11:00', capacity: 4 });
    expect(slots[0]!.startsAt.toISOString()).toBe('2026-11-30T01:00:00.000Z');
  });

  it('makes only slots on the template’s weekdays, each starting before it ends', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 30 }), fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }), (offset, length, weekdays) => {
        const from = new Date(Date.UTC(2026, 0, 1 + offset)).toISOString().slice(0, 10);
        const to = new Date(Date.UTC(2026, 0, 1 + offset + length)).toISOString().slice(0, 10);
        const slots = expandTemplate({ weekdays, windows: [{ start: '08:30', end: '10:00', capacity: 2 }] }, from, to, 'Asia/Shanghai');
        for (const s of slots) {
          expect(weekdays).toContain(isoWeekday(s.day));
          expect(s.startsAt.getTime()).toBeLessThan(s.endsAt.getTime());
        }
        const days = length + 1;
        expect(slots.length).toBeLessThanOrEqual(days);
      }),
      { numRuns: 50 },
    );
  });
});
