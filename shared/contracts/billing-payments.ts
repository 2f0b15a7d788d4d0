import { z } from 'zod';
import { isoDay, optionalText, shortText, uuid } from './common';

/**
 * Payments, refunds, fapiao, an order's costs and its net profit (M7), and receivables: the
 * shapes the API takes and answers, shared by the server and the web forms. Money is integer fen.
 */

export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'wechat_pay', 'alipay', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** 普票 (normal) and 专票 (special VAT) fapiao. */
export const INVOICE_KINDS = ['normal', 'special'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** M7: what an order's costs are for; `parts` is a part bought outside stock (stock parts count at cost by themselves). */
export const COST_KINDS = ['machining', 'travel', 'vehicle', 'tolls', 'shipping', 'parts', 'other'] as const;
export type CostKind = (typeof COST_KINDS)[number];

export const COST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type CostStatus = (typeof COST_STATUSES)[number];

/** The largest amount one entry takes: ¥10,000,000. */
export const MAX_ENTRY_FEN = 1_000_000_000;

/** A whole number of fen, more than zero. */
export const positiveFen = z.number().int().min(1).max(MAX_ENTRY_FEN);

// --- payments ---------------------------------------------------------------------------------

/**
 * Money received (amount above zero) or paid back (below zero: a refund, with its reason, never
 * more than what was paid). Fractions of a fen and zero are refused.
 */
export const recordPaymentBody = z
  .strictObject({
    amountFen: z.number().int().min(-MAX_ENTRY_FEN).max(MAX_ENTRY_FEN),
    method: z.enum(PAYMENT_METHODS),
    reference: optionalText(100),
    reason: optionalText(500),
  })
  .superRefine((body, ctx) => {
    if (body.amountFen === 0) ctx.addIssue({ code: 'custom', path: ['amountFen'], params: { message: 'payments.validation.amountZero' } });
    if (body.amountFen < 0 && !body.reason) ctx.addIssue({ code: 'custom', path: ['reason'], params: { message: 'payments.validation.refundReason' } });
  });
export type RecordPaymentBody = z.input<typeof recordPaymentBody>;

export const paymentView = z.object({
  id: uuid,
  ticketId: uuid,
  amountFen: z.number().int(),
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().nullable(),
  reason: z.string().nullable(),
  refund: z.boolean(),
  receivedBy: z.object({ id: uuid, name: z.string() }),
  receivedAt: z.date(),
});
export type PaymentView = z.infer<typeof paymentView>;

export const ticketPayments = z.object({
  items: z.array(paymentView),
  /** Payments less refunds. */
  collectedFen: z.number().int(),
  chargedFen: z.number().int(),
  outstandingFen: z.number().int(),
});
export type TicketPayments = z.infer<typeof ticketPayments>;

// --- fapiao -----------------------------------------------------------------------------------

export const requestInvoiceBody = z.strictObject({
  kind: z.enum(INVOICE_KINDS),
  buyerTitle: shortText(200),
  /** 纳税人识别号: 15 to 20 letters and digits; required for a 专票. */
  buyerTaxNumber: z
    .string()
    .trim()
    .regex(/^[0-9A-Z]{15,20}$/)
    .nullish(),
  amountFen: positiveFen,
});
export type RequestInvoiceBody = z.input<typeof requestInvoiceBody>;

export const issueInvoiceBody = z.strictObject({ number: shortText(40), issuedOn: isoDay });
export type IssueInvoiceBody = z.input<typeof issueInvoiceBody>;

export const reverseInvoiceBody = z.strictObject({ reason: shortText(500), number: shortText(40), issuedOn: isoDay });
export type ReverseInvoiceBody = z.input<typeof reverseInvoiceBody>;

export const invoiceView = z.object({
  id: uuid,
  ticketId: uuid,
  kind: z.enum(INVOICE_KINDS),
  buyerTitle: z.string(),
  buyerTaxNumber: z.string().nullable(),
  amountFen: z.number().int(),
  status: z.enum(['requested', 'issued', 'reversed', 'reversal']),
  reversesId: uuid.nullable(),
  reversedById: uuid.nullable(),
  reason: z.string().nullable(),
  number: z.string().nullable(),
  issuedOn: z.string().nullable(),
  requestedAt: z.date(),
  issuedAt: z.date().nullable(),
  version: z.number().int(),
});
export type InvoiceView = z.infer<typeof invoiceView>;

// --- costs (M7) -------------------------------------------------------------------------------

export const addCostBody = z.strictObject({ kind: z.enum(COST_KINDS), amountFen: positiveFen, note: optionalText(500) });
export type AddCostBody = z.input<typeof addCostBody>;

export const rejectCostBody = z.strictObject({ reason: shortText(500) });
export const approveCostsBody = z.strictObject({ items: z.array(z.object({ id: uuid, version: z.number().int() })).min(1).max(200) });

export const costView = z.object({
  id: uuid,
  ticketId: uuid,
  ticketNumber: z.string(),
  kind: z.enum(COST_KINDS),
  amountFen: z.number().int(),
  note: z.string().nullable(),
  status: z.enum(COST_STATUSES),
  enteredBy: z.object({ id: uuid, name: z.string() }),
  enteredAt: z.date(),
  decidedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  decidedAt: z.date().nullable(),
  rejectReason: z.string().nullable(),
  receiptId: uuid.nullable(),
  version: z.number().int(),
});
export type CostView = z.infer<typeof costView>;

export const costListQuery = z.object({
  status: z.enum(COST_STATUSES).optional(),
  ticketId: uuid.optional(),
  /** Entered in this month of the organisation's calendar (YYYY-MM). */
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
});

// --- money of a ticket (M7) -------------------------------------------------------------------

/** A ticket's money for finance: never shown to a customer. */
export const ticketMoney = z.object({
  chargedFen: z.number().int(),
  collectedFen: z.number().int(),
  outstandingFen: z.number().int(),
  /** Approved costs entered by hand plus the parts consumed on the ticket, at cost. */
  costsFen: z.number().int(),
  enteredCostsFen: z.number().int(),
  partsCostFen: z.number().int(),
  pendingCostsFen: z.number().int(),
  /** M7: collected − costs. */
  netProfitFen: z.number().int(),
});
export type TicketMoney = z.infer<typeof ticketMoney>;

// --- receivables ------------------------------------------------------------------------------

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const receivablesQuery = z.object({
  customerId: uuid.optional(),
  /** An ageing column by its index (0 = the youngest), as the summary lists them. */
  ageing: z.coerce.number().int().min(0).max(6).optional(),
  /** Charged in this month of the organisation's calendar (YYYY-MM). */
  chargedMonth: month.optional(),
  /** The `next` of the previous page. */
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ReceivablesQuery = z.output<typeof receivablesQuery>;

export const receivableView = z.object({
  ticketId: uuid,
  ticketNumber: z.string(),
  customerId: uuid,
  customerName: z.string(),
  chargedFen: z.number().int(),
  collectedFen: z.number().int(),
  outstandingFen: z.number().int(),
  chargedAt: z.date(),
  /** Whole days of the organisation's calendar since the charge. */
  days: z.number().int(),
  ageing: z.number().int(),
});
export type ReceivableView = z.infer<typeof receivableView>;

export const receivablesPage = z.object({ items: z.array(receivableView), next: z.string().nullable() });
export type ReceivablesPage = z.infer<typeof receivablesPage>;

export const ageingColumn = z.object({
  index: z.number().int(),
  /** Days since charged: from `fromDays` up to `toDays` (null: and older). */
  fromDays: z.number().int(),
  toDays: z.number().int().nullable(),
  tickets: z.number().int(),
  outstandingFen: z.number().int(),
});

export const receivablesSummary = z.object({
  day: z.string(),
  columns: z.array(ageingColumn),
  totalFen: z.number().int(),
  tickets: z.number().int(),
  customers: z.array(z.object({ customerId: uuid, customerName: z.string(), tickets: z.number().int(), outstandingFen: z.number().int(), byAgeing: z.array(z.number().int()) })),
});
export type ReceivablesSummary = z.infer<typeof receivablesSummary>;
