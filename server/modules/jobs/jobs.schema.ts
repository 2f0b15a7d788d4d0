import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from '../../db/columns';

/**
 * Durable background work. Any server process claims a due job with FOR UPDATE SKIP LOCKED;
 * a process that dies mid-job lets its lease run out and another takes the job over.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id'),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull().default({}),
    /** queued → running → done | failed */
    status: text('status').notNull().default('queued'),
    runAt: instant('run_at').notNull(),
    leaseUntil: instant('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    progressDone: integer('progress_done').notNull().default(0),
    progressTotal: integer('progress_total'),
    /** Where a job that works in batches continues after a restart. */
    cursor: text('cursor'),
    result: jsonb('result'),
    error: text('error'),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
  },
  (t) => [index('jobs_due_idx').on(t.status, t.runAt).where(sql`status in ('queued', 'running')`), index('jobs_org_kind_idx').on(t.orgId, t.kind, t.createdAt)],
);
