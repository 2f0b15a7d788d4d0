import type { Db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import type { Actor, Organisation } from '../identity';
import type { FileService } from '../files';
import type { TicketService } from '../tickets';

/** What the fieldwork module is made with (see `server/services.ts`), and what each of its use cases gets. */
export interface FieldworkDeps {
  db: Db;
  clock: () => Date;
  /** Field work writes into the ticket's history and moves it on; it guards the ticket's close (R8, E8). */
  tickets: Pick<TicketService, 'findVisible' | 'transitionInTx' | 'recordEvent' | 'crewOf' | 'guardTransitions'>;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** Signatures and photos are attachments on the ticket. */
  files: Pick<FileService, 'onTicket'>;
}

/** The job as the caller may see it; NOT_FOUND otherwise. */
export async function ticketFor(deps: FieldworkDeps, tx: Db, actor: Actor, ticketId: string) {
  const ticket = await deps.tickets.findVisible(tx, actor, ticketId);
  if (!ticket) throw notFound();
  return ticket;
}

/** Technicians record only their own jobs; dispatchers and supervisors may record for the lead. */
export async function assertOnCrew(deps: FieldworkDeps, tx: Db, actor: Actor, ticketId: string) {
  if (actor.role !== 'technician') return;
  const crew = await deps.tickets.crewOf(tx, actor.orgId, ticketId);
  if (!crew.some((c) => c.id === actor.userId)) throw new AppError('FORBIDDEN', { detail: 'errors.detail.notOnCrew' });
}
