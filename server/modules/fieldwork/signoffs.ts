import { v7 as uuidv7 } from 'uuid';
import type { SignoffParty } from '../../../shared/contracts/fieldwork';
import { missingParties, signoffSetFor } from '../../../shared/signoffs';
import type { Db } from '../../db/client';
import { AppError, invalidReference } from '../../errors';
import { systemActor, type Actor } from '../identity';
import * as repo from './fieldwork.repository';
import { ticketFor, type FieldworkDeps } from './fieldwork.deps';

/*
 * Signatures on a ticket (R8's four parties, E8's acceptance, E10's repair report), who must
 * still sign, and the guard that keeps a job open until they have.
 */

export interface SignoffInput {
  party: SignoffParty;
  signerName: string;
  attachmentId?: string | null | undefined;
  typed?: boolean | undefined;
  note?: string | undefined;
}

/** Adds a signature, drawn (an attachment on the ticket) or typed, and answers who still must sign. */
export async function collectSignoff(deps: FieldworkDeps, actor: Actor, ticketId: string, body: SignoffInput) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await ticketFor(deps, tx, actor, ticketId);
    if (body.attachmentId && !(await deps.files.onTicket(tx, actor.orgId, body.attachmentId, ticketId))) {
      throw invalidReference('body.attachmentId', 'errors.detail.signatureNotFound');
    }
    await repo.insertSignoff(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      ticketId,
      party: body.party,
      signerName: body.signerName,
      method: body.attachmentId ? 'drawn' : 'typed',
      attachmentId: body.attachmentId ?? null,
      note: body.note ?? null,
      collectedBy: actor.userId,
      signedAt: now,
    });
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'signoff', details: { party: body.party, signerName: body.signerName } }, now, { touch: true });
  });
  return signoffsOf(deps, actor, ticketId);
}

/**
 * Typed signatures from everyone who must still sign, in one transaction: the signer of each
 * missing party is asked of `signerFor`, in the order the parties are missing. What
 * `collectSignoff` writes for each, without reading the ticket and its sign-offs again after
 * every one. For loading a history (the demo data). Answers the parties that signed.
 */
export async function collectMissingSignoffs(deps: FieldworkDeps, actor: Actor, ticketId: string, signerFor: (party: SignoffParty) => string): Promise<SignoffParty[]> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const { missing } = await signoffsOf(deps, actor, ticketId, tx);
    if (missing.length === 0) return [];
    const signed = missing.map((party) => ({ party, signerName: signerFor(party) }));
    await repo.insertSignoffs(
      tx,
      signed.map(({ party, signerName }) => ({
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId,
        party,
        signerName,
        method: 'typed',
        attachmentId: null,
        note: null,
        collectedBy: actor.userId,
        signedAt: now,
      })),
    );
    for (const { party, signerName } of signed) {
      await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'signoff', details: { party, signerName } }, now, { touch: true });
    }
    return missing;
  });
}

/** Who must sign this ticket off, who has, and who is still missing. */
export async function signoffsOf(deps: FieldworkDeps, actor: Actor, ticketId: string, tx: Db = deps.db) {
  const ticket = await ticketFor(deps, tx, actor, ticketId);
  const set = signoffSetFor({ type: ticket.type, assetKind: ticket.assetKind });
  const rows = await repo.findSignoffs(tx, actor.orgId, ticketId);
  const signed = rows.map((r) => r.party as SignoffParty);
  return {
    set: set.code,
    required: set.required,
    parties: [...set.parties],
    missing: missingParties(set, signed),
    items: rows.map((r) => ({ id: r.id, party: r.party as SignoffParty, signerName: r.signerName, method: r.method as 'drawn' | 'typed', attachmentId: r.attachmentId, note: r.note, signedAt: r.signedAt })),
  };
}

/**
 * For other modules (contractors: a deduction settles a ticket only once it is signed off, R8):
 * whether everyone this ticket requires has signed, and who is still missing. A ticket whose
 * sign-off is not required (E10) is complete. A caller that knows which parties its own rule
 * requires (a contractor's ticket is a property repair: R8's four) names them in `parties`.
 */
export async function signoffsComplete(
  deps: FieldworkDeps,
  tx: Db,
  orgId: string,
  ticketId: string,
  parties?: readonly SignoffParty[],
): Promise<{ complete: boolean; missing: SignoffParty[] }> {
  const state = await signoffsOf(deps, systemActor(orgId, ''), ticketId, tx);
  const signed = state.items.map((i) => i.party);
  const missing = parties ? parties.filter((p) => !signed.includes(p)) : state.required ? state.missing : [];
  return { complete: missing.length === 0, missing };
}

/** R8, E8: a visited job closes only when everyone who must sign has signed. */
export async function assertSignedOff(deps: FieldworkDeps, tx: Db, orgId: string, ticketId: string) {
  const state = await signoffsOf(deps, systemActor(orgId, ''), ticketId, tx);
  if (state.required && state.missing.length) {
    throw new AppError('SIGNOFFS_MISSING', { detail: 'errors.detail.signoffsMissing', params: { parties: state.missing.join(', ') }, extensions: { missing: state.missing } });
  }
}
