import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, fen, instant, orgId, updatedAt, version } from '../../db/columns';
import { tickets } from '../tickets/tickets.schema';
import { products } from '../assets/assets.schema';

/**
 * C3, C5: one mail-in or carry-in repair per RMA ticket: its unit's arrival, the warranty
 * decision with the rule that made it, the repair outcome, QC, the way back; the DOA mark with
 * the unit's batch; an advance replacement with its deposit and return date. The steps
 * themselves are the ticket's events (type `rma`).
 */
export const rmaUnits = pgTable(
  'rma_units',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    /** registered, received, warranty_decided, repaired, qc_passed, shipped, closed. */
    stage: text('stage').notNull().default('registered'),
    /** The asset and product as they were when the unit arrived (the C5 report groups by them). */
    assetId: uuid('asset_id'),
    productId: uuid('product_id'),
    productName: text('product_name'),
    serialNumber: text('serial_number'),
    inboundCarrier: text('inbound_carrier'),
    inboundTracking: text('inbound_tracking'),
    receivedAt: instant('received_at'),
    condition: text('condition'),
    accessories: jsonb('accessories').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    photos: jsonb('photos').$type<{ id: string; fileName: string; contentType: string }[]>().notNull().default(sql`'[]'::jsonb`),
    lotNumber: text('lot_number'),
    serialFrom: text('serial_from'),
    serialTo: text('serial_to'),
    warrantyState: text('warranty_state'),
    warrantyReason: text('warranty_reason'),
    warrantyBasis: text('warranty_basis'),
    warrantyStartsOn: day('warranty_starts_on'),
    warrantyEndsOn: day('warranty_ends_on'),
    warrantyMonths: integer('warranty_months'),
    proofPurchasedOn: day('proof_purchased_on'),
    proofAttachmentId: uuid('proof_attachment_id'),
    warrantyDecidedOn: day('warranty_decided_on'),
    warrantyDecidedAt: instant('warranty_decided_at'),
    outcome: text('outcome'),
    replacementSerial: text('replacement_serial'),
    repairedAt: instant('repaired_at'),
    qcRounds: integer('qc_rounds').notNull().default(0),
    qcFailures: integer('qc_failures').notNull().default(0),
    qcPassedAt: instant('qc_passed_at'),
    outboundCarrier: text('outbound_carrier'),
    outboundTracking: text('outbound_tracking'),
    shippedAt: instant('shipped_at'),
    closedAt: instant('closed_at'),
    /** C5: suggested on receipt from the asset's dates; confirmed (or cleared) by staff. */
    doaSuggested: boolean('doa_suggested').notNull().default(false),
    doaBasis: text('doa_basis'),
    doaDaysAfter: integer('doa_days_after'),
    doaLimitDays: integer('doa_limit_days'),
    doa: boolean('doa').notNull().default(false),
    doaFault: text('doa_fault'),
    doaAt: instant('doa_at'),
    advanceCarrier: text('advance_carrier'),
    advanceTracking: text('advance_tracking'),
    advanceSerial: text('advance_serial'),
    advanceDepositFen: fen('advance_deposit_fen'),
    advanceShippedAt: instant('advance_shipped_at'),
    advanceDueOn: day('advance_due_on'),
    advanceReturnedAt: instant('advance_returned_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.ticketId] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    // C5: the month's arrivals.
    index('rma_units_received_idx').on(t.orgId, t.receivedAt),
    // Advance replacements still out, by due date.
    index('rma_units_advance_due_idx').on(t.orgId, t.advanceDueOn).where(sql`advance_shipped_at is not null and advance_returned_at is null`),
  ],
);

/** C5: a product's own DOA days, where it differs from the organisation's `billing.doaDays`. */
export const rmaProductDoaDays = pgTable(
  'rma_product_doa_days',
  {
    orgId: orgId(),
    productId: uuid('product_id').notNull(),
    doaDays: integer('doa_days').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.productId] }), foreignKey({ columns: [t.orgId, t.productId], foreignColumns: [products.orgId, products.id] })],
);
