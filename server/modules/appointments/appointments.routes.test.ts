import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

let h: AppHarness;
let agentToken: string;
let slotIds: string[];
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function call(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) {
  return h.app.inject({ method, url, headers: { ...(token ? auth(token) : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
}

beforeAll(async () => {
  h = await createAppHarness();
  agentToken = await h.tokenFor('hotline_agent');
  const template = await call('POST', '/api/v1/appointments/templates', agentToken, {
    name: '工作日',
    weekdays: [1, 2, 3, 4, 5],
    windows: [
      { start: '09:00', end: '11:00', capacity: 4 },
      { start: '11:00', end: '13:00', capacity: 4 },
    ],
  });
  expect(template.statusCode, template.body).toBe(201);
  const generated = await call('POST', `/api/v1/appointments/templates/${template.json().id}/generate`, agentToken, { from: '2026-11-30', to: '2026-12-04' });
  expect(generated.json()).toEqual({ created: 10, skipped: 0 });
  const slots = await call('GET', '/api/v1/appointments/slots?from=2026-11-30&to=2026-12-04', agentToken);
  slotIds = slots.json().items.map((s: { id: string }) => s.id);
});
afterAll(async () => {
  await h?.close();
});

describe('the appointments API', () => {
  it('refuses overlapping windows and a range longer than a quarter, field by field', async () => {
    const overlapping = await call('POST', '/api/v1/appointments/templates', agentToken, {
      name: '重叠',
      weekdays: [6],
      windows: [
        { start: '09:00', end: '11:00', capacity: 2 },
        { start: '10:00', end: '12:00', capacity: 2 },
      ],
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().errors[0]).toMatchObject({ field: 'body.windows' });
    const template = (await call('GET', '/api/v1/appointments/templates', agentToken)).json().items[0];
    const tooLong = await call('POST', `/api/v1/appointments/templates/${template.id}/generate`, agentToken, { from: '2027-01-01', to: '2027-06-30' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0]).toMatchObject({ field: 'body.to' });
  });

  it('A2: two agents booking the last place at once: one gets it, the other a 409 SLOT_FULL', async () => {
    const slotId = slotIds[2]!;
    const slot = (await call('GET', '/api/v1/appointments/slots?from=2026-12-01&to=2026-12-01', agentToken)).json().items.find((s: { id: string }) => s.id === slotId);
    const shrunk = await call('PATCH', `/api/v1/appointments/slots/${slotId}`, agentToken, { capacity: 1 }, { 'if-match': String(slot.version) });
    expect(shrunk.statusCode, shrunk.body).toBe(200);
    const otherAgent = await h.tokenFor('hotline_agent');
    const a = await call('POST', '/api/v1/customers', agentToken, { name: '张伟', phone: '13812345601' });
    const b = await call('POST', '/api/v1/customers', agentToken, { name: '王芳', phone: '13812345602' });
    const [first, second] = await Promise.all([
      call('POST', '/api/v1/appointments', agentToken, { slotId, customerId: a.json().id, requests: ['保养'] }),
      call('POST', '/api/v1/appointments', otherAgent, { slotId, customerId: b.json().id, requests: ['保养'] }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    const refused = first.statusCode === 409 ? first : second;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'SLOT_FULL', status: 409, title: '该时段已约满' });
  });

  it('a technician may neither read the board nor book', async () => {
    const tech = await h.tokenFor('technician');
    expect((await call('GET', '/api/v1/appointments/board?day=2026-11-30', tech)).statusCode).toBe(403);
    const agentBoard = await call('GET', '/api/v1/appointments/board?day=2026-11-30', agentToken);
    expect(agentBoard.statusCode).toBe(200);
    expect(agentBoard.json()).toMatchObject({ day: '2026-11-30', timeZone: 'Asia/Shanghai' });
    expect((await call('POST', '/api/v1/appointments', tech, { slotId: slotIds[0], customerId: slotIds[0], requests: ['x'] })).statusCode).toBe(403);
  });
});

describe('self-service booking', () => {
  it('W3: works with the organisation’s token and not without it, nor with a rotated one', async () => {
    const link = await call('GET', '/api/v1/appointments/booking-link', agentToken);
    expect(link.statusCode).toBe(200);
    const { token, path } = link.json();
    expect(path).toBe(`/book/${token}`);

    const page = await call('GET', `/api/v1/public/booking/${token}`, null);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ organisation: { name: '测试服务中心' }, discountBp: 1000 });
    const offered = page.json().slots as { id: string; day: string; start: string }[];
    expect(offered.length).toBeGreaterThan(0);
    expect(Object.keys(offered[0]!).sort()).toEqual(['day', 'end', 'id', 'serviceType', 'start']);

    const booked = await call('POST', `/api/v1/public/booking/${token}`, null, { name: '陈女士', phone: '139 0000 1111', slotId: offered[0]!.id, request: '手表进水\n换表带' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ day: offered[0]!.day, start: offered[0]!.start, name: '陈女士', phone: '13900001111', requests: ['手表进水', '换表带'], discountBp: 1000 });

    // On the board as an online booking with its promotion, for a customer made from the phone.
    const board = await call('GET', `/api/v1/appointments/board?day=${offered[0]!.day}`, agentToken);
    const mine = board.json().slots.flatMap((s: { appointments: unknown[] }) => s.appointments).find((a: { id: string }) => a.id === booked.json().appointmentId);
    expect(mine).toMatchObject({ channel: 'web', customer: { name: '陈女士' }, contactPhone: '13900001111', discountBp: 1000, createdBy: null });

    const stranger = await call('GET', '/api/v1/public/booking/not-the-right-token-at-all', null);
    expect(stranger.statusCode).toBe(404);
    expect((await call('POST', '/api/v1/public/booking/not-the-right-token-at-all', null, { name: '陈女士', phone: '13900001111', slotId: offered[0]!.id, request: '手表进水' })).statusCode).toBe(404);

    // Only an administrator rotates; after it the old link finds nothing.
    expect((await call('POST', '/api/v1/appointments/booking-link/rotate', agentToken)).statusCode).toBe(403);
    const rotated = await call('POST', '/api/v1/appointments/booking-link/rotate', h.adminToken);
    expect(rotated.json().token).not.toBe(token);
    expect((await call('GET', `/api/v1/public/booking/${token}`, null)).statusCode).toBe(404);
    expect((await call('GET', `/api/v1/public/booking/${rotated.json().token}`, null)).statusCode).toBe(200);
  });

  it('W3: a known phone books for its customer without telling the page anything about them', async () => {
    const known = await call('POST', '/api/v1/customers', agentToken, { name: '刘建国', phone: '13700002222', address: '北京市朝阳区建国路1号' });
    const { token } = (await call('GET', '/api/v1/appointments/booking-link', agentToken)).json();
    const offered = (await call('GET', `/api/v1/public/booking/${token}`, null)).json().slots;
    const booked = await call('POST', `/api/v1/public/booking/${token}`, null, { name: '小刘', phone: '13700002222', slotId: offered[0].id, request: '保养' });
    expect(booked.statusCode).toBe(201);
    const body = booked.json();
    expect(body.name).toBe('小刘');
    expect(JSON.stringify(body)).not.toContain('刘建国');
    expect(JSON.stringify(body)).not.toContain('建国路');
    expect(JSON.stringify(body)).not.toContain(known.json().id);
    const appointment = (await call('GET', `/api/v1/appointments/${body.appointmentId}`, agentToken)).json();
    expect(appointment).toMatchObject({ customer: { id: known.json().id, name: '刘建国' }, contactName: '小刘' });
  });

  it('W3: refuses an address that books too often, with 429 RATE_LIMITED', async () => {
    const { token } = (await call('GET', '/api/v1/appointments/booking-link', agentToken)).json();
    const headers = { 'x-forwarded-for': '203.0.113.9' };
    const missing = '00000000-0000-7000-8000-000000000000';
    const answers: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await h.app.inject({ method: 'POST', url: `/api/v1/public/booking/${token}`, headers, remoteAddress: '203.0.113.9', payload: { name: '测试', phone: '13600000000', slotId: missing, request: '保养' } });
      answers.push(r.statusCode);
    }
    expect(answers.slice(0, 10).every((s) => s === 422)).toBe(true);
    expect(answers[10]).toBe(429);
    // Another address is not held back by this one.
    const other = await h.app.inject({ method: 'POST', url: `/api/v1/public/booking/${token}`, remoteAddress: '198.51.100.7', payload: { name: '测试', phone: '13600000000', slotId: missing, request: '保养' } });
    expect(other.statusCode).toBe(422);
    // After the window it may try again.
    h.clock.advance(11 * 60_000);
    const later = await h.app.inject({ method: 'POST', url: `/api/v1/public/booking/${token}`, remoteAddress: '203.0.113.9', payload: { name: '测试', phone: '13600000000', slotId: missing, request: '保养' } });
    expect(later.statusCode).toBe(422);
  });
});

describe('contact attempts and tasks over HTTP', () => {
  it('H6: a technician logs a wrong address and the clerk sees the task', async () => {
    const dispatcher = await h.tokenFor('dispatcher');
    const techUser = await call('POST', '/api/v1/users', h.adminToken, { username: 'wang-contact', password: 'Harness-key-4821', name: '王师傅', role: 'technician' });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'wang-contact', password: 'Harness-key-4821' } });
    const tech = login.json().token as string;
    const customer = await call('POST', '/api/v1/customers', dispatcher, { name: '周先生', phone: '13500003333', address: '杭州市西湖区文三路8号' });
    const created = await call('POST', '/api/v1/tickets', dispatcher, { customerId: customer.json().id, addressId: customer.json().addresses[0].id, channel: 'phone', description: '热水器不点火' });
    let ticket = created.json();
    for (const body of [{ action: 'accept' }, { action: 'dispatch', technicianId: techUser.json().id }]) {
      ticket = (await call('POST', `/api/v1/tickets/${ticket.id}/transitions`, dispatcher, body, { 'if-match': String(ticket.version) })).json();
    }
    const logged = await call('POST', `/api/v1/tickets/${ticket.id}/contact-attempts`, tech, { outcome: 'wrong_address', note: '门牌号不存在' });
    expect(logged.statusCode, logged.body).toBe(201);
    expect((await call('GET', `/api/v1/tickets/${ticket.id}/contact-attempts`, tech)).json().items).toHaveLength(1);
    expect((await call('GET', '/api/v1/follow-up-tasks', tech)).statusCode).toBe(403);
    const tasks = (await call('GET', '/api/v1/follow-up-tasks', dispatcher)).json().items;
    const task = tasks.find((t: { ticket: { id: string } | null }) => t.ticket?.id === ticket.id);
    expect(task).toMatchObject({ kind: 'correct_address', customer: { name: '周先生' }, note: '门牌号不存在' });
    const done = await call('POST', `/api/v1/follow-up-tasks/${task.id}/done`, dispatcher);
    expect(done.json().doneAt).not.toBeNull();
    const events = (await call('GET', `/api/v1/tickets/${ticket.id}/events`, dispatcher)).json().items;
    expect(events.at(-1)).toMatchObject({ type: 'contact_attempt', details: { outcome: 'wrong_address' } });
  });
});
