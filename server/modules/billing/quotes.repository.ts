import { and, desc, eq, lt, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { updateAtVersion, type Saved } from '../../db/versioned';
import { assetRefs } from '../assets';
import { people } from '../identity';
import { ticketRefs } from '../tickets';
import { customerRefs } from '../customers';
import { quoteLinks, quoteLinkThrottles, quotes, ticketChargeMarks } from './quotes.schema';

export type QuoteRow = typeof quotes.$inferSelect;
export type QuoteInsert = typeof quotes.$inferInsert;
export type QuoteLinkRow = typeof quoteLinks.$inferSelect;

const withAuthor = { quote: quotes, createdByName: people.name };

export async function listQuotes(db: Db, orgId: string, ticketId: string) {
  return db
    .select(withAuthor)
    .from(quotes)
    .leftJoin(people, and(eq(people.orgId, quotes.orgId), eq(people.id, quotes.createdBy)))
    .where(and(eq(quotes.orgId, orgId), eq(quotes.ticketId, ticketId)))
    .orderBy(desc(quotes.number));
}

export async function findQuote(db: Db, orgId: string, id: string, options: { lock?: boolean } = {}): Promise<QuoteRow | undefined> {
  const query = db.select().from(quotes).where(and(eq(quotes.orgId, orgId), eq(quotes.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function findQuoteView(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select(withAuthor)
    .from(quotes)
    .leftJoin(people, and(eq(people.orgId, quotes.orgId), eq(people.id, quotes.createdBy)))
    .where(and(eq(quotes.orgId, orgId), eq(quotes.id, id)));
  return row;
}

/** The ticket's current quote: the newest that is not superseded. */
export async function currentQuote(db: Db, orgId: string, ticketId: string): Promise<QuoteRow | undefined> {
  const [row] = await db
    .select()
    .from(quotes)
    .where(and(eq(quotes.orgId, orgId), eq(quotes.ticketId, ticketId), ne(quotes.status, 'superseded')))
    .orderBy(desc(quotes.number))
    .limit(1);
  return row;
}

export async function lastNumber(db: Db, orgId: string, ticketId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${quotes.number}), 0)::int` })
    .from(quotes)
    .where(and(eq(quotes.orgId, orgId), eq(quotes.ticketId, ticketId)));
  return Number(row?.n ?? 0);
}

/** Supersedes the ticket's open quote, if any (the caller holds the ticket's lock). */
export async function supersedeOpen(db: Db, orgId: string, ticketId: string) {
  await db
    .update(quotes)
    .set({ status: 'superseded', version: sql`${quotes.version} + 1` })
    .where(and(eq(quotes.orgId, orgId), eq(quotes.ticketId, ticketId), eq(quotes.status, 'open')));
}

export async function insertQuote(db: Db, row: QuoteInsert) {
  await db.insert(quotes).values(row);
}

export async function updateQuote(db: Db, orgId: string, id: string, version: number, changes: Partial<QuoteInsert>): Promise<Saved<QuoteRow>> {
  return updateAtVersion(db, quotes, and(eq(quotes.orgId, orgId), eq(quotes.id, id)), version, changes);
}

// --- links -----------------------------------------------------------------------------------

export async function insertLink(db: Db, row: typeof quoteLinks.$inferInsert) {
  await db.insert(quoteLinks).values(row);
}

/** A link by its token's hash, in any organisation (the token is the only key the public page has). */
export async function findLinkByHash(db: Db, tokenHash: string): Promise<QuoteLinkRow | undefined> {
  const [row] = await db.select().from(quoteLinks).where(eq(quoteLinks.tokenHash, tokenHash));
  return row;
}

/** What the public page shows of a ticket: its number and its product; nothing about the person. */
export async function ticketForPublic(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({ number: ticketRefs.number, productName: assetRefs.productName, brand: assetRefs.brand, model: assetRefs.model })
    .from(ticketRefs)
    .leftJoin(assetRefs, and(eq(assetRefs.orgId, ticketRefs.orgId), eq(assetRefs.id, ticketRefs.assetId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row;
}

/** Takes one place in an address's count for the window; answers the count and when its window began. */
export async function takeThrottle(db: Db, key: string, now: Date, since: Date) {
  await db.delete(quoteLinkThrottles).where(lt(quoteLinkThrottles.windowStartedAt, since));
  const [row] = await db
    .insert(quoteLinkThrottles)
    .values({ key, windowStartedAt: now, count: 1 })
    .onConflictDoUpdate({ target: quoteLinkThrottles.key, set: { count: sql`${quoteLinkThrottles.count} + 1` } })
    .returning();
  return row!;
}

// --- the customer-caused mark -----------------------------------------------------------------

export async function findMark(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({ mark: ticketChargeMarks, markedByName: people.name })
    .from(ticketChargeMarks)
    .leftJoin(people, and(eq(people.orgId, ticketChargeMarks.orgId), eq(people.id, ticketChargeMarks.markedBy)))
    .where(and(eq(ticketChargeMarks.orgId, orgId), eq(ticketChargeMarks.ticketId, ticketId)));
  return row;
}

export async function saveMark(db: Db, row: typeof ticketChargeMarks.$inferInsert) {
  await db
    .insert(ticketChargeMarks)
    .values(row)
    .onConflictDoUpdate({ target: [ticketChargeMarks.orgId, ticketChargeMarks.ticketId], set: { customerCaused: row.customerCaused, reason: row.reason, markedBy: row.markedBy, markedAt: row.markedAt } });
}

/** What picks a labour rate for a ticket: its asset's kind and product line, and its lead's grade. */
export async function rateFactsOf(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({ assetKind: assetRefs.kind, productLine: assetRefs.productCategory, grade: people.grade })
    .from(ticketRefs)
    .leftJoin(assetRefs, and(eq(assetRefs.orgId, ticketRefs.orgId), eq(assetRefs.id, ticketRefs.assetId)))
    .leftJoin(people, and(eq(people.orgId, ticketRefs.orgId), eq(people.id, ticketRefs.assigneeId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return { assetKind: row?.assetKind ?? null, productLine: row?.productLine ?? null, grade: row?.grade ?? null };
}

/** What a printed charge sheet names: the ticket, its customer, its product. */
export async function ticketForPrint(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({ number: ticketRefs.number, customerName: customerRefs.name, productName: assetRefs.productName, brand: assetRefs.brand, model: assetRefs.model })
    .from(ticketRefs)
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, ticketRefs.orgId), eq(customerRefs.id, ticketRefs.customerId)))
    .leftJoin(assetRefs, and(eq(assetRefs.orgId, ticketRefs.orgId), eq(assetRefs.id, ticketRefs.assetId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row;
}
