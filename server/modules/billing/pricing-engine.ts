import type { LabourUnit, PricedLine, PriceRule, QuoteLineBody } from '../../../shared/contracts/billing-quotes';
import type { WarrantyState } from '../../../shared/domain';
import { applyRate, quantityFen } from '../../../shared/money';

/*
 * The pricing of a quote's lines: pure (no I/O), every number given. Each line comes out with
 * its amount and the rule that priced it, so the customer sees why a line costs what it does.
 *
 * - Parts (E5): in warranty ¥0; after warranty at the customer's contract price (the price the
 *   parts module names: agreed with this customer, the part's contract price, else retail).
 * - Labour (E7): in warranty ¥0; after warranty per hour or per person-day, at the customer's
 *   contract rate for that unit when the contract has one, else at the rate entered.
 * - Travel (E7): in warranty ¥0; in the city ¥0; out of the city per km or one fixed amount.
 * - Lodging: in warranty ¥0, else as entered. Shipping, insurance and other: as entered (C3:
 *   shipping and insurance are charged even when the unit is not repaired).
 * - E1: damage caused by people is not covered by the warranty: the ticket is priced as out
 *   of warranty, and the lines say so.
 * - The seed's exception, a call-out the customer caused (marked by the technician): only
 *   travel and lodging are charged (travel in the city at the price entered, out of the city
 *   as above), and a replaced part at most the contract's unit price; everything else ¥0.
 * - W3: a ticket booked through an appointment gets the booking discount off labour and
 *   parts; a quote's own discount comes after it.
 */

/** What the engine knows of one part named on a line: its price after warranty, and its contract unit price when the customer has one. */
export interface PartPrice {
  basis: 'customer_contract' | 'contract' | 'retail';
  unitPriceFen: number;
  /** The contract's unit price for this part (agreed or the part's contract price), when the customer has a contract. */
  contractUnitFen: number | null;
}

export interface PricingContext {
  warranty: WarrantyState;
  humanDamage: boolean;
  customerCaused: boolean;
  /** W3: the booking discount when the ticket came from a booked appointment, else 0. */
  bookingDiscountBp: number;
  /** The quote's own discount off labour and parts. */
  discountBp: number;
  travel: { perKmFen: number; fixedFen: number };
  /** R1: the customer's contract rates, per unit, when it has them. */
  contractRates: Partial<Record<LabourUnit, number>>;
  /** By part id. */
  parts: ReadonlyMap<string, PartPrice>;
}

export type LineInput = Pick<QuoteLineBody, 'kind' | 'description' | 'quantity' | 'unitPriceFen'> & {
  partId?: string | null | undefined;
  unit?: LabourUnit | null | undefined;
  outOfCity?: boolean | null | undefined;
};

/** In warranty, and the warranty covers it (E1: not when people caused the damage). */
export const covered = (ctx: Pick<PricingContext, 'warranty' | 'humanDamage'>) => ctx.warranty === 'in' && !ctx.humanDamage;

function base(ctx: PricingContext, line: LineInput): { unitPriceFen: number; rule: PriceRule; discounted: boolean } {
  const entered = line.unitPriceFen;
  const part = line.partId ? ctx.parts.get(line.partId) : undefined;
  if (ctx.customerCaused) {
    switch (line.kind) {
      case 'travel':
        if (line.outOfCity) return outOfCityTravel(ctx);
        return { unitPriceFen: entered, rule: 'customer_caused', discounted: false };
      case 'lodging':
        return { unitPriceFen: entered, rule: 'customer_caused', discounted: false };
      case 'part': {
        const price = part ? part.unitPriceFen : entered;
        const cap = part?.contractUnitFen ?? null;
        return { unitPriceFen: cap === null ? price : Math.min(price, cap), rule: 'customer_caused_cap', discounted: true };
      }
      default:
        return { unitPriceFen: 0, rule: 'customer_caused', discounted: false };
    }
  }
  switch (line.kind) {
    case 'part':
      if (covered(ctx)) return { unitPriceFen: 0, rule: 'warranty', discounted: false };
      if (part) return { unitPriceFen: part.unitPriceFen, rule: part.basis, discounted: true };
      return { unitPriceFen: entered, rule: 'entered', discounted: true };
    case 'labour': {
      if (covered(ctx)) return { unitPriceFen: 0, rule: 'warranty', discounted: false };
      const contract = line.unit ? ctx.contractRates[line.unit] : undefined;
      if (contract !== undefined) return { unitPriceFen: contract, rule: 'contract_rate', discounted: true };
      return { unitPriceFen: entered, rule: 'rate', discounted: true };
    }
    case 'travel':
      if (covered(ctx)) return { unitPriceFen: 0, rule: 'warranty', discounted: false };
      if (!line.outOfCity) return { unitPriceFen: 0, rule: 'in_city', discounted: false };
      return outOfCityTravel(ctx);
    case 'lodging':
      if (covered(ctx)) return { unitPriceFen: 0, rule: 'warranty', discounted: false };
      return { unitPriceFen: entered, rule: 'entered', discounted: false };
    default:
      return { unitPriceFen: entered, rule: 'entered', discounted: false };
  }
}

function outOfCityTravel(ctx: PricingContext): { unitPriceFen: number; rule: PriceRule; discounted: boolean } {
  return ctx.travel.fixedFen > 0
    ? { unitPriceFen: ctx.travel.fixedFen, rule: 'travel_fixed', discounted: false }
    : { unitPriceFen: ctx.travel.perKmFen, rule: 'travel_per_km', discounted: false };
}

/** One line priced: its amount, its rule, the discounts taken off it. */
export function priceLine(ctx: PricingContext, line: LineInput): PricedLine {
  const { unitPriceFen, rule, discounted } = base(ctx, line);
  const gross = quantityFen(line.quantity, unitPriceFen);
  const discounts: PricedLine['discounts'] = [];
  let amount = gross;
  if (discounted && amount > 0) {
    for (const [name, bp] of [
      ['W3', ctx.bookingDiscountBp],
      ['manual', ctx.discountBp],
    ] as const) {
      if (bp <= 0) continue;
      const off = Math.min(amount, applyRate(amount, bp));
      discounts.push({ rule: name, bp, fen: off });
      amount -= off;
    }
  }
  return {
    kind: line.kind,
    description: line.description,
    quantity: line.quantity,
    enteredUnitPriceFen: line.unitPriceFen,
    unitPriceFen,
    partId: line.partId ?? null,
    unit: line.unit ?? null,
    outOfCity: line.outOfCity ?? null,
    amountFen: amount,
    rule,
    humanDamage: ctx.humanDamage && !ctx.customerCaused && gross > 0,
    discounts,
  };
}

/** A quote's lines priced, and their total. */
export function priceQuote(ctx: PricingContext, lines: readonly LineInput[]): { lines: PricedLine[]; totalFen: number } {
  const priced = lines.map((line) => priceLine(ctx, line));
  return { lines: priced, totalFen: priced.reduce((sum, l) => sum + l.amountFen, 0) };
}

/** C3: what a declined quote still charges: shipping and insurance, even when the unit is not repaired. */
export const chargedWhenDeclined = (line: Pick<PricedLine, 'kind'>) => line.kind === 'shipping' || line.kind === 'insurance';
