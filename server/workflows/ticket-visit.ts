import { z } from 'zod';
import { appointmentView, type AppointmentView } from '../../shared/contracts/appointments';
import { idParams, uuid } from '../../shared/contracts/common';
import { FINAL_STATUSES, isIn } from '../../shared/ticket-lifecycle';
import { AppError } from '../errors';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import type { Actor } from '../modules/identity';
import type { AppointmentService } from '../modules/appointments';
import type { TicketService } from '../modules/tickets';

export const ticketVisitBody = z.strictObject({ slotId: uuid });

export interface TicketVisitDeps {
  appointments: Pick<AppointmentService, 'book' | 'linkTicket' | 'bookedWindowOf'>;
  tickets: Pick<TicketService, 'getTicket'>;
}

/**
 * 期望上门时间 at intake: the caller's preferred time, taken from the appointment slots, is
 * booked for the ticket just saved (the caller, asset, contact and description read back) and
 * linked to it, so the ticket carries its planned visit. The ticket's id keys the booking, so a
 * retried save books one place; a ticket that already has its visit, or is closed, takes none.
 */
export async function bookVisitForTicket(deps: TicketVisitDeps, actor: Actor, ticketId: string, slotId: string): Promise<AppointmentView> {
  const ticket = await deps.tickets.getTicket(actor, ticketId);
  if (isIn(FINAL_STATUSES, ticket.status)) throw new AppError('TICKET_NOT_OPEN', { extensions: { status: ticket.status } });
  if (await deps.appointments.bookedWindowOf(actor.orgId, ticketId)) throw new AppError('ALREADY_EXISTS');
  const booked = await deps.appointments.book(
    actor,
    {
      slotId,
      customerId: ticket.customerId,
      assetId: ticket.assetId,
      requests: [ticket.description.slice(0, 200)],
      channel: 'phone',
      contactName: ticket.contactName,
      contactPhone: ticket.contactPhone,
      note: null,
    },
    `ticket-visit:${ticketId}`,
  );
  return deps.appointments.linkTicket(actor, booked.id, ticketId);
}

export function ticketVisitRoutes(api: Api, deps: TicketVisitDeps) {
  api.post('/api/v1/tickets/:id/visit', {
    config: { permission: 'appointments.manage' },
    schema: {
      tags: ['tickets', 'appointments'],
      summary: '期望上门时间: book an appointment slot for the ticket (its caller, asset, contact and description) and link it; 409 SLOT_FULL when the last place went',
      params: idParams,
      body: ticketVisitBody,
      response: { 201: appointmentView },
    },
    handler: async (request, reply) => reply.code(201).send(await bookVisitForTicket(deps, actorOf(request), request.params.id, request.body.slotId)),
  });
}
