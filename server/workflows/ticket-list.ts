import { listOf } from '../../shared/contracts/common';
import { clockBadge } from '../../shared/contracts/sla';
import { ticketListItem, ticketListQuery, type TicketListQuery } from '../../shared/contracts/tickets';
import type { Readable } from 'node:stream';
import { enumLabel, t, type Locale } from '../../shared/i18n';
import { localDateTime } from '../../shared/time';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import { requestLocale } from '../http/locale';
import { EXPORT_PAGE, sendXlsx, streamSheet } from '../http/xlsx';
import type { Actor, IdentityService } from '../modules/identity';
import type { TicketService } from '../modules/tickets';
import type { SlaService } from '../modules/sla';

export interface TicketListDeps {
  tickets: Pick<TicketService, 'findTickets' | 'ticketPages'>;
  sla: Pick<SlaService, 'badgesFor'>;
  identity: Pick<IdentityService, 'getOrganisation'>;
}

/** A page of the tickets the actor may see, each with its most urgent running SLA clock. */
export async function listTicketsWithClocks(deps: TicketListDeps, actor: Actor, query: TicketListQuery) {
  const list = await deps.tickets.findTickets(actor, query);
  const byTicket = await deps.sla.badgesFor(actor.orgId, list.items.map((t) => t.id));
  return { ...list, items: list.items.map((t) => ({ ...t, sla: byTicket.get(t.id) ?? null })) };
}

/**
 * Every ticket the list shows under the same filters and the caller's visibility, as Excel,
 * written a keyset page at a time as it is read: no row cap, flat memory.
 */
export async function exportTickets(deps: TicketListDeps, actor: Actor, locale: Locale, query: Omit<TicketListQuery, 'page' | 'pageSize'>): Promise<Readable> {
  const { timeZone } = await deps.identity.getOrganisation(actor.orgId);
  const at = (d: Date | null) => (d ? localDateTime(d, timeZone) : '');
  async function* rows() {
    for await (const page of deps.tickets.ticketPages(actor, query, EXPORT_PAGE)) {
      const badges = await deps.sla.badgesFor(actor.orgId, page.map((r) => r.id));
      yield page.map((r) => {
        const badge = badges.get(r.id);
        return {
          number: r.number,
          status: enumLabel(locale, 'status', r.status),
          sla: badge ? `${enumLabel(locale, 'slaMetric', badge.metric)} · ${enumLabel(locale, 'slaState', badge.state)}` : '',
          slaDue: at(badge?.dueAt ?? null),
          priority: enumLabel(locale, 'priority', r.priority),
          emergency: t(locale, r.emergency ? 'common.yes' : 'common.no'),
          type: enumLabel(locale, 'ticketType', r.type),
          channel: enumLabel(locale, 'channel', r.channel),
          customer: r.customerName,
          asset: r.assetLabel ?? '',
          description: r.description,
          warranty: enumLabel(locale, 'warranty', r.warranty),
          assignee: r.assignee?.name ?? '',
          reportedAt: at(r.reportedAt),
        };
      });
    }
  }
  return streamSheet(
    t(locale, 'nav.tickets'),
    [
      { key: 'number', header: t(locale, 'ticket.number'), width: 20 },
      { key: 'status', header: t(locale, 'ticket.status'), width: 10 },
      { key: 'sla', header: t(locale, 'sla.title'), width: 18 },
      { key: 'slaDue', header: t(locale, 'sla.dueAt'), width: 17 },
      { key: 'priority', header: t(locale, 'ticket.priority'), width: 8 },
      { key: 'emergency', header: t(locale, 'ticket.emergency'), width: 6 },
      { key: 'type', header: t(locale, 'ticket.type'), width: 10 },
      { key: 'channel', header: t(locale, 'ticket.channel'), width: 8 },
      { key: 'customer', header: t(locale, 'ticket.customer'), width: 24 },
      { key: 'asset', header: t(locale, 'ticket.asset'), width: 24 },
      { key: 'description', header: t(locale, 'ticket.description'), width: 40 },
      { key: 'warranty', header: t(locale, 'ticket.warranty'), width: 8 },
      { key: 'assignee', header: t(locale, 'ticket.assignee'), width: 12 },
      { key: 'reportedAt', header: t(locale, 'ticket.reportedAt'), width: 17 },
    ],
    rows(),
  );
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

  api.get('/api/v1/tickets/export.xlsx', {
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['tickets'],
      summary: 'Every ticket the list shows under the same filters and visibility, as Excel (streamed, no row cap; `page` and `pageSize` are ignored)',
      querystring: ticketListQuery,
    },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const { page: _page, pageSize: _size, ...query } = request.query;
      return sendXlsx(reply, t(locale, 'nav.tickets'), await exportTickets(deps, actorOf(request), locale, query));
    },
  });
}
