import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { updateAtVersion } from '../../db/versioned';
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

/** Changes the job at `version` (see `server/db/versioned.ts`). */
export async function updateJob(db: Db, orgId: string, ticketId: string, version: number, changes: Partial<typeof workshopJobs.$inferInsert>) {
  return updateAtVersion(db, workshopJobs, and(eq(workshopJobs.orgId, orgId), eq(workshopJobs.ticketId, ticketId)), version, changes);
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

/** Changes a check-in revision at `version`. */
export async function updateCheckIn(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof workshopCheckIns.$inferInsert>) {
  return updateAtVersion(db, workshopCheckIns, and(eq(workshopCheckIns.orgId, orgId), eq(workshopCheckIns.id, id)), version, changes);
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

/** Changes a pre-inspection item at `version`. */
export async function updateItem(db: Db, orgId: string, ticketId: string, id: string, version: number, changes: Partial<typeof workshopPreInspectionItems.$inferInsert>) {
  return updateAtVersion(
    db,
    workshopPreInspectionItems,
    and(eq(workshopPreInspectionItems.orgId, orgId), eq(workshopPreInspectionItems.ticketId, ticketId), eq(workshopPreInspectionItems.id, id)),
    version,
    changes,
  );
}

/**
 * A6: marks the items explained at delivery. Not a change at a version the caller read: each
 * item's version moves on, so an edit based on what was shown before the explanation is stale.
 */
export async function markExplained(db: Db, orgId: string, ticketId: string, ids: string[], at: Date) {
  if (ids.length === 0) return;
  await db
    .update(workshopPreInspectionItems)
    .set({ explainedAt: at, version: sql`${workshopPreInspectionItems.version} + 1` })
    .where(and(eq(workshopPreInspectionItems.orgId, orgId), eq(workshopPreInspectionItems.ticketId, ticketId), inArray(workshopPreInspectionItems.id, ids)));
}
