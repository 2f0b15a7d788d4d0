import type { Actor } from '../identity';
import type { CareDeps } from './care.deps';
import { listAttempts, logAttempt, remindToRetry, RETRY_JOB } from './contact-attempts';
import { completeTask, listTasks, raiseTaskInTx } from './follow-up-tasks';
import type { Db } from '../../db/client';

/**
 * The care module's public face: calls to a ticket's customer (H5, H6) and the follow-up tasks
 * they raise, each use case in its own file. Callbacks, surveys, complaints and reminders to
 * customers are care's too, and join here as they come.
 */
export function createCareService(deps: CareDeps) {
  deps.jobs.register(RETRY_JOB, ({ job }) => remindToRetry(deps, job));

  return {
    logAttempt: (actor: Actor, ticketId: string, body: Parameters<typeof logAttempt>[3]) => logAttempt(deps, actor, ticketId, body),
    listAttempts: (actor: Actor, ticketId: string) => listAttempts(deps, actor, ticketId),
    listTasks: (actor: Actor, query: Parameters<typeof listTasks>[2]) => listTasks(deps, actor, query),
    completeTask: (actor: Actor, id: string) => completeTask(deps, actor, id),
    /** A task for people of a role, raised in the caller's transaction (the low rating of a ticket). */
    raiseTaskInTx: (tx: Db, actor: Actor, task: Parameters<typeof raiseTaskInTx>[3], now: Date) => raiseTaskInTx(deps, tx, actor, task, now),
  };
}

export type CareService = ReturnType<typeof createCareService>;
