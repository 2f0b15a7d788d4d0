import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoWeekday } from '../../../shared/time';
import { expandTemplate } from './slot-time';

describe('slot times', () => {
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
