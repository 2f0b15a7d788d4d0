import { foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, fen, id, instant, orgId, version } from '../../db/columns';
import { tickets } from '../tickets/tickets.schema';
import { customers } from '../customers/customers.schema';
import { quotes } from './quotes.schema';
import type { ChargeLine } from '../../../shared/contracts/billing-quotes';

/**
 * A ticket's charge (什么做了就收什么): made from its decided quote, its lines adjusted with
 * reasons; `total_fen` is what counts (pending rises are not in it). The A6 explanation and
 * the customer's signature are kept on it.
 */
export const charges = pgTable(
  'charges',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    quoteId: uuid('quote_id').notNull(),
    basis: text('basis').$type<'approved' | 'declined'>().notNull(),
    lines: jsonb('lines').$type<ChargeLine[]>().notNull(),
    totalFen: fen('total_fen').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    explainedAt: instant('explained_at'),
    explainedBy: uuid('explained_by'),
    explanationAttachmentId: uuid('explanation_attachment_id'),
    explanationSignerName: text('explanation_signer_name'),
    /** M8: the months of warranty this repair carries (维修质保期); null = the organisation's `billing.repairWarrantyMonths`, 0 = none. */
    repairWarrantyMonths: integer('repair_warranty_months'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('charges_ticket_key').on(t.orgId, t.ticketId),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    foreignKey({ columns: [t.orgId, t.quoteId], foreignColumns: [quotes.orgId, quotes.id] }),
  ],
);

/** A change to one charge line, with its reason; a rise waits for the customer's signed approval. */
export const chargeAdjustments = pgTable(
  'charge_adjustments',
  {
    orgId: orgId(),
    id: id(),
    chargeId: uuid('charge_id').notNull(),
    lineNo: integer('line_no').notNull(),
    /** The line as it is to be. */
    line: jsonb('line').$type<ChargeLine>().notNull(),
    fromFen: fen('from_fen').notNull(),
    toFen: fen('to_fen').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<'applied' | 'pending' | 'declined'>().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    decidedAt: instant('decided_at'),
    signatureAttachmentId: uuid('signature_attachment_id'),
    signerName: text('signer_name'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('charge_adjustments_charge_idx').on(t.orgId, t.chargeId, t.createdAt),
    foreignKey({ columns: [t.orgId, t.chargeId], foreignColumns: [charges.orgId, charges.id] }),
  ],
);
