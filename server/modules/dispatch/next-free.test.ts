import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayBounds } from '../../../shared/time';
import { MIN_FREE_MINUTES, nextFreeStart, type PlanDay } from './next-free';

const at = (iso: string) => new Date(iso).getTime();
const TZ = 'Asia/Shanghai';
/** A Shanghai working day 09:00–18:00 with the given visits. */
const workday = (day: string, busy: [string, string][] = [], open: [string, string] = ['09:00', '18:00']): PlanDay => ({
  bounds: dayBounds(day, TZ),
  open: [{ start: at(`${day}T${open[0]}:00+08:00`), end: at(`${day}T${open[1]}:00+08:00`) }],
  busy: busy.map(([s, e]) => ({ start: at(`${day}T${s}:00+08:00`), end: at(`${day}T${e}:00+08:00`) })),
});
const shanghai = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('a new visit’s default start', () => {
  it('is now rounded up to the next quarter hour when the technician is free, not 09:00', () => {
    const result = nextFreeStart({ now: at('2026-11-27T13:07:00+08:00'), emergency: false, days: [workday('2026-11-27')] });
    expect(result).toEqual({ start: at('2026-11-27T13:15:00+08:00'), reason: 'free-now' });
  });

  it('stays on a quarter hour that is already one', () => {
    expect(shanghai(nextFreeStart({ now: at('2026-11-27T13:15:00+08:00'), emergency: false, days: [workday('2026-11-27')] }).start)).toBe('2026-11-27 13:15');
  });

  it('comes after the technician’s last visit that day, rounded up to the quarter hour', () => {
    const day = workday('2026-11-27', [
      ['10:00', '12:00'],
      ['14:00', '15:50'],
    ]);
    const result = nextFreeStart({ now: at('2026-11-27T08:30:00+08:00'), emergency: false, days: [day] });
    expect(shanghai(result.start)).toBe('2026-11-27 16:00');
    expect(result.reason).toBe('after-visit');
  });

  it('ignores visits already over by now', () => {
    const day = workday('2026-11-27', [['09:00', '11:00']]);
    expect(nextFreeStart({ now: at('2026-11-27T11:40:00+08:00'), emergency: false, days: [day] })).toMatchObject({ reason: 'free-now', start: at('2026-11-27T11:45:00+08:00') });
  });

  it('waits for the working calendar to open in the morning', () => {
    const result = nextFreeStart({ now: at('2026-11-27T07:10:00+08:00'), emergency: false, days: [workday('2026-11-27')] });
    expect(result).toEqual({ start: at('2026-11-27T09:00:00+08:00'), reason: 'opens' });
  });

  it('moves to the next working day’s first free time when the day has no room left', () => {
    const days = [workday('2026-11-27', [['15:00', '17:45']]), { ...workday('2026-11-28'), open: [] }, workday('2026-11-29', [['09:00', '10:30']])];
    const result = nextFreeStart({ now: at('2026-11-27T14:00:00+08:00'), emergency: false, days });
    expect(shanghai(result.start)).toBe('2026-11-29 10:30');
    expect(result.reason).toBe('next-day');
  });

  it('on a later day starts at that day’s opening, after its visits', () => {
    const result = nextFreeStart({ now: at('2026-11-27T14:00:00+08:00'), emergency: false, days: [workday('2026-11-30', [['09:00', '11:00']])] });
    expect(shanghai(result.start)).toBe('2026-11-30 11:00');
  });

  it('H4: an emergency ticket starts now, to the minute, even outside the technician’s free time', () => {
    const day = workday('2026-11-27', [['13:00', '16:00']]);
    expect(nextFreeStart({ now: at('2026-11-27T13:07:42+08:00'), emergency: true, days: [day] })).toEqual({ start: at('2026-11-27T13:07:00+08:00'), reason: 'emergency' });
  });

  it('an emergency planned for a later day is not "now": it takes the next free time that day', () => {
    const result = nextFreeStart({ now: at('2026-11-27T13:07:00+08:00'), emergency: true, days: [workday('2026-11-28')] });
    expect(result).toEqual({ start: at('2026-11-28T09:00:00+08:00'), reason: 'opens' });
  });

  it('with no open time anywhere, falls back to now rounded up', () => {
    const result = nextFreeStart({ now: at('2026-11-27T13:01:00+08:00'), emergency: false, days: [{ ...workday('2026-11-27'), open: [] }] });
    expect(result).toEqual({ start: at('2026-11-27T13:15:00+08:00'), reason: 'no-open-time' });
  });

  it('never starts in the past, inside a visit, or off the quarter hour; and leaves room before closing', () => {
    const quarter = fc.integer({ min: 0, max: 95 }).map((q) => q * 15);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.array(fc.tuple(quarter, fc.integer({ min: 1, max: 16 })), { maxLength: 4 }), (nowMinute, visits) => {
        const base = dayBounds('2026-11-27', TZ);
        const now = base.start + nowMinute * 60_000;
        const day: PlanDay = {
          ...workday('2026-11-27'),
          busy: visits.map(([s, q]) => ({ start: base.start + s * 60_000, end: base.start + (s + q * 15) * 60_000 })),
        };
        const next = workday('2026-11-28');
        const result = nextFreeStart({ now, emergency: false, days: [day, next] });
        expect(result.start).toBeGreaterThanOrEqual(now);
        expect((result.start - base.start) % (15 * 60_000)).toBe(0);
        for (const b of day.busy) expect(result.start >= b.end || result.start + 60_000 <= b.start || b.end <= now).toBe(true);
        const window = [...day.open, ...next.open].find((w) => result.start >= w.start && result.start < w.end)!;
        expect(window.end - result.start).toBeGreaterThanOrEqual(MIN_FREE_MINUTES * 60_000);
      }),
    );
  });
});

describe('a new visit’s default start fits the visit', () => {
  const lunch: PlanDay = {
    ...workday('2026-11-27', [['09:30', '11:30']]),
    open: [
      { start: at('2026-11-27T09:00:00+08:00'), end: at('2026-11-27T12:00:00+08:00') },
      { start: at('2026-11-27T13:00:00+08:00'), end: at('2026-11-27T18:00:00+08:00') },
    ],
  };
  it('is after the lunch break when a two-hour visit would run into it', () => {
    expect(nextFreeStart({ now: at('2026-11-27T09:40:00+08:00'), emergency: false, days: [lunch], minutes: 120 })).toEqual({ start: at('2026-11-27T13:00:00+08:00'), reason: 'fits' });
  });
  it('is before it when a short visit fits', () => {
    expect(shanghai(nextFreeStart({ now: at('2026-11-27T09:40:00+08:00'), emergency: false, days: [lunch], minutes: 30 }).start)).toBe('2026-11-27 11:30');
  });
  it('takes the first gap of at least half an hour when the visit fits nowhere that day', () => {
    expect(shanghai(nextFreeStart({ now: at('2026-11-27T09:40:00+08:00'), emergency: false, days: [lunch], minutes: 600 }).start)).toBe('2026-11-27 11:30');
  });
});
