import { z } from 'zod';
import { ASSET_KINDS } from '../domain';
import { uuid } from './common';
import { fen, LOCATION_KINDS, partView } from './parts';

/**
 * The catalogue's links and its Excel exchange: substitutes of a discontinued part (E5), the
 * products and asset kinds a part fits, the parts that fit an asset with their prices and stock
 * (A2), and the import's dry-run report.
 */

// --- substitutes (E5) ------------------------------------------------------------------------

/** The parts that replace this one, best first (the order is the rank). */
export const substitutesBody = z.strictObject({ substituteIds: z.array(uuid).max(20) });
export type SubstitutesBody = z.infer<typeof substitutesBody>;

/** A part as a substitute or a fitting part shows it: what it is, what it costs, what is there. */
export const partBrief = z.object({
  id: uuid,
  number: z.string(),
  name: z.string(),
  category: z.string(),
  unit: z.string(),
  retailPriceFen: z.number().int(),
  contractPriceFen: z.number().int().nullable(),
  discontinued: z.boolean(),
  onHand: z.number(),
  available: z.number(),
});
export type PartBrief = z.infer<typeof partBrief>;

export const substituteView = partBrief.extend({ rank: z.number().int() });
export type SubstituteView = z.infer<typeof substituteView>;

// --- fits (A2) -------------------------------------------------------------------------------

export const fitsBody = z.strictObject({
  /** Products (models) the part fits. */
  productIds: z.array(uuid).max(200),
  /** Asset kinds it fits as a whole (every vehicle). */
  kinds: z.array(z.enum(ASSET_KINDS)).max(ASSET_KINDS.length),
});
export type FitsBody = z.infer<typeof fitsBody>;
export const fitsView = z.object({
  products: z.array(z.object({ id: uuid, name: z.string() })),
  kinds: z.array(z.enum(ASSET_KINDS)),
});
export type FitsView = z.infer<typeof fitsView>;

// --- contract prices (E5) --------------------------------------------------------------------

export const contractPricesBody = z.strictObject({
  prices: z.array(z.strictObject({ customerId: uuid, priceFen: fen })).max(500),
});
export type ContractPricesBody = z.infer<typeof contractPricesBody>;
export const contractPriceView = z.object({ customerId: uuid, customerName: z.string(), priceFen: z.number().int() });
export type ContractPriceView = z.infer<typeof contractPriceView>;

/** One part with everything the catalogue knows of it. */
export const partDetail = partView.extend({
  substitutes: z.array(substituteView),
  /** The parts this one stands in for. */
  substituteFor: z.array(partBrief),
  fits: fitsView,
  contractPrices: z.array(contractPriceView),
});
export type PartDetail = z.infer<typeof partDetail>;

// --- the parts that fit an asset (A2) --------------------------------------------------------

export const locationStock = z.object({
  locationId: uuid,
  locationName: z.string(),
  locationKind: z.enum(LOCATION_KINDS),
  onHand: z.number(),
  available: z.number(),
});
export const assetPartView = partBrief.extend({
  /** Why it fits: the asset's product is named, or its kind. */
  fitsBy: z.enum(['product', 'kind']),
  /** What this asset's customer pays out of warranty by the one price rule (E5): their own agreed price, else the part's contract price when they have a contract; null when they pay retail. */
  customerContractPriceFen: z.number().int().nullable(),
  stock: z.array(locationStock),
  /** E5: for a discontinued part, what replaces it, with its stock. */
  substitutes: z.array(substituteView),
});
export type AssetPartView = z.infer<typeof assetPartView>;
export const assetPartsView = z.object({
  asset: z.object({ id: uuid, kind: z.enum(ASSET_KINDS), productId: uuid.nullable(), productName: z.string().nullable(), plate: z.string().nullable(), serialNumber: z.string() }),
  items: z.array(assetPartView),
});
export type AssetPartsView = z.infer<typeof assetPartsView>;

// --- Excel import ----------------------------------------------------------------------------

/** What an import does with a part number already in the catalogue. */
export const IMPORT_MODES = ['create_only', 'update_existing'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** The columns of the template, in order; `required` ones must be filled in on every row. */
export const IMPORT_COLUMNS = [
  { key: 'number', required: true },
  { key: 'name', required: true },
  { key: 'category', required: true },
  { key: 'unit', required: true },
  { key: 'costPrice', required: true },
  { key: 'retailPrice', required: true },
  { key: 'contractPrice', required: false },
  { key: 'divisible', required: false },
  { key: 'serialTracked', required: false },
  { key: 'discontinued', required: false },
  { key: 'fitsKinds', required: false },
  { key: 'note', required: false },
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['key'];

export const importRowError = z.object({
  /** The spreadsheet's own line number (the header is line 1). */
  line: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowError>;

export const importReport = z.object({
  rows: z.number().int(),
  creates: z.number().int(),
  updates: z.number().int(),
  errors: z.array(importRowError),
  /** More bad rows than are listed. */
  errorsTruncated: z.boolean(),
});
export type ImportReport = z.infer<typeof importReport>;

/** The import streams one JSON object per line: progress, then the outcome. */
export type ImportProgressLine =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; created: number; updated: number; seconds: number }
  | { type: 'error'; problem: { code: string; title: string; detail?: string } };

export const exportQuery = z.object({ categoryId: uuid.optional() });
