import { date, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, orgId } from '../../db/columns';
import { organisations } from '../identity/identity.schema';

/**
 * Readable numbers per organisation, per prefix, per day (`BX-20261127-0001`). A row is
 * locked only for the instant between taking a number and committing the record.
 */
export const numberSequences = pgTable(
  'number_sequences',
  {
    orgId: orgId().references(() => organisations.id),
    prefix: text('prefix').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.prefix, t.day] })],
);

/**
 * Creates that carry an `Idempotency-Key` remember what they made, so that a retried
 * request (a dropped phone line, a client timeout) returns the same record, never a second.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    orgId: orgId().references(() => organisations.id),
    key: text('key').notNull(),
    /** Which create it belongs to, e.g. `tickets.create`. */
    scope: text('scope').notNull(),
    userId: uuid('user_id').notNull(),
    requestHash: text('request_hash').notNull(),
    resourceId: uuid('resource_id'),
    response: jsonb('response'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.scope, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);
