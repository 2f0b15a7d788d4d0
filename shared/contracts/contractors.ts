import { z } from 'zod';
import { TRADES, type Trade } from '../domain';
import { drawnSignature } from './billing-quotes';
import { createUserBody } from './identity';
import { isoDay, optionalText, phone, shortText, uuid } from './common';

/**
 * Contractors (施工责任单位) and their warranty deposits (质保金), R1 to R10: the register, the
 * responsibility map (estate, building, trade → contractor), the contractor's portal steps, and
 * the deposit ledger with its deductions (R5, R6, R7).
 */

export { TRADES, type Trade };

/** What a ledger line is: the deposit received, a deduction under a rule, a correction, the deposit paid back. */
export const LEDGER_RULES = ['deposit', 'R5', 'R6', 'R7', 'correction', 'refund'] as const;
export type LedgerRule = (typeof LEDGER_RULES)[number];
export const DEDUCTION_RULES = ['R5', 'R6', 'R7'] as const;
export type DeductionRule = (typeof DEDUCTION_RULES)[number];

const fenAmount = z.number().int().min(1).max(1e13);
const contact = z.strictObject({ name: shortText(60), phone: phone.nullish(), role: optionalText(60) });

export const createContractorBody = z.strictObject({
  name: shortText(120),
  /** 统一社会信用代码: 18 characters, digits and capital letters. */
  creditCode: z
    .string()
    .trim()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, { message: 'validation.invalid' })
    .nullish(),
  /** R3: every contractor registers a repair phone and a responsible person. */
  repairPhone: phone,
  responsiblePerson: shortText(60),
  contacts: z.array(contact).max(20).optional(),
  note: optionalText(500),
});
export type CreateContractorBody = z.infer<typeof createContractorBody>;

export const updateContractorBody = createContractorBody.partial().strict();
export type UpdateContractorBody = z.infer<typeof updateContractorBody>;

export const contractorListQuery = z.object({ q: z.string().trim().max(60).optional() });

export const contractorSummary = z.object({
  id: uuid,
  name: z.string(),
  creditCode: z.string().nullable(),
  repairPhone: z.string(),
  responsiblePerson: z.string(),
  balanceFen: z.number().int(),
  openTickets: z.number().int(),
});
export type ContractorSummary = z.infer<typeof contractorSummary>;

const unitPrice = z.strictObject({ item: shortText(100), unit: shortText(20), priceFen: z.number().int().min(0).max(1e13) });
const warrantyTerm = z.strictObject({ trade: z.enum(TRADES), months: z.number().int().min(1).max(1200) });

/** R1, R10: a repair contract per project, its scope, unit prices, warranty per trade and the deposit. */
export const createContractBody = z.strictObject({
  estate: shortText(100),
  scope: shortText(1000),
  unitPrices: z.array(unitPrice).max(200).default([]),
  warrantyTerms: z.array(warrantyTerm).max(20).default([]),
  /** The deposit the contract holds back (质保金). */
  depositFen: z.number().int().min(0).max(1e13),
  /** When the deposit is due back to the contractor. */
  depositDueOn: isoDay.nullish(),
  signedOn: isoDay.nullish(),
});
export type CreateContractBody = z.infer<typeof createContractBody>;

export const contractView = z.object({
  id: uuid,
  contractorId: uuid,
  estate: z.string(),
  scope: z.string(),
  unitPrices: z.array(z.object({ item: z.string(), unit: z.string(), priceFen: z.number().int() })),
  warrantyTerms: z.array(z.object({ trade: z.enum(TRADES), months: z.number().int() })),
  depositFen: z.number().int(),
  depositDueOn: z.string().nullable(),
  signedOn: z.string().nullable(),
  createdAt: z.date(),
});
export type ContractView = z.infer<typeof contractView>;

/** R3: one line of the responsibility map. `startsOn` absent: from the start of the building. */
export const createResponsibilityBody = z.strictObject({
  estate: shortText(100),
  building: shortText(60),
  trade: z.enum(TRADES),
  startsOn: isoDay.nullish(),
  warrantyEndsOn: isoDay,
});
export type CreateResponsibilityBody = z.infer<typeof createResponsibilityBody>;

export const responsibilityView = z.object({
  id: uuid,
  contractorId: uuid,
  contractorName: z.string(),
  estate: z.string(),
  building: z.string(),
  trade: z.enum(TRADES),
  startsOn: z.string().nullable(),
  warrantyEndsOn: z.string(),
});
export type ResponsibilityView = z.infer<typeof responsibilityView>;

export const responsibilityQuery = z.object({ estate: z.string().trim().max(100).optional(), building: z.string().trim().max(60).optional() });

export const contractorView = contractorSummary.extend({
  contacts: z.array(z.object({ name: z.string(), phone: z.string().nullish(), role: z.string().nullish() })),
  note: z.string().nullable(),
  contracts: z.array(contractView),
  responsibilities: z.array(responsibilityView),
  createdAt: z.date(),
  version: z.number().int(),
});
export type ContractorView = z.infer<typeof contractorView>;

export const depositBody = z.strictObject({ amountFen: fenAmount, note: optionalText(500) });

/**
 * A deduction (R5 emergency at 100 %, R6 default at 200 %, R7 delegated fee), on one ticket of
 * the contractor. The cost basis is the centre's actual cost of the repair (labour and materials).
 */
export const deductionBody = z.strictObject({
  ticketId: uuid,
  rule: z.enum(DEDUCTION_RULES),
  /** The repair's actual cost; without one (or zero) nothing is deducted: 422 DEDUCTION_WITHOUT_COST. */
  costBasisFen: z.number().int().min(0).max(1e13).nullish(),
  /** R7: the delegation agreement the fee is paid under. */
  agreementId: uuid.nullish(),
  /** Photos, the contractor's countersigned work quantity (工程量), sign-offs: attachment ids. */
  attachmentIds: z.array(uuid).max(20).optional(),
  /** The work quantity (工程量) the deduction rests on (e.g. "卫生间防水 6 m²"), for the contractor to countersign. R7 fees are always countersigned. */
  workQuantity: optionalText(300),
  note: optionalText(500),
});
export type DeductionBody = z.infer<typeof deductionBody>;

/** A correction is a new line reversing (part of) an earlier one, with its reason. */
export const correctionBody = z.strictObject({ amountFen: fenAmount, reason: shortText(500) });

/** R7: a written delegation agreement (uploaded first as an attachment) and its period. */
export const agreementBody = z.strictObject({ attachmentId: uuid, startsOn: isoDay, endsOn: isoDay, note: optionalText(500) });
/** R7: the period of an agreement uploaded with it (multipart `file`, PDF or image; these in the query string). */
export const agreementUploadQuery = z.strictObject({ startsOn: isoDay, endsOn: isoDay, note: optionalText(500) });
export const agreementView = z.object({ id: uuid, contractorId: uuid, attachmentId: uuid, fileName: z.string().nullable(), startsOn: z.string(), endsOn: z.string(), note: z.string().nullable(), createdAt: z.date() });
export type AgreementView = z.infer<typeof agreementView>;

/** What a deduction keeps as its proof: the R4 clock as it stood, photos, sign-offs. */
export const deductionEvidence = z.object({
  clock: z
    .object({ metric: z.string(), startedAt: z.string().nullable(), dueAt: z.string().nullable(), stoppedAt: z.string().nullable(), breached: z.boolean() })
    .nullable()
    .optional(),
  attachmentIds: z.array(uuid).optional(),
  agreementId: uuid.nullable().optional(),
  emergency: z.boolean().optional(),
  /** The work quantity (工程量) the contractor is asked to countersign. */
  workQuantity: z.string().nullable().optional(),
});
export type DeductionEvidence = z.infer<typeof deductionEvidence>;

/** The contractor's drawn countersignature of a deduction's work quantity (or of an R7 fee). */
export const countersignatureView = z.object({ signerName: z.string(), attachmentId: uuid, signedAt: z.date() });

export const ledgerLine = z.object({
  id: uuid,
  rule: z.enum(LEDGER_RULES),
  /** Signed: money in is positive, a deduction negative. */
  amountFen: z.number().int(),
  ticketId: uuid.nullable(),
  ticketNumber: z.string().nullable(),
  costBasisFen: z.number().int().nullable(),
  rateBp: z.number().int().nullable(),
  evidence: deductionEvidence,
  note: z.string().nullable(),
  correctsId: uuid.nullable(),
  /** The contractor's countersignature of the line's work quantity, when one was asked: null while it waits. */
  countersignature: countersignatureView.nullable(),
  /** The balance after this line. */
  balanceFen: z.number().int(),
  /** The deduction took more than the deposit held: the shortfall is owed by the contractor. */
  exceedsDeposit: z.boolean(),
  createdBy: z.object({ id: uuid, name: z.string() }).nullable(),
  createdAt: z.date(),
});
export type LedgerLine = z.infer<typeof ledgerLine>;

/** A deduction's work quantity asked of the contractor: an R7 fee waits for it before it is written on the ledger. */
export const countersignItem = z.object({
  id: uuid,
  contractorId: uuid,
  ticketId: uuid,
  ticketNumber: z.string().nullable(),
  rule: z.enum(DEDUCTION_RULES),
  workQuantity: z.string().nullable(),
  costBasisFen: z.number().int(),
  rateBp: z.number().int(),
  amountFen: z.number().int(),
  /** The ledger line: written at once for R5 and R6, when countersigned for R7. */
  ledgerLineId: uuid.nullable(),
  countersignature: countersignatureView.nullable(),
  createdAt: z.date(),
});
export type CountersignItem = z.infer<typeof countersignItem>;

export const countersignBody = z.strictObject({ signature: drawnSignature });

export const ledgerView = z.object({
  contractorId: uuid,
  balanceFen: z.number().int(),
  items: z.array(ledgerLine),
  /** R7 fees waiting for the contractor's countersignature: not in the balance yet. */
  pending: z.array(countersignItem),
});
export type LedgerView = z.infer<typeof ledgerView>;

/** The agent changes a ticket's contractor (or takes it from any, `contractorId: null`) with a reason. */
export const ticketContractorBody = z.strictObject({ contractorId: uuid.nullable(), reason: shortText(500) });
export const selfRepairBody = z.strictObject({ reason: shortText(500) });
export const portalStepBody = z.strictObject({ note: optionalText(500) });

/**
 * The contractor agrees the repair on site (after its arrival): what will be done and its work
 * quantity (工程量); above `contractors.valueThresholdFen` (the ticket's estimated value) also
 * the agreed cost.
 */
export const agreeRepairBody = z.strictObject({
  scope: shortText(500),
  workQuantity: shortText(300),
  agreedCostFen: z.number().int().min(1).max(1e13).nullish(),
  note: optionalText(500),
});
export type AgreeRepairBody = z.infer<typeof agreeRepairBody>;

/** Portal users of a contractor: created from the contractor's page (S18: linked to an existing contractor). */
export const contractorUserBody = createUserBody.pick({ username: true, password: true, name: true, phone: true, locale: true }).strict();
export type ContractorUserBody = z.infer<typeof contractorUserBody>;

/** Who is responsible for a ticket: the contractor, the map line it came from, and the R4 clock. */
export const ticketContractorView = z.object({
  ticketId: uuid,
  trade: z.enum(TRADES).nullable(),
  contractor: z.object({ id: uuid, name: z.string(), repairPhone: z.string(), responsiblePerson: z.string() }).nullable(),
  /** The map's line for the ticket's unit and trade, even when its warranty has ended. */
  responsibility: responsibilityView.nullable(),
  /** R10: the trade's warranty ended before the report: the developer's own repair. */
  warrantyEnded: z.boolean(),
  acceptedAt: z.date().nullable(),
  arrivedAt: z.date().nullable(),
  selfRepair: z.object({ reason: z.string(), at: z.date() }).nullable(),
  /** The repair as the contractor agreed it on site (after arrival). */
  agreement: z.object({ scope: z.string(), workQuantity: z.string(), agreedCostFen: z.number().int().nullable(), at: z.date() }).nullable(),
  /** The ticket's estimated value is above `contractors.valueThresholdFen`: agreeing the repair names its cost. */
  costRequired: z.boolean(),
});
export type TicketContractorView = z.infer<typeof ticketContractorView>;

/** R9: a project's month. `month` is YYYY-MM in the organisation's time zone. */
export const monthlyReportQuery = z.object({
  estate: shortText(100),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.invalid' }),
});

/** How the contractor met its R4 deadline on a ticket. */
export const ON_SITE_OUTCOMES = ['on_time', 'late', 'pending', 'none'] as const;
export type OnSiteOutcome = (typeof ON_SITE_OUTCOMES)[number];

export const monthlyReportView = z.object({
  estate: z.string(),
  month: z.string(),
  totals: z.object({ tickets: z.number().int(), onTime: z.number().int(), late: z.number().int(), pending: z.number().int(), developerOwn: z.number().int(), deductedFen: z.number().int() }),
  /** By trade and contractor (the developer's own repairs under a null contractor). */
  groups: z.array(
    z.object({
      trade: z.enum(TRADES).nullable(),
      contractorId: uuid.nullable(),
      contractorName: z.string().nullable(),
      tickets: z.number().int(),
      onTime: z.number().int(),
      late: z.number().int(),
      pending: z.number().int(),
      deductedFen: z.number().int(),
    }),
  ),
  /** The repair ledger (台账): every ticket of the month. */
  tickets: z.array(
    z.object({
      id: uuid,
      number: z.string(),
      reportedAt: z.date(),
      building: z.string().nullable(),
      unit: z.string().nullable(),
      room: z.string().nullable(),
      trade: z.enum(TRADES).nullable(),
      contractorId: uuid.nullable(),
      contractorName: z.string().nullable(),
      status: z.string(),
      onSite: z.enum(ON_SITE_OUTCOMES),
      arrivedAt: z.date().nullable(),
      deductedFen: z.number().int(),
    }),
  ),
  /** Group complaints: buildings and trades with many tickets in a short time (settings). */
  clusters: z.array(z.object({ building: z.string(), trade: z.enum(TRADES), tickets: z.number().int(), firstAt: z.date(), lastAt: z.date() })),
});
export type MonthlyReportView = z.infer<typeof monthlyReportView>;

/** R9: the quarter's statement of deductions. */
export const STATEMENT_STATUSES = ['open', 'closed'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];
/** A line: open until the contractor confirms or disputes it; a dispute is accepted (reversed) or rejected (answered). */
export const STATEMENT_LINE_STATUSES = ['open', 'confirmed', 'disputed', 'accepted', 'rejected'] as const;
export type StatementLineStatus = (typeof STATEMENT_LINE_STATUSES)[number];

export const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, { message: 'validation.invalid' });
export const statementBody = z.strictObject({ quarter });
export const disputeBody = z.strictObject({ reason: shortText(1000), attachmentIds: z.array(uuid).max(10).optional() });
export const decisionBody = z.strictObject({ accept: z.boolean(), answer: shortText(1000) });

export const statementLineView = z.object({
  id: uuid,
  ledgerLineId: uuid,
  rule: z.enum(LEDGER_RULES),
  ticketId: uuid.nullable(),
  ticketNumber: z.string().nullable(),
  costBasisFen: z.number().int().nullable(),
  rateBp: z.number().int().nullable(),
  amountFen: z.number().int(),
  status: z.enum(STATEMENT_LINE_STATUSES),
  disputeReason: z.string().nullable(),
  disputeAttachmentIds: z.array(uuid),
  answer: z.string().nullable(),
  reversalLineId: uuid.nullable(),
});
export const statementView = z.object({
  id: uuid,
  contractorId: uuid,
  contractorName: z.string(),
  quarter: z.string(),
  fromOn: z.string(),
  toOn: z.string(),
  status: z.enum(STATEMENT_STATUSES),
  totalFen: z.number().int(),
  issuedAt: z.date(),
  closedAt: z.date().nullable(),
  lines: z.array(statementLineView),
});
export type StatementView = z.infer<typeof statementView>;
