import { v7 as uuidv7 } from 'uuid';
import type { CreatePenaltyBody, PenaltyView } from '../../../shared/contracts/pay';
import { AppError, fieldError, invalidReference, notFound, versionConflict } from '../../errors';
import type { Actor } from '../identity';
import { DOCUMENT_TYPES, type Upload } from '../files';
import type { PayDeps } from './pay.deps';
import * as repo from './pay.repository';

/*
 * A5: penalties recorded against a person with their cause (a customer phone number a callback
 * found wrong, a quality complaint per vehicle…), confirmed by a supervisor or finance, and
 * deducted in the month of their confirmation. A penalty is withdrawn, never deleted.
 */

async function toViews(deps: PayDeps, orgId: string, rows: repo.PenaltyRow[]): Promise<PenaltyView[]> {
  const names = await repo.namesOf(deps.db, orgId, [...new Set(rows.flatMap((r) => [r.userId, r.recordedBy, ...(r.confirmedBy ? [r.confirmedBy] : [])]))]);
  const tickets = new Map((await repo.ticketBasics(deps.db, orgId, [...new Set(rows.flatMap((r) => (r.ticketId ? [r.ticketId] : [])))])).map((t) => [t.id, t.number]));
  const person = (id: string) => ({ id, name: names.get(id) ?? '' });
  return rows.map((r) => ({
    id: r.id,
    user: person(r.userId),
    cause: r.cause,
    quantity: r.quantity,
    amountFen: r.amountFen,
    description: r.description,
    ticketId: r.ticketId,
    ticketNumber: r.ticketId ? (tickets.get(r.ticketId) ?? null) : null,
    evidenceAttachmentId: r.evidenceAttachmentId,
    recordedBy: person(r.recordedBy),
    recordedAt: r.recordedAt.toISOString(),
    confirmedBy: r.confirmedBy ? person(r.confirmedBy) : null,
    confirmedAt: r.confirmedAt?.toISOString() ?? null,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    withdrawReason: r.withdrawReason,
    version: r.version,
  }));
}

export async function recordPenalty(deps: PayDeps, actor: Actor, body: CreatePenaltyBody): Promise<PenaltyView> {
  const settings = (await deps.getOrganisation(actor.orgId)).settings.penalties;
  const perUnit = body.cause === 'wrong_phone' ? settings.wrongPhoneFen : body.cause === 'quality_complaint' ? settings.qualityComplaintFen : null;
  const amountFen = body.amountFen ?? (perUnit === null ? null : perUnit * body.quantity);
  if (amountFen === null) throw fieldError('body.amountFen', 'pay.errors.amountRequired', { code: 'required' });
  const staff = (await repo.staff(deps.db, actor.orgId)).find((p) => p.userId === body.userId);
  if (!staff) throw invalidReference('body.userId', 'pay.errors.notStaff');
  if (body.ticketId && (await repo.ticketBasics(deps.db, actor.orgId, [body.ticketId])).length === 0) throw invalidReference('body.ticketId', 'pay.errors.unknownTicket');
  if (body.evidenceAttachmentId) await deps.files.get(actor, body.evidenceAttachmentId).catch(() => {
    throw invalidReference('body.evidenceAttachmentId', 'pay.errors.unknownEvidence');
  });
  const id = uuidv7();
  await repo.insertPenalty(deps.db, {
    orgId: actor.orgId,
    id,
    userId: body.userId,
    cause: body.cause,
    quantity: body.quantity,
    amountFen,
    description: body.description,
    ticketId: body.ticketId ?? null,
    evidenceAttachmentId: body.evidenceAttachmentId ?? null,
    recordedBy: actor.userId,
    recordedAt: deps.clock(),
  });
  return getPenalty(deps, actor, id);
}

/**
 * A5: the evidence of an open penalty (a photo of the wrong number's call record, the complaint's
 * letter): a PDF or an image, kept as the penalty's attachment; a second upload replaces the first
 * as its evidence. If-Match: the penalty's version.
 */
export async function attachEvidence(deps: PayDeps, actor: Actor, id: string, version: number, upload: Upload): Promise<PenaltyView> {
  const row = await repo.findPenalty(deps.db, actor.orgId, id);
  if (!row) {
    upload.stream.resume();
    throw notFound();
  }
  if (row.confirmedAt || row.withdrawnAt) {
    upload.stream.resume();
    throw new AppError('PENALTY_DECIDED', { detail: 'pay.errors.penaltyDecided' });
  }
  await deps.files.attach(actor, { type: 'penalty', id, purpose: 'evidence' }, upload, async (tx, attachment) => {
    if (!DOCUMENT_TYPES.test(attachment.contentType)) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', { detail: 'errors.detail.fileType', params: { type: attachment.contentType, allowed: 'pdf, png, jpeg' } });
    }
    if (!(await repo.decidePenalty(tx, actor.orgId, id, version, { evidenceAttachmentId: attachment.id }))) throw versionConflict(row.version, version);
  });
  return getPenalty(deps, actor, id);
}

/** Who may read a penalty's evidence: whoever may read the penalty (NOT_FOUND otherwise). */
export async function assertPenaltyVisible(deps: PayDeps, actor: Actor, id: string): Promise<void> {
  if (!(await repo.findPenalty(deps.db, actor.orgId, id))) throw notFound();
}

export async function getPenalty(deps: PayDeps, actor: Actor, id: string): Promise<PenaltyView> {
  const row = await repo.findPenalty(deps.db, actor.orgId, id);
  if (!row) throw notFound();
  return (await toViews(deps, actor.orgId, [row]))[0]!;
}

export async function listPenalties(deps: PayDeps, actor: Actor, query: { userId?: string | undefined; status?: 'open' | 'confirmed' | 'withdrawn' | undefined }) {
  return { items: await toViews(deps, actor.orgId, await repo.listPenalties(deps.db, actor.orgId, query)) };
}

async function decide(deps: PayDeps, actor: Actor, id: string, version: number, changes: Parameters<typeof repo.decidePenalty>[4]) {
  const row = await repo.findPenalty(deps.db, actor.orgId, id);
  if (!row) throw notFound();
  if (row.confirmedAt || row.withdrawnAt) throw new AppError('PENALTY_DECIDED', { detail: 'pay.errors.penaltyDecided' });
  if (row.version !== version || !(await repo.decidePenalty(deps.db, actor.orgId, id, version, changes))) throw versionConflict(row.version, version);
  return getPenalty(deps, actor, id);
}

/** A5: confirmed, it is deducted in this month's run. */
export async function confirmPenalty(deps: PayDeps, actor: Actor, id: string, version: number): Promise<PenaltyView> {
  return decide(deps, actor, id, version, { confirmedBy: actor.userId, confirmedAt: deps.clock() });
}

export async function withdrawPenalty(deps: PayDeps, actor: Actor, id: string, version: number, body: { reason: string }): Promise<PenaltyView> {
  return decide(deps, actor, id, version, { withdrawnBy: actor.userId, withdrawnAt: deps.clock(), withdrawReason: body.reason });
}
