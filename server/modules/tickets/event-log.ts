import { v7 as uuidv7 } from 'uuid';
import type { TicketEventBody, TicketEventView } from '../../../shared/contracts/ticket-events';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import { isExternal, type Actor } from '../identity';
import { eventForExternal } from './event-visibility';
import * as repo from './tickets.repository';
import { visibilityOf, type Recorder, type TicketDeps } from './tickets.deps';

/**
 * Writes one event into a ticket's history and tells the subscribers (SLA clocks follow), in
 * the caller's transaction. The one way any module records what happened to a ticket.
 * `touch` moves the ticket's version and `updated_at` on, as a change to the ticket itself
 * does; a log entry beside it (a call, a system alert, a file) leaves them alone.
 */
export async function recordEvent(
  deps: Pick<TicketDeps, 'hooks'>,
  tx: Db,
  by: Recorder,
  ticketId: string,
  event: TicketEventBody,
  now: Date,
  options: { touch: boolean },
): Promise<void> {
  await repo.insertEvent(tx, {
    orgId: by.orgId,
    id: uuidv7(),
    ticketId,
    type: event.type,
    actorId: by.userId,
    at: now,
    fromStatus: event.type === 'transition' ? event.from : null,
    toStatus: event.type === 'transition' || event.type === 'created' ? event.to : null,
    details: event.details,
  });
  if (options.touch) await repo.touchTicket(tx, by.orgId, ticketId, now);
  await deps.hooks.publish(tx, { orgId: by.orgId, ticketId, event, now });
}

/** A ticket's history, oldest first; customers and contractors see only what is theirs to see (S1). */
export async function findEvents(deps: Pick<TicketDeps, 'db'>, actor: Actor, id: string): Promise<TicketEventView[]> {
  const row = await repo.findTicket(deps.db, visibilityOf(actor), id);
  if (!row) throw notFound();
  const rows = await repo.findEvents(deps.db, actor.orgId, id);
  const external = isExternal(actor);
  const out: TicketEventView[] = [];
  for (const { event, actorName } of rows) {
    const body = external ? eventForExternal(repo.eventBodyOf(event)) : repo.eventBodyOf(event);
    if (!body) continue;
    out.push({ id: event.id, actor: event.actorId ? { id: event.actorId, name: actorName ?? '' } : null, at: event.at, ...body });
  }
  return out;
}
