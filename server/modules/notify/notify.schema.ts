import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, orgId } from '../../db/columns';

/**
 * The outbox: every message the system owes someone (an escalation, a reminder), written in
 * the transaction that decided it. `dedupe_key` makes a message exist once however often the
 * decision is retried; channels (log today; e-mail, SMS, WeChat behind adapters) deliver it.
 */
export const outbox = pgTable(
  'outbox',
  {
    orgId: orgId(),
    id: id(),
    topic: text('topic').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** Who it is for: a role (`role:supervisor`), a user (`user:<id>`), the customer (`customer:<id>`). */
    recipient: text('recipient').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: createdAt(),
    deliveredAt: instant('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('outbox_dedupe_key').on(t.orgId, t.dedupeKey),
    index('outbox_undelivered_idx').on(t.createdAt).where(sql`delivered_at is null`),
  ],
);
