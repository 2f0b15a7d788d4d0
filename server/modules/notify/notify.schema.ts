import { sql } from 'drizzle-orm';
import { bigint, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, orgId, updatedAt } from '../../db/columns';
import { users } from '../identity/identity.schema';
import type { ChannelName, DeliveryStatus } from '../../../shared/contracts/messages';

/**
 * The outbox: every message the system owes someone (an escalation, a reminder), written in
 * the transaction that decided it. `dedupe_key` makes a message exist once however often the
 * decision is retried. `delivered_at` is when the message was handed to the log channel and
 * fanned out into its deliveries (one per person and channel, below).
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

/**
 * One message to one person through one channel (e-mail, SMS, WeChat): at least once, under the
 * stable id `<message>:<channel>:<person>`, retried with backoff until sent or given up. The
 * delivery log administrators read.
 */
export const deliveries = pgTable(
  'message_deliveries',
  {
    orgId: orgId(),
    id: id(),
    messageId: uuid('message_id').notNull(),
    channel: text('channel').$type<ChannelName>().notNull(),
    /** `user:<id>` or `customer:<id>`. */
    person: text('person').notNull(),
    /** Where it goes: an e-mail address, a mobile number, an OpenID. */
    address: text('address'),
    status: text('status').$type<DeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** A pending delivery is tried at or after this; in quiet hours, when they end. */
    nextAttemptAt: instant('next_attempt_at'),
    lastError: text('last_error'),
    sentAt: instant('sent_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('message_deliveries_once').on(t.orgId, t.messageId, t.channel, t.person),
    index('message_deliveries_due_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
    foreignKey({ columns: [t.orgId, t.messageId], foreignColumns: [outbox.orgId, outbox.id] }).onDelete('cascade'),
  ],
);

/**
 * A person's choice of channels per topic (`*` for the rest), and the WeChat consent on file
 * (the one-time subscription: nothing goes out by WeChat without it).
 */
export const preferences = pgTable(
  'message_preferences',
  {
    orgId: orgId(),
    /** `user:<id>` or `customer:<id>`. */
    person: text('person').notNull(),
    channels: jsonb('channels').$type<Record<string, ChannelName[]>>().notNull().default({}),
    wechatOpenid: text('wechat_openid'),
    wechatConsentAt: instant('wechat_consent_at'),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.person] })],
);

/**
 * A staff member's in-app inbox: one row per message and person, written when the message is
 * fanned out (whatever channels are configured). `seq` orders the inbox and is the event id of
 * the live stream, so a reconnecting browser asks for what came after the last one it saw.
 */
export const inboxItems = pgTable(
  'inbox_items',
  {
    orgId: orgId(),
    id: id(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    userId: uuid('user_id').notNull(),
    messageId: uuid('message_id').notNull(),
    topic: text('topic').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    ticketId: uuid('ticket_id'),
    createdAt: createdAt(),
    readAt: instant('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('inbox_items_once').on(t.orgId, t.messageId, t.userId),
    index('inbox_items_user_seq_idx').on(t.orgId, t.userId, t.seq),
    index('inbox_items_unread_idx').on(t.orgId, t.userId).where(sql`read_at is null`),
    foreignKey({ columns: [t.orgId, t.messageId], foreignColumns: [outbox.orgId, outbox.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
  ],
);
