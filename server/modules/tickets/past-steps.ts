import type { TransitionBody } from '../../../shared/contracts/tickets';
import type { FieldEventType } from '../../../shared/contracts/tickets';
import type { SlaMetric, TicketStatus } from '../../../shared/domain';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import { extendClockInTx, recordFieldEventInTx } from './clock-events';
import { addCommentInTx } from './comments';
import { transitionInTx } from './lifecycle';
import * as repo from './tickets.repository';
import { visibilityOf, type TicketDeps } from './tickets.deps';

/** One thing that happened to a ticket, at its own instant. */
export type PastStep = { at: Date } & (
  | { kind: 'transition'; input: TransitionBody }
  | { kind: 'comment'; body: string; internal: boolean }
  | { kind: 'field'; type: FieldEventType; note: string | null }
  | { kind: 'extend'; metric: SlaMetric; reason: string }
);

/**
 * Writes steps of a ticket's past in order, each stamped with its own instant, in one
 * transaction: what `transition`, `addComment`, `recordFieldEvent` and `extendClock` write for
 * each, through the same checks and hooks, without reading the ticket's view back after every
 * step. For loading a history (the demo data). Answers where the ticket then stands.
 */
export async function recordPastSteps(deps: TicketDeps, actor: Actor, id: string, steps: readonly PastStep[]): Promise<{ status: TicketStatus; version: number }> {
  return deps.db.transaction(async (tx) => {
    for (const step of steps) {
      switch (step.kind) {
        case 'transition':
          await transitionInTx(deps, tx, actor, id, step.input, step.at);
          break;
        case 'comment':
          await addCommentInTx(deps, tx, actor, id, { body: step.body, internal: step.internal }, step.at);
          break;
        case 'field':
          await recordFieldEventInTx(deps, tx, actor, id, step.type, step.note, step.at);
          break;
        case 'extend':
          await extendClockInTx(deps, tx, actor, id, step.metric, step.reason, step.at);
          break;
      }
    }
    const row = await repo.findTicket(tx, visibilityOf(actor), id);
    if (!row) throw notFound();
    return { status: row.status, version: row.version };
  });
}
