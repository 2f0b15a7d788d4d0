import { z } from 'zod';
import { EMPLOYMENT_STATUSES, PRIORITIES, TECHNICIAN_GRADES, TICKET_STATUSES } from '../domain';
import { MAX_SKILL_LEVEL, MAX_VISIT_MINUTES, NEXT_FREE_REASONS, SCORE_PARTS, SUGGESTION_NOTICES, VISIT_STATUSES } from '../dispatch';
import { clockBadge } from './sla';
import { instant, isoDay, optionalText, shortText, uuid } from './common';

/** A product category (空调, 热水器) or an asset kind (appliance, vehicle) the technician works on. */
export const productLine = shortText(60);

export const skillInput = z.strictObject({ productLine, level: z.number().int().min(1).max(MAX_SKILL_LEVEL) });

/** M1: a technician's profile besides the grade and status the user record holds. */
export const profileBody = z.strictObject({
  /** Cities or districts the technician covers (深圳, 南山区). */
  regions: z.array(shortText(40)).max(50).default([]),
  vehiclePlate: optionalText(20),
  vehicleType: optionalText(40),
  /** The working calendar (calendars module); none means the organisation's default. */
  calendarId: uuid.nullish(),
  skills: z.array(skillInput).max(50).default([]),
});
export type ProfileBody = z.infer<typeof profileBody>;

export const certificateBody = z.strictObject({
  name: shortText(100),
  number: optionalText(60),
  issuedOn: isoDay.nullish(),
  expiresOn: isoDay.nullish(),
});
export type CertificateBody = z.infer<typeof certificateBody>;

/** T1: one sitting of a written skills test; the attempt number is counted by the server. */
export const examBody = z.strictObject({
  productLine,
  score: z.number().int().min(0).max(1000),
  passed: z.boolean(),
  takenOn: isoDay,
});
export type ExamBody = z.infer<typeof examBody>;

export const leaveBody = z.strictObject({
  startsAt: instant,
  endsAt: instant,
  reason: shortText(200),
  approved: z.boolean().default(false),
});
export type LeaveBody = z.infer<typeof leaveBody>;
export const leaveUpdateBody = leaveBody.partial().strict();
export type LeaveUpdateBody = z.infer<typeof leaveUpdateBody>;

const interval = z.object({ start: z.date(), end: z.date() });

export const skillView = z.object({ productLine: z.string(), level: z.number().int() });
export const certificateView = z.object({ id: uuid, name: z.string(), number: z.string().nullable(), issuedOn: z.string().nullable(), expiresOn: z.string().nullable() });
export const examView = z.object({
  id: uuid,
  productLine: z.string(),
  score: z.number().int(),
  passed: z.boolean(),
  attempt: z.number().int(),
  takenOn: z.string(),
  /** M10: passed at the first attempt (the one-off bonus). */
  firstAttemptPass: z.boolean(),
});
export const leaveView = z.object({
  id: uuid,
  startsAt: z.date(),
  endsAt: z.date(),
  reason: z.string(),
  approved: z.boolean(),
  version: z.number().int(),
});

export const technicianSummary = z.object({
  id: uuid,
  name: z.string(),
  username: z.string(),
  grade: z.enum(TECHNICIAN_GRADES).nullable(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).nullable(),
  /** M1: trainees go along as crew only. */
  mayLead: z.boolean(),
  team: z.string().nullable(),
  regions: z.array(z.string()),
  vehiclePlate: z.string().nullable(),
  vehicleType: z.string().nullable(),
  calendarId: uuid.nullable(),
  skills: z.array(skillView),
});

export const technicianProfile = technicianSummary.extend({
  phone: z.string().nullable(),
  active: z.boolean(),
  certificates: z.array(certificateView),
  exams: z.array(examView),
  leaves: z.array(leaveView),
  /** The profile's version for `If-Match`; 0 before anything was saved. */
  version: z.number().int(),
});
export type TechnicianProfile = z.infer<typeof technicianProfile>;

export const technicianQuery = z.object({ team: z.string().trim().max(60).optional(), region: z.string().trim().max(40).optional() });

// --- the board ---------------------------------------------------------------------------

export const boardQuery = technicianQuery.extend({
  /** The organisation's local day; today when absent. */
  day: isoDay.optional(),
});
export type BoardQuery = z.infer<typeof boardQuery>;

export const boardTechnician = technicianSummary.extend({
  /** Open calendar time that day minus approved leave. */
  availability: z.array(interval),
  leaves: z.array(leaveView),
  plannedMinutes: z.number().int(),
});

export const visitView = z.object({
  id: uuid,
  ticketId: uuid,
  ticketNumber: z.string(),
  ticketStatus: z.enum(TICKET_STATUSES),
  ticketVersion: z.number().int(),
  priority: z.enum(PRIORITIES),
  emergency: z.boolean(),
  customerName: z.string(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  leadId: uuid,
  crewIds: z.array(uuid),
  plannedStart: z.date(),
  plannedEnd: z.date(),
  status: z.enum(VISIT_STATUSES),
  version: z.number().int(),
  sla: clockBadge.nullable(),
});
export type VisitView = z.infer<typeof visitView>;

/** A ticket's planned visit as its page shows it (上门安排): when, and who goes. */
export const ticketVisitView = z.object({
  visit: z
    .object({
      id: uuid,
      plannedStart: z.date(),
      plannedEnd: z.date(),
      lead: z.object({ id: uuid, name: z.string() }),
      crew: z.array(z.object({ id: uuid, name: z.string() })),
    })
    .nullable(),
});
export type TicketVisitView = z.infer<typeof ticketVisitView>;

/** A technician's own planned visits (as lead or crew) starting in [from, to): 我的一天. */
/** Without `from` and `to`: today and tomorrow in the organisation's time zone (what the phone asks for at once). */
export const myVisitsQuery = z.object({ from: instant.optional(), to: instant.optional() });
export const myVisitsView = z.object({
  items: z.array(
    visitView.pick({ id: true, ticketId: true, ticketNumber: true, ticketStatus: true, priority: true, emergency: true, customerName: true, city: true, district: true, plannedStart: true, plannedEnd: true }).extend({
      description: z.string(),
      addressLine: z.string().nullable(),
      /** The caller leads this visit (else goes as crew). */
      lead: z.boolean(),
    }),
  ),
});
export type MyVisitsView = z.infer<typeof myVisitsView>;

export const queueItem = z.object({
  ticketId: uuid,
  number: z.string(),
  status: z.enum(TICKET_STATUSES),
  priority: z.enum(PRIORITIES),
  emergency: z.boolean(),
  customerName: z.string(),
  description: z.string(),
  productLine: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  /** Set for a dispatched ticket that still has no planned window. */
  assigneeId: uuid.nullable(),
  reportedAt: z.date(),
  version: z.number().int(),
  sla: clockBadge.nullable(),
});

export const boardView = z.object({
  day: z.string(),
  timeZone: z.string(),
  /** Local midnight of the day, as an instant: the timeline's origin. */
  dayStart: z.date(),
  technicians: z.array(boardTechnician),
  visits: z.array(visitView),
  /** Most urgent SLA clock first; at most `queueLimit` of `queueTotal`. */
  queue: z.array(queueItem),
  queueTotal: z.number().int(),
  queueLimit: z.number().int(),
});
export type BoardView = z.infer<typeof boardView>;

// --- dispatching and moving ----------------------------------------------------------------

const windowFields = { plannedStart: instant, plannedEnd: instant };

/** Dispatch a queued ticket (If-Match: the ticket's version), or plan a window for a dispatched one. */
export const assignmentBody = z.strictObject({
  ticketId: uuid,
  technicianId: uuid,
  crewIds: z.array(uuid).max(20).default([]),
  ...windowFields,
  /** Needed when the ticket goes to another technician than the one it is dispatched to. */
  reason: z.string().trim().max(1000).nullish(),
});
export type AssignmentBody = z.infer<typeof assignmentBody>;

/** H4: the customer's word on a new time. */
export const consentInput = z.strictObject({
  agreed: z.boolean(),
  /** What the customer said, or the agent's note of it. */
  words: shortText(500),
  /** Who spoke to the customer; the caller when absent. */
  obtainedById: uuid.nullish(),
  /** When; now when absent. */
  obtainedAt: instant.nullish(),
});
export type ConsentInput = z.infer<typeof consentInput>;

/** Move a visit (If-Match: the visit's version): another time, another technician, or both. */
export const moveBody = z.strictObject({
  ...windowFields,
  technicianId: uuid.optional(),
  crewIds: z.array(uuid).max(20).optional(),
  reason: z.string().trim().max(1000).nullish(),
  /** The customer asked for the new time themself: no separate consent is needed. */
  customerRequested: z.boolean().default(false),
  consent: consentInput.nullish(),
});
export type MoveBody = z.infer<typeof moveBody>;

export const suggestionQuery = z.object({ ticketId: uuid, plannedStart: instant, plannedEnd: instant });

export const scorePart = z.object({
  part: z.enum(SCORE_PARTS),
  points: z.number().int(),
  max: z.number().int(),
  /** Message key suffix under `dispatch.why.` and its parameters, for the explanation. */
  reason: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ScorePartView = z.infer<typeof scorePart>;

export const suggestionView = z.object({
  technicianId: uuid,
  name: z.string(),
  grade: z.enum(TECHNICIAN_GRADES).nullable(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).nullable(),
  /** `crew` for trainees (M1, M5, M9): they are suggested, never as lead. */
  role: z.enum(['lead', 'crew']),
  available: z.boolean(),
  total: z.number().int(),
  parts: z.array(scorePart),
});
export type SuggestionView = z.infer<typeof suggestionView>;

export const suggestionsView = z.object({
  ticketId: uuid,
  /** What the ranking could not weigh (the ticket's product or address, the technicians' skills or regions). */
  notices: z.array(z.enum(SUGGESTION_NOTICES)),
  productLine: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  sla: clockBadge.nullable(),
  items: z.array(suggestionView),
});

export const nextFreeQuery = z.object({
  ticketId: uuid,
  technicianId: uuid.optional(),
  day: isoDay.optional(),
  /** The visit's length: the start is where it fits in the technician's open time (120 when not given). */
  minutes: z.coerce.number().int().min(15).max(MAX_VISIT_MINUTES).optional(),
});
export type NextFreeQuery = z.infer<typeof nextFreeQuery>;

/** A new visit's default start: the technician's next free time (now, for an emergency). */
export const nextFreeView = z.object({
  ticketId: uuid,
  technicianId: uuid.nullable(),
  start: z.date(),
  /** The start's local day and its minutes after local midnight, in the organisation's time zone. */
  day: z.string(),
  minute: z.number().int(),
  reason: z.enum(NEXT_FREE_REASONS),
  emergency: z.boolean(),
});
export type NextFreeView = z.infer<typeof nextFreeView>;
