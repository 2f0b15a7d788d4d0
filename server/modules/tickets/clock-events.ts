import type { TicketView } from '../../../shared/contracts/tickets';
import type { SlaMetric } from '../../../shared/domain';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import { recordEvent } from './event-log';
import { lockForChange } from './lifecycle';
import { loadView } from './reads';
import type { TicketDeps } from './tickets.deps';

import type { FieldEventType } from '../../../shared/contracts/tickets';

/**
 * Records what happened in the field or on the phone that clocks listen to: the technician
 * or the contractor arrived, the customer was called back, a loaner was asked for or
 * delivered. Each is an event; the clocks follow in the same transaction.
 */
export async function recordFieldEvent(deps: TicketDeps, actor: Actor, id: string, type: FieldEventType, note: string | null): Promise<TicketView> {
  const now = deps.clock();
  await deps.db.transaction((tx) => recordFieldEventInTx(deps, tx, actor, id, type, note, now));
  return loadView(deps, actor, id);
}

export async function recordFieldEventInTx(deps: TicketDeps, tx: Db, actor: Actor, id: string, type: FieldEventType, note: string | null, now: Date): Promise<void> {
  await lockForChange(tx, actor, id);
  await writeFieldEvent(deps, tx, actor, id, type, note, now);
}

/**
 * The field event on a ticket the caller has locked in `tx`; it moves the ticket's version on
 * by one, here (`touch`) or in the caller's own write of the ticket.
 */
export async function writeFieldEvent(deps: TicketDeps, tx: Db, actor: Actor, id: string, type: FieldEventType, note: string | null, now: Date, touch = true): Promise<void> {
  await recordEvent(deps, tx, actor, id, { type, details: note ? { note } : {} }, now, { touch });
}

/** C1: a special case may take the extended target, with its reason on the record. */
export async function extendClock(deps: TicketDeps, actor: Actor, id: string, metric: SlaMetric, reason: string): Promise<TicketView> {
  const now = deps.clock();
  await deps.db.transaction((tx) => extendClockInTx(deps, tx, actor, id, metric, reason, now));
  return loadView(deps, actor, id);
}

export async function extendClockInTx(deps: TicketDeps, tx: Db, actor: Actor, id: string, metric: SlaMetric, reason: string, now: Date): Promise<void> {
  await lockForChange(tx, actor, id);
  await writeExtension(deps, tx, actor, id, metric, reason, now);
}

/** The extension on a ticket the caller has locked in `tx`; the ticket itself does not change. */
export async function writeExtension(deps: TicketDeps, tx: Db, actor: Actor, id: string, metric: SlaMetric, reason: string, now: Date): Promise<void> {
  await recordEvent(deps, tx, actor, id, { type: 'sla_extended', details: { metric, reason } }, now, { touch: false });
}
