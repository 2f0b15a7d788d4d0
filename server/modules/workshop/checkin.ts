import { v7 as uuidv7 } from 'uuid';
import type {
  CheckInDraftBody,
  PreInspectionItemBody,
  SignCheckInBody,
  UpdatePreInspectionItemBody,
  WorkshopView,
} from '../../../shared/contracts/workshop';
import { checkInGaps, signatureGaps } from '../../../shared/workshop';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, assertVersion, invalidReference, notFound, versionConflict, type FieldProblem } from '../../errors';
import type { FileService } from '../files';
import type { Actor } from '../identity';
import { openWorkshopTicket, settingsOf, workshopEvent, type WorkshopDeps, type WorkshopFilePurpose } from './workshop.deps';
import * as repo from './workshop.repository';
import { getState } from './workshop-views';

/*
 * A3, the reception of a car: the walk-around check-in with its photos, signed by the customer
 * and corrected by new revisions, and the technician's pre-inspection with the customer's
 * answer to each item.
 */

type Upload = Parameters<FileService['attach']>[2];

// --- photos and the signature ----------------------------------------------------------------

/**
 * Stores a walk-around photo or the customer's signature as an attachment of the ticket.
 * A signature must be a PNG (what the signature pad exports); a photo an image.
 */
export async function attachFile(deps: WorkshopDeps, actor: Actor, ticketId: string, purpose: WorkshopFilePurpose, upload: Upload) {
  await openWorkshopTicket(deps, deps.db, actor, ticketId);
  return deps.files.attach(actor, { type: 'ticket', id: ticketId, purpose }, upload, async (tx, attachment) => {
    const fits = purpose === 'signature' ? attachment.contentType === 'image/png' : attachment.contentType.startsWith('image/');
    if (!fits) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', {
        detail: 'errors.detail.fileType',
        params: { type: attachment.contentType, allowed: purpose === 'signature' ? 'png' : 'jpg, png, webp, gif, heic' },
      });
    }
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'attachment', details: { attachmentId: attachment.id, fileName: attachment.fileName, contentType: attachment.contentType, purpose } }, attachment.createdAt, { touch: false });
  });
}

/** An attachment named by a check-in must be this ticket's, for that purpose. */
async function assertAttachment(deps: Pick<WorkshopDeps, 'files'>, actor: Actor, ticketId: string, id: string, purpose: WorkshopFilePurpose, field: string) {
  const row = await deps.files.get(actor, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  });
  const fits = row && row.ownerType === 'ticket' && row.ownerId === ticketId && row.purpose === purpose && (purpose !== 'signature' || row.contentType === 'image/png');
  if (!fits) {
    throw invalidReference(field, purpose === 'signature' ? 'errors.detail.signatureNotFound' : 'errors.detail.photoNotFound');
  }
}

// --- the walk-around (A3) -------------------------------------------------------------------

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
    assertVersion(0, version);
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
    // Another request made revision 1 between our read and our write.
    if (!inserted) throw versionConflict(1, version);
    return inserted;
  }
  assertVersion(current.version, version);
  return savedOrThrow(await repo.updateCheckIn(tx, actor.orgId, current.id, version, { ...draftColumns(body), ...extra, updatedAt: now }), version);
}

/** A3: reception fills in the walk-around; the draft may be incomplete. `If-Match: 0` makes the first one. */
export async function saveCheckInDraft(deps: WorkshopDeps, actor: Actor, ticketId: string, version: number, body: CheckInDraftBody): Promise<WorkshopView> {
  for (const [i, photoId] of body.photoIds.entries()) await assertAttachment(deps, actor, ticketId, photoId, 'checkin_photo', `body.photoIds.${i}`);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await openWorkshopTicket(deps, tx, actor, ticketId);
    checkChecklistItems(body, (await settingsOf(deps, actor.orgId, tx)).checklist);
    await writeDraft(tx, actor, ticketId, version, body, now);
    return getState(deps, actor, ticketId, tx);
  });
}

/** A3's completeness rule (one home: `shared/workshop.ts`, which the check-in card reads too), as field problems. */
function missingForSignature(body: SignCheckInBody, items: string[]): FieldProblem[] {
  return [...checkInGaps(body, items), ...signatureGaps(body)].map((gap) => ({
    field: `body.${gap.field}`,
    code: 'required',
    message: gap.message,
    ...(gap.items ? { params: { items: gap.items.join(', ') } } : {}),
  }));
}

/**
 * A3: the customer signs the walk-around. Only a complete check-in can be signed: mileage,
 * fuel, every checklist item, the valuables reminder, licence and phone checked, each request
 * confirmed, and the signature itself. Signed, it is read-only; a signed correction
 * supersedes the revision before it.
 */
export async function signCheckIn(deps: WorkshopDeps, actor: Actor, ticketId: string, version: number, body: SignCheckInBody): Promise<WorkshopView> {
  const now = deps.clock();
  const settings = await settingsOf(deps, actor.orgId, deps.db);
  checkChecklistItems(body, settings.checklist);
  const problems = missingForSignature(body, settings.checklist);
  if (problems.length) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.checkInIncomplete', fields: problems });
  for (const [i, photoId] of body.photoIds.entries()) await assertAttachment(deps, actor, ticketId, photoId, 'checkin_photo', `body.photoIds.${i}`);
  await assertAttachment(deps, actor, ticketId, body.signatureAttachmentId!, 'signature', 'body.signatureAttachmentId');
  return deps.db.transaction(async (tx) => {
    await openWorkshopTicket(deps, tx, actor, ticketId);
    const signed = await writeDraft(tx, actor, ticketId, version, body, now, {
      status: 'signed',
      signatureAttachmentId: body.signatureAttachmentId!,
      signerName: body.signerName!,
      signedAt: now,
      signedBy: actor.userId,
    });
    const earlier = (await repo.findCheckIns(tx, actor.orgId, ticketId)).filter((c) => c.id !== signed.id && c.status === 'signed');
    for (const c of earlier) savedOrThrow(await repo.updateCheckIn(tx, actor.orgId, c.id, c.version, { status: 'superseded', updatedAt: now }), c.version);
    await workshopEvent(
      deps,
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
    return getState(deps, actor, ticketId, tx);
  });
}

/** A3: a signed check-in is corrected by a new revision, a draft carrying the reason, signed again. */
export async function correctCheckIn(deps: WorkshopDeps, actor: Actor, ticketId: string, version: number, reason: string): Promise<WorkshopView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await openWorkshopTicket(deps, tx, actor, ticketId);
    const [current] = await repo.findCheckIns(tx, actor.orgId, ticketId);
    if (!current || current.status !== 'signed') throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.checkInNotSigned' });
    assertVersion(current.version, version);
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
    // Another correction made the new revision between our read and our write.
    if (!inserted) throw versionConflict(current.version, version);
    await workshopEvent(deps, tx, actor, ticketId, { kind: 'checkin_correction', revision: inserted.revision, reason }, now);
    return getState(deps, actor, ticketId, tx);
  });
}

// --- pre-inspection (A3) --------------------------------------------------------------------

export async function addPreInspectionItem(deps: WorkshopDeps, actor: Actor, ticketId: string, body: PreInspectionItemBody): Promise<WorkshopView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await openWorkshopTicket(deps, tx, actor, ticketId);
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
    await workshopEvent(deps, tx, actor, ticketId, { kind: 'preinspection_item', finding: body.finding, estimatedCostFen: body.estimatedCostFen ?? null }, now);
    return getState(deps, actor, ticketId, tx);
  });
}

export async function updatePreInspectionItem(deps: WorkshopDeps, actor: Actor, ticketId: string, itemId: string, version: number, body: UpdatePreInspectionItemBody): Promise<WorkshopView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await openWorkshopTicket(deps, tx, actor, ticketId);
    const item = (await repo.findItems(tx, actor.orgId, ticketId)).find((i) => i.id === itemId);
    if (!item) throw notFound();
    assertVersion(item.version, version);
    const changes: Partial<repo.PreInspectionItemRow> = {};
    if (body.finding !== undefined) changes.finding = body.finding;
    if (body.recommendedWork !== undefined) changes.recommendedWork = body.recommendedWork;
    if (body.estimatedCostFen !== undefined) changes.estimatedCostFen = body.estimatedCostFen ?? null;
    const decided = body.customerApproved !== undefined && (body.customerApproved ?? null) !== item.customerApproved;
    if (decided) Object.assign(changes, { customerApproved: body.customerApproved ?? null, decidedAt: body.customerApproved === null ? null : now });
    const updated = savedOrThrow(await repo.updateItem(tx, actor.orgId, ticketId, itemId, version, changes), version);
    if (decided) {
      await workshopEvent(deps, tx, actor, ticketId, { kind: 'preinspection_decision', finding: updated.finding, approved: updated.customerApproved }, now);
    }
    return getState(deps, actor, ticketId, tx);
  });
}
