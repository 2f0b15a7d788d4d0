import { v7 as uuidv7 } from 'uuid';
import { FAILED_CONTACT_OUTCOMES, RETRY_CONTACT_OUTCOMES, type ContactAttemptView, type ContactOutcome } from '../../../shared/contracts/appointments';
import { normalizePhone } from '../../../shared/phone';
import { endOfLocalDay } from '../../../shared/time';
import type { Actor } from '../identity';
import type { JobRow } from '../jobs';
import * as repo from './care.repository';
import type { CareDeps } from './care.deps';

/** The job that reminds a caller to try again; the name is stored with queued jobs, so it stays. */
export const RETRY_JOB = 'contacts.retry';

type RetryPayload = {
  attemptId: string;
  ticketId: string;
  ticketNumber: string;
  customerName: string;
  phone: string | null;
};

function toAttemptView(row: repo.AttemptRow, actorName: string): ContactAttemptView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    outcome: row.outcome,
    note: row.note,
    phone: row.phone,
    by: { id: row.actorId, name: actorName },
    at: row.at,
    failedCount: row.failedCount,
    retryAt: row.retryAt,
    clerkNotified: row.clerkNotified,
  };
}

/**
 * Logs a call to a ticket's customer and what follows from it, in one transaction with the
 * ticket's event. Every number comes from the organisation's settings:
 * no answer → a reminder to the caller to try again after the configured minutes (H5);
 * the configured number of failed calls → the clerk is told, once per ticket (H5);
 * a wrong address → a task to correct the customer's record, due the same day (H6).
 */
export async function logAttempt(
  deps: CareDeps,
  actor: Actor,
  ticketId: string,
  body: { outcome: ContactOutcome; note?: string | null | undefined; phone?: string | null | undefined },
): Promise<ContactAttemptView> {
  const { db } = deps;
  const ticket = await deps.tickets.getTicket(actor, ticketId);
  const org = await deps.getOrganisation(actor.orgId);
  const { retryAfterMinutes, maxFailedCalls } = org.settings.contact;
  const now = deps.clock();
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
      clerkNotified = await deps.notify.enqueue(tx, {
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
      const payload: RetryPayload = { attemptId: id, ...base };
      await deps.jobs.enqueue(tx, { orgId: actor.orgId, kind: RETRY_JOB, runAt: retryAt, payload });
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
        await deps.notify.enqueue(tx, { orgId: actor.orgId, topic: 'contact.wrong_address', recipient: 'role:dispatcher', payload: { ...base, taskId }, dedupeKey: `task:${taskId}` });
      }
    }
    // A log beside the ticket, not a change of it: its version stays where the caller saw it.
    await deps.tickets.recordEvent(
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

/** When a retry falls due (the RETRY_JOB): remind the caller, unless someone has called the customer since. */
export async function remindToRetry(deps: CareDeps, job: JobRow): Promise<{ sent: boolean }> {
  const orgId = job.orgId!;
  const payload = job.payload as RetryPayload;
  return deps.db.transaction(async (tx) => {
    const attempt = await repo.findAttempt(tx, orgId, payload.attemptId);
    if (!attempt || (await repo.attemptedSince(tx, orgId, attempt.ticketId, attempt.at))) return { sent: false };
    const sent = await deps.notify.enqueue(tx, {
      orgId,
      topic: 'contact.retry',
      recipient: `user:${attempt.actorId}`,
      payload: { ...payload, lastAttemptAt: attempt.at.toISOString(), failedCount: attempt.failedCount },
      dedupeKey: `contact:retry:${attempt.id}`,
    });
    return { sent };
  });
}

/** The calls about a ticket the caller may see, newest first. */
export async function listAttempts(deps: CareDeps, actor: Actor, ticketId: string): Promise<ContactAttemptView[]> {
  await deps.tickets.getTicket(actor, ticketId);
  return (await repo.findAttempts(deps.db, actor.orgId, ticketId)).map((r) => toAttemptView(r.attempt, r.actorName));
}
