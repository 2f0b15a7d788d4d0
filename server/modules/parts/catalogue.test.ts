import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness';
import { asset, customer } from '../../test/fixtures';
import { refusal } from '../../test/http';
import { location, part, stock } from './parts.test-fixtures';
import { IMPORT_MAX_ROWS } from './catalogue-import';
import { workbook } from './catalogue.test-fixtures';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('the catalogue: substitutes, fits, the asset lookup and the Excel import', () => {
  it('E5: a discontinued part names its substitutes, best first, and shows their availability', async () => {
    h = await createHarness();
    const old = await part(h, { number: 'PUMP-OLD', name: '循环泵（旧款）', category: '泵阀', discontinued: true, contractPriceFen: 800_00 });
    const best = await part(h, { number: 'PUMP-NEW', name: '循环泵', category: '泵阀', contractPriceFen: 850_00 });
    const second = await part(h, { number: 'PUMP-ALT', name: '循环泵（兼容）', category: '泵阀' });
    const depot = await location(h, '现场备件库', 'depot');
    await stock(h, depot.id, [{ partId: best.id, quantity: 2 }]);

    const detail = await h.services.parts.replaceSubstitutes(h.admin, old.id, { substituteIds: [best.id, second.id] });
    expect(detail.substitutes).toEqual([
      expect.objectContaining({ id: best.id, rank: 0, available: 2, contractPriceFen: 850_00 }),
      expect.objectContaining({ id: second.id, rank: 1, available: 0 }),
    ]);
    expect((await h.services.parts.getPartDetail(h.admin, best.id)).substituteFor).toEqual([expect.objectContaining({ id: old.id, discontinued: true })]);

    // Reordering replaces the list; a part never substitutes for itself; an unknown part is refused.
    expect((await h.services.parts.replaceSubstitutes(h.admin, old.id, { substituteIds: [second.id, best.id] })).substitutes.map((s) => s.id)).toEqual([second.id, best.id]);
    expect(await refusal(h.services.parts.replaceSubstitutes(h.admin, old.id, { substituteIds: [old.id] }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.substituteIds.0'] });
    expect(await refusal(h.services.parts.replaceSubstitutes(h.admin, old.id, { substituteIds: [best.id, best.id] }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.substituteIds.1'] });
    expect(await refusal(h.services.parts.replaceSubstitutes(h.admin, old.id, { substituteIds: ['01a22ac8-0000-7000-8000-000000000000'] }))).toEqual({
      code: 'INVALID_REFERENCE',
      fields: ['body.substituteIds.0'],
    });
  });

  it('A2: an asset shows the parts that fit its product or its kind, with retail, contract and the customer’s own price, and stock per location', async () => {
    h = await createHarness();
    const car = await h.services.assets.createProduct(h.admin, { name: '逸动 1.6L', kind: 'vehicle' });
    const other = await h.services.assets.createProduct(h.admin, { name: 'CS75', kind: 'vehicle' });
    const owner = await customer(h, { name: '赵先生' });
    const vehicle = await asset(h, owner.id, { kind: 'vehicle', productId: car.id, attributes: { plate: '赣E·12345' } });
    const pads = await part(h, { number: 'BP-01', name: '前刹车片', category: '制动系统', retailPriceFen: 420_00, contractPriceFen: 360_00 });
    const oil = await part(h, { number: 'OIL-5W30', name: '机油 5W-30', category: '油品', unit: '升', retailPriceFen: 80_00 });
    const elsewhere = await part(h, { number: 'BP-75', name: 'CS75 刹车片', category: '制动系统' });
    await h.services.parts.replaceFits(h.admin, pads.id, { productIds: [car.id], kinds: [] });
    await h.services.parts.replaceFits(h.admin, oil.id, { productIds: [], kinds: ['vehicle'] });
    await h.services.parts.replaceFits(h.admin, elsewhere.id, { productIds: [other.id], kinds: [] });
    await h.services.parts.replaceContractPrices(h.admin, pads.id, { prices: [{ customerId: owner.id, priceFen: 330_00 }] });
    const warehouse = await location(h, '总仓');
    const van = await location(h, '一号车', 'van');
    await stock(h, warehouse.id, [{ partId: pads.id, quantity: 4 }, { partId: oil.id, quantity: 20.5 }]);
    await stock(h, van.id, [{ partId: pads.id, quantity: 1 }]);

    const found = await h.services.parts.partsForAsset(h.admin, vehicle.id);
    expect(found.asset).toMatchObject({ id: vehicle.id, kind: 'vehicle', productId: car.id });
    expect(found.items.map((p) => p.number).sort()).toEqual(['BP-01', 'OIL-5W30']);
    const padsRow = found.items.find((p) => p.id === pads.id)!;
    expect(padsRow).toMatchObject({ fitsBy: 'product', retailPriceFen: 420_00, contractPriceFen: 360_00, customerContractPriceFen: 330_00, available: 5 });
    expect(padsRow.stock).toEqual([
      expect.objectContaining({ locationId: van.id, onHand: 1, available: 1 }),
      expect.objectContaining({ locationId: warehouse.id, onHand: 4, available: 4 }),
    ]);
    expect(found.items.find((p) => p.id === oil.id)).toMatchObject({ fitsBy: 'kind', customerContractPriceFen: null, stock: [expect.objectContaining({ available: 20.5 })] });
    expect(found.items.some((p) => p.id === elsewhere.id)).toBe(false);
    // E5: a customer with no agreed price has no contract, and pays retail (null), as on the ticket.
    const walkIn = await asset(h, (await customer(h, { name: '钱女士' })).id, { kind: 'vehicle', productId: car.id, attributes: { plate: '赣E·54321' } });
    expect((await h.services.parts.partsForAsset(h.admin, walkIn.id)).items.find((p) => p.id === pads.id)).toMatchObject({ contractPriceFen: 360_00, customerContractPriceFen: null });
    expect((await h.services.parts.getPartDetail(h.admin, pads.id)).fits).toEqual({ products: [{ id: car.id, name: '逸动 1.6L' }], kinds: [] });
    expect(await refusal(h.services.parts.replaceFits(h.admin, pads.id, { productIds: ['01a22ac8-0000-7000-8000-000000000000'], kinds: [] }))).toEqual({
      code: 'INVALID_REFERENCE',
      fields: ['body.productIds.0'],
    });
  });

  it('C4: the dry run lists every bad row with its line and reason, and writes nothing', async () => {
    h = await createHarness();
    await h.services.parts.createCategory(h.admin, '制动系统');
    await h.services.parts.createCategory(h.admin, '电气件');
    await part(h, { number: 'EXIST-1', category: '电气件' });
    const bytes = await workbook([
      ['BP-1', '刹车片', '制动系统', '套', 180, 420, 360, '', '否', '', '车辆', ''],
      ['BP-1', '刹车片（重复）', '制动系统', '套', 180, 420, null, '', '', '', '', ''],
      ['BP-2', '刹车盘', '悬挂', '个', 200, 500, null, '', '', '', '', ''],
      ['BP-3', '刹车油', '制动系统', '升', -5, 40, null, '', '', '', '', ''],
      ['BP-4', '传感器', '制动系统', '个', '十二元', 40, null, '', '', '', '', ''],
      ['', '无编号', '制动系统', '个', 1, 2, null, '', '', '', '', ''],
      ['BP-5', '电缆', '电气件', '米', 1, 2, null, '是', '是', '', '', ''],
      ['BP-6', '开关', '电气件', '个', 1.234, 2, null, '', '也许', '', '飞机', ''],
      ['EXIST-1', '压缩机电容', '电气件', '个', 12, 30, null, '', '', '', '', ''],
      ['BP-7', '滤芯', '电气件', '个', '12.50', '¥30', null, '', '', '', '', ''],
    ]);
    const plan = await h.services.parts.planImport(h.admin, bytes, 'create_only');
    const problems = plan.problems.map((p) => `${p.line}:${p.column}:${p.code}`);
    expect(problems).toEqual([
      '3:number:duplicate',
      '4:category:not_found',
      '5:costPrice:too_small',
      '6:costPrice:invalid_type',
      '7:number:required',
      '8:divisible:invalid',
      '9:costPrice:invalid_format',
      '9:serialTracked:invalid_value',
      '9:fitsKinds:invalid_value',
      '10:number:taken',
    ]);
    expect(plan.problems[0]!.params).toMatchObject({ value: 'BP-1', other: 2 });
    expect(plan).toMatchObject({ rowCount: 10, creates: 2, updates: 0 });
    expect(await refusal(h.services.parts.runImport(h.admin, plan))).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await h.services.parts.listParts(h.admin, { page: 1, pageSize: 50 })).total).toBe(1);

    // With "update existing" the known number is an update, not a problem.
    const update = await h.services.parts.planImport(h.admin, await workbook([['EXIST-1', '压缩机电容 35μF', '电气件', '个', 13, 32, null, '', '', '', '', '']]), 'update_existing');
    expect(update).toMatchObject({ problems: [], creates: 0, updates: 1 });
  });

  it('C4: a clean file imports in one transaction with progress; "update existing" keeps the part, its stock and its links', async () => {
    h = await createHarness();
    await h.services.parts.createCategory(h.admin, '制动系统');
    await h.services.parts.createCategory(h.admin, '油品');
    const existing = await part(h, { number: 'BP-1', category: '制动系统', retailPriceFen: 100_00 });
    const warehouse = await location(h, '总仓');
    await stock(h, warehouse.id, [{ partId: existing.id, quantity: 3 }]);
    const rows = [
      ['BP-1', '前刹车片', '制动系统', '套', 180, 420.5, 360, '', '', '', '车辆', '原厂'],
      ...Array.from({ length: 2_400 }, (_, i) => [`OIL-${String(i).padStart(5, '0')}`, `机油 ${i}`, '油品', '升', 20, 45.8, null, '', '否', i % 10 === 0 ? '是' : '', '', '']),
    ];
    const plan = await h.services.parts.planImport(h.admin, await workbook(rows), 'update_existing');
    expect(plan).toMatchObject({ problems: [], creates: 2_400, updates: 1 });
    const seen: number[] = [];
    const result = await h.services.parts.runImport(h.admin, plan, (done) => seen.push(done));
    expect(result).toMatchObject({ created: 2_400, updated: 1 });
    expect(seen).toEqual([0, 1_000, 2_000, 2_401]);

    const updated = await h.services.parts.getPartDetail(h.admin, existing.id);
    expect(updated).toMatchObject({ name: '前刹车片', retailPriceFen: 420_50, contractPriceFen: 360_00, onHand: 3, note: '原厂', version: existing.version + 1 });
    expect(updated.fits.kinds).toEqual(['vehicle']);
    const oil = (await h.services.parts.listParts(h.admin, { q: 'OIL-00010', page: 1, pageSize: 5 })).items[0]!;
    expect(oil).toMatchObject({ unit: '升', divisible: true, retailPriceFen: 45_80, discontinued: true });
    expect((await h.services.parts.listParts(h.admin, { page: 1, pageSize: 1 })).total).toBe(2_401);

    // The export holds every part with its category, prices and stock total, and imports again unchanged.
    const exported = await h.services.parts.exportCatalogue(h.admin, 'zh-CN', {});
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(exported as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.actualRowCount).toBe(2_402);
    expect(sheet.getRow(2).values).toEqual([undefined, 'BP-1', '前刹车片', '制动系统', '套', 180, 420.5, 360, '否', '否', '否', '车辆', '原厂', 3]);
    const again = await h.services.parts.planImport(h.admin, exported, 'update_existing');
    expect(again).toMatchObject({ problems: [], creates: 0, updates: 2_401 });
  });

  it('refuses a file that is not a catalogue: missing required columns, no rows, too many rows', async () => {
    h = await createHarness();
    expect(await refusal(h.services.parts.planImport(h.admin, await workbook([['A', 'b']], ['配件编号', '名称']), 'create_only'))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.file'] });
    expect(await refusal(h.services.parts.planImport(h.admin, await workbook([]), 'create_only'))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.file'] });
    expect(await refusal(h.services.parts.planImport(h.admin, Buffer.from('PK\u0003\u0004 not really a zip'), 'create_only'))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.file'] });
    expect(IMPORT_MAX_ROWS).toBeGreaterThanOrEqual(20_000);
  });
});
