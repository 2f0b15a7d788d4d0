import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, fen, id, instant, orgId, updatedAt, version } from '../../db/columns';
import { organisations, users } from '../identity/identity.schema';
import { tickets } from '../tickets/tickets.schema';
import type { DeductionEvidence, LedgerRule, StatementLineStatus, StatementStatus, Trade } from '../../../shared/contracts/contractors';

/** A contractor (施工责任单位): who built a building's trade and repairs its defects under warranty (R1, R3). */
export const contractors = pgTable(
  'contractors',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    /** 统一社会信用代码, unique per organisation when given. */
    creditCode: text('credit_code'),
    /** R3: the number that reaches its repair crew. */
    repairPhone: text('repair_phone').notNull(),
    responsiblePerson: text('responsible_person').notNull(),
    contacts: jsonb('contacts').$type<{ name: string; phone?: string | null; role?: string | null }[]>().notNull().default([]),
    note: text('note'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('contractors_credit_code_key').on(t.orgId, t.creditCode).where(sql`credit_code is not null`),
    uniqueIndex('contractors_name_key').on(t.orgId, t.name),
  ],
);

/** R1, R10: a repair contract for one project (estate): scope, unit prices, warranty per trade, the deposit. */
export const contractorContracts = pgTable(
  'contractor_contracts',
  {
    orgId: orgId(),
    id: id(),
    contractorId: uuid('contractor_id').notNull(),
    estate: text('estate').notNull(),
    scope: text('scope').notNull(),
    unitPrices: jsonb('unit_prices').$type<{ item: string; unit: string; priceFen: number }[]>().notNull().default([]),
    warrantyTerms: jsonb('warranty_terms').$type<{ trade: Trade; months: number }[]>().notNull().default([]),
    depositFen: fen('deposit_fen').notNull(),
    depositDueOn: day('deposit_due_on'),
    signedOn: day('signed_on'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contractor_contracts_contractor_idx').on(t.orgId, t.contractorId),
    foreignKey({ columns: [t.orgId, t.contractorId], foreignColumns: [contractors.orgId, contractors.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/**
 * R3: the responsibility map, one line per estate, building and trade and period. Lines of the
 * same building and trade never overlap in time (checked under a lock when one is added).
 */
export const contractorResponsibilities = pgTable(
  'contractor_responsibilities',
  {
    orgId: orgId(),
    id: id(),
    contractorId: uuid('contractor_id').notNull(),
    estate: text('estate').notNull(),
    building: text('building').notNull(),
    trade: text('trade').$type<Trade>().notNull(),
    /** From when the line holds; null: from the building's handover. */
    startsOn: day('starts_on'),
    /** R10: the trade's warranty end (from the construction contract); after it the repair is the developer's own. */
    warrantyEndsOn: day('warranty_ends_on').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contractor_responsibilities_unit_idx').on(t.orgId, t.estate, t.building, t.trade),
    index('contractor_responsibilities_contractor_idx').on(t.orgId, t.contractorId),
    foreignKey({ columns: [t.orgId, t.contractorId], foreignColumns: [contractors.orgId, contractors.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** R7: a written agreement by which a contractor delegates its warranty repairs to the centre, for a period. */
export const delegationAgreements = pgTable(
  'contractor_agreements',
  {
    orgId: orgId(),
    id: id(),
    contractorId: uuid('contractor_id').notNull(),
    /** The signed agreement, uploaded (files module). */
    attachmentId: uuid('attachment_id').notNull(),
    startsOn: day('starts_on').notNull(),
    endsOn: day('ends_on').notNull(),
    note: text('note'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contractor_agreements_contractor_idx').on(t.orgId, t.contractorId),
    foreignKey({ columns: [t.orgId, t.contractorId], foreignColumns: [contractors.orgId, contractors.id] }),
  ],
);

/**
 * The warranty deposit ledger (质保金台账): append-only lines; a contractor's balance is the sum
 * of its lines. Deposits and refunds of the deposit, deductions under R5, R6, R7 (negative, with
 * the ticket, cost basis, rate and evidence), and corrections (new lines naming the line they
 * correct, with a reason). Nothing is ever updated or deleted.
 */
export const depositLedger = pgTable(
  'contractor_deposit_ledger',
  {
    orgId: orgId(),
    id: id(),
    contractorId: uuid('contractor_id').notNull(),
    rule: text('rule').$type<LedgerRule>().notNull(),
    /** Signed fen: money held in is positive, a deduction or refund negative. */
    amountFen: fen('amount_fen').notNull(),
    ticketId: uuid('ticket_id'),
    costBasisFen: fen('cost_basis_fen'),
    rateBp: integer('rate_bp'),
    evidence: jsonb('evidence').$type<DeductionEvidence>().notNull().default({}),
    note: text('note'),
    correctsId: uuid('corrects_id'),
    /** The balance after this line, written with it (lines of one contractor are written under its lock). */
    balanceFen: fen('balance_fen').notNull(),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contractor_deposit_ledger_contractor_idx').on(t.orgId, t.contractorId, t.createdAt),
    index('contractor_deposit_ledger_ticket_idx').on(t.orgId, t.ticketId).where(sql`ticket_id is not null`),
    foreignKey({ columns: [t.orgId, t.contractorId], foreignColumns: [contractors.orgId, contractors.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.correctsId], foreignColumns: [t.orgId, t.id] }),
  ],
);

/**
 * R9: the quarter's written statement of a contractor's deductions, sent to it; it closes when
 * every line is settled (confirmed by the contractor, or its dispute answered).
 */
export const statements = pgTable(
  'contractor_statements',
  {
    orgId: orgId(),
    id: id(),
    contractorId: uuid('contractor_id').notNull(),
    /** `2026-Q4` */
    quarter: text('quarter').notNull(),
    fromOn: day('from_on').notNull(),
    toOn: day('to_on').notNull(),
    status: text('status').$type<StatementStatus>().notNull().default('open'),
    totalFen: fen('total_fen').notNull(),
    issuedBy: uuid('issued_by').notNull(),
    issuedAt: createdAt(),
    closedAt: instant('closed_at'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('contractor_statements_quarter_key').on(t.orgId, t.contractorId, t.quarter),
    foreignKey({ columns: [t.orgId, t.contractorId], foreignColumns: [contractors.orgId, contractors.id] }),
  ],
);

/** One deduction on a statement, and what became of it: confirmed, or disputed and then accepted (reversed) or rejected (answered). */
export const statementLines = pgTable(
  'contractor_statement_lines',
  {
    orgId: orgId(),
    id: id(),
    statementId: uuid('statement_id').notNull(),
    ledgerLineId: uuid('ledger_line_id').notNull(),
    /** The net deduction when the statement was made (a positive number). */
    amountFen: fen('amount_fen').notNull(),
    status: text('status').$type<StatementLineStatus>().notNull().default('open'),
    disputeReason: text('dispute_reason'),
    disputeAttachmentIds: jsonb('dispute_attachment_ids').$type<string[]>().notNull().default([]),
    disputedAt: instant('disputed_at'),
    answer: text('answer'),
    answeredBy: uuid('answered_by'),
    answeredAt: instant('answered_at'),
    /** The reversing ledger line, when a dispute was accepted. */
    reversalLineId: uuid('reversal_line_id'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contractor_statement_lines_statement_idx').on(t.orgId, t.statementId),
    foreignKey({ columns: [t.orgId, t.statementId], foreignColumns: [statements.orgId, statements.id] }),
    foreignKey({ columns: [t.orgId, t.ledgerLineId], foreignColumns: [depositLedger.orgId, depositLedger.id] }),
  ],
);

/**
 * Which building and trade each ticket is about, written with the ticket (R3), so that group
 * complaints (many tickets on one building's trade within a short time) are one indexed count
 * at intake and in reports.
 */
export const ticketUnits = pgTable(
  'contractor_ticket_units',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    estate: text('estate').notNull(),
    building: text('building').notNull(),
    trade: text('trade').$type<Trade>().notNull(),
    reportedAt: instant('reported_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ticketId] }), index('contractor_ticket_units_unit_idx').on(t.orgId, t.estate, t.building, t.trade, t.reportedAt)],
);

/**
 * The work quantity (工程量) of a deduction, asked of the contractor to countersign (the seed:
 * 按实际工程量进行维修单签认; R7: 费用经施工单位签认后…在质保金中扣除). An R5 or R6 deduction is on
 * the ledger at once (the contractor may dispute it in its quarterly statement); an R7 fee is
 * written on the ledger only when the contractor countersigns it (`ledgerLineId` then set).
 * Once countersigned, a row is never changed again.
 */
export const countersignatures = pgTable(
  'contractor_countersignatures',
  {
    orgId: orgId(),
    id: id(),
    contractorId: uuid('contractor_id').notNull(),
    ticketId: uuid('ticket_id').notNull(),
    rule: text('rule').$type<'R5' | 'R6' | 'R7'>().notNull(),
    workQuantity: text('work_quantity'),
    costBasisFen: fen('cost_basis_fen').notNull(),
    rateBp: integer('rate_bp').notNull(),
    /** The deduction, positive. */
    amountFen: fen('amount_fen').notNull(),
    evidence: jsonb('evidence').$type<DeductionEvidence>().notNull().default({}),
    note: text('note'),
    ledgerLineId: uuid('ledger_line_id'),
    signerName: text('signer_name'),
    signatureAttachmentId: uuid('signature_attachment_id'),
    signedBy: uuid('signed_by'),
    signedAt: instant('signed_at'),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contractor_countersignatures_contractor_idx').on(t.orgId, t.contractorId, t.createdAt),
    uniqueIndex('contractor_countersignatures_line_key').on(t.orgId, t.ledgerLineId).where(sql`ledger_line_id is not null`),
    foreignKey({ columns: [t.orgId, t.contractorId], foreignColumns: [contractors.orgId, contractors.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.ledgerLineId], foreignColumns: [depositLedger.orgId, depositLedger.id] }),
  ],
);
