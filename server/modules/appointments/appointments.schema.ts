import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, id, instant, orgId, updatedAt, version } from '../../db/columns';
import { organisations, users } from '../identity/identity.schema';
import { customers } from '../customers/customers.schema';
import { assets } from '../assets/assets.schema';
import { tickets } from '../tickets/tickets.schema';
import type { AppointmentChannel, AppointmentStatus, BookingRequestStatus, SlotTemplateBody } from '../../../shared/contracts/appointments';

/**
 * A weekly pattern of appointment slots (weekdays 09:00–11:00, 11:00–13:00… 4 places each),
 * from which slots are generated for a range of days. Editing a template changes only the
 * slots generated after the edit.
 */
export const appointmentTemplates = pgTable(
  'appointment_templates',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    /** '' when the slots are for any service / any team: it keeps the slot key unique without nulls. */
    serviceType: text('service_type').notNull().default(''),
    team: text('team').notNull().default(''),
    /** ISO weekdays, 1 = Monday. */
    weekdays: integer('weekdays').array().notNull(),
    /** `[{ start: '09:00', end: '11:00', capacity: 4 }]`, wall-clock times in the organisation's zone. */
    windows: jsonb('windows').$type<SlotTemplateBody['windows']>().notNull(),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/**
 * A bookable time on one day with a number of places. `booked` counts the bookings that hold
 * a place; it only changes by a conditional update (`booked < capacity`), and the check below
 * refuses anything else, so two agents can never both take the last place.
 */
export const appointmentSlots = pgTable(
  'appointment_slots',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    /** The organisation's calendar day. */
    slotOn: day('slot_on').notNull(),
    /** Wall-clock `HH:MM` in the organisation's zone, as the template said it. */
    startTime: text('start_time').notNull(),
    endTime: text('end_time').notNull(),
    /** The same times as instants, fixed when the slot is made: what reminders and sorting use. */
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    serviceType: text('service_type').notNull().default(''),
    team: text('team').notNull().default(''),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
    open: boolean('open').notNull().default(true),
    templateId: uuid('template_id'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('appointment_slots_key').on(t.orgId, t.slotOn, t.startTime, t.serviceType, t.team),
    index('appointment_slots_org_starts_idx').on(t.orgId, t.startsAt),
    check('appointment_slots_booked_within_capacity', sql`${t.booked} >= 0 and ${t.booked} <= ${t.capacity}`),
  ],
);

/** A booking (W3, A2): who comes, when, for what, to whom; and the promotion it earned. */
export const appointments = pgTable(
  'appointments',
  {
    orgId: orgId(),
    id: id(),
    slotId: uuid('slot_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    assetId: uuid('asset_id'),
    /** phone | web */
    channel: text('channel').$type<AppointmentChannel>().notNull(),
    /** booked → arrived → done; or no_show, cancelled. */
    status: text('status').$type<AppointmentStatus>().notNull().default('booked'),
    /** A2: the customer's requests, one line each, as read back to them. */
    requests: text('requests').array().notNull(),
    /** A2: the technician the customer chose. */
    technicianId: uuid('technician_id'),
    /** The name and number given for this booking (the self-service page asks for both). */
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    note: text('note'),
    /** W3: basis points off (1000 = 10 % off), from the organisation's settings when booked; billing applies it. */
    discountBp: integer('discount_bp').notNull(),
    /** The ticket the visit became when the customer arrived. */
    ticketId: uuid('ticket_id'),
    /** Null when the customer booked through the self-service link. */
    createdBy: uuid('created_by'),
    bookedAt: instant('booked_at').notNull(),
    arrivedAt: instant('arrived_at'),
    doneAt: instant('done_at'),
    noShowAt: instant('no_show_at'),
    cancelledAt: instant('cancelled_at'),
    cancelReason: text('cancel_reason'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('appointments_org_slot_idx').on(t.orgId, t.slotId),
    index('appointments_org_customer_idx').on(t.orgId, t.customerId),
    uniqueIndex('appointments_org_ticket_key').on(t.orgId, t.ticketId).where(sql`ticket_id is not null`),
    foreignKey({ columns: [t.orgId, t.slotId], foreignColumns: [appointmentSlots.orgId, appointmentSlots.id] }),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    foreignKey({ columns: [t.orgId, t.assetId], foreignColumns: [assets.orgId, assets.id] }),
    foreignKey({ columns: [t.orgId, t.technicianId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/**
 * The organisation's self-service booking link (`/book/<token>`). An administrator rotates the
 * token when it has spread too far; the old link then finds nothing.
 */
export const bookingLinks = pgTable('booking_links', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organisations.id),
  token: text('token').notNull().unique(),
  rotatedAt: instant('rotated_at').notNull(),
  rotatedBy: uuid('rotated_by'),
});

/**
 * S5: a time asked for on the public booking page. It holds its slot's place (counted in
 * `booked`) but belongs to nobody: the name and phone are what the caller typed, unverified.
 * Staff confirm it for a customer they choose, which makes the appointment (taking over the
 * held place), or decline it, which gives the place back.
 */
export const bookingRequests = pgTable(
  'booking_requests',
  {
    orgId: orgId(),
    id: id(),
    slotId: uuid('slot_id').notNull(),
    name: text('name').notNull(),
    /** Normalised. */
    phone: text('phone').notNull(),
    /** What the caller asked for, one line each. */
    requests: text('requests').array().notNull(),
    /** pending → confirmed | declined. */
    status: text('status').$type<BookingRequestStatus>().notNull().default('pending'),
    submittedAt: instant('submitted_at').notNull(),
    /** The appointment a confirmation made. */
    appointmentId: uuid('appointment_id'),
    decidedBy: uuid('decided_by'),
    decidedAt: instant('decided_at'),
    declineReason: text('decline_reason'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('booking_requests_org_status_idx').on(t.orgId, t.status, t.submittedAt),
    index('booking_requests_org_slot_idx').on(t.orgId, t.slotId),
    uniqueIndex('booking_requests_org_appointment_key').on(t.orgId, t.appointmentId).where(sql`appointment_id is not null`),
    foreignKey({ columns: [t.orgId, t.slotId], foreignColumns: [appointmentSlots.orgId, appointmentSlots.id] }),
    foreignKey({ columns: [t.orgId, t.appointmentId], foreignColumns: [appointments.orgId, appointments.id] }),
    foreignKey({ columns: [t.orgId, t.decidedBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/**
 * S5: the public booking page's counts, one row per organisation and key (`page|ip|…`,
 * `request|ip|…`, `request|phone|…`, `request|link`), each over a fixed window. A request
 * takes its place with one atomic upsert, so parallel bursts get the limit and no more.
 */
export const publicBookingThrottles = pgTable(
  'public_booking_throttles',
  {
    orgId: orgId().references(() => organisations.id),
    key: text('key').notNull(),
    count: integer('count').notNull(),
    windowStartedAt: instant('window_started_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.key] }), index('public_booking_throttles_org_window_idx').on(t.orgId, t.windowStartedAt)],
);
