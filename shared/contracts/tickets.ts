import { z } from 'zod';
import {
  CHANNELS,
  HOLD_REASONS,
  PRIORITIES,
  SLA_METRICS,
  TICKET_ACTIONS,
  TICKET_STATUSES,
  TICKET_TYPES,
  TRADES,
  WARRANTY_STATES,
} from '../domain';
import { instant, optionalText, pageQuery, phone, shortText, uuid } from './common';

export const createTicketBody = z.strictObject({
  customerId: uuid,
  assetId: uuid.nullish(),
  channel: z.enum(CHANNELS),
  description: shortText(4000),
  priority: z.enum(PRIORITIES).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  /** R5 */
  emergency: z.boolean().optional(),
  /** R4: the estimated value of the repair, in fen. */
  estimatedValueFen: z.number().int().min(0).max(1e13).nullish(),
  /** E1 */
  humanDamage: z.boolean().optional(),
  addressId: uuid.nullish(),
  /** R3: the trade of the defect; with a unit's address it finds the responsible contractor. */
  trade: z.enum(TRADES).nullish(),
  contactName: optionalText(60),
  contactPhone: phone.nullish(),
  /** When the report was made, if earlier than its entry (a letter, a fax). Defaults to now. */
  reportedAt: instant.optional(),
});
export type CreateTicketBody = z.infer<typeof createTicketBody>;

/**
 * What a customer may say when reporting for themself (S6): what is wrong, on which of their
 * assets, where, and whom to call. Priority, emergency, type, value and the report time are
 * the service desk's triage; the channel is the portal and the customer is the one signed in.
 */
export const EXTERNAL_CREATE_FIELDS = ['customerId', 'channel', 'assetId', 'addressId', 'description', 'contactName', 'contactPhone'] as const satisfies readonly (keyof CreateTicketBody)[];

export const updateTicketBody = z.strictObject({
  description: shortText(4000).optional(),
  priority: z.enum(PRIORITIES).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  emergency: z.boolean().optional(),
  estimatedValueFen: z.number().int().min(0).max(1e13).nullish(),
  humanDamage: z.boolean().optional(),
  assetId: uuid.nullish(),
  addressId: uuid.nullish(),
  contactName: optionalText(60),
  contactPhone: phone.nullish(),
  /** A person's decision on coverage overrides the dates, with a note saying why. */
  warrantyOverride: z.strictObject({ state: z.enum(WARRANTY_STATES), note: shortText(200) }).nullish(),
});
export type UpdateTicketBody = z.infer<typeof updateTicketBody>;

export const transitionBody = z.strictObject({
  action: z.enum(TICKET_ACTIONS),
  /** dispatch: the lead technician. */
  technicianId: uuid.nullish(),
  /** dispatch: further crew members (who took part, M9). */
  crewIds: z.array(uuid).max(20).optional(),
  /** hold, cancel, reopen, re-dispatch, and close without a visit (H3: how it was solved). */
  reason: z.string().trim().max(1000).nullish(),
  holdReason: z.enum(HOLD_REASONS).optional(),
});
export type TransitionBody = z.infer<typeof transitionBody>;

export const ticketListQuery = pageQuery.extend({
  q: z.string().trim().max(100).optional(),
  /** One status or several, comma-separated. */
  status: z
    .string()
    .optional()
    .transform((v) => (v ? v.split(',').filter(Boolean) : undefined))
    .pipe(z.array(z.enum(TICKET_STATUSES)).optional()),
  priority: z.enum(PRIORITIES).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  channel: z.enum(CHANNELS).optional(),
  warranty: z.enum(WARRANTY_STATES).optional(),
  customerId: uuid.optional(),
  assetId: uuid.optional(),
  /** A user id, `me`, or `none` (nobody leads it yet). */
  assigneeId: z.union([uuid, z.literal('me'), z.literal('none')]).optional(),
  /** Who entered it: a user id, or `me` (the agent's own intake). */
  createdBy: z.union([uuid, z.literal('me')]).optional(),
  emergency: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  /** `true`: tickets the caller has chased (催单) at least once. */
  chased: z.enum(['true']).transform(() => true as const).optional(),
  reportedFrom: instant.optional(),
  reportedTo: instant.optional(),
});
export type TicketListQuery = z.infer<typeof ticketListQuery>;

const person = z.object({ id: uuid, name: z.string() });

export const ticketListItem = z.object({
  id: uuid,
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  channel: z.enum(CHANNELS),
  priority: z.enum(PRIORITIES),
  emergency: z.boolean(),
  status: z.enum(TICKET_STATUSES),
  customerId: uuid,
  customerName: z.string(),
  assetId: uuid.nullable(),
  assetLabel: z.string().nullable(),
  description: z.string(),
  warranty: z.enum(WARRANTY_STATES),
  assignee: person.nullable(),
  /** Repeat calls about it while open (催单). */
  chaseCount: z.number().int(),
  reportedAt: z.date(),
  updatedAt: z.date(),
  version: z.number().int(),
});
export type TicketListItem = z.infer<typeof ticketListItem>;

export const ticketView = z.object({
  id: uuid,
  number: z.string(),
  type: z.enum(TICKET_TYPES),
  channel: z.enum(CHANNELS),
  priority: z.enum(PRIORITIES),
  emergency: z.boolean(),
  status: z.enum(TICKET_STATUSES),
  holdReason: z.enum(HOLD_REASONS).nullable(),
  customerId: uuid,
  customer: z.object({ id: uuid, name: z.string(), companyName: z.string().nullable(), phones: z.array(z.string()) }),
  assetId: uuid.nullable(),
  asset: z
    .object({ id: uuid, serialNumber: z.string(), productName: z.string().nullable(), brand: z.string().nullable(), model: z.string().nullable(), plate: z.string().nullable(), kind: z.string() })
    .nullable(),
  addressId: uuid.nullable(),
  address: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  description: z.string(),
  estimatedValueFen: z.number().int().nullable(),
  warranty: z.enum(WARRANTY_STATES),
  warrantyReason: z.string().nullable(),
  warrantyEndsOn: z.string().nullable(),
  humanDamage: z.boolean(),
  trade: z.enum(TRADES).nullable(),
  contractorId: uuid.nullable(),
  assignee: person.nullable(),
  crew: z.array(person.extend({ isLead: z.boolean() })),
  resolution: z.string().nullable(),
  reworkCount: z.number().int(),
  /** Repeat calls about it while open (催单). */
  chaseCount: z.number().int(),
  reportedAt: z.date(),
  acceptedAt: z.date().nullable(),
  dispatchedAt: z.date().nullable(),
  startedAt: z.date().nullable(),
  completedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  cancelledAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number().int(),
  /** The actions this caller may take now: the state allows them and the role may. */
  allowedActions: z.array(z.enum(TICKET_ACTIONS)),
});
export type TicketView = z.infer<typeof ticketView>;

export { ticketEventView, type TicketEventView } from './ticket-events';

export const commentBody = z.strictObject({ body: shortText(4000), internal: z.boolean().optional() });
export const commentView = z.object({
  id: uuid,
  author: person,
  body: z.string(),
  internal: z.boolean(),
  createdAt: z.date(),
});

export const crewBody = z.strictObject({ leadId: uuid, memberIds: z.array(uuid).max(20).default([]) });

export const createdTicket = z.object({
  id: uuid,
  number: z.string(),
  status: z.enum(TICKET_STATUSES),
  version: z.number().int(),
  warranty: z.enum(WARRANTY_STATES),
});

/** What SLA clocks listen to, recorded by hand: arrived on site, called back, a loaner asked for or delivered, the contractor arrived. */
export const FIELD_EVENT_TYPES = ['arrived', 'callback', 'loaner_requested', 'loaner_provided', 'contractor_arrived'] as const;
export type FieldEventType = (typeof FIELD_EVENT_TYPES)[number];

export const fieldEventBody = z.strictObject({ type: z.enum(FIELD_EVENT_TYPES), note: z.string().trim().max(500).nullish() });
export type FieldEventBody = z.input<typeof fieldEventBody>;

/** C1: the extended target for a special case, with the reason on the record. */
/** A repeat call about an open ticket (催单), recorded on it instead of a new ticket. */
export const chaseBody = z.strictObject({ channel: z.enum(CHANNELS).optional(), note: z.string().trim().max(500).nullish() });
export type ChaseBody = z.infer<typeof chaseBody>;

export const extendClockBody = z.strictObject({ metric: z.enum(SLA_METRICS), reason: z.string().trim().min(2).max(500) });
export type ExtendClockBody = z.input<typeof extendClockBody>;
