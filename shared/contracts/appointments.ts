import { z } from 'zod';
import { MAINTENANCE_KINDS } from './maintenance';
import { isoDay, optionalText, phone, shortText, uuid } from './common';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../domain';

/**
 * Appointments (W3, A2) and contact attempts (H5, H6). The lists here are closed sets; each
 * value has a label `enum.<list>.<value>` in `shared/i18n`.
 */

/** An appointment's life: booked, then the customer arrives (and the work is done) or does not come. */
export const APPOINTMENT_STATUSES = ['booked', 'arrived', 'done', 'no_show', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** Where each status may go; a cancelled booking gives its place back, a no-show keeps it (the time has passed). */
export const APPOINTMENT_TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  booked: ['arrived', 'no_show', 'cancelled'],
  // A customer marked absent who turns up late is let in.
  no_show: ['arrived'],
  arrived: ['done'],
  done: [],
  cancelled: [],
};

/** W3: by phone (the hotline agent books) or online (the customer books through the link). */
export const APPOINTMENT_CHANNELS = ['phone', 'web'] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];

/** H5, H6: what a call to the customer came to. */
export const CONTACT_OUTCOMES = ['answered', 'no_answer', 'busy', 'wrong_number', 'wrong_address'] as const;
export type ContactOutcome = (typeof CONTACT_OUTCOMES)[number];
/** Calls that did not reach the customer: they count towards telling the clerk (H5). */
export const FAILED_CONTACT_OUTCOMES: readonly ContactOutcome[] = ['no_answer', 'busy', 'wrong_number'];
/** Calls worth trying again after a while; a wrong number is not. */
export const RETRY_CONTACT_OUTCOMES: readonly ContactOutcome[] = ['no_answer', 'busy'];

/** Follow-up work raised by the system; H6 raises the first kind. */
/** H6: correct a customer's address; a low rating on the tracking page (selfservice) for the supervisor. */
export const TASK_KINDS = ['correct_address', 'low_rating', 'maintenance_due'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** A local wall-clock time, `HH:MM`; `24:00` only as an end. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/);

/** Minutes after midnight of a `HH:MM`. */
export const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

const window = z
  .strictObject({ start: clockTime, end: clockTime, capacity: z.number().int().min(1).max(500) })
  .refine((w) => minutesOf(w.end) > minutesOf(w.start), { path: ['end'], params: { message: 'validation.endAfterStart' } });

const serviceKey = optionalText(40);

/** A weekly pattern of slots: on these weekdays, these windows with these capacities. */
export const slotTemplateBody = z
  .strictObject({
    name: shortText(60),
    /** What the slots are for (保养, 维修, 清洗…) or which team takes them; both optional. */
    serviceType: serviceKey,
    team: serviceKey,
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    windows: z.array(window).min(1).max(24),
    active: z.boolean().optional(),
  })
  .refine(
    (b) => {
      const sorted = [...b.windows].sort((x, y) => minutesOf(x.start) - minutesOf(y.start));
      return sorted.every((w, i) => i === 0 || minutesOf(w.start) >= minutesOf(sorted[i - 1]!.end));
    },
    { path: ['windows'], params: { message: 'validation.windowsOverlap' } },
  );
export type SlotTemplateBody = z.infer<typeof slotTemplateBody>;

export const slotTemplateView = z.object({
  id: uuid,
  name: z.string(),
  serviceType: z.string().nullable(),
  team: z.string().nullable(),
  weekdays: z.array(z.number()),
  windows: z.array(z.object({ start: z.string(), end: z.string(), capacity: z.number() })),
  active: z.boolean(),
  version: z.number(),
  /** On a save: the slots it made ahead (settings `appointments.generateDaysAhead`), so nobody has to press 生成时段 first. */
  slotsCreated: z.number().int().optional(),
});
export type SlotTemplateView = z.infer<typeof slotTemplateView>;

/** At most a quarter ahead per run, so one request never makes an unbounded number of rows. */
export const MAX_GENERATE_DAYS = 92;

export const generateSlotsBody = z
  .strictObject({ from: isoDay, to: isoDay })
  .refine((b) => b.to >= b.from, { path: ['to'], params: { message: 'validation.endAfterStart' } })
  .refine((b) => (Date.parse(b.to) - Date.parse(b.from)) / 86_400_000 < MAX_GENERATE_DAYS, {
    path: ['to'],
    params: { message: 'validation.rangeTooLong' },
  });

export const createSlotBody = z
  .strictObject({ day: isoDay, start: clockTime, end: clockTime, capacity: z.number().int().min(1).max(500), serviceType: serviceKey, team: serviceKey })
  .refine((w) => minutesOf(w.end) > minutesOf(w.start), { path: ['end'], params: { message: 'validation.endAfterStart' } });

export const updateSlotBody = z.strictObject({
  capacity: z.number().int().min(1).max(500).optional(),
  /** A closed slot takes no new bookings; those it has stay. */
  open: z.boolean().optional(),
});

export const slotView = z.object({
  id: uuid,
  /** The organisation's calendar day and wall-clock times. */
  day: z.string(),
  start: z.string(),
  end: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  serviceType: z.string().nullable(),
  team: z.string().nullable(),
  capacity: z.number(),
  booked: z.number(),
  open: z.boolean(),
  version: z.number(),
});
export type SlotView = z.infer<typeof slotView>;

export const slotListQuery = z.object({ from: isoDay, to: isoDay, serviceType: z.string().max(40).optional() });

const requestLines = z.array(shortText(200)).min(1).max(20);

export const bookAppointmentBody = z.strictObject({
  slotId: uuid,
  customerId: uuid,
  assetId: uuid.nullish(),
  /** A2: what the customer asks for, one line each; read back to them. */
  requests: requestLines,
  /** A2: the technician the customer chose. */
  technicianId: uuid.nullish(),
  channel: z.enum(APPOINTMENT_CHANNELS).default('phone'),
  /** The number to reach them on for this visit, when not their usual one. */
  contactPhone: phone.nullish(),
  note: optionalText(500),
});
export type BookAppointmentBody = z.input<typeof bookAppointmentBody>;

export const updateAppointmentBody = z.strictObject({
  /** Moves the booking to another slot: the place there is taken before this one is given back. */
  slotId: uuid.optional(),
  requests: requestLines.optional(),
  technicianId: uuid.nullish(),
  assetId: uuid.nullish(),
  note: optionalText(500),
});

export const appointmentStatusBody = z.strictObject({
  status: z.enum(APPOINTMENT_STATUSES),
  reason: optionalText(500),
});

export const convertAppointmentBody = z.strictObject({
  type: z.enum(TICKET_TYPES).optional(),
  priority: z.enum(PRIORITIES).optional(),
});

/** Everything the agent reads back to the customer (A2), and the board shows. */
export const appointmentView = z.object({
  id: uuid,
  status: z.enum(APPOINTMENT_STATUSES),
  channel: z.enum(APPOINTMENT_CHANNELS),
  slot: z.object({ id: uuid, day: z.string(), start: z.string(), end: z.string(), startsAt: z.date(), endsAt: z.date(), serviceType: z.string().nullable(), team: z.string().nullable() }),
  customer: z.object({ id: uuid, name: z.string() }),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  asset: z.object({ id: uuid, label: z.string() }).nullable(),
  requests: z.array(z.string()),
  technician: z.object({ id: uuid, name: z.string() }).nullable(),
  note: z.string().nullable(),
  /** W3: the promotion this booking earned, in basis points off (1000 = 10 % off, 9折). */
  discountBp: z.number(),
  ticket: z.object({ id: uuid, number: z.string(), status: z.enum(TICKET_STATUSES) }).nullable(),
  bookedAt: z.date(),
  arrivedAt: z.date().nullable(),
  doneAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
  createdBy: z.object({ id: uuid, name: z.string() }).nullable(),
  version: z.number(),
});
export type AppointmentView = z.infer<typeof appointmentView>;

/** A2: what the agent reads back to the caller, and what the customer's message says. */
export type ReadBack = {
  appointmentId: string;
  day: string;
  start: string;
  end: string;
  serviceType: string | null;
  /** Each request on its own line, in the order given. */
  requests: string[];
  technician: string | null;
  discountBp: number;
};

/**
 * A2: the read-back of a booking, in the order a person says it: the day and time (and what
 * the slot is for), each request, the technician the customer chose, the promotion earned.
 * One function for the agent's screen and the customer's message, so they never differ.
 * Takes the view as the server holds it or as the web receives it.
 */
export function readBack(a: {
  id: string;
  slot: { day: string; start: string; end: string; serviceType: string | null };
  requests: readonly string[];
  technician: { name: string } | null;
  discountBp: number;
}): ReadBack {
  return {
    appointmentId: a.id,
    day: a.slot.day,
    start: a.slot.start,
    end: a.slot.end,
    serviceType: a.slot.serviceType,
    requests: [...a.requests],
    technician: a.technician?.name ?? null,
    discountBp: a.discountBp,
  };
}

/** A2: a technician a caller may ask for, with what tells them apart. */
export const technicianChoice = z.object({ id: uuid, name: z.string(), grade: z.string().nullable(), team: z.string().nullable() });
export type TechnicianChoice = z.infer<typeof technicianChoice>;

export const boardQuery = z.object({ day: isoDay, serviceType: z.string().max(40).optional() });
export const boardView = z.object({
  day: z.string(),
  timeZone: z.string(),
  /** `pendingRequests`: places held by booking requests from the public page, not yet confirmed (S5). */
  slots: z.array(slotView.extend({ appointments: z.array(appointmentView), pendingRequests: z.number() })),
  /** Appointments of the day whose slot was filtered out cannot exist: every booking sits in a slot. */
  counts: z.object({ booked: z.number(), arrived: z.number(), done: z.number(), no_show: z.number(), cancelled: z.number() }),
});

// --- the self-service booking page --------------------------------------------------------

export const bookingLinkView = z.object({ token: z.string(), path: z.string(), rotatedAt: z.date() });

export const publicBookingPage = z.object({
  organisation: z.object({ name: z.string() }),
  discountBp: z.number(),
  /** Open slots with a place left, from now on; how full they are is not said. */
  slots: z.array(z.object({ id: uuid, day: z.string(), start: z.string(), end: z.string(), serviceType: z.string().nullable() })),
});

export const publicBookingBody = z.strictObject({
  name: shortText(60),
  phone,
  slotId: uuid,
  /** What the customer wants done, in their own words; one line per request. */
  request: shortText(1000),
});

/**
 * S5: what the caller sees after asking for a time: only what they gave and the time asked
 * for, held for them until the service centre confirms. The same answer whoever the phone
 * number belongs to, so the page says nothing about anyone.
 */
export const publicBookingResult = z.object({
  requestId: uuid,
  status: z.literal('pending'),
  day: z.string(),
  start: z.string(),
  end: z.string(),
  serviceType: z.string().nullable(),
  name: z.string(),
  phone: z.string(),
  requests: z.array(z.string()),
  discountBp: z.number(),
  organisation: z.object({ name: z.string() }),
});

// --- booking requests from the public page (S5) ------------------------------------------------

/**
 * A time asked for on the public page: pending (its place held) until staff confirm it for a
 * customer they choose, which makes the appointment, or decline it, which gives the place back.
 */
export const BOOKING_REQUEST_STATUSES = ['pending', 'confirmed', 'declined'] as const;
export type BookingRequestStatus = (typeof BOOKING_REQUEST_STATUSES)[number];

export const bookingRequestView = z.object({
  id: uuid,
  status: z.enum(BOOKING_REQUEST_STATUSES),
  /** As the caller typed them: unverified. */
  name: z.string(),
  phone: z.string(),
  requests: z.array(z.string()),
  slot: z.object({ id: uuid, day: z.string(), start: z.string(), end: z.string(), startsAt: z.date(), endsAt: z.date(), serviceType: z.string().nullable() }),
  submittedAt: z.date(),
  /** Staff only: the customers who have this phone number, to choose from when confirming. */
  matches: z.array(z.object({ id: uuid, name: z.string() })),
  appointmentId: uuid.nullable(),
  decidedAt: z.date().nullable(),
  decidedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  declineReason: z.string().nullable(),
  version: z.number(),
});
export type BookingRequestView = z.infer<typeof bookingRequestView>;

export const bookingRequestListQuery = z.object({ status: z.enum(BOOKING_REQUEST_STATUSES).default('pending') });

/** The customer a confirmation makes when the caller is nobody the organisation knows: the request's name and phone, as staff checked them. */
export const requestNewCustomer = z.strictObject({ name: shortText(60), phone });

/** Confirm for an existing customer (`customerId`) or for a new one made from the request (`newCustomer`): exactly one. */
export const confirmBookingRequestBody = z
  .strictObject({
    customerId: uuid.optional(),
    newCustomer: requestNewCustomer.optional(),
  })
  .refine((b) => (b.customerId === undefined) !== (b.newCustomer === undefined), { path: ['customerId'], params: { message: 'validation.oneCustomerChoice' } });
export type ConfirmBookingRequestBody = z.infer<typeof confirmBookingRequestBody>;

export const declineBookingRequestBody = z.strictObject({ reason: optionalText(500) });

export const confirmedBookingRequest = z.object({ request: bookingRequestView, appointment: appointmentView });

// --- contact attempts and follow-up tasks -----------------------------------------------------

export const contactAttemptBody = z.strictObject({
  outcome: z.enum(CONTACT_OUTCOMES),
  note: optionalText(500),
  /** The number dialled, when not the customer's first. */
  phone: phone.nullish(),
});

export const contactAttemptView = z.object({
  id: uuid,
  ticketId: uuid,
  outcome: z.enum(CONTACT_OUTCOMES),
  note: z.string().nullable(),
  phone: z.string().nullable(),
  by: z.object({ id: uuid, name: z.string() }),
  at: z.date(),
  /** Failed calls on this ticket so far, this one included. */
  failedCount: z.number(),
  /** When a retry reminder was set (no answer), for when. */
  retryAt: z.date().nullable(),
  /** True when this attempt reached the limit and the clerk was told. */
  clerkNotified: z.boolean(),
});
export type ContactAttemptView = z.infer<typeof contactAttemptView>;

export const taskView = z.object({
  id: uuid,
  kind: z.enum(TASK_KINDS),
  ticket: z.object({ id: uuid, number: z.string() }).nullable(),
  customer: z.object({ id: uuid, name: z.string() }),
  addressId: uuid.nullable(),
  address: z.string().nullable(),
  note: z.string().nullable(),
  /** A maintenance reminder (A1): the asset, the plan item and its due day. */
  assetId: uuid.nullable(),
  maintenanceKind: z.enum(MAINTENANCE_KINDS).nullable(),
  maintenanceDueOn: z.string().nullable(),
  dueAt: z.date(),
  createdAt: z.date(),
  createdBy: z.object({ id: uuid, name: z.string() }).nullable(),
  doneAt: z.date().nullable(),
  doneBy: z.object({ id: uuid, name: z.string() }).nullable(),
});
export type TaskView = z.infer<typeof taskView>;

export const taskListQuery = z.object({ status: z.enum(['open', 'done']).default('open'), kind: z.enum(TASK_KINDS).optional() });
