import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, numeric, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, id, instant, orgId, updatedAt, version } from '../../db/columns';
import { organisations, users } from '../identity/identity.schema';
import { products } from '../assets/assets.schema';
import { customers, sites } from '../customers/customers.schema';
import { tickets } from '../tickets/tickets.schema';
import type {
  CountStatus,
  LoanerStatus,
  LocationKind,
  MoveKind,
  OldPartCondition,
  RequisitionStatus,
  TicketPartStatus,
  TransferStatus,
} from '../../../shared/contracts/parts';

/**
 * A quantity of stock: exact decimals (metres and litres are counted in fractions, pieces
 * whole). Read as a JavaScript number; three decimals are exact in a double at these sizes.
 */
const quantity = (name: string) => numeric(name, { precision: 14, scale: 3, mode: 'number' });

/** C4: parts are kept by category; an import naming a category that is not here is refused. */
export const partCategories = pgTable(
  'part_categories',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('part_categories_name_key').on(t.orgId, t.name)],
);

/** One part of the catalogue (C4, E5, A2). */
export const parts = pgTable(
  'parts',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    /** The part number, unique per organisation, as printed on the box. */
    number: text('number').notNull(),
    name: text('name').notNull(),
    categoryId: uuid('category_id').notNull(),
    /** 个, 套, 米, 升… */
    unit: text('unit').notNull(),
    /** Whether a fraction of the unit may be moved (metres of cable) or only whole ones. */
    divisible: boolean('divisible').notNull().default(false),
    /** What the organisation pays. */
    costPriceFen: integer('cost_price_fen').notNull(),
    /** E5: what a customer with a contract pays, where no contract names its own price. */
    contractPriceFen: integer('contract_price_fen'),
    /** A2: what any other customer pays. */
    retailPriceFen: integer('retail_price_fen').notNull(),
    serialTracked: boolean('serial_tracked').notNull().default(false),
    /** E5: no longer made; its substitutes replace it. */
    discontinued: boolean('discontinued').notNull().default(false),
    /** Asset kinds it fits as a whole (every vehicle, every watch), beside the products named in `part_fits`. */
    fitsKinds: text('fits_kinds').array().notNull().default(sql`'{}'::text[]`),
    note: text('note'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('parts_number_key').on(t.orgId, t.number),
    index('parts_org_category_idx').on(t.orgId, t.categoryId),
    foreignKey({ columns: [t.orgId, t.categoryId], foreignColumns: [partCategories.orgId, partCategories.id] }),
    check('parts_prices_nonnegative', sql`cost_price_fen >= 0 and retail_price_fen >= 0 and (contract_price_fen is null or contract_price_fen >= 0)`),
  ],
);

/** E5: a discontinued part names the parts of the same function that replace it, best first. */
export const partSubstitutes = pgTable(
  'part_substitutes',
  {
    orgId: orgId(),
    partId: uuid('part_id').notNull(),
    substituteId: uuid('substitute_id').notNull(),
    rank: integer('rank').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.partId, t.substituteId] }),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.substituteId], foreignColumns: [parts.orgId, parts.id] }).onDelete('cascade'),
    check('part_substitutes_not_self', sql`part_id <> substitute_id`),
  ],
);

/** A2: which products a part fits, so an asset shows the parts that fit it with their stock. */
export const partFits = pgTable(
  'part_fits',
  {
    orgId: orgId(),
    partId: uuid('part_id').notNull(),
    productId: uuid('product_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.partId, t.productId] }),
    index('part_fits_product_idx').on(t.orgId, t.productId),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.productId], foreignColumns: [products.orgId, products.id] }).onDelete('cascade'),
  ],
);

/** E5: a price agreed with one customer for one part, over the part's contract price. */
export const partContractPrices = pgTable(
  'part_contract_prices',
  {
    orgId: orgId(),
    partId: uuid('part_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    priceFen: integer('price_fen').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.customerId, t.partId] }),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    check('part_contract_prices_nonnegative', sql`price_fen >= 0`),
  ],
);

/**
 * Where stock is: the central warehouse, a depot (E5: at a customer's site), a technician's
 * van or bag, and "with customer" for loaners. A location belongs to a person or to nobody.
 */
export const stockLocations = pgTable(
  'stock_locations',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    kind: text('kind').$type<LocationKind>().notNull(),
    ownerUserId: uuid('owner_user_id'),
    siteId: uuid('site_id'),
    /** For "nearest depot" (H3: reserve from the van first, then the nearest depot). */
    latitude: numeric('latitude', { mode: 'number' }),
    longitude: numeric('longitude', { mode: 'number' }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('stock_locations_name_key').on(t.orgId, t.name),
    index('stock_locations_owner_idx').on(t.orgId, t.ownerUserId),
    foreignKey({ columns: [t.orgId, t.ownerUserId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.siteId], foreignColumns: [sites.orgId, sites.id] }),
  ],
);

/**
 * The stock ledger: every change, never edited. A movement between two locations is two lines
 * with the same `moveId`. `onHandDelta`, `reservedDelta` and `inTransitDelta` sum, per part
 * and location, to the balance below (the bench and the tests check it by a query).
 */
export const stockMoves = pgTable(
  'stock_moves',
  {
    orgId: orgId(),
    id: id(),
    /** The movement this line is half of (both lines of a transfer share it). */
    moveId: uuid('move_id').notNull(),
    kind: text('kind').$type<MoveKind>().notNull(),
    partId: uuid('part_id').notNull(),
    locationId: uuid('location_id').notNull(),
    onHandDelta: quantity('on_hand_delta').notNull().default(0),
    reservedDelta: quantity('reserved_delta').notNull().default(0),
    inTransitDelta: quantity('in_transit_delta').notNull().default(0),
    serial: text('serial'),
    /** Cost of one unit at the time of the line (receipts set it; issues carry the part's cost price). */
    unitCostFen: integer('unit_cost_fen'),
    ticketId: uuid('ticket_id'),
    /** The document it belongs to: a receipt, transfer, requisition, count or reservation. */
    documentId: uuid('document_id'),
    reason: text('reason'),
    actorId: uuid('actor_id').notNull(),
    at: instant('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('stock_moves_part_location_idx').on(t.orgId, t.partId, t.locationId, t.at),
    index('stock_moves_ticket_idx').on(t.orgId, t.ticketId).where(sql`ticket_id is not null`),
    index('stock_moves_document_idx').on(t.orgId, t.documentId).where(sql`document_id is not null`),
    index('stock_moves_consumption_idx').on(t.orgId, t.partId, t.at).where(sql`kind = 'consume'`),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
  ],
);

/**
 * What is at each location, derived from the ledger and written in the same transaction as its
 * lines. The checks are the last guard: a racing withdrawal that slipped past the service's
 * conditional update fails here rather than leaving stock below zero.
 */
export const stockBalances = pgTable(
  'stock_balances',
  {
    orgId: orgId(),
    partId: uuid('part_id').notNull(),
    locationId: uuid('location_id').notNull(),
    onHand: quantity('on_hand').notNull().default(0),
    reserved: quantity('reserved').notNull().default(0),
    inTransit: quantity('in_transit').notNull().default(0),
    lastMovedAt: instant('last_moved_at'),
    /** C5: slow-moving stock is what has not been consumed for N days. */
    lastConsumedAt: instant('last_consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.partId, t.locationId] }),
    index('stock_balances_location_idx').on(t.orgId, t.locationId),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
    check('stock_balances_never_negative', sql`on_hand >= 0 and reserved >= 0 and in_transit >= 0 and reserved <= on_hand`),
  ],
);

/** Where each unit of a serial-tracked part is; null location once consumed or written off. */
export const stockSerials = pgTable(
  'stock_serials',
  {
    orgId: orgId(),
    partId: uuid('part_id').notNull(),
    serial: text('serial').notNull(),
    locationId: uuid('location_id'),
    /** Fitted to this asset (the asset's history shows it). */
    assetId: uuid('asset_id'),
    ticketId: uuid('ticket_id'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.partId, t.serial] }),
    index('stock_serials_location_idx').on(t.orgId, t.locationId, t.partId),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
  ],
);

/**
 * C4: a transfer is sent, then received; in between its quantity is in transit at the
 * destination. Its lines are the ledger's lines that name it as their document.
 */
export const stockTransfers = pgTable(
  'stock_transfers',
  {
    orgId: orgId(),
    id: id(),
    number: text('number').notNull(),
    fromLocationId: uuid('from_location_id').notNull(),
    toLocationId: uuid('to_location_id').notNull(),
    status: text('status').$type<TransferStatus>().notNull(),
    sentBy: uuid('sent_by').notNull(),
    sentAt: instant('sent_at').notNull(),
    receivedBy: uuid('received_by'),
    receivedAt: instant('received_at'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('stock_transfers_number_key').on(t.orgId, t.number),
    index('stock_transfers_open_idx').on(t.orgId, t.toLocationId).where(sql`status = 'in_transit'`),
    foreignKey({ columns: [t.orgId, t.fromLocationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
    foreignKey({ columns: [t.orgId, t.toLocationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
    check('stock_transfers_distinct', sql`from_location_id <> to_location_id`),
  ],
);

/**
 * The parts of a ticket: proposed by the agent or the technician (H3), reserved, issued to the
 * technician, consumed in the work report, returned unused. Cost and price are fixed when the
 * part is consumed (E5: nothing in warranty, else the contract price, else retail).
 */
export const ticketParts = pgTable(
  'ticket_parts',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    partId: uuid('part_id').notNull(),
    quantity: quantity('quantity').notNull(),
    status: text('status').$type<TicketPartStatus>().notNull(),
    /** Where it is reserved or was issued from, and the technician's van it went to. */
    locationId: uuid('location_id'),
    serial: text('serial'),
    /** The serial of the part taken out, when a serial-tracked part is replaced. */
    removedSerial: text('removed_serial'),
    inWarranty: boolean('in_warranty'),
    unitCostFen: integer('unit_cost_fen'),
    unitPriceFen: integer('unit_price_fen'),
    proposedBy: uuid('proposed_by').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('ticket_parts_ticket_idx').on(t.orgId, t.ticketId),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
    check('ticket_parts_positive', sql`quantity > 0`),
  ],
);

/** H7: the technician's request for the day's parts, approved and issued by the parts administrator. */
export const requisitions = pgTable(
  'requisitions',
  {
    orgId: orgId(),
    id: id(),
    number: text('number').notNull(),
    technicianId: uuid('technician_id').notNull(),
    /** Into the technician's van or bag. */
    toLocationId: uuid('to_location_id').notNull(),
    /** From the warehouse or depot the administrator issues from. */
    fromLocationId: uuid('from_location_id'),
    forDay: day('for_day').notNull(),
    status: text('status').$type<RequisitionStatus>().notNull(),
    note: text('note'),
    requestedAt: instant('requested_at').notNull(),
    decidedBy: uuid('decided_by'),
    decidedAt: instant('decided_at'),
    decisionNote: text('decision_note'),
    issuedBy: uuid('issued_by'),
    issuedAt: instant('issued_at'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('requisitions_number_key').on(t.orgId, t.number),
    index('requisitions_status_idx').on(t.orgId, t.status, t.forDay),
    index('requisitions_technician_idx').on(t.orgId, t.technicianId, t.forDay),
    foreignKey({ columns: [t.orgId, t.technicianId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.toLocationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
    foreignKey({ columns: [t.orgId, t.fromLocationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
  ],
);

export const requisitionLines = pgTable(
  'requisition_lines',
  {
    orgId: orgId(),
    requisitionId: uuid('requisition_id').notNull(),
    lineNo: integer('line_no').notNull(),
    partId: uuid('part_id').notNull(),
    ticketId: uuid('ticket_id'),
    quantity: quantity('quantity').notNull(),
    /** What the administrator issued: less than asked when stock is short, 0 when refused. */
    issuedQuantity: quantity('issued_quantity'),
    serials: text('serials').array(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.requisitionId, t.lineNo] }),
    foreignKey({ columns: [t.orgId, t.requisitionId], foreignColumns: [requisitions.orgId, requisitions.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    check('requisition_lines_positive', sql`quantity > 0`),
  ],
);

/** A part replaced in warranty comes back by its due date, with its serial and condition. */
export const oldPartReturns = pgTable(
  'old_part_returns',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    ticketPartId: uuid('ticket_part_id'),
    partId: uuid('part_id').notNull(),
    technicianId: uuid('technician_id').notNull(),
    quantity: quantity('quantity').notNull(),
    dueAt: instant('due_at').notNull(),
    returnedAt: instant('returned_at'),
    receivedBy: uuid('received_by'),
    /** Where it was put (a warehouse's returns shelf). */
    locationId: uuid('location_id'),
    serial: text('serial'),
    condition: text('condition').$type<OldPartCondition>(),
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('old_part_returns_open_idx').on(t.orgId, t.technicianId, t.dueAt).where(sql`returned_at is null`),
    index('old_part_returns_ticket_idx').on(t.orgId, t.ticketId),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }),
    foreignKey({ columns: [t.orgId, t.technicianId], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** A stock count (盘点) of one location: counted quantities against what the ledger says. */
export const stockCounts = pgTable(
  'stock_counts',
  {
    orgId: orgId(),
    id: id(),
    number: text('number').notNull(),
    locationId: uuid('location_id').notNull(),
    status: text('status').$type<CountStatus>().notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
    postedBy: uuid('posted_by'),
    postedAt: instant('posted_at'),
    note: text('note'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('stock_counts_number_key').on(t.orgId, t.number),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
  ],
);

export const stockCountLines = pgTable(
  'stock_count_lines',
  {
    orgId: orgId(),
    countId: uuid('count_id').notNull(),
    partId: uuid('part_id').notNull(),
    /** What the ledger said when the sheet was made (and again when it is posted). */
    expected: quantity('expected').notNull(),
    counted: quantity('counted'),
    countedBy: uuid('counted_by'),
    countedAt: instant('counted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.countId, t.partId] }),
    foreignKey({ columns: [t.orgId, t.countId], foreignColumns: [stockCounts.orgId, stockCounts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }),
    check('stock_count_lines_nonnegative', sql`counted is null or counted >= 0`),
  ],
);

/** C5, C6: when to reorder a part at a location, and how much. */
export const reorderRules = pgTable(
  'reorder_rules',
  {
    orgId: orgId(),
    partId: uuid('part_id').notNull(),
    locationId: uuid('location_id').notNull(),
    reorderPoint: quantity('reorder_point').notNull(),
    reorderQuantity: quantity('reorder_quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.partId, t.locationId] }),
    foreignKey({ columns: [t.orgId, t.partId], foreignColumns: [parts.orgId, parts.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.locationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
    check('reorder_rules_nonnegative', sql`reorder_point >= 0 and reorder_quantity > 0`),
  ],
);

/**
 * E3: a unit the organisation lends while the customer's own is repaired, kept in a pool at a
 * location, of a product. `equivalentProductIds` on the pool's product say which others are
 * equal or better (see `loanerEquivalents`).
 */
export const loanerUnits = pgTable(
  'loaner_units',
  {
    orgId: orgId(),
    id: id(),
    productId: uuid('product_id').notNull(),
    serial: text('serial').notNull(),
    /** The pool it belongs to and returns to. */
    homeLocationId: uuid('home_location_id').notNull(),
    status: text('status').$type<LoanerStatus>().notNull().default('available'),
    ticketId: uuid('ticket_id'),
    customerId: uuid('customer_id'),
    lentAt: instant('lent_at'),
    dueAt: instant('due_at'),
    note: text('note'),
    createdAt: createdAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('loaner_units_serial_key').on(t.orgId, t.productId, t.serial),
    index('loaner_units_pool_idx').on(t.orgId, t.homeLocationId, t.productId).where(sql`status = 'available'`),
    uniqueIndex('loaner_units_ticket_key').on(t.orgId, t.ticketId).where(sql`status = 'lent'`),
    foreignKey({ columns: [t.orgId, t.productId], foreignColumns: [products.orgId, products.id] }),
    foreignKey({ columns: [t.orgId, t.homeLocationId], foreignColumns: [stockLocations.orgId, stockLocations.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** E3: "equal or better specification": which products may stand in for another as a loaner. */
export const loanerEquivalents = pgTable(
  'loaner_equivalents',
  {
    orgId: orgId(),
    productId: uuid('product_id').notNull(),
    equivalentId: uuid('equivalent_id').notNull(),
    rank: integer('rank').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.productId, t.equivalentId] }),
    foreignKey({ columns: [t.orgId, t.productId], foreignColumns: [products.orgId, products.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.equivalentId], foreignColumns: [products.orgId, products.id] }).onDelete('cascade'),
    check('loaner_equivalents_not_self', sql`product_id <> equivalent_id`),
  ],
);
