import { sql } from 'drizzle-orm';
import { bigint, boolean, foreignKey, index, integer, jsonb, pgTable, pgView, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, id, instant, orgId, searchTerms, searchText, updatedAt, version } from '../../db/columns';
import { users } from '../identity/identity.schema';
import { customers, customerAddresses } from '../customers/customers.schema';
import { assets } from '../assets/assets.schema';
import type { Channel, HoldReason, Priority, TicketEventType, TicketStatus, TicketType, Trade, WarrantyState } from '../../../shared/domain';
import type { TicketEventBody } from '../../../shared/contracts/ticket-events';

/** A repair request (报修单) and everything that happens to it until it is closed. */
export const tickets = pgTable(
  'tickets',
  {
    // No foreign key to organisations here: the one to its customer already proves the
    // organisation, and every key checked costs every intake.
    orgId: orgId(),
    id: id(),
    /** Readable per organisation per day: `BX-20261127-0001`. */
    number: text('number').notNull(),
    type: text('type').$type<TicketType>().notNull().default('repair'),
    channel: text('channel').$type<Channel>().notNull(),
    priority: text('priority').$type<Priority>().notNull().default('normal'),
    /** R5: emergencies are handled at once, by the department's own repairers. */
    emergency: boolean('emergency').notNull().default(false),
    status: text('status').$type<TicketStatus>().notNull().default('reported'),
    /** While on hold: why, and the status it returns to. */
    holdReason: text('hold_reason').$type<HoldReason>(),
    heldFrom: text('held_from').$type<TicketStatus>(),
    customerId: uuid('customer_id').notNull(),
    assetId: uuid('asset_id'),
    addressId: uuid('address_id'),
    /** Who reported it, when not the customer themself (a neighbour, a site manager). */
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    description: text('description').notNull(),
    /** R4 picks the contractor's deadline by it. */
    estimatedValueFen: bigint('estimated_value_fen', { mode: 'number' }),
    warranty: text('warranty').$type<WarrantyState>().notNull().default('unknown'),
    warrantyReason: text('warranty_reason'),
    warrantyEndsOn: day('warranty_ends_on'),
    /** E1: damage caused by people is excluded and billed. */
    humanDamage: boolean('human_damage').notNull().default(false),
    /** The contractor responsible (R3; the contractors module keeps them). */
    contractorId: uuid('contractor_id'),
    /** R3: the trade of the defect (waterproofing, plumbing…), which with the unit names the contractor. */
    trade: text('trade').$type<Trade>(),
    /** The lead technician; the whole crew is in `ticket_crew` (M9). */
    assigneeId: uuid('assignee_id'),
    /** How it was resolved when closed without a visit (H3), or why it was cancelled. */
    resolution: text('resolution'),
    reworkCount: integer('rework_count').notNull().default(0),
    /** Repeat calls about this ticket while open (催单); each is also an event in its history. */
    chaseCount: integer('chase_count').notNull().default(0),
    reportedAt: instant('reported_at').notNull(),
    acceptedAt: instant('accepted_at'),
    dispatchedAt: instant('dispatched_at'),
    startedAt: instant('started_at'),
    completedAt: instant('completed_at'),
    closedAt: instant('closed_at'),
    cancelledAt: instant('cancelled_at'),
    createdBy: uuid('created_by').notNull(),
    searchTerms: searchTerms(),
    searchText: searchText(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('tickets_org_number_key').on(t.orgId, t.number),
    // Lists are newest report first: a letter entered today about last week sorts by last week.
    index('tickets_org_reported_idx').on(t.orgId, t.reportedAt.desc(), t.id.desc()),
    index('tickets_org_status_reported_idx').on(t.orgId, t.status, t.reportedAt.desc(), t.id.desc()),
    index('tickets_org_assignee_idx').on(t.orgId, t.assigneeId, t.reportedAt.desc()).where(sql`assignee_id is not null`),
    index('tickets_org_customer_idx').on(t.orgId, t.customerId, t.reportedAt.desc()),
    index('tickets_org_asset_idx').on(t.orgId, t.assetId).where(sql`asset_id is not null`),
    index('tickets_search_terms_idx').using('gin', t.searchTerms),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    foreignKey({ columns: [t.orgId, t.assetId], foreignColumns: [assets.orgId, assets.id] }),
    foreignKey({ columns: [t.orgId, t.addressId], foreignColumns: [customerAddresses.orgId, customerAddresses.id] }),
    foreignKey({ columns: [t.orgId, t.assigneeId], foreignColumns: [users.orgId, users.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** Who took part in a job (M9 splits commission among them); one is the lead. */
export const ticketCrew = pgTable(
  'ticket_crew',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    userId: uuid('user_id').notNull(),
    isLead: boolean('is_lead').notNull().default(false),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.ticketId, t.userId] }),
    index('ticket_crew_org_user_idx').on(t.orgId, t.userId),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
  ],
);

/**
 * The ticket's history, append-only, written in the same transaction as the change it
 * records: who, when, what, before and after.
 */
export const ticketEvents = pgTable(
  'ticket_events',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    type: text('type').$type<TicketEventType>().notNull(),
    actorId: uuid('actor_id'),
    at: instant('at').notNull(),
    fromStatus: text('from_status').$type<TicketStatus>(),
    toStatus: text('to_status').$type<TicketStatus>(),
    details: jsonb('details').$type<TicketEventBody['details']>().notNull().default({}),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('ticket_events_org_ticket_idx').on(t.orgId, t.ticketId, t.at),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

export const ticketComments = pgTable(
  'ticket_comments',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    authorId: uuid('author_id').notNull(),
    body: text('body').notNull(),
    /** Internal notes are hidden from customers and contractors. */
    internal: boolean('internal').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('ticket_comments_org_ticket_idx').on(t.orgId, t.ticketId, t.createdAt),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** Published: a ticket as other modules list, join and report it (boards, queues, SLA, tasks). */
export const ticketRefs = pgView('ticket_ref_v').as((qb) =>
  qb
    .select({
      orgId: tickets.orgId,
      id: tickets.id,
      number: tickets.number,
      type: tickets.type,
      channel: tickets.channel,
      status: tickets.status,
      priority: tickets.priority,
      emergency: tickets.emergency,
      customerId: tickets.customerId,
      assetId: tickets.assetId,
      addressId: tickets.addressId,
      assigneeId: tickets.assigneeId,
      contractorId: tickets.contractorId,
      trade: tickets.trade,
      estimatedValueFen: tickets.estimatedValueFen,
      warranty: tickets.warranty,
      description: tickets.description,
      reportedAt: tickets.reportedAt,
      completedAt: tickets.completedAt,
      closedAt: tickets.closedAt,
      version: tickets.version,
    })
    .from(tickets),
);

/** Published: who took part in each job, and who led it (M9 splits commission among them). */
export const ticketCrewRefs = pgView('ticket_crew_v').as((qb) =>
  qb.select({ orgId: ticketCrew.orgId, ticketId: ticketCrew.ticketId, userId: ticketCrew.userId, isLead: ticketCrew.isLead }).from(ticketCrew),
);
