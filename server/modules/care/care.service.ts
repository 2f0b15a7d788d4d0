import type { Actor } from '../identity';
import type { CareDeps } from './care.deps';
import { listAttempts, logAttempt, remindToRetry, RETRY_JOB } from './contact-attempts';
import { completeTask, listTasks, raiseTaskInTx } from './follow-up-tasks';
import type { Db } from '../../db/client';
import { assetMaintenance, raiseMaintenanceReminders, recordClosedInspection, recordMaintenance, recordPatrol, REMINDERS_JOB, scheduleReminders } from './maintenance';

/**
 * The care module's public face: calls to a ticket's customer (H5, H6) and the follow-up tasks
 * they raise, each use case in its own file. Callbacks, surveys, complaints and reminders to
 * customers are care's too, and join here as they come.
 */
export function createCareService(deps: CareDeps) {
  deps.jobs.register(RETRY_JOB, ({ job }) => remindToRetry(deps, job));
  // E4: a closed inspection ticket on an asset is an inspection done, in the close's transaction.
  deps.tickets.onEvent((tx, recorded) => recordClosedInspection(deps, tx, recorded));
  // W2, A1: the daily run raises the reminders of what falls due, then queues the next run.
  deps.jobs.register(REMINDERS_JOB, async ({ job }) => {
    if (!job.orgId) return { raised: 0 };
    const orgId = job.orgId;
    const result = await raiseMaintenanceReminders(deps, orgId);
    await deps.db.transaction((tx) => scheduleReminders(deps, tx, orgId));
    return result;
  });

  return {
    logAttempt: (actor: Actor, ticketId: string, body: Parameters<typeof logAttempt>[3]) => logAttempt(deps, actor, ticketId, body),
    listAttempts: (actor: Actor, ticketId: string) => listAttempts(deps, actor, ticketId),
    listTasks: (actor: Actor, query: Parameters<typeof listTasks>[2]) => listTasks(deps, actor, query),
    completeTask: (actor: Actor, id: string) => completeTask(deps, actor, id),
    /** A task for people of a role, raised in the caller's transaction (the low rating of a ticket). */
    raiseTaskInTx: (tx: Db, actor: Actor, task: Parameters<typeof raiseTaskInTx>[3], now: Date) => raiseTaskInTx(deps, tx, actor, task, now),
    /** W2, E4: an asset's plan items and maintenance history; recording maintenance done; a site's patrol. */
    assetMaintenance: (actor: Actor, assetId: string) => assetMaintenance(deps, actor, assetId),
    recordMaintenance: (actor: Actor, assetId: string, body: Parameters<typeof recordMaintenance>[3]) => recordMaintenance(deps, actor, assetId, body),
    recordPatrol: (actor: Actor, siteId: string, body: Parameters<typeof recordPatrol>[3]) => recordPatrol(deps, actor, siteId, body),
    /** W2, A1: raise the reminders of what falls due now (the daily job's work). */
    raiseMaintenanceReminders: (orgId: string) => raiseMaintenanceReminders(deps, orgId),
    /** Queues the organisation's daily reminder run, unless one is waiting. */
    scheduleMaintenanceReminders: (orgId: string) => deps.db.transaction((tx) => scheduleReminders(deps, tx, orgId)),
  };
}

export type CareService = ReturnType<typeof createCareService>;
