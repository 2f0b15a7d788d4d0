/**
 * Money is integer fen (1 yuan = 100 fen); rates are integer basis points (1500 = 15 %).
 * Nothing here uses floating point for amounts.
 */
export type Fen = number;
export type BasisPoints = number;

/**
 * The one rounding rule: 四舍五入, round half away from zero, to whole fen.
 * `divideRounded(7, 2)` = 4, `divideRounded(-7, 2)` = -4.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = (n * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/** `amount × rate` in fen, rounded by the one rule (15 % of ¥10.05 = ¥1.51). */
export function applyRate(amount: Fen, rate: BasisPoints): Fen {
  assertFen(amount);
  return Number(divideRounded(BigInt(amount) * BigInt(rate), 10_000n));
}

/**
 * The money of a quantity of stock (at most three decimals: 1.005 米) at a unit price, by the
 * one rounding rule, computed exactly (1.005 × 100 fen is 100.5 fen, so 101 fen).
 */
export function quantityFen(quantity: number, unitFen: Fen): Fen {
  assertFen(unitFen);
  return Number(divideRounded(BigInt(Math.round(quantity * 1000)) * BigInt(unitFen), 1000n));
}

export function yuanToFen(yuan: number): Fen {
  // Yuan arrive from people with at most two decimals; the string form avoids 0.1 + 0.2 drift.
  const [whole, frac = ''] = Math.abs(yuan).toFixed(2).split('.');
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return yuan < 0 ? -fen : fen;
}

export function assertFen(amount: number): void {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not a whole number of fen: ${amount}`);
}

/** ¥1,234.50 style, for display only. */
export function formatYuan(amount: Fen, locale = 'zh-CN'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(amount / 100);
}
