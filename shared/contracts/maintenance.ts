import { z } from 'zod';
import { isoDay, optionalText, uuid } from './common';

/**
 * Maintenance plans (W2, E4): what is due on an asset, when it was last done, and the record
 * of maintenance done (a water test, a full service, a visit, an inspection, a patrol).
 */
export const MAINTENANCE_KINDS = ['water_test', 'full_service', 'maintenance_visit', 'inspection', 'patrol'] as const;
export type MaintenanceKind = (typeof MAINTENANCE_KINDS)[number];

/** Where an item's interval comes from: the rule and the setting it reads, and what it counts from. */
export const planBasis = z.object({
  rule: z.enum(['W2', 'E4']),
  setting: z.string(),
  months: z.number().int(),
  /** What the interval is counted from: the last time it was done, the purchase, the warranty's start, the site's first day. */
  from: z.enum(['last_done', 'purchase', 'warranty_start', 'start', 'today']),
  /** W2: a mechanical watch whose water tests were each on time is given the longer interval. */
  stretched: z.boolean(),
});
export type PlanBasis = z.infer<typeof planBasis>;

export const planItemView = z.object({
  kind: z.enum(MAINTENANCE_KINDS),
  dueOn: z.string(),
  lastDoneOn: z.string().nullable(),
  overdue: z.boolean(),
  basis: planBasis,
});
export type PlanItemView = z.infer<typeof planItemView>;

export const maintenanceRecordView = z.object({
  id: uuid,
  assetId: uuid,
  kind: z.enum(MAINTENANCE_KINDS),
  doneOn: z.string(),
  ticketId: uuid.nullable(),
  note: z.string().nullable(),
  doneBy: z.object({ id: uuid, name: z.string() }),
  createdAt: z.date(),
});
export type MaintenanceRecordView = z.infer<typeof maintenanceRecordView>;

export const assetMaintenanceView = z.object({ items: z.array(planItemView), history: z.array(maintenanceRecordView) });
export type AssetMaintenanceView = z.infer<typeof assetMaintenanceView>;

export const maintenanceRecordBody = z.strictObject({
  kind: z.enum(MAINTENANCE_KINDS),
  /** A day on the organisation's calendar, not after today. */
  doneOn: isoDay,
  ticketId: uuid.nullish(),
  note: optionalText(500),
});
export type MaintenanceRecordBody = z.infer<typeof maintenanceRecordBody>;

/** E4: a patrol of a site under an O&M contract; each point an asset of the site, a fault becomes a ticket. */
export const patrolBody = z.strictObject({
  doneOn: isoDay,
  points: z
    .array(
      z.strictObject({
        assetId: uuid,
        fault: z.boolean(),
        finding: optionalText(2000),
      }),
    )
    .min(1)
    .max(500),
});
export type PatrolBody = z.infer<typeof patrolBody>;

export const patrolView = z.object({
  records: z.array(maintenanceRecordView),
  tickets: z.array(z.object({ id: uuid, number: z.string(), assetId: uuid })),
});
export type PatrolView = z.infer<typeof patrolView>;
