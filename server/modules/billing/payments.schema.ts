import { sql } from 'drizzle-orm';
import { date, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { fen, id, instant, orgId, version } from '../../db/columns';
import { tickets } from '../tickets/tickets.schema';
import type { CostKind, CostStatus, InvoiceKind, PaymentMethod } from '../../../shared/contracts/billing-payments';

/**
 * Money received on a ticket, one row per receipt: a payment is positive, a refund negative
 * with its reason. Rows are never changed or deleted; the ticket's account (`ticket_accounts`)
 * holds their sum.
 */
export const payments = pgTable(
  'payments',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    amountFen: fen('amount_fen').notNull(),
    method: text('method').$type<PaymentMethod>().notNull(),
    reference: text('reference'),
    /** A refund's reason (required when the amount is negative). */
    reason: text('reason'),
    receivedBy: uuid('received_by').notNull(),
    receivedAt: instant('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    index('payments_ticket_idx').on(t.orgId, t.ticketId, t.receivedAt),
    index('payments_received_idx').on(t.orgId, t.receivedAt),
  ],
);

/**
 * Fapiao (发票): a customer's request with the buyer's title and tax number, completed with the
 * number and date once the finance office issues it. A red-letter reversal (红字发票) is a row
 * of its own with the negative amount, naming the one it reverses. Nothing is deleted.
 */
export const invoices = pgTable(
  'invoices',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').$type<InvoiceKind>().notNull(),
    buyerTitle: text('buyer_title').notNull(),
    buyerTaxNumber: text('buyer_tax_number'),
    amountFen: fen('amount_fen').notNull(),
    /** A red-letter reversal names the invoice it reverses. */
    reversesId: uuid('reverses_id'),
    reason: text('reason'),
    number: text('number'),
    issuedOn: date('issued_on', { mode: 'string' }),
    requestedBy: uuid('requested_by').notNull(),
    requestedAt: instant('requested_at').notNull(),
    issuedBy: uuid('issued_by'),
    issuedAt: instant('issued_at'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.reversesId], foreignColumns: [t.orgId, t.id] }),
    index('invoices_ticket_idx').on(t.orgId, t.ticketId),
    // One reversal per invoice.
    index('invoices_reverses_idx').on(t.orgId, t.reversesId).where(sql`reverses_id is not null`),
  ],
);

/**
 * M7: an order's costs entered by hand (machining, travel, vehicle, tolls, shipping, parts bought
 * outside stock, other), with a photo of the receipt; pending until someone holding
 * `costs.approve` approves or rejects it (entered by such a person, approved at once). Only
 * approved costs count in the ticket's account.
 */
export const ticketCosts = pgTable(
  'ticket_costs',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind').$type<CostKind>().notNull(),
    amountFen: fen('amount_fen').notNull(),
    note: text('note'),
    status: text('status').$type<CostStatus>().notNull(),
    enteredBy: uuid('entered_by').notNull(),
    enteredAt: instant('entered_at').notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: instant('decided_at'),
    rejectReason: text('reject_reason'),
    receiptId: uuid('receipt_id'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    index('ticket_costs_ticket_idx').on(t.orgId, t.ticketId),
    index('ticket_costs_pending_idx').on(t.orgId, t.enteredAt).where(sql`status = 'pending'`),
    index('ticket_costs_entered_idx').on(t.orgId, t.enteredAt, t.id),
  ],
);
