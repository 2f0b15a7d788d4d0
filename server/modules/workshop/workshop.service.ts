import { v7 as uuidv7 } from 'uuid';
import type {
  CheckInDraftBody,
  CheckInView,
  DeliveryBody,
  PreInspectionItemBody,
  PreInspectionItemView,
  QcBody,
  SignCheckInBody,
  StageRunView,
  UpdatePreInspectionItemBody,
  WorkshopView,
} from '../../../shared/contracts/workshop';
import type { WorkshopEventDetails } from '../../../shared/contracts/ticket-events';
import { FINAL_STATUSES, isIn } from '../../../shared/ticket-lifecycle';
import {
  nextStep,
  QC_STAGE,
  reworkTargets,
  splitKeys,
  stageAfter,
  type CheckInStatus,
  type CheckState,
  type FuelLevel,
  type QcResult,
  type StageAction,
  type StageRunStatus,
} from '../../../shared/workshop';
import type { Db } from '../../db/client';
import { AppError, type FieldProblem } from '../../errors';
import { TECHNICIAN_ROLES, type Actor, type IdentityService, type Organisation } from '../identity';
import type { TicketRef, TicketService } from '../tickets';
import type { FileService } from '../files';
import * as repo from './workshop.repository';

export interface WorkshopOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The workshop writes into the ticket's history and guards its completion and hand-back (A4, A6). */
  tickets: Pick<TicketService, 'findVisible' | 'recordEvent' | 'recordRework' | 'guardTransitions'>;
  files: Pick<FileService, 'attach' | 'get'>;
  /** Names on the records, and who may lead a stage's team. */
  staff: Pick<IdentityService, 'namesOf' | 'findPerson'>;
}

/** What a workshop upload is for: photos of the walk-around, or the customer's signature. */
export type WorkshopFilePurpose = 'checkin_photo' | 'signature';

type Upload = Parameters<FileService['attach']>[2];

/** Roles that may sign any stage; otherwise only its named team lead or the job's lead technician. */
const SIGNING_ROLES = new Set(['admin', 'supervisor', 'qc_inspector']);
/** Who can be named a stage's team lead: a technician, or the QC inspector who leads the final stage. */
const LEAD_ROLES = new Set<string>([...TECHNICIAN_ROLES, 'qc_inspector']);

const stageOrder = (expected: { stage: string; action: StageAction } | null, stage: string, action: StageAction) =>
  new AppError('STAGE_OUT_OF_ORDER', {
    detail: expected ? 'errors.detail.stageOrder' : 'errors.detail.stagesDone',
    extensions: { stage, action, expected },
  });

/** Someone changed it between our read and our write: the same answer as a stale If-Match. */
const versionConflict = (current: number) => new AppError('VERSION_CONFLICT', { extensions: { currentVersion: current } });

function checkVersion(current: number, given: number) {
  if (current !== given) {
    throw new AppError('VERSION_CONFLICT', { detail: 'errors.detail.versionConflict', params: { current, given }, extensions: { currentVersion: current } });
  }
}

export function createWorkshopService(options: WorkshopOptions) {
  const { db, clock, tickets } = options;

  async function ticketOf(tx: Db, actor: Actor, id: string): Promise<TicketRef> {
    const ticket = await tickets.findVisible(tx, actor, id);
    if (!ticket) throw new AppError('NOT_FOUND');
    return ticket;
  }

  /**
   * The reception, stages and QC of A3/A4 are the car workshop's: they apply to a workshop
   * ticket on a vehicle. A watch on the bench is a workshop ticket too, without this flow.
   */
  function applies(ticket: Pick<TicketRef, 'type' | 'assetKind'>): boolean {
    return ticket.type === 'workshop' && ticket.assetKind === 'vehicle';
  }

  /** A workshop event in the ticket's history; it counts as a change of the ticket. */
  const workshopEvent = (tx: Db, actor: Actor, ticketId: string, details: WorkshopEventDetails, now: Date) =>
    tickets.recordEvent(tx, actor, ticketId, { type: 'workshop', details }, now, { touch: true });

  /** Workshop records belong to car workshop tickets that are still open. */
  async function openWorkshopTicket(tx: Db, actor: Actor, id: string): Promise<TicketRef> {
    const ticket = await ticketOf(tx, actor, id);
    if (!applies(ticket)) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.notWorkshop' });
    if (isIn(FINAL_STATUSES, ticket.status)) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.ticketFinished', extensions: { ticketStatus: ticket.status } });
    }
    return ticket;
  }

  async function settingsOf(orgId: string, tx: Db) {
    const org = await options.getOrganisation(orgId, tx);
    return { plan: splitKeys(org.settings.workshop.stagePlan), checklist: splitKeys(org.settings.workshop.checklist) };
  }

  // ---------- views ----------

  async function getState(actor: Actor, ticketId: string, tx: Db = db): Promise<WorkshopView> {
    const ticket = await ticketOf(tx, actor, ticketId);
    const settings = await settingsOf(actor.orgId, tx);
    const [job, runs, checkIns, items] = await Promise.all([
      repo.findJob(tx, actor.orgId, ticketId),
      repo.findRuns(tx, actor.orgId, ticketId),
      repo.findCheckIns(tx, actor.orgId, ticketId),
      repo.findItems(tx, actor.orgId, ticketId),
    ]);
    const names = await options.staff.namesOf(actor.orgId, [
      ...(job ? [job.qcPassedBy, job.deliveryExplainedBy] : []),
      ...runs.flatMap((r) => [r.teamLeadId, r.startedBy, r.finishedBy, r.signedBy]),
      ...checkIns.flatMap((c) => [c.createdBy, c.signedBy]),
      ...items.map((i) => i.recordedBy),
    ], tx);
    const person = (id: string | null) => (id ? { id, name: names.get(id) ?? '' } : null);
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

  type PersonOf = (id: string | null) => { id: string; name: string } | null;

  function checkInView(row: repo.CheckInRow, person: PersonOf): CheckInView {
    return {
      id: row.id,
      revision: row.revision,
      status: row.status as CheckInStatus,
      mileageKm: row.mileageKm,
      fuelLevel: row.fuelLevel as FuelLevel | null,
      checklist: row.checklist as { item: string; state: CheckState; note?: string | null }[],
      damagePoints: row.damagePoints as { x: number; y: number; note: string }[],
      photoIds: row.photoIds,
      valuablesReminded: row.valuablesReminded,
      licenceChecked: row.licenceChecked,
      phoneChecked: row.phoneChecked,
      requests: row.requests as { text: string; confirmed: boolean }[],
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
      status: row.status as StageRunStatus,
      teamLead: person(row.teamLeadId),
      startedAt: row.startedAt,
      startedBy: person(row.startedBy)!,
      finishedAt: row.finishedAt,
      finishedBy: person(row.finishedBy),
      signedAt: row.signedAt,
      signedBy: person(row.signedBy),
      result: row.result as QcResult | null,
      reason: row.reason,
      backTo: row.backTo,
      note: row.note,
    };
  }

  const runState = (r: repo.StageRunRow) => ({ stage: r.stage, round: r.round, status: r.status as StageRunStatus });

  // ---------- files ----------

  /**
   * Stores a walk-around photo or the customer's signature as an attachment of the ticket.
   * A signature must be a PNG (what the signature pad exports); a photo an image.
   */
  async function attachFile(actor: Actor, ticketId: string, purpose: WorkshopFilePurpose, upload: Upload) {
    await openWorkshopTicket(db, actor, ticketId);
    return options.files.attach(actor, { type: 'ticket', id: ticketId, purpose }, upload, async (tx, attachment) => {
      const fits = purpose === 'signature' ? attachment.contentType === 'image/png' : attachment.contentType.startsWith('image/');
      if (!fits) {
        throw new AppError('FILE_TYPE_NOT_ALLOWED', {
          detail: 'errors.detail.fileType',
          params: { type: attachment.contentType, allowed: purpose === 'signature' ? 'png' : 'jpg, png, webp, gif, heic' },
        });
      }
      await tickets.recordEvent(tx, actor, ticketId, { type: 'attachment', details: { attachmentId: attachment.id, fileName: attachment.fileName, contentType: attachment.contentType, purpose } }, attachment.createdAt, { touch: false });
    });
  }

  /** An attachment named by a check-in must be this ticket's, for that purpose. */
  async function assertAttachment(actor: Actor, ticketId: string, id: string, purpose: WorkshopFilePurpose, field: string) {
    const row = await options.files.get(actor, id).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    const fits = row && row.ownerType === 'ticket' && row.ownerId === ticketId && row.purpose === purpose && (purpose !== 'signature' || row.contentType === 'image/png');
    if (!fits) {
      const message = purpose === 'signature' ? 'errors.detail.signatureNotFound' : 'errors.detail.photoNotFound';
      throw new AppError('INVALID_REFERENCE', { detail: message, fields: [{ field, code: 'not_found', message }] });
    }
  }

  // ---------- check-in (A3) ----------

  function draftColumns(body: CheckInDraftBody) {
    return {
      mileageKm: body.mileageKm ?? null,
      fuelLevel: body.fuelLevel ?? null,
      checklist: body.checklist.map((c) => ({ item: c.item, state: c.state, note: c.note ?? null })),
      damagePoints: body.damagePoints,
      photoIds: [...new Set(body.photoIds)],
      valuablesReminded: body.valuablesReminded,
      licenceChecked: body.licenceChecked,
      phoneChecked: body.phoneChecked,
      requests: body.requests,
      remarks: body.remarks ?? null,
    };
  }

  function checkChecklistItems(body: CheckInDraftBody, items: string[]) {
    const fields: FieldProblem[] = [];
    const seen = new Set<string>();
    body.checklist.forEach((entry, i) => {
      if (!items.includes(entry.item) || seen.has(entry.item)) {
        fields.push({ field: `body.checklist.${i}.item`, code: 'invalid', message: 'errors.detail.checklistItemUnknown' });
      }
      seen.add(entry.item);
    });
    if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  }

  /** Saves the draft of the current revision, creating revision 1 when `version` is 0. */
  async function writeDraft(tx: Db, actor: Actor, ticketId: string, version: number, body: CheckInDraftBody, now: Date, extra: Partial<repo.CheckInRow> = {}) {
    const [current] = await repo.findCheckIns(tx, actor.orgId, ticketId);
    if (current && current.status !== 'draft') {
      throw new AppError('CHECKIN_SIGNED', { detail: 'errors.detail.checkInSigned', extensions: { revision: current.revision, currentVersion: current.version } });
    }
    if (!current) {
      checkVersion(0, version);
      const inserted = await repo.insertCheckIn(tx, {
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId,
        revision: 1,
        status: 'draft',
        ...draftColumns(body),
        ...extra,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      if (!inserted) throw versionConflict(1);
      return inserted;
    }
    checkVersion(current.version, version);
    const updated = await repo.updateCheckIn(tx, actor.orgId, current.id, version, { ...draftColumns(body), ...extra, updatedAt: now });
    if (!updated) throw versionConflict(current.version + 1);
    return updated;
  }

  /** A3: reception fills in the walk-around; the draft may be incomplete. `If-Match: 0` makes the first one. */
  async function saveCheckInDraft(actor: Actor, ticketId: string, version: number, body: CheckInDraftBody): Promise<WorkshopView> {
    for (const [i, photoId] of body.photoIds.entries()) await assertAttachment(actor, ticketId, photoId, 'checkin_photo', `body.photoIds.${i}`);
    const now = clock();
    return db.transaction(async (tx) => {
      await openWorkshopTicket(tx, actor, ticketId);
      checkChecklistItems(body, (await settingsOf(actor.orgId, tx)).checklist);
      await writeDraft(tx, actor, ticketId, version, body, now);
      return getState(actor, ticketId, tx);
    });
  }

  /** What a check-in must hold before the customer's signature makes it count. */
  function missingForSignature(body: SignCheckInBody, items: string[]): FieldProblem[] {
    const fields: FieldProblem[] = [];
    const missing = (field: string, message: FieldProblem['message'] = 'validation.required', params?: FieldProblem['params']) =>
      fields.push({ field: `body.${field}`, code: 'required', message, ...(params ? { params } : {}) });
    if (body.mileageKm === null || body.mileageKm === undefined) missing('mileageKm');
    if (!body.fuelLevel) missing('fuelLevel');
    const done = new Set(body.checklist.map((c) => c.item));
    const undone = items.filter((i) => !done.has(i));
    if (undone.length) missing('checklist', 'workshop.validation.checklistIncomplete', { items: undone.join(', ') });
    if (!body.valuablesReminded) missing('valuablesReminded', 'workshop.validation.valuablesReminder');
    if (!body.licenceChecked) missing('licenceChecked', 'workshop.validation.licenceChecked');
    if (!body.phoneChecked) missing('phoneChecked', 'workshop.validation.phoneChecked');
    if (body.requests.length === 0) missing('requests', 'workshop.validation.requestsRequired');
    body.requests.forEach((r, i) => {
      if (!r.confirmed) missing(`requests.${i}.confirmed`, 'workshop.validation.requestUnconfirmed');
    });
    if (!body.signatureAttachmentId) missing('signatureAttachmentId', 'workshop.validation.signatureRequired');
    if (!body.signerName) missing('signerName');
    return fields;
  }

  /**
   * A3: the customer signs the walk-around. Only a complete check-in can be signed: mileage,
   * fuel, every checklist item, the valuables reminder, licence and phone checked, each request
   * confirmed, and the signature itself. Signed, it is read-only; a signed correction
   * supersedes the revision before it.
   */
  async function signCheckIn(actor: Actor, ticketId: string, version: number, body: SignCheckInBody): Promise<WorkshopView> {
    const now = clock();
    const settings = await settingsOf(actor.orgId, db);
    checkChecklistItems(body, settings.checklist);
    const problems = missingForSignature(body, settings.checklist);
    if (problems.length) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.checkInIncomplete', fields: problems });
    for (const [i, photoId] of body.photoIds.entries()) await assertAttachment(actor, ticketId, photoId, 'checkin_photo', `body.photoIds.${i}`);
    await assertAttachment(actor, ticketId, body.signatureAttachmentId!, 'signature', 'body.signatureAttachmentId');
    return db.transaction(async (tx) => {
      await openWorkshopTicket(tx, actor, ticketId);
      const signed = await writeDraft(tx, actor, ticketId, version, body, now, {
        status: 'signed',
        signatureAttachmentId: body.signatureAttachmentId!,
        signerName: body.signerName!,
        signedAt: now,
        signedBy: actor.userId,
      });
      const earlier = (await repo.findCheckIns(tx, actor.orgId, ticketId)).filter((c) => c.id !== signed.id && c.status === 'signed');
      for (const c of earlier) await repo.updateCheckIn(tx, actor.orgId, c.id, c.version, { status: 'superseded', updatedAt: now });
      await workshopEvent(
        tx,
        actor,
        ticketId,
        {
          kind: 'checkin_signed',
          revision: signed.revision,
          signerName: body.signerName!,
          mileageKm: body.mileageKm,
          damaged: body.checklist.filter((c) => c.state === 'damaged').map((c) => c.item),
          damagePoints: body.damagePoints.length,
          ...(signed.correctionReason ? { correctionReason: signed.correctionReason } : {}),
        },
        now,
      );
      return getState(actor, ticketId, tx);
    });
  }

  /** A3: a signed check-in is corrected by a new revision, a draft carrying the reason, signed again. */
  async function correctCheckIn(actor: Actor, ticketId: string, version: number, reason: string): Promise<WorkshopView> {
    const now = clock();
    return db.transaction(async (tx) => {
      await openWorkshopTicket(tx, actor, ticketId);
      const [current] = await repo.findCheckIns(tx, actor.orgId, ticketId);
      if (!current || current.status !== 'signed') throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.checkInNotSigned' });
      checkVersion(current.version, version);
      const inserted = await repo.insertCheckIn(tx, {
        ...current,
        id: uuidv7(),
        revision: current.revision + 1,
        status: 'draft',
        signatureAttachmentId: null,
        signerName: null,
        signedAt: null,
        signedBy: null,
        correctionReason: reason,
        createdBy: actor.userId,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      if (!inserted) throw versionConflict(current.version);
      await workshopEvent(tx, actor, ticketId, { kind: 'checkin_correction', revision: inserted.revision, reason }, now);
      return getState(actor, ticketId, tx);
    });
  }

  // ---------- pre-inspection (A3) ----------

  async function addPreInspectionItem(actor: Actor, ticketId: string, body: PreInspectionItemBody): Promise<WorkshopView> {
    const now = clock();
    return db.transaction(async (tx) => {
      await openWorkshopTicket(tx, actor, ticketId);
      const approved = body.customerApproved ?? null;
      await repo.insertItem(tx, {
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId,
        finding: body.finding,
        recommendedWork: body.recommendedWork,
        estimatedCostFen: body.estimatedCostFen ?? null,
        customerApproved: approved,
        decidedAt: approved === null ? null : now,
        recordedBy: actor.userId,
        recordedAt: now,
      });
      await workshopEvent(tx, actor, ticketId, { kind: 'preinspection_item', finding: body.finding, estimatedCostFen: body.estimatedCostFen ?? null }, now);
      return getState(actor, ticketId, tx);
    });
  }

  async function updatePreInspectionItem(actor: Actor, ticketId: string, itemId: string, version: number, body: UpdatePreInspectionItemBody): Promise<WorkshopView> {
    const now = clock();
    return db.transaction(async (tx) => {
      await openWorkshopTicket(tx, actor, ticketId);
      const item = (await repo.findItems(tx, actor.orgId, ticketId)).find((i) => i.id === itemId);
      if (!item) throw new AppError('NOT_FOUND');
      checkVersion(item.version, version);
      const changes: Partial<repo.PreInspectionItemRow> = {};
      if (body.finding !== undefined) changes.finding = body.finding;
      if (body.recommendedWork !== undefined) changes.recommendedWork = body.recommendedWork;
      if (body.estimatedCostFen !== undefined) changes.estimatedCostFen = body.estimatedCostFen ?? null;
      const decided = body.customerApproved !== undefined && (body.customerApproved ?? null) !== item.customerApproved;
      if (decided) Object.assign(changes, { customerApproved: body.customerApproved ?? null, decidedAt: body.customerApproved === null ? null : now });
      const updated = await repo.updateItem(tx, actor.orgId, ticketId, itemId, version, changes);
      if (!updated) throw versionConflict(item.version + 1);
      if (decided) {
        await workshopEvent(tx, actor, ticketId, { kind: 'preinspection_decision', finding: updated.finding, approved: updated.customerApproved }, now);
      }
      return getState(actor, ticketId, tx);
    });
  }

  // ---------- stages (A4) ----------

  /** Loads the job for a stage action, checking order, the ticket's state and `If-Match`. */
  async function jobFor(tx: Db, actor: Actor, ticketId: string, version: number, stage: string, action: StageAction, now: Date) {
    const ticket = await openWorkshopTicket(tx, actor, ticketId);
    if (ticket.status !== 'in_progress') {
      throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.workshopNotInProgress', extensions: { ticketStatus: ticket.status } });
    }
    const checkIns = await repo.findCheckIns(tx, actor.orgId, ticketId);
    if (!checkIns.some((c) => c.status === 'signed')) {
      throw new AppError('STAGE_OUT_OF_ORDER', { detail: 'errors.detail.checkInFirst', extensions: { stage, action } });
    }
    let job = await repo.findJob(tx, actor.orgId, ticketId);
    checkVersion(job?.version ?? 0, version);
    if (!job) {
      const { plan } = await settingsOf(actor.orgId, tx);
      job = await repo.insertJob(tx, { orgId: actor.orgId, ticketId, plan, currentStage: plan[0]!, round: 1, createdAt: now, updatedAt: now });
      if (!job) throw versionConflict(1);
    }
    const runs = await repo.findRuns(tx, actor.orgId, ticketId);
    const expected = nextStep(job, runs.map(runState));
    if (!expected || expected.stage !== stage || expected.action !== action) throw stageOrder(expected, stage, action);
    const run = runs.find((r) => r.stage === stage && r.round === job.round);
    return { ticket, job, run };
  }

  async function saveJob(tx: Db, actor: Actor, job: repo.JobRow, changes: Partial<repo.JobRow>, now: Date) {
    const updated = await repo.updateJob(tx, actor.orgId, job.ticketId, job.version, { ...changes, updatedAt: now });
    if (!updated) throw versionConflict(job.version + 1);
    return updated;
  }

  async function startStage(actor: Actor, ticketId: string, stage: string, version: number, input: { teamLeadId?: string | null; note?: string | null }) {
    const now = clock();
    return db.transaction(async (tx) => {
      const { job } = await jobFor(tx, actor, ticketId, version, stage, 'start', now);
      if (input.teamLeadId) {
        const lead = await options.staff.findPerson(actor.orgId, input.teamLeadId, tx);
        if (!lead || !lead.active || !LEAD_ROLES.has(lead.role)) {
          throw new AppError('INVALID_REFERENCE', { fields: [{ field: 'body.teamLeadId', code: 'not_found', message: 'errors.detail.teamLeadNotFound' }] });
        }
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
      await workshopEvent(tx, actor, ticketId, { kind: 'stage_started', stage, round: job.round }, now);
      return getState(actor, ticketId, tx);
    });
  }

  async function finishStage(actor: Actor, ticketId: string, stage: string, version: number, note: string | null) {
    const now = clock();
    return db.transaction(async (tx) => {
      const { job, run } = await jobFor(tx, actor, ticketId, version, stage, 'finish', now);
      await repo.updateRun(tx, actor.orgId, run!.id, { status: 'finished', finishedAt: now, finishedBy: actor.userId, ...(note ? { note } : {}) });
      await saveJob(tx, actor, job, {}, now);
      await workshopEvent(tx, actor, ticketId, { kind: 'stage_finished', stage, round: job.round }, now);
      return getState(actor, ticketId, tx);
    });
  }

  /** A4: each team lead signs their stage; a supervisor or QC inspector may sign any. */
  async function signStage(actor: Actor, ticketId: string, stage: string, version: number, note: string | null) {
    const now = clock();
    return db.transaction(async (tx) => {
      const { ticket, job, run } = await jobFor(tx, actor, ticketId, version, stage, 'sign', now);
      const mayAll = SIGNING_ROLES.has(actor.role);
      if (!mayAll && actor.userId !== run!.teamLeadId && actor.userId !== ticket.assigneeId) {
        throw new AppError('FORBIDDEN', { detail: 'errors.detail.notTeamLead' });
      }
      await repo.updateRun(tx, actor.orgId, run!.id, { status: 'signed', signedAt: now, signedBy: actor.userId, ...(note ? { note } : {}) });
      const next = stageAfter(job.plan, stage);
      await saveJob(tx, actor, job, { currentStage: next }, now);
      await workshopEvent(tx, actor, ticketId, { kind: 'stage_signed', stage, round: job.round, next }, now);
      return getState(actor, ticketId, tx);
    });
  }

  /**
   * A4: final QC. A pass lets the job complete; a failure records why, sends the job back to
   * the stage it names (every stage from there is done again) and counts a rework on the ticket.
   */
  async function recordQc(actor: Actor, ticketId: string, version: number, input: QcBody) {
    const now = clock();
    return db.transaction(async (tx) => {
      const { job, run } = await jobFor(tx, actor, ticketId, version, QC_STAGE, 'qc', now);
      if (input.result === 'pass') {
        await repo.updateRun(tx, actor.orgId, run!.id, { status: 'passed', result: 'pass', finishedAt: now, finishedBy: actor.userId, signedAt: now, signedBy: actor.userId, reason: input.reason ?? null });
        await saveJob(tx, actor, job, { currentStage: null, qcPassedAt: now, qcPassedBy: actor.userId }, now);
        await workshopEvent(tx, actor, ticketId, { kind: 'qc_passed', round: job.round }, now);
        return getState(actor, ticketId, tx);
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
      await tickets.recordRework(tx, actor, ticketId, { source: 'workshop_qc', round: job.round, reason: input.reason!, backTo }, now);
      return getState(actor, ticketId, tx);
    });
  }

  // ---------- delivery (A6) ----------

  /** A6: at delivery the adviser explains each approved item and its cost; every one must be covered. */
  async function explainDelivery(actor: Actor, ticketId: string, version: number, input: DeliveryBody) {
    const now = clock();
    return db.transaction(async (tx) => {
      await openWorkshopTicket(tx, actor, ticketId);
      const job = await repo.findJob(tx, actor.orgId, ticketId);
      if (!job?.qcPassedAt) throw new AppError('QC_NOT_PASSED', { detail: 'errors.detail.qcNotPassed' });
      checkVersion(job.version, version);
      const items = await repo.findItems(tx, actor.orgId, ticketId);
      const ids = new Set(items.map((i) => i.id));
      const unknown = input.explainedItemIds.findIndex((id) => !ids.has(id));
      if (unknown >= 0) {
        throw new AppError('INVALID_REFERENCE', { fields: [{ field: `body.explainedItemIds.${unknown}`, code: 'not_found', message: 'errors.detail.itemNotFound' }] });
      }
      const approved = items.filter((i) => i.customerApproved === true);
      const unexplained = approved.filter((i) => !input.explainedItemIds.includes(i.id));
      if (unexplained.length) {
        throw new AppError('VALIDATION_FAILED', {
          fields: [{ field: 'body.explainedItemIds', code: 'incomplete', message: 'workshop.validation.explainEveryItem', params: { items: unexplained.map((i) => i.recommendedWork).join(', ') } }],
        });
      }
      await repo.markExplained(tx, actor.orgId, ticketId, input.explainedItemIds, now);
      await saveJob(tx, actor, job, { deliveryExplainedAt: now, deliveryExplainedBy: actor.userId, deliveryNote: input.note ?? null }, now);
      const totalFen = approved.reduce((sum, i) => sum + (i.estimatedCostFen ?? 0), 0);
      await workshopEvent(tx, actor, ticketId, { kind: 'delivery_explained', items: input.explainedItemIds.length, totalFen }, now);
      return getState(actor, ticketId, tx);
    });
  }

  // ---------- the ticket's lifecycle ----------

  /**
   * Called by the tickets module inside a transition's transaction. A4: a workshop job
   * completes only after QC passed, and a reopened one returns to QC. A6: it is handed back
   * (closed after completion) only once the adviser has explained the work.
   */
  options.tickets.guardTransitions(async (tx, actor, row, action) => {
    if (row.type !== 'workshop' || !row.assetId) return;
    const ticket = await tickets.findVisible(tx, actor, row.id);
    if (!ticket || !applies(ticket)) return;
    const job = await repo.findJob(tx, actor.orgId, ticket.id);
    switch (action) {
      case 'complete':
        if (!job?.qcPassedAt || job.currentStage !== null) {
          throw new AppError('QC_NOT_PASSED', { detail: 'errors.detail.qcNotPassed', extensions: { currentStage: job?.currentStage ?? null } });
        }
        return;
      case 'close':
        if (ticket.status === 'completed' && job && !job.deliveryExplainedAt) {
          throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.deliveryNotExplained' });
        }
        return;
      case 'reopen':
        if (job) {
          const now = clock();
          await saveJob(tx, actor, job, { currentStage: QC_STAGE, round: job.round + 1, qcPassedAt: null, qcPassedBy: null, deliveryExplainedAt: null, deliveryExplainedBy: null }, now);
        }
        return;
      default:
        return;
    }
  });

  return {
    getState: (actor: Actor, ticketId: string) => getState(actor, ticketId),
    attachFile,
    saveCheckInDraft,
    signCheckIn,
    correctCheckIn,
    addPreInspectionItem,
    updatePreInspectionItem,
    startStage,
    finishStage,
    signStage,
    recordQc,
    explainDelivery,
  };
}

export type WorkshopService = ReturnType<typeof createWorkshopService>;
