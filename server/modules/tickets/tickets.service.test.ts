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
      staff: h.services.identity,
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

describe('intake channels', () => {
  it('E13: the hotline registers tickets from phone, fax and e-mail, at any hour, and lists them by channel', async () => {
    const customer = await h.services.customers.createCustomer(h.admin, { name: '渠道测试客户', phone: '13900005678' });
    // 03:00 in Shanghai: the hotline answers around the clock.
    h.clock.set('2026-11-27T19:00:00Z');
    for (const channel of ['phone', 'fax', 'email'] as const) {
      const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, channel, description: `经${channel}报修：设备无法启动` });
      expect(ticket).toMatchObject({ channel, status: 'reported' });
    }
    const faxed = await h.services.tickets.findTickets(h.admin, ticketListQuery.parse({ channel: 'fax', customerId: customer.id }));
    expect(faxed.items.map((t) => t.channel)).toEqual(['fax']);
    const events = await h.services.tickets.findEvents(h.admin, faxed.items[0]!.id);
    expect(events[0]).toMatchObject({ type: 'created', details: { channel: 'fax' } });
  });
});
