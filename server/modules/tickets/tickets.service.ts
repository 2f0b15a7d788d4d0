import type { EventOf, TicketEventBody } from '../../../shared/contracts/ticket-events';
import type { TransitionBody } from '../../../shared/contracts/tickets';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import { recordChase } from './chases';
import { extendClock, recordFieldEvent } from './clock-events';
import { addComment, findComments } from './comments';
import { setContractorInTx, setWarrantyInTx, updateTicket } from './edits';
import { findEvents, recordEvent } from './event-log';
import { createTicket } from './intake';
import { recordPastSteps, type PastStep } from './past-steps';
import { lockForChange, recordRework, setCrew, setCrewInTx, systemReassign, transition, transitionInTx } from './lifecycle';
import { findTickets, findVisible, getVisible, historiesOf, loadView, reindexTicketsOf, ticketPages } from './reads';
import { createTicketHooks } from './ticket-hooks';
import * as repo from './tickets.repository';
import { visibilityOf, type Recorder, type TicketDeps, type TicketsOptions } from './tickets.deps';

/**
 * The tickets module's public face. Each use case lives in its own file (intake, lifecycle,
 * edits, comments, the event log, reads); this factory gives them their dependencies, keeps
 * the extension points other modules register on, and subscribes to the customers' and
 * assets' changes that a ticket's search copies.
 */
export function createTicketService(options: TicketsOptions) {
  const deps: TicketDeps = {
    ...options,
    hooks: createTicketHooks(),
    countLimit: options.countLimit ?? 10_000,
    searchCountLimit: options.searchCountLimit ?? 1_000,
  };
  const { db, hooks } = deps;

  // A renamed customer or a corrected serial number must find its tickets by the new words.
  options.customers.onChanged((tx, orgId, customerId) => reindexTicketsOf(tx, orgId, { customerId }));
  options.assets.onChanged((tx, orgId, assetId) => reindexTicketsOf(tx, orgId, { assetId }));

  return {
    // --- extension points: other modules register on these when they are made -------------
    guardTransitions: hooks.guardTransitions,
    onEvent: hooks.onEvent,
    contributeToCreation: hooks.contributeToCreation,
    decideAtCreation: hooks.decideAtCreation,

    // --- use cases (the HTTP routes call these) -------------------------------------------
    createTicket: (actor: Actor, input: Parameters<typeof createTicket>[2], idempotencyKey?: string) => createTicket(deps, actor, input, idempotencyKey),
    getTicket: (actor: Actor, id: string) => loadView(deps, actor, id),
    findTickets: (actor: Actor, query: Parameters<typeof findTickets>[2]) => findTickets(deps, actor, query),
    ticketPages: (actor: Actor, query: Parameters<typeof ticketPages>[2], pageSize: number) => ticketPages(deps, actor, query, pageSize),
    transition: (actor: Actor, id: string, version: number, input: TransitionBody) => transition(deps, actor, id, version, input),
    updateTicket: (actor: Actor, id: string, version: number, input: Parameters<typeof updateTicket>[4]) => updateTicket(deps, actor, id, version, input),
    setCrew: (actor: Actor, id: string, version: number, leadId: string, memberIds: string[]) => setCrew(deps, actor, id, version, leadId, memberIds),
    findEvents: (actor: Actor, id: string) => findEvents(deps, actor, id),
    addComment: (actor: Actor, id: string, input: Parameters<typeof addComment>[3]) => addComment(deps, actor, id, input),
    findComments: (actor: Actor, id: string) => findComments(deps, actor, id),
    /** A repeat call about an open ticket (催单), counted on it instead of a duplicate. */
    recordChase: (actor: Actor, id: string, input: Parameters<typeof recordChase>[3]) => recordChase(deps, actor, id, input),
    recordFieldEvent: (actor: Actor, id: string, type: Parameters<typeof recordFieldEvent>[3], note: string | null) => recordFieldEvent(deps, actor, id, type, note),
    extendClock: (actor: Actor, id: string, metric: Parameters<typeof extendClock>[3], reason: string) => extendClock(deps, actor, id, metric, reason),
    /** Steps of a ticket's past, each at its own instant, in one transaction (loading a history: the demo data). */
    recordPastSteps: (actor: Actor, id: string, steps: readonly PastStep[]) => recordPastSteps(deps, actor, id, steps),

    // --- for other modules, inside their transaction --------------------------------------
    /** The ticket as the actor may see it, or undefined. */
    findVisible,
    /** The ticket as the actor may see it, or NOT_FOUND. */
    getVisible,
    /** May this actor see (and add files to) this ticket? NOT_FOUND otherwise. */
    assertVisible: async (actor: Actor, id: string) => {
      if (!(await repo.findTicket(db, visibilityOf(actor), id))) throw notFound();
    },
    /** Locks the ticket for the caller's transaction, at the caller's version when given. */
    lockForChange: async (tx: Db, actor: Actor, id: string, version?: number) => {
      const row = await lockForChange(tx, actor, id, version);
      return { id: row.id, status: row.status, assigneeId: row.assigneeId, version: row.version };
    },
    /** Writes one event into the ticket's history (see event-log.ts). */
    recordEvent: (tx: Db, by: Recorder, ticketId: string, event: TicketEventBody, now: Date, options: { touch: boolean }) => recordEvent(deps, tx, by, ticketId, event, now, options),
    /** R3: another responsible contractor (or none), with the reason; the clocks follow. */
    setContractorInTx: (tx: Db, actor: Actor, id: string, contractorId: string | null, reason: string, now: Date) => setContractorInTx(deps, tx, actor, id, contractorId, reason, now),
    transitionInTx: (tx: Db, actor: Actor, id: string, input: TransitionBody, now: Date) => transitionInTx(deps, tx, actor, id, input, now),
    setCrewInTx: (tx: Db, actor: Actor, id: string, leadId: string, memberIds: string[], now: Date) => setCrewInTx(deps, tx, actor, id, leadId, memberIds, now),
    /** C3: the warranty another module's step decided (an RMA's proof of purchase), in its transaction. */
    setWarrantyInTx: (tx: Db, actor: Actor, id: string, decision: Parameters<typeof setWarrantyInTx>[4], now: Date) => setWarrantyInTx(deps, tx, actor, id, decision, now),
    recordRework: (tx: Db, actor: Actor, id: string, details: EventOf<'rework'>['details'], now: Date) => recordRework(deps, tx, actor, id, details, now),
    systemReassign: (orgId: string, id: string, reason: string) => systemReassign(deps, orgId, id, reason),
    crewOf: (tx: Db, orgId: string, ticketId: string) => repo.findCrew(tx, orgId, ticketId),
    historiesOf,
    ticketNumbers: (tx: Db, orgId: string, ids: string[]) => repo.findNumbers(tx, orgId, ids),
    findOpenTicketIds: (tx: Db, orgId: string, afterId: string | null, limit: number, closedSince: Date) => repo.findOpenTicketIds(tx, orgId, afterId, limit, closedSince),
    countOpenTickets: (tx: Db, orgId: string, closedSince: Date) => repo.countOpenTickets(tx, orgId, closedSince),
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
