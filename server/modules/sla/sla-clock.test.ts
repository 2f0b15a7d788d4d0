import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CHINA_HOLIDAYS } from '../../../shared/calendar/china-holidays';
import { BusinessCalendar } from '../calendar';
import { buildCalendarSpec } from '../calendar';
import { computeClock, nextAlert, type Signal, type Target } from './sla-clock';

const H = 3_600_000;
const M = 60_000;
const day = [
  { start: 540, end: 720 },
  { start: 780, end: 1080 },
];
const office = new BusinessCalendar(
  buildCalendarSpec({ timeZone: 'Asia/Shanghai', weekly: { 1: day, 2: day, 3: day, 4: day, 5: day }, statutoryHolidays: true, exceptions: [] }, CHINA_HOLIDAYS),
);
const t = (iso: string) => Date.parse(iso);
const target = (metric: Target['metric'], minutes: number, extra: Partial<Target> = {}): Target => ({
  metric,
  minutes,
  mode: 'business',
  pausedBy: [],
  warnAtBp: [5000, 7500],
  ...extra,
});
const facts = { estimatedValueFen: null, hasContractor: false };
// Thursday 26 November 2026, Shanghai: 10:00 is 02:00 UTC.
const reported = t('2026-11-26T02:00:00Z');

describe('SLA clocks', () => {
  it('C1: dispatch is due 4 business hours after acceptance, across the lunch break and the night', () => {
    const signals: Signal[] = [
      { kind: 'reported', at: reported },
      { kind: 'accepted', at: t('2026-11-26T08:00:00Z') }, // 16:00
    ];
    const clock = computeClock(target('accept_to_dispatch', 240), signals, facts, office, t('2026-11-26T09:00:00Z'))!;
    // 16:00–18:00 is 2 h; the other 2 h run Friday 09:00–11:00.
    expect(new Date(clock.dueAt!).toISOString()).toBe('2026-11-27T03:00:00.000Z');
    expect(clock.state).toBe('running');
    expect(clock.elapsedMs).toBe(1 * H);
  });

  it('C1: completion within 6 hours, or 8 with a recorded reason, and only with one', () => {
    const dispatched = t('2026-11-26T01:00:00Z'); // 09:00
    const base: Signal[] = [
      { kind: 'reported', at: reported - H },
      { kind: 'dispatched', at: dispatched },
      { kind: 'completed', at: t('2026-11-26T08:30:00Z') }, // 16:30: 6.5 business hours later
    ];
    const c1 = target('dispatch_to_completion', 360, { extendedMinutes: 480 });
    expect(computeClock(c1, base, facts, office, t('2026-11-27T00:00:00Z'))!.state).toBe('breached');
    const withReason: Signal[] = [...base, { kind: 'extended', at: dispatched + 2 * H, metric: 'dispatch_to_completion', reason: '等待厂家发货' }];
    const extended = computeClock(c1, withReason, facts, office, t('2026-11-27T00:00:00Z'))!;
    expect(extended).toMatchObject({ state: 'met', extended: true, extensionReason: '等待厂家发货' });
    expect(extended.targetMs).toBe(8 * H);
    // Without an extended target in the policy, a reason extends nothing.
    expect(computeClock(target('dispatch_to_completion', 360), withReason, facts, office, t('2026-11-27T00:00:00Z'))!.state).toBe('breached');
  });

  it('E2: respond within 1 hour, on site within 2, resolved within 24, counted around the clock', () => {
    const signals: Signal[] = [
      { kind: 'reported', at: reported },
      { kind: 'accepted', at: reported + 50 * M },
      { kind: 'dispatched', at: reported + 70 * M },
      { kind: 'arrived', at: reported + 70 * M + 130 * M },
    ];
    const now = reported + 10 * H;
    expect(computeClock(target('first_response', 60, { mode: 'calendar' }), signals, facts, office, now)!.state).toBe('met');
    expect(computeClock(target('dispatch_to_arrival', 120, { mode: 'calendar' }), signals, facts, office, now)!.state).toBe('breached');
    const resolution = computeClock(target('resolution', 1440, { mode: 'calendar' }), signals, facts, office, now)!;
    expect(resolution).toMatchObject({ state: 'running', dueAt: reported + 24 * H });
  });

  it('E3: a fault not cleared 8 hours after work began needs a loaner within 48 hours', () => {
    const started = reported + H;
    const signals: Signal[] = [
      { kind: 'reported', at: reported },
      { kind: 'started', at: started },
      { kind: 'loaner_requested', at: started + 8 * H },
    ];
    const clear = computeClock(target('work_to_clear', 480, { mode: 'calendar' }), signals, facts, office, started + 9 * H)!;
    expect(clear).toMatchObject({ state: 'breached', dueAt: started + 8 * H });
    const loaner = computeClock(target('loaner_delivery', 2880, { mode: 'calendar' }), signals, facts, office, started + 9 * H)!;
    expect(loaner).toMatchObject({ state: 'running', dueAt: started + 56 * H });
    const delivered = computeClock(target('loaner_delivery', 2880, { mode: 'calendar' }), [...signals, { kind: 'loaner_provided', at: started + 30 * H }], facts, office, started + 60 * H)!;
    expect(delivered.state).toBe('met');
  });

  it('H3: a fault solved on the phone gets a callback within 3 hours, and only such a fault', () => {
    const closedAt = t('2026-11-26T03:00:00Z'); // 11:00
    const phoneFix: Signal[] = [
      { kind: 'reported', at: reported },
      { kind: 'closed', at: closedAt, phoneFix: true },
    ];
    const clock = computeClock(target('phone_fix_callback', 180), phoneFix, facts, office, closedAt)!;
    // 11:00 + 3 business hours, with lunch 12:00–13:00: 15:00.
    expect(new Date(clock.dueAt!).toISOString()).toBe('2026-11-26T07:00:00.000Z');
    const called = computeClock(target('phone_fix_callback', 180), [...phoneFix, { kind: 'callback', at: closedAt + 2 * H }], facts, office, closedAt + 5 * H)!;
    expect(called.state).toBe('met');
    const visited: Signal[] = [{ kind: 'reported', at: reported }, { kind: 'completed', at: reported + H }, { kind: 'closed', at: reported + 2 * H, phoneFix: false }];
    expect(computeClock(target('phone_fix_callback', 180), visited, facts, office, reported + 9 * H)).toBeNull();
  });

  it('H4: the technician on site within 3 hours of dispatch; starting work counts as arrival', () => {
    const dispatched = t('2026-11-26T01:30:00Z');
    const signals: Signal[] = [
      { kind: 'reported', at: reported - H },
      { kind: 'dispatched', at: dispatched },
      { kind: 'started', at: dispatched + 2 * H },
    ];
    expect(computeClock(target('dispatch_to_arrival', 180), signals, facts, office, dispatched + 4 * H)!.state).toBe('met');
    const late = computeClock(target('dispatch_to_arrival', 180), signals.slice(0, 2), facts, office, dispatched + 5 * H)!;
    expect(late.state).toBe('breached');
  });

  it('R4: the contractor on site within 24 hours for repairs up to ¥1000 and 36 hours above', () => {
    const r4 = target('contractor_on_site', 1440, { mode: 'calendar', aboveValue: { thresholdFen: 100_000, minutes: 2160 } });
    const signals: Signal[] = [{ kind: 'reported', at: reported }];
    const small = computeClock(r4, signals, { estimatedValueFen: 100_000, hasContractor: true }, office, reported)!;
    expect(small.dueAt).toBe(reported + 24 * H);
    const large = computeClock(r4, signals, { estimatedValueFen: 100_001, hasContractor: true }, office, reported)!;
    expect(large.dueAt).toBe(reported + 36 * H);
    expect(computeClock(r4, signals, { estimatedValueFen: 5000, hasContractor: false }, office, reported)).toBeNull();
  });

  it('R5: an emergency is dispatched at once, on a clock that never sleeps', () => {
    const r5 = target('accept_to_dispatch', 30, { mode: 'calendar' });
    const night = t('2026-10-02T16:00:00Z'); // 00:00 on 3 October, a holiday
    const signals: Signal[] = [
      { kind: 'reported', at: night },
      { kind: 'accepted', at: night + 5 * M },
    ];
    const clock = computeClock(r5, signals, facts, office, night + 40 * M)!;
    expect(clock).toMatchObject({ state: 'breached', dueAt: night + 35 * M });
  });

  it('a ticket paused for parts stops the clocks its policy names and no others; resuming restarts them where they stopped', () => {
    const start = t('2026-11-26T01:00:00Z'); // 09:00
    const signals: Signal[] = [
      { kind: 'reported', at: start },
      { kind: 'dispatched', at: start },
      { kind: 'hold', at: start + H, reason: 'waiting_parts' },
      { kind: 'resume', at: start + 2 * H + 30 * M },
    ];
    const paused = target('dispatch_to_completion', 360, { pausedBy: ['waiting_parts'] });
    const notPaused = target('resolution', 360, { pausedBy: ['waiting_customer'] });
    const during = start + 2 * H;
    expect(computeClock(paused, signals.slice(0, 3), facts, office, during)).toMatchObject({ state: 'paused', elapsedMs: 1 * H });
    expect(computeClock(notPaused, signals.slice(0, 3), facts, office, during)).toMatchObject({ state: 'running', elapsedMs: 2 * H });
    // The pause, 10:00–11:30, was all business time: the due instant moves by 1.5 business hours.
    const after = computeClock(paused, signals, facts, office, start + 3 * H)!;
    const plain = computeClock(notPaused, signals, facts, office, start + 3 * H)!;
    expect(office.between(plain.dueAt!, after.dueAt!)).toBe(1.5 * H);
    expect(after.trail.map((e) => e.what)).toEqual(['started', 'paused', 'resumed', 'due']);
  });

  it('fires each threshold once, in order, and nothing after a stop in time', () => {
    const signals: Signal[] = [{ kind: 'reported', at: reported }];
    const clock = computeClock(target('first_response', 60, { mode: 'calendar' }), signals, facts, office, reported)!;
    expect(nextAlert(clock, [])).toEqual({ bp: 5000, at: reported + 30 * M });
    expect(nextAlert(clock, [5000])).toEqual({ bp: 7500, at: reported + 45 * M });
    expect(nextAlert(clock, [5000, 7500])).toEqual({ bp: 10000, at: reported + 60 * M });
    expect(nextAlert(clock, [5000, 7500, 10000])).toBeNull();
    const met = computeClock(target('first_response', 60, { mode: 'calendar' }), [...signals, { kind: 'accepted', at: reported + 40 * M }], facts, office, reported + 50 * M)!;
    expect(nextAlert(met, [5000])).toBeNull();
  });

  it('elapsed plus remaining always equals the target while a clock runs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 * 24 }), fc.integer({ min: 1, max: 48 * 60 }), (hoursLater, minutes) => {
        const now = reported + hoursLater * H;
        const clock = computeClock(target('resolution', minutes), [{ kind: 'reported', at: reported }], facts, office, now)!;
        if (clock.state === 'running') expect(clock.elapsedMs + office.between(now, clock.dueAt!)).toBe(clock.targetMs);
        else expect(clock.dueAt!).toBeLessThanOrEqual(now);
      }),
      { numRuns: 200 },
    );
  });
});
