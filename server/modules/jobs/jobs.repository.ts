import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client';
import { jobs } from './jobs.schema';

/* The job runner's queries: the `jobs` table, claimed with FOR UPDATE SKIP LOCKED. */

export type JobRow = typeof jobs.$inferSelect;
export type JobInsert = typeof jobs.$inferInsert;

/** A job of this kind and organisation that has not started yet (the one a coalescing enqueue joins). */
export async function findQueuedJobId(db: Db, kind: string, orgId: string | null): Promise<string | undefined> {
  const [waiting] = await queryRows<{ id: string }>(
    db,
    sql`select id from ${jobs} where kind = ${kind} and status = 'queued' and org_id is not distinct from ${orgId} limit 1`,
  );
  return waiting?.id;
}

export async function insertJob(db: Db, row: JobInsert): Promise<void> {
  await db.insert(jobs).values(row);
}

/**
 * Claims the earliest due job, or one whose holder's lease ran out, in one statement: the row is
 * taken with FOR UPDATE SKIP LOCKED, so a process never waits for nor takes a job another is
 * claiming. Answers the claimed job's id.
 */
export async function claimDueJob(db: Db, now: Date, leaseUntil: Date): Promise<string | undefined> {
  const [claimed] = await queryRows<{ id: string }>(
    db,
    sql`update ${jobs} set status = 'running', attempts = attempts + 1, lease_until = ${leaseUntil},
          started_at = coalesce(started_at, ${now})
        where id = (select id from ${jobs}
                    where (status = 'queued' and run_at <= ${now}) or (status = 'running' and lease_until < ${now})
                    order by run_at limit 1 for update skip locked)
        returning id`,
  );
  return claimed?.id;
}

export async function findJob(db: Db, id: string): Promise<JobRow | undefined> {
  const [job] = await db.select().from(jobs).where(eq(jobs.id, id));
  return job;
}

export async function updateJob(db: Db, id: string, changes: Partial<Omit<JobInsert, 'id'>>): Promise<void> {
  await db.update(jobs).set(changes).where(eq(jobs.id, id));
}

export async function findOrgJob(db: Db, orgId: string, id: string): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(and(eq(jobs.id, id), eq(jobs.orgId, orgId)));
  return row;
}

/** The last job of a kind that finished well (a recurring job's latest answer, while its next run waits). */
export async function findLatestDoneJob(db: Db, orgId: string, kind: string): Promise<JobRow | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.orgId, orgId), eq(jobs.kind, kind), eq(jobs.status, 'done')))
    .orderBy(sql`${jobs.finishedAt} desc`)
    .limit(1);
  return row;
}

export async function findLatestJob(db: Db, orgId: string, kind: string): Promise<JobRow | undefined> {
  const [row] = await db.select().from(jobs).where(and(eq(jobs.orgId, orgId), eq(jobs.kind, kind))).orderBy(sql`${jobs.createdAt} desc`).limit(1);
  return row;
}
