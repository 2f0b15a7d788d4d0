import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { asset, customer, reportedTicket } from '../../test/fixtures';
import { caller, fieldsOf } from '../../test/http';
import { postJson } from './targets';
import { isPrivateAddress, nextAttemptAt, webhookEventsOf } from './webhook-engine';

/** A receiver on 127.0.0.1 that answers the statuses it is given, in turn, then 200. */
interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}
let server: Server;
let received: Received[] = [];
let answers: number[] = [];
let receiverUrl = '';

let h: AppHarness;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.statusCode = answers.shift() ?? 200;
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  h = await createAppHarness({ clock: fixedClock('2026-11-27T02:00:00Z') });
  api = caller(h.app, h.adminToken);
});
afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Changes the organisation's webhook settings through the API, as the settings page does (the app's own cache follows). */
async function setWebhooks(change: Record<string, unknown>) {
  const org = (await api('GET', '/api/v1/organisation')).json() as { version: number; settings: { webhooks: Record<string, unknown> } };
  const response = await api('PATCH', '/api/v1/organisation', { settings: { webhooks: { ...org.settings.webhooks, ...change } } }, { ifMatch: org.version });
  expect(response.statusCode, response.body).toBe(200);
}
const allowPrivate = (allow: boolean) => setWebhooks({ allowPrivateTargets: allow });
/** One round of the delivery loop of the app's own services. */
const deliverDue = () => h.app.services.webhooks.deliverDue();

const MINUTE = 60_000;
type Delivery = { eventId: string; event: string; state: string; attempts: number; lastStatus: number | null; log: { statusCode: number | null; error: string | null }[] };
async function deliveriesOf(id: string) {
  const response = await api('GET', `/api/v1/webhooks/${id}/deliveries`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Delivery[];
}

describe('webhook subscriptions', () => {
  it('refuses a loopback, private or non-http target while the setting is off, per field, in the user’s language', async () => {
    await allowPrivate(false);
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.1.2.3/x', 'http://192.168.1.1/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://localhost/x', 'ftp://example.com/x', 'not a url']) {
      const response = await api('POST', '/api/v1/webhooks', { url, events: ['ticket.created'] });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(fieldsOf(response.json())).toEqual(['body.url']);
    }
    const english = await api('POST', '/api/v1/webhooks', { url: 'http://127.0.0.1/x', events: ['ticket.created'] }, { headers: { 'accept-language': 'en-US' } });
    expect(english.json().errors[0].message).toContain('private');
    expect((await api('GET', '/api/v1/webhooks')).json().items).toEqual([]);
  });

  it('refuses bad input with 400, never 5xx: no events, an unknown event, a short secret', async () => {
    for (const body of [{ url: 'https://example.com/h', events: [] }, { url: 'https://example.com/h', events: ['ticket.exploded'] }, { url: 'https://example.com/h', events: ['ticket.created'], secret: 'short' }, {}]) {
      expect((await api('POST', '/api/v1/webhooks', body)).statusCode).toBe(400);
    }
  });

  it('is for administrators only: a supervisor and a dispatcher are refused with 403', async () => {
    for (const role of ['supervisor', 'dispatcher'] as const) {
      const other = caller(h.app, await h.tokenFor(role));
      expect((await other('GET', '/api/v1/webhooks')).statusCode).toBe(403);
      expect((await other('POST', '/api/v1/webhooks', { url: 'https://example.com/h', events: ['ticket.created'] })).statusCode).toBe(403);
    }
  });

  it('signs and retries: a receiver that fails twice then succeeds gets the same event id all three times; the log shows 500, 500, 200', async () => {
    await allowPrivate(true);
    const made = await api('POST', '/api/v1/webhooks', { url: receiverUrl, events: ['ticket.created', 'ticket.status_changed'] });
    expect(made.statusCode, made.body).toBe(201);
    const { id, secret } = made.json() as { id: string; secret: string };
    expect(secret).toMatch(/^whsec_/);
    // The secret is shown once: never in the list.
    expect(JSON.stringify((await api('GET', '/api/v1/webhooks')).json())).not.toContain(secret);

    received = [];
    answers = [500, 500];
    const ticket = await reportedTicket(h);
    expect(await deliverDue()).toBe(1);
    // Not due again before its backoff (1 minute after the first failure, 2 after the second).
    expect(await deliverDue()).toBe(0);
    h.clock.advance(MINUTE);
    expect(await deliverDue()).toBe(1);
    h.clock.advance(MINUTE);
    expect(await deliverDue()).toBe(0);
    h.clock.advance(MINUTE);
    expect(await deliverDue()).toBe(1);
    h.clock.advance(60 * MINUTE);
    expect(await deliverDue()).toBe(0);

    expect(received).toHaveLength(3);
    const ids = new Set(received.map((r) => r.headers['x-shouhou-event-id']));
    expect(ids.size).toBe(1);
    for (const r of received) {
      expect(r.headers['x-shouhou-event']).toBe('ticket.created');
      expect(r.headers['x-shouhou-signature']).toBe(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);
      expect(Number(r.headers['x-shouhou-timestamp'])).toBeGreaterThan(0);
      expect(JSON.parse(r.body)).toMatchObject({ id: [...ids][0], type: 'ticket.created', data: { ticketId: ticket.id, ticketNumber: ticket.number } });
    }
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ eventId: [...ids][0], event: 'ticket.created', state: 'delivered', attempts: 3, lastStatus: 200 });
    expect(delivery!.log.map((a) => a.statusCode)).toEqual([500, 500, 200]);

    // A status change is its own event, with its ticket's number read in the same transaction.
    received = [];
    const current = await h.services.tickets.getTicket(h.admin, ticket.id);
    await h.services.tickets.transition(h.admin, ticket.id, current.version, { action: 'cancel', reason: '客户取消' });
    expect(await deliverDue()).toBe(1);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ type: 'ticket.status_changed', data: { ticketId: ticket.id, ticketNumber: ticket.number, from: 'reported', to: 'cancelled', action: 'cancel' } });

    // Redeliver: tried again at once, with the same event id.
    received = [];
    const redo = await api('POST', `/api/v1/webhooks/${id}/deliveries/${delivery!.eventId}/redeliver`);
    expect(redo.statusCode).toBe(204);
    expect(await deliverDue()).toBe(1);
    expect(received.map((r) => r.headers['x-shouhou-event-id'])).toEqual([delivery!.eventId]);
    const again = (await deliveriesOf(id)).find((d) => d.eventId === delivery!.eventId)!;
    expect(again.log.map((a) => a.statusCode)).toEqual([500, 500, 200, 200]);
    expect((await api('POST', `/api/v1/webhooks/${id}/deliveries/01a22ac8-0000-7000-8000-0000000000aa/redeliver`)).statusCode).toBe(404);

    // A test event goes to this subscription; a disabled one is sent nothing.
    received = [];
    expect((await api('POST', `/api/v1/webhooks/${id}/test`)).statusCode).toBe(202);
    expect(await deliverDue()).toBe(1);
    expect(received[0]!.headers['x-shouhou-event']).toBe('webhook.test');
    const off = await api('PATCH', `/api/v1/webhooks/${id}`, { enabled: false });
    expect(off.json()).toMatchObject({ enabled: false });
    await reportedTicket(h);
    expect(await deliverDue()).toBe(0);

    expect((await api('DELETE', `/api/v1/webhooks/${id}`)).statusCode).toBe(204);
    expect((await api('GET', `/api/v1/webhooks/${id}/deliveries`)).statusCode).toBe(404);
  });

  it('gives up after the organisation’s attempts; a refused target at delivery is a failed try with its reason', async () => {
    await allowPrivate(true);
    const { id } = (await api('POST', '/api/v1/webhooks', { url: receiverUrl, events: ['ticket.created'] })).json() as { id: string };
    // The setting is turned off after subscribing: the delivery refuses the loopback target.
    await allowPrivate(false);
    await setWebhooks({ maxAttempts: 2 });
    received = [];
    await reportedTicket(h);
    expect(await deliverDue()).toBe(1);
    h.clock.advance(MINUTE);
    expect(await deliverDue()).toBe(1);
    h.clock.advance(30 * MINUTE);
    expect(await deliverDue()).toBe(0);
    expect(received).toEqual([]);
    const [delivery] = await deliveriesOf(id);
    expect(delivery).toMatchObject({ state: 'failed', attempts: 2, lastStatus: null });
    expect(delivery!.log.every((a) => a.statusCode === null && /refused/.test(a.error ?? ''))).toBe(true);
    expect((await api('GET', '/api/v1/webhooks')).json().items.find((s: { id: string }) => s.id === id)).toMatchObject({ failed: 1, pending: 0 });
  });
});

describe('webhook events from billing', () => {
  it('an approved quote becomes quote.approved; a declined one is not sent', async () => {
    await allowPrivate(true);
    const services = h.app.services;
    const { id } = await services.webhooks.createSubscription(h.admin, { url: receiverUrl, events: ['quote.approved'] });
    const owner = await customer(h);
    const machine = await asset(h, owner.id, { kind: 'equipment', purchasedOn: '2019-01-01' });
    const { ticket } = await services.tickets.createTicket(h.admin, { customerId: owner.id, assetId: machine.id, channel: 'phone', description: '设备无法开机' });
    const labour = { kind: 'labour' as const, description: '维修人工', quantity: 1, unitPriceFen: 800_00, unit: 'person_day' as const };
    const declined = await services.billing.createQuote(h.admin, ticket.id, { lines: [labour] });
    await services.billing.decideQuote(h.admin, declined.id, { decision: 'declined' });
    const approved = await services.billing.createQuote(h.admin, ticket.id, { lines: [labour] });
    await services.billing.decideQuote(h.admin, approved.id, { decision: 'approved' });
    const deliveries = await services.webhooks.listDeliveries(h.admin, id, { limit: 50 });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]!.payload).toMatchObject({ type: 'quote.approved', data: { ticketId: ticket.id, ticketNumber: ticket.number, quoteId: approved.id, via: 'staff' } });
  });
});

describe('webhook events from other modules', () => {
  // Moves the clock five days on: the API's session has ended after it.
  it('an SLA breach the scanner fires becomes sla.breached, with the ticket’s number', async () => {
    await allowPrivate(true);
    const services = h.app.services;
    const { id } = await services.webhooks.createSubscription(h.admin, { url: receiverUrl, events: ['sla.breached'] });
    const ticket = await reportedTicket(h);
    await services.tickets.transition(h.admin, ticket.id, (await services.tickets.getTicket(h.admin, ticket.id)).version, { action: 'accept' });
    h.clock.advance(5 * 24 * 60 * MINUTE);
    while ((await services.sla.scanOnce()) > 0);
    const deliveries = await services.webhooks.listDeliveries(h.admin, id, { limit: 50 });
    // Every open ticket's breach is sent (the earlier tests' tickets too); this one's among them.
    expect(deliveries.every((d) => d.event === 'sla.breached' && d.state === 'pending')).toBe(true);
    const ours = deliveries.filter((d) => (d.payload.data as { ticketId: string }).ticketId === ticket.id);
    expect(ours.length).toBeGreaterThan(0);
    for (const d of ours) expect(d.payload).toMatchObject({ type: 'sla.breached', data: { ticketId: ticket.id, ticketNumber: ticket.number, bp: 10_000 } });
  });
});

describe('the request', () => {
  it('refuses a name that resolves to a private address when it connects, and gives up on a receiver that does not answer in time', async () => {
    const port = (server.address() as AddressInfo).port;
    const refused = await postJson(`http://localhost:${port}/hooks`, {}, '{}', { allowPrivate: false, timeoutMs: 5_000 });
    expect(refused).toMatchObject({ statusCode: null, error: expect.stringContaining('refused') });
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const timedOut = await postJson(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, {}, '{}', { allowPrivate: true, timeoutMs: 200 });
      expect(timedOut).toMatchObject({ statusCode: null, error: expect.stringContaining('no answer within 200 ms') });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('the webhook rules', () => {
  it('maps ticket events to webhook events', () => {
    expect(webhookEventsOf({ type: 'transition', from: 'completed', to: 'closed', details: { action: 'close' } }).map((e) => e.event)).toEqual(['ticket.status_changed', 'ticket.closed']);
    expect(webhookEventsOf({ type: 'sla_alert', details: { metric: 'accept_to_dispatch', bp: 7500, actions: [] } })).toEqual([]);
    expect(webhookEventsOf({ type: 'sla_alert', details: { metric: 'accept_to_dispatch', bp: 10_000, actions: ['notify'] } }).map((e) => e.event)).toEqual(['sla.breached']);
    const decided = (decision: 'approved' | 'declined') => webhookEventsOf({ type: 'quote', details: { kind: 'decided', quoteId: '01a22ac8-0000-7000-8000-0000000000aa', version: 1, decision, via: 'link', signerName: null } });
    expect(decided('approved').map((e) => e.event)).toEqual(['quote.approved']);
    expect(decided('declined')).toEqual([]);
  });

  it('backs off 1, 2, 4… minutes, capped at six hours', () => {
    const now = new Date('2026-11-27T00:00:00Z');
    expect([1, 2, 3, 4].map((n) => (nextAttemptAt(now, n, 1).getTime() - now.getTime()) / MINUTE)).toEqual([1, 2, 4, 8]);
    expect((nextAttemptAt(now, 40, 1).getTime() - now.getTime()) / MINUTE).toBe(360);
  });

  it('knows private addresses, IPv4 written as IPv6 included', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '172.16.5.4', '172.31.255.255', '192.168.0.1', '169.254.169.254', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', 'fc00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1']) expect({ a, p: isPrivateAddress(a) }).toEqual({ a, p: true });
    for (const a of ['8.8.8.8', '172.32.0.1', '203.0.113.9', '2001:4860:4860::8888', '::ffff:8.8.8.8']) expect({ a, p: isPrivateAddress(a) }).toEqual({ a, p: false });
  });
});
