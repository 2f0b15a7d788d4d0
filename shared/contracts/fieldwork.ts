import { z } from 'zod';
import { shortText, uuid } from './common';

/** How a technician travels (M4 pays public transport and company vehicles differently). */
export const TRANSPORT_MODES = ['public', 'company', 'own'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

/** M4: waiting for goods the company ships, or for reasons beyond anyone's control, counts; other waits do not. */
export const WAIT_REASONS = ['waiting_goods', 'force_majeure', 'customer', 'other'] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

/**
 * A technician's day on a job, step by step. Preparation and drawing parts at the company are
 * recorded too, and count as neither direct nor indirect time (M4).
 */
export const FIELD_STEP_KINDS = ['acknowledge', 'prepare', 'depart', 'arrive', 'start', 'wait', 'resume', 'finish', 'travel_back', 'back'] as const;
export type FieldStepKind = (typeof FIELD_STEP_KINDS)[number];

export const fieldStepBody = z
  .strictObject({
    kind: z.enum(FIELD_STEP_KINDS),
    transport: z.enum(TRANSPORT_MODES).optional(),
    waitReason: z.enum(WAIT_REASONS).optional(),
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    accuracyM: z.number().min(0).max(100_000).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine((b) => !((b.kind === 'depart' || b.kind === 'travel_back') && !b.transport), { path: ['transport'], params: { message: 'validation.required' } })
  .refine((b) => !(b.kind === 'wait' && !b.waitReason), { path: ['waitReason'], params: { message: 'validation.required' } });
export type FieldStepBody = z.infer<typeof fieldStepBody>;

/** H8: what the technician showed the customer before leaving. */
export const INSTRUCTION_ITEMS = ['operation', 'care', 'safety'] as const;

export const workReportBody = z.strictObject({
  faultFound: shortText(2000),
  workDone: shortText(4000),
  /** Parts used, as text until a parts module exists. */
  partsUsed: z.string().trim().max(2000).optional(),
  /** H8: operation, care and safety shown to the customer. */
  instructed: z.array(z.enum(INSTRUCTION_ITEMS)).max(3),
  /** M6: the delivery's explanation checklist, item by item. */
  deliveryChecklist: z.array(z.string().max(60)).max(30).optional(),
  signerName: shortText(60),
  /** The customer's signature, uploaded first as an attachment (purpose `signature`). */
  signatureAttachmentId: uuid.nullish(),
  photoAttachmentIds: z.array(uuid).max(20).optional(),
});
export type WorkReportBody = z.infer<typeof workReportBody>;

export const TIME_ENTRY_KINDS = ['direct', 'travel', 'wait'] as const;
export type TimeEntryKind = (typeof TIME_ENTRY_KINDS)[number];
/** A derived entry is a draft until a supervisor approves it (M3: hours "as approved"). */
export const TIME_ENTRY_STATUSES = ['draft', 'approved'] as const;
export type TimeEntryStatus = (typeof TIME_ENTRY_STATUSES)[number];

export const SIGNOFF_PARTIES = ['repair_department', 'owner', 'supervising_engineer', 'project_department', 'customer'] as const;
export type SignoffParty = (typeof SIGNOFF_PARTIES)[number];

/** M6: the company's callback after a delivery: was the machine explained to the user as required? */
export const deliveryCallbackBody = z.strictObject({
  explained: z.boolean(),
  note: z.string().trim().max(500).optional(),
});
export type DeliveryCallbackBody = z.infer<typeof deliveryCallbackBody>;

export const signoffBody = z
  .strictObject({
    party: z.enum(SIGNOFF_PARTIES),
    signerName: shortText(60),
    /** A drawn signature uploaded as an attachment (purpose `signature`), or… */
    attachmentId: uuid.nullish(),
    /** …a typed name, when the signer cannot draw (a remote project department). */
    typed: z.boolean().optional(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((b) => b.typed || b.attachmentId, { path: ['attachmentId'], params: { message: 'validation.required' } });
