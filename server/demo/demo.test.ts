import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketListQuery } from '../../shared/contracts/tickets';
import { createHarness, fixedClock, type Harness } from '../test/harness';
import { generateDemo } from './demo';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('demo data', () => {
  it('makes staff, customers with assets of several kinds, and tickets across the lifecycle', async () => {
    const lines: string[] = [];
    const summary = await generateDemo(h.services, h.admin, { customers: 30, tickets: 40, seed: 1 }, (line) => lines.push(line));
    expect(summary).toMatch(/30 customers/);
    expect(lines.some((l) => l.includes('tickets 40/40'))).toBe(true);

    const technicians = await h.services.identity.findUsers(h.admin, { role: 'technician', limit: 100, offset: 0 });
    expect(technicians.total).toBeGreaterThanOrEqual(15);
    expect(new Set(technicians.items.map((u) => u.grade)).size).toBe(3);
    expect(new Set(technicians.items.map((u) => u.employmentStatus)).size).toBe(4);

    const customers = await h.services.customers.findCustomers(h.admin, { limit: 100, offset: 0 });
    expect(customers.total).toBe(30);
    const phones = customers.items.flatMap((c) => c.phones.map((p) => p.phone));
    expect(customers.items.every((c) => c.phones.length > 0 && c.addresses.length > 0)).toBe(true);
    expect(new Set(phones).size).toBe(phones.length);
    expect(customers.items.every((c) => /^1[358]\d{9}$/.test(c.phones.find((p) => p.isPrimary)!.phone))).toBe(true);

    const assets = await h.services.assets.findAssets(h.admin, { limit: 100, offset: 0 });
    expect(assets.total).toBeGreaterThanOrEqual(30);
    expect(new Set(assets.items.map((a) => a.kind)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(assets.items.map((a) => a.warranty.state))).toEqual(new Set(['in', 'out']));

    const tickets = await h.services.tickets.findTickets(h.admin, ticketListQuery.parse({ pageSize: 100 }));
    expect(tickets.total).toBe(40);
    expect(new Set(tickets.items.map((t) => t.status)).size).toBeGreaterThanOrEqual(4);
    expect(tickets.items.every((t) => t.reportedAt.getTime() <= h.clock().getTime())).toBe(true);
    for (const ticket of tickets.items) {
      const events = await h.services.tickets.findEvents(h.admin, ticket.id);
      expect(events.filter((e) => e.type === 'created')).toHaveLength(1);
    }
  });

  it('runs again into the same database, adding data and reusing the staff', async () => {
    const staffBefore = (await h.services.identity.findUsers(h.admin, { limit: 500, offset: 0 })).total;
    const summary = await generateDemo(h.services, h.admin, { customers: 10, tickets: 10, seed: 1 }, () => {});
    expect(summary).toMatch(/\(0 new/);
    expect((await h.services.identity.findUsers(h.admin, { limit: 500, offset: 0 })).total).toBe(staffBefore);
    expect((await h.services.customers.findCustomers(h.admin, { limit: 1, offset: 0 })).total).toBe(40);
    expect((await h.services.tickets.findTickets(h.admin, ticketListQuery.parse({ pageSize: 1 }))).total).toBe(50);
    const customers = await h.services.customers.findCustomers(h.admin, { limit: 100, offset: 0 });
    const phones = customers.items.flatMap((c) => c.phones.map((p) => p.phone));
    expect(new Set(phones).size).toBe(phones.length);
    const serials = (await h.services.assets.findAssets(h.admin, { limit: 500, offset: 0 })).items.map((a) => a.serialNumber);
    expect(new Set(serials).size).toBe(serials.length);
  });

  it('is the same for the same seed, whatever the hour it runs at', async () => {
    const a = await createHarness();
    const b = await createHarness({ clock: fixedClock('2026-12-03T15:47:00Z') });
    try {
      await generateDemo(a.services, a.admin, { customers: 8, tickets: 8, seed: 7 }, () => {});
      await generateDemo(b.services, b.admin, { customers: 8, tickets: 8, seed: 7 }, () => {});
      const shape = async (x: Harness) =>
        (await x.services.tickets.findTickets(x.admin, ticketListQuery.parse({ pageSize: 100 }))).items
          .map((t) => [t.customerName, t.description, t.status, t.priority, t.channel, t.assetLabel].join('|'))
          .sort();
      expect(await shape(a)).toEqual(await shape(b));
    } finally {
      await a.close();
      await b.close();
    }
  });
});
