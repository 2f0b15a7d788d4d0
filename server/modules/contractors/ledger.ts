import { v7 as uuidv7 } from 'uuid';
import type { AgreementView, CountersignItem, DeductionBody, DeductionEvidence, LedgerRule, LedgerView } from '../../../shared/contracts/contractors';
import { applyRate } from '../../../shared/money';
import { R8_PARTIES } from '../../../shared/signoffs';
import { localDate } from '../../../shared/time';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import type { Db } from '../../db/client';
import type { Upload } from '../files';
import { DOCUMENT_TYPES } from '../files';
import type { Actor } from '../identity';
import type { ContractorsDeps } from './contractors.deps';
import * as repo from './contractors.repository';
import { onSiteClock } from './assignment';
import { contractorNotFound } from './register';

/**
 * The warranty deposit ledger (质保金台账, R5, R6, R7). Every line is appended, never edited; the
 * balance is the sum of the lines. A deduction names its ticket, rule, cost basis, rate (basis
 * points from the settings) and evidence; a correction is a new line with a reason.
 *
 * A deduction larger than what the deposit still holds is written and flagged
 * (`exceedsDeposit`, a negative balance): the repair was done and its cost is owed whether or
 * not the deposit covers it, and refusing it would leave the centre's cost unrecorded. The
 * shortfall shows on the ledger for the quarterly statement to claim.
 */

type Line = Omit<Parameters<typeof repo.insertLine>[1], 'orgId' | 'id' | 'balanceFen' | 'createdAt' | 'contractorId'>;

/** Appends one line under the contractor's lock, with the balance after it. */
export async function appendLine(deps: ContractorsDeps, tx: Db, actor: Actor, contractorId: string, line: Line): Promise<string> {
  if (!(await repo.lockContractor(tx, actor.orgId, contractorId))) throw contractorNotFound();
  const before = await repo.balanceOf(tx, actor.orgId, contractorId);
  const id = uuidv7();
  await repo.insertLine(tx, { ...line, orgId: actor.orgId, id, contractorId, balanceFen: before + line.amountFen, createdAt: deps.clock() });
  return id;
}

/** The deposit received from the contractor (R1: the contract's 质保金). */
export async function recordDeposit(deps: ContractorsDeps, actor: Actor, contractorId: string, body: { amountFen: number; note?: string | null | undefined }): Promise<{ id: string; balanceFen: number }> {
  const id = await deps.db.transaction((tx) =>
    appendLine(deps, tx, actor, contractorId, { rule: 'deposit', amountFen: body.amountFen, note: body.note ?? null, createdBy: actor.userId, evidence: {} }),
  );
  return { id, balanceFen: await repo.balanceOf(deps.db, actor.orgId, contractorId) };
}

const notDue = (detail: 'contractors.errors.notEmergency' | 'contractors.errors.notLate' | 'contractors.errors.noAgreement') =>
  new AppError('DEDUCTION_NOT_DUE', { detail });

const RATE_OF: Record<DeductionBody['rule'], 'emergencyDeductionRateBp' | 'defaultDeductionRateBp' | 'delegatedFeeRateBp'> = {
  R5: 'emergencyDeductionRateBp',
  R6: 'defaultDeductionRateBp',
  R7: 'delegatedFeeRateBp',
};

/**
 * A deduction from the contractor's deposit for one of its tickets:
 * - R5: an emergency the centre's own repairers handled: the actual cost at
 *   `contractors.emergencyDeductionRateBp` (100 %);
 * - R6: the contractor missed its R4 deadline and the centre repaired it: the cost at
 *   `contractors.defaultDeductionRateBp` (200 %); the breached clock is the evidence;
 * - R7: a repair delegated under a written agreement covering the report day: the fee at
 *   `contractors.delegatedFeeRateBp`.
 * Without a cost (none, or zero) nothing is deducted: 422 DEDUCTION_WITHOUT_COST.
 */
export async function deduct(deps: ContractorsDeps, actor: Actor, contractorId: string, body: DeductionBody): Promise<DeductionResult> {
  const org = await deps.getOrganisation(actor.orgId);
  if (!(await repo.findContractor(deps.db, actor.orgId, contractorId))) throw contractorNotFound();
  const ticket = await repo.ticketFacts(deps.db, actor.orgId, body.ticketId);
  if (!ticket || !(await deps.tickets.findVisible(deps.db, actor, body.ticketId))) throw invalidReference('body.ticketId', 'contractors.errors.unknownTicket');
  if (ticket.contractorId !== contractorId) throw invalidReference('body.ticketId', 'contractors.errors.notTheirTicket', 'invalid');
  if (!body.costBasisFen) throw new AppError('DEDUCTION_WITHOUT_COST', { detail: 'contractors.errors.withoutCost', params: { ticket: ticket.number } });
  for (const [i, attachmentId] of (body.attachmentIds ?? []).entries()) {
    try {
      await deps.files.get(actor, attachmentId);
    } catch {
      throw invalidReference(`body.attachmentIds.${i}`, 'contractors.errors.unknownAttachment');
    }
  }
  const evidence: DeductionEvidence = { attachmentIds: body.attachmentIds ?? [] };
  if (body.rule === 'R5') {
    if (!ticket.emergency) throw notDue('contractors.errors.notEmergency');
    evidence.emergency = true;
  }
  if (body.rule === 'R6') {
    const clock = await onSiteClock(deps, actor, body.ticketId);
    if (!clock?.breached) throw notDue('contractors.errors.notLate');
    evidence.clock = clock;
  }
  if (body.rule === 'R7') {
    if (!body.agreementId) throw fieldError('body.agreementId', 'validation.required', { code: 'required' });
    const agreement = await repo.findAgreement(deps.db, actor.orgId, body.agreementId);
    if (!agreement || agreement.contractorId !== contractorId) throw invalidReference('body.agreementId', 'contractors.errors.unknownAgreement');
    const day = localDate(ticket.reportedAt, org.timeZone);
    if (day < agreement.startsOn || day > agreement.endsOn) throw notDue('contractors.errors.noAgreement');
    evidence.agreementId = agreement.id;
  }
  const rateBp = org.settings.contractors[RATE_OF[body.rule]];
  const amountFen = applyRate(body.costBasisFen, rateBp);
  const workQuantity = body.workQuantity ?? null;
  if (workQuantity) evidence.workQuantity = workQuantity;
  const now = deps.clock();
  const result = await deps.db.transaction(async (tx) => {
    // One deduction per ticket and rule: a second is a correction of the first, never a twin.
    await repo.lockContractor(tx, actor.orgId, contractorId);
    // R8: a ticket enters settlement only once all four parties have signed it off; a contractor's
    // ticket is a property repair, whatever asset it names.
    const signoffs = await deps.fieldwork.signoffsComplete(tx, actor.orgId, body.ticketId, R8_PARTIES);
    if (!signoffs.complete) {
      throw new AppError('SIGNOFFS_MISSING', {
        detail: 'contractors.errors.signoffsMissing',
        params: { ticket: ticket.number },
        enumParams: { parties: { list: 'signoffParty', values: signoffs.missing } },
        extensions: { missing: signoffs.missing },
      });
    }
    if ((await repo.netDeducted(tx, actor.orgId, body.ticketId, body.rule)) > 0 || (body.rule === 'R7' && (await repo.pendingFeeOf(tx, actor.orgId, body.ticketId)))) {
      throw new AppError('ALREADY_POSTED', { detail: 'contractors.errors.alreadyDeducted', params: { ticket: ticket.number, rule: body.rule } });
    }
    // R7: the fee is paid from the deposit once the contractor has countersigned it; until then it waits off the ledger.
    const lineId =
      body.rule === 'R7'
        ? null
        : await appendLine(deps, tx, actor, contractorId, {
            rule: body.rule,
            amountFen: -amountFen,
            ticketId: body.ticketId,
            costBasisFen: body.costBasisFen,
            rateBp,
            evidence,
            note: body.note ?? null,
            createdBy: actor.userId,
          });
    const countersignId = body.rule === 'R7' || workQuantity ? uuidv7() : null;
    if (countersignId) {
      await repo.insertCountersign(tx, {
        orgId: actor.orgId,
        id: countersignId,
        contractorId,
        ticketId: body.ticketId,
        rule: body.rule,
        workQuantity,
        costBasisFen: body.costBasisFen!,
        rateBp,
        amountFen,
        evidence,
        note: body.note ?? null,
        ledgerLineId: lineId,
        createdBy: actor.userId,
        createdAt: now,
      });
    }
    await deps.notify.enqueue(tx, {
      orgId: actor.orgId,
      topic: countersignId ? 'contractor.countersign' : 'contractor.deduction',
      recipient: `contractor:${contractorId}`,
      payload: { ticketId: body.ticketId, ticketNumber: ticket.number, contractorId, rule: body.rule, amountFen, lineId, countersignId, workQuantity },
      dedupeKey: `contractor.deduction:${lineId ?? countersignId}`,
    });
    return { lineId, countersignId };
  });
  const balanceFen = await repo.balanceOf(deps.db, actor.orgId, contractorId);
  return {
    id: result.lineId,
    countersignId: result.countersignId,
    pendingCountersignature: result.lineId === null,
    amountFen,
    balanceFen,
    exceedsDeposit: result.lineId ? balanceFen < 0 : balanceFen - amountFen < 0,
  };
}

export interface DeductionResult {
  /** The ledger line; null for an R7 fee until the contractor countersigns it. */
  id: string | null;
  /** The work quantity (or R7 fee) asked of the contractor to countersign. */
  countersignId: string | null;
  pendingCountersignature: boolean;
  amountFen: number;
  balanceFen: number;
  exceedsDeposit: boolean;
}

const DEDUCTIONS: readonly LedgerRule[] = ['R5', 'R6', 'R7'];

/** A correction gives back (part of) a deduction as a new line with its reason; the deduction stays as it was. */
export async function correct(deps: ContractorsDeps, actor: Actor, contractorId: string, lineId: string, body: { amountFen: number; reason: string }): Promise<{ id: string; balanceFen: number }> {
  const id = await deps.db.transaction(async (tx) => {
    if (!(await repo.lockContractor(tx, actor.orgId, contractorId))) throw contractorNotFound();
    const line = await repo.findLine(tx, actor.orgId, lineId);
    if (!line || line.contractorId !== contractorId) throw notFound('contractors.errors.unknownLine');
    if (!DEDUCTIONS.includes(line.rule)) throw new AppError('VALIDATION_FAILED', { detail: 'contractors.errors.notADeduction', fields: [{ field: 'params.lineId', code: 'invalid', message: 'contractors.errors.notADeduction' }] });
    const left = -line.amountFen - (await repo.correctedOf(tx, actor.orgId, lineId));
    if (body.amountFen > left) throw fieldError('body.amountFen', 'contractors.errors.correctionTooLarge', { code: 'too_big', params: { left } });
    return appendLine(deps, tx, actor, contractorId, {
      rule: 'correction',
      amountFen: body.amountFen,
      ticketId: line.ticketId,
      costBasisFen: null,
      rateBp: null,
      evidence: {},
      note: body.reason,
      correctsId: lineId,
      createdBy: actor.userId,
    });
  });
  return { id, balanceFen: await repo.balanceOf(deps.db, actor.orgId, contractorId) };
}

/** The ledger, oldest first; the balance is the sum of its lines. */
export async function ledgerOf(deps: ContractorsDeps, actor: Actor, contractorId: string): Promise<LedgerView> {
  if (!(await repo.findContractor(deps.db, actor.orgId, contractorId))) throw contractorNotFound();
  const rows = await repo.ledgerOf(deps.db, actor.orgId, contractorId);
  const asked = (await repo.countersignsOf(deps.db, actor.orgId, contractorId)).map(toCountersignItem);
  const signedFor = new Map(asked.filter((c) => c.ledgerLineId).map((c) => [c.ledgerLineId!, c]));
  let balance = 0;
  const items = rows.map((r) => {
    balance += r.amountFen;
    return {
      id: r.id,
      rule: r.rule,
      amountFen: r.amountFen,
      ticketId: r.ticketId,
      ticketNumber: r.ticketNumber,
      costBasisFen: r.costBasisFen,
      rateBp: r.rateBp,
      evidence: r.evidence,
      note: r.note,
      correctsId: r.correctsId,
      countersignature: signedFor.get(r.id)?.countersignature ?? null,
      balanceFen: balance,
      exceedsDeposit: r.amountFen < 0 && balance < 0,
      createdBy: r.createdBy ? { id: r.createdBy, name: r.createdByName ?? '' } : null,
      createdAt: r.createdAt,
    };
  });
  return { contractorId, balanceFen: balance, items, pending: asked.filter((c) => !c.ledgerLineId) };
}

export function toCountersignItem(r: repo.CountersignRow & { ticketNumber: string | null }): CountersignItem {
  return {
    id: r.id,
    contractorId: r.contractorId,
    ticketId: r.ticketId,
    ticketNumber: r.ticketNumber,
    rule: r.rule,
    workQuantity: r.workQuantity,
    costBasisFen: r.costBasisFen,
    rateBp: r.rateBp,
    amountFen: r.amountFen,
    ledgerLineId: r.ledgerLineId,
    countersignature: r.signedAt && r.signatureAttachmentId ? { signerName: r.signerName ?? '', attachmentId: r.signatureAttachmentId, signedAt: r.signedAt } : null,
    createdAt: r.createdAt,
  };
}

/** R7: a written delegation agreement, uploaded first, and its period. */
export async function addAgreement(
  deps: ContractorsDeps,
  actor: Actor,
  contractorId: string,
  body: { attachmentId: string; startsOn: string; endsOn: string; note?: string | null | undefined },
): Promise<AgreementView> {
  if (!(await repo.findContractor(deps.db, actor.orgId, contractorId))) throw contractorNotFound();
  if (body.endsOn < body.startsOn) throw fieldError('body.endsOn', 'contractors.errors.endsBeforeStart');
  try {
    await deps.files.get(actor, body.attachmentId);
  } catch {
    throw invalidReference('body.attachmentId', 'contractors.errors.unknownAttachment');
  }
  const id = uuidv7();
  await repo.insertAgreement(deps.db, { orgId: actor.orgId, id, contractorId, attachmentId: body.attachmentId, startsOn: body.startsOn, endsOn: body.endsOn, note: body.note ?? null, createdBy: actor.userId, createdAt: deps.clock() });
  return (await listAgreements(deps, actor, contractorId)).find((a) => a.id === id)!;
}


/**
 * R7: the written delegation agreement uploaded with its period: a PDF or an image (the files
 * module sniffs the type and enforces the upload size), kept on the contractor; the agreement
 * and its file are written together or not at all.
 */
export async function uploadAgreement(
  deps: ContractorsDeps,
  actor: Actor,
  contractorId: string,
  upload: Upload,
  period: { startsOn: string; endsOn: string; note?: string | null | undefined },
): Promise<AgreementView> {
  if (!(await repo.findContractor(deps.db, actor.orgId, contractorId))) {
    upload.stream.resume();
    throw contractorNotFound();
  }
  if (period.endsOn < period.startsOn) {
    upload.stream.resume();
    throw fieldError('querystring.endsOn', 'contractors.errors.endsBeforeStart');
  }
  const id = uuidv7();
  await deps.files.attach(actor, { type: 'contractor', id: contractorId, purpose: 'delegation_agreement' }, upload, async (tx, attachment) => {
    if (!DOCUMENT_TYPES.test(attachment.contentType)) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', { detail: 'errors.detail.fileType', params: { type: attachment.contentType, allowed: 'pdf, png, jpeg' } });
    }
    await repo.insertAgreement(tx, { orgId: actor.orgId, id, contractorId, attachmentId: attachment.id, startsOn: period.startsOn, endsOn: period.endsOn, note: period.note ?? null, createdBy: actor.userId, createdAt: deps.clock() });
  });
  return (await listAgreements(deps, actor, contractorId)).find((a) => a.id === id)!;
}

export async function listAgreements(deps: ContractorsDeps, actor: Actor, contractorId: string): Promise<AgreementView[]> {
  if (!(await repo.findContractor(deps.db, actor.orgId, contractorId))) throw contractorNotFound();
  const rows = await repo.agreementsOf(deps.db, actor.orgId, contractorId);
  // The file's name, for the contractor's page (a handful of agreements per contractor).
  const names = await Promise.all(rows.map((a) => deps.files.get(actor, a.attachmentId).then((f) => f.fileName, () => null)));
  return rows.map((a, i) => ({
    id: a.id,
    contractorId: a.contractorId,
    attachmentId: a.attachmentId,
    fileName: names[i] ?? null,
    startsOn: a.startsOn,
    endsOn: a.endsOn,
    note: a.note,
    createdAt: a.createdAt,
  }));
}
