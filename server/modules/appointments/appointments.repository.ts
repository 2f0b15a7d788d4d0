import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ContactOutcome, TaskKind } from '../../../shared/contracts/appointments';
import { queryRows, type Db } from '../../db/client';
import { people } from '../identity';
import { addressRefs, customerRefs } from '../customers';
import { assetRefs } from '../assets';
import { ticketRefs } from '../tickets';
import { appointments, appointmentSlots, appointmentTemplates, bookingLinks, bookingRequests, contactAttempts, followUpTasks } from './appointments.schema';

export type TemplateRow = typeof appointmentTemplates.$inferSelect;
export type SlotRow = typeof appointmentSlots.$inferSelect;
export type SlotInsert = typeof appointmentSlots.$inferInsert;
export type AppointmentRow = typeof appointments.$inferSelect;
export type AppointmentInsert = typeof appointments.$inferInsert;
export type AttemptRow = typeof contactAttempts.$inferSelect;
export type TaskRow = typeof followUpTasks.$inferSelect;

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

export async function updateTemplate(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof appointmentTemplates.$inferInsert>) {
  const [row] = await db
    .update(appointmentTemplates)
    .set({ ...changes, version: sql`${appointmentTemplates.version} + 1` })
    .where(and(eq(appointmentTemplates.orgId, orgId), eq(appointmentTemplates.id, id), eq(appointmentTemplates.version, version)))
    .returning();
  return row;
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

export async function updateSlot(db: Db, orgId: string, id: string, version: number, changes: Partial<SlotInsert>) {
  const [row] = await db
    .update(appointmentSlots)
    .set({ ...changes, version: sql`${appointmentSlots.version} + 1` })
    .where(and(eq(appointmentSlots.orgId, orgId), eq(appointmentSlots.id, id), eq(appointmentSlots.version, version)))
    .returning();
  return row;
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

export async function findAppointment(db: Db, orgId: string, id: string): Promise<AppointmentRow | undefined> {
  const [row] = await db.select().from(appointments).where(and(eq(appointments.orgId, orgId), eq(appointments.id, id)));
  return row;
}

export async function updateAppointment(db: Db, orgId: string, id: string, version: number, changes: Partial<AppointmentInsert>) {
  const [row] = await db
    .update(appointments)
    .set({ ...changes, version: sql`${appointments.version} + 1` })
    .where(and(eq(appointments.orgId, orgId), eq(appointments.id, id), eq(appointments.version, version)))
    .returning();
  return row;
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

// --- contact attempts and tasks -------------------------------------------------------------

export async function insertAttempt(db: Db, row: typeof contactAttempts.$inferInsert) {
  await db.insert(contactAttempts).values(row);
}

export async function countFailedAttempts(db: Db, orgId: string, ticketId: string, outcomes: readonly ContactOutcome[]): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(contactAttempts)
    .where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.ticketId, ticketId), inArray(contactAttempts.outcome, [...outcomes])));
  return Number(row?.n ?? 0);
}

/** Serialises attempts on one ticket until commit, so that two calls logged at once count 2 and 3, never 2 and 2. */
export async function lockTicketAttempts(db: Db, orgId: string, ticketId: string) {
  await queryRows(db, sql`select pg_advisory_xact_lock(hashtextextended(${`contact:${orgId}:${ticketId}`}, 0))`);
}

export async function findAttempts(db: Db, orgId: string, ticketId: string) {
  return db
    .select({ attempt: contactAttempts, actorName: people.name })
    .from(contactAttempts)
    .innerJoin(people, and(eq(people.orgId, contactAttempts.orgId), eq(people.id, contactAttempts.actorId)))
    .where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.ticketId, ticketId)))
    .orderBy(desc(contactAttempts.at), desc(contactAttempts.id));
}

export async function findAttempt(db: Db, orgId: string, id: string): Promise<AttemptRow | undefined> {
  const [row] = await db.select().from(contactAttempts).where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.id, id)));
  return row;
}

/** Whether anyone called the ticket's customer again after an instant. */
export async function attemptedSince(db: Db, orgId: string, ticketId: string, after: Date): Promise<boolean> {
  const rows = await db
    .select({ id: contactAttempts.id })
    .from(contactAttempts)
    .where(and(eq(contactAttempts.orgId, orgId), eq(contactAttempts.ticketId, ticketId), gt(contactAttempts.at, after)))
    .limit(1);
  return rows.length > 0;
}

/** Raises a task unless one of its kind is already open for the ticket; answers the new id or undefined. */
export async function insertTask(db: Db, row: typeof followUpTasks.$inferInsert): Promise<string | undefined> {
  const [inserted] = await db.insert(followUpTasks).values(row).onConflictDoNothing().returning({ id: followUpTasks.id });
  return inserted?.id;
}

const doer = alias(people, 'doer');
const raiser = alias(people, 'raiser');

export async function findTasks(db: Db, orgId: string, filter: { open: boolean; kind?: TaskKind | undefined; ids?: string[]; limit: number }) {
  const conditions: SQL[] = [eq(followUpTasks.orgId, orgId), filter.open ? isNull(followUpTasks.doneAt) : isNotNull(followUpTasks.doneAt)];
  if (filter.kind) conditions.push(eq(followUpTasks.kind, filter.kind));
  if (filter.ids) conditions.push(inArray(followUpTasks.id, filter.ids.length ? filter.ids : [NO_ID]));
  return db
    .select({
      task: followUpTasks,
      customerName: customerRefs.name,
      ticketNumber: ticketRefs.number,
      addressProvince: addressRefs.province,
      addressCity: addressRefs.city,
      addressDistrict: addressRefs.district,
      addressLine: addressRefs.line,
      addressEstate: addressRefs.estate,
      addressBuilding: addressRefs.building,
      addressUnit: addressRefs.unit,
      addressRoom: addressRefs.room,
      doneByName: doer.name,
      createdByName: raiser.name,
    })
    .from(followUpTasks)
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, followUpTasks.orgId), eq(customerRefs.id, followUpTasks.customerId)))
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, followUpTasks.orgId), eq(ticketRefs.id, followUpTasks.ticketId)))
    .leftJoin(addressRefs, and(eq(addressRefs.orgId, followUpTasks.orgId), eq(addressRefs.id, followUpTasks.addressId)))
    .leftJoin(doer, and(eq(doer.orgId, followUpTasks.orgId), eq(doer.id, followUpTasks.doneBy)))
    .leftJoin(raiser, and(eq(raiser.orgId, followUpTasks.orgId), eq(raiser.id, followUpTasks.createdBy)))
    .where(and(...conditions))
    .orderBy(filter.open ? asc(followUpTasks.dueAt) : desc(followUpTasks.doneAt))
    .limit(filter.limit);
}

export async function markTaskDone(db: Db, orgId: string, id: string, by: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(followUpTasks)
    .set({ doneAt: now, doneBy: by })
    .where(and(eq(followUpTasks.orgId, orgId), eq(followUpTasks.id, id), isNull(followUpTasks.doneAt)))
    .returning({ id: followUpTasks.id });
  return rows.length > 0;
}

export async function taskExists(db: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await db.select({ id: followUpTasks.id }).from(followUpTasks).where(and(eq(followUpTasks.orgId, orgId), eq(followUpTasks.id, id)));
  return rows.length > 0;
}
