import { z } from 'zod';
import { ASSET_KINDS, TECHNICIAN_GRADES } from '../domain';
import { optionalText, shortText, uuid } from './common';

/**
 * Prices (labour rates E7, customer contracts R1), quotes the customer approves (C3, E1, E5, E7,
 * W3) and the charge with its explanation at delivery (A6). Money is integer fen, never
 * negative here (a reduction is a smaller line, not a negative one); rates are basis points.
 */

/** The most one amount may be: ¥100,000,000 (a whole fen, always). */
export const MAX_FEN = 10_000_000_000;
/** An amount of money in whole fen: negative or fractional amounts are refused. */
export const amountFen = z.number().int().min(0).max(MAX_FEN);
/** A discount in basis points: 10000 is 100 %, more is refused. */
export const discountBp = z.number().int().min(0).max(10_000);

export const LINE_KINDS = ['labour', 'part', 'travel', 'lodging', 'shipping', 'insurance', 'other'] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export const LABOUR_UNITS = ['hour', 'person_day'] as const;
export type LabourUnit = (typeof LABOUR_UNITS)[number];

/** The rule a line was priced by (shown beside each line, `enum.quoteRule.<rule>`). */
export const PRICE_RULES = [
  /** In warranty: ¥0 (E5 parts, E7 labour, travel). */
  'warranty',
  /** E5: the price agreed with this customer for this part. */
  'customer_contract',
  /** E5: the part's contract price (the customer has a contract). */
  'contract',
  /** The part's retail price. */
  'retail',
  /** E7: labour at the customer's contract rate (R1). */
  'contract_rate',
  /** E7: labour at the organisation's rate (per hour or per person-day). */
  'rate',
  /** E7: travel within the city is free. */
  'in_city',
  /** E7: out of the city, per kilometre. */
  'travel_per_km',
  /** E7: out of the city, one fixed amount per call-out. */
  'travel_fixed',
  /** The seed's exception: a call-out the customer caused charges only travel and lodging. */
  'customer_caused',
  /** The seed's exception: a replaced part at most the contract's unit price. */
  'customer_caused_cap',
  /** The price as entered (shipping, insurance, lodging, other). */
  'entered',
  /** A charge line changed after the quote, with its reason. */
  'adjusted',
] as const;
export type PriceRule = (typeof PRICE_RULES)[number];

const quoteQuantity = z
  .number()
  .gt(0)
  .max(100_000)
  .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, { params: { message: 'validation.quantityDecimals' } });

// --- prices (prices.manage) ------------------------------------------------------------------

export const labourRateBody = z.strictObject({
  unit: z.enum(LABOUR_UNITS),
  /** Only for this kind of asset; all kinds when absent. */
  assetKind: z.enum(ASSET_KINDS).nullish(),
  /** Only for this product line (as the asset's product names it); all when absent. */
  productLine: optionalText(100),
  /** Only for technicians of this grade; all grades when absent. */
  grade: z.enum(TECHNICIAN_GRADES).nullish(),
  rateFen: amountFen,
});
export type LabourRateBody = z.infer<typeof labourRateBody>;

export const labourRateView = z.object({
  id: uuid,
  unit: z.enum(LABOUR_UNITS),
  assetKind: z.enum(ASSET_KINDS).nullable(),
  productLine: z.string().nullable(),
  grade: z.enum(TECHNICIAN_GRADES).nullable(),
  rateFen: z.number().int(),
  version: z.number().int(),
});
export type LabourRateView = z.infer<typeof labourRateView>;

/** R1: a customer's contract with its agreed labour rates (parts prices are agreed in the parts catalogue). */
export const customerContractBody = z.strictObject({
  customerId: uuid,
  number: shortText(60),
  dayRateFen: amountFen.nullish(),
  hourRateFen: amountFen.nullish(),
  validFrom: z.iso.date().nullish(),
  validTo: z.iso.date().nullish(),
  note: optionalText(),
});
export type CustomerContractBody = z.infer<typeof customerContractBody>;

export const customerContractView = z.object({
  id: uuid,
  customerId: uuid,
  customerName: z.string(),
  number: z.string(),
  dayRateFen: z.number().int().nullable(),
  hourRateFen: z.number().int().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type CustomerContractView = z.infer<typeof customerContractView>;

export const pricesView = z.object({
  rates: z.array(labourRateView),
  contracts: z.array(customerContractView),
  travel: z.object({ perKmFen: z.number().int(), fixedFen: z.number().int() }),
});
export type PricesView = z.infer<typeof pricesView>;

// --- quotes ----------------------------------------------------------------------------------

export const quoteLineBody = z.strictObject({
  kind: z.enum(LINE_KINDS),
  description: shortText(200),
  quantity: quoteQuantity,
  unitPriceFen: amountFen,
  partId: uuid.nullish(),
  /** Labour: per hour or per person-day (E7); the contract's rate for that unit applies. */
  unit: z.enum(LABOUR_UNITS).nullish(),
  /** Travel: out of the city (E7: in-city travel is free); the quantity is then kilometres, or call-outs when travel is fixed. */
  outOfCity: z.boolean().nullish(),
});
export type QuoteLineBody = z.infer<typeof quoteLineBody>;

export const createQuoteBody = z.strictObject({
  lines: z.array(quoteLineBody).min(1).max(100),
  /** A further discount off labour and parts, after W3's. */
  discountBp: discountBp.optional(),
  /** Work on this ticket waits for this quote's approval (C3 needs it for an out-of-warranty RMA whatever this says). */
  requiresApproval: z.boolean().optional(),
  note: optionalText(),
});
export type CreateQuoteBody = z.infer<typeof createQuoteBody>;

export const pricedLine = z.object({
  kind: z.enum(LINE_KINDS),
  description: z.string(),
  quantity: z.number(),
  /** The unit price as entered. */
  enteredUnitPriceFen: z.number().int(),
  /** The unit price the rule gives, before discounts. */
  unitPriceFen: z.number().int(),
  partId: uuid.nullable(),
  unit: z.enum(LABOUR_UNITS).nullable(),
  outOfCity: z.boolean().nullable(),
  /** What the line costs the customer. */
  amountFen: z.number().int(),
  rule: z.enum(PRICE_RULES),
  /** E1: in warranty, but billed because people caused the damage. */
  humanDamage: z.boolean(),
  /** Discounts taken off the line, in order: W3 (booked appointment) and the quote's own. */
  discounts: z.array(z.object({ rule: z.enum(['W3', 'manual']), bp: z.number().int(), fen: z.number().int() })),
});
export type PricedLine = z.infer<typeof pricedLine>;

export const QUOTE_STATUSES = ['open', 'approved', 'declined', 'superseded', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

export const signatureView = z.object({ attachmentId: uuid, signerName: z.string(), signedAt: z.date() });

export const quoteView = z.object({
  id: uuid,
  ticketId: uuid,
  version: z.number().int(),
  status: z.enum(QUOTE_STATUSES),
  totalFen: z.number().int(),
  lines: z.array(pricedLine),
  discountBp: z.number().int(),
  bookingDiscountBp: z.number().int(),
  customerCaused: z.boolean(),
  requiresApproval: z.boolean(),
  note: z.string().nullable(),
  validUntil: z.date(),
  createdAt: z.date(),
  createdByName: z.string(),
  decidedAt: z.date().nullable(),
  decidedVia: z.enum(['staff', 'link']).nullable(),
  signature: signatureView.nullable(),
});
export type QuoteView = z.infer<typeof quoteView>;

/** A drawn signature: the pad's PNG as base64 (or a data: URL), with who signed. */
export const drawnSignature = z.strictObject({
  signerName: shortText(60),
  png: z
    .string()
    .max(700_000)
    .regex(/^(data:image\/png;base64,)?[A-Za-z0-9+/=]+$/, { message: 'validation.invalidFormat' }),
});
export type DrawnSignature = z.infer<typeof drawnSignature>;

export const quoteDecisionBody = z.strictObject({
  decision: z.enum(['approved', 'declined']),
  signature: drawnSignature.nullish(),
});
export type QuoteDecisionBody = z.infer<typeof quoteDecisionBody>;

export const quoteLinkView = z.object({ url: z.string(), path: z.string(), expiresAt: z.date() });

/** The seed's exception, marked by the technician with the reason. */
export const customerCausedBody = z.strictObject({ customerCaused: z.boolean(), reason: optionalText(300) });
export const customerCausedView = z.object({ customerCaused: z.boolean(), reason: z.string().nullable(), markedAt: z.date().nullable(), markedByName: z.string().nullable() });

/** What the quote editor starts from: the rates and the ticket's parts, priced. */
export const quoteDraftView = z.object({
  lines: z.array(quoteLineBody.extend({ partId: uuid.nullable(), unit: z.enum(LABOUR_UNITS).nullable(), outOfCity: z.boolean().nullable() })),
  priced: z.array(pricedLine),
  totalFen: z.number().int(),
  warranty: z.enum(['in', 'out', 'unknown']),
  humanDamage: z.boolean(),
  booked: z.boolean(),
  bookingDiscountBp: z.number().int(),
  customerCaused: customerCausedView,
  requiresApproval: z.boolean(),
});
export type QuoteDraftView = z.infer<typeof quoteDraftView>;

/** The public approval page: only what the quote needs (no phone, no address). */
export const publicQuoteView = z.object({
  organisation: z.string(),
  ticketNumber: z.string(),
  product: z.string().nullable(),
  version: z.number().int(),
  status: z.enum(QUOTE_STATUSES),
  lines: z.array(z.object({ kind: z.enum(LINE_KINDS), description: z.string(), quantity: z.number(), amountFen: z.number().int(), rule: z.enum(PRICE_RULES) })),
  totalFen: z.number().int(),
  validUntil: z.date(),
  linkExpiresAt: z.date(),
  /** The organisation's time zone: the page shows its dates on the organisation's calendar. */
  timeZone: z.string(),
});
export type PublicQuoteView = z.infer<typeof publicQuoteView>;

export const tokenParams = z.object({ token: z.string().min(20).max(100) });

// --- the charge ------------------------------------------------------------------------------

export const CHARGE_BASES = ['approved', 'declined'] as const;

export const chargeLine = pricedLine.extend({ no: z.number().int() });
export type ChargeLine = z.infer<typeof chargeLine>;

export const ADJUSTMENT_STATUSES = ['applied', 'pending', 'declined'] as const;

export const adjustmentView = z.object({
  id: uuid,
  lineNo: z.number().int(),
  description: z.string(),
  fromFen: z.number().int(),
  toFen: z.number().int(),
  deltaFen: z.number().int(),
  reason: z.string(),
  status: z.enum(ADJUSTMENT_STATUSES),
  createdAt: z.date(),
  createdByName: z.string(),
  decidedAt: z.date().nullable(),
  signature: signatureView.nullable(),
});
export type AdjustmentView = z.infer<typeof adjustmentView>;

export const chargeView = z.object({
  id: uuid,
  ticketId: uuid,
  quoteId: uuid,
  quoteVersion: z.number().int(),
  basis: z.enum(CHARGE_BASES),
  lines: z.array(chargeLine),
  totalFen: z.number().int(),
  /** What pending adjustments would add once the customer approves them. */
  pendingFen: z.number().int(),
  adjustments: z.array(adjustmentView),
  explanation: z
    .object({ explainedAt: z.date(), explainedByName: z.string(), signature: signatureView })
    .nullable(),
  /** M8: the months of warranty the repair carries (the charge's own, else the organisation's setting); 0 = none. */
  repairWarrantyMonths: z.number().int(),
  /** …and the day it ends (exclusive, the organisation's calendar), from the ticket's completion day (the charge's while not completed); null when none. */
  repairWarrantyEndsOn: z.string().nullable(),
  createdAt: z.date(),
  version: z.number().int(),
});
export type ChargeView = z.infer<typeof chargeView>;

/** M8: the months of warranty this repair carries (维修质保期), 0 = none. */
export const repairWarrantyBody = z.strictObject({ months: z.number().int().min(0).max(120) });
export type RepairWarrantyBody = z.infer<typeof repairWarrantyBody>;

/** 什么做了就收什么: change one line (or add one) with the reason; a rise waits for the customer. */
export const adjustChargeBody = z.strictObject({
  /** The line changed; absent adds a line. */
  lineNo: z.number().int().min(1).max(1000).nullish(),
  kind: z.enum(LINE_KINDS),
  description: shortText(200),
  quantity: z.number().min(0).max(100_000),
  unitPriceFen: amountFen,
  reason: shortText(300),
});
export type AdjustChargeBody = z.infer<typeof adjustChargeBody>;

export const adjustmentDecisionBody = z.strictObject({ decision: z.enum(['approved', 'declined']), signature: drawnSignature.nullish() });

/** A6: each line and its cost explained at delivery; the customer signs. */
export const explanationBody = z.strictObject({
  /** The line numbers explained: every line must be. */
  explainedLines: z.array(z.number().int().min(1)).max(1000),
  signature: drawnSignature,
});

export const chargeParams = z.object({ id: uuid, adjustmentId: uuid });
