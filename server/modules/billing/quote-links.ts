import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { PublicQuoteView, QuoteDecisionBody } from '../../../shared/contracts/billing-quotes';
import { AppError, fieldError } from '../../errors';
import { systemActor } from '../identity';
import type { Actor, BillingDeps } from './billing.deps';
import { assertDecidable, decideInTx, statusOf } from './quotes';
import * as repo from './quotes.repository';
import { withSignature } from './signatures';

/*
 * The approval link (C3): a random 256-bit token in the URL, of which only a SHA-256 is stored;
 * it works for `billing.approvalLinkHours` (then LINK_EXPIRED) and only for the quote it was made
 * for. The public page shows what the quote needs (organisation, ticket number, product, lines,
 * total), never the customer's phone or address. Requests are counted per address in the
 * database (`billing.publicLink*`), so a guesser gets RATE_LIMITED long before a token.
 */

const HOUR = 3_600_000;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new approval link for an open quote; the token is shown once, here. */
export async function createLink(deps: BillingDeps, actor: Actor, quoteId: string) {
  const now = deps.clock();
  const token = randomBytes(32).toString('base64url');
  const org = await deps.getOrganisation(actor.orgId);
  const expiresAt = new Date(now.getTime() + org.settings.billing.approvalLinkHours * HOUR);
  await deps.db.transaction(async (tx) => {
    const row = await repo.findQuote(tx, actor.orgId, quoteId, { lock: true });
    if (!row) throw new AppError('NOT_FOUND');
    await deps.tickets.getVisible(tx, actor, row.ticketId);
    assertDecidable(row, now);
    await repo.insertLink(tx, { orgId: actor.orgId, id: uuidv7(), quoteId, tokenHash: hashOf(token), expiresAt, createdBy: actor.userId, createdAt: now });
    await deps.tickets.recordEvent(tx, actor, row.ticketId, { type: 'quote', details: { kind: 'link_sent', quoteId, version: row.number, expiresAt: expiresAt.toISOString() } }, now, { touch: false });
  });
  const path = `/q/${token}`;
  return { path, expiresAt };
}

/** The link behind a token, counted against the caller's address; NOT_FOUND for any other token, LINK_EXPIRED past its time. */
async function linkOf(deps: BillingDeps, token: string, ip: string) {
  const now = deps.clock();
  const link = await repo.findLinkByHash(deps.db, hashOf(token));
  // The allowance is the organisation's when the token names one, else the defaults'.
  const limits = (link ? await deps.getOrganisation(link.orgId) : undefined)?.settings.billing;
  const windowMs = (limits?.publicLinkWindowMinutes ?? 15) * 60_000;
  const taken = await repo.takeThrottle(deps.db, `quote|ip|${ip}`, now, new Date(now.getTime() - windowMs));
  if (taken.count > (limits?.publicLinkRequestsPerAddress ?? 60)) {
    const retryAfterSeconds = Math.max(1, Math.ceil((taken.windowStartedAt.getTime() + windowMs - now.getTime()) / 1000));
    throw new AppError('RATE_LIMITED', { detail: 'errors.detail.rateLimited', params: { minutes: Math.ceil(retryAfterSeconds / 60) }, extensions: { retryAfterSeconds } });
  }
  if (!link) throw new AppError('NOT_FOUND');
  if (link.expiresAt.getTime() <= now.getTime()) throw new AppError('LINK_EXPIRED', { detail: 'billing.errors.linkExpired' });
  return link;
}

/** What the customer's phone shows. */
export async function publicQuote(deps: BillingDeps, token: string, ip: string): Promise<PublicQuoteView> {
  const link = await linkOf(deps, token, ip);
  const [quote, org] = await Promise.all([repo.findQuote(deps.db, link.orgId, link.quoteId), deps.getOrganisation(link.orgId)]);
  const ticket = await repo.ticketForPublic(deps.db, link.orgId, quote!.ticketId);
  const product = ticket ? [ticket.productName ?? ticket.brand, ticket.model].filter(Boolean).join(' ') || null : null;
  return {
    organisation: org.name,
    ticketNumber: ticket?.number ?? '',
    product,
    version: quote!.number,
    status: statusOf(quote!, deps.clock()),
    lines: quote!.lines.map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, amountFen: l.amountFen, rule: l.rule })),
    totalFen: quote!.totalFen,
    validUntil: quote!.validUntil,
    linkExpiresAt: link.expiresAt,
    timeZone: org.timeZone,
  };
}

/** The customer decides through the link; approving needs their drawn signature. */
export async function decideByLink(deps: BillingDeps, token: string, ip: string, body: QuoteDecisionBody): Promise<PublicQuoteView> {
  const link = await linkOf(deps, token, ip);
  if (body.decision === 'approved' && !body.signature) throw fieldError('body.signature', 'billing.errors.signatureRequired', { code: 'required' });
  const quote = await repo.findQuote(deps.db, link.orgId, link.quoteId);
  assertDecidable(quote!, deps.clock());
  // The signature's file is recorded as uploaded by whoever sent the link.
  const actor = systemActor(link.orgId, link.createdBy);
  await withSignature(deps, actor, quote!.ticketId, body.signature, 'quote_signature', (tx, attachmentId) => decideInTx(deps, tx, { actor, via: 'link' }, link.quoteId, body, attachmentId));
  return publicQuote(deps, token, ip);
}

/**
 * The ticket's current quote as its customer sees it on the tracking page (the same lines as the
 * approval link shows), or null when it has none. `linkExpiresAt` is the tracking link's.
 */
export async function quoteForCustomer(deps: BillingDeps, orgId: string, ticketId: string) {
  const quote = await repo.currentQuote(deps.db, orgId, ticketId);
  if (!quote) return null;
  return {
    id: quote.id,
    version: quote.number,
    status: statusOf(quote, deps.clock()),
    lines: quote.lines.map((l) => ({ kind: l.kind, description: l.description, quantity: l.quantity, amountFen: l.amountFen, rule: l.rule })),
    totalFen: quote.totalFen,
    validUntil: quote.validUntil,
  };
}

/**
 * The customer decides the ticket's quote from its tracking page: the same decision as through
 * the approval link (a drawn signature to approve, recorded `via: link`, on behalf of whoever
 * issued the tracking link). `quoteId` is the version the page showed: a newer one is refused.
 */
export async function decideForCustomer(deps: BillingDeps, orgId: string, ticketId: string, onBehalfOf: string, quoteId: string, body: QuoteDecisionBody) {
  if (body.decision === 'approved' && !body.signature) throw fieldError('body.signature', 'billing.errors.signatureRequired', { code: 'required' });
  const quote = await repo.findQuote(deps.db, orgId, quoteId);
  if (!quote || quote.ticketId !== ticketId) throw new AppError('NOT_FOUND');
  assertDecidable(quote, deps.clock());
  const actor = systemActor(orgId, onBehalfOf);
  await withSignature(deps, actor, ticketId, body.signature, 'quote_signature', (tx, attachmentId) => decideInTx(deps, tx, { actor, via: 'link' }, quoteId, body, attachmentId));
}
