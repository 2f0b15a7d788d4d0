import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketListQuery } from '../../../shared/contracts/tickets';
import { createHarness, type Harness } from '../../test/harness';
import { createTicketService } from './tickets.service';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('list totals', () => {
  it('counts a list exactly up to its bound and a search up to a smaller one, and says when it stopped', async () => {
    const customer = await h.services.customers.createCustomer(h.admin, { name: '计数测试客户', phone: '13900004321' });
    for (const description of ['厨房水管漏水', '卫生间漏水', '阳台漏水', '空调不制冷']) {
      await h.services.tickets.createTicket(h.admin, { customerId: customer.id, channel: 'phone', description });
    }
    const bounded = createTicketService({
      db: h.database.db,
      clock: h.clock,
      getOrganisation: h.services.identity.getOrganisation,
      customers: h.services.customers,
      assets: h.services.assets,
      findTechnician: async () => undefined,
      countLimit: 3,
      searchCountLimit: 2,
    });
    const all = await bounded.findTickets(h.admin, ticketListQuery.parse({}));
    expect(all).toMatchObject({ total: 3, totalExact: false });
    expect(all.items).toHaveLength(4);
    const leaks = await bounded.findTickets(h.admin, ticketListQuery.parse({ q: '漏水' }));
    expect(leaks).toMatchObject({ total: 2, totalExact: false });
    expect(leaks.items).toHaveLength(3);
    const cold = await bounded.findTickets(h.admin, ticketListQuery.parse({ q: '制冷' }));
    expect(cold).toMatchObject({ total: 1, totalExact: true });
  });
});
