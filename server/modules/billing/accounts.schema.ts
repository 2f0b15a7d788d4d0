import { sql } from 'drizzle-orm';
import { foreignKey, index, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { fen, instant, orgId, updatedAt, version } from '../../db/columns';
import { tickets } from '../tickets/tickets.schema';
import { customers } from '../customers/customers.schema';

/**
 * One row per ticket that has money: what it was charged, what has been collected (payments
 * less refunds) and its approved costs entered in billing (parts at cost come from the parts
 * module when read). Kept current in the transaction of every charge, payment and cost, so
 * the receivables list and its ageing read one narrow indexed table at any size.
 */
export const ticketAccounts = pgTable(
  'ticket_accounts',
  {
    orgId: orgId(),
    ticketId: uuid('ticket_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    chargedFen: fen('charged_fen').notNull().default(0),
    collectedFen: fen('collected_fen').notNull().default(0),
    costsFen: fen('costs_fen').notNull().default(0),
    /** When the ticket was first charged: ageing counts from here. Null until charged. */
    chargedAt: instant('charged_at'),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.ticketId] }),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    // The receivables list: what is still owed, oldest charge first, paged by (charged_at, ticket_id).
    index('ticket_accounts_owed_idx').on(t.orgId, t.chargedAt, t.ticketId).where(sql`charged_fen > collected_fen`),
    // …and one customer's.
    index('ticket_accounts_customer_owed_idx').on(t.orgId, t.customerId, t.chargedAt, t.ticketId).where(sql`charged_fen > collected_fen`),
    index('ticket_accounts_customer_idx').on(t.orgId, t.customerId),
  ],
);
