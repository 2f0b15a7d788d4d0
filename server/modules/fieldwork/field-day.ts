import { v7 as uuidv7 } from 'uuid';
import type { FieldStepBody, WaitReason } from '../../../shared/contracts/fieldwork';
import type { HoldReason } from '../../../shared/domain';
import { t } from '../../../shared/i18n';
import { AppError } from '../../errors';
import { isExternal, type Actor } from '../identity';
import * as repo from './fieldwork.repository';
import { assertOnCrew, ticketFor, type FieldworkDeps } from './fieldwork.deps';
import { nextSteps, recordableSteps, type Step } from './time-entries';
import { entryView, rederive, toStep } from './timesheets';

/*
 * A technician's day on a job: the steps they record (depart, arrive, start, wait, resume,
 * travel back, back), what each implies for the ticket, and their view of the job.
 */

/** A wait on site puts the ticket on hold for the matching reason, so SLA pauses follow policy. */
const HOLD_FOR_WAIT: Record<WaitReason, HoldReason> = {
  waiting_goods: 'waiting_parts',
  customer: 'waiting_customer',
  force_majeure: 'other',
  other: 'other',
};

/** Records a step of a technician's day and what it implies for the ticket. */
export async function recordStep(deps: FieldworkDeps, actor: Actor, ticketId: string, body: FieldStepBody) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const ticket = await ticketFor(deps, tx, actor, ticketId);
    await assertOnCrew(deps, tx, actor, ticketId);
    if (body.kind === 'finish') {
      // Finishing comes with the work report and the customer's signature.
      throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: 'work report' } });
    }
    const steps = (await repo.findSteps(tx, actor.orgId, ticketId, actor.userId)).map(toStep);
    const allowed = recordableSteps(steps, await repo.hasWorkReport(tx, actor.orgId, ticketId));
    if (!allowed.includes(body.kind)) {
      throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: allowed.join(', ') }, extensions: { allowed } });
    }
    await repo.insertStep(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      ticketId,
      userId: actor.userId,
      kind: body.kind,
      at: now,
      transport: body.transport ?? null,
      waitReason: body.waitReason ?? null,
      latitude: body.latitude ?? null,
      longitude: body.longitude ?? null,
      accuracyM: body.accuracyM ?? null,
      note: body.note ?? null,
    });
    // The ticket follows the lead's day: work started, on hold while waiting, resumed.
    if (body.kind === 'start' && ticket.status === 'dispatched') await deps.tickets.transitionInTx(tx, actor, ticketId, { action: 'start' }, now);
    if (body.kind === 'wait' && ticket.status === 'in_progress') {
      await deps.tickets.transitionInTx(
        tx,
        actor,
        ticketId,
        { action: 'hold', holdReason: HOLD_FOR_WAIT[body.waitReason!], reason: body.note || t(actor.locale ?? 'zh-CN', `enum.waitReason.${body.waitReason!}`) },
        now,
      );
    }
    if (body.kind === 'resume' && ticket.status === 'on_hold') await deps.tickets.transitionInTx(tx, actor, ticketId, { action: 'resume' }, now);
    const details = {
      kind: body.kind,
      ...(body.transport ? { transport: body.transport } : {}),
      ...(body.waitReason ? { waitReason: body.waitReason } : {}),
      ...(body.note !== undefined ? { note: body.note } : {}),
      ...(body.latitude !== undefined ? { location: [body.latitude ?? null, body.longitude ?? null] as [number | null, number | null] } : {}),
    };
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'field_step', details }, now, { touch: true });
    await rederive(tx, actor.orgId, ticketId, actor.userId);
  });
  return dayOf(deps, actor, ticketId);
}

/** The technician's view of a job: their steps, what may come next, the report and hours. */
export async function dayOf(deps: FieldworkDeps, actor: Actor, ticketId: string) {
  const { db } = deps;
  const ticket = await ticketFor(deps, db, actor, ticketId);
  const [steps, report, entries] = await Promise.all([
    repo.findSteps(db, actor.orgId, ticketId, actor.userId),
    repo.findWorkReport(db, actor.orgId, ticketId),
    repo.findTicketEntries(db, actor.orgId, ticketId),
  ]);
  return {
    ticketId,
    status: ticket.status,
    steps: steps.map((s) => ({ id: s.id, kind: s.kind as Step['kind'], at: s.at, transport: s.transport, waitReason: s.waitReason, note: s.note })),
    next: recordableSteps(steps.map(toStep), !!report),
    canFinish: !report && nextSteps(steps.map(toStep)).includes('finish'),
    report: report
      ? {
          faultFound: report.faultFound,
          workDone: report.workDone,
          partsUsed: report.partsUsed,
          instructed: report.instructed,
          deliveryChecklist: report.deliveryChecklist,
          signerName: report.signerName,
          signatureAttachmentId: report.signatureAttachmentId,
          photoAttachmentIds: report.photoAttachmentIds,
          submittedAt: report.submittedAt,
          receivedAt: report.receivedAt,
          // The supervisor's callback (H4) is the organisation's own check on its technician.
          callbackExplained: isExternal(actor) ? null : report.callbackExplained,
          callbackNote: isExternal(actor) ? null : report.callbackNote,
          callbackAt: isExternal(actor) ? null : report.callbackAt,
        }
      : null,
    entries: entries.map((e) => entryView(e, actor)),
  };
}
