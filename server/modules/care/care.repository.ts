import { and, asc, count, desc, eq, gt, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ContactOutcome, TaskKind } from '../../../shared/contracts/appointments';
import { queryRows, type Db } from '../../db/client';
import { people } from '../identity';
import { addressRefs, customerRefs } from '../customers';
import { ticketRefs } from '../tickets';
import { contactAttempts, followUpTasks, maintenanceRecords } from './care.schema';
import type { MaintenanceKind } from '../../../shared/contracts/maintenance';

export type AttemptRow = typeof contactAttempts.$inferSelect;
export type TaskRow = typeof followUpTasks.$inferSelect;

const NO_ID = '00000000-0000-0000-0000-000000000000';

// --- contact attempts (H5, H6) ---------------------------------------------------------------

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

// --- follow-up tasks ----------------------------------------------------------------------------

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
export type TaskDetail = Awaited<ReturnType<typeof findTasks>>[number];

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

// --- maintenance (W2, E4, A1) -------------------------------------------------------------------

export type MaintenanceRow = typeof maintenanceRecords.$inferSelect;

export async function insertMaintenance(db: Db, rows: (typeof maintenanceRecords.$inferInsert)[]) {
  if (rows.length) await db.insert(maintenanceRecords).values(rows);
}

/** An asset's maintenance done, most recent first, with who did it. */
export async function findMaintenance(db: Db, orgId: string, assetId: string, ids?: string[]) {
  const conditions: SQL[] = [eq(maintenanceRecords.orgId, orgId), eq(maintenanceRecords.assetId, assetId)];
  if (ids) conditions.push(inArray(maintenanceRecords.id, ids.length ? ids : [NO_ID]));
  return db
    .select({ record: maintenanceRecords, doneByName: people.name })
    .from(maintenanceRecords)
    .innerJoin(people, and(eq(people.orgId, maintenanceRecords.orgId), eq(people.id, maintenanceRecords.doneBy)))
    .where(and(...conditions))
    .orderBy(desc(maintenanceRecords.doneOn), desc(maintenanceRecords.createdAt));
}
export type MaintenanceDetail = Awaited<ReturnType<typeof findMaintenance>>[number];

/** What the plans of many assets need: each record's asset, kind and day. */
export async function findMaintenanceOfAssets(db: Db, orgId: string, assetIds: string[]): Promise<{ assetId: string; kind: MaintenanceKind; doneOn: string }[]> {
  if (!assetIds.length) return [];
  return db
    .select({ assetId: maintenanceRecords.assetId, kind: maintenanceRecords.kind, doneOn: maintenanceRecords.doneOn })
    .from(maintenanceRecords)
    .where(and(eq(maintenanceRecords.orgId, orgId), inArray(maintenanceRecords.assetId, assetIds)));
}

/** Marks the open reminders of an asset's plan item done (the maintenance they asked for was recorded). */
export async function closeMaintenanceTasks(db: Db, orgId: string, assetId: string, kind: MaintenanceKind, by: string, now: Date) {
  await db
    .update(followUpTasks)
    .set({ doneAt: now, doneBy: by })
    .where(and(eq(followUpTasks.orgId, orgId), eq(followUpTasks.assetId, assetId), eq(followUpTasks.maintenanceKind, kind), isNull(followUpTasks.doneAt)));
}

/** What a closed ticket says for its maintenance: its type, asset, assignee and when its work was done. */
export async function findTicketForMaintenance(db: Db, orgId: string, ticketId: string) {
  const [row] = await db
    .select({ type: ticketRefs.type, assetId: ticketRefs.assetId, assigneeId: ticketRefs.assigneeId, completedAt: ticketRefs.completedAt })
    .from(ticketRefs)
    .where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row;
}

export async function maintenanceOfTicketExists(db: Db, orgId: string, ticketId: string, kind: MaintenanceKind): Promise<boolean> {
  const rows = await db
    .select({ id: maintenanceRecords.id })
    .from(maintenanceRecords)
    .where(and(eq(maintenanceRecords.orgId, orgId), eq(maintenanceRecords.ticketId, ticketId), eq(maintenanceRecords.kind, kind)))
    .limit(1);
  return rows.length > 0;
}
