import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, foreignKey, index, integer, pgTable, pgView, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, orgId, version } from '../../db/columns';
import { tickets } from '../tickets/tickets.schema';
import type { FieldStepKind, SignoffParty, TimeEntryKind, TimeEntryStatus, TransportMode, WaitReason } from '../../../shared/contracts/fieldwork';

/**
 * A technician's steps on a job, as they happened: append-only. Time entries, SLA arrival
 * and the work order are derived from them.
 */
export const fieldSteps = pgTable(
  'field_steps',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<FieldStepKind>().notNull(),
    /** When the step happened: the phone's own time when it sent one (a step kept offline), else the server's. */
    at: instant('at').notNull(),
    /** When the server received it; null on steps recorded before phones sent their own time. */
    receivedAt: instant('received_at'),
    /** The step reached the server later than the offline-gap setting after it happened: a supervisor checks it. */
    lateFlagged: boolean('late_flagged').notNull().default(false),
    transport: text('transport').$type<TransportMode>(),
    waitReason: text('wait_reason').$type<WaitReason>(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    accuracyM: doublePrecision('accuracy_m'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('field_steps_ticket_idx').on(t.orgId, t.ticketId, t.userId, t.at),
    index('field_steps_user_idx').on(t.orgId, t.userId, t.at),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** The work report that closes a job (E10), with the customer's signature and H8's instruction. */
export const workReports = pgTable(
  'work_reports',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    faultFound: text('fault_found').notNull(),
    workDone: text('work_done').notNull(),
    partsUsed: text('parts_used'),
    instructed: text('instructed').array().notNull().default(sql`'{}'::text[]`),
    deliveryChecklist: text('delivery_checklist').array(),
    signerName: text('signer_name').notNull(),
    signatureAttachmentId: uuid('signature_attachment_id'),
    photoAttachmentIds: uuid('photo_attachment_ids').array().notNull().default(sql`'{}'::uuid[]`),
    submittedBy: uuid('submitted_by').notNull(),
    submittedAt: instant('submitted_at').notNull(),
    /** M6: the service clerk received the delivery report; the bonus counts from here. */
    receivedBy: uuid('received_by'),
    receivedAt: instant('received_at'),
    /**
     * M6: the company's callback to the user: were they shown the machine as required? `false`
     * cancels the delivery bonus; null until someone has called. The last answer stands.
     */
    callbackExplained: boolean('callback_explained'),
    callbackNote: text('callback_note'),
    callbackBy: uuid('callback_by'),
    callbackAt: instant('callback_at'),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ticketId] }), foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] })],
);

/**
 * Direct and indirect hours (M3, M4). Drafts are derived from the steps; a supervisor edits and
 * approves them; an approved entry never changes: a correction is a new entry that points at it.
 */
export const timeEntries = pgTable(
  'time_entries',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').$type<TimeEntryKind>().notNull(),
    transport: text('transport').$type<TransportMode>(),
    waitReason: text('wait_reason').$type<WaitReason>(),
    startedAt: instant('started_at').notNull(),
    endedAt: instant('ended_at').notNull(),
    minutes: integer('minutes').notNull(),
    /** draft | approved */
    status: text('status').$type<TimeEntryStatus>().notNull().default('draft'),
    /** True once a person changed a derived draft: re-deriving leaves it alone. */
    edited: boolean('edited').notNull().default(false),
    correctsId: uuid('corrects_id'),
    note: text('note'),
    approvedBy: uuid('approved_by'),
    approvedAt: instant('approved_at'),
    version: version(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('time_entries_ticket_idx').on(t.orgId, t.ticketId, t.userId),
    index('time_entries_user_started_idx').on(t.orgId, t.userId, t.startedAt),
    index('time_entries_status_idx').on(t.orgId, t.status, t.startedAt),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** Signatures on a ticket (R8's four parties, E8's acceptance, E10's repair report, M6's delivery). */
export const signoffs = pgTable(
  'signoffs',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    party: text('party').$type<SignoffParty>().notNull(),
    signerName: text('signer_name').notNull(),
    method: text('method').$type<'drawn' | 'typed'>().notNull(),
    attachmentId: uuid('attachment_id'),
    note: text('note'),
    collectedBy: uuid('collected_by').notNull(),
    signedAt: instant('signed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('signoffs_ticket_idx').on(t.orgId, t.ticketId, t.party),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** Published: time entries as pay reads them (M3, M4): whose, on which job, what kind, how long, approved or not. */
export const timeEntryRefs = pgView('time_entry_v').as((qb) =>
  qb
    .select({
      orgId: timeEntries.orgId,
      id: timeEntries.id,
      ticketId: timeEntries.ticketId,
      userId: timeEntries.userId,
      kind: timeEntries.kind,
      transport: timeEntries.transport,
      waitReason: timeEntries.waitReason,
      startedAt: timeEntries.startedAt,
      minutes: timeEntries.minutes,
      status: timeEntries.status,
      correctsId: timeEntries.correctsId,
      approvedBy: timeEntries.approvedBy,
      approvedAt: timeEntries.approvedAt,
    })
    .from(timeEntries),
);

/** Published: work reports the service clerk received (M6's delivery reports) and their callback's answer. */
export const receivedReportRefs = pgView('received_report_v').as((qb) =>
  qb
    .select({
      orgId: workReports.orgId,
      ticketId: workReports.ticketId,
      submittedBy: workReports.submittedBy,
      receivedAt: workReports.receivedAt,
      callbackExplained: workReports.callbackExplained,
      callbackAt: workReports.callbackAt,
    })
    .from(workReports)
    .where(sql`${workReports.receivedAt} is not null`),
);
