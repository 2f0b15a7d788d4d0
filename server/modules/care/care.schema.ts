import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, id, instant, orgId } from '../../db/columns';
import { users } from '../identity/identity.schema';
import { customers, customerAddresses } from '../customers/customers.schema';
import { tickets } from '../tickets/tickets.schema';
import { assets } from '../assets/assets.schema';
import type { ContactOutcome, TaskKind } from '../../../shared/contracts/appointments';
import type { MaintenanceKind } from '../../../shared/contracts/maintenance';

/** H5, H6: every call made to a ticket's customer, with what came of it. */
export const contactAttempts = pgTable(
  'contact_attempts',
  {
    orgId: orgId(),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    outcome: text('outcome').$type<ContactOutcome>().notNull(),
    note: text('note'),
    phone: text('phone'),
    actorId: uuid('actor_id').notNull(),
    at: instant('at').notNull(),
    /** Failed calls on the ticket up to and including this one. */
    failedCount: integer('failed_count').notNull(),
    retryAt: instant('retry_at'),
    clerkNotified: boolean('clerk_notified').notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contact_attempts_org_ticket_idx').on(t.orgId, t.ticketId, t.at),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.actorId], foreignColumns: [users.orgId, users.id] }),
  ],
);

/**
 * Follow-up work the system raises for people: H6's "correct the customer's address today".
 * One open task per ticket and kind; done when someone marks it so.
 */
export const followUpTasks = pgTable(
  'follow_up_tasks',
  {
    orgId: orgId(),
    id: id(),
    kind: text('kind').$type<TaskKind>().notNull(),
    ticketId: uuid('ticket_id'),
    customerId: uuid('customer_id').notNull(),
    /** The address found wrong, when the ticket named one. */
    addressId: uuid('address_id'),
    note: text('note'),
    /** A maintenance reminder (W2, E4, A1): the asset, the plan item's kind and its due day. */
    assetId: uuid('asset_id'),
    maintenanceKind: text('maintenance_kind').$type<MaintenanceKind>(),
    maintenanceDueOn: day('maintenance_due_on'),
    dueAt: instant('due_at').notNull(),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
    doneAt: instant('done_at'),
    doneBy: uuid('done_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('follow_up_tasks_open_key').on(t.orgId, t.ticketId, t.kind).where(sql`done_at is null`),
    /** One reminder per asset, plan item and due day, open or done: the daily run raises each once. */
    uniqueIndex('follow_up_tasks_maintenance_key').on(t.orgId, t.assetId, t.maintenanceKind, t.maintenanceDueOn).where(sql`asset_id is not null`),
    foreignKey({ columns: [t.orgId, t.assetId], foreignColumns: [assets.orgId, assets.id] }),
    index('follow_up_tasks_org_open_idx').on(t.orgId, t.dueAt).where(sql`done_at is null`),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    foreignKey({ columns: [t.orgId, t.addressId], foreignColumns: [customerAddresses.orgId, customerAddresses.id] }),
    foreignKey({ columns: [t.orgId, t.doneBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** W2, E4: maintenance done on an asset (a water test, a full service, a visit, an inspection, a patrol's point). */
export const maintenanceRecords = pgTable(
  'maintenance_records',
  {
    orgId: orgId(),
    id: id(),
    assetId: uuid('asset_id').notNull(),
    kind: text('kind').$type<MaintenanceKind>().notNull(),
    /** A day on the organisation's calendar. */
    doneOn: day('done_on').notNull(),
    /** The ticket it was done on, or the ticket a patrol's finding became. */
    ticketId: uuid('ticket_id'),
    note: text('note'),
    doneBy: uuid('done_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('maintenance_records_asset_idx').on(t.orgId, t.assetId, t.kind, t.doneOn),
    foreignKey({ columns: [t.orgId, t.assetId], foreignColumns: [assets.orgId, assets.id] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.doneBy], foreignColumns: [users.orgId, users.id] }),
  ],
);
