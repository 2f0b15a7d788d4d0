import { v7 as uuidv7 } from 'uuid';
import {
  FAILED_CONTACT_OUTCOMES,
  RETRY_CONTACT_OUTCOMES,
  type ContactAttemptView,
  type ContactOutcome,
  type TaskKind,
  type TaskView,
} from '../../../shared/contracts/appointments';
import { normalizePhone } from '../../../shared/phone';
import { endOfLocalDay } from '../../../shared/time';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor, Organisation } from '../identity';
import type { TicketService } from '../tickets';
import { formatAddress } from '../customers';
import type { JobService } from '../jobs';
import type { NotifyService } from '../notify';
import * as repo from './appointments.repository';

export interface ContactsOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  tickets: {
    /** The ticket as the actor may see it (NOT_FOUND otherwise). */
    getTicket(actor: Actor, id: string): Promise<{ id: string; number: string; customerId: string; addressId: string | null; customer: { name: string; phones: string[] } }>;
  } & Pick<TicketService, 'recordEvent'>;
  notify: Pick<NotifyService, 'enqueue'>;
  jobs: Pick<JobService, 'enqueue' | 'register'>;
}

export const RETRY_JOB = 'contacts.retry';

function toAttemptView(row: repo.AttemptRow, actorName: string): ContactAttemptView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    outcome: row.outcome as ContactOutcome,
    note: row.note,
    phone: row.phone,
    by: { id: row.actorId, name: actorName },
    at: row.at,
    failedCount: row.failedCount,
    retryAt: row.retryAt,
    clerkNotified: row.clerkNotified,
  };
}

function toTaskView(r: Awaited<ReturnType<typeof repo.findTasks>>[number]): TaskView {
  return {
    id: r.task.id,
    kind: r.task.kind as TaskKind,
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
    dueAt: r.task.dueAt,
    createdAt: r.task.createdAt,
    createdBy: r.task.createdBy ? { id: r.task.createdBy, name: r.createdByName ?? '' } : null,
    doneAt: r.task.doneAt,
    doneBy: r.task.doneBy ? { id: r.task.doneBy, name: r.doneByName ?? '' } : null,
  };
}

/**
 * Calls to a ticket's customer (H5, H6). Every number comes from the organisation's settings:
 * how long until a retry after no answer, and how many failed calls tell the clerk.
 */
export function createContactService(options: ContactsOptions) {
  const { db, clock } = options;

  /**
   * Logs a call and what follows from it, in one transaction with the ticket's event:
   * no answer → a reminder to the caller to try again after the configured minutes (H5);
   * the configured number of failed calls → the clerk is told, once per ticket (H5);
   * a wrong address → a task to correct the customer's record, due the same day (H6).
   */
  async function logAttempt(actor: Actor, ticketId: string, body: { outcome: ContactOutcome; note?: string | null | undefined; phone?: string | null | undefined }): Promise<ContactAttemptView> {
    const ticket = await options.tickets.getTicket(actor, ticketId);
    const org = await options.getOrganisation(actor.orgId);
    const { retryAfterMinutes, maxFailedCalls } = org.settings.contact;
    const now = clock();
    const id = uuidv7();
    const phone = body.phone ? normalizePhone(body.phone) : (ticket.customer.phones[0] ?? null);
    const failed = FAILED_CONTACT_OUTCOMES.includes(body.outcome);
    await db.transaction(async (tx) => {
      // Two calls logged at the same moment count one after the other.
      await repo.lockTicketAttempts(tx, actor.orgId, ticketId);
      const failedCount = (await repo.countFailedAttempts(tx, actor.orgId, ticketId, FAILED_CONTACT_OUTCOMES)) + (failed ? 1 : 0);
      const reachedLimit = failed && failedCount >= maxFailedCalls;
      const base = { ticketId, ticketNumber: ticket.number, customerName: ticket.customer.name, phone };
      let clerkNotified = false;
      if (reachedLimit) {
        clerkNotified = await options.notify.enqueue(tx, {
          orgId: actor.orgId,
          topic: 'contact.unreachable',
          recipient: 'role:dispatcher',
          payload: { ...base, failedCount },
          dedupeKey: `contact:${ticketId}:unreachable`,
        });
      }
      // Once the clerk has it, the technician stops being reminded.
      const retryAt = RETRY_CONTACT_OUTCOMES.includes(body.outcome) && !reachedLimit ? new Date(now.getTime() + retryAfterMinutes * 60_000) : null;
      await repo.insertAttempt(tx, {
        orgId: actor.orgId,
        id,
        ticketId,
        customerId: ticket.customerId,
        outcome: body.outcome,
        note: body.note ?? null,
        phone,
        actorId: actor.userId,
        at: now,
        failedCount,
        retryAt,
        clerkNotified,
      });
      if (retryAt) {
        await options.jobs.enqueue(tx, { orgId: actor.orgId, kind: RETRY_JOB, runAt: retryAt, payload: { attemptId: id, ...base } });
      }
      let taskId: string | undefined;
      if (body.outcome === 'wrong_address') {
        taskId = await repo.insertTask(tx, {
          orgId: actor.orgId,
          id: uuidv7(),
          kind: 'correct_address',
          ticketId,
          customerId: ticket.customerId,
          addressId: ticket.addressId,
          note: body.note ?? null,
          dueAt: endOfLocalDay(now, org.timeZone),
          createdAt: now,
          createdBy: actor.userId,
        });
        if (taskId) {
          await options.notify.enqueue(tx, { orgId: actor.orgId, topic: 'contact.wrong_address', recipient: 'role:dispatcher', payload: { ...base, taskId }, dedupeKey: `task:${taskId}` });
        }
      }
      // A log beside the ticket, not a change of it: its version stays where the caller saw it.
      await options.tickets.recordEvent(
        tx,
        actor,
        ticketId,
        {
          type: 'contact_attempt',
          details: {
            attemptId: id,
            outcome: body.outcome,
            ...(body.note ? { note: body.note } : {}),
            failedCount,
            ...(retryAt ? { retryAt: retryAt.toISOString() } : {}),
            ...(clerkNotified ? { clerkNotified } : {}),
            ...(taskId ? { taskId } : {}),
          },
        },
        now,
        { touch: false },
      );
    });
    const [row] = (await repo.findAttempts(db, actor.orgId, ticketId)).filter((r) => r.attempt.id === id);
    return toAttemptView(row!.attempt, row!.actorName);
  }

  /** When a retry falls due: remind the caller, unless someone has called the customer since. */
  options.jobs.register(RETRY_JOB, async ({ job }) => {
    const orgId = job.orgId!;
    const payload = job.payload as { attemptId: string; ticketId: string; ticketNumber: string; customerName: string; phone: string | null };
    return db.transaction(async (tx) => {
      const attempt = await repo.findAttempt(tx, orgId, payload.attemptId);
      if (!attempt || (await repo.attemptedSince(tx, orgId, attempt.ticketId, attempt.at))) return { sent: false };
      const sent = await options.notify.enqueue(tx, {
        orgId,
        topic: 'contact.retry',
        recipient: `user:${attempt.actorId}`,
        payload: { ...payload, lastAttemptAt: attempt.at.toISOString(), failedCount: attempt.failedCount },
        dedupeKey: `contact:retry:${attempt.id}`,
      });
      return { sent };
    });
  });

  async function listAttempts(actor: Actor, ticketId: string): Promise<ContactAttemptView[]> {
    await options.tickets.getTicket(actor, ticketId);
    return (await repo.findAttempts(db, actor.orgId, ticketId)).map((r) => toAttemptView(r.attempt, r.actorName));
  }

  async function listTasks(actor: Actor, query: { status: 'open' | 'done'; kind?: TaskKind | undefined }): Promise<TaskView[]> {
    return (await repo.findTasks(db, actor.orgId, { open: query.status === 'open', kind: query.kind, limit: 500 })).map(toTaskView);
  }

  async function completeTask(actor: Actor, id: string): Promise<TaskView> {
    const done = await repo.markTaskDone(db, actor.orgId, id, actor.userId, clock());
    if (!done && !(await repo.taskExists(db, actor.orgId, id))) throw new AppError('NOT_FOUND');
    const [row] = await repo.findTasks(db, actor.orgId, { open: false, ids: [id], limit: 1 });
    if (!row) throw new AppError('NOT_FOUND');
    return toTaskView(row);
  }

  return { logAttempt, listAttempts, listTasks, completeTask };
}

export type ContactService = ReturnType<typeof createContactService>;
