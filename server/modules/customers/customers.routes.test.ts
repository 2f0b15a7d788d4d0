import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

let h: AppHarness;
const auth = () => ({ authorization: `Bearer ${h.adminToken}` });

beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

async function call(method: InjectOptions['method'], url: string, payload?: object, headers: Record<string, string> = {}) {
  return h.app.inject({ method, url, headers: { ...auth(), ...headers }, ...(payload ? { payload } : {}) });
}
const get = (url: string) => call('GET', url);
const q = (value: string) => encodeURIComponent(value);
const ids = (list: { items: { id: string }[] }) => list.items.map((i) => i.id);

async function createCustomer(body: object) {
  const response = await call('POST', '/api/v1/customers', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('customer records', () => {
  it('H1: keeps name, company, several phones and the address', async () => {
    const created = await createCustomer({
      name: '刘建国',
      companyName: '上海华东机电有限公司',
      phone: '+86 138-1000-2000',
      phones: [
        { phone: '021-6888 1234', label: '办公室' },
        { phone: '13810002000', label: '重复的手机' },
      ],
      address: { province: '上海市', city: '上海市', district: '浦东新区', line: '张江路 88 号', building: '3', room: '1201' },
      email: 'liu@example.com',
    });
    expect(created).toMatchObject({ name: '刘建国', companyName: '上海华东机电有限公司', kind: 'company', email: 'liu@example.com', version: 1 });
    // Stored as digits; the same number twice is kept once.
    expect(created.phones.map((p: { phone: string; label: string | null; isPrimary: boolean }) => [p.phone, p.label, p.isPrimary])).toEqual([
      ['13810002000', null, true],
      ['02168881234', '办公室', false],
    ]);
    expect(created.addresses).toHaveLength(1);
    expect(created.addresses[0]).toMatchObject({ line: '张江路 88 号', district: '浦东新区', isDefault: true, invalidAt: null, full: '上海市 上海市 浦东新区 张江路 88 号 3栋1201室' });

    const read = await get(`/api/v1/customers/${created.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toMatchObject({ id: created.id, name: '刘建国', companyName: '上海华东机电有限公司', contacts: [], sites: [], assets: [] });
    expect(read.json().phones).toHaveLength(2);
  });

  it('H1: a one-line address and a person without a company', async () => {
    const created = await createCustomer({ name: '王芳', phone: '13900002222', address: '杭州市西湖区文三路 1 号' });
    expect(created).toMatchObject({ kind: 'person', companyName: null });
    expect(created.addresses[0]).toMatchObject({ line: '杭州市西湖区文三路 1 号', isDefault: true });
  });

  it('adds and removes phones, and the caller-ID lookup follows', async () => {
    const created = await createCustomer({ name: '赵磊', phone: '13700003333' });
    const added = await call('POST', `/api/v1/customers/${created.id}/phones`, { phone: '+86 136 0000 4444', label: '家' });
    expect(added.statusCode).toBe(201);
    expect(added.json().version).toBe(2);
    const extra = added.json().phones.find((p: { phone: string }) => p.phone === '13600004444');
    expect(extra).toMatchObject({ label: '家', isPrimary: false });
    expect(ids((await get(`/api/v1/customers?phone=${q('13600004444')}`)).json())).toEqual([created.id]);

    const removed = await call('DELETE', `/api/v1/customers/${created.id}/phones/${extra.id}`);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().phones.map((p: { phone: string }) => p.phone)).toEqual(['13700003333']);
    expect((await get(`/api/v1/customers?phone=${q('13600004444')}`)).json().total).toBe(0);
    expect((await get(`/api/v1/customers?q=${q('0000 4444')}`)).json().total).toBe(0);
  });
});

describe('finding the caller', () => {
  it('A2: the caller’s phone finds the customer in any format', async () => {
    const customer = await createCustomer({ name: '孙丽', phone: '13812345678' });
    const byCompany = await createCustomer({ name: '周强', companyName: '宁波港务', phone: '+86 139-8765-4321' });
    for (const phone of ['+86 138-1234-5678', '13812345678', '138 1234 5678', '0086 13812345678', '８６１３８１２３４５６７８']) {
      const list = (await get(`/api/v1/customers?phone=${q(phone)}`)).json();
      expect(ids(list), phone).toEqual([customer.id]);
    }
    expect(ids((await get(`/api/v1/customers?phone=${q('13987654321')}`)).json())).toEqual([byCompany.id]);
    expect((await get(`/api/v1/customers?phone=${q('13812345679')}`)).json().total).toBe(0);
  });

  it('A2: ?q= finds the customer by the tail of a phone, by name and by company', async () => {
    const customer = await createCustomer({ name: '钱志远', companyName: '苏州精密仪器', phone: '13811112468' });
    for (const text of ['2468', '11112468', '13811112468', '志远', '精密仪器']) {
      expect(ids((await get(`/api/v1/customers?q=${q(text)}`)).json()), text).toContain(customer.id);
    }
  });

  it('A2: ?q= also finds a phone written the way the caller reads it out', async () => {
    const customer = await createCustomer({ name: '吴敏', phone: '13822223579' });
    for (const text of ['+86 138-2222-3579', '138 2222 3579', '2222-3579']) {
      expect(ids((await get(`/api/v1/customers?q=${q(text)}`)).json()), text).toContain(customer.id);
      const lookup = (await get(`/api/v1/customers/lookup?q=${q(text)}`)).json();
      expect(ids(lookup), `lookup ${text}`).toContain(customer.id);
    }
  });

  it('A2: the lookup answers the customer with their assets, by phone, plate or serial number', async () => {
    const customer = await createCustomer({ name: '郑浩', phone: '13833334444' });
    const other = await createCustomer({ name: '冯雪', phone: '13855556666' });
    const car = await call('POST', '/api/v1/assets', {
      customerId: customer.id,
      kind: 'vehicle',
      serialNumber: 'LSVAU2180N2123456',
      brand: '大众',
      model: '帕萨特',
      attributes: { plate: '沪A·12345', vin: 'LSVAU2180N2123456', mileageKm: 42000 },
    });
    expect(car.statusCode, car.body).toBe(201);
    const watch = await call('POST', '/api/v1/assets', { customerId: customer.id, kind: 'watch', serialNumber: 'WX-778899', brand: '名士' });
    expect(watch.statusCode, watch.body).toBe(201);
    await call('POST', '/api/v1/assets', { customerId: other.id, kind: 'watch', serialNumber: 'WX-000111', brand: '宝齐莱' });

    for (const text of ['13833334444', '4444', '沪a12345', '沪A·12345', 'wx-778899', 'LSVAU2180N2123456', '郑浩']) {
      const response = await get(`/api/v1/customers/lookup?q=${q(text)}`);
      expect(response.statusCode).toBe(200);
      const found = response.json().items.find((c: { id: string }) => c.id === customer.id);
      expect(found, text).toBeDefined();
      expect(found.assets.map((a: { id: string }) => a.id).sort(), text).toEqual([car.json().id, watch.json().id].sort());
      expect(ids(response.json()), text).not.toContain(other.id);
    }
    const vehicle = (await get(`/api/v1/customers/lookup?q=${q('沪a12345')}`)).json().items[0].assets.find((a: { kind: string }) => a.kind === 'vehicle');
    expect(vehicle).toMatchObject({ plate: '沪A12345', attributes: { plate: '沪A·12345', mileageKm: 42000 } });
    expect((await get(`/api/v1/customers/lookup?q=${q('粤B99999')}`)).json().items).toEqual([]);
  });

  it('keeps each organisation’s customers to itself', async () => {
    const customer = await createCustomer({ name: '蒋文', phone: '13866667777' });
    const other = await h.services.identity.createOrganisation({ code: 'cust-other', name: '别家' });
    await h.services.identity.createUser(other.id, { username: 'cust-other-admin', password: 'Harness-key-4821', name: '外人', role: 'admin' });
    const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'cust-other-admin', password: 'Harness-key-4821' } });
    const headers = { authorization: `Bearer ${login.json().token}` };
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/customers/${customer.id}`, headers })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/customers?phone=13866667777`, headers })).json().total).toBe(0);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/customers/lookup?q=13866667777`, headers })).json().items).toEqual([]);
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/v1/customers/${customer.id}`, headers: { ...headers, 'if-match': '1' }, payload: { name: '改名' } });
    expect(patch.statusCode).toBe(404);
  });
});

describe('changing a customer', () => {
  it('H6: a wrong address is marked and corrected the same day, and the wrong one is kept', async () => {
    h.clock.set('2026-11-27T03:15:00Z');
    const customer = await createCustomer({ name: '陈静', phone: '13877778888', address: { city: '上海市', line: '长宁路 1 号', building: '5', room: '502' } });
    const wrong = customer.addresses[0];
    const response = await call('PATCH', `/api/v1/customers/${customer.id}/addresses/${wrong.id}`, {
      invalid: true,
      correction: { city: '上海市', line: '长宁路 11 号', building: '5', room: '502' },
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json();
    expect(after.version).toBe(2);
    expect(after.addresses).toHaveLength(2);
    const kept = after.addresses.find((a: { id: string }) => a.id === wrong.id);
    expect(kept).toMatchObject({ line: '长宁路 1 号', isDefault: false, invalidAt: '2026-11-27T03:15:00.000Z' });
    const corrected = after.addresses.find((a: { id: string }) => a.id !== wrong.id);
    expect(corrected).toMatchObject({ line: '长宁路 11 号', isDefault: true, invalidAt: null });
    // The default comes first, where a new ticket's form picks it up.
    expect(after.addresses[0].id).toBe(corrected.id);

    const reread = (await get(`/api/v1/customers/${customer.id}`)).json();
    expect(reread.addresses.map((a: { line: string; isDefault: boolean }) => [a.line, a.isDefault])).toEqual([
      ['长宁路 11 号', true],
      ['长宁路 1 号', false],
    ]);
  });

  it('H6: an address of another customer cannot be corrected through this one', async () => {
    const a = await createCustomer({ name: '甲', phone: '13811110001', address: '甲的地址' });
    const b = await createCustomer({ name: '乙', phone: '13811110002', address: '乙的地址' });
    const response = await call('PATCH', `/api/v1/customers/${a.id}/addresses/${b.addresses[0].id}`, { invalid: true });
    expect(response.statusCode).toBe(404);
    expect((await get(`/api/v1/customers/${b.id}`)).json().addresses[0].invalidAt).toBeNull();
  });

  it('renaming a customer makes their tickets findable by the new name', async () => {
    const customer = await createCustomer({ name: '黄晓明', phone: '13899990000' });
    const ticket = await call('POST', '/api/v1/tickets', { customerId: customer.id, channel: 'phone', description: '热水器漏水' });
    expect(ticket.statusCode).toBe(201);
    expect(ids((await get(`/api/v1/tickets?q=${q('黄晓明')}`)).json())).toContain(ticket.json().id);

    const renamed = await call('PATCH', `/api/v1/customers/${customer.id}`, { name: '黄小明', companyName: '明记餐饮' }, { 'if-match': '"1"' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: '黄小明', companyName: '明记餐饮', version: 2 });
    expect(renamed.headers.etag).toBe('"2"');

    expect(ids((await get(`/api/v1/tickets?q=${q('黄小明')}`)).json())).toContain(ticket.json().id);
    expect(ids((await get(`/api/v1/tickets?q=${q('明记餐饮')}`)).json())).toContain(ticket.json().id);
    expect(ids((await get(`/api/v1/tickets?q=${q('黄晓明')}`)).json())).not.toContain(ticket.json().id);
    expect((await get(`/api/v1/tickets/${ticket.json().id}`)).json().customer).toMatchObject({ name: '黄小明', companyName: '明记餐饮' });
    expect(ids((await get(`/api/v1/customers?q=${q('黄小明')}`)).json())).toEqual([customer.id]);
    expect((await get(`/api/v1/customers?q=${q('黄晓明')}`)).json().total).toBe(0);
  });

  it('a new phone makes the customer’s tickets findable by it', async () => {
    const customer = await createCustomer({ name: '杨帆', phone: '13800001357' });
    const ticket = (await call('POST', '/api/v1/tickets', { customerId: customer.id, channel: 'phone', description: '洗碗机不排水' })).json();
    await call('POST', `/api/v1/customers/${customer.id}/phones`, { phone: '13900002468' });
    expect(ids((await get(`/api/v1/tickets?q=${q('13900002468')}`)).json())).toContain(ticket.id);
  });

  it('refuses a change based on a stale version, and one without If-Match', async () => {
    const customer = await createCustomer({ name: '何平', phone: '13800002222' });
    expect((await call('PATCH', `/api/v1/customers/${customer.id}`, { name: '何平平' }, { 'if-match': '1' })).statusCode).toBe(200);
    const stale = await call('PATCH', `/api/v1/customers/${customer.id}`, { name: '何小平' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const missing = await call('PATCH', `/api/v1/customers/${customer.id}`, { name: '何小平' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json().code).toBe('PRECONDITION_REQUIRED');
    expect((await get(`/api/v1/customers/${customer.id}`)).json()).toMatchObject({ name: '何平平', version: 2 });
  });

  it('only roles with customers.write may change customers', async () => {
    const customer = await createCustomer({ name: '罗琳', phone: '13800003333' });
    const financeToken = await h.tokenFor('finance');
    const headers = { authorization: `Bearer ${financeToken}` };
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/customers/${customer.id}`, headers })).statusCode).toBe(200);
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/v1/customers/${customer.id}`, headers: { ...headers, 'if-match': '1' }, payload: { name: '改' } });
    expect(patch.statusCode).toBe(403);
    const techToken = await h.tokenFor('technician');
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/customers/lookup?q=13800003333`, headers: { authorization: `Bearer ${techToken}` } })).statusCode).toBe(403);
  });
});
