import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHINA_HOLIDAYS } from '../../../shared/calendar/china-holidays';
import { localInstant, parseClock } from '../../../shared/time';
import { BusinessCalendar } from './business-time';
import { buildCalendarSpec, type CalendarDefinition } from './calendar-spec';

const HOUR = 3_600_000;
const office = (timeZone = 'Asia/Shanghai', extra: Partial<CalendarDefinition> = {}) => {
  const day = [
    { start: parseClock('09:00'), end: parseClock('12:00') },
    { start: parseClock('13:00'), end: parseClock('18:00') },
  ];
  return new BusinessCalendar(
    buildCalendarSpec({ timeZone, weekly: { 1: day, 2: day, 3: day, 4: day, 5: day }, statutoryHolidays: true, exceptions: [], ...extra }, CHINA_HOLIDAYS),
  );
};
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('business time', () => {
  it('C1: 4 business hours from 16:30 on 30 September 2026 fall due at 11:30 on 8 October, after National Day', () => {
    const cal = office();
    // 16:30 in Shanghai is 08:30 UTC.
    const due = cal.add(at('2026-09-30T08:30:00Z'), 4 * HOUR);
    expect(iso(due)).toBe('2026-10-08T03:30:00.000Z'); // 11:30 on Thursday 8 October in Shanghai
    expect(cal.between(at('2026-09-30T08:30:00Z'), due)).toBe(4 * HOUR);
  });

  it('works the make-up Sunday 20 September and Saturday 10 October 2026, and not the holidays', () => {
    const cal = office();
    expect(cal.isOpen(at('2026-09-20T02:00:00Z'))).toBe(true); // Sunday 10:00, 调休
    expect(cal.isOpen(at('2026-10-10T02:00:00Z'))).toBe(true); // Saturday 10:00, 调休
    expect(cal.isOpen(at('2026-10-05T02:00:00Z'))).toBe(false); // Monday in the National Day week
    expect(cal.isOpen(at('2026-10-11T02:00:00Z'))).toBe(false); // an ordinary Sunday
    expect(cal.isOpen(at('2026-09-25T02:00:00Z'))).toBe(false); // 中秋节, a Friday
  });

  it('lands in open time only, never in the lunch break or at night', () => {
    const cal = office();
    // 11:00 + 1.5 h = 13:30 after lunch, not 12:30.
    expect(iso(cal.add(at('2026-11-27T03:00:00Z'), 1.5 * HOUR))).toBe('2026-11-27T05:30:00.000Z');
    // Friday 17:00 + 2 h = Monday 10:00.
    expect(iso(cal.add(at('2026-11-27T09:00:00Z'), 2 * HOUR))).toBe('2026-11-30T02:00:00.000Z');
    // Reported at night: the clock starts at the next opening.
    expect(iso(cal.add(at('2026-11-26T14:00:00Z'), 0))).toBe('2026-11-27T01:00:00.000Z');
  });

  it('an organisation’s own closure and opening win over the statutory calendar', () => {
    const cal = office('Asia/Shanghai', {
      exceptions: [
        { on: '2026-12-01', kind: 'closed', name: '年度盘点' },
        { on: '2026-10-03', kind: 'open', windows: [{ start: 540, end: 720 }], name: '国庆值班' },
      ],
    });
    expect(cal.isOpen(at('2026-12-01T02:00:00Z'))).toBe(false);
    expect(cal.isOpen(at('2026-10-03T02:00:00Z'))).toBe(true);
    expect(cal.isOpen(at('2026-10-03T06:00:00Z'))).toBe(false);
  });

  it('knows which years have no holiday data', () => {
    const cal = office();
    cal.add(at('2027-01-04T01:00:00Z'), 10 * HOUR);
    expect(cal.isKnownYear(2026)).toBe(true);
    expect(cal.isKnownYear(2027)).toBe(false);
    expect([...cal.unknownYearsSeen]).toEqual([2027]);
  });

  it('a 24×7 calendar is open around the clock, holidays or not', () => {
    const cal = new BusinessCalendar(buildCalendarSpec({ timeZone: 'Asia/Shanghai', weekly: '24x7', statutoryHolidays: true, exceptions: [] }, CHINA_HOLIDAYS));
    expect(iso(cal.add(at('2026-10-01T00:00:00Z'), 24 * HOUR))).toBe('2026-10-02T00:00:00.000Z');
    expect(cal.isKnownYear(2099)).toBe(true);
  });

  it('follows daylight saving time in zones that have it', () => {
    const berlin = new BusinessCalendar(
      buildCalendarSpec({ timeZone: 'Europe/Berlin', weekly: { 1: [{ start: 540, end: 1020 }], 2: [{ start: 540, end: 1020 }], 3: [{ start: 540, end: 1020 }], 4: [{ start: 540, end: 1020 }], 5: [{ start: 540, end: 1020 }] }, statutoryHolidays: false, exceptions: [] }, []),
    );
    // Friday 27 March 2026 16:00 CET (+1) + 2 h → Monday 30 March 10:00 CEST (+2) = 08:00 UTC.
    expect(iso(berlin.add(at('2026-03-27T15:00:00Z'), 2 * HOUR))).toBe('2026-03-30T08:00:00.000Z');
  });

  describe('properties', () => {
    const zones = fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/Berlin');
    const start = fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2026-12-01T00:00:00Z') });
    const amount = fc.integer({ min: 0, max: 200 * HOUR });

    it('adding is monotonic and additive, and measures back to what was added', () => {
      fc.assert(
        fc.property(zones, start, amount, amount, (zone, from, x, y) => {
          const cal = office(zone);
          const a = cal.add(from, x);
          const b = cal.add(from, x + y);
          expect(a).toBeLessThanOrEqual(b);
          expect(cal.add(a, y)).toBe(b);
          expect(cal.between(from, a)).toBe(x);
        }),
        // Found by an earlier run: 200 h from New Year 2020 ends at 18:00, where adding nothing moved on to the next morning.
        { numRuns: 300, examples: [['Asia/Shanghai', 1577836800000, 720000000, 0]] },
      );
    });

    it('never lands in closed time', () => {
      fc.assert(
        fc.property(zones, start, fc.integer({ min: 1, max: 200 * HOUR }), (zone, from, x) => {
          const cal = office(zone);
          const due = cal.add(from, x);
          // The due instant closes an open stretch: the millisecond before it is open.
          expect(cal.isOpen(due - 1)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });

    it('counts no business time on holidays: a whole Spring Festival adds nothing', () => {
      const cal = office();
      for (const year of CHINA_HOLIDAYS) {
        const spring = year.holidays.find((h) => h.name === '春节')!;
        const from = localInstant(spring.from, 0, 'Asia/Shanghai');
        const to = localInstant(spring.to, 1440, 'Asia/Shanghai');
        expect(cal.between(from, to), String(year.year)).toBe(0);
      }
    });
  });
});
