import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client';
import * as repo from './jobs.repository';
import type { JobRow } from './jobs.repository';

export type { JobRow } from './jobs.repository';

export interface JobContext {
  job: JobRow;
  /** Records progress and where to continue, and keeps the lease alive. */
  progress(done: number, total: number | null, cursor?: string | null): Promise<void>;
}

export type JobHandler = (ctx: JobContext) => Promise<unknown>;

export interface JobsOptions {
  db: Db;
  clock: () => Date;
  /** How long a claimed job is this process's before another may take it over. */
  leaseMs?: number;
  maxAttempts?: number;
  log?: (message: string, data?: Record<string, unknown>) => void;
}

/**
 * The durable job runner: rows in `jobs`, claimed with FOR UPDATE SKIP LOCKED so that any
 * number of server processes share the work and each job runs in one of them at a time.
 */
export function createJobService(options: JobsOptions) {
  const { db, clock } = options;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const handlers = new Map<string, JobHandler>();

  function register(kind: string, handler: JobHandler) {
    handlers.set(kind, handler);
  }

  /**
   * Queues a job. With `coalesce`, a job of the same kind and organisation that has not started
   * yet absorbs this one (ten calendar edits in a minute make one recomputation).
   */
  async function enqueue(tx: Db, job: { orgId: string | null; kind: string; payload?: Record<string, unknown>; runAt?: Date; coalesce?: boolean }): Promise<string> {
    const id = uuidv7();
    const runAt = job.runAt ?? clock();
    if (job.coalesce) {
      const waiting = await repo.findQueuedJobId(tx, job.kind, job.orgId);
      if (waiting) return waiting;
    }
    await repo.insertJob(tx, { id, orgId: job.orgId, kind: job.kind, payload: job.payload ?? {}, runAt, status: 'queued' });
    return id;
  }

  /** Claims the next due job (or one whose holder's lease ran out), runs it, records the outcome. */
  async function runOnce(): Promise<JobRow | null> {
    const now = clock();
    const claimed = await repo.claimDueJob(db, now, new Date(now.getTime() + leaseMs));
    if (!claimed) return null;
    const job = await repo.findJob(db, claimed);
    if (!job) return null;
    const handler = handlers.get(job.kind);
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      const result = await handler({
        job,
        progress: async (done, total, cursor) => {
          await repo.updateJob(db, job.id, { progressDone: done, progressTotal: total, ...(cursor !== undefined ? { cursor } : {}), leaseUntil: new Date(clock().getTime() + leaseMs) });
        },
      });
      await repo.updateJob(db, job.id, { status: 'done', finishedAt: clock(), result: (result ?? null) as never, leaseUntil: null });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const failed = job.attempts >= maxAttempts;
      options.log?.('job failed', { kind: job.kind, id: job.id, attempt: job.attempts, error: message });
      await repo.updateJob(db, job.id, {
        status: failed ? 'failed' : 'queued',
        error: message,
        leaseUntil: null,
        // Back off: 2 s, 4 s, 8 s…
        runAt: new Date(clock().getTime() + 1000 * 2 ** job.attempts),
        ...(failed ? { finishedAt: clock() } : {}),
      });
    }
    return job;
  }

  /** Runs due jobs until none is left (tests, and the worker loop). */
  async function drain(limit = 1000): Promise<number> {
    let n = 0;
    while (n < limit && (await runOnce())) n++;
    return n;
  }

  async function get(orgId: string, id: string): Promise<JobRow | undefined> {
    return repo.findOrgJob(db, orgId, id);
  }

  async function latest(orgId: string, kind: string): Promise<JobRow | undefined> {
    return repo.findLatestJob(db, orgId, kind);
  }

  async function latestDone(orgId: string, kind: string): Promise<JobRow | undefined> {
    return repo.findLatestDoneJob(db, orgId, kind);
  }

  return { register, enqueue, runOnce, drain, get, latest, latestDone };
}

export type JobService = ReturnType<typeof createJobService>;
