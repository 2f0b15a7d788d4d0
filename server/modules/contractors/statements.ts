import { v7 as uuidv7 } from 'uuid';
import type { StatementView } from '../../../shared/contracts/contractors';
import { addDays, addMonths, localInstant } from '../../../shared/time';
import { AppError, invalidReference, notFound } from '../../errors';
import { isUniqueViolation } from '../../db/errors';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { ContractorsDeps } from './contractors.deps';
import * as repo from './contractors.repository';
import { appendLine } from './ledger';
import { contractorNotFound } from './register';
import { assertContractorUser } from './assignment';
import type { StatementPrint } from './statement-pdf';

/**
 * R9: each quarter a written statement of every deduction goes to the contractor (the portal and
 * the outbox). The contractor confirms it, or disputes lines one by one with a reason and
 * attachments; the centre accepts a dispute (a reversing line on the ledger) or rejects it with an
 * answer. The statement closes when no line is open or disputed; a closed statement takes no
 * dispute (409 STATEMENT_CLOSED).
 */

function quarterDays(quarter: string): { fromOn: string; toOn: string } {
  const [year, q] = quarter.split('-Q');
  const fromOn = `${year}-${String((Number(q) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { fromOn, toOn: addMonths(fromOn, 3) };
}

const statementNotFound = () => notFound('contractors.errors.unknownStatement');
const closed = () => new AppError('STATEMENT_CLOSED', { detail: 'contractors.errors.statementClosed' });

async function view(deps: ContractorsDeps, db: Db, actor: Actor, row: repo.StatementRow): Promise<StatementView> {
  const contractor = await repo.findContractor(db, actor.orgId, row.contractorId);
  const lines = await repo.linesOf(db, actor.orgId, row.id);
  return {
    id: row.id,
    contractorId: row.contractorId,
    contractorName: contractor?.name ?? '',
    quarter: row.quarter,
    fromOn: row.fromOn,
    toOn: row.toOn,
    status: row.status,
    totalFen: row.totalFen,
    issuedAt: row.issuedAt,
    closedAt: row.closedAt,
    lines: lines.map((l) => ({
      id: l.line.id,
      ledgerLineId: l.line.ledgerLineId,
      rule: l.rule,
      ticketId: l.ticketId,
      ticketNumber: l.ticketNumber,
      costBasisFen: l.costBasisFen,
      rateBp: l.rateBp,
      amountFen: l.line.amountFen,
      status: l.line.status,
      disputeReason: l.line.disputeReason,
      disputeAttachmentIds: l.line.disputeAttachmentIds,
      answer: l.line.answer,
      reversalLineId: l.line.reversalLineId,
    })),
  };
}

/** The statement as this actor may see it: a contractor only its own (any other is 404). */
async function visible(deps: ContractorsDeps, db: Db, actor: Actor, id: string, lock = false): Promise<repo.StatementRow> {
  const row = await repo.findStatement(db, actor.orgId, id, lock);
  if (!row || (actor.role === 'contractor' && row.contractorId !== actor.contractorId)) throw statementNotFound();
  return row;
}

/** Makes the quarter's statement of every deduction written in it (net of corrections), and sends it. One per quarter. */
export async function issueStatement(deps: ContractorsDeps, actor: Actor, contractorId: string, quarter: string): Promise<StatementView> {
  const org = await deps.getOrganisation(actor.orgId);
  const { fromOn, toOn } = quarterDays(quarter);
  const from = new Date(localInstant(fromOn, 0, org.timeZone));
  const to = new Date(localInstant(toOn, 0, org.timeZone));
  const id = uuidv7();
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (!(await repo.lockContractor(tx, actor.orgId, contractorId))) throw contractorNotFound();
    const deductions = (await repo.deductionsBetween(tx, actor.orgId, contractorId, from, to)).map((d) => ({ id: d.id, net: -Number(d.amount_fen) - Number(d.corrected_fen) }));
    const lines = deductions.filter((d) => d.net > 0).map((d) => ({ orgId: actor.orgId, id: uuidv7(), statementId: id, ledgerLineId: d.id, amountFen: d.net }));
    try {
      await repo.insertStatement(
        tx,
        { orgId: actor.orgId, id, contractorId, quarter, fromOn, toOn: addMonths(fromOn, 3), totalFen: lines.reduce((s, l) => s + l.amountFen, 0), issuedBy: actor.userId, issuedAt: now, status: lines.length ? 'open' : 'closed', closedAt: lines.length ? null : now },
        lines,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS', { detail: 'contractors.errors.statementExists', params: { quarter } });
      throw error;
    }
    await deps.notify.enqueue(tx, {
      orgId: actor.orgId,
      topic: 'contractor.statement',
      recipient: `contractor:${contractorId}`,
      payload: { statementId: id, contractorId, quarter, lines: lines.length },
      dedupeKey: `contractor.statement:${id}`,
    });
  });
  return getStatement(deps, actor, id);
}

export async function getStatement(deps: ContractorsDeps, actor: Actor, id: string): Promise<StatementView> {
  return view(deps, deps.db, actor, await visible(deps, deps.db, actor, id));
}

/** The signed-in contractor's own statement (the portal); anyone else finds nothing. */
export async function ownStatement(deps: ContractorsDeps, actor: Actor, id: string): Promise<StatementView> {
  assertContractorUser(actor);
  return getStatement(deps, actor, id);
}

export async function listStatements(deps: ContractorsDeps, actor: Actor, contractorId: string | null): Promise<StatementView[]> {
  const of = actor.role === 'contractor' || contractorId === null ? actor.contractorId : contractorId;
  if (!of) return [];
  if (!(await repo.findContractor(deps.db, actor.orgId, of))) throw contractorNotFound();
  const rows = await repo.statementsOf(deps.db, actor.orgId, of);
  return Promise.all(rows.map((r) => view(deps, deps.db, actor, r)));
}

/** Closes the statement when nothing on it waits any more: no line open or disputed. */
async function closeIfSettled(tx: Db, actor: Actor, id: string, now: Date) {
  const lines = await repo.linesOf(tx, actor.orgId, id);
  if (lines.every((l) => l.line.status !== 'open' && l.line.status !== 'disputed')) await repo.closeStatement(tx, actor.orgId, id, now);
}

/** The contractor disputes one line with a reason (and attachments already uploaded). */
export async function disputeLine(deps: ContractorsDeps, actor: Actor, id: string, lineId: string, body: { reason: string; attachmentIds?: string[] | undefined }): Promise<StatementView> {
  assertContractorUser(actor);
  for (const [i, attachmentId] of (body.attachmentIds ?? []).entries()) {
    try {
      await deps.files.get(actor, attachmentId);
    } catch {
      throw invalidReference(`body.attachmentIds.${i}`, 'contractors.errors.unknownAttachment');
    }
  }
  await deps.db.transaction(async (tx) => {
    const row = await visible(deps, tx, actor, id, true);
    if (row.status === 'closed') throw closed();
    const line = (await repo.linesOf(tx, actor.orgId, id)).find((l) => l.line.id === lineId);
    if (!line) throw notFound('contractors.errors.unknownStatementLine');
    if (line.line.status !== 'open') throw new AppError('ALREADY_POSTED', { detail: 'contractors.errors.lineSettled' });
    await repo.updateStatementLines(tx, actor.orgId, id, [lineId], { status: 'disputed', disputeReason: body.reason, disputeAttachmentIds: body.attachmentIds ?? [], disputedAt: deps.clock() });
    await deps.notify.enqueue(tx, {
      orgId: actor.orgId,
      topic: 'contractor.statement_disputed',
      recipient: 'role:finance',
      payload: { statementId: id, lineId, contractorId: row.contractorId, reason: body.reason },
      dedupeKey: `contractor.statement_disputed:${lineId}`,
    });
  });
  return getStatement(deps, actor, id);
}

/** The contractor confirms every line it has not disputed. */
export async function confirmStatement(deps: ContractorsDeps, actor: Actor, id: string): Promise<StatementView> {
  assertContractorUser(actor);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await visible(deps, tx, actor, id, true);
    if (row.status === 'closed') throw closed();
    await repo.updateStatementLines(tx, actor.orgId, id, 'open', { status: 'confirmed' });
    await closeIfSettled(tx, actor, id, now);
  });
  return getStatement(deps, actor, id);
}

/** The centre answers a dispute: accepted, the line's deduction is reversed on the ledger; rejected, with the answer. */
export async function decideDispute(deps: ContractorsDeps, actor: Actor, id: string, lineId: string, body: { accept: boolean; answer: string }): Promise<StatementView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await visible(deps, tx, actor, id, true);
    if (row.status === 'closed') throw closed();
    const line = (await repo.linesOf(tx, actor.orgId, id)).find((l) => l.line.id === lineId);
    if (!line) throw notFound('contractors.errors.unknownStatementLine');
    if (line.line.status !== 'disputed') throw new AppError('ALREADY_POSTED', { detail: 'contractors.errors.notDisputed' });
    let reversalLineId: string | null = null;
    if (body.accept) {
      const left = -Number((await repo.findLine(tx, actor.orgId, line.line.ledgerLineId))!.amountFen) - (await repo.correctedOf(tx, actor.orgId, line.line.ledgerLineId));
      if (left > 0) {
        reversalLineId = await appendLine(deps, tx, actor, row.contractorId, {
          rule: 'correction',
          amountFen: left,
          ticketId: line.ticketId,
          costBasisFen: null,
          rateBp: null,
          evidence: {},
          note: body.answer,
          correctsId: line.line.ledgerLineId,
          createdBy: actor.userId,
        });
      }
    }
    await repo.updateStatementLines(tx, actor.orgId, id, [lineId], { status: body.accept ? 'accepted' : 'rejected', answer: body.answer, answeredBy: actor.userId, answeredAt: now, reversalLineId });
    await deps.notify.enqueue(tx, {
      orgId: actor.orgId,
      topic: 'contractor.statement_answered',
      recipient: `contractor:${row.contractorId}`,
      payload: { statementId: id, lineId, accepted: body.accept, answer: body.answer },
      dedupeKey: `contractor.statement_answered:${lineId}`,
    });
    await closeIfSettled(tx, actor, id, now);
  });
  return getStatement(deps, actor, id);
}

/** What the printed statement shows (R9), as this actor may see it. */
export async function statementPrint(deps: ContractorsDeps, actor: Actor, id: string, own = false): Promise<StatementPrint> {
  const statement = own ? await ownStatement(deps, actor, id) : await getStatement(deps, actor, id);
  const org = await deps.getOrganisation(actor.orgId);
  return {
    organisation: org.name,
    contractor: statement.contractorName,
    quarter: statement.quarter,
    fromOn: statement.fromOn,
    toOn: addDays(statement.toOn, -1),
    status: statement.status,
    totalFen: statement.totalFen,
    issuedAt: statement.issuedAt.toISOString(),
    lines: statement.lines.map((l) => ({
      rule: l.rule,
      ticket: l.ticketNumber,
      costBasisFen: l.costBasisFen,
      rateBp: l.rateBp,
      amountFen: l.amountFen,
      status: l.status,
      disputeReason: l.disputeReason,
      answer: l.answer,
    })),
  };
}
