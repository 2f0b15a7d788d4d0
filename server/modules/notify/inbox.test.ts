import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppHarness, createHarness, type AppHarness, type Harness } from '../../test/harness';
import { dispatchedTicket, technician } from '../../test/fixtures';
import { caller, fieldsOf } from '../../test/http';
import { openSse, type SseStream } from '../../test/sse';
import type { InboxItem } from '../../../shared/contracts/inbox';

/*
 * The in-app inbox: every message for a staff member lands there (whatever channels are
 * configured), routed by the administrator's rules; read and unread; and the live stream of
 * server-sent events, resumed from the last event id. Across processes: inbox.processes.test.ts.
 */

let h: Harness | AppHarness | undefined;
const streams: SseStream[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.close();
  await h?.close();
  h = undefined;
});

let seq = 0;
async function message(harness: Harness, topic: string, recipient: string, payload: Record<string, unknown> = {}) {
  await harness.database.db.transaction((tx) => harness.services.notify.enqueue(tx, { orgId: harness.orgId, topic, recipient, payload, dedupeKey: `test:${++seq}` }));
  await harness.services.notify.deliverOnce();
}

async function route(harness: Harness, routing: string[]) {
  const org = await harness.services.identity.getOrganisation(harness.orgId);
  await harness.services.identity.updateOrganisation(harness.admin, org.version, { settings: { messages: { routing } } });
}

const inboxOf = (harness: Harness, userId: string) => harness.services.notify.inbox.page({ ...harness.admin, userId }, { limit: 30, unreadOnly: false });

describe('the inbox', () => {
  it('a message for a role lands in the inbox of each of its active people, in their language, with no channel configured', async () => {
    h = await createHarness();
    const a = await h.actorWithRole('supervisor');
    const b = await h.actorWithRole('supervisor');
    const other = await h.actorWithRole('dispatcher');
    await h.services.identity.updateUser(h.admin, b.userId, null, { locale: 'en-US' });
    await message(h, 'sla.breached', 'role:supervisor', { ticketNumber: 'FW-2026-000123', dueAt: '2026-11-27T04:00:00.000Z' });

    const mine = await inboxOf(h, a.userId);
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({ topic: 'sla.breached', topicLabel: '超时告警', ticketNumber: 'FW-2026-000123', readAt: null });
    expect(mine.items[0]!.subject).toBe('【已超时】工单 FW-2026-000123 已超过服务时限');
    // The deadline in the organisation's time zone.
    expect(mine.items[0]!.body).toContain('2026-11-27 12:00');
    expect((await inboxOf(h, b.userId)).items[0]!.subject).toBe('[Breached] Ticket FW-2026-000123 is past its deadline');
    expect((await inboxOf(h, other.userId)).items).toEqual([]);

    // A second round of the delivery loop writes nothing twice.
    await h.services.notify.deliverOnce();
    expect((await inboxOf(h, a.userId)).items).toHaveLength(1);
  });

  it('marks one or all read; another person\'s message is not found', async () => {
    h = await createAppHarness();
    const app = (h as AppHarness).app;
    const token = await (h as AppHarness).tokenFor('supervisor');
    const call = caller(app, token);
    const api = async <T = unknown>(method: 'GET' | 'POST', url: string) => (await call(method, url)).json() as T;
    for (let i = 0; i < 3; i++) await message(h, 'sla.escalated', 'role:supervisor', { ticketNumber: `FW-${i}` });
    const page = await api<{ items: InboxItem[]; unread: number }>('GET', '/api/v1/me/inbox');
    expect(page.unread).toBe(3);
    expect(page.items.map((i) => i.ticketNumber)).toEqual(['FW-2', 'FW-1', 'FW-0']);
    expect(await api('POST', `/api/v1/me/inbox/${page.items[0]!.id}/read`)).toEqual({ unread: 2 });
    const unreadOnly = await api<{ items: InboxItem[] }>('GET', '/api/v1/me/inbox?unreadOnly=true');
    expect(unreadOnly.items.map((i) => i.ticketNumber)).toEqual(['FW-1', 'FW-0']);
    const older = await api<{ items: InboxItem[] }>('GET', `/api/v1/me/inbox?before=${page.items[0]!.seq}&limit=1`);
    expect(older.items.map((i) => i.ticketNumber)).toEqual(['FW-1']);

    const stranger = caller(app, await (h as AppHarness).tokenFor('supervisor'));
    const notHers = await stranger('POST', `/api/v1/me/inbox/${page.items[1]!.id}/read`);
    expect([notHers.statusCode, notHers.json().code]).toEqual([404, 'NOT_FOUND']);
    expect(await api('POST', '/api/v1/me/inbox/read-all')).toEqual({ unread: 0 });
    const tooMany = await call('GET', '/api/v1/me/inbox?limit=500');
    expect(tooMany.statusCode).toBe(400);
    expect(fieldsOf(tooMany.json())).toContain('querystring.limit');
  });

  it('a newly assigned technician hears of the ticket', async () => {
    h = await createHarness();
    const tech = await technician(h, { name: '周师傅' });
    const ticket = await dispatchedTicket(h, { technicianId: tech.id });
    await h.services.notify.deliverOnce();
    const inbox = await inboxOf(h, tech.id);
    expect(inbox.items).toHaveLength(1);
    expect(inbox.items[0]).toMatchObject({ topic: 'ticket.assigned', ticketId: ticket.id, ticketNumber: ticket.number });
    expect(inbox.items[0]!.subject).toBe(`【新工单】${ticket.number} 已派给您`);
  });
});

describe('routing rules', () => {
  it('a breach goes to the ticket\'s technician, the dispatchers and a named person; other topics by the * rule', async () => {
    h = await createHarness();
    const tech = await technician(h);
    const ticket = await dispatchedTicket(h, { technicianId: tech.id });
    const dispatcher = await h.actorWithRole('dispatcher');
    const supervisor = await h.actorWithRole('supervisor');
    const bystander = await h.actorWithRole('supervisor');
    await route(h, [`sla.breached=ticket.assignee,role:dispatcher,user:${supervisor.username}`, '*=recipient,role:dispatcher']);
    await message(h, 'sla.breached', 'role:customer_service', { ticketId: ticket.id, ticketNumber: ticket.number });
    const breaches = async (userId: string) => (await inboxOf(h!, userId)).items.filter((i) => i.topic === 'sla.breached').length;
    expect(await breaches(tech.id)).toBe(1);
    expect(await breaches(dispatcher.userId)).toBe(1);
    expect(await breaches(supervisor.userId)).toBe(1);
    expect(await breaches(bystander.userId)).toBe(0);

    // The * rule: whom the message names, and the dispatchers, once each.
    await message(h, 'sla.escalated', 'role:supervisor', { ticketNumber: ticket.number });
    for (const who of [supervisor.userId, bystander.userId, dispatcher.userId]) expect((await inboxOf(h, who)).items.filter((i) => i.topic === 'sla.escalated')).toHaveLength(1);
    expect((await inboxOf(h, tech.id)).items.filter((i) => i.topic === 'sla.escalated')).toHaveLength(0);
  });

  it('a malformed rule is refused with a message in Chinese, and the settings stay as they were', async () => {
    h = await createAppHarness();
    const call = caller((h as AppHarness).app, (h as AppHarness).adminToken);
    const api = async <T,>(method: 'GET', url: string) => (await call(method, url)).json() as T;
    const org = await api<{ version: number }>('GET', '/api/v1/organisation');
    const response = await (h as AppHarness).app.inject({
      method: 'PATCH',
      url: '/api/v1/organisation',
      headers: { authorization: `Bearer ${(h as AppHarness).adminToken}`, 'if-match': String(org.version), 'accept-language': 'zh-CN' },
      payload: { settings: { messages: { routing: ['sla.breached=everyone'] } } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const body = response.json() as { errors: { field: string; message: string }[] };
    expect(body.errors[0]!.field).toMatch(/routing/);
    expect(body.errors[0]!.message).toContain('格式为 主题=接收人');
    const after = await api<{ version: number; settings: { messages: { routing: string[] } } }>('GET', '/api/v1/organisation');
    expect(after.version).toBe(org.version);
    expect(after.settings.messages.routing).toEqual([]);
  });
});

describe('the live stream', () => {
  async function listening(harness: AppHarness) {
    await harness.app.listen({ port: 0, host: '127.0.0.1' });
    return `http://127.0.0.1:${(harness.app.server.address() as AddressInfo).port}`;
  }

  it('sends a new message and the unread count as they happen, and resumes after the last event id', async () => {
    h = await createAppHarness();
    const harness = h as AppHarness;
    const base = await listening(harness);
    const supervisor = await harness.actorWithRole('supervisor');
    const login = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: supervisor.username, password: 'Harness-key-4821' } });
    const auth = { authorization: `Bearer ${login.json().token as string}` };

    const live = await openSse(`${base}/api/v1/me/inbox/stream`, auth);
    streams.push(live);
    expect(live.status).toBe(200);
    expect(live.contentType).toContain('text/event-stream');
    await live.waitFor((e) => e.event === 'unread' && JSON.parse(e.data).unread === 0);

    await message(harness, 'sla.escalated', 'role:supervisor', { ticketNumber: 'FW-LIVE-1' });
    const first = await live.waitFor((e) => e.event === 'item');
    const item = JSON.parse(first.data) as InboxItem;
    expect(item).toMatchObject({ topic: 'sla.escalated', ticketNumber: 'FW-LIVE-1' });
    expect(first.id).toBe(String(item.seq));
    await live.waitFor((e) => e.event === 'unread' && JSON.parse(e.data).unread === 1);

    // Read in another tab: this one hears the new count.
    await caller(harness.app, login.json().token as string)('POST', `/api/v1/me/inbox/${item.id}/read`);
    await live.waitFor((e) => e.event === 'unread' && JSON.parse(e.data).unread === 0);

    // The connection drops; two messages come meanwhile; the browser reconnects with the last id it saw.
    live.close();
    await message(harness, 'sla.escalated', 'role:supervisor', { ticketNumber: 'FW-LIVE-2' });
    await message(harness, 'sla.escalated', 'role:supervisor', { ticketNumber: 'FW-LIVE-3' });
    const resumed = await openSse(`${base}/api/v1/me/inbox/stream`, { ...auth, 'last-event-id': first.id! });
    streams.push(resumed);
    await resumed.waitFor((e) => e.event === 'unread' && JSON.parse(e.data).unread === 2);
    const items = resumed.events.filter((e) => e.event === 'item').map((e) => (JSON.parse(e.data) as InboxItem).ticketNumber);
    expect(items).toEqual(['FW-LIVE-2', 'FW-LIVE-3']);

    // Someone else's messages never reach this stream.
    await message(harness, 'sla.escalated', 'role:dispatcher', { ticketNumber: 'FW-NOT-MINE' });
    await message(harness, 'sla.escalated', 'role:supervisor', { ticketNumber: 'FW-LIVE-4' });
    await resumed.waitFor((e) => e.event === 'item' && e.data.includes('FW-LIVE-4'));
    expect(resumed.events.some((e) => e.data.includes('FW-NOT-MINE'))).toBe(false);
    expect(harness.app.services.notify.inbox.connected()).toBe(1);
  });

  it('needs a session', async () => {
    h = await createAppHarness();
    const base = await listening(h as AppHarness);
    const response = await fetch(`${base}/api/v1/me/inbox/stream`);
    expect(response.status).toBe(401);
  });
});
