import { z } from 'zod';
import { instant, listOf, optionalText, pageQuery, shortText, uuid } from './common';

/**
 * Spare parts and stock: the catalogue, locations, and one ledger of every change (C4, C6, E5,
 * H7, A2). Quantities are decimals with at most three places; whether a fraction is allowed
 * is the part's (`divisible`), checked by the service.
 */

export const LOCATION_KINDS = ['warehouse', 'depot', 'van', 'customer'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

/** What a ledger line records. */
export const MOVE_KINDS = [
  'receipt',
  'transfer_out',
  'transfer_in',
  'reserve',
  'unreserve',
  'issue',
  'consume',
  'return',
  'old_part_return',
  'write_off',
  'adjust',
] as const;
export type MoveKind = (typeof MOVE_KINDS)[number];

export const TRANSFER_STATUSES = ['in_transit', 'received'] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const TICKET_PART_STATUSES = ['proposed', 'reserved', 'issued', 'consumed', 'returned', 'cancelled'] as const;
export type TicketPartStatus = (typeof TICKET_PART_STATUSES)[number];

export const REQUISITION_STATUSES = ['requested', 'approved', 'issued', 'rejected', 'cancelled'] as const;
export type RequisitionStatus = (typeof REQUISITION_STATUSES)[number];

export const COUNT_STATUSES = ['open', 'posted', 'cancelled'] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];

export const LOANER_STATUSES = ['available', 'lent', 'retired'] as const;
export type LoanerStatus = (typeof LOANER_STATUSES)[number];

export const OLD_PART_CONDITIONS = ['faulty', 'damaged', 'working', 'missing_parts'] as const;
export type OldPartCondition = (typeof OLD_PART_CONDITIONS)[number];

const MAX_QUANTITY = 10_000_000;
/** A quantity to move: above zero, at most three decimals. */
export const quantity = z
  .number()
  .gt(0)
  .max(MAX_QUANTITY)
  .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, { params: { message: 'validation.quantityDecimals' } });
/** A counted quantity: zero allowed. */
export const countedQuantity = z
  .number()
  .min(0)
  .max(MAX_QUANTITY)
  .refine((n) => Math.abs(Math.round(n * 1000) - n * 1000) < 1e-6, { params: { message: 'validation.quantityDecimals' } });
/** The most a unit price or cost may be, in fen (¥10,000,000): the price columns are 32-bit integers. */
export const MAX_FEN = 1_000_000_000;
/** A unit price or cost in fen. */
export const fen = z.number().int().min(0).max(MAX_FEN);
/** A serial number as printed on the part or unit. */
export const serial = z.string().trim().min(1).max(100);

// --- catalogue -------------------------------------------------------------------------------

export const createCategoryBody = z.strictObject({ name: shortText(60) });
export const categoryView = z.object({ id: uuid, name: z.string(), partCount: z.number().int() });

export const createPartBody = z.strictObject({
  number: shortText(60),
  name: shortText(200),
  /** The category's name; made on first use through the API, refused by an import (C4). */
  category: shortText(60),
  unit: shortText(10),
  /** Default: by the unit (米, 升… are divisible, see the `parts.divisibleUnits` setting). */
  divisible: z.boolean().optional(),
  costPriceFen: fen,
  retailPriceFen: fen,
  contractPriceFen: fen.nullish(),
  serialTracked: z.boolean().optional(),
  discontinued: z.boolean().optional(),
  note: optionalText(),
});
export type CreatePartBody = z.infer<typeof createPartBody>;
export const updatePartBody = createPartBody.partial();
export type UpdatePartBody = z.infer<typeof updatePartBody>;

export const partView = z.object({
  id: uuid,
  number: z.string(),
  name: z.string(),
  categoryId: uuid,
  category: z.string(),
  unit: z.string(),
  divisible: z.boolean(),
  costPriceFen: z.number().int(),
  contractPriceFen: z.number().int().nullable(),
  retailPriceFen: z.number().int(),
  serialTracked: z.boolean(),
  discontinued: z.boolean(),
  note: z.string().nullable(),
  version: z.number().int(),
  /** Across every location. */
  onHand: z.number(),
  available: z.number(),
});
export type PartView = z.infer<typeof partView>;

export const partListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  categoryId: uuid.optional(),
  discontinued: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const partList = listOf(partView);

// --- locations -------------------------------------------------------------------------------

export const createLocationBody = z.strictObject({
  name: shortText(100),
  kind: z.enum(LOCATION_KINDS),
  ownerUserId: uuid.nullish(),
  siteId: uuid.nullish(),
  latitude: z.number().min(-90).max(90).nullish(),
  longitude: z.number().min(-180).max(180).nullish(),
});
export type CreateLocationBody = z.infer<typeof createLocationBody>;
export const updateLocationBody = createLocationBody.omit({ kind: true }).partial().extend({ active: z.boolean().optional() });

export const locationView = z.object({
  id: uuid,
  name: z.string(),
  kind: z.enum(LOCATION_KINDS),
  ownerUserId: uuid.nullable(),
  ownerName: z.string().nullable(),
  siteId: uuid.nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  active: z.boolean(),
});
export type LocationView = z.infer<typeof locationView>;
export const locationListQuery = z.object({
  kind: z.enum(LOCATION_KINDS).optional(),
  ownerUserId: uuid.optional(),
  includeInactive: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

// --- stock -----------------------------------------------------------------------------------

export const stockLine = z.strictObject({
  partId: uuid,
  quantity,
  /** For serial-tracked parts: one serial per unit. */
  serials: z.array(serial).max(1000).optional(),
});
export type StockLine = z.infer<typeof stockLine>;
const stockLines = z.array(stockLine).min(1).max(500);

export const receiptBody = z.strictObject({
  locationId: uuid,
  supplier: optionalText(200),
  note: optionalText(),
  lines: z.array(stockLine.extend({ unitCostFen: fen.optional() })).min(1).max(5000),
});
export type ReceiptBody = z.infer<typeof receiptBody>;

export const issueBody = z.strictObject({
  fromLocationId: uuid,
  toLocationId: uuid,
  ticketId: uuid.nullish(),
  note: optionalText(),
  lines: stockLines,
});
export type IssueBody = z.infer<typeof issueBody>;

export const transferBody = z.strictObject({
  fromLocationId: uuid,
  toLocationId: uuid,
  note: optionalText(),
  lines: stockLines,
});
export type TransferBody = z.infer<typeof transferBody>;

export const writeOffBody = z.strictObject({
  locationId: uuid,
  reason: shortText(200),
  lines: stockLines,
});
export type WriteOffBody = z.infer<typeof writeOffBody>;

/** A movement that was posted: its id (the ledger's `moveId`) and readable number. */
export const movementView = z.object({ id: uuid, number: z.string().nullable(), at: instant, lines: z.number().int() });
export type MovementView = z.infer<typeof movementView>;

export const transferView = z.object({
  id: uuid,
  number: z.string(),
  fromLocationId: uuid,
  fromLocationName: z.string(),
  toLocationId: uuid,
  toLocationName: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  sentAt: instant,
  sentByName: z.string(),
  receivedAt: instant.nullable(),
  note: z.string().nullable(),
  lines: z.array(z.object({ partId: uuid, partNumber: z.string(), partName: z.string(), quantity: z.number(), serial: z.string().nullable() })),
});
export type TransferView = z.infer<typeof transferView>;

export const stockQuery = z.object({
  partId: uuid.optional(),
  locationId: uuid.optional(),
  /** Only lines with something on hand, reserved or in transit. */
  nonZero: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});
export const stockItem = z.object({
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  unit: z.string(),
  locationId: uuid,
  locationName: z.string(),
  locationKind: z.enum(LOCATION_KINDS),
  onHand: z.number(),
  reserved: z.number(),
  available: z.number(),
  inTransit: z.number(),
  serials: z.array(z.string()),
});
export type StockItem = z.infer<typeof stockItem>;

export const ledgerQuery = pageQuery.extend({
  partId: uuid.optional(),
  locationId: uuid.optional(),
  ticketId: uuid.optional(),
  documentId: uuid.optional(),
  kind: z.enum(MOVE_KINDS).optional(),
});
export const ledgerLineView = z.object({
  id: uuid,
  moveId: uuid,
  kind: z.enum(MOVE_KINDS),
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  locationId: uuid,
  locationName: z.string(),
  onHandDelta: z.number(),
  reservedDelta: z.number(),
  inTransitDelta: z.number(),
  serial: z.string().nullable(),
  unitCostFen: z.number().int().nullable(),
  ticketId: uuid.nullable(),
  documentId: uuid.nullable(),
  reason: z.string().nullable(),
  actorName: z.string(),
  at: instant,
});
export type LedgerLineView = z.infer<typeof ledgerLineView>;
export const ledgerList = listOf(ledgerLineView);
