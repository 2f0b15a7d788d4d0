import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';
import { caller, fieldsOf, fileUpload } from '../../test/http';
import { workbook } from './catalogue.test-fixtures';

let h: AppHarness;
beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function upload(token: string, url: string, bytes: Buffer, fileName = 'catalogue.xlsx', headers: Record<string, string> = {}) {
  const { payload, contentType } = fileUpload(bytes, fileName, XLSX);
  return h.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers } });
}

describe('the parts catalogue over HTTP', () => {
  it('A2: the phone number and plate find the vehicle, then its parts with their prices and stock', async () => {
    const clerk = caller(h.app, await h.tokenFor('parts_admin'));
    const agent = caller(h.app, await h.tokenFor('hotline_agent'));
    const admin = caller(h.app, await h.tokenFor('admin'));
    const product = (await admin('POST', '/api/v1/products', { name: '逸动 1.6L 自动', kind: 'vehicle' })).json().id as string;
    const owner = (await admin('POST', '/api/v1/customers', { name: '钱先生', phone: '13807930001', address: { city: '上饶', district: '信州区', line: '带湖路1号' } })).json();
    const vehicle = await admin('POST', '/api/v1/assets', { customerId: owner.id, serialNumber: 'LS5A3DKE0JA000123', productId: product, kind: 'vehicle', attributes: { plate: '赣E·A1234' } });
    expect(vehicle.statusCode, vehicle.body).toBe(201);

    const filter = (await clerk('POST', '/api/v1/parts', { number: 'JL-0101', name: '机油滤清器', category: '保养件', unit: '个', costPriceFen: 18_00, retailPriceFen: 45_00, contractPriceFen: 38_00 })).json();
    const wipers = (await clerk('POST', '/api/v1/parts', { number: 'YG-0201', name: '雨刮片', category: '易损件', unit: '套', costPriceFen: 30_00, retailPriceFen: 88_00 })).json();
    expect((await clerk('PUT', `/api/v1/parts/${filter.id}/fits`, { productIds: [product], kinds: [] })).statusCode).toBe(200);
    expect((await clerk('PUT', `/api/v1/parts/${wipers.id}/fits`, { productIds: [], kinds: ['vehicle'] })).statusCode).toBe(200);
    const store = (await clerk('POST', '/api/v1/stock/locations', { name: '配件库', kind: 'warehouse' })).json().id;
    await clerk('POST', '/api/v1/stock/receipts', { locationId: store, lines: [{ partId: filter.id, quantity: 12 }] });

    // The agent hears the phone number, then the plate: both find the same vehicle.
    const byPhone = (await agent('GET', '/api/v1/customers/lookup?q=13807930001')).json().items[0];
    const byPlate = (await agent('GET', `/api/v1/customers/lookup?q=${encodeURIComponent('赣EA1234')}`)).json().items[0];
    expect(byPhone.id).toBe(owner.id);
    const car = byPlate.assets.find((a: { kind: string }) => a.kind === 'vehicle');
    expect(car.id).toBe(vehicle.json().id);

    const looked = await agent('GET', `/api/v1/assets/${car.id}/parts`);
    expect(looked.statusCode, looked.body).toBe(200);
    expect(looked.json().asset).toMatchObject({ plate: '赣EA1234', productName: '逸动 1.6L 自动' });
    const items = looked.json().items as { number: string }[];
    expect(items.find((p) => p.number === 'JL-0101')).toMatchObject({ retailPriceFen: 45_00, contractPriceFen: 38_00, available: 12, fitsBy: 'product', stock: [{ locationName: '配件库', onHand: 12, available: 12 }] });
    expect(items.find((p) => p.number === 'YG-0201')).toMatchObject({ retailPriceFen: 88_00, available: 0, fitsBy: 'kind', stock: [] });

    expect((await agent('PUT', `/api/v1/parts/${filter.id}/fits`, { productIds: [], kinds: [] })).statusCode).toBe(403);
    expect((await agent('GET', '/api/v1/assets/01a22ac8-0000-7000-8000-000000000000/parts')).statusCode).toBe(404);
  });

  it('E5: the part’s detail shows its substitutes with what is available; a bad list answers per field', async () => {
    const clerk = caller(h.app, await h.tokenFor('parts_admin'));
    const old = (await clerk('POST', '/api/v1/parts', { number: 'V-OLD', name: '电磁阀（停产）', category: '阀门', unit: '个', costPriceFen: 100_00, retailPriceFen: 200_00, discontinued: true })).json();
    const replacement = (await clerk('POST', '/api/v1/parts', { number: 'V-NEW', name: '电磁阀', category: '阀门', unit: '个', costPriceFen: 110_00, retailPriceFen: 210_00, contractPriceFen: 180_00 })).json();
    const saved = await clerk('PUT', `/api/v1/parts/${old.id}/substitutes`, { substituteIds: [replacement.id] });
    expect(saved.statusCode, saved.body).toBe(200);
    const detail = (await clerk('GET', `/api/v1/parts/${old.id}/detail`)).json();
    expect(detail).toMatchObject({ discontinued: true, substitutes: [{ id: replacement.id, rank: 0, contractPriceFen: 180_00, available: 0 }] });

    const self = await clerk('PUT', `/api/v1/parts/${old.id}/substitutes`, { substituteIds: [old.id] }, { headers: { 'accept-language': 'en-US' } });
    expect(self.statusCode).toBe(400);
    expect(self.headers['content-type']).toContain('application/problem+json');
    expect(self.json().errors).toEqual([expect.objectContaining({ field: 'body.substituteIds.0', message: 'A part cannot substitute for itself' })]);
    expect(fieldsOf((await clerk('PUT', `/api/v1/parts/${old.id}/substitutes`, { substituteIds: ['nope'] })).json())).toEqual(['body.substituteIds.0']);
    expect(fieldsOf((await clerk('PUT', `/api/v1/parts/${old.id}/fits`, { productIds: [], kinds: ['rocket'] })).json())).toEqual(['body.kinds.0']);
    expect(fieldsOf((await clerk('PUT', `/api/v1/parts/${old.id}/contract-prices`, { prices: [{ customerId: old.id, priceFen: -1 }] })).json())).toEqual(['body.prices.0.priceFen']);
    expect((await clerk('PUT', '/api/v1/parts/01a22ac8-0000-7000-8000-000000000000/substitutes', { substituteIds: [] })).statusCode).toBe(404);
  });

  it('C4: the template, a dry run with a bad row, the fixed file imported with progress, and the export', async () => {
    const token = await h.tokenFor('parts_admin');
    const clerk = caller(h.app, token);
    await clerk('POST', '/api/v1/part-categories', { name: '滤清器' });

    const template = await clerk('GET', '/api/v1/parts/import-template.xlsx');
    expect(template.statusCode).toBe(200);
    expect(template.headers['content-type']).toBe(XLSX);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(template.rawPayload as unknown as ArrayBuffer);
    expect((book.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 7)).toEqual(['配件编号*', '名称*', '分类*', '单位*', '成本价(元)*', '零售价(元)*']);
    expect(String(book.worksheets[1]!.getRow(4).values)).toContain('滤清器');

    const bad = await workbook([
      ['LX-1', '空气滤清器', '滤清器', '个', 25, 60, null],
      ['LX-2', '空调滤清器', '空调件', '个', 30, 'abc', null],
    ]);
    const check = await upload(token, '/api/v1/parts/import/check', bad);
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toMatchObject({ rows: 2, creates: 1, errors: [{ line: 3, column: 'category', message: '分类「空调件」不存在，请先在系统中添加' }, { line: 3, column: 'retailPrice', code: 'invalid_type', message: '零售价(元)应为数字，而不是“abc”' }] });

    const refused = await upload(token, '/api/v1/parts/import', bad, 'catalogue.xlsx', { 'accept-language': 'en-US' });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(refused.json())).toEqual(['file.3.category', 'file.3.retailPrice']);
    expect((await clerk('GET', '/api/v1/parts?q=LX-')).json().total).toBe(0);

    const fixed = await workbook([
      ['LX-1', '空气滤清器', '滤清器', '个', 25, 60, null],
      ['LX-2', '空调滤清器', '滤清器', '个', 30, 75.5, 70],
    ]);
    const imported = await upload(token, '/api/v1/parts/import', fixed);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.headers['content-type']).toContain('application/x-ndjson');
    const lines = imported.body.trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(lines[0]).toEqual({ type: 'progress', done: 0, total: 2 });
    expect(lines.at(-1)).toMatchObject({ type: 'done', created: 2, updated: 0 });
    expect((await clerk('GET', '/api/v1/parts?q=LX-2')).json().items[0]).toMatchObject({ retailPriceFen: 75_50, contractPriceFen: 70_00, category: '滤清器' });

    // Again, create-only: both numbers exist now and the dry run says so; "update existing" takes them.
    expect((await upload(token, '/api/v1/parts/import/check', fixed)).json().errors.map((e: { code: string }) => e.code)).toEqual(['taken', 'taken']);
    expect((await upload(token, '/api/v1/parts/import/check?mode=update_existing', fixed)).json()).toMatchObject({ creates: 0, updates: 2, errors: [] });

    const exported = await clerk('GET', '/api/v1/parts/export.xlsx');
    expect(exported.statusCode).toBe(200);
    const out = new ExcelJS.Workbook();
    await out.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const numbers = (out.worksheets[0]!.getColumn(1).values as unknown[]).slice(2);
    expect(numbers).toEqual(expect.arrayContaining(['LX-1', 'LX-2']));
  });

  it('checks uploads: not an Excel file, not multipart, no permission', async () => {
    const token = await h.tokenFor('parts_admin');
    const png = await upload(token, '/api/v1/parts/import/check', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'catalogue.xlsx');
    expect(png.statusCode).toBe(415);
    expect(png.json()).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', detail: '请上传 Excel 文件（.xlsx）' });
    const csv = await upload(token, '/api/v1/parts/import', Buffer.from('配件编号,名称\nA,B\n'), 'catalogue.csv');
    expect(csv.statusCode).toBe(415);
    const json = await caller(h.app, token)('POST', '/api/v1/parts/import/check', { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.headers['content-type']).toContain('application/problem+json');
    const mode = await upload(token, '/api/v1/parts/import/check?mode=overwrite', await workbook([]));
    expect(fieldsOf(mode.json())).toEqual(['querystring.mode']);
    expect((await upload(await h.tokenFor('hotline_agent'), '/api/v1/parts/import/check', await workbook([]))).statusCode).toBe(403);
  });

  it('refuses a workbook over the upload limit with 413 and writes nothing', async () => {
    const small = await createAppHarness({ config: { maxUploadBytes: 4_000 } });
    try {
      const token = await small.tokenFor('parts_admin');
      const rows = Array.from({ length: 400 }, (_, i) => [`BIG-${i}`, `配件${i}`, '电气件', '个', 1, 2]);
      const { payload, contentType } = fileUpload(await workbook(rows), 'big.xlsx', XLSX);
      const response = await small.app.inject({ method: 'POST', url: '/api/v1/parts/import', payload, headers: { authorization: `Bearer ${token}`, 'content-type': contentType } });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ code: 'FILE_TOO_LARGE' });
    } finally {
      await small.close();
    }
  });
});
