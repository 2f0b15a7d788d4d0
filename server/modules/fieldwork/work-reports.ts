import { v7 as uuidv7 } from 'uuid';
import type { DeliveryCallbackBody, WorkReportBody } from '../../../shared/contracts/fieldwork';
import { INSTRUCTION_ITEMS } from '../../../shared/contracts/fieldwork';
import { AppError, notFound, invalidReference } from '../../errors';
import type { Actor } from '../identity';
import * as repo from './fieldwork.repository';
import { assertOnCrew, ticketFor, type FieldworkDeps } from './fieldwork.deps';
import { dayOf, stepTime } from './field-day';
import { nextSteps } from './time-entries';
import { rederive, toStep } from './timesheets';
import type { Db } from '../../db/client';
import type { TicketRef } from '../tickets';

/** Another module's part of a work report (the parts module consumes the parts used), inside the report's transaction. */
export type WorkReportListener = (tx: Db, actor: Actor, ticket: TicketRef, body: WorkReportBody, at: Date) => Promise<void>;

/*
 * The work report that finishes a job (E10, H8, M6), and for a delivery what follows it: the
 * clerk's receipt and the callback to the user.
 */

/**
 * Completes the job (E10, H8, M6): the report, the customer's signature, the instruction
 * confirmed, the `finish` step, the ticket completed and the time entries derived, in one go.
 */
export async function submitWorkReport(deps: FieldworkDeps, actor: Actor, ticketId: string, body: WorkReportBody, listeners: readonly WorkReportListener[] = []) {
  const received = deps.clock();
  await deps.db.transaction(async (tx) => {
    const ticket = await ticketFor(deps, tx, actor, ticketId);
    await assertOnCrew(deps, tx, actor, ticketId);
    const missingInstruction = INSTRUCTION_ITEMS.filter((i) => !body.instructed.includes(i));
    if (missingInstruction.length) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.instructed', code: 'too_small', message: 'errors.detail.instructionsMissing' }] });
    }
    if (ticket.type === 'delivery') {
      const org = await deps.getOrganisation(actor.orgId, tx);
      const missing = org.settings.delivery.checklist.filter((item) => !(body.deliveryChecklist ?? []).includes(item));
      if (missing.length) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ field: 'body.deliveryChecklist', code: 'too_small', message: 'errors.detail.deliveryChecklistIncomplete', params: { items: missing.join('、') } }],
        });
      }
    }
    for (const [field, id] of [['signatureAttachmentId', body.signatureAttachmentId], ...(body.photoAttachmentIds ?? []).map((p, i) => [`photoAttachmentIds.${i}`, p])] as [string, string | null | undefined][]) {
      if (id && !(await deps.files.onTicket(tx, actor.orgId, id, ticketId))) {
        throw invalidReference(`body.${field}`, 'errors.detail.signatureNotFound');
      }
    }
    const steps = (await repo.findSteps(tx, actor.orgId, ticketId, actor.userId)).map(toStep);
    // A report kept offline and sent again after a lost answer: already in, at the same phone time.
    if (body.clientAt && steps.some((s) => s.kind === 'finish' && s.at === new Date(body.clientAt!).getTime())) return;
    if (!nextSteps(steps).includes('finish')) {
      throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: nextSteps(steps).join(', ') } });
    }
    // A report finished offline carries the phone's time, as a step does (field-day.ts).
    const { settings } = await deps.getOrganisation(actor.orgId, tx);
    const { at: now, lateFlagged } = stepTime(received, body.clientAt, steps.at(-1)?.at, settings.fieldwork);
    await repo.upsertWorkReport(tx, actor.orgId, ticketId, {
      faultFound: body.faultFound,
      workDone: body.workDone,
      partsUsed: body.partsUsed ?? null,
      instructed: body.instructed,
      deliveryChecklist: body.deliveryChecklist ?? null,
      signerName: body.signerName,
      signatureAttachmentId: body.signatureAttachmentId ?? null,
      photoAttachmentIds: body.photoAttachmentIds ?? [],
      submittedBy: actor.userId,
      submittedAt: now,
    });
    // What the report means elsewhere (the parts consumed from the van) commits with it, or nothing does.
    for (const listener of listeners) await listener(tx, actor, ticket, body, now);
    // The job is finished for everyone on it who was still working, not only for whoever reports.
    const crew = await deps.tickets.crewOf(tx, actor.orgId, ticketId);
    const everyone = new Set([actor.userId, ...crew.map((c) => c.id)]);
    for (const userId of everyone) {
      const own = userId === actor.userId ? steps : (await repo.findSteps(tx, actor.orgId, ticketId, userId)).map(toStep);
      if (nextSteps(own).includes('finish')) await repo.insertStep(tx, { orgId: actor.orgId, id: uuidv7(), ticketId, userId, kind: 'finish', at: now, receivedAt: received, lateFlagged });
    }
    if (body.signatureAttachmentId) {
      await repo.insertSignoff(tx, {
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId,
        party: 'customer',
        signerName: body.signerName,
        method: 'drawn',
        attachmentId: body.signatureAttachmentId,
        collectedBy: actor.userId,
        signedAt: now,
      });
    }
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'work_report', details: { signerName: body.signerName, instructed: body.instructed } }, now, { touch: true });
    if (ticket.status === 'on_hold') await deps.tickets.transitionInTx(tx, actor, ticketId, { action: 'resume' }, now);
    if (ticket.status === 'in_progress' || ticket.status === 'on_hold') await deps.tickets.transitionInTx(tx, actor, ticketId, { action: 'complete' }, now);
    // Every crew member's own steps give their own hours.
    for (const userId of everyone) await rederive(tx, actor.orgId, ticketId, userId);
  });
  return dayOf(deps, actor, ticketId);
}

/**
 * M6: the company calls the user after a delivery. "Not explained" cancels the delivery bonus
 * (pay reads `callbackExplained`); a later call may correct an earlier answer, and both stay
 * in the ticket's history.
 */
export async function recordDeliveryCallback(deps: FieldworkDeps, actor: Actor, ticketId: string, body: DeliveryCallbackBody) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const ticket = await ticketFor(deps, tx, actor, ticketId);
    const report = await repo.findWorkReport(tx, actor.orgId, ticketId);
    if (!report || ticket.type !== 'delivery') throw notFound();
    await repo.updateWorkReport(tx, actor.orgId, ticketId, { callbackExplained: body.explained, callbackNote: body.note ?? null, callbackBy: actor.userId, callbackAt: now });
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'delivery_callback', details: { explained: body.explained, ...(body.note ? { note: body.note } : {}) } }, now, { touch: true });
  });
  return dayOf(deps, actor, ticketId);
}

/** M6: the service clerk received the delivery report; the delivery bonus counts from here. */
export async function receiveDeliveryReport(deps: FieldworkDeps, actor: Actor, ticketId: string) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const ticket = await ticketFor(deps, tx, actor, ticketId);
    const report = await repo.findWorkReport(tx, actor.orgId, ticketId);
    if (!report || ticket.type !== 'delivery') throw notFound();
    if (report.receivedAt) return;
    await repo.updateWorkReport(tx, actor.orgId, ticketId, { receivedBy: actor.userId, receivedAt: now });
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'delivery_received', details: {} }, now, { touch: true });
  });
  return dayOf(deps, actor, ticketId);
}
