import { sql } from 'drizzle-orm';
import { bigint, date, integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Column helpers shared by every module's tables, so that each table says the same thing
 * the same way: `org_id` first in every key, instants as timestamptz, days as date.
 */
export const orgId = () => uuid('org_id').notNull();
export const id = () => uuid('id').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const instant = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const day = (name: string) => date(name, { mode: 'string' });
/** Money: integer fen in a bigint, read as a JavaScript number (`server/db/client.ts` refuses values past 2^53). */
export const fen = (name: string) => bigint(name, { mode: 'number' });
/** Optimistic concurrency: every write that can race bumps it; `If-Match` carries it. */
export const version = () => integer('version').notNull().default(1);
/**
 * Substring search (see `shared/search-terms.ts`): `search_terms` narrows through a GIN
 * index, `search_text` (normalised) confirms the match.
 */
export const searchTerms = () => text('search_terms').array().notNull().default(sql`'{}'::text[]`);
export const searchText = () => text('search_text').notNull().default('');
