import { z } from 'zod';
import { WARRANTY_BASES, WARRANTY_STATES } from '../domain';
import { instant, isoDay, optionalText, shortText, uuid } from './common';

/**
 * Mail-in and carry-in repair (RMA, C3) and dead on arrival (C5). An RMA ticket's unit walks
 * registered → received → warranty decided → (out of warranty: estimate approved) → repaired,
 * replaced or not repairable → QC → shipped back → closed. Advance replacement ships a unit
 * before the faulty one comes back, against a deposit.
 */

export const RMA_STAGES = ['registered', 'received', 'warranty_decided', 'repaired', 'qc_passed', 'shipped', 'closed'] as const;
export type RmaStage = (typeof RMA_STAGES)[number];

/** How a unit travels: a courier, or the customer carries it in / collects it. */
export const RMA_CARRIERS = ['sf', 'jd', 'ems', 'zto', 'yto', 'sto', 'yunda', 'deppon', 'carry_in', 'other'] as const;
export type RmaCarrier = (typeof RMA_CARRIERS)[number];

export const RMA_OUTCOMES = ['repaired', 'replaced', 'not_repairable'] as const;
export type RmaOutcome = (typeof RMA_OUTCOMES)[number];

/** Where a unit's DOA days count from. */
export const DOA_BASES = ['delivery', 'installation'] as const;
export type DoaBasis = (typeof DOA_BASES)[number];

/** The steps a ticket event of type `rma` records. */
export const RMA_STEPS = ['received', 'photo', 'warranty_decided', 'repaired', 'qc', 'shipped', 'closed', 'doa_marked', 'advance_shipped', 'advance_closed'] as const;
export type RmaStep = (typeof RMA_STEPS)[number];

const tracking = z.string().trim().max(60).nullish();

/** A shipment: a courier with its tracking number; carried in needs none. */
const shipment = {
  carrier: z.enum(RMA_CARRIERS),
  trackingNumber: tracking,
};

export const receiveRmaBody = z.strictObject({
  ...shipment,
  /** What the unit looked like on arrival (scratches, box damaged…). */
  condition: shortText(500),
  accessories: z.array(shortText(100)).max(30).default([]),
  /** The batch the unit belongs to (C5): its lot number, or the serial range it was made in. */
  lotNumber: z.string().trim().max(60).nullish(),
  serialFrom: z.string().trim().max(60).nullish(),
  serialTo: z.string().trim().max(60).nullish(),
  note: optionalText(),
});
export type ReceiveRmaBody = z.input<typeof receiveRmaBody>;

export const decideRmaWarrantyBody = z.strictObject({
  /** The purchase date on the proof of purchase (invoice, receipt); C3 counts warranty from it. */
  purchasedOn: isoDay.nullish(),
  /** The proof of purchase: an attachment of the ticket or of its asset. */
  proofAttachmentId: uuid.nullish(),
  /** E1: damage caused by people is never covered. */
  humanDamage: z.boolean().default(false),
  note: optionalText(),
});
export type DecideRmaWarrantyBody = z.input<typeof decideRmaWarrantyBody>;

export const repairRmaBody = z.strictObject({
  outcome: z.enum(RMA_OUTCOMES),
  /** The replacement unit's serial, when replaced. */
  replacementSerial: z.string().trim().max(60).nullish(),
  /** The bench technician who did the work: an accepted ticket is dispatched to them and started. */
  technicianId: uuid.nullish(),
  note: optionalText(),
});
export type RepairRmaBody = z.input<typeof repairRmaBody>;

export const qcRmaBody = z.strictObject({
  passed: z.boolean(),
  note: optionalText(),
});
export type QcRmaBody = z.input<typeof qcRmaBody>;

export const shipRmaBody = z.strictObject({ ...shipment, note: optionalText() });
export type ShipRmaBody = z.input<typeof shipRmaBody>;

export const closeRmaBody = z.strictObject({ note: optionalText() });

export const markDoaBody = z.strictObject({
  /** Confirm (true) or clear (false) the DOA mark. */
  doa: z.boolean(),
  /** The fault found; required to mark DOA. */
  fault: z.string().trim().max(500).nullish(),
  lotNumber: z.string().trim().max(60).nullish(),
  serialFrom: z.string().trim().max(60).nullish(),
  serialTo: z.string().trim().max(60).nullish(),
});
export type MarkDoaBody = z.input<typeof markDoaBody>;

export const advanceReplacementBody = z.strictObject({
  ...shipment,
  replacementSerial: shortText(60),
  /** The deposit taken against the faulty unit's return, fen (recorded, not charged here). */
  depositFen: z.number().int().min(0).max(100_000_000_00),
  note: optionalText(),
});
export type AdvanceReplacementBody = z.input<typeof advanceReplacementBody>;

export const productDoaDaysBody = z.strictObject({
  /** Null: the organisation's `billing.doaDays` applies. */
  doaDays: z.number().int().min(0).max(365).nullable(),
});

const rmaPhoto = z.object({ id: uuid, fileName: z.string(), contentType: z.string() });

const shipmentView = z.object({ carrier: z.enum(RMA_CARRIERS), trackingNumber: z.string().nullable(), at: instant });

/** One step of the RMA as it happened (its ticket events of type `rma`). */
export const rmaStepView = z.object({
  step: z.enum(RMA_STEPS),
  at: instant,
  actorName: z.string().nullable(),
  note: z.string().nullable(),
});

export const rmaView = z.object({
  ticketId: uuid,
  ticketNumber: z.string(),
  stage: z.enum(RMA_STAGES),
  /** The steps the stage allows now. */
  next: z.array(z.enum(['receive', 'decide_warranty', 'repair', 'qc', 'ship', 'close'])),
  assetId: uuid.nullable(),
  productId: uuid.nullable(),
  productName: z.string().nullable(),
  serialNumber: z.string().nullable(),
  received: z
    .object({
      carrier: z.enum(RMA_CARRIERS),
      trackingNumber: z.string().nullable(),
      at: instant,
      condition: z.string(),
      accessories: z.array(z.string()),
    })
    .nullable(),
  photos: z.array(rmaPhoto),
  batch: z.object({ lotNumber: z.string().nullable(), serialFrom: z.string().nullable(), serialTo: z.string().nullable() }),
  warranty: z
    .object({
      state: z.enum(WARRANTY_STATES),
      /** The rule that decided it (`within_period`, `expired`, `human_damage`…). */
      reason: z.string(),
      basis: z.enum(WARRANTY_BASES).nullable(),
      startsOn: z.string().nullable(),
      endsOn: z.string().nullable(),
      months: z.number().int(),
      /** The date from the proof of purchase, when one was given. */
      purchasedOn: z.string().nullable(),
      proofAttachmentId: uuid.nullable(),
      decidedOn: z.string(),
      at: instant,
    })
    .nullable(),
  /** Out of warranty: the repair waits for the customer's approved estimate (C3). */
  quoteRequired: z.boolean(),
  outcome: z.object({ outcome: z.enum(RMA_OUTCOMES), replacementSerial: z.string().nullable(), at: instant }).nullable(),
  qc: z.object({ rounds: z.number().int(), failures: z.number().int(), passedAt: instant.nullable() }),
  shipped: shipmentView.nullable(),
  closedAt: instant.nullable(),
  doa: z.object({
    /** C5: the unit failed within its DOA days of delivery or installation (from the asset's dates, on receipt). */
    suggested: z.boolean(),
    basis: z.enum(DOA_BASES).nullable(),
    daysAfter: z.number().int().nullable(),
    limitDays: z.number().int(),
    confirmed: z.boolean(),
    fault: z.string().nullable(),
    at: instant.nullable(),
  }),
  advance: z
    .object({
      carrier: z.enum(RMA_CARRIERS),
      trackingNumber: z.string().nullable(),
      replacementSerial: z.string(),
      depositFen: z.number().int(),
      shippedAt: instant,
      dueOn: z.string(),
      returnedAt: instant.nullable(),
      overdue: z.boolean(),
    })
    .nullable(),
  steps: z.array(rmaStepView),
  version: z.number().int(),
});
export type RmaView = z.infer<typeof rmaView>;

export const overdueAdvanceView = z.object({
  ticketId: uuid,
  ticketNumber: z.string(),
  customerName: z.string().nullable(),
  replacementSerial: z.string(),
  depositFen: z.number().int(),
  shippedAt: instant,
  dueOn: z.string(),
  daysOverdue: z.number().int(),
});
export type OverdueAdvanceView = z.infer<typeof overdueAdvanceView>;

export const rmaReportQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
});

const reportRow = z.object({
  received: z.number().int(),
  /** Units with a repair outcome. */
  decided: z.number().int(),
  /** Repaired or replaced. */
  succeeded: z.number().int(),
  /** succeeded / decided, basis points; null when none decided. */
  repairSuccessBp: z.number().int().nullable(),
  doa: z.number().int(),
  /** doa / received, basis points. */
  doaRateBp: z.number().int().nullable(),
});

export const rmaReport = z.object({
  month: z.string(),
  timeZone: z.string(),
  total: reportRow,
  byProduct: z.array(reportRow.extend({ productId: uuid.nullable(), productName: z.string().nullable() })),
  byBatch: z.array(reportRow.extend({ productId: uuid.nullable(), productName: z.string().nullable(), batch: z.string().nullable() })),
});
export type RmaReport = z.infer<typeof rmaReport>;
export type RmaReportRow = z.infer<typeof reportRow>;
