import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import type { WebhookDeliveryState } from '../../../shared/contracts/webhooks';
import { createdAt, id, instant, orgId } from '../../db/columns';
import { users } from '../identity/identity.schema';

/** A URL an administrator subscribed to events, with the secret its deliveries are signed with. */
export const webhookSubscriptions = pgTable(
  'webhook_subscriptions',
  {
    orgId: orgId(),
    id: id(),
    url: text('url').notNull(),
    /** The HMAC key; shown once when the subscription is made, never again. */
    secret: text('secret').notNull(),
    events: text('events').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    description: text('description'),
    createdAt: createdAt(),
    createdBy: uuid('created_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), foreignKey({ name: 'webhook_subscriptions_created_by_fk', columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] })],
);

/**
 * One event for one subscription, tried until a 2xx answers or its attempts run out. The
 * event id is the same for every try and every redelivery: the receiver deduplicates on it.
 * A claimed row's `next_attempt_at` is its lease: a process that dies mid-request lets it
 * come due again.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    orgId: orgId(),
    subscriptionId: uuid('subscription_id').notNull(),
    eventId: uuid('event_id').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    state: text('state').$type<WebhookDeliveryState>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at'),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.subscriptionId, t.eventId] }),
    foreignKey({ name: 'webhook_deliveries_subscription_fk', columns: [t.orgId, t.subscriptionId], foreignColumns: [webhookSubscriptions.orgId, webhookSubscriptions.id] }).onDelete('cascade'),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`state = 'pending'`),
    index('webhook_deliveries_log_idx').on(t.orgId, t.subscriptionId, t.createdAt),
  ],
);

/** Every try of a delivery: what the receiver answered (or why it could not be reached). */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    orgId: orgId(),
    id: id(),
    subscriptionId: uuid('subscription_id').notNull(),
    eventId: uuid('event_id').notNull(),
    at: instant('at').notNull(),
    statusCode: integer('status_code'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    foreignKey({ name: 'webhook_attempts_delivery_fk', columns: [t.orgId, t.subscriptionId, t.eventId], foreignColumns: [webhookDeliveries.orgId, webhookDeliveries.subscriptionId, webhookDeliveries.eventId] }).onDelete('cascade'),
    index('webhook_attempts_delivery_idx').on(t.orgId, t.subscriptionId, t.eventId, t.at),
  ],
);
