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

/**
 * When a step happened. A phone that kept the step while offline sends its own time
 * (`clientAt`): it stands for the step (SLA arrival, hours, pay) if it is not ahead of the
 * server's clock by more than the tolerance setting and not before the technician's previous
 * step on the job. The server's receipt is kept beside it; a gap longer than the offline-gap
 * setting is flagged for a supervisor.
 */
export function stepTime(
  now: Date,
  clientAt: string | undefined,
  previousAt: number | undefined,
  settings: { clientClockToleranceSeconds: number; offlineGapFlagMinutes: number },
): { at: Date; lateMinutes: number; lateFlagged: boolean } {
  if (!clientAt) return { at: now, lateMinutes: 0, lateFlagged: false };
  const client = new Date(clientAt);
  if (client.getTime() > now.getTime() + settings.clientClockToleranceSeconds * 1000) {
    throw new AppError('CLIENT_TIME_IN_FUTURE', { detail: 'errors.detail.clientTimeInFuture', fields: [{ field: 'body.clientAt', code: 'too_big', message: 'errors.detail.clientTimeInFuture' }] });
  }
  if (previousAt !== undefined && client.getTime() < previousAt) {
    throw new AppError('CLIENT_TIME_BEFORE_PREVIOUS', {
      detail: 'errors.detail.clientTimeBeforePrevious',
      fields: [{ field: 'body.clientAt', code: 'too_small', message: 'errors.detail.clientTimeBeforePrevious' }],
      extensions: { previousAt: new Date(previousAt).toISOString() },
    });
  }
  // A phone clock a little ahead of the server's reads as now: a step never happens after it arrived.
  const at = client.getTime() > now.getTime() ? now : client;
  const lateMinutes = Math.floor((now.getTime() - at.getTime()) / 60_000);
  return { at, lateMinutes, lateFlagged: lateMinutes >= settings.offlineGapFlagMinutes };
}

/** A step received this long after the phone's time is noted as recorded offline (shorter is the request's own delay). */
const OFFLINE_NOTE_MS = 5_000;

/** Records a step of a technician's day and what it implies for the ticket. */
export async function recordStep(deps: FieldworkDeps, actor: Actor, ticketId: string, body: FieldStepBody) {
  const received = deps.clock();
  await deps.db.transaction(async (tx) => {
    const ticket = await ticketFor(deps, tx, actor, ticketId);
    await assertOnCrew(deps, tx, actor, ticketId);
    if (body.kind === 'finish') {
      // Finishing comes with the work report and the customer's signature.
      throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: 'work report' } });
    }
    const steps = (await repo.findSteps(tx, actor.orgId, ticketId, actor.userId)).map(toStep);
    // A phone that sent a kept step and lost the answer sends it again: the same step at the same phone time is already recorded.
    if (body.clientAt && steps.some((s) => s.kind === body.kind && s.at === new Date(body.clientAt!).getTime())) return;
    const allowed = recordableSteps(steps, await repo.hasWorkReport(tx, actor.orgId, ticketId));
    if (!allowed.includes(body.kind)) {
      throw new AppError('STEP_NOT_ALLOWED', { detail: 'errors.detail.stepNotAllowed', params: { allowed: allowed.join(', ') }, extensions: { allowed } });
    }
    const org = await deps.getOrganisation(actor.orgId, tx);
    const { at: now, lateMinutes, lateFlagged } = stepTime(received, body.clientAt, steps.at(-1)?.at, org.settings.fieldwork);
    await repo.insertStep(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      ticketId,
      userId: actor.userId,
      kind: body.kind,
      at: now,
      receivedAt: received,
      lateFlagged,
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
      // A step that waited on the phone says so in the history, with when it arrived.
      ...(body.clientAt && received.getTime() - now.getTime() >= OFFLINE_NOTE_MS ? { receivedAt: received.toISOString(), lateMinutes, ...(lateFlagged ? { lateFlagged } : {}) } : {}),
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
    steps: steps.map((s) => ({ id: s.id, kind: s.kind as Step['kind'], at: s.at, receivedAt: s.receivedAt, lateFlagged: s.lateFlagged, transport: s.transport, waitReason: s.waitReason, note: s.note })),
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
