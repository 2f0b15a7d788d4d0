import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, budget, monthsBefore, purchaseSuggestions, seasonalForecast, slowMoving, unusualUsage, type MonthlyUsage } from './planning-engine';

const rule = { factorBp: 30_000, minimum: 5, historyMonths: 6 };
const position = (extra: Partial<Parameters<typeof purchaseSuggestions>[0][number]> = {}) => ({
  partId: 'p',
  locationId: 'l',
  reorderPoint: 10,
  reorderQuantity: 20,
  onHand: 4,
  reserved: 0,
  inTransit: 0,
  costPriceFen: 12_00,
  ...extra,
});

describe('planning rules', () => {
  it('C4: a part below its reorder point is suggested in whole lots of its reorder quantity; what is reserved does not count, what is in transit does', () => {
    expect(purchaseSuggestions([position()])).toEqual([expect.objectContaining({ position: 4, suggested: 20, valueFen: 240_00 })]);
    expect(purchaseSuggestions([position({ onHand: 12, reserved: 3 })])).toEqual([expect.objectContaining({ position: 9, suggested: 20 })]);
    expect(purchaseSuggestions([position({ onHand: 4, inTransit: 6 })])).toEqual([]);
    expect(purchaseSuggestions([position({ reorderPoint: 50, reorderQuantity: 20, onHand: 0 })])).toEqual([expect.objectContaining({ suggested: 60 })]);
  });

  it('C4: a suggestion always brings the position back to the reorder point, with less than one lot to spare', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 50 }), (point, lot, onHand, inTransit) => {
        const [s] = purchaseSuggestions([position({ reorderPoint: point, reorderQuantity: lot, onHand, inTransit })]);
        if (onHand + inTransit >= point) return s === undefined;
        return s !== undefined && s.position + s.suggested >= point && s.position + s.suggested - lot < point + (s.suggested === lot ? lot : 0) && s.suggested % lot === 0;
      }),
    );
  });

  it('C4: slow-moving stock is what nobody consumed for the set number of days, valued at cost, largest first', () => {
    const now = new Date('2026-11-30T00:00:00Z');
    const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
    const found = slowMoving(
      [
        { partId: 'old', locationId: 'w', onHand: 3, costPriceFen: 100_00, lastConsumedAt: daysAgo(200), firstStockedAt: daysAgo(400) },
        { partId: 'busy', locationId: 'w', onHand: 9, costPriceFen: 100_00, lastConsumedAt: daysAgo(3), firstStockedAt: daysAgo(400) },
        { partId: 'never', locationId: 'w', onHand: 10, costPriceFen: 50_00, lastConsumedAt: null, firstStockedAt: daysAgo(365) },
        { partId: 'new', locationId: 'w', onHand: 10, costPriceFen: 50_00, lastConsumedAt: null, firstStockedAt: daysAgo(20) },
        { partId: 'gone', locationId: 'w', onHand: 0, costPriceFen: 50_00, lastConsumedAt: daysAgo(900), firstStockedAt: daysAgo(999) },
      ],
      now,
      180,
    );
    expect(found.map((f) => [f.partId, f.idleDays, f.valueFen])).toEqual([
      ['never', 365, 500_00],
      ['old', 200, 300_00],
    ]);
  });

  it('C4: unusual usage is a month above three times the subject’s own six-month average and at least five units', () => {
    const usage: MonthlyUsage[] = [
      ...monthsBefore('2026-11', 6).map((month) => ({ subject: 'technician' as const, subjectId: 'wang', partId: 'cap', month, quantity: 2 })),
      { subject: 'technician', subjectId: 'wang', partId: 'cap', month: '2026-11', quantity: 6 },
      ...monthsBefore('2026-11', 6).map((month) => ({ subject: 'technician' as const, subjectId: 'li', partId: 'cap', month, quantity: 1 })),
      { subject: 'technician', subjectId: 'li', partId: 'cap', month: '2026-11', quantity: 4 },
      { subject: 'customer', subjectId: 'acme', partId: 'cap', month: '2026-11', quantity: 6 },
      { subject: 'product', subjectId: 'kfr', partId: 'cap', month: '2026-04', quantity: 600 },
      { subject: 'product', subjectId: 'kfr', partId: 'cap', month: '2026-11', quantity: 5 },
    ];
    const flagged = unusualUsage(usage, '2026-11', rule);
    // wang: 6 is not above 3 × 2; li: 4 units only; acme: no history, 6 units; kfr: 600 was seven months ago, outside the window.
    expect(flagged.map((f) => [f.subject, f.subjectId, f.quantity, f.average, f.factorBp])).toEqual([
      ['customer', 'acme', 6, 0, null],
      ['product', 'kfr', 5, 0, null],
    ]);
    const wangHigh = unusualUsage([...usage, { subject: 'technician', subjectId: 'wang', partId: 'cap', month: '2026-11', quantity: 0.5 }], '2026-11', rule);
    expect(wangHigh.find((f) => f.subjectId === 'wang')).toMatchObject({ quantity: 6.5, average: 2, factorBp: 32_500 });
  });

  it('C5: every flag is above the factor and the minimum, and nothing above both is missed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 100 }), (history, now) => {
        const usage: MonthlyUsage[] = [
          ...monthsBefore('2026-11', 6).map((month, i) => ({ subject: 'customer' as const, subjectId: 'c', partId: 'p', month, quantity: history[i]! })),
          { subject: 'customer', subjectId: 'c', partId: 'p', month: '2026-11', quantity: now },
        ];
        const average = history.reduce((s, v) => s + v, 0) / 6;
        const expected = now >= 5 && (average === 0 || now > 3 * Number(average.toFixed(3)));
        return unusualUsage(usage, '2026-11', rule).length === (expected ? 1 : 0);
      }),
    );
  });

  it('C6: the seasonal moving average keeps a summer peak in summer and smooths one odd month', () => {
    const history = new Map<string, number>();
    // Twelve months to 2026-11: 10 a month, 40 in June to August.
    for (const m of monthsBefore('2026-12', 12)) history.set(m, ['06', '07', '08'].includes(m.slice(5)) ? 40 : 10);
    const forecast = seasonalForecast(history, '2026-12', 12);
    expect(forecast).toHaveLength(12);
    expect(forecast[0]).toEqual({ month: '2026-12', quantity: 10 });
    expect(forecast.find((f) => f.month === '2027-07')!.quantity).toBe(40);
    expect(forecast.find((f) => f.month === '2027-06')!.quantity).toBe(30);
    expect(forecast.find((f) => f.month === '2027-05')!.quantity).toBe(20);
    expect(forecast.reduce((s, f) => s + f.quantity, 0)).toBeCloseTo(9 * 10 + 3 * 40, 0);
  });

  it('C6: over a year of history the forecast of a year keeps the year’s total', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 12, maxLength: 12 }), (values) => {
        const history = new Map(monthsBefore('2027-01', 12).map((m, i) => [m, values[i]!]));
        const total = seasonalForecast(history, '2027-01', 12).reduce((s, f) => s + f.quantity, 0);
        return Math.abs(total - values.reduce((s, v) => s + v, 0)) < 0.02;
      }),
    );
  });

  it('C6: next year’s budget is the forecast at cost price, grown as assumed, per part and per category', () => {
    const year = (q: number) => Array.from({ length: 12 }, () => ({ quantity: q }));
    const b = budget(
      [
        { partId: 'a', categoryId: 'elec', costPriceFen: 12_00, months: year(10) },
        { partId: 'b', categoryId: 'elec', costPriceFen: 3_50, months: year(2.5) },
        { partId: 'c', categoryId: 'filter', costPriceFen: 20_00, months: year(1) },
      ],
      1_000,
    );
    expect(b.parts.map((p) => [p.partId, p.quantity, p.valueFen])).toEqual([
      ['a', 132, 1584_00],
      ['c', 13.2, 264_00],
      ['b', 33, 115_50],
    ]);
    expect(b.categories).toEqual([
      { categoryId: 'elec', quantity: 165, valueFen: 1699_50 },
      { categoryId: 'filter', quantity: 13.2, valueFen: 264_00 },
    ]);
    expect(b.totalFen).toBe(1963_50);
  });

  it('months count across years', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsBefore('2026-02', 3)).toEqual(['2025-11', '2025-12', '2026-01']);
  });
});
