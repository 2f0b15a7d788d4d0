import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LINE_KINDS } from '../../../shared/contracts/billing-quotes';
import { WARRANTY_STATES } from '../../../shared/domain';
import { priceQuote, type PricingContext } from './pricing-engine';

const context = fc.record({
  warranty: fc.constantFrom(...WARRANTY_STATES),
  humanDamage: fc.boolean(),
  customerCaused: fc.boolean(),
  bookingDiscountBp: fc.constantFrom(0, 1_000),
  discountBp: fc.integer({ min: 0, max: 10_000 }),
  travel: fc.record({ perKmFen: fc.integer({ min: 0, max: 10_00 }), fixedFen: fc.constantFrom(0, 150_00) }),
  contractRates: fc.constantFrom({}, { person_day: 700_00 }, { hour: 100_00, person_day: 700_00 }),
  parts: fc.constant(new Map([['p', { basis: 'contract' as const, unitPriceFen: 240_00, contractUnitFen: 240_00 }]])),
}) as fc.Arbitrary<PricingContext>;

const line = fc.record({
  kind: fc.constantFrom(...LINE_KINDS),
  description: fc.constant('x'),
  quantity: fc.integer({ min: 1, max: 100_000 }).map((n) => n / 1000),
  unitPriceFen: fc.integer({ min: 0, max: 1_000_000_00 }),
  partId: fc.constantFrom(null, 'p'),
  unit: fc.constantFrom(null, 'hour' as const, 'person_day' as const),
  outOfCity: fc.boolean(),
});

describe('the pricing engine', () => {
  it('never charges a negative or fractional amount, every line names its rule, and the total is the sum of the lines', () => {
    fc.assert(
      fc.property(context, fc.array(line, { minLength: 1, maxLength: 10 }), (ctx, lines) => {
        const priced = priceQuote(ctx, lines);
        for (const l of priced.lines) {
          expect(Number.isSafeInteger(l.amountFen) && l.amountFen >= 0).toBe(true);
          expect(l.rule).toBeTruthy();
        }
        expect(priced.totalFen).toBe(priced.lines.reduce((s, l) => s + l.amountFen, 0));
      }),
    );
  });

  it('E5, E7: in warranty (no damage by people, not customer-caused) parts, labour and travel cost nothing', () => {
    fc.assert(
      fc.property(context, fc.array(line, { minLength: 1, maxLength: 10 }), (ctx, lines) => {
        const covered = { ...ctx, warranty: 'in' as const, humanDamage: false, customerCaused: false };
        for (const l of priceQuote(covered, lines).lines.filter((l) => ['part', 'labour', 'travel', 'lodging'].includes(l.kind))) expect(l).toMatchObject({ amountFen: 0, rule: 'warranty' });
      }),
    );
  });

  it('a customer-caused call-out charges nothing but travel, lodging and parts (at most the contract price)', () => {
    fc.assert(
      fc.property(context, fc.array(line, { minLength: 1, maxLength: 10 }), (ctx, lines) => {
        const priced = priceQuote({ ...ctx, customerCaused: true }, lines).lines;
        for (const l of priced) {
          if (!['travel', 'lodging', 'part'].includes(l.kind)) expect(l.amountFen).toBe(0);
          if (l.kind === 'part' && l.partId === 'p') expect(l.unitPriceFen).toBeLessThanOrEqual(240_00);
        }
      }),
    );
  });
});
