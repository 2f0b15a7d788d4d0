import { listOf } from '../../shared/contracts/common';
import { clockBadge } from '../../shared/contracts/sla';
import { ticketListItem, ticketListQuery, type TicketListQuery } from '../../shared/contracts/tickets';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import type { Actor } from '../modules/identity';
import type { TicketService } from '../modules/tickets';
import type { SlaService } from '../modules/sla';

export interface TicketListDeps {
  tickets: Pick<TicketService, 'findTickets'>;
  sla: Pick<SlaService, 'badgesFor'>;
}

/** A page of the tickets the actor may see, each with its most urgent running SLA clock. */
export async function listTicketsWithClocks(deps: TicketListDeps, actor: Actor, query: TicketListQuery) {
  const list = await deps.tickets.findTickets(actor, query);
  const byTicket = await deps.sla.badgesFor(actor.orgId, list.items.map((t) => t.id));
  return { ...list, items: list.items.map((t) => ({ ...t, sla: byTicket.get(t.id) ?? null })) };
}

export function ticketListRoutes(api: Api, deps: TicketListDeps) {
  api.get('/api/v1/tickets', {
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['tickets'],
      summary: 'List and search tickets the caller may see, each with its most urgent SLA clock',
      querystring: ticketListQuery,
      response: { 200: listOf(ticketListItem.extend({ sla: clockBadge.nullable() })) },
    },
    handler: async (request) => listTicketsWithClocks(deps, actorOf(request), request.query),
  });
}
