import { v7 as uuidv7 } from 'uuid';
import type { TaskKind, TaskView } from '../../../shared/contracts/appointments';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import { formatAddress } from '../customers';
import * as repo from './care.repository';
import type { CareDeps } from './care.deps';

/*
 * Follow-up work the system raises for people (H6's "correct the customer's address today",
 * raised by a call in contact-attempts.ts), listed until someone marks it done.
 */

function toTaskView(r: repo.TaskDetail): TaskView {
  return {
    id: r.task.id,
    kind: r.task.kind,
    ticket: r.task.ticketId ? { id: r.task.ticketId, number: r.ticketNumber ?? '' } : null,
    customer: { id: r.task.customerId, name: r.customerName },
    addressId: r.task.addressId,
    address:
      r.addressLine === null
        ? null
        : formatAddress({
            province: r.addressProvince,
            city: r.addressCity,
            district: r.addressDistrict,
            line: r.addressLine,
            estate: r.addressEstate,
            building: r.addressBuilding,
            unit: r.addressUnit,
            room: r.addressRoom,
          }),
    note: r.task.note,
    assetId: r.task.assetId,
    maintenanceKind: r.task.maintenanceKind,
    maintenanceDueOn: r.task.maintenanceDueOn,
    dueAt: r.task.dueAt,
    createdAt: r.task.createdAt,
    createdBy: r.task.createdBy ? { id: r.task.createdBy, name: r.createdByName ?? '' } : null,
    doneAt: r.task.doneAt,
    doneBy: r.task.doneBy ? { id: r.task.doneBy, name: r.doneByName ?? '' } : null,
  };
}

/** Open tasks most urgent first, done ones most recent first. */
export async function listTasks(deps: CareDeps, actor: Actor, query: { status: 'open' | 'done'; kind?: TaskKind | undefined }): Promise<TaskView[]> {
  return (await repo.findTasks(deps.db, actor.orgId, { open: query.status === 'open', kind: query.kind, limit: 500 })).map(toTaskView);
}

/** Marks a task done (once: marking it again changes nothing) and answers it. */
export async function completeTask(deps: CareDeps, actor: Actor, id: string): Promise<TaskView> {
  const done = await repo.markTaskDone(deps.db, actor.orgId, id, actor.userId, deps.clock());
  if (!done && !(await repo.taskExists(deps.db, actor.orgId, id))) throw notFound();
  const [row] = await repo.findTasks(deps.db, actor.orgId, { open: false, ids: [id], limit: 1 });
  if (!row) throw notFound();
  return toTaskView(row);
}

/**
 * Raises a task for people of a role, in the caller's transaction (a low rating on the tracking
 * page for the supervisor). One open task per ticket and kind: answers undefined when one is
 * open already. The role is told through the outbox.
 */
export async function raiseTaskInTx(
  deps: CareDeps,
  tx: Db,
  actor: Actor,
  task: { kind: TaskKind; ticketId: string; customerId: string; note: string | null; dueAt: Date; forRole: string; topic: string; payload: Record<string, unknown> },
  now: Date,
): Promise<string | undefined> {
  const id = await repo.insertTask(tx, {
    orgId: actor.orgId,
    id: uuidv7(),
    kind: task.kind,
    ticketId: task.ticketId,
    customerId: task.customerId,
    addressId: null,
    note: task.note,
    dueAt: task.dueAt,
    createdAt: now,
    createdBy: actor.userId,
  });
  if (id) await deps.notify.enqueue(tx, { orgId: actor.orgId, topic: task.topic, recipient: `role:${task.forRole}`, payload: { ...task.payload, taskId: id, ticketId: task.ticketId }, dedupeKey: `task:${id}` });
  return id;
}
