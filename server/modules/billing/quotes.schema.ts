import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, instant, orgId, version } from '../../db/columns';
import { tickets } from '../tickets/tickets.schema';
import { customers } from '../customers/customers.schema';
import type { PricedLine } from '../../../shared/contracts/billing-quotes';

/**
 * A quote (estimate) on a ticket: its lines as priced (each with its rule), versioned per
 * ticket. A new one supersedes the open one, which stays readable. Expiry is `valid_until`.
 */
export const quotes = pgTable(
  'quotes',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    /** 1, 2, 3… per ticket: the API's `version`. */
    number: integer('number').notNull(),
    /** open, approved, declined, superseded (expired is open past `valid_until`). */
    status: text('status').$type<'open' | 'approved' | 'declined' | 'superseded'>().notNull(),
    lines: jsonb('lines').$type<PricedLine[]>().notNull(),
    totalFen: fen('total_fen').notNull(),
    discountBp: integer('discount_bp').notNull().default(0),
    bookingDiscountBp: integer('booking_discount_bp').notNull().default(0),
    customerCaused: boolean('customer_caused').notNull().default(false),
    requiresApproval: boolean('requires_approval').notNull().default(false),
    note: text('note'),
    validUntil: instant('valid_until').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    decidedAt: instant('decided_at'),
    decidedBy: uuid('decided_by'),
    decidedVia: text('decided_via').$type<'staff' | 'link'>(),
    signatureAttachmentId: uuid('signature_attachment_id'),
    signerName: text('signer_name'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('quotes_ticket_number_key').on(t.orgId, t.ticketId, t.number),
    // One open quote per ticket: a new one supersedes it in the same transaction.
    uniqueIndex('quotes_ticket_open_key').on(t.orgId, t.ticketId).where(sql`status = 'open'`),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
  ],
);

/** An approval link sent to the customer: only a SHA-256 of its token is kept. */
export const quoteLinks = pgTable(
  'quote_links',
  {
    orgId: orgId(),
    id: id(),
    quoteId: uuid('quote_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('quote_links_token_key').on(t.tokenHash),
    index('quote_links_quote_idx').on(t.orgId, t.quoteId),
    foreignKey({ columns: [t.orgId, t.quoteId], foreignColumns: [quotes.orgId, quotes.id] }),
  ],
);

/** Requests to the public approval page per address and window, shared by every server process. */
export const quoteLinkThrottles = pgTable(
  'quote_link_throttles',
  {
    key: text('key').notNull(),
    windowStartedAt: instant('window_started_at').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key] })],
);

/** The seed's exception: the technician marked the call-out as caused by the customer, with the reason. */
export const ticketChargeMarks = pgTable(
  'ticket_charge_marks',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    customerCaused: boolean('customer_caused').notNull(),
    reason: text('reason'),
    markedBy: uuid('marked_by').notNull(),
    markedAt: instant('marked_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ticketId] }), foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] })],
);
