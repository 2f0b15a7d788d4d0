import { v7 as uuidv7 } from 'uuid';
import type { CreateQuoteBody, LabourUnit, QuoteDecisionBody, QuoteDraftView, QuoteLineBody, QuoteStatus, QuoteView } from '../../../shared/contracts/billing-quotes';
import type { TicketAction } from '../../../shared/domain';
import { enumLabel, type Locale } from '../../../shared/i18n';
import { priceOf } from '../parts';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, fieldError, invalidReference } from '../../errors';
import type { TicketRef } from '../tickets';
import type { Actor, BillingDeps } from './billing.deps';
import { bestRate, contractInForce } from './prices';
import { covered, priceQuote, type LineInput, type PartPrice, type PricingContext } from './pricing-engine';
import * as repo from './quotes.repository';
import { withSignature } from './signatures';

/*
 * Quotes on a ticket (C3, E1, E5, E7, W3): priced by the engine from the ticket's facts, the
 * customer's contract and the settings; versioned (a new quote supersedes the open one, which
 * stays readable); decided by the customer on the spot or through a link, with a drawn
 * signature; expiring after `billing.quoteValidDays`.
 *
 * C3's rule for starting work: a ticket needs an approved quote before `start` when it is an
 * RMA out of warranty (warranty `out`, or damage caused by people, E1), or when its current
 * quote was made with `requiresApproval`.
 */

const DAY = 86_400_000;
const CLOSED = new Set(['closed', 'cancelled']);

/** C3: does this ticket need an approved quote before paid work starts (apart from what its quote says)? */
export const rmaNeedsQuote = (ticket: { type: string; warranty: string; humanDamage: boolean }) => ticket.type === 'rma' && (ticket.warranty === 'out' || ticket.humanDamage);

/** The status a quote shows: an open one past its validity is expired. */
export const statusOf = (row: Pick<repo.QuoteRow, 'status' | 'validUntil'>, now: Date): QuoteStatus => (row.status === 'open' && row.validUntil.getTime() <= now.getTime() ? 'expired' : row.status);

export function toQuoteView(row: repo.QuoteRow, createdByName: string | null, now: Date): QuoteView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    version: row.number,
    status: statusOf(row, now),
    totalFen: row.totalFen,
    lines: row.lines,
    discountBp: row.discountBp,
    bookingDiscountBp: row.bookingDiscountBp,
    customerCaused: row.customerCaused,
    requiresApproval: row.requiresApproval,
    note: row.note,
    validUntil: row.validUntil,
    createdAt: row.createdAt,
    createdByName: createdByName ?? '',
    decidedAt: row.decidedAt,
    decidedVia: row.decidedVia,
    signature: row.signatureAttachmentId && row.decidedAt ? { attachmentId: row.signatureAttachmentId, signerName: row.signerName ?? '', signedAt: row.decidedAt } : null,
  };
}

/**
 * E5: the prices of the parts the lines name, read before the caller's transaction (the parts
 * module reads on its own connection): by part id.
 */
export async function partPricesOf(deps: BillingDeps, actor: Actor, ticket: TicketRef, lines: readonly Pick<LineInput, 'partId'>[]): Promise<Map<string, PartPrice>> {
  const partIds = [...new Set(lines.map((l) => l.partId).filter((id): id is string => !!id))];
  const parts = new Map<string, PartPrice>();
  if (partIds.length === 0) return parts;
  const org = await deps.getOrganisation(actor.orgId);
  const contract = await contractInForce(deps.db, actor.orgId, ticket.customerId, deps.clock(), org.timeZone);
  for (const partId of partIds) parts.set(partId, await partPrice(deps, actor, partId, ticket.customerId, contract !== null, lines));
  return parts;
}

/** What prices a ticket's lines: its warranty and damage, the call-out mark, the booking discount (W3), the contract (R1, E5), travel (E7). */
export async function pricingContextOf(deps: BillingDeps, tx: Db, actor: Actor, ticket: TicketRef, parts: Map<string, PartPrice>, discountBp = 0): Promise<PricingContext> {
  const now = deps.clock();
  const org = await deps.getOrganisation(actor.orgId, tx);
  const booked = await deps.appointments.ticketWasBooked(tx, actor.orgId, ticket.id);
  const mark = await repo.findMark(tx, actor.orgId, ticket.id);
  const contract = await contractInForce(tx, actor.orgId, ticket.customerId, now, org.timeZone);
  return {
    warranty: ticket.warranty,
    humanDamage: ticket.humanDamage,
    customerCaused: mark?.mark.customerCaused ?? false,
    bookingDiscountBp: booked ? org.settings.appointments.bookingDiscountBp : 0,
    discountBp,
    travel: { perKmFen: org.settings.billing.travelPerKmFen, fixedFen: org.settings.billing.travelFixedFen },
    contractRates: {
      ...(contract?.dayRateFen != null ? { person_day: contract.dayRateFen } : {}),
      ...(contract?.hourRateFen != null ? { hour: contract.hourRateFen } : {}),
    },
    parts,
  };
}

/**
 * E5: a part's price after warranty, by the parts module's rule (`priceOf`): agreed with this
 * customer, else the part's contract price when the customer has a contract (agreed part
 * prices, or a contract here with its labour rates), else retail.
 */
async function partPrice(deps: BillingDeps, actor: Actor, partId: string, customerId: string, hasContract: boolean, lines: readonly Pick<LineInput, 'partId'>[]): Promise<PartPrice> {
  const detail = await deps.parts.getPartDetail(actor, partId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw invalidReference(`body.lines.${lines.findIndex((l) => l.partId === partId)}.partId`, 'parts.errors.unknownPart');
    throw error;
  });
  const agreed = detail.contractPrices.find((c) => c.customerId === customerId)?.priceFen;
  const contract = new Map<string, number>(agreed !== undefined ? [[partId, agreed]] : hasContract ? [['', 0]] : []);
  const { basis, unitPriceFen } = priceOf({ id: partId, retailPriceFen: detail.retailPriceFen, contractPriceFen: detail.contractPriceFen }, { warranty: 'out', humanDamage: false }, contract);
  const price = { basis: basis as PartPrice['basis'], unitPriceFen };
  return { ...price, contractUnitFen: basis === 'customer_contract' || basis === 'contract' ? unitPriceFen : null };
}

async function openTicket(deps: BillingDeps, tx: Db, actor: Actor, ticketId: string): Promise<TicketRef> {
  await deps.tickets.lockForChange(tx, actor, ticketId);
  const ticket = await deps.tickets.getVisible(tx, actor, ticketId);
  if (CLOSED.has(ticket.status)) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'billing.errors.ticketClosed', params: { status: ticket.status } });
  return ticket;
}

/** The lines priced as they would be, without saving (the quote editor shows each line's rule). */
export async function previewQuote(deps: BillingDeps, actor: Actor, ticketId: string, body: CreateQuoteBody) {
  const ticket = await deps.tickets.getVisible(deps.db, actor, ticketId);
  const ctx = await pricingContextOf(deps, deps.db, actor, ticket, await partPricesOf(deps, actor, ticket, body.lines), body.discountBp ?? 0);
  return priceQuote(ctx, body.lines);
}

/** C3, E5, E7, W3: a new quote version; the open one is superseded. */
export async function createQuote(deps: BillingDeps, actor: Actor, ticketId: string, body: CreateQuoteBody): Promise<QuoteView> {
  const now = deps.clock();
  const id = uuidv7();
  const parts = await partPricesOf(deps, actor, await deps.tickets.getVisible(deps.db, actor, ticketId), body.lines);
  await deps.db.transaction(async (tx) => {
    const ticket = await openTicket(deps, tx, actor, ticketId);
    const org = await deps.getOrganisation(actor.orgId, tx);
    const ctx = await pricingContextOf(deps, tx, actor, ticket, parts, body.discountBp ?? 0);
    const priced = priceQuote(ctx, body.lines);
    await repo.supersedeOpen(tx, actor.orgId, ticketId);
    const number = (await repo.lastNumber(tx, actor.orgId, ticketId)) + 1;
    await repo.insertQuote(tx, {
      orgId: actor.orgId,
      id,
      ticketId,
      customerId: ticket.customerId,
      number,
      status: 'open',
      lines: priced.lines,
      totalFen: priced.totalFen,
      discountBp: body.discountBp ?? 0,
      bookingDiscountBp: ctx.bookingDiscountBp,
      customerCaused: ctx.customerCaused,
      requiresApproval: body.requiresApproval ?? rmaNeedsQuote(ticket),
      note: body.note ?? null,
      validUntil: new Date(now.getTime() + org.settings.billing.quoteValidDays * DAY),
      createdBy: actor.userId,
      createdAt: now,
    });
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'quote', details: { kind: 'created', quoteId: id, version: number, totalFen: priced.totalFen } }, now, { touch: false });
  });
  return getQuote(deps, actor, id);
}

export async function getQuote(deps: BillingDeps, actor: Actor, id: string): Promise<QuoteView> {
  const found = await repo.findQuoteView(deps.db, actor.orgId, id);
  if (!found) throw new AppError('NOT_FOUND');
  await deps.tickets.getVisible(deps.db, actor, found.quote.ticketId);
  return toQuoteView(found.quote, found.createdByName, deps.clock());
}

/** Every version of the ticket's quotes, newest first. */
export async function listQuotes(deps: BillingDeps, actor: Actor, ticketId: string): Promise<QuoteView[]> {
  await deps.tickets.getVisible(deps.db, actor, ticketId);
  const now = deps.clock();
  return (await repo.listQuotes(deps.db, actor.orgId, ticketId)).map((r) => toQuoteView(r.quote, r.createdByName, now));
}

/** Refuses a decision on a quote that is not open: superseded, expired, or already decided. */
export function assertDecidable(row: repo.QuoteRow, now: Date) {
  if (row.status === 'superseded') throw new AppError('QUOTE_SUPERSEDED', { detail: 'billing.errors.quoteSuperseded', params: { version: row.number } });
  if (row.status !== 'open') throw new AppError('QUOTE_DECIDED', { detail: 'billing.errors.quoteDecided', params: { status: row.status } });
  if (statusOf(row, now) === 'expired') throw new AppError('QUOTE_EXPIRED', { detail: 'billing.errors.quoteExpired', params: { version: row.number } });
}

/**
 * The customer's decision, in one transaction with its signature: on the spot (`via: staff`)
 * or through the link (`via: link`, recorded without a user).
 */
export async function decideInTx(
  deps: BillingDeps,
  tx: Db,
  by: { actor: Actor; via: 'staff' | 'link' },
  quoteId: string,
  body: QuoteDecisionBody,
  attachmentId: string | null,
) {
  const now = deps.clock();
  const row = await repo.findQuote(tx, by.actor.orgId, quoteId, { lock: true });
  if (!row) throw new AppError('NOT_FOUND');
  assertDecidable(row, now);
  savedOrThrow(
    await repo.updateQuote(tx, by.actor.orgId, quoteId, row.version, {
      status: body.decision,
      decidedAt: now,
      decidedBy: by.via === 'staff' ? by.actor.userId : null,
      decidedVia: by.via,
      signatureAttachmentId: attachmentId,
      signerName: body.signature?.signerName ?? null,
    }),
    row.version,
  );
  const recorder = by.via === 'staff' ? by.actor : { orgId: by.actor.orgId, userId: null };
  await deps.tickets.recordEvent(
    tx,
    recorder,
    row.ticketId,
    { type: 'quote', details: { kind: 'decided', quoteId, version: row.number, decision: body.decision, via: by.via, signerName: body.signature?.signerName ?? null } },
    now,
    { touch: true },
  );
}

/** The decision taken by staff with the customer there (a drawn signature when the customer signs). */
export async function decideQuote(deps: BillingDeps, actor: Actor, quoteId: string, body: QuoteDecisionBody): Promise<QuoteView> {
  const row = await repo.findQuote(deps.db, actor.orgId, quoteId);
  if (!row) throw new AppError('NOT_FOUND');
  await deps.tickets.getVisible(deps.db, actor, row.ticketId);
  // Refused before a signature is stored.
  assertDecidable(row, deps.clock());
  await withSignature(deps, actor, row.ticketId, body.signature, 'quote_signature', (tx, attachmentId) => decideInTx(deps, tx, { actor, via: 'staff' }, quoteId, body, attachmentId));
  return getQuote(deps, actor, quoteId);
}

/** `quoteApprovedInTx`: is the ticket's current quote approved? (for the RMA repair step and C3's guard) */
export async function quoteApprovedInTx(tx: Db, orgId: string, ticketId: string): Promise<boolean> {
  return (await repo.currentQuote(tx, orgId, ticketId))?.status === 'approved';
}

/** C3: paid work does not start before its quote is approved (registered on tickets' `guardTransitions`). */
export async function guardPaidWork(tx: Db, ticket: { orgId: string; id: string; type: string; warranty: string; humanDamage: boolean }, action: TicketAction) {
  if (action !== 'start') return;
  const current = await repo.currentQuote(tx, ticket.orgId, ticket.id);
  const required = rmaNeedsQuote(ticket) || (current?.requiresApproval ?? false);
  if (required && current?.status !== 'approved') {
    throw new AppError('QUOTE_NOT_APPROVED', { detail: current ? 'billing.errors.quoteNotApprovedYet' : 'billing.errors.quoteMissing', ...(current ? { params: { version: current.number } } : {}) });
  }
}

/** The seed's exception: the technician marks the call-out as caused by the customer (with the reason), or clears the mark. */
export async function markCustomerCaused(deps: BillingDeps, actor: Actor, ticketId: string, body: { customerCaused: boolean; reason?: string | null | undefined }) {
  if (body.customerCaused && !body.reason) throw fieldError('body.reason', 'billing.errors.reasonRequired', { code: 'required' });
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await openTicket(deps, tx, actor, ticketId);
    await repo.saveMark(tx, { orgId: actor.orgId, ticketId, customerCaused: body.customerCaused, reason: body.reason ?? null, markedBy: actor.userId, markedAt: now });
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'quote', details: { kind: 'customer_caused', customerCaused: body.customerCaused, reason: body.reason ?? null } }, now, { touch: false });
  });
  return customerCausedOf(deps, actor, ticketId);
}

export async function customerCausedOf(deps: BillingDeps, actor: Actor, ticketId: string, tx: Db = deps.db) {
  await deps.tickets.getVisible(tx, actor, ticketId);
  const found = await repo.findMark(tx, actor.orgId, ticketId);
  return { customerCaused: found?.mark.customerCaused ?? false, reason: found?.mark.reason ?? null, markedAt: found?.mark.markedAt ?? null, markedByName: found?.markedByName ?? null };
}

/**
 * What the quote editor starts from: labour at the best rate for the ticket (a person-day, E7),
 * the ticket's parts, and for an RMA its shipping and insurance (C3); priced as a quote would be.
 */
export async function quoteDraft(deps: BillingDeps, actor: Actor, ticketId: string): Promise<QuoteDraftView> {
  const ticket = await deps.tickets.getVisible(deps.db, actor, ticketId);
  const facts = await repo.rateFactsOf(deps.db, actor.orgId, ticketId);
  const rate = (await bestRate(deps.db, actor.orgId, 'person_day', facts)) ?? (await bestRate(deps.db, actor.orgId, 'hour', facts));
  const ticketParts = await deps.parts.partsOfTicket(actor, ticketId);
  type DraftLine = Omit<QuoteLineBody, 'partId' | 'unit' | 'outOfCity'> & { partId: string | null; unit: LabourUnit | null; outOfCity: boolean | null };
  const locale: Locale = actor.locale ?? 'zh-CN';
  const kindLabel = (kind: string) => enumLabel(locale, 'lineKind', kind);
  const lines: DraftLine[] = [];
  const unit = rate?.unit ?? 'person_day';
  lines.push({ kind: 'labour', description: `${kindLabel('labour')}（${enumLabel(locale, 'labourUnit', unit)}）`, quantity: 1, unitPriceFen: rate?.rateFen ?? 0, partId: null, unit, outOfCity: null });
  for (const item of ticketParts.items.filter((i) => i.status !== 'cancelled' && i.status !== 'returned')) {
    lines.push({ kind: 'part', description: `${item.partName}（${item.partNumber}）`, quantity: item.quantity, unitPriceFen: item.unitPriceFen, partId: item.partId, unit: null, outOfCity: null });
  }
  if (ticket.type === 'rma') {
    lines.push({ kind: 'shipping', description: kindLabel('shipping'), quantity: 1, unitPriceFen: 0, partId: null, unit: null, outOfCity: null });
    lines.push({ kind: 'insurance', description: kindLabel('insurance'), quantity: 1, unitPriceFen: 0, partId: null, unit: null, outOfCity: null });
  } else {
    lines.push({ kind: 'travel', description: kindLabel('travel'), quantity: 1, unitPriceFen: 0, partId: null, unit: null, outOfCity: false });
  }
  const ctx = await pricingContextOf(deps, deps.db, actor, ticket, await partPricesOf(deps, actor, ticket, lines));
  const priced = priceQuote(ctx, lines);
  return {
    lines,
    priced: priced.lines,
    totalFen: priced.totalFen,
    warranty: ticket.warranty,
    humanDamage: ticket.humanDamage,
    booked: ctx.bookingDiscountBp > 0,
    bookingDiscountBp: ctx.bookingDiscountBp,
    customerCaused: await customerCausedOf(deps, actor, ticketId),
    requiresApproval: rmaNeedsQuote(ticket) || !covered(ticket),
  };
}
