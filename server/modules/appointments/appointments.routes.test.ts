import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';
import { caller } from '../../test/http';

let h: AppHarness;
/** The hotline agent who books, the administrator, and the public booking page's visitor. */
let agent: ReturnType<typeof caller>;
let admin: ReturnType<typeof caller>;
let anonymous: ReturnType<typeof caller>;
let slotIds: string[];

beforeAll(async () => {
  h = await createAppHarness();
  agent = caller(h.app, await h.tokenFor('hotline_agent'));
  admin = caller(h.app, h.adminToken);
  anonymous = caller(h.app, null);
  const template = await agent('POST', '/api/v1/appointments/templates', {
    name: '工作日',
    weekdays: [1, 2, 3, 4, 5],
    windows: [
      { start: '09:00', end: '11:00', capacity: 4 },
      { start: '11:00', end: '13:00', capacity: 4 },
    ],
  });
  expect(template.statusCode, template.body).toBe(201);
  const generated = await agent('POST', `/api/v1/appointments/templates/${template.json().id}/generate`, { from: '2026-11-30', to: '2026-12-04' });
  expect(generated.json()).toEqual({ created: 10, skipped: 0 });
  const slots = await agent('GET', '/api/v1/appointments/slots?from=2026-11-30&to=2026-12-04');
  slotIds = slots.json().items.map((s: { id: string }) => s.id);
});
afterAll(async () => {
  await h?.close();
});

describe('the appointments API', () => {
  it('refuses overlapping windows and a range longer than a quarter, field by field', async () => {
    const overlapping = await agent('POST', '/api/v1/appointments/templates', {
      name: '重叠',
      weekdays: [6],
      windows: [
        { start: '09:00', end: '11:00', capacity: 2 },
        { start: '10:00', end: '12:00', capacity: 2 },
      ],
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().errors[0]).toMatchObject({ field: 'body.windows' });
    const template = (await agent('GET', '/api/v1/appointments/templates')).json().items[0];
    const tooLong = await agent('POST', `/api/v1/appointments/templates/${template.id}/generate`, { from: '2027-01-01', to: '2027-06-30' });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0]).toMatchObject({ field: 'body.to' });
  });

  it('A2: two agents booking the last place at once: one gets it, the other a 409 SLOT_FULL', async () => {
    const slotId = slotIds[2]!;
    const slot = (await agent('GET', '/api/v1/appointments/slots?from=2026-12-01&to=2026-12-01')).json().items.find((s: { id: string }) => s.id === slotId);
    const shrunk = await agent('PATCH', `/api/v1/appointments/slots/${slotId}`, { capacity: 1 }, { ifMatch: slot.version });
    expect(shrunk.statusCode, shrunk.body).toBe(200);
    const otherAgent = caller(h.app, await h.tokenFor('hotline_agent'));
    const a = await agent('POST', '/api/v1/customers', { name: '张伟', phone: '13812345601' });
    const b = await agent('POST', '/api/v1/customers', { name: '王芳', phone: '13812345602' });
    const [first, second] = await Promise.all([
      agent('POST', '/api/v1/appointments', { slotId, customerId: a.json().id, requests: ['保养'] }),
      otherAgent('POST', '/api/v1/appointments', { slotId, customerId: b.json().id, requests: ['保养'] }),
    ]);
    const statuses = [first.statusCode, second.statusCode].sort();
    expect(statuses).toEqual([201, 409]);
    const refused = first.statusCode === 409 ? first : second;
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'SLOT_FULL', status: 409, title: '该时段已约满' });
  });

  it('a technician may neither read the board nor book', async () => {
    const tech = caller(h.app, await h.tokenFor('technician'));
    expect((await tech('GET', '/api/v1/appointments/board?day=2026-11-30')).statusCode).toBe(403);
    const agentBoard = await agent('GET', '/api/v1/appointments/board?day=2026-11-30');
    expect(agentBoard.statusCode).toBe(200);
    expect(agentBoard.json()).toMatchObject({ day: '2026-11-30', timeZone: 'Asia/Shanghai' });
    expect((await tech('POST', '/api/v1/appointments', { slotId: slotIds[0], customerId: slotIds[0], requests: ['x'] })).statusCode).toBe(403);
  });
});

describe('turning an appointment into a ticket', () => {
  it('S11: a customer can neither read another customer’s converted appointment through it nor learn an unconverted one’s status', async () => {
    const mine = await agent('POST', '/api/v1/customers', { name: '赵敏', phone: '13812345611' });
    const theirs = await agent('POST', '/api/v1/customers', { name: '钱多多', phone: '13812345612', address: '上海市徐汇区漕溪北路1号' });
    const customer = caller(h.app, await h.tokenFor('customer', { customerId: mine.json().id }));
    const book = async (slotId: string) => {
      const booked = await agent('POST', '/api/v1/appointments', { slotId, customerId: theirs.json().id, requests: ['更换滤芯'] });
      expect(booked.statusCode, booked.body).toBe(201);
      return booked.json();
    };
    const converted = await book(slotIds[5]!);
    const arrived = await agent('POST', `/api/v1/appointments/${converted.id}/status`, { status: 'arrived' }, { ifMatch: converted.version });
    expect(arrived.statusCode, arrived.body).toBe(200);
    const ticket = await agent('POST', `/api/v1/appointments/${converted.id}/ticket`, {});
    expect(ticket.statusCode, ticket.body).toBe(200);
    const unconverted = await book(slotIds[6]!);

    // The same answer as reading them: no such appointment, and nothing about it.
    for (const id of [converted.id, unconverted.id]) {
      expect((await customer('GET', `/api/v1/appointments/${id}`)).statusCode).toBe(404);
      const answer = await customer('POST', `/api/v1/appointments/${id}/ticket`, {});
      expect(answer.statusCode, answer.body).toBe(404);
      expect(answer.json()).toMatchObject({ code: 'NOT_FOUND' });
      expect(answer.json()).not.toHaveProperty('appointmentStatus');
      expect(answer.body).not.toContain('钱多多');
      expect(answer.body).not.toContain(ticket.json().ticket.number);
    }
  });
});

describe('self-service booking', () => {
  it('W3: works with the organisation’s token and not without it, nor with a rotated one', async () => {
    const link = await agent('GET', '/api/v1/appointments/booking-link');
    expect(link.statusCode).toBe(200);
    const { token, path } = link.json();
    expect(path).toBe(`/book/${token}`);

    const page = await anonymous('GET', `/api/v1/public/booking/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ organisation: { name: '测试服务中心' }, discountBp: 1000 });
    const offered = page.json().slots as { id: string; day: string; start: string }[];
    expect(offered.length).toBeGreaterThan(0);
    expect(Object.keys(offered[0]!).sort()).toEqual(['day', 'end', 'id', 'serviceType', 'start']);

    const booked = await anonymous('POST', `/api/v1/public/booking/${token}`, { name: '陈女士', phone: '139 0000 1111', slotId: offered[0]!.id, request: '手表进水\n换表带' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ day: offered[0]!.day, start: offered[0]!.start, name: '陈女士', phone: '13900001111', requests: ['手表进水', '换表带'], discountBp: 1000 });

    // On the board as an online booking with its promotion, for a customer made from the phone.
    const board = await agent('GET', `/api/v1/appointments/board?day=${offered[0]!.day}`);
    const mine = board.json().slots.flatMap((s: { appointments: unknown[] }) => s.appointments).find((a: { id: string }) => a.id === booked.json().appointmentId);
    expect(mine).toMatchObject({ channel: 'web', customer: { name: '陈女士' }, contactPhone: '13900001111', discountBp: 1000, createdBy: null });

    const stranger = await anonymous('GET', '/api/v1/public/booking/not-the-right-token-at-all');
    expect(stranger.statusCode).toBe(404);
    expect((await anonymous('POST', '/api/v1/public/booking/not-the-right-token-at-all', { name: '陈女士', phone: '13900001111', slotId: offered[0]!.id, request: '手表进水' })).statusCode).toBe(404);

    // Only an administrator rotates; after it the old link finds nothing.
    expect((await agent('POST', '/api/v1/appointments/booking-link/rotate')).statusCode).toBe(403);
    const rotated = await admin('POST', '/api/v1/appointments/booking-link/rotate');
    expect(rotated.json().token).not.toBe(token);
    expect((await anonymous('GET', `/api/v1/public/booking/${token}`)).statusCode).toBe(404);
    expect((await anonymous('GET', `/api/v1/public/booking/${rotated.json().token}`)).statusCode).toBe(200);
  });

  it('W3: a known phone books for its customer without telling the page anything about them', async () => {
    const known = await agent('POST', '/api/v1/customers', { name: '刘建国', phone: '13700002222', address: '北京市朝阳区建国路1号' });
    const { token } = (await agent('GET', '/api/v1/appointments/booking-link')).json();
    const offered = (await anonymous('GET', `/api/v1/public/booking/${token}`)).json().slots;
    const booked = await anonymous('POST', `/api/v1/public/booking/${token}`, { name: '小刘', phone: '13700002222', slotId: offered[0].id, request: '保养' });
    expect(booked.statusCode).toBe(201);
    const body = booked.json();
    expect(body.name).toBe('小刘');
    expect(JSON.stringify(body)).not.toContain('刘建国');
    expect(JSON.stringify(body)).not.toContain('建国路');
    expect(JSON.stringify(body)).not.toContain(known.json().id);
    const appointment = (await agent('GET', `/api/v1/appointments/${body.appointmentId}`)).json();
    expect(appointment).toMatchObject({ customer: { id: known.json().id, name: '刘建国' }, contactName: '小刘' });
  });

  it('W3: refuses an address that books too often, with 429 RATE_LIMITED', async () => {
    const { token } = (await agent('GET', '/api/v1/appointments/booking-link')).json();
    const missing = '00000000-0000-7000-8000-000000000000';
    const attempt = { name: '测试', phone: '13600000000', slotId: missing, request: '保养' };
    const from = (address: string, headers: Record<string, string> = {}) => anonymous('POST', `/api/v1/public/booking/${token}`, attempt, { remoteAddress: address, headers });
    const answers: number[] = [];
    for (let i = 0; i < 11; i++) {
      const r = await from('203.0.113.9', { 'x-forwarded-for': '203.0.113.9' });
      answers.push(r.statusCode);
    }
    expect(answers.slice(0, 10).every((s) => s === 422)).toBe(true);
    expect(answers[10]).toBe(429);
    // Another address is not held back by this one.
    const other = await from('198.51.100.7');
    expect(other.statusCode).toBe(422);
    // After the window it may try again.
    h.clock.advance(11 * 60_000);
    const later = await from('203.0.113.9');
    expect(later.statusCode).toBe(422);
  });
});
