import { v7 as uuidv7 } from 'uuid';
import type { FieldStepKind, TransportMode } from '../../../shared/contracts/fieldwork';
import { AppError } from '../../errors';
import type { Actor } from '../identity';
import * as repo from './fieldwork.repository';
import { ticketFor, type FieldworkDeps } from './fieldwork.deps';
import { rederive } from './timesheets';

/** One step of a day already lived: what the technician did and when. */
export interface PastFieldStep {
  kind: FieldStepKind;
  at: Date;
  transport?: TransportMode | undefined;
}

/**
 * A technician's day on a job as it happened, written after the fact (the demo's history, an
 * import from a paper work order): the steps with their own instants, received then, and the
 * time entries they give as drafts for a supervisor to approve. The ticket's own history was
 * written with it, so nothing here moves the ticket. Only an administrator writes the past.
 */
export async function recordPastDay(deps: FieldworkDeps, actor: Actor, ticketId: string, userId: string, steps: readonly PastFieldStep[]): Promise<void> {
  if (actor.role !== 'admin') throw new AppError('FORBIDDEN');
  await deps.db.transaction(async (tx) => {
    await ticketFor(deps, tx, actor, ticketId);
    for (const step of [...steps].sort((a, b) => a.at.getTime() - b.at.getTime())) {
      await repo.insertStep(tx, {
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId,
        userId,
        kind: step.kind,
        at: step.at,
        receivedAt: step.at,
        lateFlagged: false,
        transport: step.transport ?? null,
        waitReason: null,
        latitude: null,
        longitude: null,
        accuracyM: null,
        note: null,
      });
    }
    await rederive(tx, actor.orgId, ticketId, userId);
  });
}
