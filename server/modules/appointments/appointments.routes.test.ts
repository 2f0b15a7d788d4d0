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
  // Saving made the weeks ahead already (appointments.generateDaysAhead); generating again keeps them.
  expect(template.json().slotsCreated).toBeGreaterThanOrEqual(10);
  const generated = await agent('POST', `/api/v1/appointments/templates/${template.json().id}/generate`, { from: '2026-11-30', to: '2026-12-04' });
  expect(generated.json()).toEqual({ created: 0, skipped: 10 });
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

type Call = ReturnType<typeof caller>;
/** The public page's open slots, and a booking request for the first one from an address of its own. */
async function ask(token: string, body: { name: string; phone: string; request?: string; slotId?: string }, address = '192.0.2.1') {
  const page = await anonymous('GET', `/api/v1/public/booking/${token}`, undefined, { remoteAddress: address });
  const slotId = body.slotId ?? (page.json().slots as { id: string }[])[0]!.id;
  return anonymous('POST', `/api/v1/public/booking/${token}`, { name: body.name, phone: body.phone, slotId, request: body.request ?? '保养' }, { remoteAddress: address });
}
const slotOf = async (call: Call, day: string, slotId: string) =>
  (await call('GET', `/api/v1/appointments/board?day=${day}`)).json().slots.find((s: { id: string }) => s.id === slotId) as {
    booked: number;
    pendingRequests: number;
    appointments: { id: string; customer: { id: string }; contactName: string | null }[];
  };
const pendingOf = async (id: string) => (await agent('GET', '/api/v1/appointments/booking-requests')).json().items.find((r: { id: string }) => r.id === id);

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
    const before = await slotOf(agent, offered[0]!.day, offered[0]!.id);

    const booked = await anonymous('POST', `/api/v1/public/booking/${token}`, { name: '陈女士', phone: '139 0000 1111', slotId: offered[0]!.id, request: '手表进水\n换表带' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ status: 'pending', day: offered[0]!.day, start: offered[0]!.start, name: '陈女士', phone: '13900001111', requests: ['手表进水', '换表带'], discountBp: 1000 });

    // A request holds its place; it is no booking until staff confirm it.
    const after = await slotOf(agent, offered[0]!.day, offered[0]!.id);
    expect(after.booked).toBe(before.booked + 1);
    expect(after.pendingRequests).toBe(before.pendingRequests + 1);
    expect(after.appointments).toHaveLength(before.appointments.length);
    expect(await pendingOf(booked.json().requestId)).toMatchObject({ status: 'pending', name: '陈女士', phone: '13900001111', requests: ['手表进水', '换表带'], matches: [] });

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

  it('S5: a booking with a known customer’s phone does not attach to that customer, and the page answers as for any number', async () => {
    const known = (await agent('POST', '/api/v1/customers', { name: '刘建国', phone: '13700002222', address: '北京市朝阳区建国路1号' })).json();
    const customersBefore = (await agent('GET', '/api/v1/customers?pageSize=100')).json().total;
    const { token } = (await agent('GET', '/api/v1/appointments/booking-link')).json();
    const offered = (await anonymous('GET', `/api/v1/public/booking/${token}`)).json().slots as { id: string; day: string }[];

    const mallory = await ask(token, { name: 'Mallory', phone: '13700002222', request: '请改地址', slotId: offered[0]!.id }, '192.0.2.10');
    expect(mallory.statusCode, mallory.body).toBe(201);
    const unknown = await ask(token, { name: 'Mallory', phone: '13700009999', request: '请改地址', slotId: offered[0]!.id }, '192.0.2.11');
    expect(unknown.statusCode, unknown.body).toBe(201);

    // Nothing tells the two numbers apart: the same fields, nothing of the known customer.
    const { requestId: a, phone: pa, ...restA } = mallory.json();
    const { requestId: b, phone: pb, ...restB } = unknown.json();
    expect(a).not.toBe(b);
    expect([pa, pb]).toEqual(['13700002222', '13700009999']);
    expect(restA).toEqual(restB);
    for (const secret of ['刘建国', '建国路', known.id]) expect(mallory.body).not.toContain(secret);

    // No appointment for the known customer, and no customer made for either number.
    const slot = await slotOf(agent, offered[0]!.day, offered[0]!.id);
    expect(slot.appointments.filter((x) => x.customer.id === known.id || x.contactName === 'Mallory')).toEqual([]);
    const board = (await agent('GET', `/api/v1/appointments/board?day=${offered[0]!.day}`)).json();
    expect(JSON.stringify(board)).not.toContain('Mallory');
    expect((await agent('GET', '/api/v1/customers?pageSize=100')).json().total).toBe(customersBefore);

    // Staff see both requests; the known number suggests its customer, to be checked by a call.
    expect((await pendingOf(a)).matches).toEqual([{ id: known.id, name: '刘建国' }]);
    expect((await pendingOf(b)).matches).toEqual([]);
  });
});

describe('booking requests at the desk', () => {
  let token: string;
  beforeAll(async () => {
    token = (await agent('GET', '/api/v1/appointments/booking-link')).json().token;
  });

  it('S5: staff confirm a request for the customer they choose; the appointment takes over the held place', async () => {
    const known = (await agent('POST', '/api/v1/customers', { name: '孙丽', phone: '13700003333' })).json();
    const asked = (await ask(token, { name: '孙女士', phone: '137 0000 3333', request: '换电池\n清洗' }, '192.0.2.20')).json();
    const pending = await pendingOf(asked.requestId);
    expect(pending.matches).toEqual([{ id: known.id, name: '孙丽' }]);
    const before = await slotOf(agent, asked.day, pending.slot.id);

    const confirmed = await agent('POST', `/api/v1/appointments/booking-requests/${asked.requestId}/confirm`, { customerId: known.id }, { ifMatch: pending.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const { request, appointment } = confirmed.json();
    expect(appointment).toMatchObject({ status: 'booked', channel: 'web', customer: { id: known.id, name: '孙丽' }, contactName: '孙女士', contactPhone: '13700003333', requests: ['换电池', '清洗'], discountBp: 1000, createdBy: null });
    expect(request).toMatchObject({ status: 'confirmed', appointmentId: appointment.id, decidedBy: { name: expect.any(String) } });
    const after = await slotOf(agent, asked.day, pending.slot.id);
    expect(after.booked).toBe(before.booked);
    expect(after.pendingRequests).toBe(before.pendingRequests - 1);
    expect(after.appointments.map((x) => x.id)).toContain(appointment.id);
    expect(await pendingOf(asked.requestId)).toBeUndefined();
    expect((await agent('GET', '/api/v1/appointments/booking-requests?status=confirmed')).json().items.map((r: { id: string }) => r.id)).toContain(asked.requestId);

    // Decided once: neither a second confirmation nor a decline changes it.
    const again = await agent('POST', `/api/v1/appointments/booking-requests/${asked.requestId}/confirm`, { customerId: known.id }, { ifMatch: request.version });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', requestStatus: 'confirmed' });
    expect((await agent('POST', `/api/v1/appointments/booking-requests/${asked.requestId}/decline`, {}, { ifMatch: request.version })).statusCode).toBe(409);
  });

  it('S5: staff confirm a request for a new customer made from it', async () => {
    const asked = (await ask(token, { name: '周先生', phone: '13700004444' }, '192.0.2.21')).json();
    const pending = await pendingOf(asked.requestId);
    const confirmed = await agent('POST', `/api/v1/appointments/booking-requests/${asked.requestId}/confirm`, { newCustomer: { name: '周建华', phone: '13700004444' } }, { ifMatch: pending.version });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const customer = (await agent('GET', `/api/v1/customers/${confirmed.json().appointment.customer.id}`)).json();
    expect(customer).toMatchObject({ name: '周建华', phones: [expect.objectContaining({ phone: '13700004444' })] });
  });

  it('S5: a decline gives the place back; confirming takes If-Match, one customer choice and a customer of the organisation', async () => {
    const asked = (await ask(token, { name: '吴女士', phone: '13700005555' }, '192.0.2.22')).json();
    const pending = await pendingOf(asked.requestId);
    const url = `/api/v1/appointments/booking-requests/${asked.requestId}`;
    const customer = (await agent('POST', '/api/v1/customers', { name: '吴芳', phone: '13700005556' })).json();

    expect((await agent('POST', `${url}/confirm`, { customerId: customer.id })).statusCode).toBe(428);
    const both = await agent('POST', `${url}/confirm`, { customerId: customer.id, newCustomer: { name: '吴芳', phone: '13700005555' } }, { ifMatch: pending.version });
    expect(both.statusCode).toBe(400);
    expect(both.json().errors[0]).toMatchObject({ field: 'body.customerId' });
    expect((await agent('POST', `${url}/confirm`, {}, { ifMatch: pending.version })).statusCode).toBe(400);
    const nobody = await agent('POST', `${url}/confirm`, { customerId: '00000000-0000-7000-8000-000000000001' }, { ifMatch: pending.version });
    expect(nobody.statusCode).toBe(422);
    expect(nobody.json().errors[0]).toMatchObject({ field: 'body.customerId' });
    expect((await agent('POST', `${url}/confirm`, { customerId: customer.id }, { ifMatch: pending.version + 1 })).json().code).toBe('VERSION_CONFLICT');
    expect((await agent('POST', '/api/v1/appointments/booking-requests/00000000-0000-7000-8000-000000000002/decline', {}, { ifMatch: 1 })).statusCode).toBe(404);

    const before = await slotOf(agent, asked.day, pending.slot.id);
    const declined = await agent('POST', `${url}/decline`, { reason: '号码无人接听' }, { ifMatch: pending.version });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', declineReason: '号码无人接听', appointmentId: null });
    const after = await slotOf(agent, asked.day, pending.slot.id);
    expect(after.booked).toBe(before.booked - 1);
    expect(after.pendingRequests).toBe(before.pendingRequests - 1);
    expect(after.appointments).toHaveLength(before.appointments.length);
    expect((await agent('POST', `${url}/confirm`, { customerId: customer.id }, { ifMatch: declined.json().version })).json()).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', requestStatus: 'declined' });
  });

  it('S5: only staff who manage appointments see and decide booking requests', async () => {
    const asked = (await ask(token, { name: '郑先生', phone: '13700006666' }, '192.0.2.23')).json();
    const own = (await agent('POST', '/api/v1/customers', { name: '郑家', phone: '13700006667' })).json();
    const customerUser = caller(h.app, await h.tokenFor('customer', { customerId: own.id }));
    const technician = caller(h.app, await h.tokenFor('technician'));
    for (const who of [customerUser, technician]) {
      expect((await who('GET', '/api/v1/appointments/booking-requests')).statusCode).toBe(403);
      expect((await who('POST', `/api/v1/appointments/booking-requests/${asked.requestId}/confirm`, { newCustomer: { name: 'x', phone: '13700006666' } }, { ifMatch: 1 })).statusCode).toBe(403);
      expect((await who('POST', `/api/v1/appointments/booking-requests/${asked.requestId}/decline`, {}, { ifMatch: 1 })).statusCode).toBe(403);
    }
    expect((await anonymous('GET', '/api/v1/appointments/booking-requests')).statusCode).toBe(401);
    // A customer's board shows the day's times, nothing of anyone's requests.
    const board = (await customerUser('GET', `/api/v1/appointments/board?day=${asked.day}`)).json();
    expect(board.slots.every((s: { pendingRequests: number }) => s.pendingRequests === 0)).toBe(true);
    expect((await pendingOf(asked.requestId)).status).toBe('pending');
  });
});

describe('the public page’s limits', () => {
  let token: string;
  beforeAll(async () => {
    token = (await agent('GET', '/api/v1/appointments/booking-link')).json().token;
  });

  /** Runs `body` with these overrides of the appointments settings, in a window of its own. */
  async function withSettings(appointments: Record<string, number>, body: () => Promise<void>) {
    h.clock.advance(61 * 60_000);
    const org = await admin('GET', '/api/v1/organisation');
    const patched = await admin('PATCH', '/api/v1/organisation', { settings: { appointments } }, { headers: { 'if-match': org.headers.etag as string } });
    expect(patched.statusCode, patched.body).toBe(200);
    try {
      await body();
    } finally {
      await admin('PATCH', '/api/v1/organisation', { settings: {} }, { headers: { 'if-match': patched.headers.etag as string } });
    }
  }

  it('W3: refuses an address that books too often, with 429 RATE_LIMITED', async () => {
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

  it('S5: refuses a phone number asked with too often, from any address, with 429 problem+json', async () => {
    await withSettings({ publicRequestsPerPhone: 2 }, async () => {
      const first = await ask(token, { name: '甲', phone: '13500000001' }, '198.51.100.1');
      expect(first.statusCode, first.body).toBe(201);
      expect((await ask(token, { name: '乙', phone: '13500000001' }, '198.51.100.2')).statusCode).toBe(201);
      const pendingBefore = (await agent('GET', '/api/v1/appointments/booking-requests')).json().items.length;
      const third = await ask(token, { name: '丙', phone: '135 0000 0001' }, '198.51.100.3');
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
      expect(third.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
      // The refused request holds nothing; another number is not held back.
      expect((await agent('GET', '/api/v1/appointments/booking-requests')).json().items).toHaveLength(pendingBefore);
      expect((await ask(token, { name: '丁', phone: '13500000002' }, '198.51.100.3')).statusCode).toBe(201);
    });
  });

  it('S5: refuses requests past the link’s allowance whatever the address and number, and page views past the address’s', async () => {
    await withSettings({ publicRequestsPerLink: 3, publicPageViewsPerAddress: 2 }, async () => {
      for (let i = 0; i < 3; i++) expect((await ask(token, { name: `访客${i}`, phone: `1340000000${i}` }, `198.51.100.${40 + i}`)).statusCode).toBe(201);
      const fourth = await ask(token, { name: '访客3', phone: '13400000003' }, '198.51.100.43');
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json()).toMatchObject({ code: 'RATE_LIMITED' });

      const view = () => anonymous('GET', `/api/v1/public/booking/${token}`, undefined, { remoteAddress: '198.51.100.50' });
      expect((await view()).statusCode).toBe(200);
      expect((await view()).statusCode).toBe(200);
      const third = await view();
      expect(third.statusCode).toBe(429);
      expect(third.headers['content-type']).toContain('application/problem+json');
      // After the window, the link takes requests again.
      h.clock.advance(11 * 60_000);
      expect((await ask(token, { name: '访客4', phone: '13400000004' }, '198.51.100.44')).statusCode).toBe(201);
    });
  });

  it('S5: the limits are settings with defaults, refused out of range', async () => {
    const org = await admin('GET', '/api/v1/organisation');
    expect(org.json().settings.appointments).toMatchObject({ publicWindowMinutes: 10, publicPageViewsPerAddress: 120, publicRequestsPerAddress: 10, publicRequestsPerPhone: 3, publicRequestsPerLink: 60, publicDaysAhead: 14 });
    const bad = await admin('PATCH', '/api/v1/organisation', { settings: { appointments: { publicWindowMinutes: 0 } } }, { headers: { 'if-match': org.headers.etag as string } });
    expect(bad.statusCode).toBe(400);
  });
});
