import { can } from '../../shared/permissions';
import { SEARCH_LIMIT, searchQuery, searchResults, type SearchResults } from '../../shared/contracts/workbench';
import { ticketListQuery } from '../../shared/contracts/tickets';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import type { Services } from '../services';
import type { Actor } from '../modules/identity';

export type GlobalSearchDeps = Pick<Services, 'tickets' | 'customers' | 'assets' | 'identity'>;

/**
 * The header's search (Ctrl+K, "/"): a few tickets (number, description, customer, phone),
 * customers (name, phone), assets (serial, plate) and people, each kind searched by its own
 * list's search and only when the caller may read that kind (null otherwise). Tickets are the
 * ones the caller may see (a technician's own); everything is the caller's organisation's.
 */
export async function globalSearch(deps: GlobalSearchDeps, actor: Actor, q: string): Promise<SearchResults> {
  const may = (p: Parameters<typeof can>[1]) => can(actor.role, p);
  const [tickets, customers, assets, people] = await Promise.all([
    may('tickets.read') ? deps.tickets.findTickets(actor, ticketListQuery.parse({ q, pageSize: String(SEARCH_LIMIT) })) : null,
    may('customers.read') ? deps.customers.findCustomers(actor, { q, limit: SEARCH_LIMIT, offset: 0 }) : null,
    may('assets.read') ? deps.assets.findAssets(actor, { q, limit: SEARCH_LIMIT, offset: 0 }) : null,
    may('users.read') ? deps.identity.findUsers(actor, { q, limit: SEARCH_LIMIT, offset: 0 }) : null,
  ]);
  return {
    tickets: tickets && tickets.items.map((t) => ({ id: t.id, number: t.number, description: t.description.slice(0, 120), status: t.status, customerName: t.customerName })),
    customers:
      customers &&
      customers.items.map((c) => ({ id: c.id, name: c.name, companyName: c.companyName, phone: (c.phones.find((p) => p.isPrimary) ?? c.phones[0])?.phone ?? null })),
    assets:
      assets &&
      assets.items.map((a) => ({
        id: a.id,
        serialNumber: a.serialNumber,
        label: [a.brand, a.productName ?? a.model].filter(Boolean).join(' ') || null,
        plate: a.plate,
        customerId: a.customerId,
      })),
    people: people && people.items.map((u) => ({ id: u.id, name: u.name, username: u.username, role: u.role, team: u.team ?? null, phone: u.phone })),
  };
}

export function globalSearchRoutes(api: Api, deps: GlobalSearchDeps) {
  api.get('/api/v1/search', {
    // Anyone signed in may search; each section asks for the permission of its own list.
    config: { authenticated: true },
    schema: {
      tags: ['search'],
      summary: 'Global search: a few tickets, customers, assets and people the caller may read (a section is null without its permission)',
      querystring: searchQuery,
      response: { 200: searchResults },
    },
    handler: async (request) => globalSearch(deps, actorOf(request), request.query.q),
  });
}
