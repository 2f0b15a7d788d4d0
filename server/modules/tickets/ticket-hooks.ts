import type { SQLWrapper } from 'drizzle-orm';
import type { TicketEventBody } from '../../../shared/contracts/ticket-events';
import type { TicketAction } from '../../../shared/domain';
import type { TicketHistory } from '../../../shared/ticket-facts';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { TicketRow } from './tickets.repository';

/**
 * The tickets module's extension points. Other modules register here when they are made (see
 * `server/services.ts`), so that "what happens when a ticket closes" is answered by the
 * registrations: the sla module keeps clocks, fieldwork refuses to close without signatures,
 * the workshop without a passed QC. Everything runs inside the ticket's own transaction.
 */

/** May this ticket take this action? Throws an AppError to refuse; runs before anything changes. */
export type TransitionGuard = (tx: Db, actor: Actor, ticket: TicketRow, action: TicketAction) => Promise<void>;

/** One event recorded on a ticket, after it (and the change it records) was written. */
export interface RecordedEvent {
  orgId: string;
  ticketId: string;
  event: TicketEventBody;
  now: Date;
}
export type EventSubscriber = (tx: Db, recorded: RecordedEvent) => Promise<void>;

/** Rows that must exist with a new ticket (its SLA clocks), written in the intake's one statement. */
export type CreationContributor = (orgId: string, history: TicketHistory, now: Date) => Promise<SQLWrapper[]>;

export function createTicketHooks() {
  const guards: TransitionGuard[] = [];
  const subscribers: EventSubscriber[] = [];
  const contributors: CreationContributor[] = [];

  return {
    /** Registers a check every transition passes, in registration order. */
    guardTransitions(guard: TransitionGuard) {
      guards.push(guard);
    },
    /** Registers a listener for every event written on any ticket, in the writer's transaction. */
    onEvent(subscriber: EventSubscriber) {
      subscribers.push(subscriber);
    },
    /** Registers what a new ticket must be written with. */
    contributeToCreation(contributor: CreationContributor) {
      contributors.push(contributor);
    },

    async checkTransition(tx: Db, actor: Actor, ticket: TicketRow, action: TicketAction) {
      for (const guard of guards) await guard(tx, actor, ticket, action);
    },
    async publish(tx: Db, recorded: RecordedEvent) {
      for (const subscriber of subscribers) await subscriber(tx, recorded);
    },
    async contributionsFor(orgId: string, history: TicketHistory, now: Date): Promise<SQLWrapper[]> {
      const rows: SQLWrapper[] = [];
      for (const contributor of contributors) rows.push(...(await contributor(orgId, history, now)));
      return rows;
    },
  };
}

export type TicketHooks = ReturnType<typeof createTicketHooks>;
