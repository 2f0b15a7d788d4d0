import { AsyncLocalStorage } from 'node:async_hooks';
import { v7 as uuidv7 } from 'uuid';
import type { TicketEventBody, TicketEventView } from '../../../shared/contracts/ticket-events';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import { isExternal, type Actor } from '../identity';
import { eventForExternal } from './event-visibility';
import type { RecordedEvent } from './ticket-hooks';
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
  const row: repo.EventInsert = {
    orgId: by.orgId,
    id: uuidv7(),
    ticketId,
    type: event.type,
    actorId: by.userId,
    at: now,
    fromStatus: event.type === 'transition' ? event.from : null,
    toStatus: event.type === 'transition' || event.type === 'created' ? event.to : null,
    details: event.details,
  };
  const batch = batching.getStore();
  if (batch?.tx === tx) {
    batch.rows.push(row);
    batch.recorded.push({ orgId: by.orgId, ticketId, event, now });
    if (options.touch) await repo.touchTicket(tx, by.orgId, ticketId, now);
    return;
  }
  await repo.insertEvent(tx, row);
  if (options.touch) await repo.touchTicket(tx, by.orgId, ticketId, now);
  await deps.hooks.publish(tx, { orgId: by.orgId, ticketId, event, now });
}

interface EventBatch {
  tx: Db;
  rows: repo.EventInsert[];
  recorded: RecordedEvent[];
}

const batching = new AsyncLocalStorage<EventBatch>();

/**
 * Runs `work` in `tx` with the events it records (through `recordEvent`, by any module) held
 * back and written together at its end, in one statement, each with its own instant and in
 * the order recorded; the subscribers are then told of each, in that order, with the whole
 * stretch written. For writing a stretch of a ticket's past (the demo data): nothing in `work`
 * may read the history it is writing.
 */
export async function withEventsWrittenTogether<T>(deps: Pick<TicketDeps, 'hooks'>, tx: Db, work: () => Promise<T>): Promise<T> {
  const batch: EventBatch = { tx, rows: [], recorded: [] };
  const result = await batching.run(batch, work);
  await repo.insertEvents(tx, batch.rows);
  for (const recorded of batch.recorded) await deps.hooks.publish(tx, recorded);
  return result;
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
