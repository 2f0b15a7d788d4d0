import { Readable } from 'node:stream';
import type { DrawnSignature } from '../../../shared/contracts/billing-quotes';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor, BillingDeps } from './billing.deps';

/*
 * A customer's drawn signature (the signature pad's PNG) kept as an attachment of the ticket,
 * written in the same transaction as what it signs: a quote's approval, a raised charge line,
 * the delivery explanation (A6). Nothing is signed half: a refused decision keeps no signature row.
 */

export type SignaturePurpose = 'quote_signature' | 'charge_signature';

function uploadOf(signature: DrawnSignature) {
  const bytes = Buffer.from(signature.png.replace(/^data:image\/png;base64,/, ''), 'base64');
  return { stream: Readable.from([bytes]), fileName: 'signature.png', declaredType: 'image/png' };
}

/**
 * Runs `work` in one transaction; with a signature, that transaction also writes the signature's
 * attachment (a PNG, or FILE_TYPE_NOT_ALLOWED), and `work` gets its id.
 */
export async function withSignature<T>(
  deps: Pick<BillingDeps, 'db' | 'files'>,
  actor: Actor,
  ticketId: string,
  signature: DrawnSignature | null | undefined,
  purpose: SignaturePurpose,
  work: (tx: Db, attachmentId: string | null) => Promise<T>,
): Promise<T> {
  if (!signature) return deps.db.transaction((tx) => work(tx, null));
  let result: { value: T } | undefined;
  await deps.files.attach(actor, { type: 'ticket', id: ticketId, purpose }, uploadOf(signature), async (tx, attachment) => {
    if (attachment.contentType !== 'image/png') throw new AppError('FILE_TYPE_NOT_ALLOWED', { detail: 'errors.detail.fileType', params: { type: attachment.contentType, allowed: 'png' } });
    result = { value: await work(tx, attachment.id) };
  });
  return result!.value;
}
