import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, orgId, updatedAt, version } from '../../db/columns';
import { tickets } from '../tickets/tickets.schema';
import type { CheckInStatus, CheckState, FuelLevel, QcResult, StageRunStatus } from '../../../shared/workshop';

/**
 * A workshop job (A4): one per workshop ticket, made by its first stage. The stage plan is
 * copied from the organisation's setting then, so a later change of the setting does not
 * reorder a car already in the shop.
 */
export const workshopJobs = pgTable(
  'workshop_jobs',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    plan: text('plan').array().notNull(),
    /** The stage work waits on; null once QC has passed. */
    currentStage: text('current_stage'),
    /** 1, then one more for every QC failure. */
    round: integer('round').notNull().default(1),
    qcPassedAt: instant('qc_passed_at'),
    qcPassedBy: uuid('qc_passed_by'),
    /** A6: the service adviser explained each item and its cost at delivery. */
    deliveryExplainedAt: instant('delivery_explained_at'),
    deliveryExplainedBy: uuid('delivery_explained_by'),
    deliveryNote: text('delivery_note'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.ticketId] }), foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] })],
);

/**
 * One pass of one stage: started and finished by its team, signed by its lead; the QC stage
 * ends passed or failed instead. A QC failure starts a new round from the stage it names.
 */
export const workshopStageRuns = pgTable(
  'workshop_stage_runs',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    stage: text('stage').notNull(),
    round: integer('round').notNull(),
    status: text('status').$type<StageRunStatus>().notNull(),
    /** The team lead named when the stage started, who may sign it. */
    teamLeadId: uuid('team_lead_id'),
    startedAt: instant('started_at').notNull(),
    startedBy: uuid('started_by').notNull(),
    finishedAt: instant('finished_at'),
    finishedBy: uuid('finished_by'),
    signedAt: instant('signed_at'),
    signedBy: uuid('signed_by'),
    /** QC only: pass or fail, why it failed and the stage it sends the job back to. */
    result: text('result').$type<QcResult>(),
    reason: text('reason'),
    backTo: text('back_to'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('workshop_stage_runs_stage_round_key').on(t.orgId, t.ticketId, t.stage, t.round),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [workshopJobs.orgId, workshopJobs.ticketId] }),
  ],
);

/**
 * A3: the reception check-in of a vehicle, signed once by the customer. A correction is a new
 * revision with its reason; the revision it corrects stays as it was signed.
 */
export const workshopCheckIns = pgTable(
  'workshop_check_ins',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    revision: integer('revision').notNull(),
    status: text('status').$type<CheckInStatus>().notNull().default('draft'),
    mileageKm: integer('mileage_km'),
    fuelLevel: text('fuel_level').$type<FuelLevel>(),
    /** `[{ item, state: 'ok' | 'damaged', note }]` */
    checklist: jsonb('checklist').$type<{ item: string; state: CheckState; note?: string | null }[]>().notNull().default([]),
    /** `[{ x, y, note }]`, x and y in 0..1 on the top view of a car. */
    damagePoints: jsonb('damage_points').$type<{ x: number; y: number; note: string }[]>().notNull().default([]),
    /** Attachments of the ticket with purpose `checkin_photo`. */
    photoIds: uuid('photo_ids').array().notNull().default(sql`'{}'::uuid[]`),
    valuablesReminded: boolean('valuables_reminded').notNull().default(false),
    licenceChecked: boolean('licence_checked').notNull().default(false),
    phoneChecked: boolean('phone_checked').notNull().default(false),
    /** `[{ text, confirmed }]`: each of the customer's requests, confirmed one by one. */
    requests: jsonb('requests').$type<{ text: string; confirmed: boolean }[]>().notNull().default([]),
    remarks: text('remarks'),
    /** The customer's signature: a PNG attachment of the ticket with purpose `signature`. */
    signatureAttachmentId: uuid('signature_attachment_id'),
    signerName: text('signer_name'),
    signedAt: instant('signed_at'),
    /** The adviser who took the signature. */
    signedBy: uuid('signed_by'),
    correctionReason: text('correction_reason'),
    createdBy: uuid('created_by').notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('workshop_check_ins_revision_key').on(t.orgId, t.ticketId, t.revision),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** A3: what the technician's pre-inspection found, the work it recommends, and the customer's answer. */
export const workshopPreInspectionItems = pgTable(
  'workshop_pre_inspection_items',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    finding: text('finding').notNull(),
    recommendedWork: text('recommended_work').notNull(),
    estimatedCostFen: bigint('estimated_cost_fen', { mode: 'number' }),
    /** Null until the customer has answered. */
    customerApproved: boolean('customer_approved'),
    decidedAt: instant('decided_at'),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: instant('recorded_at').notNull(),
    /** A6: explained to the customer at delivery. */
    explainedAt: instant('explained_at'),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('workshop_pre_inspection_items_ticket_idx').on(t.orgId, t.ticketId, t.recordedAt),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);
