import { z } from 'zod';
import { instant, optionalText, pageQuery, shortText, uuid } from './common';
import { COUNT_STATUSES, countedQuantity } from './parts';

/**
 * Stock counts (盘点): a sheet per location whose lines say what the ledger expected, what was
 * counted, and the difference that posting turns into 'adjust' ledger lines.
 */

export const createCountBody = z.strictObject({
  locationId: uuid,
  note: optionalText(),
});
export type CreateCountBody = z.infer<typeof createCountBody>;

/** One counted line, entered on a phone: the part by id or by its number (a scan reads the number). */
export const countLineBody = z
  .strictObject({
    partId: uuid.optional(),
    partNumber: shortText(60).optional(),
    counted: countedQuantity,
  })
  .refine((b) => Boolean(b.partId) !== Boolean(b.partNumber), { params: { message: 'parts.counts.partIdOrNumber' }, path: ['partId'] });
export type CountLineBody = z.infer<typeof countLineBody>;

export const countSummary = z.object({
  id: uuid,
  number: z.string(),
  locationId: uuid,
  locationName: z.string(),
  status: z.enum(COUNT_STATUSES),
  note: z.string().nullable(),
  createdAt: instant,
  createdByName: z.string(),
  postedAt: instant.nullable(),
  postedByName: z.string().nullable(),
  lines: z.number().int(),
  counted: z.number().int(),
  /** Counted lines whose count differs from what was expected. */
  differences: z.number().int(),
  /** The differences at cost price, signed (a shortfall is negative). */
  differenceValueFen: z.number().int(),
  version: z.number().int(),
});
export type CountSummary = z.infer<typeof countSummary>;

export const countLineView = z.object({
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  unit: z.string(),
  serialTracked: z.boolean(),
  costPriceFen: z.number().int(),
  expected: z.number(),
  counted: z.number().nullable(),
  /** counted − expected; null until counted. */
  difference: z.number().nullable(),
  countedByName: z.string().nullable(),
  countedAt: instant.nullable(),
});
export type CountLineView = z.infer<typeof countLineView>;

export const countLinesQuery = pageQuery.extend({
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
  q: z.string().trim().max(100).optional(),
  /** Only lines not counted yet, or only counted lines that differ. */
  show: z.enum(['all', 'uncounted', 'differences']).default('all'),
});
export const countView = countSummary.extend({
  items: z.array(countLineView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CountView = z.infer<typeof countView>;

export const countListQuery = z.object({
  locationId: uuid.optional(),
  status: z.enum(COUNT_STATUSES).optional(),
});

/** One bad row of an imported count sheet: its line in the file and why. */
export const importProblem = z.object({ line: z.number().int(), message: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });
export type ImportProblem = z.infer<typeof importProblem>;
export const countImportResult = z.object({
  dryRun: z.boolean(),
  /** Rows read (not counting the header). */
  rows: z.number().int(),
  /** Counts written (0 for a dry run or when any row is bad). */
  applied: z.number().int(),
  problems: z.array(importProblem),
});
export type CountImportResult = z.infer<typeof countImportResult>;
export const countImportQuery = z.object({ dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').default(false) });

export const postCountResult = z.object({
  id: uuid,
  /** The ledger movement of the adjustments (null when nothing differed). */
  moveId: uuid.nullable(),
  adjusted: z.number().int(),
  uncounted: z.number().int(),
  differenceValueFen: z.number().int(),
  postedAt: instant,
});
export type PostCountResult = z.infer<typeof postCountResult>;
