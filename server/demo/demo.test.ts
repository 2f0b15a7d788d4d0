import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketListQuery } from '../../shared/contracts/tickets';
import { createHarness, fixedClock, type Harness } from '../test/harness';
import { localDate } from '../../shared/time';
import { generateDemo } from './demo';

let h: Harness;

/** The demo moves the harness's clock through the past it simulates. */
const setClock = (x: Harness) => (at: Date) => x.clock.set(at.toISOString());

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

// Each test walks a few hundred tickets through the services: seconds alone, longer on a busy machine.
describe('demo data', { timeout: 120_000 }, () => {
  it('makes staff, customers with assets of several kinds, and tickets across the lifecycle', async () => {
    const lines: string[] = [];
    const realNow = h.clock().getTime();
    const summary = await generateDemo(h.services, h.admin, { customers: 30, tickets: 40, seed: 1 }, (line) => lines.push(line), setClock(h));
    expect(summary).toMatch(/30 customers/);
    expect(lines.some((l) => l.includes('tickets 40/40'))).toBe(true);

    const technicians = await h.services.identity.findUsers(h.admin, { role: 'technician', limit: 100, offset: 0 });
    expect(technicians.total).toBeGreaterThanOrEqual(15);
    expect(new Set(technicians.items.map((u) => u.grade)).size).toBe(3);
    expect(new Set(technicians.items.map((u) => u.employmentStatus)).size).toBe(4);
    expect(new Set(technicians.items.map((u) => u.team)).size).toBeGreaterThanOrEqual(7);
    expect(technicians.items.every((u) => u.team)).toBe(true);

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
    expect(h.clock().getTime()).toBe(realNow);
    const spans: number[] = [];
    const states = new Set<string>();
    for (const ticket of tickets.items) {
      const events = await h.services.tickets.findEvents(h.admin, ticket.id);
      expect(events.filter((e) => e.type === 'created')).toHaveLength(1);
      expect(events[0]!.type).toBe('created');
      expect(events.every((e) => e.at.getTime() <= realNow)).toBe(true);
      // In time order, each transition starts where the one before ended.
      let status: string = 'reported';
      for (const e of events.filter((x) => x.type === 'transition')) {
        expect(e.from).toBe(status);
        status = e.to!;
      }
      expect(status).toBe(ticket.status);
      const closing = events.find((e) => e.type === 'transition' && e.to === 'closed');
      if (closing && events.some((e) => e.type === 'transition' && e.details.action === 'dispatch')) spans.push(closing.at.getTime() - events[0]!.at.getTime());

      for (const clock of await h.services.sla.clocksOf(h.admin, ticket.id)) {
        states.add(clock.state);
        for (const at of [clock.startedAt, clock.stoppedAt]) expect(at === null || at.getTime() <= realNow).toBe(true);
        expect(clock.trail.filter((x) => x.what !== 'due').every((x) => Date.parse(x.at) <= realNow)).toBe(true);
      }
    }
    expect(spans.length).toBeGreaterThan(0);
    expect(spans.every((ms) => ms > 3_600_000)).toBe(true);
    expect(states).toContain('met');
    expect(states).toContain('breached');
    expect(new Set(tickets.items.map((t) => t.reportedAt.getTime() < realNow - 60 * 86_400_000))).toEqual(new Set([true, false]));
  });

  it('runs again into the same database, adding data and reusing the staff', async () => {
    const staffBefore = (await h.services.identity.findUsers(h.admin, { limit: 500, offset: 0 })).total;
    const summary = await generateDemo(h.services, h.admin, { customers: 10, tickets: 10, seed: 1 }, () => {}, setClock(h));
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

  it('M3, M4, M7: closed on-site jobs carry the crew\'s hours, approved by a supervisor, and out-of-warranty repairs their charge and payments, so a pay run has more than base pay', async () => {
    const approved = await h.services.fieldwork.findEntries(h.admin, { status: 'approved', limit: 1000 });
    expect(approved.length).toBeGreaterThan(0);
    expect(new Set(approved.map((e) => e.kind))).toEqual(new Set(['travel', 'direct']));
    const supervisors = (await h.services.identity.findUsers(h.admin, { role: 'supervisor', limit: 10, offset: 0 })).items.map((u) => u.id);
    expect(approved.every((e) => supervisors.includes(e.approvedBy!))).toBe(true);
    const jobs = [...new Set(approved.map((e) => e.ticketId))];
    for (const id of jobs) expect((await h.services.tickets.getTicket(h.admin, id)).status).toBe('closed');
    const money = await h.services.billing.ordersMoney(h.admin, jobs);
    expect(money.some((m) => m.collectedFen > 0)).toBe(true);

    // The month most of those hours fall in, run as finance would: hours and commission, not only base pay.
    const months = approved.map((e) => localDate(e.startedAt, 'Asia/Shanghai').slice(0, 7));
    const month = [...new Set(months)].sort((a, b) => months.filter((m) => m === b).length - months.filter((m) => m === a).length)[0]!;
    const run = await h.services.pay.createRun(h.admin, { month });
    const kinds = new Set((await h.services.pay.runLines(h.admin, run.id, {})).items.flatMap((p) => p.components.map((c) => c.kind)));
    expect(kinds).toContain('base');
    expect([...kinds].some((k) => k === 'direct_hours' || k === 'indirect_hours' || k === 'commission')).toBe(true);
  });

  it('is the same for the same seed, whatever the hour it runs at', async () => {
    const a = await createHarness();
    const b = await createHarness({ clock: fixedClock('2026-12-03T15:47:00Z') });
    try {
      await generateDemo(a.services, a.admin, { customers: 8, tickets: 8, seed: 7 }, () => {}, setClock(a));
      await generateDemo(b.services, b.admin, { customers: 8, tickets: 8, seed: 7 }, () => {}, setClock(b));
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
