import { and, asc, count, desc, eq, gt, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { BookingRequestStatus } from '../../../shared/contracts/appointments';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { updateAtVersion, type Saved } from '../../db/versioned';
import { people } from '../identity';
import { customerRefs } from '../customers';
import { assetRefs } from '../assets';
import { ticketRefs } from '../tickets';
import { appointments, appointmentSlots, appointmentTemplates, bookingLinks, bookingRequests, publicBookingThrottles } from './appointments.schema';

export type TemplateRow = typeof appointmentTemplates.$inferSelect;
export type SlotRow = typeof appointmentSlots.$inferSelect;
export type SlotInsert = typeof appointmentSlots.$inferInsert;
export type AppointmentRow = typeof appointments.$inferSelect;
export type AppointmentInsert = typeof appointments.$inferInsert;

// --- templates ---------------------------------------------------------------------------

export async function findTemplates(db: Db, orgId: string): Promise<TemplateRow[]> {
  return db.select().from(appointmentTemplates).where(eq(appointmentTemplates.orgId, orgId)).orderBy(asc(appointmentTemplates.createdAt));
}

export async function findTemplate(db: Db, orgId: string, id: string): Promise<TemplateRow | undefined> {
  const [row] = await db.select().from(appointmentTemplates).where(and(eq(appointmentTemplates.orgId, orgId), eq(appointmentTemplates.id, id)));
  return row;
}

export async function insertTemplate(db: Db, row: typeof appointmentTemplates.$inferInsert) {
  await db.insert(appointmentTemplates).values(row);
}

/** Changes a template at the version the caller read. */
export async function updateTemplate(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof appointmentTemplates.$inferInsert>): Promise<Saved<TemplateRow>> {
  return updateAtVersion(db, appointmentTemplates, and(eq(appointmentTemplates.orgId, orgId), eq(appointmentTemplates.id, id)), version, changes);
}

// --- slots -------------------------------------------------------------------------------

/** Inserts the slots that do not exist yet (same day, start, service and team); answers how many were new. */
export async function insertSlots(db: Db, rows: SlotInsert[]): Promise<number> {
  if (!rows.length) return 0;
  const inserted = await db.insert(appointmentSlots).values(rows).onConflictDoNothing().returning({ id: appointmentSlots.id });
  return inserted.length;
}

export async function findSlot(db: Db, orgId: string, id: string): Promise<SlotRow | undefined> {
  const [row] = await db.select().from(appointmentSlots).where(and(eq(appointmentSlots.orgId, orgId), eq(appointmentSlots.id, id)));
  return row;
}

export async function findSlots(db: Db, orgId: string, filter: { from: string; to: string; serviceType?: string | undefined; openAfter?: Date; limit?: number }) {
  const conditions: SQL[] = [eq(appointmentSlots.orgId, orgId), gte(appointmentSlots.slotOn, filter.from), lte(appointmentSlots.slotOn, filter.to)];
  if (filter.serviceType !== undefined) conditions.push(eq(appointmentSlots.serviceType, filter.serviceType));
  if (filter.openAfter) {
    conditions.push(eq(appointmentSlots.open, true), gt(appointmentSlots.startsAt, filter.openAfter), sql`${appointmentSlots.booked} < ${appointmentSlots.capacity}`);
  }
  return db
    .select()
    .from(appointmentSlots)
    .where(and(...conditions))
    .orderBy(asc(appointmentSlots.startsAt), asc(appointmentSlots.serviceType), asc(appointmentSlots.team))
    .limit(filter.limit ?? 2000);
}

/** Changes a slot at the version the caller read. */
export async function updateSlot(db: Db, orgId: string, id: string, version: number, changes: Partial<SlotInsert>): Promise<Saved<SlotRow>> {
  return updateAtVersion(db, appointmentSlots, and(eq(appointmentSlots.orgId, orgId), eq(appointmentSlots.id, id)), version, changes);
}

/**
 * Takes one place in an open slot, or nothing when it is full or closed. One statement: under
 * concurrency the second booking waits for the first's row lock and then sees the count it left.
 */
export async function takePlace(db: Db, orgId: string, slotId: string, now: Date): Promise<SlotRow | undefined> {
  const [row] = await db
    .update(appointmentSlots)
    .set({ booked: sql`${appointmentSlots.booked} + 1`, updatedAt: now })
    .where(and(eq(appointmentSlots.orgId, orgId), eq(appointmentSlots.id, slotId), eq(appointmentSlots.open, true), sql`${appointmentSlots.booked} < ${appointmentSlots.capacity}`))
    .returning();
  return row;
}

export async function releasePlace(db: Db, orgId: string, slotId: string, now: Date) {
  await db
    .update(appointmentSlots)
    .set({ booked: sql`greatest(${appointmentSlots.booked} - 1, 0)`, updatedAt: now })
    .where(and(eq(appointmentSlots.orgId, orgId), eq(appointmentSlots.id, slotId)));
}

// --- appointments ------------------------------------------------------------------------

export async function insertAppointment(db: Db, row: AppointmentInsert) {
  await db.insert(appointments).values(row);
}

/** One appointment; `lock` holds its row until the caller's transaction ends. */
export async function findAppointment(db: Db, orgId: string, id: string, options: { lock?: boolean } = {}): Promise<AppointmentRow | undefined> {
  const query = db.select().from(appointments).where(and(eq(appointments.orgId, orgId), eq(appointments.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** W3: whether the ticket was made from a booked appointment (the appointment links its ticket). */
export async function ticketWasBooked(db: Db, orgId: string, ticketId: string): Promise<boolean> {
  const [row] = await db.select({ id: appointments.id }).from(appointments).where(and(eq(appointments.orgId, orgId), eq(appointments.ticketId, ticketId))).limit(1);
  return row !== undefined;
}

/** The booked time of the appointment a ticket was made from (its slot's window), if any. */
export async function bookedWindowOfTicket(db: Db, orgId: string, ticketId: string): Promise<{ start: Date; end: Date } | null> {
  const [row] = await db
    .select({ start: appointmentSlots.startsAt, end: appointmentSlots.endsAt })
    .from(appointments)
    .innerJoin(appointmentSlots, and(eq(appointmentSlots.orgId, appointments.orgId), eq(appointmentSlots.id, appointments.slotId)))
    .where(and(eq(appointments.orgId, orgId), eq(appointments.ticketId, ticketId)))
    .limit(1);
  return row ?? null;
}

/** Changes an appointment at the version the caller read. */
export async function updateAppointment(db: Db, orgId: string, id: string, version: number, changes: Partial<AppointmentInsert>): Promise<Saved<AppointmentRow>> {
  return updateAtVersion(db, appointments, and(eq(appointments.orgId, orgId), eq(appointments.id, id)), version, changes);
}

const technician = alias(people, 'technician');
const creator = alias(people, 'creator');

/** Appointments with what the board and the read-back show of their slot, customer, asset, technician and ticket. */
export async function findAppointmentDetails(db: Db, orgId: string, by: { ids?: string[]; slotIds?: string[] }) {
  const conditions: SQL[] = [eq(appointments.orgId, orgId)];
  if (by.ids) conditions.push(inArray(appointments.id, by.ids.length ? by.ids : [NO_ID]));
  if (by.slotIds) conditions.push(inArray(appointments.slotId, by.slotIds.length ? by.slotIds : [NO_ID]));
  return db
    .select({
      appointment: appointments,
      slot: appointmentSlots,
      customerName: customerRefs.name,
      assetProduct: assetRefs.productName,
      assetPlate: assetRefs.plate,
      assetSerial: assetRefs.serialNumber,
      technicianName: technician.name,
      creatorName: creator.name,
      ticketNumber: ticketRefs.number,
      ticketStatus: ticketRefs.status,
    })
    .from(appointments)
    .innerJoin(appointmentSlots, and(eq(appointmentSlots.orgId, appointments.orgId), eq(appointmentSlots.id, appointments.slotId)))
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, appointments.orgId), eq(customerRefs.id, appointments.customerId)))
    .leftJoin(assetRefs, and(eq(assetRefs.orgId, appointments.orgId), eq(assetRefs.id, appointments.assetId)))
    .leftJoin(technician, and(eq(technician.orgId, appointments.orgId), eq(technician.id, appointments.technicianId)))
    .leftJoin(creator, and(eq(creator.orgId, appointments.orgId), eq(creator.id, appointments.createdBy)))
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, appointments.orgId), eq(ticketRefs.id, appointments.ticketId)))
    .where(and(...conditions))
    .orderBy(asc(appointments.bookedAt));
}
export type AppointmentDetail = Awaited<ReturnType<typeof findAppointmentDetails>>[number];

const NO_ID = '00000000-0000-0000-0000-000000000000';

// --- the booking link ---------------------------------------------------------------------

export async function findLink(db: Db, orgId: string) {
  const [row] = await db.select().from(bookingLinks).where(eq(bookingLinks.orgId, orgId));
  return row;
}

export async function findLinkByToken(db: Db, token: string) {
  const [row] = await db.select().from(bookingLinks).where(eq(bookingLinks.token, token));
  return row;
}

export async function saveLink(db: Db, row: typeof bookingLinks.$inferInsert, replace: boolean) {
  const insert = db.insert(bookingLinks).values(row);
  const [saved] = replace
    ? await insert.onConflictDoUpdate({ target: bookingLinks.orgId, set: { token: row.token, rotatedAt: row.rotatedAt, rotatedBy: row.rotatedBy ?? null } }).returning()
    : await insert.onConflictDoNothing().returning();
  return saved;
}

// --- booking requests from the public page (S5) ---------------------------------------------

export type BookingRequestRow = typeof bookingRequests.$inferSelect;
export type BookingRequestInsert = typeof bookingRequests.$inferInsert;

export async function insertBookingRequest(db: Db, row: BookingRequestInsert) {
  await db.insert(bookingRequests).values(row);
}

/** One booking request; `lock` holds its row until the caller's transaction ends. */
export async function findBookingRequest(db: Db, orgId: string, id: string, options: { lock?: boolean } = {}): Promise<BookingRequestRow | undefined> {
  const query = db.select().from(bookingRequests).where(and(eq(bookingRequests.orgId, orgId), eq(bookingRequests.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

/** Changes a booking request at the version the caller read. */
export async function updateBookingRequest(db: Db, orgId: string, id: string, version: number, changes: Partial<BookingRequestInsert>): Promise<Saved<BookingRequestRow>> {
  return updateAtVersion(db, bookingRequests, and(eq(bookingRequests.orgId, orgId), eq(bookingRequests.id, id)), version, changes);
}

const decider = alias(people, 'decider');

/** Booking requests with their slot and who decided them: by status (oldest first) or by id. */
export async function findBookingRequestDetails(db: Db, orgId: string, by: { status?: BookingRequestStatus; ids?: string[]; limit?: number }) {
  const conditions: SQL[] = [eq(bookingRequests.orgId, orgId)];
  if (by.status) conditions.push(eq(bookingRequests.status, by.status));
  if (by.ids) conditions.push(inArray(bookingRequests.id, by.ids.length ? by.ids : [NO_ID]));
  return db
    .select({ request: bookingRequests, slot: appointmentSlots, deciderName: decider.name })
    .from(bookingRequests)
    .innerJoin(appointmentSlots, and(eq(appointmentSlots.orgId, bookingRequests.orgId), eq(appointmentSlots.id, bookingRequests.slotId)))
    .leftJoin(decider, and(eq(decider.orgId, bookingRequests.orgId), eq(decider.id, bookingRequests.decidedBy)))
    .where(and(...conditions))
    .orderBy(by.status === 'pending' ? asc(bookingRequests.submittedAt) : desc(bookingRequests.submittedAt))
    .limit(by.limit ?? 200);
}
export type BookingRequestDetail = Awaited<ReturnType<typeof findBookingRequestDetails>>[number];

/** How many places pending booking requests hold in each of these slots. */
export async function countPendingRequests(db: Db, orgId: string, slotIds: string[]): Promise<Map<string, number>> {
  if (!slotIds.length) return new Map();
  const rows = await db
    .select({ slotId: bookingRequests.slotId, n: count() })
    .from(bookingRequests)
    .where(and(eq(bookingRequests.orgId, orgId), eq(bookingRequests.status, 'pending'), inArray(bookingRequests.slotId, slotIds)))
    .groupBy(bookingRequests.slotId);
  return new Map(rows.map((r) => [r.slotId, Number(r.n)]));
}

// --- the public page's throttle ------------------------------------------------------------

/**
 * Takes one place in a count and answers the count with it, in one statement, so concurrent
 * requests each get their own number. A count whose window began at or before `since` starts
 * again at 1.
 */
export async function takeThrottle(db: Db, orgId: string, key: string, now: Date, since: Date): Promise<{ count: number; windowStartedAt: Date }> {
  const [row] = await db
    .insert(publicBookingThrottles)
    .values({ orgId, key, count: 1, windowStartedAt: now })
    .onConflictDoUpdate({
      target: [publicBookingThrottles.orgId, publicBookingThrottles.key],
      set: {
        count: sql`case when ${publicBookingThrottles.windowStartedAt} <= ${since} then 1 else ${publicBookingThrottles.count} + 1 end`,
        windowStartedAt: sql`case when ${publicBookingThrottles.windowStartedAt} <= ${since} then excluded.window_started_at else ${publicBookingThrottles.windowStartedAt} end`,
      },
    })
    .returning({ count: publicBookingThrottles.count, windowStartedAt: publicBookingThrottles.windowStartedAt });
  return row ?? { count: 1, windowStartedAt: now };
}

/** Forgets an organisation's counts whose window has passed: they count for nothing any more. */
export async function pruneThrottles(db: Db, orgId: string, since: Date) {
  await db.delete(publicBookingThrottles).where(and(eq(publicBookingThrottles.orgId, orgId), lte(publicBookingThrottles.windowStartedAt, since)));
}
