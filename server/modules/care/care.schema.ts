import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, orgId } from '../../db/columns';
import { users } from '../identity/identity.schema';
import { customers, customerAddresses } from '../customers/customers.schema';
import { tickets } from '../tickets/tickets.schema';
import type { ContactOutcome, TaskKind } from '../../../shared/contracts/appointments';

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
    dueAt: instant('due_at').notNull(),
    createdAt: createdAt(),
    createdBy: uuid('created_by'),
    doneAt: instant('done_at'),
    doneBy: uuid('done_by'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('follow_up_tasks_open_key').on(t.orgId, t.ticketId, t.kind).where(sql`done_at is null`),
    index('follow_up_tasks_org_open_idx').on(t.orgId, t.dueAt).where(sql`done_at is null`),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    foreignKey({ columns: [t.orgId, t.addressId], foreignColumns: [customerAddresses.orgId, customerAddresses.id] }),
    foreignKey({ columns: [t.orgId, t.doneBy], foreignColumns: [users.orgId, users.id] }),
  ],
);
