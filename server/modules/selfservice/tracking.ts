import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { ratingBody, TrackingStep, TrackingView, trackingQuoteDecisionBody } from '../../../shared/contracts/selfservice';
import type { TicketEventView } from '../../../shared/contracts/tickets';
import type { z } from 'zod';
import type { Db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import { systemActor, type Actor } from '../identity';
import { maskPhone, maskSerial, productLine } from './masking';
import { pageCount, takePlaces } from './public-throttle';
import * as repo from './selfservice.repository';
import type { SelfserviceDeps } from './selfservice.deps';

/*
 * A ticket's tracking link: a random 256-bit token in the URL (`/t/<token>`), of which only a
 * SHA-256 is stored, working for `selfservice.trackingLinkDays` (then 410 LINK_EXPIRED, with the
 * hotline). The page shows the ticket's history as its customer may see it
 * (`tickets/event-visibility.ts`), in plain steps, the technician's name and masked phone, and
 * after completion a 1–5 rating (D1; E11's return visits read it). A low rating opens a
 * follow-up task for the supervisor (care).
 */

const DAY = 86_400_000;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * A new tracking link for a ticket, in the caller's transaction; the token is shown once, here,
 * and sent to the ticket's customer through the outbox (`ticket.tracking_link`). The link in the
 * message is whole: the organisation's public address, else `origin`, the address the request
 * that made it came to (a message must open from a phone, so a bare path will not do).
 */
export async function issueTrackingLinkInTx(deps: SelfserviceDeps, tx: Db, actor: Actor, ticket: { id: string; number: string; customerId: string }, days: number, origin: string) {
  const now = deps.clock();
  const token = randomBytes(32).toString('base64url');
  const id = uuidv7();
  const expiresAt = new Date(now.getTime() + days * DAY);
  await repo.insertTrackingLink(tx, { orgId: actor.orgId, id, ticketId: ticket.id, tokenHash: hashOf(token), expiresAt, createdBy: actor.userId, createdAt: now });
  const path = `/t/${token}`;
  const base = (await deps.getOrganisation(actor.orgId, tx)).settings.selfservice.publicOrigin || origin;
  await deps.notify.enqueue(tx, {
    orgId: actor.orgId,
    topic: 'ticket.tracking_link',
    recipient: `customer:${ticket.customerId}`,
    payload: { ticketId: ticket.id, ticketNumber: ticket.number, path, url: `${base}${path}`, expiresAt: expiresAt.toISOString() },
    dedupeKey: `tracking:${id}`,
  });
  return { path, expiresAt };
}

/** Staff: a new tracking link for a ticket they may see (sent to its customer as well). */
export async function createTrackingLink(deps: SelfserviceDeps, actor: Actor, ticketId: string, origin: string) {
  const ticket = await deps.tickets.getTicket(actor, ticketId);
  const days = (await deps.getOrganisation(actor.orgId)).settings.selfservice.trackingLinkDays;
  return deps.db.transaction((tx) => issueTrackingLinkInTx(deps, tx, actor, { id: ticket.id, number: ticket.number, customerId: ticket.customer.id }, days, origin));
}

/** The link behind a token, counted against the caller's address; NOT_FOUND for any other token, LINK_EXPIRED past its time. */
async function linkOf(deps: SelfserviceDeps, token: string, ip: string) {
  const link = await repo.findTrackingLink(deps.db, hashOf(token));
  const org = link ? await deps.getOrganisation(link.orgId) : undefined;
  await takePlaces(deps, [pageCount(ip, org?.settings.selfservice)]);
  if (!link || !org) throw notFound();
  if (link.expiresAt.getTime() <= deps.clock().getTime()) {
    const hotline = org.settings.selfservice.hotline;
    throw new AppError('LINK_EXPIRED', { detail: hotline ? 'selfservice.errors.linkExpiredHotline' : 'selfservice.errors.linkExpired', params: { hotline }, extensions: { hotline } });
  }
  return { link, org };
}

/** The ticket's customer, as the tracking page acts: it sees what that customer would see, no more. */
const customerActor = (orgId: string, userId: string, customerId: string): Actor => ({ ...systemActor(orgId, userId), username: 'tracking', name: '', role: 'customer', customerId });

const STEP_OF_ACTION: Partial<Record<string, TrackingStep>> = {
  accept: 'accepted',
  dispatch: 'dispatched',
  start: 'in_progress',
  hold: 'on_hold',
  resume: 'resumed',
  complete: 'completed',
  close: 'closed',
  cancel: 'cancelled',
  reopen: 'reopened',
};

/** The customer's history as plain steps; what has no plain word for a customer is left out. */
export function timelineOf(events: TicketEventView[]): { at: Date; step: TrackingStep }[] {
  const out: { at: Date; step: TrackingStep }[] = [];
  for (const e of events) {
    let step: TrackingStep | undefined;
    if (e.type === 'created') step = 'created';
    else if (e.type === 'transition') step = STEP_OF_ACTION[e.details.action];
    else if (e.type === 'field_step') step = e.details.kind === 'depart' ? 'on_the_way' : e.details.kind === 'arrive' ? 'arrived' : undefined;
    else if (e.type === 'arrived') step = 'arrived';
    else if (e.type === 'rescheduled') step = 'rescheduled';
    if (step && out.at(-1)?.step !== step) out.push({ at: e.at, step });
  }
  return out;
}

const RATEABLE = new Set(['completed', 'closed']);

/** What the customer's phone shows. */
export async function trackingPage(deps: SelfserviceDeps, token: string, ip: string): Promise<TrackingView> {
  const { link, org } = await linkOf(deps, token, ip);
  return viewOf(deps, link, org);
}

async function viewOf(deps: SelfserviceDeps, link: repo.TrackingLinkRow, org: Awaited<ReturnType<SelfserviceDeps['getOrganisation']>>): Promise<TrackingView> {
  const ticket = await repo.findTicketForTracking(deps.db, link.orgId, link.ticketId);
  if (!ticket) throw notFound();
  const actor = customerActor(link.orgId, link.createdBy, ticket.customerId);
  const [events, technician, rating, visit, booked, quote] = await Promise.all([
    deps.tickets.findEvents(actor, ticket.id),
    repo.findLeadTechnician(deps.db, link.orgId, ticket.id),
    repo.findRating(deps.db, link.orgId, ticket.id),
    deps.dispatch.plannedVisitOf(link.orgId, ticket.id),
    deps.appointments.bookedWindowOf(link.orgId, ticket.id),
    deps.billing.quoteForCustomer(link.orgId, ticket.id),
  ]);
  // Only while the work is still to do: the planned visit, else the booked time. A finished
  // ticket's visit stays planned in dispatch, but the customer has nothing more to wait for.
  const open = !['completed', 'closed', 'cancelled'].includes(ticket.status);
  const appointment = !open
    ? null
    : visit
      ? { at: visit.start.toISOString(), end: visit.end.toISOString(), kind: 'visit' as const }
      : booked
        ? { at: booked.start.toISOString(), end: booked.end.toISOString(), kind: 'booked' as const }
        : null;
  const product = ticket.productName !== null || ticket.brand !== null ? productLine({ productName: ticket.productName, brand: ticket.brand, model: ticket.model }) : null;
  return {
    organisation: org.name,
    hotline: org.settings.selfservice.hotline,
    ticketNumber: ticket.number,
    status: ticket.status,
    product: product || null,
    serialMasked: ticket.serialNumber ? maskSerial(ticket.serialNumber) : null,
    timeline: timelineOf(events),
    appointment,
    quote: quote && quote.status !== 'superseded' ? quote : null,
    technician: technician ? { name: technician.name, phoneMasked: maskPhone(technician.phone) } : null,
    canRate: ticket.status === 'completed' || (ticket.status === 'closed' && !rating),
    rating: rating ? { score: rating.score, comment: rating.comment, ratedAt: rating.ratedAt } : null,
    expiresAt: link.expiresAt,
    timeZone: org.timeZone,
  };
}

/**
 * The customer rates the ticket once it is completed; a second rating replaces the first
 * until the ticket closes. A score at or below `selfservice.lowRatingAtMost` opens a
 * follow-up task for the supervisor, in the same transaction.
 */
export async function rate(deps: SelfserviceDeps, token: string, ip: string, body: z.output<typeof ratingBody>): Promise<TrackingView> {
  const { link, org } = await linkOf(deps, token, ip);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const ticket = await repo.findTicketForTracking(tx, link.orgId, link.ticketId);
    if (!ticket) throw notFound();
    const existing = await repo.findRating(tx, link.orgId, ticket.id);
    if (!RATEABLE.has(ticket.status) || (ticket.status === 'closed' && existing)) {
      throw new AppError('TRANSITION_NOT_ALLOWED', { detail: ticket.status === 'closed' ? 'selfservice.errors.ratingClosed' : 'selfservice.errors.notYetRateable' });
    }
    let followUpTaskId: string | undefined;
    if (body.score <= org.settings.selfservice.lowRatingAtMost) {
      followUpTaskId = await deps.care.raiseTaskInTx(
        tx,
        systemActor(link.orgId, link.createdBy),
        {
          kind: 'low_rating',
          ticketId: ticket.id,
          customerId: ticket.customerId,
          note: body.comment ? `${body.score}/5：${body.comment}` : `${body.score}/5`,
          dueAt: new Date(now.getTime() + DAY),
          forRole: 'supervisor',
          topic: 'rating.low',
          payload: { ticketNumber: ticket.number, score: body.score },
        },
        now,
      );
    }
    await repo.saveRating(tx, { orgId: link.orgId, ticketId: ticket.id, score: body.score, comment: body.comment ?? null, ratedAt: now, followUpTaskId: followUpTaskId ?? null, createdAt: now, updatedAt: now });
  });
  return viewOf(deps, link, org);
}

/** Staff: the ticket's rating (D1; E11's return visits read it), or null. */
export async function ratingOf(deps: SelfserviceDeps, actor: Actor, ticketId: string) {
  await deps.tickets.getTicket(actor, ticketId);
  const row = await repo.findRating(deps.db, actor.orgId, ticketId);
  return row ? { score: row.score, comment: row.comment, ratedAt: row.ratedAt, followUpTaskId: row.followUpTaskId } : null;
}

/**
 * The customer approves (with a drawn signature) or declines the ticket's quote from the
 * tracking page: billing's decision as through its approval link, on behalf of whoever issued
 * the tracking link. Answers the page as it now is.
 */
export async function decideQuote(deps: SelfserviceDeps, token: string, ip: string, body: z.output<typeof trackingQuoteDecisionBody>): Promise<TrackingView> {
  const { link, org } = await linkOf(deps, token, ip);
  const { quoteId, ...decision } = body;
  await deps.billing.decideQuoteForCustomer(link.orgId, link.ticketId, link.createdBy, quoteId, decision);
  return viewOf(deps, link, org);
}
