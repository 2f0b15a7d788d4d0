import { z } from 'zod';
import { uuid } from './common';

/**
 * Messages that reach people (docs/messages.md): the channels behind the outbox, a person's
 * channel preferences per topic and WeChat consent, the delivery log administrators read.
 */

export const CHANNEL_NAMES = ['email', 'sms', 'wechat'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

/** `pending` (to try, perhaps again), `sent`, `skipped` (no address, no consent), `failed` (given up after the last attempt). */
export const DELIVERY_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Sent in quiet hours too: breaches, and what a customer waits for right after asking (a code
 * for the page they have open, the tracking link of the report they just sent).
 */
export const URGENT_TOPICS: readonly string[] = ['sla.breached', 'sla.breach', 'selfservice.phone_code', 'ticket.tracking_link'];

/** The topics a person's preferences name one by one; `*` stands for every other. */
export const PREFERENCE_TOPICS = ['sla.warning', 'sla.breached', 'sla.escalated', 'contact.retry', 'appointment.reminder', 'contractor.ticket_assigned', 'ticket.tracking_link'] as const;

/**
 * The channels a person gets a topic by when their preferences do not say: staff by e-mail
 * (a breach also by SMS), customers by SMS and WeChat (WeChat only with their consent).
 */
export function defaultChannels(topic: string, kind: 'user' | 'customer'): ChannelName[] {
  if (kind === 'customer') return ['sms', 'wechat'];
  return URGENT_TOPICS.includes(topic) ? ['email', 'sms'] : ['email'];
}

const topicKey = z.string().regex(/^(\*|[a-z_]+(\.[a-z_]+)*)$/).max(60);

export const preferencesBody = z
  .object({
    channels: z.record(topicKey, z.array(z.enum(CHANNEL_NAMES)).max(3)).refine((r) => Object.keys(r).length <= 50),
    wechatOpenid: z.string().trim().max(128).nullish(),
    /** Consent to WeChat subscription messages: recorded with its date when it turns on, removed when it turns off. */
    wechatConsent: z.boolean(),
  })
  .strict();
export type PreferencesBody = z.infer<typeof preferencesBody>;

export const preferencesView = z.object({
  person: z.string(),
  channels: z.record(z.string(), z.array(z.enum(CHANNEL_NAMES))),
  wechatOpenid: z.string().nullable(),
  wechatConsentAt: z.date().nullable(),
});
export type PreferencesView = z.infer<typeof preferencesView>;

export const deliveryView = z.object({
  id: uuid,
  channel: z.enum(CHANNEL_NAMES),
  person: z.string(),
  address: z.string().nullable(),
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastError: z.string().nullable(),
  sentAt: z.date().nullable(),
});
export type DeliveryView = z.infer<typeof deliveryView>;

export const messageLogEntry = z.object({
  id: uuid,
  topic: z.string(),
  recipient: z.string(),
  createdAt: z.date(),
  fannedOutAt: z.date().nullable(),
  lastError: z.string().nullable(),
  deliveries: z.array(deliveryView),
});
export type MessageLogEntry = z.infer<typeof messageLogEntry>;

export const messageLogQuery = z.object({
  topic: z.string().max(60).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const testMessageBody = z.object({ channel: z.enum(CHANNEL_NAMES) }).strict();
export const testMessageResult = z.object({ status: z.enum(DELIVERY_STATUSES), error: z.string().nullable(), address: z.string().nullable() });
export type TestMessageResult = z.infer<typeof testMessageResult>;

/** Which channels are configured (an address in the settings and, where one is needed, the secret in the server's environment). */
export const channelStatusView = z.object({ email: z.boolean(), sms: z.boolean(), wechat: z.boolean() });
