import { and, asc, count, eq, gt, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { updateAtVersion, type Saved } from '../../db/versioned';
import { people } from '../identity';
import { customerRefs } from '../customers';
import { assetRefs } from '../assets';
import { ticketRefs } from '../tickets';
import { appointments, appointmentSlots, appointmentTemplates, bookingLinks, bookingRequests } from './appointments.schema';

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

// --- the booking link and its throttle -----------------------------------------------------

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

export async function countRequests(db: Db, orgId: string, ip: string, kind: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(bookingRequests)
    .where(and(eq(bookingRequests.orgId, orgId), eq(bookingRequests.ip, ip), eq(bookingRequests.kind, kind), gt(bookingRequests.at, since)));
  return Number(row?.n ?? 0);
}

/** Forgets an address's requests older than the window: they count for nothing any more. */
export async function purgeRequests(db: Db, orgId: string, ip: string, kind: string, before: Date) {
  await db.delete(bookingRequests).where(and(eq(bookingRequests.orgId, orgId), eq(bookingRequests.ip, ip), eq(bookingRequests.kind, kind), lte(bookingRequests.at, before)));
}

export async function insertRequest(db: Db, row: typeof bookingRequests.$inferInsert) {
  await db.insert(bookingRequests).values(row);
}
