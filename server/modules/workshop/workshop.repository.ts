import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { workshopCheckIns, workshopJobs, workshopPreInspectionItems, workshopStageRuns } from './workshop.schema';

export type JobRow = typeof workshopJobs.$inferSelect;
export type StageRunRow = typeof workshopStageRuns.$inferSelect;
export type CheckInRow = typeof workshopCheckIns.$inferSelect;
export type PreInspectionItemRow = typeof workshopPreInspectionItems.$inferSelect;

export async function findJob(db: Db, orgId: string, ticketId: string): Promise<JobRow | undefined> {
  const [row] = await db.select().from(workshopJobs).where(and(eq(workshopJobs.orgId, orgId), eq(workshopJobs.ticketId, ticketId)));
  return row;
}

/** Undefined when another request made the job first. */
export async function insertJob(db: Db, row: typeof workshopJobs.$inferInsert): Promise<JobRow | undefined> {
  const [inserted] = await db.insert(workshopJobs).values(row).onConflictDoNothing().returning();
  return inserted;
}

/** Applies a change only if the job is still at `version`. */
export async function updateJob(db: Db, orgId: string, ticketId: string, version: number, changes: Partial<typeof workshopJobs.$inferInsert>) {
  const [row] = await db
    .update(workshopJobs)
    .set({ ...changes, version: sql`${workshopJobs.version} + 1` })
    .where(and(eq(workshopJobs.orgId, orgId), eq(workshopJobs.ticketId, ticketId), eq(workshopJobs.version, version)))
    .returning();
  return row;
}

export async function findRuns(db: Db, orgId: string, ticketId: string): Promise<StageRunRow[]> {
  return db
    .select()
    .from(workshopStageRuns)
    .where(and(eq(workshopStageRuns.orgId, orgId), eq(workshopStageRuns.ticketId, ticketId)))
    .orderBy(asc(workshopStageRuns.startedAt), asc(workshopStageRuns.round));
}

export async function insertRun(db: Db, row: typeof workshopStageRuns.$inferInsert) {
  await db.insert(workshopStageRuns).values(row);
}

export async function updateRun(db: Db, orgId: string, id: string, changes: Partial<typeof workshopStageRuns.$inferInsert>) {
  await db
    .update(workshopStageRuns)
    .set(changes)
    .where(and(eq(workshopStageRuns.orgId, orgId), eq(workshopStageRuns.id, id)));
}

/** Every revision, newest first. */
export async function findCheckIns(db: Db, orgId: string, ticketId: string): Promise<CheckInRow[]> {
  return db
    .select()
    .from(workshopCheckIns)
    .where(and(eq(workshopCheckIns.orgId, orgId), eq(workshopCheckIns.ticketId, ticketId)))
    .orderBy(desc(workshopCheckIns.revision));
}

/** Undefined when another request made this revision first. */
export async function insertCheckIn(db: Db, row: typeof workshopCheckIns.$inferInsert): Promise<CheckInRow | undefined> {
  const [inserted] = await db.insert(workshopCheckIns).values(row).onConflictDoNothing().returning();
  return inserted;
}

export async function updateCheckIn(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof workshopCheckIns.$inferInsert>) {
  const [row] = await db
    .update(workshopCheckIns)
    .set({ ...changes, version: sql`${workshopCheckIns.version} + 1` })
    .where(and(eq(workshopCheckIns.orgId, orgId), eq(workshopCheckIns.id, id), eq(workshopCheckIns.version, version)))
    .returning();
  return row;
}

export async function findItems(db: Db, orgId: string, ticketId: string): Promise<PreInspectionItemRow[]> {
  return db
    .select()
    .from(workshopPreInspectionItems)
    .where(and(eq(workshopPreInspectionItems.orgId, orgId), eq(workshopPreInspectionItems.ticketId, ticketId)))
    .orderBy(asc(workshopPreInspectionItems.recordedAt), asc(workshopPreInspectionItems.id));
}

export async function insertItem(db: Db, row: typeof workshopPreInspectionItems.$inferInsert) {
  await db.insert(workshopPreInspectionItems).values(row);
}

export async function updateItem(db: Db, orgId: string, ticketId: string, id: string, version: number, changes: Partial<typeof workshopPreInspectionItems.$inferInsert>) {
  const [row] = await db
    .update(workshopPreInspectionItems)
    .set({ ...changes, version: sql`${workshopPreInspectionItems.version} + 1` })
    .where(
      and(
        eq(workshopPreInspectionItems.orgId, orgId),
        eq(workshopPreInspectionItems.ticketId, ticketId),
        eq(workshopPreInspectionItems.id, id),
        eq(workshopPreInspectionItems.version, version),
      ),
    )
    .returning();
  return row;
}

export async function markExplained(db: Db, orgId: string, ticketId: string, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .update(workshopPreInspectionItems)
    .set({ explainedAt: at, version: sql`${workshopPreInspectionItems.version} + 1` })
    .where(and(eq(workshopPreInspectionItems.orgId, orgId), eq(workshopPreInspectionItems.ticketId, ticketId), inArray(workshopPreInspectionItems.id, ids)));
}
