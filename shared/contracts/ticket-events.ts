import { z } from 'zod';
import { CHANNELS, HOLD_REASONS, PRIORITIES, SLA_ACTIONS, SLA_METRICS, TICKET_ACTIONS, TICKET_STATUSES, WARRANTY_STATES, type TicketEventType } from '../domain';
import { CONTACT_OUTCOMES } from './appointments';
import { uuid } from './common';
import { RMA_CARRIERS, RMA_OUTCOMES, RMA_STEPS } from './billing-rma';
import { FIELD_STEP_KINDS, INSTRUCTION_ITEMS, SIGNOFF_PARTIES, TRANSPORT_MODES, WAIT_REASONS } from './fieldwork';

/**
 * Every event a ticket's history can hold, with what it carries. The server writes only these
 * (one `recordEvent` in the tickets module takes a `TicketEventBody`); the web reads them with
 * their types; `eventForExternal` in the tickets module decides, per type and field, what a
 * customer or contractor may see. A new event type is added here first.
 *
 * Details are stored as JSON: instants are ISO strings, amounts fen, rates basis points.
 */

const text = z.string();
const isoInstant = z.string();
const status = z.enum(TICKET_STATUSES);

/** A free-text note a person typed; internal unless an event type says otherwise. */
const note = text.optional();

const created = z.object({
  type: z.literal('created'),
  /** Every ticket starts reported. */
  to: z.literal('reported'),
  details: z.object({
    channel: z.enum(CHANNELS),
    priority: z.enum(PRIORITIES),
    emergency: z.boolean(),
    warranty: z.enum(WARRANTY_STATES),
    warrantyReason: text,
  }),
});

const transition = z.object({
  type: z.literal('transition'),
  from: status,
  to: status,
  details: z.object({
    /** A person's action, or the SLA engine taking a late technician off the job (H4). */
    action: z.union([z.enum(TICKET_ACTIONS), z.literal('sla_reassign')]),
    reason: note,
    holdReason: z.enum(HOLD_REASONS).optional(),
    technicianId: uuid.optional(),
  }),
});

const assigned = z.object({
  type: z.literal('assigned'),
  details: z.object({ leadId: uuid, memberIds: z.array(uuid), previousLeadId: uuid.nullable() }),
});

const comment = z.object({
  type: z.literal('comment'),
  details: z.object({ commentId: uuid, internal: z.boolean(), excerpt: text }),
});

const attachment = z.object({
  type: z.literal('attachment'),
  details: z.object({ attachmentId: uuid, fileName: text, contentType: text, purpose: text.optional() }),
});

/** A field edit: each changed field with its value before and after. */
const updated = z.object({
  type: z.literal('updated'),
  details: z.object({ changes: z.record(text, z.object({ from: z.unknown(), to: z.unknown() })) }),
});

/** What people record by hand that the clocks listen to; the SLA engine records loaner requests itself (E3). */
const fieldEvent = <T extends 'arrived' | 'callback' | 'loaner_requested' | 'loaner_provided' | 'contractor_arrived'>(type: T) =>
  z.object({ type: z.literal(type), details: z.object({ note, metric: z.enum(SLA_METRICS).optional() }) });

/** E3: the loaner lent on the ticket came back to its pool: which unit, and a note. */
const loanerReturned = z.object({ type: z.literal('loaner_returned'), details: z.object({ loanerId: uuid, serial: text, note }) });

const slaExtended = z.object({
  type: z.literal('sla_extended'),
  details: z.object({ metric: z.enum(SLA_METRICS), reason: text }),
});

const slaAlert = z.object({
  type: z.literal('sla_alert'),
  details: z.object({ metric: z.enum(SLA_METRICS), bp: z.number().int(), actions: z.array(z.enum(SLA_ACTIONS)) }),
});

const escalated = z.object({
  type: z.literal('escalated'),
  details: z.object({ metric: z.enum(SLA_METRICS), bp: z.number().int(), to: z.literal('supervisor') }),
});

const contractorDefault = z.object({
  type: z.literal('contractor_default'),
  details: z.object({ metric: z.enum(SLA_METRICS), deductionRateBp: z.number().int() }),
});

/** R3: a person named another responsible contractor (or none), and why. */
const contractorChanged = z.object({
  type: z.literal('contractor_changed'),
  details: z.object({ fromId: uuid.nullable(), toId: uuid.nullable(), reason: text }),
});

/** R2: the contractor took the job on its portal. */
const contractorAccepted = z.object({ type: z.literal('contractor_accepted'), details: z.object({ note }) });

/** The contractor agreed the repair on site: what will be done, its work quantity (工程量) and, above the R4 threshold, the cost. */
const contractorAgreed = z.object({
  type: z.literal('contractor_agreed'),
  details: z.object({ scope: text, workQuantity: text, agreedCostFen: z.number().int().nullable(), note }),
});

/** R4: the contractor could not be reached or was late; the centre repairs it itself, with the clock as it stood. */
const selfRepair = z.object({
  type: z.literal('self_repair'),
  details: z.object({
    contractorId: uuid.nullable(),
    reason: text,
    clock: z.object({ startedAt: isoInstant.nullable(), dueAt: isoInstant.nullable(), stoppedAt: isoInstant.nullable(), breached: z.boolean() }).nullable(),
  }),
});

const fieldStep = z.object({
  type: z.literal('field_step'),
  details: z.object({
    kind: z.enum(FIELD_STEP_KINDS),
    transport: z.enum(TRANSPORT_MODES).optional(),
    waitReason: z.enum(WAIT_REASONS).optional(),
    note: text.nullish(),
    /** Where the phone said it was: [latitude, longitude]. */
    location: z.tuple([z.number().nullable(), z.number().nullable()]).optional(),
    /** A step kept on the phone and sent later: when the server received it, and minutes after it happened. */
    receivedAt: isoInstant.optional(),
    lateMinutes: z.number().int().optional(),
    /** Received later than the offline-gap setting: a supervisor checks it. */
    lateFlagged: z.boolean().optional(),
  }),
});

const workReport = z.object({
  type: z.literal('work_report'),
  details: z.object({ signerName: text, instructed: z.array(z.enum(INSTRUCTION_ITEMS)) }),
});

const signoff = z.object({
  type: z.literal('signoff'),
  details: z.object({ party: z.enum(SIGNOFF_PARTIES), signerName: text }),
});

const deliveryReceived = z.object({ type: z.literal('delivery_received'), details: z.object({}) });

const deliveryCallback = z.object({
  type: z.literal('delivery_callback'),
  details: z.object({ explained: z.boolean(), note }),
});

/** The car workshop's steps (A3, A4, A6), by kind. */
export const workshopEventDetails = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('checkin_signed'),
    revision: z.number().int(),
    signerName: text,
    mileageKm: z.number().nullable().optional(),
    damaged: z.array(text),
    damagePoints: z.number().int(),
    correctionReason: text.optional(),
  }),
  z.object({ kind: z.literal('checkin_correction'), revision: z.number().int(), reason: text }),
  z.object({ kind: z.literal('preinspection_item'), finding: text, estimatedCostFen: z.number().int().nullable() }),
  z.object({ kind: z.literal('preinspection_decision'), finding: text, approved: z.boolean().nullable() }),
  z.object({ kind: z.literal('stage_started'), stage: text, round: z.number().int() }),
  z.object({ kind: z.literal('stage_finished'), stage: text, round: z.number().int() }),
  /** `next`: the stage that may start now, or null when the plan is done. */
  z.object({ kind: z.literal('stage_signed'), stage: text, round: z.number().int(), next: text.nullable() }),
  z.object({ kind: z.literal('qc_passed'), round: z.number().int() }),
  z.object({ kind: z.literal('delivery_explained'), items: z.number().int(), totalFen: z.number().int() }),
]);
export type WorkshopEventDetails = z.infer<typeof workshopEventDetails>;

const workshop = z.object({ type: z.literal('workshop'), details: workshopEventDetails });

const rework = z.object({
  type: z.literal('rework'),
  details: z.object({ source: z.literal('workshop_qc'), round: z.number().int(), reason: text, backTo: text }),
});

const contactAttempt = z.object({
  type: z.literal('contact_attempt'),
  details: z.object({
    attemptId: uuid,
    outcome: z.enum(CONTACT_OUTCOMES),
    note,
    failedCount: z.number().int(),
    retryAt: isoInstant.optional(),
    clerkNotified: z.boolean().optional(),
    taskId: uuid.optional(),
  }),
});

const visitWindow = z.object({ start: isoInstant, end: isoInstant, technicianId: uuid });

const rescheduled = z.object({
  type: z.literal('rescheduled'),
  details: z.object({
    visitId: uuid,
    from: visitWindow,
    to: visitWindow,
    reason: text.nullable(),
    customerRequested: z.boolean(),
    /** H4: the customer's consent as obtained: their words, who obtained them and when. */
    consent: z
      .object({ agreed: z.boolean(), words: text.nullish(), obtainedBy: z.object({ id: uuid, name: text }), obtainedAt: isoInstant })
      .nullable(),
  }),
});

/** A quote on the ticket (billing): made, sent by link, decided; or the call-out marked customer-caused. */
export const quoteEventDetails = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('created'), quoteId: uuid, version: z.number().int(), totalFen: z.number().int() }),
  z.object({ kind: z.literal('link_sent'), quoteId: uuid, version: z.number().int(), expiresAt: isoInstant }),
  z.object({
    kind: z.literal('decided'),
    quoteId: uuid,
    version: z.number().int(),
    decision: z.enum(['approved', 'declined']),
    via: z.enum(['staff', 'link']),
    signerName: text.nullable(),
  }),
  z.object({ kind: z.literal('customer_caused'), customerCaused: z.boolean(), reason: text.nullable() }),
]);
const quote = z.object({ type: z.literal('quote'), details: quoteEventDetails });

/** The ticket's charge (billing): made from its quote, a line adjusted (a rise waits for the customer), explained and signed (A6), its repair warranty set (M8). */
export const chargeEventDetails = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('charged'), chargeId: uuid, basis: z.enum(['approved', 'declined']), totalFen: z.number().int() }),
  z.object({ kind: z.literal('adjusted'), chargeId: uuid, lineNo: z.number().int(), deltaFen: z.number().int(), reason: text, status: z.enum(['applied', 'pending']) }),
  z.object({ kind: z.literal('adjustment_decided'), chargeId: uuid, lineNo: z.number().int(), deltaFen: z.number().int(), decision: z.enum(['approved', 'declined']) }),
  z.object({ kind: z.literal('explained'), chargeId: uuid, lines: z.number().int(), totalFen: z.number().int(), signerName: text }),
  /** M8: the months of warranty the repair carries (维修质保期), set on the charge; 0 = none. */
  z.object({ kind: z.literal('repair_warranty'), chargeId: uuid, months: z.number().int() }),
]);
const charge = z.object({ type: z.literal('charge'), details: chargeEventDetails });
/** Money received on the ticket (amount above zero), or paid back (a refund, below zero, with its reason). */
const payment = z.object({
  type: z.literal('payment'),
  details: z.object({ paymentId: uuid, amountFen: z.number().int(), method: text, refund: z.boolean(), reason: note }),
});

/**
 * C3, C5: a step of a mail-in or carry-in repair (billing module). A customer sees where the
 * unit is (received, in repair, shipped back with its tracking number), never staff notes.
 */
const rma = z.object({
  type: z.literal('rma'),
  details: z.object({
    step: z.enum(RMA_STEPS),
    carrier: z.enum(RMA_CARRIERS).optional(),
    trackingNumber: text.nullish(),
    warranty: z.enum(WARRANTY_STATES).optional(),
    warrantyReason: text.optional(),
    /** The last day the warranty covers, when it has one. */
    warrantyEndsOn: text.nullish(),
    outcome: z.enum(RMA_OUTCOMES).optional(),
    passed: z.boolean().optional(),
    doa: z.boolean().optional(),
    dueOn: text.optional(),
    depositFen: z.number().int().optional(),
    note,
  }),
});

/** A repeat call about the ticket (催单): which one it is (1 for the first), by which channel, and what the caller said. */
const chase = z.object({
  type: z.literal('chase'),
  details: z.object({ count: z.number().int(), channel: z.enum(CHANNELS), note }),
});

/** What one event records: its type, its details and, for a transition, the statuses. */
export const ticketEventBody = z.discriminatedUnion('type', [
  created,
  transition,
  assigned,
  comment,
  attachment,
  updated,
  fieldEvent('arrived'),
  fieldEvent('callback'),
  fieldEvent('loaner_requested'),
  fieldEvent('loaner_provided'),
  loanerReturned,
  fieldEvent('contractor_arrived'),
  slaExtended,
  slaAlert,
  escalated,
  contractorDefault,
  contractorChanged,
  contractorAccepted,
  contractorAgreed,
  selfRepair,
  fieldStep,
  workReport,
  signoff,
  deliveryReceived,
  deliveryCallback,
  workshop,
  rework,
  contactAttempt,
  rescheduled,
  quote,
  charge,
  payment,
  rma,
  chase,
]);
export type TicketEventBody = z.infer<typeof ticketEventBody>;

/** The body of one event type: `EventOf<'field_step'>['details']['kind']`. */
export type EventOf<T extends TicketEventType> = Extract<TicketEventBody, { type: T }>;

// Every type the domain names has its shape here, and nothing else: checked when this compiles.
type Missing = Exclude<TicketEventType, TicketEventBody['type']>;
type Extra = Exclude<TicketEventBody['type'], TicketEventType>;
const _complete: [Missing, Extra] extends [never, never] ? true : never = true;
void _complete;

/** An event as the API sends it: who, when, and its body. */
export const ticketEventView = z
  .object({
    id: uuid,
    actor: z.object({ id: uuid, name: text }).nullable(),
    at: z.date(),
  })
  .and(ticketEventBody);
export type TicketEventView = z.infer<typeof ticketEventView>;
