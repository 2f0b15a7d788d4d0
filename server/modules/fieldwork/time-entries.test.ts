import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveTimeEntries, nextSteps, recordableSteps, type Step } from './time-entries';

const T0 = Date.parse('2026-11-26T00:30:00Z'); // 08:30 in Shanghai
const M = 60_000;
const at = (minutes: number) => T0 + minutes * M;

describe('time entries from a technician’s steps', () => {
  const day: Step[] = [
    { kind: 'prepare', at: at(0) },
    { kind: 'depart', at: at(30), transport: 'public' },
    { kind: 'arrive', at: at(120) },
    { kind: 'start', at: at(130) },
    { kind: 'wait', at: at(190), waitReason: 'waiting_goods' },
    { kind: 'resume', at: at(250) },
    { kind: 'wait', at: at(280), waitReason: 'customer' },
    { kind: 'resume', at: at(300) },
    { kind: 'finish', at: at(360) },
    { kind: 'travel_back', at: at(370), transport: 'company' },
    { kind: 'back', at: at(430) },
  ];

  it('M3: direct hours are the time working on site, waits excluded', () => {
    const direct = deriveTimeEntries(day).filter((e) => e.kind === 'direct');
    expect(direct.map((e) => e.minutes)).toEqual([60, 30, 60]);
  });

  it('M4: travel counts as indirect hours with its transport mode, there and back', () => {
    const travel = deriveTimeEntries(day).filter((e) => e.kind === 'travel');
    expect(travel.map((e) => [e.minutes, e.transport])).toEqual([
      [90, 'public'],
      [60, 'company'],
    ]);
  });

  it('M4: waiting for goods the company ships counts; waiting on the customer does not', () => {
    const waits = deriveTimeEntries(day).filter((e) => e.kind === 'wait');
    expect(waits.map((e) => [e.minutes, e.waitReason])).toEqual([[60, 'waiting_goods']]);
  });

  it('M4: preparing and drawing parts before departure count as neither', () => {
    const entries = deriveTimeEntries(day);
    expect(entries.some((e) => e.startedAt < at(30))).toBe(false);
    const total = entries.reduce((s, e) => s + e.minutes, 0);
    expect(total).toBe(60 + 30 + 60 + 90 + 60 + 60);
  });

  it('a wait still open when the job finishes ends with it', () => {
    const entries = deriveTimeEntries([
      { kind: 'arrive', at: at(0) },
      { kind: 'start', at: at(0) },
      { kind: 'wait', at: at(30), waitReason: 'force_majeure' },
      { kind: 'finish', at: at(90) },
    ]);
    expect(entries.map((e) => [e.kind, e.minutes])).toEqual([
      ['direct', 30],
      ['wait', 60],
    ]);
  });

  it('shows the technician only the steps that can come next', () => {
    expect(nextSteps([])).toEqual(['acknowledge', 'prepare', 'depart', 'arrive']);
    expect(nextSteps(day.slice(0, 3))).toEqual(['start']);
    expect(nextSteps(day.slice(0, 5))).toEqual(['resume', 'finish']);
    expect(nextSteps(day)).toEqual([]);
  });

  it('leaves finishing to the work report, and only the way home after it', () => {
    const working: Step[] = day.slice(0, 4);
    expect(recordableSteps(working, false)).toEqual(['wait']);
    const finished: Step[] = day.slice(0, 9);
    expect(recordableSteps(finished, true)).toEqual(['travel_back']);
    expect(recordableSteps(day.slice(0, 10), true)).toEqual(['back']);
    expect(recordableSteps(day, true)).toEqual([]);
  });

  it('never counts a minute twice, whatever the order of steps', () => {
    const kinds = ['depart', 'arrive', 'start', 'wait', 'resume', 'finish', 'travel_back', 'back'] as const;
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: 0, max: 600 })), { maxLength: 20 }), (raw) => {
        const steps: Step[] = raw.map(([kind, m]) => ({ kind, at: at(m), transport: 'public', waitReason: 'waiting_goods' }));
        const entries = deriveTimeEntries(steps).sort((a, b) => a.startedAt - b.startedAt);
        for (let i = 1; i < entries.length; i++) {
          // Travel may overlap nothing on site; on-site entries never overlap each other.
          if (entries[i]!.kind !== 'travel' && entries[i - 1]!.kind !== 'travel') expect(entries[i]!.startedAt).toBeGreaterThanOrEqual(entries[i - 1]!.endedAt);
        }
        for (const e of entries) expect(e.endedAt).toBeGreaterThan(e.startedAt);
      }),
      // A start that lands while a wait is open once counted the wait and the work twice.
      { examples: [[[['start', 1], ['start', 0], ['wait', 0], ['finish', 2]]]], numRuns: 500 },
    );
  });
});
