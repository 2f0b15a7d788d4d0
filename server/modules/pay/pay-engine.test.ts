import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveSettings } from '../../../shared/settings';
import { computePay, splitCommission, type EntryInput, type LineOut, type OrderInput, type PaidLine, type PayInput, type PayPersonInput } from './pay-engine';

/* The pay rules, M2 to M10 and A5, on records built by hand: every figure below is the requirement's. */

const settings = resolveSettings({}).pay;

const person = (userId: string, grade: PayPersonInput['grade'], employmentStatus: PayPersonInput['employmentStatus'], extra: Partial<PayPersonInput> = {}): PayPersonInput => ({
  userId,
  name: userId,
  role: 'technician',
  technician: true,
  active: true,
  grade,
  employmentStatus,
  changes: [],
  ...extra,
});

let entrySeq = 0;
const entry = (userId: string, minutes: number, extra: Partial<EntryInput> = {}): EntryInput => ({
  id: `e${++entrySeq}`,
  ticketId: 't-in',
  ticketNumber: 'BX-1',
  ticketType: 'repair',
  ticketWarranty: 'in',
  userId,
  kind: 'direct',
  transport: null,
  waitReason: null,
  day: '2026-11-10',
  minutes,
  correctsId: null,
  ...extra,
});

const order = (extra: Partial<OrderInput> = {}): OrderInput => ({
  ticketId: 't-out',
  ticketNumber: 'BX-9',
  collectedFen: 3000_00,
  costsFen: 1000_00,
  outstandingFen: 0,
  collectedInMonthFen: 3000_00,
  repairWarrantyEndsOn: '2027-02-20',
  completedOn: '2026-11-20',
  crew: [],
  supervisorId: 'sup',
  ...extra,
});

function input(extra: Partial<PayInput> = {}): PayInput {
  return {
    month: '2026-11',
    monthStart: '2026-11-01',
    nextMonthStart: '2026-12-01',
    lockedMonths: new Set(),
    settings,
    people: [],
    entries: [],
    deliveries: [],
    orders: [],
    exams: [],
    penalties: [],
    judgements: [],
    paid: new Map(),
    ...extra,
  };
}

const of = (lines: LineOut[], userId: string) => lines.filter((l) => l.userId === userId);
const total = (lines: LineOut[], userId: string) => of(lines, userId).reduce((s, l) => s + l.amountFen, 0);
const kinds = (lines: LineOut[], userId: string, kind: LineOut['kind']) => of(lines, userId).filter((l) => l.kind === kind);

/** Locks a computed month: its lines become what later runs see as paid. */
function lock(lines: LineOut[], paid = new Map<string, PaidLine[]>()) {
  let n = 0;
  for (const l of lines) {
    const key = `${l.sourceType}:${l.sourceId}`;
    const row: PaidLine = { lineId: `L${++n}-${l.sourceId}-${l.userId}`, userId: l.userId, kind: l.kind, amountFen: l.amountFen, heldFen: l.heldFen, ticketId: l.ticketId, ticketNumber: l.ticketNumber, warrantyEndsOn: (l.detail.warrantyEndsOn as string | null) ?? null };
    paid.set(key, [...(paid.get(key) ?? []), row]);
  }
  return paid;
}

const december = { month: '2026-12', monthStart: '2026-12-01', nextMonthStart: '2027-01-01', lockedMonths: new Set(['2026-11']) };

describe('the worked example', () => {
  it('M2, M3, M4, M5, M6, M7, M8, M9: an intermediate regular technician in November is paid 1,895.25', () => {
    const me = person('me', 'intermediate', 'regular');
    const out = computePay(
      input({
        people: [me, person('junior', 'junior', 'regular'), person('apprentice', 'junior', 'apprentice'), person('sup', null, null, { role: 'supervisor', technician: false })],
        entries: [
          entry('me', 12 * 60),
          entry('me', 3 * 60, { ticketId: 't-out', ticketNumber: 'BX-9', ticketWarranty: 'out' }),
          entry('me', 4 * 60, { kind: 'travel', transport: 'public' }),
          entry('me', 2 * 60, { kind: 'travel', transport: 'company' }),
        ],
        deliveries: [{ ticketId: 't-del', ticketNumber: 'BX-5', userId: 'me', receivedOn: '2026-11-12', callbackExplained: true }],
        orders: [order({ crew: [{ userId: 'me', isLead: true }, { userId: 'junior', isLead: false }, { userId: 'apprentice', isLead: false }] })],
      }),
    );
    const mine = (kind: LineOut['kind']) => kinds(out.lines, 'me', kind).map((l) => l.amountFen);
    expect(mine('base')).toEqual([1500_00]);
    expect(mine('direct_hours')).toEqual([180_00, 0]);
    expect(mine('indirect_hours')).toEqual([20_00, 6_00]);
    expect(mine('delivery')).toEqual([100_00]);
    expect(mine('commission')).toEqual([105_00]);
    expect(mine('holdback')).toEqual([-15_75]);
    expect(total(out.lines, 'me')).toBe(1895_25);
    expect(kinds(out.lines, 'sup', 'commission').map((l) => l.amountFen)).toEqual([90_00]);
    expect(kinds(out.lines, 'junior', 'commission').map((l) => l.amountFen)).toEqual([105_00]);
    expect(of(out.lines, 'apprentice').filter((l) => l.kind === 'commission')).toEqual([]);
    // Each line names its rule and its source.
    const commission = kinds(out.lines, 'me', 'commission')[0]!;
    expect(commission).toMatchObject({ rule: 'M7', sourceType: 'ticket', ticketId: 't-out', ticketNumber: 'BX-9' });
    expect(kinds(out.lines, 'me', 'direct_hours')[1]).toMatchObject({ rule: 'M5', explanation: 'pay.explain.direct_hours_out_of_warranty' });
  });
});

describe('the rules one by one', () => {
  it('M2: base pay by grade and status (800/1000, 1200/1500, 2000/2500), apprentices and trial workers at their own setting', () => {
    const people = [
      person('a', 'junior', 'probation'),
      person('b', 'junior', 'regular'),
      person('c', 'intermediate', 'probation'),
      person('d', 'intermediate', 'regular'),
      person('e', 'senior', 'probation'),
      person('f', 'senior', 'regular'),
      person('g', null, 'apprentice'),
      person('h', 'junior', 'trial'),
    ];
    const out = computePay(input({ people }));
    expect(people.map((p) => total(out.lines, p.userId))).toEqual([800_00, 1000_00, 1200_00, 1500_00, 2000_00, 2500_00, 800_00, 800_00]);
    const changed = computePay(input({ people, settings: { ...settings, baseSalaryFen: { ...settings.baseSalaryFen, apprentice: 600_00 } } }));
    expect(total(changed.lines, 'g')).toBe(600_00);
  });

  it('M2: the grade in force on the month’s last day; a promotion from the 1st of next month does not count', () => {
    const p = person('p', 'intermediate', 'regular', {
      changes: [
        { effectiveOn: '2026-01-01', grade: 'junior', employmentStatus: 'probation' },
        { effectiveOn: '2026-11-15', grade: 'junior', employmentStatus: 'regular' },
        { effectiveOn: '2026-12-01', grade: 'intermediate', employmentStatus: 'regular' },
      ],
    });
    expect(total(computePay(input({ people: [p] })).lines, 'p')).toBe(1000_00);
  });

  it('M2: a technician without a grade gets a warning, not a guess', () => {
    const out = computePay(input({ people: [person('x', null, 'regular')] }));
    expect(out.lines).toEqual([]);
    expect(out.warnings).toEqual([{ code: 'pay.warning.gradeMissing', params: { name: 'x' } }]);
  });

  it('M3: approved direct hours earn 10 / 15 / 20 yuan an hour by grade, to the fen', () => {
    const people = [person('j', 'junior', 'regular'), person('i', 'intermediate', 'regular'), person('s', 'senior', 'regular')];
    const out = computePay(input({ people, entries: [entry('j', 60), entry('i', 60), entry('s', 61)] }));
    expect(['j', 'i', 's'].map((u) => kinds(out.lines, u, 'direct_hours')[0]!.amountFen)).toEqual([10_00, 15_00, 20_33]);
  });

  it('M4: indirect hours earn 5 by public transport and 3 by company vehicle whatever the grade; waiting counts only for goods or force majeure', () => {
    const people = [person('j', 'junior', 'regular'), person('s', 'senior', 'regular')];
    const out = computePay(
      input({
        people,
        entries: [
          entry('j', 60, { kind: 'travel', transport: 'public' }),
          entry('s', 60, { kind: 'travel', transport: 'public' }),
          entry('s', 60, { kind: 'travel', transport: 'company' }),
          entry('s', 120, { kind: 'wait', waitReason: 'waiting_goods', transport: 'company' }),
          entry('s', 60, { kind: 'wait', waitReason: 'force_majeure' }),
          entry('s', 60, { kind: 'wait', waitReason: 'customer' }),
        ],
      }),
    );
    expect(kinds(out.lines, 'j', 'indirect_hours').map((l) => l.amountFen)).toEqual([5_00]);
    expect(kinds(out.lines, 's', 'indirect_hours').map((l) => l.amountFen)).toEqual([5_00, 3_00, 6_00, 5_00, 0]);
    expect(kinds(out.lines, 's', 'indirect_hours')[4]).toMatchObject({ rule: 'M4', explanation: 'pay.explain.indirect_not_counted' });
  });

  it('M5: no hour subsidies on out-of-warranty repairs, nor for trial workers, probation staff or apprentices', () => {
    const people = [person('reg', 'senior', 'regular'), person('prob', 'senior', 'probation'), person('trial', 'senior', 'trial'), person('app', 'senior', 'apprentice')];
    const out = computePay(
      input({
        people,
        entries: [
          entry('reg', 60, { ticketWarranty: 'out' }),
          entry('reg', 60, { ticketWarranty: 'out', kind: 'travel', transport: 'public' }),
          ...['prob', 'trial', 'app'].flatMap((u) => [entry(u, 60), entry(u, 60, { kind: 'travel', transport: 'public' })]),
        ],
      }),
    );
    for (const u of ['reg', 'prob', 'trial', 'app']) {
      const hours = of(out.lines, u).filter((l) => l.kind.endsWith('_hours'));
      expect(hours).toHaveLength(2);
      expect(hours.every((l) => l.amountFen === 0 && l.rule === 'M5')).toBe(true);
    }
  });

  it('M5: probation staff get no hour subsidies but do share commission (M9)', () => {
    const out = computePay(
      input({
        people: [person('prob', 'intermediate', 'probation'), person('reg', 'intermediate', 'regular')],
        entries: [entry('prob', 600)],
        orders: [order({ repairWarrantyEndsOn: null, crew: [{ userId: 'prob', isLead: true }, { userId: 'reg', isLead: false }] })],
      }),
    );
    expect(kinds(out.lines, 'prob', 'direct_hours')[0]!.amountFen).toBe(0);
    expect(kinds(out.lines, 'prob', 'commission')[0]!.amountFen).toBe(105_00);
  });

  it('M6: a delivery report earns 100 yuan, its direct hours earn nothing more, and a callback that found the machine unexplained cancels it', () => {
    const out = computePay(
      input({
        people: [person('me', 'senior', 'regular')],
        entries: [entry('me', 180, { ticketId: 't-del', ticketType: 'delivery' }), entry('me', 60, { ticketId: 't-del', ticketType: 'delivery', kind: 'travel', transport: 'public' })],
        deliveries: [
          { ticketId: 't-del', ticketNumber: 'BX-5', userId: 'me', receivedOn: '2026-11-12', callbackExplained: null },
          { ticketId: 't-del2', ticketNumber: 'BX-6', userId: 'me', receivedOn: '2026-11-13', callbackExplained: false },
          { ticketId: 't-del3', ticketNumber: 'BX-7', userId: 'me', receivedOn: '2026-10-30', callbackExplained: true },
        ],
      }),
    );
    expect(kinds(out.lines, 'me', 'direct_hours')[0]).toMatchObject({ amountFen: 0, rule: 'M6' });
    expect(kinds(out.lines, 'me', 'indirect_hours')[0]!.amountFen).toBe(5_00);
    expect(kinds(out.lines, 'me', 'delivery').map((l) => [l.ticketNumber, l.amountFen])).toEqual([
      ['BX-5', 100_00],
      ['BX-6', 0],
    ]);
  });

  it('M6: a callback after the month was paid makes a negative line in the next run, naming the line it corrects', () => {
    const people = [person('me', 'senior', 'regular')];
    const delivery = { ticketId: 't-del', ticketNumber: 'BX-5', userId: 'me', receivedOn: '2026-11-12', callbackExplained: null as boolean | null };
    const november = computePay(input({ people, deliveries: [delivery] }));
    const paid = lock(november.lines);
    const dec = computePay(input({ ...december, people, deliveries: [{ ...delivery, callbackExplained: false }], paid }));
    const correction = kinds(dec.lines, 'me', 'correction');
    expect(correction.map((l) => l.amountFen)).toEqual([-100_00]);
    expect(correction[0]!.correctsLineId).toBe(paid.get('delivery:t-del')![0]!.lineId);
    // Once corrected, it is not taken back twice.
    const january = computePay(input({ month: '2027-01', monthStart: '2027-01-01', nextMonthStart: '2027-02-01', lockedMonths: new Set(['2026-11', '2026-12']), people, deliveries: [{ ...delivery, callbackExplained: false }], paid: lock(dec.lines, paid) }));
    expect(kinds(january.lines, 'me', 'correction')).toEqual([]);
  });

  it('M7: 15 % of net profit; no profit, no commission, never negative', () => {
    const people = [person('a', 'senior', 'regular')];
    const crew = [{ userId: 'a', isLead: true }];
    const commission = (collectedFen: number, costsFen: number) =>
      total(computePay(input({ people: [person('a', 'senior', 'regular', { technician: false })], orders: [order({ crew, collectedFen, costsFen, repairWarrantyEndsOn: null, supervisorId: null })] })).lines, 'a');
    expect(commission(3000_00, 1000_00)).toBe(210_00);
    expect(commission(1000_00, 1000_00)).toBe(0);
    expect(commission(500_00, 1000_00)).toBe(0);
    void people;
  });

  it('M7: where part is still owed, 15 % of what the collected money leaves after all costs is paid now, the rest when the remainder comes in', () => {
    const people = [person('a', 'senior', 'regular', { technician: false })];
    const crew = [{ userId: 'a', isLead: true }];
    // Charged 3,000, costs 1,000; 1,500 collected in November leaves 500 of profit.
    const nov = computePay(input({ people, orders: [order({ crew, collectedFen: 1500_00, outstandingFen: 1500_00, repairWarrantyEndsOn: null, supervisorId: 'sup' })] }));
    expect(kinds(nov.lines, 'a', 'commission')[0]!.amountFen).toBe(52_50);
    expect(kinds(nov.lines, 'sup', 'commission')[0]!.amountFen).toBe(22_50);
    const dec = computePay(input({ ...december, people, orders: [order({ crew, collectedFen: 3000_00, repairWarrantyEndsOn: null, supervisorId: 'sup' })], paid: lock(nov.lines) }));
    expect(kinds(dec.lines, 'a', 'commission')[0]!.amountFen).toBe(210_00 - 52_50);
    expect(kinds(dec.lines, 'sup', 'commission')[0]!.amountFen).toBe(90_00 - 22_50);
  });

  it('M7: a refund that lowers net profit already paid is a correction in the next run', () => {
    const people = [person('a', 'senior', 'regular', { technician: false })];
    const crew = [{ userId: 'a', isLead: true }];
    const nov = computePay(input({ people, orders: [order({ crew, repairWarrantyEndsOn: null })] }));
    const dec = computePay(input({ ...december, people, orders: [order({ crew, collectedFen: 2000_00, repairWarrantyEndsOn: null })], paid: lock(nov.lines) }));
    const correction = kinds(dec.lines, 'a', 'correction')[0]!;
    expect(correction.amountFen).toBe(105_00 - 210_00);
    expect(correction.correctsLineId).toMatch(/^L/);
  });

  it('M8: 15 % of each technician’s share is held while the repair’s warranty runs, not the supervisor’s', () => {
    const people = [person('a', 'senior', 'regular', { technician: false })];
    const out = computePay(input({ people, orders: [order({ crew: [{ userId: 'a', isLead: true }] })] }));
    expect(kinds(out.lines, 'a', 'holdback')[0]).toMatchObject({ amountFen: -31_50, heldFen: 31_50, rule: 'M8' });
    expect(kinds(out.lines, 'sup', 'holdback')).toEqual([]);
    const heldToo = computePay(input({ people, settings: { ...settings, supervisorHoldbackRateBp: 1_500 }, orders: [order({ crew: [{ userId: 'a', isLead: true }] })] }));
    expect(kinds(heldToo.lines, 'sup', 'holdback')[0]!.amountFen).toBe(-13_50);
  });

  it('M8: the hold-back is released in the first run after the warranty ends, once', () => {
    const people = [person('a', 'senior', 'regular', { technician: false })];
    const crew = [{ userId: 'a', isLead: true }];
    const nov = computePay(input({ people, orders: [order({ crew, repairWarrantyEndsOn: '2026-12-20' })] }));
    const paid = lock(nov.lines);
    // December: the warranty ends on the 20th, so December's run releases it.
    const dec = computePay(input({ ...december, people, paid }));
    expect(kinds(dec.lines, 'a', 'holdback_release')).toMatchObject([{ amountFen: 31_50, heldFen: -31_50, rule: 'M8' }]);
    const jan = computePay(input({ month: '2027-01', monthStart: '2027-01-01', nextMonthStart: '2027-02-01', lockedMonths: new Set(['2026-11', '2026-12']), people, paid: lock(dec.lines, paid) }));
    expect(jan.lines).toEqual([]);
  });

  it('M8: own-error rework within the warranty forfeits that technician’s hold-back; rework after it does not', () => {
    const people = [person('a', 'senior', 'regular', { technician: false }), person('b', 'senior', 'regular', { technician: false })];
    const crew = [{ userId: 'a', isLead: true }, { userId: 'b', isLead: false }];
    const nov = computePay(input({ people, orders: [order({ crew })] }));
    const paid = lock(nov.lines);
    const judgement = { originalTicketId: 't-out', atFaultUserIds: ['a'], reason: '装配失误', reworkReportedOn: '2026-12-05', decidedOn: '2026-12-06' };
    const dec = computePay(input({ ...december, people, judgements: [judgement], paid }));
    expect(kinds(dec.lines, 'a', 'holdback_forfeit')).toMatchObject([{ amountFen: 0, heldFen: -15_75, detail: { forfeitedFen: 15_75, reason: '装配失误' } }]);
    expect(of(dec.lines, 'b')).toEqual([]);
    // After the warranty ended, the rework is nobody's forfeit: the hold-back is released.
    const late = computePay(input({ month: '2027-02', monthStart: '2027-02-01', nextMonthStart: '2027-03-01', lockedMonths: new Set(['2026-11']), people, judgements: [{ ...judgement, reworkReportedOn: '2027-02-21', decidedOn: '2027-02-22' }], paid }));
    expect(kinds(late.lines, 'a', 'holdback_release')[0]!.amountFen).toBe(15_75);
  });

  it('M9: the supervisor takes 30 %, the rest splits equally to the fen among sharers, a remainder fen to the lead', () => {
    // 15 % of 1,000.07 is 150.01 (rounded); 30 % of it, 45.00, to the supervisor; 105.01 among three is 35.00 each and a fen to the lead.
    const crew = [{ userId: 'b', isLead: false }, { userId: 'lead', isLead: true }, { userId: 'c', isLead: false }];
    const split = splitCommission(settings, { collectedFen: 1000_07, costsFen: 0, crew, supervisorId: 'sup' }, () => 'regular');
    expect(split.commissionFen).toBe(150_01);
    expect(split.supervisorFen).toBe(45_00);
    expect([...split.shares.entries()].sort()).toEqual([
      ['b', 35_00],
      ['c', 35_00],
      ['lead', 35_01],
    ]);
  });

  it('M9: trial workers and apprentices take no share, and make no one else’s share smaller', () => {
    const crew = [{ userId: 'lead', isLead: true }, { userId: 'app', isLead: false }, { userId: 'trial', isLead: false }];
    const status = (u: string) => (u === 'app' ? 'apprentice' : u === 'trial' ? 'trial' : 'regular');
    const split = splitCommission(settings, { collectedFen: 2000_00, costsFen: 0, crew, supervisorId: 'sup' }, status);
    expect([...split.shares.entries()]).toEqual([['lead', 210_00]]);
  });

  it('M9: any profit splits without losing or making a fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 7 }), (collectedFen, costsFen, n) => {
        const crew = Array.from({ length: n }, (_, i) => ({ userId: `u${i}`, isLead: i === n - 1 }));
        const split = splitCommission(settings, { collectedFen, costsFen, crew, supervisorId: 'sup' }, () => 'regular');
        const shared = [...split.shares.values()].reduce((s, v) => s + v, 0);
        expect(split.commissionFen).toBeGreaterThanOrEqual(0);
        expect(split.supervisorFen + shared).toBe(split.commissionFen);
        const values = [...split.shares.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThan(n);
      }),
    );
  });

  it('M10: a grade exam passed at the first attempt earns 200 yuan once; a retake earns nothing', () => {
    const people = [person('a', 'junior', 'regular', { technician: false })];
    const exams = [
      { id: 'x1', userId: 'a', productLine: '挖掘机', takenOn: '2026-11-03', passed: true, attempt: 1 },
      { id: 'x2', userId: 'a', productLine: '装载机', takenOn: '2026-11-04', passed: true, attempt: 2 },
      { id: 'x3', userId: 'a', productLine: '压路机', takenOn: '2026-11-05', passed: false, attempt: 1 },
    ];
    const nov = computePay(input({ people, exams }));
    expect(kinds(nov.lines, 'a', 'exam_bonus')).toMatchObject([{ amountFen: 200_00, rule: 'M10', sourceId: 'x1' }]);
    // Recorded late, in a locked month, it is paid in the next run, and only once.
    const dec = computePay(input({ ...december, people, exams, paid: new Map() }));
    expect(kinds(dec.lines, 'a', 'exam_bonus')).toHaveLength(1);
    expect(computePay(input({ ...december, people, exams, paid: lock(nov.lines) })).lines).toEqual([]);
  });

  it('A5: confirmed penalties are deducted in the month of their confirmation', () => {
    const people = [person('a', 'junior', 'regular', { technician: false })];
    const out = computePay(
      input({
        people,
        penalties: [
          { id: 'p1', userId: 'a', cause: 'wrong_phone', amountFen: 20_00, description: '两个号码有误', ticketId: null, ticketNumber: null, confirmedOn: '2026-11-28' },
          { id: 'p2', userId: 'a', cause: 'quality_complaint', amountFen: 50_00, description: '返修', ticketId: 't', ticketNumber: 'BX-3', confirmedOn: '2026-12-01' },
        ],
      }),
    );
    expect(kinds(out.lines, 'a', 'penalty')).toMatchObject([{ amountFen: -20_00, rule: 'A5', sourceId: 'p1' }]);
  });

  it('M3: an approved entry corrected after its month was locked is a correction line naming what it corrects', () => {
    const people = [person('a', 'intermediate', 'regular', { technician: false })];
    const original = entry('a', 120);
    const nov = computePay(input({ people, entries: [original] }));
    const paid = lock(nov.lines);
    const fix = entry('a', -60, { correctsId: original.id });
    const dec = computePay(input({ ...december, people, entries: [original, fix], paid }));
    expect(dec.lines).toMatchObject([{ kind: 'correction', amountFen: -15_00, correctsLineId: paid.get(`time_entry:${original.id}`)![0]!.lineId }]);
  });

  it('a recomputed month pays nothing twice: locked lines are never paid again', () => {
    const people = [person('a', 'intermediate', 'regular', { technician: false })];
    const data = { people, entries: [entry('a', 60)], orders: [order({ crew: [{ userId: 'a', isLead: true }] })] };
    const nov = computePay(input(data));
    const again = computePay(input({ ...data, ...december, paid: lock(nov.lines) }));
    expect(again.lines).toEqual([]);
  });
});
