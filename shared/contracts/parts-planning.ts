import { z } from 'zod';
import { instant, uuid } from './common';
import { countedQuantity, quantity } from './parts';

/** Planning (C4, C5, C6): reorder rules, purchase suggestions, slow-moving stock, unusual usage, forecast and budget. */

export const reorderRuleBody = z.strictObject({
  partId: uuid,
  locationId: uuid,
  reorderPoint: countedQuantity,
  reorderQuantity: quantity,
});
export type ReorderRuleBody = z.infer<typeof reorderRuleBody>;

export const reorderRuleView = z.object({
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  unit: z.string(),
  locationId: uuid,
  locationName: z.string(),
  reorderPoint: z.number(),
  reorderQuantity: z.number(),
  onHand: z.number(),
  available: z.number(),
  inTransit: z.number(),
});
export type ReorderRuleView = z.infer<typeof reorderRuleView>;
export const reorderRuleKey = z.object({ partId: uuid, locationId: uuid });
export const reorderRuleQuery = z.object({ locationId: uuid.optional(), partId: uuid.optional() });

export const purchaseSuggestionView = reorderRuleView.extend({
  /** Available plus in transit. */
  position: z.number(),
  suggested: z.number(),
  costPriceFen: z.number().int(),
  valueFen: z.number().int(),
});
export type PurchaseSuggestionView = z.infer<typeof purchaseSuggestionView>;
export const purchaseSuggestionList = z.object({
  items: z.array(purchaseSuggestionView),
  totalFen: z.number().int(),
  /** When the daily job last listed them (null: never ran yet). */
  dailyRunAt: instant.nullable(),
  dailyCount: z.number().int().nullable(),
});

export const slowMovingView = z.object({
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  category: z.string(),
  unit: z.string(),
  locationId: uuid,
  locationName: z.string(),
  onHand: z.number(),
  costPriceFen: z.number().int(),
  valueFen: z.number().int(),
  lastConsumedAt: instant.nullable(),
  idleDays: z.number().int(),
});
export type SlowMovingView = z.infer<typeof slowMovingView>;
export const slowMovingList = z.object({ days: z.number().int(), items: z.array(slowMovingView), totalFen: z.number().int() });
export const slowMovingQuery = z.object({ locationId: uuid.optional() });

const month = z.string().refine((v) => /^\d{4}-(0[1-9]|1[0-2])$/.test(v), { params: { message: 'validation.month' } });
export const USAGE_SUBJECTS = ['technician', 'product', 'customer'] as const;
export const unusualUsageQuery = z.object({ month: month.optional() });
export const unusualUsageView = z.object({
  subject: z.enum(USAGE_SUBJECTS),
  subjectId: uuid,
  subjectName: z.string(),
  partId: uuid,
  partNumber: z.string(),
  partName: z.string(),
  unit: z.string(),
  month,
  quantity: z.number(),
  average: z.number(),
  /** quantity ÷ average in basis points; null when there was no history. */
  factorBp: z.number().int().nullable(),
});
export type UnusualUsageView = z.infer<typeof unusualUsageView>;
export const unusualUsageList = z.object({
  month,
  factorBp: z.number().int(),
  minimum: z.number(),
  historyMonths: z.number().int(),
  items: z.array(unusualUsageView),
});

export const forecastQuery = z.object({
  /** Growth assumed over the history for the budget, basis points (1,000 = 10 %). */
  growthBp: z.coerce.number().int().min(-10_000).max(100_000).default(0),
  categoryId: uuid.optional(),
});
export const forecastView = z.object({
  assumptions: z.object({
    method: z.literal('seasonal_moving_average_3'),
    historyFrom: month,
    historyTo: month,
    historyMonths: z.number().int(),
    forecastFrom: month,
    forecastTo: month,
    growthBp: z.number().int(),
    costPriceOn: z.string(),
  }),
  months: z.array(month),
  parts: z.array(
    z.object({
      partId: uuid,
      partNumber: z.string(),
      partName: z.string(),
      categoryId: uuid,
      category: z.string(),
      unit: z.string(),
      costPriceFen: z.number().int(),
      history: z.array(z.number()),
      forecast: z.array(z.number()),
      budgetQuantity: z.number(),
      budgetFen: z.number().int(),
    }),
  ),
  categories: z.array(z.object({ categoryId: uuid, category: z.string(), quantity: z.number(), budgetFen: z.number().int() })),
  totalFen: z.number().int(),
});
export type ForecastView = z.infer<typeof forecastView>;

export const PLANNING_EXPORTS = ['suggestions', 'slow-moving', 'unusual-usage', 'forecast'] as const;
export type PlanningExport = (typeof PLANNING_EXPORTS)[number];
