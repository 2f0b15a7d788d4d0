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
