import type { TransitionBody } from '../../../shared/contracts/tickets';
import type { FieldEventType } from '../../../shared/contracts/tickets';
import type { SlaMetric, TicketStatus } from '../../../shared/domain';
import { savedOrThrow } from '../../db/versioned';
import type { Actor } from '../identity';
import { writeExtension, writeFieldEvent } from './clock-events';
import { writeComment } from './comments';
import { withEventsWrittenTogether } from './event-log';
import { lockForChange, transitionLockedInTx } from './lifecycle';
import * as repo from './tickets.repository';
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
 * from the row the one before left, instead of reading the ticket again (or its view back)
 * after every step; the ticket is written once, and the steps' events together, at the end
 * (the subscribers, the SLA clocks, then told of each in order). For loading a history (the demo data). Answers
 * where the ticket then stands.
 */
export async function recordPastSteps(deps: TicketDeps, actor: Actor, id: string, steps: readonly PastStep[]): Promise<{ status: TicketStatus; version: number }> {
  return deps.db.transaction(async (tx) => {
    const locked = await lockForChange(tx, actor, id);
    // The ticket as the steps leave it, written once at the end: each change lands on the row
    // the step before left, as one write each would have, and counts as one version.
    let row = locked;
    let changed: Partial<repo.TicketInsert> & { updatedAt?: Date } = {};
    let versions = 0;
    const hold = (changes: Partial<repo.TicketInsert>, now: Date): repo.TicketRow => {
      changed = { ...changed, ...changes, updatedAt: now };
      versions += 1;
      row = { ...row, ...changes, updatedAt: now, version: row.version + 1 } as repo.TicketRow;
      return row;
    };
    await withEventsWrittenTogether(deps, tx, async () => {
      for (const step of steps) {
        switch (step.kind) {
          case 'transition':
            await transitionLockedInTx(deps, tx, actor, row, step.input, step.at, async (_tx, _row, changes, now) => hold(changes, now));
            break;
          case 'comment':
            await writeComment(deps, tx, actor, id, { body: step.body, internal: step.internal }, step.at);
            break;
          case 'field':
            await writeFieldEvent(deps, tx, actor, id, step.type, step.note, step.at, false);
            hold({}, step.at);
            break;
          case 'extend':
            await writeExtension(deps, tx, actor, id, step.metric, step.reason, step.at);
            break;
        }
      }
      // Before the subscribers hear of the events: they read the ticket as the events leave it.
      if (versions > 0) savedOrThrow(await repo.updateTicket(tx, locked.orgId, id, locked.version, { ...changed, updatedAt: changed.updatedAt! }, versions), locked.version);
    });
    return { status: row.status, version: row.version };
  });
}
