import { z } from 'zod';
import { consumedLines } from './parts-tickets';
import { instant, shortText, uuid } from './common';

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
    /** When the phone recorded the step (ISO 8601), for a step kept offline and sent later; the server's time when absent. */
    clientAt: instant.optional(),
  })
  .refine((b) => !((b.kind === 'depart' || b.kind === 'travel_back') && !b.transport), { path: ['transport'], params: { message: 'validation.required' } })
  .refine((b) => !(b.kind === 'wait' && !b.waitReason), { path: ['waitReason'], params: { message: 'validation.required' } });
export type FieldStepBody = z.infer<typeof fieldStepBody>;

/** H8: what the technician showed the customer before leaving. */
export const INSTRUCTION_ITEMS = ['operation', 'care', 'safety'] as const;

export const workReportBody = z.strictObject({
  faultFound: shortText(2000),
  workDone: shortText(4000),
  /** A note on the parts; what was consumed is `consumed`, posted to the stock ledger. */
  partsUsed: z.string().trim().max(2000).optional(),
  /** The parts used from the technician's van (serials where tracked), consumed on the ticket. */
  consumed: consumedLines.optional(),
  /** H8: operation, care and safety shown to the customer. */
  instructed: z.array(z.enum(INSTRUCTION_ITEMS)).max(3),
  /** M6: the delivery's explanation checklist, item by item. */
  deliveryChecklist: z.array(z.string().max(60)).max(30).optional(),
  signerName: shortText(60),
  /** The customer's signature, uploaded first as an attachment (purpose `signature`). */
  signatureAttachmentId: uuid.nullish(),
  photoAttachmentIds: z.array(uuid).max(20).optional(),
  /** When the phone finished the job (ISO 8601), for a report kept offline and sent later. */
  clientAt: instant.optional(),
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

// --- views and time-entry bodies (the server answers with these; the web types itself from them) ---

/** One stretch of a technician's time, derived from their steps (M3, M4); approved by the supervisor. */
export const timeEntryView = z.object({
  id: uuid,
  ticketId: uuid,
  userId: uuid,
  kind: z.enum(TIME_ENTRY_KINDS),
  transport: z.string().nullable(),
  waitReason: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date(),
  minutes: z.number().int(),
  status: z.enum(TIME_ENTRY_STATUSES),
  edited: z.boolean(),
  correctsId: uuid.nullable(),
  note: z.string().nullable(),
  approvedBy: uuid.nullable(),
  approvedAt: z.date().nullable(),
  version: z.number().int(),
});
export type TimeEntryView = z.infer<typeof timeEntryView>;

/** The technician's view of a job: their steps, what may come next, the report and the hours it made. */
export const fieldDayView = z.object({
  ticketId: uuid,
  status: z.string(),
  steps: z.array(
    z.object({
      id: uuid,
      kind: z.string(),
      at: z.date(),
      /** When the server received the step (later than `at` for a step kept offline). */
      receivedAt: z.date().nullable(),
      /** Received later than the offline-gap setting after it happened. */
      lateFlagged: z.boolean(),
      transport: z.string().nullable(),
      waitReason: z.string().nullable(),
      note: z.string().nullable(),
    }),
  ),
  next: z.array(z.string()),
  canFinish: z.boolean(),
  report: z
    .object({
      faultFound: z.string(),
      workDone: z.string(),
      partsUsed: z.string().nullable(),
      instructed: z.array(z.string()),
      deliveryChecklist: z.array(z.string()).nullable(),
      signerName: z.string(),
      signatureAttachmentId: uuid.nullable(),
      photoAttachmentIds: z.array(uuid),
      submittedAt: z.date(),
      receivedAt: z.date().nullable(),
      callbackExplained: z.boolean().nullable(),
      callbackNote: z.string().nullable(),
      callbackAt: z.date().nullable(),
    })
    .nullable(),
  entries: z.array(timeEntryView),
});
export type FieldDayView = z.infer<typeof fieldDayView>;

/** R8, E8, E10: who must sign the ticket off, who is missing, and the signatures so far. */
export const signoffsView = z.object({
  set: z.string(),
  required: z.boolean(),
  parties: z.array(z.enum(SIGNOFF_PARTIES)),
  missing: z.array(z.enum(SIGNOFF_PARTIES)),
  items: z.array(z.object({ id: uuid, party: z.enum(SIGNOFF_PARTIES), signerName: z.string(), method: z.enum(['drawn', 'typed']), attachmentId: uuid.nullable(), note: z.string().nullable(), signedAt: z.date() })),
});
export type SignoffsView = z.infer<typeof signoffsView>;
export type SignoffBody = z.input<typeof signoffBody>;

export const timeEntryListQuery = z.object({
  status: z.enum(TIME_ENTRY_STATUSES).optional(),
  userId: uuid.optional(),
  ticketId: uuid.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** A supervisor adjusts a draft; an approved entry is corrected instead. */
export const editTimeEntryBody = z.strictObject({ minutes: z.number().int().min(0).max(24 * 60).optional(), kind: z.enum(TIME_ENTRY_KINDS).optional(), note: z.string().trim().max(500).nullish() });
export type EditTimeEntryBody = z.input<typeof editTimeEntryBody>;

/** M3: drafts approved at the versions the supervisor saw. */
export const approveTimeEntriesBody = z.strictObject({ items: z.array(z.strictObject({ id: uuid, version: z.number().int() })).min(1).max(500) });
export const approveTimeEntriesResult = z.object({ approved: z.array(uuid), conflicts: z.array(uuid) });

/** A correction is a new entry of the difference in minutes, with the reason. */
export const correctTimeEntryBody = z.strictObject({ minutes: z.number().int().min(-24 * 60).max(24 * 60), note: z.string().trim().min(2).max(500) });
export type CorrectTimeEntryBody = z.input<typeof correctTimeEntryBody>;
