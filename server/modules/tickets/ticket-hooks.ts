import type { SQLWrapper } from 'drizzle-orm';
import type { TicketEventBody } from '../../../shared/contracts/ticket-events';
import type { TicketAction, Trade } from '../../../shared/domain';
import type { TicketHistory } from '../../../shared/ticket-facts';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { AddressRef, TicketRow } from './tickets.repository';

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

/** What a new ticket is, for the rows others write with it (R2: the contractor's notice). */
export interface CreatedTicket {
  id: string;
  number: string;
  contractorId: string | null;
  trade: Trade | null;
  description: string;
  estimatedValueFen: number | null;
  emergency: boolean;
  reportedAt: Date;
  /** The unit's estate and building, when the ticket names an address. */
  address: { estate: string | null; building: string | null } | null;
}

/** Rows that must exist with a new ticket (its SLA clocks), written in the intake's one statement. */
export type CreationContributor = (orgId: string, history: TicketHistory, now: Date, ticket: CreatedTicket) => Promise<SQLWrapper[]>;

/** What a new ticket points at, before its facts are read: a decider may name its contractor (R3). */
export interface CreationDraft {
  trade: Trade | null;
  address: Pick<AddressRef, 'estate' | 'building' | 'unit' | 'room'> | null;
  /** The organisation's day of the report. */
  reportDay: string;
  /** The contractor the asset names, if any. */
  contractorId: string | null;
}
/** Answers the ticket's contractor (null: nobody's but the organisation's), or undefined to leave it. */
export type CreationDecider = (orgId: string, draft: CreationDraft) => Promise<{ contractorId?: string | null }>;

export function createTicketHooks() {
  const guards: TransitionGuard[] = [];
  const subscribers: EventSubscriber[] = [];
  const contributors: CreationContributor[] = [];
  const deciders: CreationDecider[] = [];

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

    /** Registers what decides a new ticket's fields from what it points at (R3: the contractors' map). */
    decideAtCreation(decider: CreationDecider) {
      deciders.push(decider);
    },

    async decisionsFor(orgId: string, draft: CreationDraft): Promise<{ contractorId: string | null }> {
      let contractorId = draft.contractorId;
      for (const decider of deciders) {
        const decided = await decider(orgId, { ...draft, contractorId });
        if (decided.contractorId !== undefined) contractorId = decided.contractorId;
      }
      return { contractorId };
    },
    async checkTransition(tx: Db, actor: Actor, ticket: TicketRow, action: TicketAction) {
      for (const guard of guards) await guard(tx, actor, ticket, action);
    },
    async publish(tx: Db, recorded: RecordedEvent) {
      for (const subscriber of subscribers) await subscriber(tx, recorded);
    },
    async contributionsFor(orgId: string, history: TicketHistory, now: Date, ticket: CreatedTicket): Promise<SQLWrapper[]> {
      const rows: SQLWrapper[] = [];
      for (const contributor of contributors) rows.push(...(await contributor(orgId, history, now, ticket)));
      return rows;
    },
  };
}

export type TicketHooks = ReturnType<typeof createTicketHooks>;
