import { and, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { assetRefs } from '../assets';
import { customerPhoneRefs, customerRefs } from '../customers';
import { people } from '../identity';
import { ticketCrewRefs, ticketRefs } from '../tickets';
import { assetQrTokens, selfservicePhoneCodes, selfserviceThrottles, ticketRatings, trackingLinks } from './selfservice.schema';

export type QrTokenRow = typeof assetQrTokens.$inferSelect;
export type TrackingLinkRow = typeof trackingLinks.$inferSelect;
export type RatingRow = typeof ticketRatings.$inferSelect;
export type PhoneCodeRow = typeof selfservicePhoneCodes.$inferSelect;

// --- QR tokens ------------------------------------------------------------------------------

/** The organisation's assets among these ids, with their tokens where they have one. */
export async function findAssetsForLabels(db: Db, orgId: string, assetIds: string[]) {
  return db
    .select({ id: assetRefs.id, serialNumber: assetRefs.serialNumber, productName: assetRefs.productName, brand: assetRefs.brand, model: assetRefs.model, token: assetQrTokens.token })
    .from(assetRefs)
    .leftJoin(assetQrTokens, and(eq(assetQrTokens.orgId, assetRefs.orgId), eq(assetQrTokens.assetId, assetRefs.id)))
    .where(and(eq(assetRefs.orgId, orgId), inArray(assetRefs.id, assetIds)));
}

/** Gives each asset a token unless it has one (a parallel print keeps the first). */
export async function insertTokens(db: Db, rows: (typeof assetQrTokens.$inferInsert)[]) {
  if (rows.length) await db.insert(assetQrTokens).values(rows).onConflictDoNothing();
}

/** The asset behind a QR token, with what the page shows of it. */
export async function findByToken(db: Db, token: string) {
  const [row] = await db
    .select({
      orgId: assetQrTokens.orgId,
      assetId: assetQrTokens.assetId,
      createdBy: assetQrTokens.createdBy,
      customerId: assetRefs.customerId,
      serialNumber: assetRefs.serialNumber,
      productName: assetRefs.productName,
      brand: assetRefs.brand,
      model: assetRefs.model,
    })
    .from(assetQrTokens)
    .innerJoin(assetRefs, and(eq(assetRefs.orgId, assetQrTokens.orgId), eq(assetRefs.id, assetQrTokens.assetId)))
    .where(eq(assetQrTokens.token, token));
  return row;
}

// --- tracking links -------------------------------------------------------------------------

export async function insertTrackingLink(db: Db, row: typeof trackingLinks.$inferInsert) {
  await db.insert(trackingLinks).values(row);
}

export async function findTrackingLink(db: Db, tokenHash: string): Promise<TrackingLinkRow | undefined> {
  const [row] = await db.select().from(trackingLinks).where(eq(trackingLinks.tokenHash, tokenHash));
  return row;
}

/** What the tracking page needs of the ticket, through the published views. */
export async function findTicketForTracking(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({
      id: ticketRefs.id,
      number: ticketRefs.number,
      status: ticketRefs.status,
      customerId: ticketRefs.customerId,
      productName: assetRefs.productName,
      brand: assetRefs.brand,
      model: assetRefs.model,
      serialNumber: assetRefs.serialNumber,
    })
    .from(ticketRefs)
    .leftJoin(assetRefs, and(eq(assetRefs.orgId, ticketRefs.orgId), eq(assetRefs.id, ticketRefs.assetId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row;
}

/** The ticket's lead technician (else its assignee): name and phone. */
export async function findLeadTechnician(db: Db, orgId: string, ticketId: string) {
  const [lead] = await db
    .select({ name: people.name, phone: people.phone })
    .from(ticketCrewRefs)
    .innerJoin(people, and(eq(people.orgId, ticketCrewRefs.orgId), eq(people.id, ticketCrewRefs.userId)))
    .where(and(eq(ticketCrewRefs.orgId, orgId), eq(ticketCrewRefs.ticketId, ticketId), eq(ticketCrewRefs.isLead, true)));
  if (lead) return lead;
  const [assignee] = await db
    .select({ name: people.name, phone: people.phone })
    .from(ticketRefs)
    .innerJoin(people, and(eq(people.orgId, ticketRefs.orgId), eq(people.id, ticketRefs.assigneeId)))
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return assignee;
}

// --- ratings --------------------------------------------------------------------------------

export async function findRating(db: Db, orgId: string, ticketId: string): Promise<RatingRow | undefined> {
  const [row] = await db.select().from(ticketRatings).where(and(eq(ticketRatings.orgId, orgId), eq(ticketRatings.ticketId, ticketId)));
  return row;
}

/** One rating per ticket: a second one replaces the first. */
export async function saveRating(db: Db, row: typeof ticketRatings.$inferInsert) {
  await db
    .insert(ticketRatings)
    .values(row)
    .onConflictDoUpdate({
      target: [ticketRatings.orgId, ticketRatings.ticketId],
      set: { score: row.score, comment: row.comment ?? null, ratedAt: row.ratedAt, updatedAt: row.ratedAt, ...(row.followUpTaskId ? { followUpTaskId: row.followUpTaskId } : {}) },
    });
}

// --- throttles ------------------------------------------------------------------------------

/** Takes a place in a count: the window restarts once `since` has passed it. */
export async function takeThrottle(db: Db, key: string, now: Date, since: Date): Promise<{ count: number; windowStartedAt: Date }> {
  const [row] = await db
    .insert(selfserviceThrottles)
    .values({ key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: [selfserviceThrottles.key],
      set: {
        count: sql`case when ${selfserviceThrottles.windowStartedAt} <= ${since} then 1 else ${selfserviceThrottles.count} + 1 end`,
        windowStartedAt: sql`case when ${selfserviceThrottles.windowStartedAt} <= ${since} then excluded.window_started_at else ${selfserviceThrottles.windowStartedAt} end`,
      },
    })
    .returning({ count: selfserviceThrottles.count, windowStartedAt: selfserviceThrottles.windowStartedAt });
  return row ?? { count: 1, windowStartedAt: now };
}

/** Forgets counts whose window ended long ago. */
export async function pruneThrottles(db: Db, before: Date) {
  await db.delete(selfserviceThrottles).where(lte(selfserviceThrottles.windowStartedAt, before));
}

// --- phone codes ----------------------------------------------------------------------------

/** Digits only, without China's country code: `+86 139-1234-5678` and `13912345678` are one number. */
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

/** The customer's name when this phone is one of theirs (compared by its digits), else undefined. */
export async function findCustomerByPhone(db: Db, orgId: string, customerId: string, phone: string) {
  const [row] = await db
    .select({ id: customerRefs.id, name: customerRefs.name })
    .from(customerPhoneRefs)
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, customerPhoneRefs.orgId), eq(customerRefs.id, customerPhoneRefs.customerId)))
    .where(
      and(
        eq(customerPhoneRefs.orgId, orgId),
        eq(customerPhoneRefs.customerId, customerId),
        sql`regexp_replace(regexp_replace(${customerPhoneRefs.phone}, '[^0-9]', '', 'g'), '^86(1[0-9]{10})$', ${'\\1'}) = ${phoneDigits(phone)}`,
      ),
    )
    .limit(1);
  return row;
}

export async function insertPhoneCode(db: Db, row: typeof selfservicePhoneCodes.$inferInsert) {
  await db.insert(selfservicePhoneCodes).values(row);
}

/** The latest code asked for this label and phone, locked for the check. */
export async function latestPhoneCode(db: Db, orgId: string, assetId: string, phone: string): Promise<PhoneCodeRow | undefined> {
  const [row] = await db
    .select()
    .from(selfservicePhoneCodes)
    .where(and(eq(selfservicePhoneCodes.orgId, orgId), eq(selfservicePhoneCodes.assetId, assetId), eq(selfservicePhoneCodes.phone, phone)))
    .orderBy(desc(selfservicePhoneCodes.createdAt), desc(selfservicePhoneCodes.id))
    .limit(1)
    .for('update');
  return row;
}

export async function updatePhoneCode(db: Db, orgId: string, id: string, changes: Partial<typeof selfservicePhoneCodes.$inferInsert>) {
  await db.update(selfservicePhoneCodes).set(changes).where(and(eq(selfservicePhoneCodes.orgId, orgId), eq(selfservicePhoneCodes.id, id)));
}

/** Forgets codes that ended long ago. */
export async function prunePhoneCodes(db: Db, before: Date) {
  await db.delete(selfservicePhoneCodes).where(lte(selfservicePhoneCodes.expiresAt, before));
}
