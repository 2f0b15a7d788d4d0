import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, pgView, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, id, instant, orgId, updatedAt, version } from '../../db/columns';
import { users } from '../identity/identity.schema';
import { calendars } from '../calendar/calendar.schema';
import { tickets } from '../tickets/tickets.schema';
import type { VisitStatus } from '../../../shared/dispatch';

/**
 * M1: what dispatch knows of a technician besides the grade, status and team on the user
 * record: where they work, what they drive, which calendar they keep.
 */
export const technicianProfiles = pgTable(
  'technician_profiles',
  {
    orgId: orgId(),
    userId: uuid('user_id').notNull(),
    /** Cities or districts covered (深圳, 南山区). */
    regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
    vehiclePlate: text('vehicle_plate'),
    vehicleType: text('vehicle_type'),
    /** The working calendar; null means the organisation's default. */
    calendarId: uuid('calendar_id'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId] }),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.calendarId], foreignColumns: [calendars.orgId, calendars.id] }),
  ],
);

/** Skills by product line (a product category or an asset kind), each with a level 1–3. */
export const technicianSkills = pgTable(
  'technician_skills',
  {
    orgId: orgId(),
    userId: uuid('user_id').notNull(),
    productLine: text('product_line').notNull(),
    level: integer('level').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.userId, t.productLine] }),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
    check('technician_skills_level_check', sql`${t.level} between 1 and 3`),
  ],
);

export const technicianCertificates = pgTable(
  'technician_certificates',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    number: text('number'),
    issuedOn: day('issued_on'),
    expiresOn: day('expires_on'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('technician_certificates_org_user_idx').on(t.orgId, t.userId),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
  ],
);

/**
 * T1: written skills tests per product line; results decide grades, and a pass at the first
 * attempt earns M10's bonus. Append-only: a result is a record, a retake is a new attempt.
 */
export const technicianExams = pgTable(
  'technician_exams',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    productLine: text('product_line').notNull(),
    score: integer('score').notNull(),
    passed: boolean('passed').notNull(),
    /** 1 for the first sitting of this product line's test, counted per technician. */
    attempt: integer('attempt').notNull(),
    takenOn: day('taken_on').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    // Two people recording the same technician's attempt at once: one gets the number, the other retries.
    uniqueIndex('technician_exams_attempt_key').on(t.orgId, t.userId, t.productLine, t.attempt),
    index('technician_exams_org_taken_idx').on(t.orgId, t.takenOn),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** Time off: an approved leave takes the time out of the technician's availability. */
export const technicianLeaves = pgTable(
  'technician_leaves',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    reason: text('reason').notNull(),
    approved: boolean('approved').notNull().default(false),
    approvedBy: uuid('approved_by'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('technician_leaves_org_user_idx').on(t.orgId, t.userId, t.startsAt),
    index('technician_leaves_org_ends_idx').on(t.orgId, t.endsAt),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
    check('technician_leaves_span_check', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);

/**
 * A ticket's planned visit window and its crew, as the dispatch board set it. The ticket holds
 * who is dispatched (lead and crew, with their events); the visit holds when. A ticket has at
 * most one planned visit; it is moved in place (its version guards concurrent moves) and
 * every move is a `rescheduled` event on the ticket (H4).
 */
export const visits = pgTable(
  'visits',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    leadId: uuid('lead_id').notNull(),
    crewIds: uuid('crew_ids').array().notNull().default(sql`'{}'::uuid[]`),
    plannedStart: instant('planned_start').notNull(),
    plannedEnd: instant('planned_end').notNull(),
    status: text('status').$type<VisitStatus>().notNull().default('planned'),
    createdBy: uuid('created_by').notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('visits_one_planned_per_ticket_key').on(t.orgId, t.ticketId).where(sql`status = 'planned'`),
    // The board reads a day: visits are at most 12 h long, so a range on the start finds every overlap.
    index('visits_org_start_idx').on(t.orgId, t.plannedStart).where(sql`status = 'planned'`),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.leadId], foreignColumns: [users.orgId, users.id] }),
    check('visits_span_check', sql`${t.plannedEnd} > ${t.plannedStart}`),
  ],
);

/** Published: exam results (T1), which M10's bonus reads. */
export const examResultRefs = pgView('exam_result_v').as((qb) =>
  qb
    .select({
      orgId: technicianExams.orgId,
      id: technicianExams.id,
      userId: technicianExams.userId,
      productLine: technicianExams.productLine,
      passed: technicianExams.passed,
      attempt: technicianExams.attempt,
      takenOn: technicianExams.takenOn,
    })
    .from(technicianExams),
);
