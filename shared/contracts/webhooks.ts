import { z } from 'zod';
import { instant, optionalText, uuid } from './common';

/**
 * Webhooks: an administrator subscribes a URL to events; each event is POSTed to it as JSON,
 * signed with the subscription's secret, and retried with backoff until a 2xx answers.
 * See docs/webhooks.md.
 */

/** The events a subscription may name. `sla.breached` and `quote.approved` follow the ticket's history. */
export const WEBHOOK_EVENTS = ['ticket.created', 'ticket.status_changed', 'ticket.closed', 'sla.breached', 'quote.approved'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** What the "send a test event" button sends; no subscription names it, it goes to one only. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';

export const WEBHOOK_DELIVERY_STATES = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryState = (typeof WEBHOOK_DELIVERY_STATES)[number];

/** The headers every delivery carries. */
export const WEBHOOK_HEADERS = {
  event: 'X-Shouhou-Event',
  eventId: 'X-Shouhou-Event-Id',
  signature: 'X-Shouhou-Signature',
  timestamp: 'X-Shouhou-Timestamp',
} as const;

export const webhookBody = z.object({
  url: z.string().trim().min(1).max(2000),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  /** Leave empty to have one generated; either way it is shown once, in the answer. */
  secret: z.string().min(16).max(200).nullish(),
  description: optionalText(200),
});
export type WebhookBody = z.infer<typeof webhookBody>;

export const webhookChange = z.object({
  enabled: z.boolean().optional(),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length).optional(),
  description: optionalText(200),
});
export type WebhookChange = z.infer<typeof webhookChange>;

export const webhookView = z.object({
  id: uuid,
  url: z.string(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  description: z.string().nullable(),
  createdAt: instant,
  /** Deliveries still being tried, and those given up. */
  pending: z.number().int(),
  failed: z.number().int(),
});
export type WebhookView = z.infer<typeof webhookView>;

/** The answer to a new subscription: the only time its secret is shown. */
export const webhookCreated = webhookView.extend({ secret: z.string() });

export const webhookAttemptView = z.object({
  at: instant,
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
});

export const webhookDeliveryView = z.object({
  eventId: uuid,
  event: z.string(),
  state: z.enum(WEBHOOK_DELIVERY_STATES),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: instant.nullable(),
  deliveredAt: instant.nullable(),
  createdAt: instant,
  payload: z.record(z.string(), z.unknown()),
  /** Every try, oldest first: the delivery log. */
  log: z.array(webhookAttemptView),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryView>;

export const webhookDeliveryQuery = z.object({
  state: z.enum(WEBHOOK_DELIVERY_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
