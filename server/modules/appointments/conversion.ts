import type { AppointmentView } from '../../../shared/contracts/appointments';
import type { Priority, TicketType } from '../../../shared/domain';
import { savedOrThrow } from '../../db/versioned';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import * as repo from './appointments.repository';
import { mayReach, type AppointmentDeps } from './appointments.deps';
import { loadView } from './appointment-views';
import { notAllowed } from './refusals';

/*
 * The appointments' side of "the customer is here, the visit becomes a ticket": which
 * appointment may become one and what it says, and the link back once the ticket exists. The
 * use case itself spans two modules and lives in `server/workflows/appointment-to-ticket.ts`.
 */

/** What the agent may choose when the ticket is made. */
export interface ConversionChoices {
  type?: TicketType | undefined;
  priority?: Priority | undefined;
}

/** The port the conversion route calls; the workflow implements it. */
export interface TicketConversion {
  convertToTicket(actor: Actor, id: string, choices: ConversionChoices): Promise<AppointmentView>;
}

/** What the ticket is made from: the booking's customer, asset, channel, contact and what they asked for. */
export type TicketSource = Pick<repo.AppointmentRow, 'id' | 'customerId' | 'assetId' | 'channel' | 'requests' | 'note' | 'contactName' | 'contactPhone'>;

/**
 * The appointment as it already became a ticket (`converted`), or what its ticket is to be
 * made from. Only an arrived appointment becomes a ticket.
 */
export async function ticketSource(deps: AppointmentDeps, actor: Actor, id: string): Promise<{ converted: AppointmentView } | { source: TicketSource }> {
  const row = await repo.findAppointment(deps.db, actor.orgId, id);
  // S11: another customer's appointment is not there for a customer, converted or not; checked
  // before anything about it is answered (its ticket, its status).
  if (!row || !mayReach(actor, row.customerId)) throw notFound();
  if (row.ticketId) return { converted: await loadView(deps.db, actor.orgId, id) };
  if (row.status !== 'arrived') throw notAllowed(row.status, 'ticket');
  const { customerId, assetId, channel, requests, note, contactName, contactPhone } = row;
  return { source: { id: row.id, customerId, assetId, channel, requests, note, contactName, contactPhone } };
}

/**
 * Links the ticket made for an appointment to it. The row is locked while it is read, so a
 * change on the board at the same moment (done, no-show) waits and then keeps the link; an
 * appointment linked meanwhile keeps the ticket it has.
 */
export async function linkTicket(deps: AppointmentDeps, actor: Actor, id: string, ticketId: string): Promise<AppointmentView> {
  await deps.db.transaction(async (tx) => {
    const current = await repo.findAppointment(tx, actor.orgId, id, { lock: true });
    if (!current) throw notFound();
    if (current.ticketId) return;
    savedOrThrow(await repo.updateAppointment(tx, actor.orgId, id, current.version, { ticketId, updatedAt: deps.clock() }), current.version);
  });
  return loadView(deps.db, actor.orgId, id);
}
