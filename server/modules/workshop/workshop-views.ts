import type { CheckInView, PreInspectionItemView, StageRunView, WorkshopView } from '../../../shared/contracts/workshop';
import { nextStep } from '../../../shared/workshop';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import { applies, settingsOf, ticketOf, type WorkshopDeps } from './workshop.deps';
import * as repo from './workshop.repository';

/*
 * The workshop job of a ticket as the API shows it (`shared/contracts/workshop.ts`): every use
 * case answers with it, read in its own transaction so the answer includes the change.
 */

type PersonOf = (id: string | null) => { id: string; name: string } | null;

/** The check-in, pre-inspection, stages and what may happen next (A3, A4). */
export async function getState(deps: WorkshopDeps, actor: Actor, ticketId: string, tx: Db = deps.db): Promise<WorkshopView> {
  const ticket = await ticketOf(deps, tx, actor, ticketId);
  const settings = await settingsOf(deps, actor.orgId, tx);
  const [job, runs, checkIns, items] = await Promise.all([
    repo.findJob(tx, actor.orgId, ticketId),
    repo.findRuns(tx, actor.orgId, ticketId),
    repo.findCheckIns(tx, actor.orgId, ticketId),
    repo.findItems(tx, actor.orgId, ticketId),
  ]);
  const names = await deps.staff.namesOf(
    actor.orgId,
    [
      ...(job ? [job.qcPassedBy, job.deliveryExplainedBy] : []),
      ...runs.flatMap((r) => [r.teamLeadId, r.startedBy, r.finishedBy, r.signedBy]),
      ...checkIns.flatMap((c) => [c.createdBy, c.signedBy]),
      ...items.map((i) => i.recordedBy),
    ],
    tx,
  );
  const person: PersonOf = (id) => (id ? { id, name: names.get(id) ?? '' } : null);
  const jobState = job ?? { plan: settings.plan, currentStage: settings.plan[0] ?? null, round: 1 };
  return {
    ticketId,
    applies: applies(ticket),
    checklistItems: settings.checklist,
    job: {
      plan: jobState.plan,
      currentStage: jobState.currentStage,
      round: jobState.round,
      qcPassedAt: job?.qcPassedAt ?? null,
      qcPassedBy: person(job?.qcPassedBy ?? null),
      deliveryExplainedAt: job?.deliveryExplainedAt ?? null,
      deliveryExplainedBy: person(job?.deliveryExplainedBy ?? null),
      deliveryNote: job?.deliveryNote ?? null,
      version: job?.version ?? 0,
    },
    next: ticket.type === 'workshop' ? nextStep(jobState, runs.map(runState)) : null,
    checkIn: checkIns[0] ? checkInView(checkIns[0], person) : null,
    checkInHistory: checkIns.slice(1).map((c) => checkInView(c, person)),
    preInspection: items.map((i) => itemView(i, person)),
    stages: runs.map((r) => runView(r, person)),
  };
}

/** What the stage order (`nextStep` in shared/workshop.ts) needs of a run. */
export const runState = (r: repo.StageRunRow) => ({ stage: r.stage, round: r.round, status: r.status });

function checkInView(row: repo.CheckInRow, person: PersonOf): CheckInView {
  return {
    id: row.id,
    revision: row.revision,
    status: row.status,
    mileageKm: row.mileageKm,
    fuelLevel: row.fuelLevel,
    checklist: row.checklist,
    damagePoints: row.damagePoints,
    photoIds: row.photoIds,
    valuablesReminded: row.valuablesReminded,
    licenceChecked: row.licenceChecked,
    phoneChecked: row.phoneChecked,
    requests: row.requests,
    remarks: row.remarks,
    signature:
      row.signatureAttachmentId && row.signedAt
        ? { attachmentId: row.signatureAttachmentId, signerName: row.signerName ?? '', signedAt: row.signedAt, collectedBy: person(row.signedBy)! }
        : null,
    correctionReason: row.correctionReason,
    createdBy: person(row.createdBy)!,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

function itemView(row: repo.PreInspectionItemRow, person: PersonOf): PreInspectionItemView {
  return {
    id: row.id,
    finding: row.finding,
    recommendedWork: row.recommendedWork,
    estimatedCostFen: row.estimatedCostFen,
    customerApproved: row.customerApproved,
    decidedAt: row.decidedAt,
    recordedBy: person(row.recordedBy)!,
    recordedAt: row.recordedAt,
    explainedAt: row.explainedAt,
    version: row.version,
  };
}

function runView(row: repo.StageRunRow, person: PersonOf): StageRunView {
  return {
    id: row.id,
    stage: row.stage,
    round: row.round,
    status: row.status,
    teamLead: person(row.teamLeadId),
    startedAt: row.startedAt,
    startedBy: person(row.startedBy)!,
    finishedAt: row.finishedAt,
    finishedBy: person(row.finishedBy),
    signedAt: row.signedAt,
    signedBy: person(row.signedBy),
    result: row.result,
    reason: row.reason,
    backTo: row.backTo,
    note: row.note,
  };
}
