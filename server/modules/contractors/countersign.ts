import { Readable } from 'node:stream';
import type { CountersignItem } from '../../../shared/contracts/contractors';
import type { DrawnSignature } from '../../../shared/contracts/billing-quotes';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../identity';
import type { ContractorsDeps } from './contractors.deps';
import * as repo from './contractors.repository';
import { assertContractorUser } from './assignment';
import { appendLine, toCountersignItem } from './ledger';

/**
 * The contractor countersigns a deduction's work quantity (工程量) on its portal with a drawn
 * signature (the seed: 按用户报修实际工程量进行维修单签认; R7: 费用经施工单位签认后…在质保金中扣除).
 * An R5 or R6 deduction is already on the ledger: the countersignature is its evidence, and a
 * contractor that does not agree disputes the line in its quarterly statement (R9). An R7 fee is
 * written on the ledger by the countersignature itself, in the same transaction.
 */

/** The signed-in contractor's requests, newest first: what waits for its signature and what it signed. */
export async function listOwnCountersigns(deps: ContractorsDeps, actor: Actor): Promise<CountersignItem[]> {
  assertContractorUser(actor);
  return (await repo.countersignsOf(deps.db, actor.orgId, actor.contractorId!)).map(toCountersignItem);
}

const alreadySigned = () => new AppError('ALREADY_POSTED', { detail: 'contractors.errors.alreadyCountersigned' });

/** Signs one of its own requests (another contractor's is 404); the signature is a PNG kept on the ticket. */
export async function countersign(deps: ContractorsDeps, actor: Actor, id: string, signature: DrawnSignature): Promise<CountersignItem> {
  assertContractorUser(actor);
  const own = (await repo.countersignsOf(deps.db, actor.orgId, actor.contractorId!)).find((c) => c.id === id);
  if (!own) throw notFound();
  if (own.signedAt) throw alreadySigned();
  const bytes = Buffer.from(signature.png.replace(/^data:image\/png;base64,/, ''), 'base64');
  const now = deps.clock();
  await deps.files.attach(
    actor,
    { type: 'ticket', id: own.ticketId, purpose: 'countersignature' },
    { stream: Readable.from([bytes]), fileName: 'countersignature.png', declaredType: 'image/png' },
    async (tx, attachment) => {
      if (attachment.contentType !== 'image/png') throw new AppError('FILE_TYPE_NOT_ALLOWED', { detail: 'errors.detail.fileType', params: { type: attachment.contentType, allowed: 'png' } });
      const row = await repo.lockCountersign(tx, actor.orgId, id);
      if (!row || row.signedAt) throw alreadySigned();
      let ledgerLineId = row.ledgerLineId;
      if (!ledgerLineId) {
        // R7: the countersigned fee is paid from the deposit now.
        ledgerLineId = await appendLine(deps, tx, actor, row.contractorId, {
          rule: row.rule,
          amountFen: -row.amountFen,
          ticketId: row.ticketId,
          costBasisFen: row.costBasisFen,
          rateBp: row.rateBp,
          evidence: { ...row.evidence, attachmentIds: [...(row.evidence.attachmentIds ?? []), attachment.id] },
          note: row.note,
          createdBy: row.createdBy,
        });
      }
      await repo.signCountersign(tx, actor.orgId, id, { signerName: signature.signerName, signatureAttachmentId: attachment.id, signedBy: actor.userId, signedAt: now, ledgerLineId });
      await deps.notify.enqueue(tx, {
        orgId: actor.orgId,
        topic: 'contractor.countersigned',
        recipient: 'role:finance',
        payload: { countersignId: id, ticketId: row.ticketId, contractorId: row.contractorId, rule: row.rule, amountFen: row.amountFen, ledgerLineId },
        dedupeKey: `contractor.countersigned:${id}`,
      });
    },
  );
  return (await listOwnCountersigns(deps, actor)).find((c) => c.id === id)!;
}
