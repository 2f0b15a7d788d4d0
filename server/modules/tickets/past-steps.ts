import type { TransitionBody } from '../../../shared/contracts/tickets';
import type { FieldEventType } from '../../../shared/contracts/tickets';
import type { SlaMetric, TicketStatus } from '../../../shared/domain';
import type { Actor } from '../identity';
import { writeExtension, writeFieldEvent } from './clock-events';
import { writeComment } from './comments';
import { withEventsWrittenTogether } from './event-log';
import { lockForChange, transitionLockedInTx } from './lifecycle';
import type { TicketDeps } from './tickets.deps';

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
 * each, through the same checks and hooks. The ticket is locked once, and each step goes on
 * from the row the one before saved, instead of reading the ticket again (or its view back)
 * after every step; the steps' events are written together at the end (the subscribers, the
 * SLA clocks, then told of each in order). For loading a history (the demo data). Answers
 * where the ticket then stands.
 */
export async function recordPastSteps(deps: TicketDeps, actor: Actor, id: string, steps: readonly PastStep[]): Promise<{ status: TicketStatus; version: number }> {
  return deps.db.transaction(async (tx) => {
    let row = await lockForChange(tx, actor, id);
    await withEventsWrittenTogether(deps, tx, async () => {
      for (const step of steps) {
        switch (step.kind) {
          case 'transition':
            row = await transitionLockedInTx(deps, tx, actor, row, step.input, step.at);
            break;
          case 'comment':
            await writeComment(deps, tx, actor, id, { body: step.body, internal: step.internal }, step.at);
            break;
          case 'field':
            await writeFieldEvent(deps, tx, actor, id, step.type, step.note, step.at);
            // What the event's touch wrote: the version moved on, stamped at the step's instant.
            row = { ...row, version: row.version + 1, updatedAt: step.at };
            break;
          case 'extend':
            await writeExtension(deps, tx, actor, id, step.metric, step.reason, step.at);
            break;
        }
      }
    });
    return { status: row.status, version: row.version };
  });
}
