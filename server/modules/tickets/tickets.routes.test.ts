import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

let h: AppHarness;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function post(url: string, token: string, payload: unknown, headers: Record<string, string> = {}) {
  return h.app.inject({ method: 'POST', url, headers: { ...auth(token), ...headers }, payload: payload as object });
}

let setups = 0;

async function setup() {
  setups += 1;
  const techUsername = `wang${setups}`;
  const tech = await post('/api/v1/users', h.adminToken, { username: techUsername, password: 'Harness-key-4821', name: '王师傅', role: 'technician', grade: 'senior' });
  const customer = await post('/api/v1/customers', h.adminToken, { name: '张伟', phone: '13812345678', address: '上海市浦东新区张江路100号' });
  const asset = await post('/api/v1/assets', h.adminToken, {
    customerId: customer.json().id,
    serialNumber: 'KFR-35-0001',
    productName: '空调 KFR-35',
    acceptedOn: '2025-06-01',
    warrantyMonths: 24,
  });
  return { techUsername, techId: tech.json().id as string, customerId: customer.json().id as string, assetId: asset.json().id as string };
}

beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('the ticket API', () => {
  it('takes a ticket from intake to close and records every step as an event', async () => {
    const { techId, customerId, assetId } = await setup();
    expect((await h.app.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ status: 'ok', database: h.database.kind });

    const created = await post('/api/v1/tickets', h.adminToken, { customerId, assetId, channel: 'phone', description: '空调不制冷，外机噪音大' }, { 'idempotency-key': 'call-1' });
    expect(created.statusCode).toBe(201);
    const ticket = created.json();
    expect(ticket).toMatchObject({ status: 'reported', version: 1, warranty: 'in' });
    expect(ticket.number).toMatch(/^BX-20261127-0001$/);

    const flow = [
      { action: 'accept' },
      { action: 'dispatch', technicianId: techId },
      { action: 'start' },
      { action: 'hold', reason: '等待压缩机到货', holdReason: 'waiting_parts' },
      { action: 'resume' },
      { action: 'complete' },
      { action: 'close' },
    ];
    let version = ticket.version;
    for (const body of flow) {
      const response = await post(`/api/v1/tickets/${ticket.id}/transitions`, h.adminToken, body, { 'if-match': String(version) });
      expect(response.statusCode, `${body.action}: ${response.body}`).toBe(200);
      version = response.json().version;
    }
    const final = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}`, headers: auth(h.adminToken) })).json();
    expect(final).toMatchObject({ status: 'closed', warranty: 'in', assignee: { id: techId, name: '王师傅' } });
    expect(final.allowedActions).toEqual(['reopen']);

    const events = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/events`, headers: auth(h.adminToken) })).json().items;
    expect(events.map((e: { type: string; from?: string; to?: string }) => [e.type, e.from ?? null, e.to])).toEqual([
      ['created', null, 'reported'],
      ['transition', 'reported', 'accepted'],
      ['transition', 'accepted', 'dispatched'],
      ['transition', 'dispatched', 'in_progress'],
      ['transition', 'in_progress', 'on_hold'],
      ['transition', 'on_hold', 'in_progress'],
      ['transition', 'in_progress', 'completed'],
      ['transition', 'completed', 'closed'],
    ]);
    expect(events[0].actor).toMatchObject({ name: '系统管理员' });
    expect(events[4].details).toMatchObject({ reason: '等待压缩机到货', holdReason: 'waiting_parts' });
  });

  it('returns the same ticket for a retried create with the same Idempotency-Key', async () => {
    const { customerId } = await setup();
    const body = { customerId, channel: 'phone', description: '热水器打不着火' };
    const first = await post('/api/v1/tickets', h.adminToken, body, { 'idempotency-key': 'retry-me' });
    const again = await post('/api/v1/tickets', h.adminToken, body, { 'idempotency-key': 'retry-me' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().id).toBe(first.json().id);
    const reused = await post('/api/v1/tickets', h.adminToken, { ...body, description: '另一件事' }, { 'idempotency-key': 'retry-me' });
    expect(reused.statusCode).toBe(422);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('finds tickets by a word of the description, the caller’s phone tail, the number and the serial', async () => {
    const { customerId, assetId } = await setup();
    const t = (await post('/api/v1/tickets', h.adminToken, { customerId, assetId, channel: 'web', description: '卫生间天花板漏水' })).json();
    for (const q of ['漏水', '5678', t.number, 'kfr-35-0001']) {
      const list = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets?q=${encodeURIComponent(q)}`, headers: auth(h.adminToken) })).json();
      expect(list.items.map((i: { id: string }) => i.id), q).toContain(t.id);
    }
    const none = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets?q=${encodeURIComponent('不存在的故障')}`, headers: auth(h.adminToken) })).json();
    expect(none).toMatchObject({ items: [], total: 0 });
  });

  it('answers bad input with problem+json, never 5xx', async () => {
    const { customerId } = await setup();
    const t = (await post('/api/v1/tickets', h.adminToken, { customerId, channel: 'phone', description: '冰箱不制冷' })).json();
    const cases = [
      { name: 'malformed JSON', req: { method: 'POST', url: '/api/v1/tickets', headers: { ...auth(h.adminToken), 'content-type': 'application/json' }, payload: '{"customerId": ' }, status: 400, code: 'MALFORMED_JSON' },
      { name: 'wrong types', req: { method: 'POST', url: '/api/v1/tickets', headers: auth(h.adminToken), payload: { customerId: 42, channel: 'pigeon', description: 7 } }, status: 400, code: 'VALIDATION_FAILED' },
      { name: 'unknown field', req: { method: 'POST', url: '/api/v1/tickets', headers: auth(h.adminToken), payload: { customerId, channel: 'phone', description: 'x', admin: true } }, status: 400, code: 'VALIDATION_FAILED' },
      { name: '10 MB body', req: { method: 'POST', url: '/api/v1/tickets', headers: { ...auth(h.adminToken), 'content-type': 'application/json' }, payload: `{"description":"${'x'.repeat(10 * 1024 * 1024)}"}` }, status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { name: 'nonsense id', req: { method: 'GET', url: '/api/v1/tickets/not-a-ticket', headers: auth(h.adminToken) }, status: 400, code: 'VALIDATION_FAILED' },
      { name: 'unknown id', req: { method: 'GET', url: '/api/v1/tickets/01a21caf-0000-7000-8000-000000000000', headers: auth(h.adminToken) }, status: 404, code: 'NOT_FOUND' },
      { name: 'transition the state does not allow', req: { method: 'POST', url: `/api/v1/tickets/${t.id}/transitions`, headers: { ...auth(h.adminToken), 'if-match': '1' }, payload: { action: 'complete' } }, status: 409, code: 'TRANSITION_NOT_ALLOWED' },
      { name: 'stale If-Match', req: { method: 'POST', url: `/api/v1/tickets/${t.id}/transitions`, headers: { ...auth(h.adminToken), 'if-match': '7' }, payload: { action: 'accept' } }, status: 409, code: 'VERSION_CONFLICT' },
      { name: 'missing If-Match', req: { method: 'POST', url: `/api/v1/tickets/${t.id}/transitions`, headers: auth(h.adminToken), payload: { action: 'accept' } }, status: 428, code: 'PRECONDITION_REQUIRED' },
      { name: 'unknown customer', req: { method: 'POST', url: '/api/v1/tickets', headers: auth(h.adminToken), payload: { customerId: '01a21caf-0000-7000-8000-000000000000', channel: 'phone', description: 'x' } }, status: 422, code: 'INVALID_REFERENCE' },
      { name: 'unknown route', req: { method: 'GET', url: '/api/v1/nothing-here', headers: auth(h.adminToken) }, status: 404, code: 'ROUTE_NOT_FOUND' },
    ];
    for (const c of cases) {
      const response = await h.app.inject(c.req as InjectOptions);
      expect(response.statusCode, `${c.name}: ${response.body.slice(0, 300)}`).toBe(c.status);
      expect(response.headers['content-type'], c.name).toContain('application/problem+json');
      expect(response.json().code, c.name).toBe(c.code);
    }
  });

  it('says what is wrong with each field, in the user’s language', async () => {
    const zh = await h.app.inject({ method: 'POST', url: '/api/v1/customers', headers: auth(h.adminToken), payload: { phone: '12' } });
    expect(zh.json()).toMatchObject({ code: 'VALIDATION_FAILED', title: '提交的内容有误' });
    const fields = Object.fromEntries(zh.json().errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    expect(fields).toMatchObject({ 'body.name': '必填', 'body.phone': '不是有效的电话号码' });
    const en = await h.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { ...auth(h.adminToken), 'accept-language': 'en-US,en;q=0.9' }, payload: { phone: '12' } });
    expect(en.json().errors.find((e: { field: string }) => e.field === 'body.phone').message).toMatch(/phone/i);
  });

  it('answers 401 without a token, 403 to the wrong role, 404 for another organisation’s ticket', async () => {
    const { customerId } = await setup();
    const t = (await post('/api/v1/tickets', h.adminToken, { customerId, channel: 'phone', description: '洗衣机漏水' })).json();
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/tickets' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: auth('sh_forged') })).statusCode).toBe(401);

    const techToken = await h.tokenFor('technician');
    expect((await post('/api/v1/users', techToken, { username: 'x1', password: 'Harness-key-4821', name: 'x', role: 'admin' })).statusCode).toBe(403);
    expect((await post(`/api/v1/tickets/${t.id}/transitions`, techToken, { action: 'accept' }, { 'if-match': '1' })).statusCode).toBe(403);

    const other = await h.services.identity.createOrganisation({ code: 'other', name: '另一家公司' });
    await h.services.identity.createUser(other.id, { username: 'other-admin', password: 'Harness-key-4821', name: '外人', role: 'admin' });
    const otherToken = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'other-admin', password: 'Harness-key-4821' } })).json().token;
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${t.id}`, headers: auth(otherToken) })).statusCode).toBe(404);
    expect((await post(`/api/v1/tickets/${t.id}/transitions`, otherToken, { action: 'accept' }, { 'if-match': '1' })).statusCode).toBe(404);
    const otherList = (await h.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: auth(otherToken) })).json();
    expect(otherList.total).toBe(0);
    expect((await post('/api/v1/tickets', otherToken, { customerId, channel: 'phone', description: '借用别家客户' })).statusCode).toBe(422);
  });

  it('shows a technician only the tickets assigned to them, and a customer only their own', async () => {
    const { customerId, techId, techUsername } = await setup();
    const mine = (await post('/api/v1/tickets', h.adminToken, { customerId, channel: 'phone', description: '派给王师傅' })).json();
    await post('/api/v1/tickets', h.adminToken, { customerId, channel: 'phone', description: '没人管的' });
    await post(`/api/v1/tickets/${mine.id}/transitions`, h.adminToken, { action: 'accept' }, { 'if-match': '1' });
    await post(`/api/v1/tickets/${mine.id}/transitions`, h.adminToken, { action: 'dispatch', technicianId: techId }, { 'if-match': '2' });
    const wangToken = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: techUsername, password: 'Harness-key-4821' } })).json().token;
    const seen = (await h.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: auth(wangToken) })).json();
    expect(seen.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    const started = await post(`/api/v1/tickets/${mine.id}/transitions`, wangToken, { action: 'start' }, { 'if-match': '3' });
    expect(started.json().status).toBe('in_progress');

    const otherCustomer = (await post('/api/v1/customers', h.adminToken, { name: '李娜', phone: '13900001111' })).json();
    const customerToken = await h.tokenFor('customer', { customerId: otherCustomer.id });
    const own = await post('/api/v1/tickets', customerToken, { customerId, channel: 'phone', description: '我家门锁坏了' });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ customerId: otherCustomer.id, channel: 'web' });
    const theirs = (await h.app.inject({ method: 'GET', url: '/api/v1/tickets', headers: auth(customerToken) })).json();
    expect(theirs.items.map((i: { id: string }) => i.id)).toEqual([own.json().id]);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${mine.id}`, headers: auth(customerToken) })).statusCode).toBe(404);
  });

  it('publishes an OpenAPI 3.1 document naming every route', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/api/v1/tickets', '/api/v1/tickets/{id}/transitions', '/api/v1/customers', '/api/v1/assets', '/api/v1/auth/login']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });
});

describe('what a customer sees and says (S1, S6)', () => {
  it('S1: a customer reads neither call notes, warranty override notes, SLA extension reasons nor value changes on their ticket', async () => {
    const { customerId } = await setup();
    const customerToken = await h.tokenFor('customer', { customerId });
    const created = (await post('/api/v1/tickets', h.adminToken, { customerId, channel: 'phone', description: '洗衣机漏水', estimatedValueFen: 80_000 })).json();
    await post(`/api/v1/tickets/${created.id}/contact-attempts`, h.adminToken, { outcome: 'no_answer', note: 'INTERNAL: known troublemaker, no goodwill' });
    await post(`/api/v1/tickets/${created.id}/sla/extend`, h.adminToken, { metric: 'resolution', reason: 'INTERNAL: nobody free this week' });
    const current = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${created.id}`, headers: auth(h.adminToken) })).json();
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${created.id}`,
      headers: { ...auth(h.adminToken), 'if-match': String(current.version) },
      payload: { warrantyOverride: { state: 'out', note: 'INTERNAL: refuse warranty, difficult customer' }, estimatedValueFen: 120_000 },
    });
    expect(patched.statusCode, patched.body).toBe(200);

    const asStaff = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${created.id}/events`, headers: auth(h.adminToken) })).json();
    expect(JSON.stringify(asStaff)).toContain('INTERNAL');
    const events = await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${created.id}/events`, headers: auth(customerToken) });
    expect(events.statusCode).toBe(200);
    expect(events.body).not.toContain('INTERNAL');
    expect(events.json().items.map((e: { type: string }) => e.type)).not.toContain('contact_attempt');
    const ticket = await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${created.id}`, headers: auth(customerToken) });
    expect(ticket.body).not.toContain('INTERNAL');
    expect(ticket.json()).toMatchObject({ warranty: 'out', warrantyReason: 'override', estimatedValueFen: null });
  });

  it('S6: a customer reporting for themself cannot set priority, emergency, type, value or a back-dated report time', async () => {
    const { customerId } = await setup();
    const customerToken = await h.tokenFor('customer', { customerId });
    const refused = await post('/api/v1/tickets', customerToken, {
      customerId,
      channel: 'phone',
      description: '洗衣机漏水',
      priority: 'urgent',
      emergency: true,
      type: 'installation',
      estimatedValueFen: 10_000_000_000_000,
      reportedAt: '2000-01-01T00:00:00Z',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('VALIDATION_FAILED');
    expect(refused.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.emergency', 'body.estimatedValueFen', 'body.priority', 'body.reportedAt', 'body.type']);
    // What a customer may say is taken, through the portal, for themself, triaged by staff.
    const accepted = await post('/api/v1/tickets', customerToken, { customerId, channel: 'phone', description: '洗衣机漏水', contactName: '张伟' });
    expect(accepted.statusCode, accepted.body).toBe(201);
    expect(accepted.json()).toMatchObject({ channel: 'web', priority: 'normal', emergency: false, type: 'repair' });
    expect(Math.abs(new Date(accepted.json().reportedAt).getTime() - h.clock().getTime())).toBeLessThan(1000);
    const clocks = (await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${accepted.json().id}/sla`, headers: auth(h.adminToken) })).json();
    expect(clocks.items.filter((c: { state: string }) => c.state === 'breached')).toEqual([]);
  });
});
