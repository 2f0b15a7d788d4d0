import type { WorkshopEventDetails } from '../../../shared/contracts/ticket-events';
import { FINAL_STATUSES, isIn } from '../../../shared/ticket-lifecycle';
import { splitKeys } from '../../../shared/workshop';
import type { Db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import type { Actor, IdentityService, Organisation } from '../identity';
import type { FileService } from '../files';
import type { TicketRef, TicketService } from '../tickets';

/** What the workshop module is made with (see `server/services.ts`); every use case gets it as it is. */
export interface WorkshopDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** The workshop writes into the ticket's history and guards its completion and hand-back (A4, A6). */
  tickets: Pick<TicketService, 'findVisible' | 'recordEvent' | 'recordRework' | 'guardTransitions'>;
  files: Pick<FileService, 'attach' | 'get'>;
  /** Names on the records, and who may lead a stage's team. */
  staff: Pick<IdentityService, 'namesOf' | 'findPerson'>;
}

/** What a workshop upload is for: photos of the walk-around, or the customer's signature. */
export type WorkshopFilePurpose = 'checkin_photo' | 'signature';

/**
 * The reception, stages and QC of A3/A4 are the car workshop's: they apply to a workshop
 * ticket on a vehicle. A watch on the bench is a workshop ticket too, without this flow.
 */
export function applies(ticket: Pick<TicketRef, 'type' | 'assetKind'>): boolean {
  return ticket.type === 'workshop' && ticket.assetKind === 'vehicle';
}

/** The ticket as the actor may see it, or NOT_FOUND. */
export async function ticketOf(deps: Pick<WorkshopDeps, 'tickets'>, tx: Db, actor: Actor, id: string): Promise<TicketRef> {
  const ticket = await deps.tickets.findVisible(tx, actor, id);
  if (!ticket) throw notFound();
  return ticket;
}

/** Workshop records belong to car workshop tickets that are still open. */
export async function openWorkshopTicket(deps: Pick<WorkshopDeps, 'tickets'>, tx: Db, actor: Actor, id: string): Promise<TicketRef> {
  const ticket = await ticketOf(deps, tx, actor, id);
  if (!applies(ticket)) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.notWorkshop' });
  if (isIn(FINAL_STATUSES, ticket.status)) {
    throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'errors.detail.ticketFinished', extensions: { ticketStatus: ticket.status } });
  }
  return ticket;
}

/** The organisation's stage plan and walk-around checklist (settings, read in the caller's transaction). */
export async function settingsOf(deps: Pick<WorkshopDeps, 'getOrganisation'>, orgId: string, tx: Db) {
  const org = await deps.getOrganisation(orgId, tx);
  return { plan: splitKeys(org.settings.workshop.stagePlan), checklist: splitKeys(org.settings.workshop.checklist) };
}

/** A workshop event in the ticket's history; it counts as a change of the ticket. */
export const workshopEvent = (deps: Pick<WorkshopDeps, 'tickets'>, tx: Db, actor: Actor, ticketId: string, details: WorkshopEventDetails, now: Date) =>
  deps.tickets.recordEvent(tx, actor, ticketId, { type: 'workshop', details }, now, { touch: true });
