import { afterEach, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, TEST_PASSWORD, type AppHarness } from '../../test/harness';
import { caller } from '../../test/http';
import type { Actor } from '../identity';

const M = 60_000;
let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

/** Two customers' jobs: 李师傅 travels to both, 小赵 only to the first; a supervisor notes a change on one entry. */
async function twoJobs() {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T00:30:00Z') });
  const lead = await h.actorWithRole('technician', { name: '李师傅' });
  const mate = await h.actorWithRole('technician', { name: '徒弟小赵' });
  const supervisor = await h.actorWithRole('supervisor', { name: '周主管' });
  const job = async (name: string, phone: string, crew: Actor[]) => {
    const customer = await h.services.customers.createCustomer(h.admin, { name, phone });
    const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, channel: 'phone', description: '洗衣机漏水' });
    const act = async (action: string, more: Record<string, unknown> = {}) => {
      const t = await h.services.tickets.getTicket(h.admin, ticket.id);
      return h.services.tickets.transition(h.admin, ticket.id, t.version, { action: action as never, ...more });
    };
    await act('accept');
    await act('dispatch', { technicianId: crew[0]!.userId, crewIds: crew.slice(1).map((c) => c.userId) });
    for (const who of crew) await h.services.fieldwork.recordStep(who, ticket.id, { kind: 'depart', transport: 'company' });
    h.clock.advance(40 * M);
    for (const who of crew) await h.services.fieldwork.recordStep(who, ticket.id, { kind: 'arrive' });
    return { customer, ticket };
  };
  const mine = await job('钱女士', '13900001234', [lead, mate]);
  const other = await job('孙先生', '13900005678', [lead]);
  const [noted] = await h.services.fieldwork.findEntries(supervisor, { ticketId: mine.ticket.id, userId: mate.userId, limit: 10 });
  await h.services.fieldwork.editEntry(supervisor, noted!.id, noted!.version, { minutes: 30, note: '师傅多报了十分钟' });
  return { lead, mate, supervisor, mine, other };
}

describe('who lists time entries', () => {
  it('S7: a customer or contractor lists only the hours on their own jobs, without notes; a technician their own; supervisors and office staff everyone’s', async () => {
    const { lead, mate, supervisor, mine, other } = await twoJobs();
    const list = async (who: Actor) => h.services.fieldwork.findEntries(who, { limit: 1000 });
    const tickets = (entries: { ticketId: string }[]) => [...new Set(entries.map((e) => e.ticketId))].sort();

    // Supervisors approve everyone's hours; the office sees them too.
    expect(await list(supervisor)).toHaveLength(3);
    expect(await list(await h.actorWithRole('dispatcher'))).toHaveLength(3);
    expect((await list(supervisor)).find((e) => e.userId === mate.userId)).toMatchObject({ minutes: 30, note: '师傅多报了十分钟' });
    // A technician their own, on every job they worked.
    expect((await list(lead)).map((e) => e.userId)).toEqual([lead.userId, lead.userId]);
    expect(tickets(await list(lead))).toEqual([mine.ticket.id, other.ticket.id].sort());

    // The customer: the hours on their own job, as the work order prints them, without the supervisor's note.
    const customer = await h.actorWithRole('customer', { customerId: mine.customer.id });
    const own = await list(customer);
    expect(tickets(own)).toEqual([mine.ticket.id]);
    expect(own).toHaveLength(2);
    expect(own.map((e) => e.note)).toEqual([null, null]);
    // Asking for another customer's job or another technician's hours finds nothing more.
    expect(await h.services.fieldwork.findEntries(customer, { ticketId: other.ticket.id, limit: 1000 })).toEqual([]);
    expect(await h.services.fieldwork.findEntries(customer, { userId: lead.userId, limit: 1000 })).toHaveLength(1);
    // The job view shows the customer the same hours, without the note.
    expect((await h.services.fieldwork.dayOf(customer, mine.ticket.id)).entries.map((e) => e.note)).toEqual([null, null]);

    // A contractor with no job of the organisation sees none, through the API as well.
    const contractor = await h.actorWithRole('contractor');
    expect(await list(contractor)).toEqual([]);
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: contractor.username, password: TEST_PASSWORD } });
    const response = await caller(h.app, login.json().token as string)('GET', '/api/v1/time-entries?limit=1000');
    expect(response.statusCode).toBe(200);
    expect(response.json().items).toEqual([]);
  });
});
