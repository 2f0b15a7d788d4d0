import { check, foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, instant, orgId, updatedAt } from '../../db/columns';
import { organisations, users } from '../identity/identity.schema';
import { assets } from '../assets/assets.schema';
import { tickets } from '../tickets/tickets.schema';

/**
 * An asset's QR label: an unguessable token (128 random bits and more, base64url), never its
 * id or serial. Kept as is, so a worn label can be printed again with the same code.
 */
export const assetQrTokens = pgTable(
  'asset_qr_tokens',
  {
    orgId: orgId().references(() => organisations.id),
    assetId: uuid('asset_id').notNull(),
    token: text('token').notNull(),
    /** Who printed it first: reports through it are made on their behalf. */
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.assetId] }),
    uniqueIndex('asset_qr_tokens_token_key').on(t.token),
    foreignKey({ columns: [t.orgId, t.assetId], foreignColumns: [assets.orgId, assets.id] }),
    foreignKey({ columns: [t.orgId, t.createdBy], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** A ticket's tracking link: only a SHA-256 of its token is stored; it works until `expires_at`. */
export const trackingLinks = pgTable(
  'tracking_links',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    ticketId: uuid('ticket_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('tracking_links_token_hash_key').on(t.tokenHash),
    index('tracking_links_org_ticket_idx').on(t.orgId, t.ticketId),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** The customer's rating of a ticket (D1; E11's return visits read it): one per ticket, changeable until it closes. */
export const ticketRatings = pgTable(
  'ticket_ratings',
  {
    orgId: orgId().references(() => organisations.id),
    ticketId: uuid('ticket_id').notNull(),
    score: integer('score').notNull(),
    comment: text('comment'),
    ratedAt: instant('rated_at').notNull(),
    /** The supervisor's follow-up a low rating opened (care module). */
    followUpTaskId: uuid('follow_up_task_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.ticketId] }),
    check('ticket_ratings_score_check', sql`${t.score} between 1 and 5`),
    foreignKey({ columns: [t.orgId, t.ticketId], foreignColumns: [tickets.orgId, tickets.id] }),
  ],
);

/** Requests to the public QR and tracking pages per address, label and window, shared by every server process. */
export const selfserviceThrottles = pgTable(
  'selfservice_throttles',
  {
    key: text('key').notNull(),
    windowStartedAt: instant('window_started_at').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key] }), index('selfservice_throttles_window_idx').on(t.windowStartedAt)],
);

/**
 * A code sent to a phone from an asset's QR page, so a returning customer's name fills the form.
 * One row per ask, also when the phone is not the asset's customer's (then nothing is sent and
 * no code matches), so the answer and the tries behave the same either way. Only a salted
 * SHA-256 of the code is kept.
 */
export const selfservicePhoneCodes = pgTable(
  'selfservice_phone_codes',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    assetId: uuid('asset_id').notNull(),
    phone: text('phone').notNull(),
    /** The asset's customer when the phone is theirs; null otherwise. */
    customerId: uuid('customer_id'),
    salt: text('salt').notNull(),
    codeHash: text('code_hash').notNull(),
    expiresAt: instant('expires_at').notNull(),
    tries: integer('tries').notNull().default(0),
    usedAt: instant('used_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('selfservice_phone_codes_asset_phone_idx').on(t.orgId, t.assetId, t.phone, t.createdAt),
    foreignKey({ columns: [t.orgId, t.assetId], foreignColumns: [assets.orgId, assets.id] }),
  ],
);
