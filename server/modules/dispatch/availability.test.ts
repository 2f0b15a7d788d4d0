import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { availableWindows, covers, isAvailableAt, normalise, subtract, totalMinutes } from './availability';

const at = (iso: string) => new Date(iso).getTime();
const iv = (a: string, b: string) => ({ start: at(a), end: at(b) });

describe('availability', () => {
  it('an approved leave takes its time out of the calendar; a pending one does not', () => {
    const open = [iv('2026-11-27T01:00:00Z', '2026-11-27T04:00:00Z'), iv('2026-11-27T05:00:00Z', '2026-11-27T10:00:00Z')];
    const leave = { ...iv('2026-11-27T03:00:00Z', '2026-11-27T06:00:00Z'), approved: true };
    const windows = availableWindows(open, [leave, { ...iv('2026-11-27T08:00:00Z', '2026-11-27T09:00:00Z'), approved: false }]);
    expect(windows).toEqual([iv('2026-11-27T01:00:00Z', '2026-11-27T03:00:00Z'), iv('2026-11-27T06:00:00Z', '2026-11-27T10:00:00Z')]);
    expect(isAvailableAt(windows, at('2026-11-27T03:30:00Z'))).toBe(false);
    expect(isAvailableAt(windows, at('2026-11-27T08:30:00Z'))).toBe(true);
    expect(totalMinutes(windows)).toBe(6 * 60);
    expect(covers(windows, iv('2026-11-27T06:00:00Z', '2026-11-27T08:00:00Z'))).toBe(true);
    expect(covers(windows, iv('2026-11-27T02:00:00Z', '2026-11-27T07:00:00Z'))).toBe(false);
  });

  it('subtracting is exact: what is left never overlaps a hole and never leaves the original', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 200 })).map(([s, d]) => ({ start: s, end: s + d }));
    fc.assert(
      fc.property(fc.array(interval, { maxLength: 6 }), fc.array(interval, { maxLength: 6 }), (from, holes) => {
        const rest = subtract(from, holes);
        for (let x = 0; x < 1200; x += 7) {
          const inFrom = from.some((i) => i.start <= x && x < i.end);
          const inHole = holes.some((i) => i.start <= x && x < i.end);
          expect(isAvailableAt(rest, x)).toBe(inFrom && !inHole);
        }
        expect(normalise(rest)).toEqual(rest);
      }),
    );
  });
});
