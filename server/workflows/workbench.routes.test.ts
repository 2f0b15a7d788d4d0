import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Figure, WorkbenchView } from '../../shared/contracts/workbench';
import { systemActor, type Actor } from '../modules/identity';
import { asset, customer, reportedTicket, technician } from '../test/fixtures';
import { createAppHarness, fixedClock, TEST_PASSWORD, type AppHarness } from '../test/harness';
import { caller } from '../test/http';

/*
 * The landing page (工作台) and the header's search: each role's figures, counted in the caller's
 * organisation only, each figure the total of the ticket list under the filter its link opens;
 * the search's sections each behind its own list's permission.
 */

let h: AppHarness;
const M = 60_000;

async function signIn(username: string, password = TEST_PASSWORD) {
  const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  return response.json().token as string;
}
const as = async (actor: Actor) => caller(h.app, actor === h.admin ? h.adminToken : await signIn(actor.username));

let agent: Actor;
let dispatcher: Actor;
let supervisor: Actor;
let wang: Awaited<ReturnType<typeof technician>>;
let otherAdmin: Actor;
let ownNumber: string;
let ownTicketId: string;
let ownCustomer: { id: string; name: string };
let ownSerial: string;

/** The ticket list's total under a figure's own filter: what its link shows. */
async function listed(who: Actor, f: Figure) {
  expect(f.tickets).not.toBeNull();
  const response = await (await as(who))('GET', `/api/v1/tickets?${new URLSearchParams(f.tickets!).toString()}&pageSize=100`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { total: number; items: { id: string; number: string; description: string }[] };
}

async function workbenchOf(who: Actor): Promise<WorkbenchView> {
  const response = await (await as(who))('GET', '/api/v1/me/workbench');
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeAll(async () => {
  h = await createAppHarness({ clock: fixedClock('2026-11-30T02:00:00Z') }); // Monday 10:00 in Shanghai
  // Another organisation with a look-alike customer and tickets of every kind: none of it may count or be found.
  const org = await h.services.identity.createOrganisation({ code: 'bench-other', name: '别家服务中心' });
  await h.services.ensureOrganisationDefaults(org.id);
  const user = await h.services.identity.createUser(org.id, { username: 'bench-other-admin', password: TEST_PASSWORD, name: '外人', role: 'admin' });
  otherAdmin = { ...systemActor(org.id, user.id), username: user.username, name: user.name };
  const theirs = await h.services.customers.createCustomer(otherAdmin, { name: '工作台客户甲', phone: '13800009999' });
  for (const emergency of [false, true]) {
    const { ticket } = await h.services.tickets.createTicket(otherAdmin, { customerId: theirs.id, channel: 'phone', description: '别家的漏水', emergency });
    await h.services.tickets.transition(otherAdmin, ticket.id, ticket.version, { action: 'accept' });
  }

  agent = await h.actorWithRole('hotline_agent', { name: '李客服' });
  dispatcher = await h.actorWithRole('dispatcher', { name: '赵调度' });
  supervisor = await h.actorWithRole('supervisor', { name: '周主管' });
  wang = await technician(h, { name: '王师傅', team: '一组' });

  // Yesterday the administrator took a call; today the agent takes two.
  h.clock.advance(-24 * 60 * M);
  await reportedTicket(h, { description: '昨天的冰箱' });
  h.clock.advance(24 * 60 * M);
  const mine = await customer(h, { name: '工作台客户甲', phone: '13712345678' });
  ownCustomer = mine;
  ownSerial = (await asset(h, mine.id, { serialNumber: 'WB-SERIAL-0042' })).serialNumber;
  const first = await h.services.tickets.createTicket(agent, { customerId: mine.id, channel: 'phone', description: '空调不制冷' });
  ownNumber = first.ticket.number;
  ownTicketId = first.ticket.id;
  await h.services.tickets.createTicket(agent, { customerId: mine.id, channel: 'phone', description: '热水器漏水', priority: 'high' });

  // The dispatch queue: an emergency, an urgent and a normal job accepted; one dispatched with a visit that should have started.
  for (const [priority, emergency] of [['urgent', true], ['urgent', false], ['normal', false]] as const) {
    const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: mine.id, channel: 'phone', description: `排队${priority}`, priority, emergency });
    await h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'accept' });
  }
  const { ticket: late } = await h.services.tickets.createTicket(h.admin, { customerId: mine.id, channel: 'phone', description: '该到了还没到' });
  const accepted = await h.services.tickets.transition(h.admin, late.id, late.version, { action: 'accept' });
  await h.services.dispatch.assign(h.admin, accepted.version, { ticketId: late.id, technicianId: wang.id, crewIds: [], plannedStart: '2026-11-30T09:00:00+08:00', plannedEnd: '2026-11-30T09:30:00+08:00' });
});

afterAll(async () => {
  await h?.close();
});

describe('the workbench', () => {
  it("counts an agent's calls today, their open tickets, the chased ones and what waits on the hotline, each equal to the list its link opens", async () => {
    // The caller rings again about the air conditioner: a chase (催单), twice.
    const chase = await as(agent);
    for (let i = 0; i < 2; i++) expect((await chase('POST', `/api/v1/tickets/${ownTicketId}/chases`, { channel: 'phone' })).statusCode).toBe(201);
    const view = await workbenchOf(agent);
    expect(view.role).toBe('hotline_agent');
    expect(view.day).toBe('2026-11-30');
    expect(view.dispatcher).toBeNull();
    expect(view.supervisor).toBeNull();
    expect(view.setup).toBeNull();
    const cards = view.agent!;
    expect(cards.createdToday.count).toBe(2);
    expect(cards.createdToday.tickets).toMatchObject({ createdBy: 'me' });
    expect(cards.myOpen.count).toBe(2);
    // Reported and not yet accepted: the agent's two, the administrator's from yesterday (not the other organisation's).
    expect(cards.toAccept.count).toBe(3);
    expect(cards.toClose.count).toBe(0);
    expect(cards.chased.count).toBe(1);
    for (const f of [cards.createdToday, cards.myOpen, cards.chased, cards.toAccept, cards.toClose]) expect((await listed(agent, f)).total).toBe(f.count);
    expect((await listed(agent, cards.chased)).items.map((t) => t.number)).toEqual([ownNumber]);
    const today = await listed(agent, cards.createdToday);
    expect(today.items.map((t) => t.description).sort()).toEqual(['热水器漏水', '空调不制冷']);
  });

  it("shows a dispatcher the queue by urgency, today's load per team and the visit that has not started", async () => {
    const view = await workbenchOf(dispatcher);
    expect(view.agent).toBeNull();
    const d = view.dispatcher!;
    expect(d.queue.count).toBe(3);
    expect(d.emergencies.count).toBe(1);
    expect(d.byPriority.map((p) => [p.priority, p.figure.count])).toEqual([
      ['urgent', 2],
      ['high', 0],
      ['normal', 1],
      ['low', 0],
    ]);
    for (const f of [d.queue, d.emergencies, ...d.byPriority.map((p) => p.figure)]) expect((await listed(dispatcher, f)).total).toBe(f.count);
    expect(d.unscheduled).toMatchObject({ count: 0, path: '/dispatch/board' });
    expect((await listed(dispatcher, d.emergencies)).items.map((t) => t.description)).toEqual(['排队urgent']);
    expect(d.teams).toContainEqual({ team: '一组', technicians: 1, visits: 1, plannedMinutes: 30, path: `/dispatch/board?team=${encodeURIComponent('一组')}` });
    expect(d.atRisk).toHaveLength(1);
    expect(d.atRisk[0]).toMatchObject({ customerName: '工作台客户甲', technicianName: '王师傅', reason: 'late' });
  });

  it('shows a supervisor breaches, approvals waiting and attainment against the target in the settings', async () => {
    const view = await workbenchOf(supervisor);
    const s = view.supervisor!;
    expect(s.breached).toMatchObject({ path: '/sla/breaches?state=breached', tickets: null });
    expect(s.costApprovals).toMatchObject({ count: 0, path: '/costs/approvals' });
    expect(s.timesheets).toMatchObject({ count: 0, path: '/timesheets' });
    expect(s.emergenciesOpen.count).toBe(1);
    expect((await listed(supervisor, s.emergenciesOpen)).total).toBe(1);
    expect(s.attainment).toMatchObject({ targetBp: 9000, path: '/sla/attainment' });
    const admin = caller(h.app, h.adminToken);
    const org = (await admin('GET', '/api/v1/organisation')).json();
    const saved = await admin('PATCH', '/api/v1/organisation', { settings: { sla: { attainmentTargetBp: 9500 } } }, { ifMatch: org.version });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await workbenchOf(supervisor)).supervisor!.attainment.targetBp).toBe(9500);
  });

  it("gives the administrator the setup checklist from the organisation's own data; saving a template makes its slots", async () => {
    const before = (await workbenchOf(h.admin)).setup!.steps;
    const done = (steps: typeof before) => Object.fromEntries(steps.map((s) => [s.step, s.done]));
    // Staff were added, 王师傅 with his team; no slot template yet, so the booking link has nothing to offer.
    expect(done(before)).toMatchObject({ calendar: true, policies: true, users: true, teams: true, appointmentTemplates: false, bookingLink: false });
    expect(before.find((s) => s.step === 'teams')!.path).toBe('/users');
    const admin = await as(h.admin);
    const saved = await admin('POST', '/api/v1/appointments/templates', { name: '工作日上门', weekdays: [1, 2, 3, 4, 5], windows: [{ start: '09:00', end: '11:00', capacity: 4 }] });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().slotsCreated).toBe(20); // four weeks of weekdays from today
    expect(done((await workbenchOf(h.admin)).setup!.steps)).toMatchObject({ appointmentTemplates: true, bookingLink: true });
    // A change adds the new window's slots ahead and keeps the ones made.
    const changed = await admin(
      'PUT',
      `/api/v1/appointments/templates/${saved.json().id}`,
      { name: '工作日上门', weekdays: [1, 2, 3, 4, 5], windows: [{ start: '09:00', end: '11:00', capacity: 4 }, { start: '14:00', end: '16:00', capacity: 2 }] },
      { ifMatch: saved.json().version },
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().slotsCreated).toBe(20);
    // The other organisation's administrator starts from nothing of ours.
    const theirs = done((await workbenchOf(otherAdmin)).setup!.steps);
    expect(theirs).toMatchObject({ calendar: true, policies: true, users: false, teams: false, appointmentTemplates: false, bookingLink: false });
  });

  it('gives a technician and a customer no office cards, and refuses the anonymous', async () => {
    const view = await workbenchOf(wang.actor);
    expect([view.agent, view.dispatcher, view.supervisor, view.setup]).toEqual([null, null, null, null]);
    expect((await caller(h.app, null)('GET', '/api/v1/me/workbench')).statusCode).toBe(401);
  });
});

describe('the ticket list filters the links use', () => {
  it('finds the tickets nobody leads (assigneeId=none) and those a user entered (createdBy)', async () => {
    const list = async (who: Actor, query: string) => (await (await as(who))('GET', `/api/v1/tickets?${query}&pageSize=100`)).json() as { total: number; items: { assignee: unknown; description: string }[] };
    const none = await list(dispatcher, 'assigneeId=none');
    expect(none.total).toBeGreaterThan(0);
    expect(none.items.every((t) => t.assignee === null)).toBe(true);
    expect((await list(dispatcher, 'assigneeId=none&status=dispatched')).total).toBe(0);
    // createdBy=me is the caller's own intake: the agent's two, nobody else's.
    expect((await list(agent, 'createdBy=me')).items.map((t) => t.description).sort()).toEqual(['热水器漏水', '空调不制冷']);
    expect((await list(dispatcher, 'createdBy=me')).total).toBe(0);
    expect((await (await as(agent))('GET', '/api/v1/tickets?createdBy=someone')).statusCode).toBe(400);
  });
});

describe('the global search', () => {
  it('finds tickets by number, customers by phone, assets by serial and people by name, only in the caller\'s organisation', async () => {
    const search = await as(agent);
    const byNumber = (await search('GET', `/api/v1/search?q=${ownNumber}`)).json();
    expect(byNumber.tickets.map((t: { number: string }) => t.number)).toEqual([ownNumber]);
    const byName = (await search('GET', `/api/v1/search?q=${encodeURIComponent('工作台客户甲')}`)).json();
    expect(byName.customers.map((c: { id: string }) => c.id)).toEqual([ownCustomer.id]);
    const byPhone = (await search('GET', '/api/v1/search?q=13712345678')).json();
    expect(byPhone.customers).toMatchObject([{ id: ownCustomer.id, phone: '13712345678' }]);
    expect((await search('GET', '/api/v1/search?q=13800009999')).json().customers).toEqual([]);
    const bySerial = (await search('GET', `/api/v1/search?q=${ownSerial}`)).json();
    expect(bySerial.assets).toMatchObject([{ serialNumber: ownSerial, customerId: ownCustomer.id }]);
    const byPerson = (await search('GET', `/api/v1/search?q=${encodeURIComponent('王师傅')}`)).json();
    expect(byPerson.people).toMatchObject([{ name: '王师傅', role: 'technician', team: '一组' }]);
  });

  it('answers each section only under its own permission, a few results each', async () => {
    const tech = await as(wang.actor);
    const found = (await tech('GET', `/api/v1/search?q=${encodeURIComponent('工作台客户甲')}`)).json();
    // A technician reads tickets (their own), not the customer file or the staff list.
    expect(found.customers).toBeNull();
    expect(found.people).toBeNull();
    expect(found.assets).toBeNull();
    const theirs = (await tech('GET', `/api/v1/search?q=${encodeURIComponent('该到了')}`)).json();
    expect(theirs.tickets.map((t: { description: string }) => t.description)).toEqual(['该到了还没到']);
    expect((await tech('GET', `/api/v1/search?q=${ownNumber}`)).json().tickets).toEqual([]);
    const many = (await (await as(agent))('GET', `/api/v1/search?q=${encodeURIComponent('排队')}`)).json();
    expect(many.tickets.length).toBeLessThanOrEqual(5);
    expect((await (await as(agent))('GET', '/api/v1/search?q=')).statusCode).toBe(400);
    expect((await caller(h.app, null)('GET', '/api/v1/search?q=x')).statusCode).toBe(401);
  });
});
