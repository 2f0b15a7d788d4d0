import type { DeliveryCallbackBody, FieldStepBody, SignoffParty, WorkReportBody } from '../../../shared/contracts/fieldwork';
import type { Actor } from '../identity';
import type { Db } from '../../db/client';
import type { FieldworkDeps } from './fieldwork.deps';
import { dayOf, recordStep } from './field-day';
import { recordPastDay, type PastFieldStep } from './past-day';
import { assertSignedOff, collectMissingSignoffs, collectSignoff, signoffsComplete, signoffsOf, type SignoffInput } from './signoffs';
import { approveEntries, correctEntry, editEntry, exportEntries, findEntries, type EntryListFilter } from './timesheets';
import type { Locale } from '../../../shared/i18n';
import { receiveDeliveryReport, recordDeliveryCallback, submitWorkReport, type WorkReportListener } from './work-reports';

/**
 * The fieldwork module's public face: a technician's day on a job (field-day.ts), the work
 * report that finishes it (work-reports.ts), sign-offs (signoffs.ts) and the time entries
 * derived from the steps (timesheets.ts). It guards the tickets' close on the sign-offs.
 */
export function createFieldworkService(deps: FieldworkDeps) {
  // R8, E8: a completed visit closes only once everyone who must sign has signed.
  deps.tickets.guardTransitions(async (tx, _actor, ticket, action) => {
    if (action === 'close' && ticket.status === 'completed') await assertSignedOff(deps, tx, ticket.orgId, ticket.id);
  });

  const reportListeners: WorkReportListener[] = [];

  return {
    /** A module that reacts to a work report (parts: what was consumed) registers here, when it is made. */
    onWorkReport: (listener: WorkReportListener) => void reportListeners.push(listener),
    recordStep: (actor: Actor, ticketId: string, body: FieldStepBody) => recordStep(deps, actor, ticketId, body),
    /** A day already lived on a job (the demo's history), with the draft hours it gives. */
    recordPastDay: (actor: Actor, ticketId: string, userId: string, steps: readonly PastFieldStep[]) => recordPastDay(deps, actor, ticketId, userId, steps),
    submitWorkReport: (actor: Actor, ticketId: string, body: WorkReportBody) => submitWorkReport(deps, actor, ticketId, body, reportListeners),
    receiveDeliveryReport: (actor: Actor, ticketId: string) => receiveDeliveryReport(deps, actor, ticketId),
    collectSignoff: (actor: Actor, ticketId: string, body: SignoffInput) => collectSignoff(deps, actor, ticketId, body),
    recordDeliveryCallback: (actor: Actor, ticketId: string, body: DeliveryCallbackBody) => recordDeliveryCallback(deps, actor, ticketId, body),
    collectMissingSignoffs: (actor: Actor, ticketId: string, signerFor: (party: SignoffParty) => string) => collectMissingSignoffs(deps, actor, ticketId, signerFor),
    signoffsOf: (actor: Actor, ticketId: string) => signoffsOf(deps, actor, ticketId),
    /** Another module's read, inside its transaction: has everyone this ticket requires signed it off (R8, E8)? */
    signoffsComplete: (tx: Db, orgId: string, ticketId: string, parties?: readonly SignoffParty[]) => signoffsComplete(deps, tx, orgId, ticketId, parties),
    dayOf: (actor: Actor, ticketId: string) => dayOf(deps, actor, ticketId),
    findEntries: (actor: Actor, filter: EntryListFilter) => findEntries(deps, actor, filter),
    exportEntries: (actor: Actor, locale: Locale, filter: Omit<EntryListFilter, 'limit'>) => exportEntries(deps, actor, locale, filter),
    editEntry: (actor: Actor, id: string, version: number, changes: Parameters<typeof editEntry>[4]) => editEntry(deps, actor, id, version, changes),
    approveEntries: (actor: Actor, items: { id: string; version: number }[]) => approveEntries(deps, actor, items),
    correctEntry: (actor: Actor, id: string, body: { minutes: number; note: string }) => correctEntry(deps, actor, id, body),
  };
}

export type FieldworkService = ReturnType<typeof createFieldworkService>;
