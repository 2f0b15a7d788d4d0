import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRate, divideRounded, quantityFen, yuanToFen } from './money';

describe('money', () => {
  it('rounds half away from zero, to whole fen', () => {
    expect(divideRounded(7n, 2n)).toBe(4n);
    expect(divideRounded(-7n, 2n)).toBe(-4n);
    expect(divideRounded(5n, 3n)).toBe(2n);
    expect(applyRate(1005, 1500)).toBe(151);
  });

  it('converts yuan with two decimals to fen exactly', () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(1000)).toBe(100000);
    expect(yuanToFen(-12.35)).toBe(-1235);
  });

  it('never drifts more than half a fen from the exact product', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 30000 }), (amount, rate) => {
        const exact = (amount * rate) / 10000;
        expect(Math.abs(applyRate(amount, rate) - exact)).toBeLessThanOrEqual(0.5);
      }),
    );
  });

  it('values a quantity of stock exactly by the one rule, whatever the binary fractions', () => {
    expect(quantityFen(1.005, 100)).toBe(101);
    expect(quantityFen(-1.005, 100)).toBe(-101);
    expect(quantityFen(0.3, 15)).toBe(5);
    expect(quantityFen(2, 1_000_000_000)).toBe(2_000_000_000);
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000_000, max: 10_000_000_000 }), fc.integer({ min: 0, max: 1_000_000_000 }), (milli, unit) => {
        const exact = (milli * unit) / 1000;
        expect(Math.abs(quantityFen(milli / 1000, unit) - exact)).toBeLessThanOrEqual(0.5 + Math.abs(exact) * 1e-15);
      }),
    );
  });
});
