import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

// The harness clock stands at 2026-11-27 10:00 in Shanghai.
let h: AppHarness;
let customerId: string;
const auth = () => ({ authorization: `Bearer ${h.adminToken}` });

beforeAll(async () => {
  h = await createAppHarness();
  const customer = await h.app.inject({ method: 'POST', url: '/api/v1/customers', headers: auth(), payload: { name: '林先生', phone: '13812340000' } });
  customerId = customer.json().id;
});
afterAll(async () => {
  await h?.close();
});

async function call(method: InjectOptions['method'], url: string, payload?: object, headers: Record<string, string> = {}) {
  return h.app.inject({ method, url, headers: { ...auth(), ...headers }, ...(payload ? { payload } : {}) });
}
const createAsset = (body: object) => call('POST', '/api/v1/assets', { customerId, ...body });
const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

describe('typed attributes per industry', () => {
  it('W1: a watch carries brand, model, serial, movement, water resistance and purchase date', async () => {
    const response = await createAsset({
      kind: 'watch',
      brand: '名士',
      model: '克里顿 M10052',
      serialNumber: 'BM-2025-0001',
      purchasedOn: '2025-03-08',
      attributes: { movement: 'automatic', waterResistance: '100m', caseMaterial: '精钢' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const watch = response.json();
    expect(watch).toMatchObject({
      kind: 'watch',
      brand: '名士',
      model: '克里顿 M10052',
      serialNumber: 'BM-2025-0001',
      purchasedOn: '2025-03-08',
      attributes: { movement: 'automatic', waterResistance: '100m', caseMaterial: '精钢' },
    });
    const read = await call('GET', `/api/v1/assets/${watch.id}`);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json().attributes).toEqual({ movement: 'automatic', waterResistance: '100m', caseMaterial: '精钢' });
  });

  it('W1: a water-resistance grade outside the list is refused at body.attributes.waterResistance', async () => {
    const response = await createAsset({ kind: 'watch', serialNumber: 'BM-BAD-1', attributes: { movement: 'quartz', waterResistance: '1000m' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(response.json())).toEqual(['body.attributes.waterResistance']);
    expect(response.json().errors[0].message).toContain('200m_plus');

    const movement = await createAsset({ kind: 'watch', serialNumber: 'BM-BAD-2', attributes: { movement: 'solar' } });
    expect(fieldsOf(movement.json())).toEqual(['body.attributes.movement']);
    expect((await call('GET', `/api/v1/assets?serialNumber=BM-BAD-1`)).json().total).toBe(0);
  });

  it('refuses attribute keys the kind does not know, naming each', async () => {
    const one = await createAsset({ kind: 'watch', serialNumber: 'BM-BAD-3', attributes: { movement: 'quartz', colour: '金色' } });
    expect(one.statusCode).toBe(400);
    expect(fieldsOf(one.json())).toEqual(['body.attributes.colour']);
    const two = await createAsset({ kind: 'equipment', serialNumber: 'EQ-BAD-1', attributes: { plate: '沪A1', movement: 'quartz' } });
    expect(two.statusCode).toBe(400);
    expect(fieldsOf(two.json()).sort()).toEqual(['body.attributes.movement', 'body.attributes.plate']);
    // What an industry needs beyond the typed fields goes in `extra`.
    const extra = await createAsset({ kind: 'watch', serialNumber: 'BM-EXTRA-1', attributes: { extra: { colour: '金色', straps: 2 } } });
    expect(extra.statusCode, extra.body).toBe(201);
    expect(extra.json().attributes).toEqual({ extra: { colour: '金色', straps: 2 } });
  });

  it('E9: equipment keeps its manufacturer, model, serial and the parameters set at commissioning', async () => {
    const response = await createAsset({
      kind: 'equipment',
      productName: '恒压供水设备',
      model: 'HYG-50',
      serialNumber: 'HYG50-2025-0042',
      installedOn: '2025-04-20',
      acceptedOn: '2025-05-10',
      attributes: {
        manufacturer: '上海凯泉泵业',
        location: '地下二层水泵房',
        commissionedOn: '2025-05-08',
        commissioningParameters: { 设定压力: '0.45 MPa', 变频上限: '50 Hz', 停机延时: '30 s' },
      },
    });
    expect(response.statusCode, response.body).toBe(201);
    const read = (await call('GET', `/api/v1/assets/${response.json().id}`)).json();
    expect(read).toMatchObject({ kind: 'equipment', model: 'HYG-50', serialNumber: 'HYG50-2025-0042', installedOn: '2025-04-20', acceptedOn: '2025-05-10' });
    expect(read.attributes).toEqual({
      manufacturer: '上海凯泉泵业',
      location: '地下二层水泵房',
      commissionedOn: '2025-05-08',
      commissioningParameters: { 设定压力: '0.45 MPa', 变频上限: '50 Hz', 停机延时: '30 s' },
    });
    const badDay = await createAsset({ kind: 'equipment', serialNumber: 'HYG50-BAD', attributes: { commissionedOn: '2025-02-30' } });
    expect(fieldsOf(badDay.json())).toEqual(['body.attributes.commissionedOn']);
  });

  it('A2: a vehicle’s plate is normalised, so 沪A·12345 is found by 沪a12345', async () => {
    const response = await createAsset({ kind: 'vehicle', serialNumber: 'LFV2A21K6N3000001', brand: '一汽大众', attributes: { plate: '沪A·12345', vin: 'LFV2A21K6N3000001' } });
    expect(response.statusCode, response.body).toBe(201);
    const car = response.json();
    expect(car.plate).toBe('沪A12345');
    expect(car.attributes.plate).toBe('沪A·12345');
    for (const url of [
      `/api/v1/assets?plate=${encodeURIComponent('沪a12345')}`,
      `/api/v1/assets?plate=${encodeURIComponent('沪A 12345')}`,
      `/api/v1/assets?q=${encodeURIComponent('沪a12345')}`,
      `/api/v1/assets?q=${encodeURIComponent('沪A·12345')}`,
    ]) {
      const list = (await call('GET', url)).json();
      expect(list.items.map((a: { id: string }) => a.id), url).toEqual([car.id]);
    }
    const noPlate = await createAsset({ kind: 'vehicle', serialNumber: 'NO-PLATE', attributes: {} });
    expect(fieldsOf(noPlate.json())).toEqual(['body.attributes.plate']);
    const badVin = await createAsset({ kind: 'vehicle', serialNumber: 'BAD-VIN', attributes: { plate: '沪B1', vin: 'IOQ' } });
    expect(fieldsOf(badVin.json())).toEqual(['body.attributes.vin']);
  });

  it('A2: changing a vehicle’s plate moves the search with it; a stale If-Match is refused', async () => {
    const car = (await createAsset({ kind: 'vehicle', serialNumber: 'LFV2A21K6N3000002', attributes: { plate: '苏E·66666' } })).json();
    const changed = await call('PATCH', `/api/v1/assets/${car.id}`, { attributes: { plate: '苏E 88888', mileageKm: 1200 } }, { 'if-match': '1' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ plate: '苏E88888', version: 2, attributes: { plate: '苏E 88888', mileageKm: 1200 } });
    expect((await call('GET', `/api/v1/assets?plate=${encodeURIComponent('苏e66666')}`)).json().total).toBe(0);
    expect((await call('GET', `/api/v1/assets?q=${encodeURIComponent('苏e88888')}`)).json().items.map((a: { id: string }) => a.id)).toEqual([car.id]);

    const stale = await call('PATCH', `/api/v1/assets/${car.id}`, { model: 'x' }, { 'if-match': '1' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const wrongAttr = await call('PATCH', `/api/v1/assets/${car.id}`, { attributes: { plate: '苏E88888', mileageKm: -5 } }, { 'if-match': '2' });
    expect(fieldsOf(wrongAttr.json())).toEqual(['body.attributes.mileageKm']);
  });
});

describe('warranty', () => {
  it('E1: runs from the acceptance date for the organisation’s default 24 months', async () => {
    const inside = (await createAsset({ kind: 'equipment', serialNumber: 'E1-IN', installedOn: '2024-12-20', acceptedOn: '2025-01-15' })).json();
    expect(inside.warrantyBasis).toBe('acceptance');
    expect(inside.warrantyMonths).toBeNull();
    expect(inside.warranty).toEqual({ state: 'in', reason: 'within_period', startsOn: '2025-01-15', endsOn: '2027-01-14' });

    // Accepted 2024-11-28: the 24 months end on 2026-11-27, today, still covered; a day earlier is not.
    const lastDay = (await createAsset({ kind: 'equipment', serialNumber: 'E1-LAST', acceptedOn: '2024-11-28' })).json();
    expect(lastDay.warranty).toMatchObject({ state: 'in', endsOn: '2026-11-27' });
    const expired = (await createAsset({ kind: 'equipment', serialNumber: 'E1-OUT', acceptedOn: '2024-11-27' })).json();
    expect(expired.warranty).toMatchObject({ state: 'out', reason: 'expired', endsOn: '2026-11-26' });

    const notAccepted = (await createAsset({ kind: 'equipment', serialNumber: 'E1-NONE', warrantyBasis: 'acceptance', purchasedOn: '2026-01-01' })).json();
    expect(notAccepted.warranty).toMatchObject({ state: 'unknown', reason: 'no_start_date' });
  });

  it('E1: the default is the organisation’s setting, not a constant', async () => {
    const asset = (await createAsset({ kind: 'equipment', serialNumber: 'E1-SETTING', acceptedOn: '2024-06-01' })).json();
    expect(asset.warranty).toMatchObject({ state: 'out', endsOn: '2026-05-31' });
    const org = await call('GET', '/api/v1/organisation');
    const patched = await call('PATCH', '/api/v1/organisation', { settings: { warranty: { defaultMonths: 36 } } }, { 'if-match': org.headers.etag as string });
    expect(patched.statusCode, patched.body).toBe(200);
    try {
      const reread = (await call('GET', `/api/v1/assets/${asset.id}`)).json();
      expect(reread.warranty).toMatchObject({ state: 'in', endsOn: '2027-05-31' });
    } finally {
      await call('PATCH', '/api/v1/organisation', { settings: {} }, { 'if-match': patched.headers.etag as string });
    }
    expect((await call('GET', `/api/v1/assets/${asset.id}`)).json().warranty.endsOn).toBe('2026-05-31');
  });

  it('C3: a carry-in unit’s warranty runs from its purchase date', async () => {
    const covered = (await createAsset({ kind: 'appliance', serialNumber: 'C3-IN', purchasedOn: '2025-11-28', warrantyMonths: 12 })).json();
    expect(covered.warrantyBasis).toBe('purchase');
    expect(covered.warranty).toEqual({ state: 'in', reason: 'within_period', startsOn: '2025-11-28', endsOn: '2026-11-27' });
    const lapsed = (await createAsset({ kind: 'appliance', serialNumber: 'C3-OUT', purchasedOn: '2025-11-27', warrantyMonths: 12 })).json();
    expect(lapsed.warranty).toMatchObject({ state: 'out', reason: 'expired', endsOn: '2026-11-26' });
    const noProof = (await createAsset({ kind: 'appliance', serialNumber: 'C3-NONE' })).json();
    expect(noProof.warranty).toMatchObject({ state: 'unknown', reason: 'no_start_date' });
    // Acceptance on the unit does not matter when the basis is purchase.
    const byPurchase = (await createAsset({ serialNumber: 'C3-BASIS', purchasedOn: '2023-01-01', acceptedOn: '2026-01-01', warrantyBasis: 'purchase' })).json();
    expect(byPurchase.warranty).toMatchObject({ state: 'out', startsOn: '2023-01-01' });
  });

  it('takes a product’s warranty terms when the asset names none', async () => {
    const product = await call('POST', '/api/v1/products', { name: '商用净水器 RO-400', kind: 'appliance', warrantyMonths: 36, warrantyBasis: 'installation' });
    expect(product.statusCode).toBe(201);
    const asset = (await createAsset({ productId: product.json().id, serialNumber: 'RO400-001', installedOn: '2024-01-10' })).json();
    expect(asset).toMatchObject({ kind: 'appliance', productName: '商用净水器 RO-400', warrantyBasis: 'installation', warrantyMonths: 36 });
    expect(asset.warranty).toMatchObject({ state: 'in', startsOn: '2024-01-10', endsOn: '2027-01-09' });
  });
});

describe('references', () => {
  it('refuses an asset for another organisation’s customer with 422', async () => {
    const other = await h.services.identity.createOrganisation({ code: 'asset-other', name: '别家' });
    await h.services.identity.createUser(other.id, { username: 'asset-other-admin', password: 'Harness-key-4821', name: '外人', role: 'admin' });
    const token = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'asset-other-admin', password: 'Harness-key-4821' } })).json().token;
    const headers = { authorization: `Bearer ${token}` };
    const response = await h.app.inject({ method: 'POST', url: '/api/v1/assets', headers, payload: { customerId, serialNumber: 'STOLEN-1' } });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'INVALID_REFERENCE', errors: [{ field: 'body.customerId' }] });

    const mine = (await createAsset({ serialNumber: 'MINE-1' })).json();
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/assets/${mine.id}`, headers })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'PATCH', url: `/api/v1/assets/${mine.id}`, headers: { ...headers, 'if-match': '1' }, payload: { model: 'x' } })).statusCode).toBe(404);
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/assets?q=MINE-1`, headers })).json().total).toBe(0);
  });

  it('refuses an unknown product or site with 422, never a server error', async () => {
    const unknown = '01a21caf-0000-7000-8000-000000000000';
    const product = await createAsset({ serialNumber: 'REF-1', productId: unknown });
    expect(product.statusCode).toBe(422);
    expect(fieldsOf(product.json())).toEqual(['body.productId']);
    const site = await createAsset({ serialNumber: 'REF-2', siteId: unknown });
    expect(site.statusCode).toBe(422);
    expect(fieldsOf(site.json())).toEqual(['body.siteId']);

    const asset = (await createAsset({ serialNumber: 'REF-3' })).json();
    const patchSite = await call('PATCH', `/api/v1/assets/${asset.id}`, { siteId: unknown }, { 'if-match': '1' });
    expect(patchSite.statusCode).toBe(422);
    const patchProduct = await call('PATCH', `/api/v1/assets/${asset.id}`, { productId: unknown }, { 'if-match': '1' });
    expect(patchProduct.statusCode).toBe(422);
    expect((await call('GET', `/api/v1/assets/${asset.id}`)).json()).toMatchObject({ siteId: null, productId: null, version: 1 });
  });

  it('puts an asset at one of its customer’s sites, not another customer’s', async () => {
    const site = await call('POST', `/api/v1/customers/${customerId}/sites`, { name: '松江工厂', address: '松江区新桥镇' });
    expect(site.statusCode).toBe(201);
    const placed = await createAsset({ serialNumber: 'SITE-1', siteId: site.json().id });
    expect(placed.statusCode, placed.body).toBe(201);
    expect(placed.json().siteId).toBe(site.json().id);

    const stranger = (await call('POST', '/api/v1/customers', { name: '别的客户', phone: '13900009999' })).json();
    const elsewhere = await call('POST', '/api/v1/assets', { customerId: stranger.id, serialNumber: 'SITE-2', siteId: site.json().id });
    expect(elsewhere.statusCode).toBe(422);
    expect(fieldsOf(elsewhere.json())).toEqual(['body.siteId']);
  });
});

describe('an asset registered during a call', () => {
  it('needs no serial number yet; the serial is added later from the plate and then finds the asset', async () => {
    const created = await createAsset({ productName: '滚筒洗衣机', kind: 'appliance' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ serialNumber: '', productName: '滚筒洗衣机' });
    const later = await call('PATCH', `/api/v1/assets/${created.json().id}`, { serialNumber: 'WM-8812-0042' }, { 'if-match': String(created.json().version) });
    expect(later.statusCode, later.body).toBe(200);
    expect(later.json().serialNumber).toBe('WM-8812-0042');
    const tooLong = await createAsset({ serialNumber: 'X'.repeat(81) });
    expect(tooLong.statusCode).toBe(400);
    expect(fieldsOf(tooLong.json())).toEqual(['body.serialNumber']);
  });

  it('takes the customer’s address in parts (estate, building, unit, room) or as one line', async () => {
    const parts = await call('POST', '/api/v1/customers', {
      name: '业主甲',
      phone: '13812340077',
      address: { province: '广东省', city: '深圳市', district: '南山区', line: '科苑路 15 号', estate: '科兴花园', building: '3', unit: '2', room: '1502' },
    });
    expect(parts.statusCode, parts.body).toBe(201);
    expect(parts.json().addresses[0]).toMatchObject({ province: '广东省', city: '深圳市', district: '南山区', line: '科苑路 15 号', estate: '科兴花园', building: '3', unit: '2', room: '1502' });
    const oneLine = await call('POST', '/api/v1/customers', { name: '业主乙', phone: '13812340078', address: '深圳市南山区科苑路 15 号' });
    expect(oneLine.statusCode).toBe(201);
    expect(oneLine.json().addresses[0]).toMatchObject({ line: '深圳市南山区科苑路 15 号' });
  });
});
