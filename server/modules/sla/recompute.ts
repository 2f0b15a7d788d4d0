import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { JobService } from '../jobs';
import { refreshTickets } from './clocks';
import type { SlaDeps } from './sla.deps';

/*
 * After a policy, a calendar or the settings behind the template policies change, every open
 * ticket's clocks are recomputed in the background, in batches, with progress: a change does
 * not wait for a hundred thousand tickets, and the breach scanner keeps working meanwhile.
 */

export const RECOMPUTE_JOB = 'sla.recompute';
/** Closed tickets keep their phone-fix callback clocks this long. */
const CLOSED_WINDOW_MS = 7 * 86_400_000;
const BATCH = 500;

/**
 * Queues the recomputation (one waiting job per organisation is enough), in `tx` when the
 * change is being written there, so that the change and its job commit together.
 */
export async function scheduleRecompute(deps: SlaDeps, tx: Db, orgId: string, reason: string): Promise<string> {
  const id = await deps.jobs.enqueue(tx, { orgId, kind: RECOMPUTE_JOB, payload: { reason }, coalesce: true });
  deps.policies.forget(orgId);
  return id;
}

type JobContext = Parameters<Parameters<JobService['register']>[1]>[0];

/** The job: every ticket whose clocks can still change, in batches of one transaction each, resumable at its cursor. */
export async function recomputeOpenTickets(deps: SlaDeps, { job, progress }: JobContext) {
  const { db, clock } = deps;
  const orgId = job.orgId!;
  // What this process read before the change is stale now, wherever the change was made.
  deps.policies.forget(orgId);
  deps.calendars.invalidate(orgId);
  const closedSince = new Date(clock().getTime() - CLOSED_WINDOW_MS);
  const total = await deps.tickets.countOpenTickets(db, orgId, closedSince);
  let done = job.cursor ? job.progressDone : 0;
  let cursor: string | null = job.cursor;
  await progress(done, total, cursor);
  for (;;) {
    const ids = await deps.tickets.findOpenTicketIds(db, orgId, cursor, BATCH, closedSince);
    if (!ids.length) break;
    const now = clock();
    await db.transaction(async (tx) => refreshTickets(deps, tx, orgId, await deps.tickets.historiesOf(tx, orgId, ids), now));
    done += ids.length;
    cursor = ids.at(-1)!;
    await progress(done, total, cursor);
  }
  return { tickets: done };
}

/** Progress of the organisation's latest recomputation, or null if there never was one. */
export async function recomputeStatus(deps: SlaDeps, actor: Actor) {
  const job = await deps.jobs.latest(actor.orgId, RECOMPUTE_JOB);
  if (!job) return null;
  return {
    id: job.id,
    status: job.status,
    done: job.progressDone,
    total: job.progressTotal,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    reason: (job.payload as { reason?: string }).reason ?? null,
  };
}
