import { v7 as uuidv7 } from 'uuid';
import type { DeliveryBody, QcBody } from '../../../shared/contracts/workshop';
import type { TicketAction } from '../../../shared/domain';
import { nextStep, QC_STAGE, reworkTargets, stageAfter, type StageAction } from '../../../shared/workshop';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, assertVersion, fieldError, invalidReference, versionConflict, type FieldProblem } from '../../errors';
import { TECHNICIAN_ROLES, type Actor } from '../identity';
import type { TransitionGuard } from '../tickets';
import { applies, openWorkshopTicket, settingsOf, workshopEvent, type WorkshopDeps } from './workshop.deps';
import * as repo from './workshop.repository';
import { getState, runState } from './workshop-views';

/*
 * A4 and A6, the car in the shop: its stages in the organisation's order, each started,
 * finished and signed by its team; the final QC that passes the job or sends it back; the
 * adviser's explanation at delivery; and the guard that holds the ticket's lifecycle to them.
 */

/** Roles that may sign any stage; otherwise only its named team lead or the job's lead technician. */
const SIGNING_ROLES = new Set(['admin', 'supervisor', 'qc_inspector']);
/** Who can be named a stage's team lead: a technician, or the QC inspector who leads the final stage. */
const LEAD_ROLES = new Set<string>([...TECHNICIAN_ROLES, 'qc_inspector']);

const stageOrder = (expected: { stage: string; action: StageAction } | null, stage: string, action: StageAction) =>
  new AppError('STAGE_OUT_OF_ORDER', {
    detail: expected ? 'errors.detail.stageOrder' : 'errors.detail.stagesDone',
    extensions: { stage, action, expected },
  });

// --- stages (A4) -------------------------------------------------------------------------------

/** Loads the job for a stage action, checking order, the ticket's state and `If-Match`. */
async function jobFor(deps: WorkshopDeps, tx: Db, actor: Actor, ticketId: string, version: number | null, stage: string, action: StageAction, now: Date, anyStep = false) {
  const ticket = await openWorkshopTicket(deps, tx, actor, ticketId);
  if (ticket.status !== 'in_progress') {
    throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.workshopNotInProgress', extensions: { ticketStatus: ticket.status } });
  }
  const checkIns = await repo.findCheckIns(tx, actor.orgId, ticketId);
  if (!checkIns.some((c) => c.status === 'signed')) {
    throw new AppError('STAGE_OUT_OF_ORDER', { detail: 'errors.detail.checkInFirst', extensions: { stage, action } });
  }
  let job = await repo.findJob(tx, actor.orgId, ticketId);
  if (version !== null) assertVersion(job?.version ?? 0, version);
  if (!job) {
    const { plan } = await settingsOf(deps, actor.orgId, tx);
    job = await repo.insertJob(tx, { orgId: actor.orgId, ticketId, plan, currentStage: plan[0]!, round: 1, createdAt: now, updatedAt: now });
    // Another request made the job between our read and our write.
    if (!job) throw versionConflict(1, version ?? undefined);
  }
  // `passStages` takes whatever step comes next, and reads the runs itself.
  if (anyStep) return { ticket, job, run: undefined };
  const runs = await repo.findRuns(tx, actor.orgId, ticketId);
  const expected = nextStep(job, runs.map(runState));
  if (!expected || expected.stage !== stage || expected.action !== action) throw stageOrder(expected, stage, action);
  const run = runs.find((r) => r.stage === stage && r.round === job.round);
  return { ticket, job, run };
}

/** Changes the job at the version it was read at: every step moves the job's version on. */
async function saveJob(tx: Db, actor: Actor, job: repo.JobRow, changes: Partial<repo.JobRow>, now: Date) {
  return savedOrThrow(await repo.updateJob(tx, actor.orgId, job.ticketId, job.version, { ...changes, updatedAt: now }), job.version);
}

export async function startStage(deps: WorkshopDeps, actor: Actor, ticketId: string, stage: string, version: number, input: { teamLeadId?: string | null; note?: string | null }) {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { job } = await jobFor(deps, tx, actor, ticketId, version, stage, 'start', now);
    if (input.teamLeadId) {
      const lead = await deps.staff.findPerson(actor.orgId, input.teamLeadId, tx);
      if (!lead || !lead.active || !LEAD_ROLES.has(lead.role)) throw invalidReference('body.teamLeadId', 'errors.detail.teamLeadNotFound');
    }
    await repo.insertRun(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      ticketId,
      stage,
      round: job.round,
      status: 'in_progress',
      teamLeadId: input.teamLeadId ?? null,
      startedAt: now,
      startedBy: actor.userId,
      note: input.note ?? null,
    });
    await saveJob(tx, actor, job, {}, now);
    await workshopEvent(deps, tx, actor, ticketId, { kind: 'stage_started', stage, round: job.round }, now);
    return getState(deps, actor, ticketId, tx);
  });
}

export async function finishStage(deps: WorkshopDeps, actor: Actor, ticketId: string, stage: string, version: number, note: string | null) {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { job, run } = await jobFor(deps, tx, actor, ticketId, version, stage, 'finish', now);
    await repo.updateRun(tx, actor.orgId, run!.id, { status: 'finished', finishedAt: now, finishedBy: actor.userId, ...(note ? { note } : {}) });
    await saveJob(tx, actor, job, {}, now);
    await workshopEvent(deps, tx, actor, ticketId, { kind: 'stage_finished', stage, round: job.round }, now);
    return getState(deps, actor, ticketId, tx);
  });
}

/** A4: each team lead signs their stage; a supervisor or QC inspector may sign any. */
export async function signStage(deps: WorkshopDeps, actor: Actor, ticketId: string, stage: string, version: number, note: string | null) {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { ticket, job, run } = await jobFor(deps, tx, actor, ticketId, version, stage, 'sign', now);
    const mayAll = SIGNING_ROLES.has(actor.role);
    if (!mayAll && actor.userId !== run!.teamLeadId && actor.userId !== ticket.assigneeId) {
      throw new AppError('FORBIDDEN', { detail: 'errors.detail.notTeamLead' });
    }
    await repo.updateRun(tx, actor.orgId, run!.id, { status: 'signed', signedAt: now, signedBy: actor.userId, ...(note ? { note } : {}) });
    const next = stageAfter(job.plan, stage);
    await saveJob(tx, actor, job, { currentStage: next }, now);
    await workshopEvent(deps, tx, actor, ticketId, { kind: 'stage_signed', stage, round: job.round, next }, now);
    return getState(deps, actor, ticketId, tx);
  });
}

/**
 * A4: final QC. A pass lets the job complete; a failure records why, sends the job back to
 * the stage it names (every stage from there is done again) and counts a rework on the ticket.
 */
export async function recordQc(deps: WorkshopDeps, actor: Actor, ticketId: string, version: number, input: QcBody) {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { job, run } = await jobFor(deps, tx, actor, ticketId, version, QC_STAGE, 'qc', now);
    if (input.result === 'pass') {
      await repo.updateRun(tx, actor.orgId, run!.id, { status: 'passed', result: 'pass', finishedAt: now, finishedBy: actor.userId, signedAt: now, signedBy: actor.userId, reason: input.reason ?? null });
      await saveJob(tx, actor, job, { currentStage: null, qcPassedAt: now, qcPassedBy: actor.userId }, now);
      await workshopEvent(deps, tx, actor, ticketId, { kind: 'qc_passed', round: job.round }, now);
      return getState(deps, actor, ticketId, tx);
    }
    const fields: FieldProblem[] = [];
    if (!input.reason) fields.push({ field: 'body.reason', code: 'required', message: 'workshop.validation.qcReason' });
    const targets = reworkTargets(job.plan);
    if (targets.length && (!input.backTo || !targets.includes(input.backTo))) {
      fields.push({ field: 'body.backTo', code: 'invalid', message: 'workshop.validation.backTo' });
    }
    if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
    const backTo = targets.length ? input.backTo! : QC_STAGE;
    await repo.updateRun(tx, actor.orgId, run!.id, {
      status: 'failed',
      result: 'fail',
      reason: input.reason!,
      backTo,
      finishedAt: now,
      finishedBy: actor.userId,
      signedAt: now,
      signedBy: actor.userId,
    });
    await saveJob(tx, actor, job, { currentStage: backTo, round: job.round + 1 }, now);
    await deps.tickets.recordRework(tx, actor, ticketId, { source: 'workshop_qc', round: job.round, reason: input.reason!, backTo }, now);
    return getState(deps, actor, ticketId, tx);
  });
}

/**
 * A4 for loading a history (the demo data): every stage still to do started, finished and
 * signed in turn, then a passing QC, all by the actor at one instant and in one transaction:
 * what `startStage`, `finishStage`, `signStage` and `recordQc` write one after the other, with
 * the same checks, without reading the job, its runs and its state back after every step.
 * Answers how many steps were taken; refuses what the first of them would refuse.
 */
export async function passStages(deps: WorkshopDeps, actor: Actor, ticketId: string): Promise<number> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { ticket, job: opened } = await jobFor(deps, tx, actor, ticketId, null, '', 'start', now, true);
    let job = opened;
    const runs = (await repo.findRuns(tx, actor.orgId, ticketId)).map((r) => ({ id: r.id, stage: r.stage, round: r.round, status: r.status, teamLeadId: r.teamLeadId }));
    let steps = 0;
    for (let next = nextStep(job, runs); next; next = nextStep(job, runs), steps++) {
      const { stage, action } = next;
      const run = runs.find((r) => r.stage === stage && r.round === job.round);
      const round = job.round;
      if (action === 'start') {
        const id = uuidv7();
        await repo.insertRun(tx, { orgId: actor.orgId, id, ticketId, stage, round, status: 'in_progress', teamLeadId: null, startedAt: now, startedBy: actor.userId, note: null });
        runs.push({ id, stage, round, status: 'in_progress', teamLeadId: null });
        job = await saveJob(tx, actor, job, {}, now);
        await workshopEvent(deps, tx, actor, ticketId, { kind: 'stage_started', stage, round }, now);
      } else if (action === 'finish') {
        await repo.updateRun(tx, actor.orgId, run!.id, { status: 'finished', finishedAt: now, finishedBy: actor.userId });
        run!.status = 'finished';
        job = await saveJob(tx, actor, job, {}, now);
        await workshopEvent(deps, tx, actor, ticketId, { kind: 'stage_finished', stage, round }, now);
      } else if (action === 'sign') {
        if (!SIGNING_ROLES.has(actor.role) && actor.userId !== run!.teamLeadId && actor.userId !== ticket.assigneeId) {
          throw new AppError('FORBIDDEN', { detail: 'errors.detail.notTeamLead' });
        }
        await repo.updateRun(tx, actor.orgId, run!.id, { status: 'signed', signedAt: now, signedBy: actor.userId });
        run!.status = 'signed';
        const after = stageAfter(job.plan, stage);
        job = await saveJob(tx, actor, job, { currentStage: after }, now);
        await workshopEvent(deps, tx, actor, ticketId, { kind: 'stage_signed', stage, round, next: after }, now);
      } else {
        await repo.updateRun(tx, actor.orgId, run!.id, { status: 'passed', result: 'pass', finishedAt: now, finishedBy: actor.userId, signedAt: now, signedBy: actor.userId, reason: null });
        run!.status = 'passed';
        job = await saveJob(tx, actor, job, { currentStage: null, qcPassedAt: now, qcPassedBy: actor.userId }, now);
        await workshopEvent(deps, tx, actor, ticketId, { kind: 'qc_passed', round }, now);
      }
    }
    return steps;
  });
}

// --- delivery (A6) ---------------------------------------------------------------------------

/** A6: at delivery the adviser explains each approved item and its cost; every one must be covered. */
export async function explainDelivery(deps: WorkshopDeps, actor: Actor, ticketId: string, version: number, input: DeliveryBody) {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await openWorkshopTicket(deps, tx, actor, ticketId);
    const job = await repo.findJob(tx, actor.orgId, ticketId);
    if (!job?.qcPassedAt) throw new AppError('QC_NOT_PASSED', { detail: 'errors.detail.qcNotPassed' });
    assertVersion(job.version, version);
    const items = await repo.findItems(tx, actor.orgId, ticketId);
    const ids = new Set(items.map((i) => i.id));
    const unknown = input.explainedItemIds.findIndex((id) => !ids.has(id));
    if (unknown >= 0) throw invalidReference(`body.explainedItemIds.${unknown}`, 'errors.detail.itemNotFound');
    const approved = items.filter((i) => i.customerApproved === true);
    const unexplained = approved.filter((i) => !input.explainedItemIds.includes(i.id));
    if (unexplained.length) {
      throw fieldError('body.explainedItemIds', 'workshop.validation.explainEveryItem', { code: 'incomplete', params: { items: unexplained.map((i) => i.recommendedWork).join(', ') } });
    }
    await repo.markExplained(tx, actor.orgId, ticketId, input.explainedItemIds, now);
    await saveJob(tx, actor, job, { deliveryExplainedAt: now, deliveryExplainedBy: actor.userId, deliveryNote: input.note ?? null }, now);
    const totalFen = approved.reduce((sum, i) => sum + (i.estimatedCostFen ?? 0), 0);
    await workshopEvent(deps, tx, actor, ticketId, { kind: 'delivery_explained', items: input.explainedItemIds.length, totalFen }, now);
    return getState(deps, actor, ticketId, tx);
  });
}

// --- the ticket's lifecycle --------------------------------------------------------------------

/**
 * Registered on the tickets module's transitions (see workshop.service.ts), run inside each
 * one's transaction. A4: a workshop job completes only after QC passed, and a reopened one
 * returns to QC. A6: it is handed back (closed after completion) only once the adviser has
 * explained the work.
 */
export async function guardLifecycle(deps: WorkshopDeps, tx: Db, actor: Actor, row: Parameters<TransitionGuard>[2], action: TicketAction): Promise<void> {
  if (row.type !== 'workshop' || !row.assetId) return;
  const ticket = await deps.tickets.findVisible(tx, actor, row.id);
  if (!ticket || !applies(ticket)) return;
  const job = await repo.findJob(tx, actor.orgId, ticket.id);
  switch (action) {
    case 'complete':
      if (!job?.qcPassedAt || job.currentStage !== null) {
        throw new AppError('QC_NOT_PASSED', { detail: 'errors.detail.qcNotPassed', extensions: { currentStage: job?.currentStage ?? null } });
      }
      return;
    case 'close':
      // The status as the lifecycle holds it (the row it locked), not as last written.
      if (row.status === 'completed' && job && !job.deliveryExplainedAt) {
        throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.deliveryNotExplained' });
      }
      return;
    case 'reopen':
      if (job) {
        const back = { currentStage: QC_STAGE, round: job.round + 1, qcPassedAt: null, qcPassedBy: null, deliveryExplainedAt: null, deliveryExplainedBy: null };
        await saveJob(tx, actor, job, back, deps.clock());
      }
      return;
    default:
      return;
  }
}
