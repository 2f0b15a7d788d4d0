import { z } from 'zod';
import { CHECK_STATES, CHECKIN_STATUSES, FUEL_LEVELS, QC_RESULTS, STAGE_ACTIONS, STAGE_RUN_STATUSES } from '../workshop';
import { optionalText, shortText, uuid } from './common';

/** A stage or checklist key, as the organisation's settings name them. */
export const workshopKey = z.string().regex(/^[a-z][a-z0-9_]{0,29}$/);

export const checklistEntry = z.strictObject({
  item: workshopKey,
  state: z.enum(CHECK_STATES),
  note: optionalText(200),
});

/** A damage mark on the top view of a car: x from the left, y from the front, both 0..1. */
export const damagePoint = z.strictObject({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  note: z.string().trim().max(200).default(''),
});

export const customerRequest = z.strictObject({
  text: shortText(500),
  confirmed: z.boolean().default(false),
});

/** A3: the check-in as reception fills it in; a draft may be incomplete, a signature may not. */
export const checkInDraftBody = z.strictObject({
  mileageKm: z.number().int().min(0).max(5_000_000).nullish(),
  fuelLevel: z.enum(FUEL_LEVELS).nullish(),
  checklist: z.array(checklistEntry).max(30).default([]),
  damagePoints: z.array(damagePoint).max(60).default([]),
  photoIds: z.array(uuid).max(30).default([]),
  /** 贵重物品提醒: the customer was reminded to take valuables out of the car. */
  valuablesReminded: z.boolean().default(false),
  licenceChecked: z.boolean().default(false),
  phoneChecked: z.boolean().default(false),
  requests: z.array(customerRequest).max(30).default([]),
  remarks: optionalText(1000),
});
export type CheckInDraftBody = z.infer<typeof checkInDraftBody>;

/** Signing saves the final content and the customer's signature together. */
export const signCheckInBody = checkInDraftBody.extend({
  /** The PNG uploaded through `POST …/workshop/signature`. */
  signatureAttachmentId: uuid.nullish(),
  signerName: z.string().trim().max(60).nullish(),
});
export type SignCheckInBody = z.infer<typeof signCheckInBody>;

export const correctCheckInBody = z.strictObject({ reason: shortText(500) });

export const preInspectionItemBody = z.strictObject({
  finding: shortText(500),
  recommendedWork: shortText(500),
  estimatedCostFen: z.number().int().min(0).max(1e11).nullish(),
  customerApproved: z.boolean().nullish(),
});
export type PreInspectionItemBody = z.infer<typeof preInspectionItemBody>;

export const updatePreInspectionItemBody = preInspectionItemBody.partial();
export type UpdatePreInspectionItemBody = z.infer<typeof updatePreInspectionItemBody>;

export const stageParams = z.object({ id: uuid, stage: workshopKey });
export const itemParams = z.object({ id: uuid, itemId: uuid });

export const startStageBody = z.strictObject({
  /** The team lead who will sign this stage, when not a supervisor, QC inspector or the job's lead technician. */
  teamLeadId: uuid.nullish(),
  note: optionalText(500),
});
export const stageNoteBody = z.strictObject({ note: optionalText(500) });

export const qcBody = z.strictObject({
  result: z.enum(QC_RESULTS),
  /** Required on a failure: what is wrong. */
  reason: optionalText(1000),
  /** On a failure: the earlier stage that does the rework. */
  backTo: workshopKey.nullish(),
});
export type QcBody = z.infer<typeof qcBody>;

/** A6: at delivery the adviser explains each approved item and its cost. */
export const deliveryBody = z.strictObject({
  explainedItemIds: z.array(uuid).max(100),
  note: optionalText(1000),
});
export type DeliveryBody = z.infer<typeof deliveryBody>;

const person = z.object({ id: uuid, name: z.string() });

export const checkInView = z.object({
  id: uuid,
  revision: z.number().int(),
  status: z.enum(CHECKIN_STATUSES),
  mileageKm: z.number().int().nullable(),
  fuelLevel: z.enum(FUEL_LEVELS).nullable(),
  checklist: z.array(z.object({ item: z.string(), state: z.enum(CHECK_STATES), note: z.string().nullable().optional() })),
  damagePoints: z.array(z.object({ x: z.number(), y: z.number(), note: z.string() })),
  photoIds: z.array(uuid),
  valuablesReminded: z.boolean(),
  licenceChecked: z.boolean(),
  phoneChecked: z.boolean(),
  requests: z.array(z.object({ text: z.string(), confirmed: z.boolean() })),
  remarks: z.string().nullable(),
  signature: z.object({ attachmentId: uuid, signerName: z.string(), signedAt: z.date(), collectedBy: person }).nullable(),
  correctionReason: z.string().nullable(),
  createdBy: person,
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number().int(),
});
export type CheckInView = z.infer<typeof checkInView>;

export const preInspectionItemView = z.object({
  id: uuid,
  finding: z.string(),
  recommendedWork: z.string(),
  estimatedCostFen: z.number().int().nullable(),
  customerApproved: z.boolean().nullable(),
  decidedAt: z.date().nullable(),
  recordedBy: person,
  recordedAt: z.date(),
  explainedAt: z.date().nullable(),
  version: z.number().int(),
});
export type PreInspectionItemView = z.infer<typeof preInspectionItemView>;

export const stageRunView = z.object({
  id: uuid,
  stage: z.string(),
  round: z.number().int(),
  status: z.enum(STAGE_RUN_STATUSES),
  teamLead: person.nullable(),
  startedAt: z.date(),
  startedBy: person,
  finishedAt: z.date().nullable(),
  finishedBy: person.nullable(),
  signedAt: z.date().nullable(),
  signedBy: person.nullable(),
  result: z.enum(QC_RESULTS).nullable(),
  reason: z.string().nullable(),
  backTo: z.string().nullable(),
  note: z.string().nullable(),
});
export type StageRunView = z.infer<typeof stageRunView>;

export const workshopView = z.object({
  ticketId: uuid,
  /** Only workshop tickets have a workshop job. */
  applies: z.boolean(),
  /** The organisation's walk-around items, in order. */
  checklistItems: z.array(z.string()),
  job: z.object({
    plan: z.array(z.string()),
    currentStage: z.string().nullable(),
    round: z.number().int(),
    qcPassedAt: z.date().nullable(),
    qcPassedBy: person.nullable(),
    deliveryExplainedAt: z.date().nullable(),
    deliveryExplainedBy: person.nullable(),
    deliveryNote: z.string().nullable(),
    /** 0 until the first stage starts; send it as If-Match with stage, QC and delivery actions. */
    version: z.number().int(),
  }),
  /** What may happen next on the job, or null when QC has passed. */
  next: z.object({ stage: z.string(), action: z.enum(STAGE_ACTIONS) }).nullable(),
  /** The current revision: a draft, or the last signed one. */
  checkIn: checkInView.nullable(),
  /** Earlier revisions, newest first. */
  checkInHistory: z.array(checkInView),
  preInspection: z.array(preInspectionItemView),
  /** Every stage run, oldest first. */
  stages: z.array(stageRunView),
});
export type WorkshopView = z.infer<typeof workshopView>;
