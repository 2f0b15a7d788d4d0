import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../db/client';
import { createAppHarness, createHarness, fixedClock, type Harness } from '../../test/harness';
import { caller, codeOf, fileUpload, refusal } from '../../test/http';
import { readCountSheet } from './count-sheet';
import { WORKBOOK_MAX_BYTES } from './catalogue-import';
import { balanceOf, location, part, stock } from './parts.test-fixtures';

let h: Harness;
afterEach(async () => {
  const closing = h;
  h = undefined as unknown as Harness;
  await closing?.close();
});

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('盘点');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const lines = async (id: string, show: 'all' | 'uncounted' | 'differences' = 'all') => (await h.services.parts.getCount(h.admin, id, { show, page: 1, pageSize: 500 })).items;

describe('stock counts (盘点)', () => {
  it('two counts of one location that count the same part, posted one after the other, correct the stock once', async () => {
    const clock = fixedClock('2026-11-27T02:00:00Z');
    h = await createHarness({ clock });
    const filter = await part(h, { number: 'F-2', name: '滤芯' });
    const warehouse = await location(h, '中心仓库');
    await stock(h, warehouse.id, [{ partId: filter.id, quantity: 7 }]);
    const morning = await h.services.parts.createCount(h.admin, { locationId: warehouse.id });
    const evening = await h.services.parts.createCount(h.admin, { locationId: warehouse.id });
    clock.advance(60_000);
    await h.services.parts.enterCount(h.admin, evening.id, { partId: filter.id, counted: 5 });
    clock.advance(60_000);
    await h.services.parts.enterCount(h.admin, morning.id, { partId: filter.id, counted: 5 });
    clock.advance(60_000);
    expect((await h.services.parts.postCount(h.admin, morning.id)).adjusted).toBe(1);
    clock.advance(60_000);
    // The shelf held 5 both times: the second count finds the ledger already right.
    expect((await h.services.parts.postCount(h.admin, evening.id)).adjusted).toBe(0);
    expect(await balanceOf(h, filter.id, warehouse.id)).toMatchObject({ onHand: 5 });
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('C4: a count sheet expects the balances, takes counts from a phone and from Excel, and posts its differences once', async () => {
    h = await createHarness();
    const filter = await part(h, { number: 'F-1', name: '滤芯' });
    const cable = await part(h, { number: 'CAB-1', name: '电缆', unit: '米' });
    const board = await part(h, { number: 'PCB-1', name: '主板' });
    const found = await part(h, { number: 'NEW-1', name: '账外配件' });
    const warehouse = await location(h, '中心仓库');
    await stock(h, warehouse.id, [
      { partId: filter.id, quantity: 10 },
      { partId: cable.id, quantity: 50.5 },
      { partId: board.id, quantity: 3 },
    ]);
    const count = await h.services.parts.createCount(h.admin, { locationId: warehouse.id, note: '月末盘点' });
    expect(count).toMatchObject({ status: 'open', lines: 3, counted: 0, differences: 0 });
    expect(count.number).toMatch(/^PD-\d{8}-\d{4}$/);
    expect((await lines(count.id)).map((l) => [l.partNumber, l.expected, l.counted])).toEqual([
      ['CAB-1', 50.5, null],
      ['F-1', 10, null],
      ['PCB-1', 3, null],
    ]);

    // A phone: one line at a time, by scanned part number.
    h.clock.advance(60_000);
    expect(await h.services.parts.enterCount(h.admin, count.id, { partNumber: 'F-1', counted: 8 })).toMatchObject({ expected: 10, counted: 8, difference: -2 });
    expect(await refusal(h.services.parts.enterCount(h.admin, count.id, { partNumber: 'F-1', counted: 8.5 }))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.counted'] });
    expect(await codeOf(h.services.parts.enterCount(h.admin, count.id, { partNumber: 'NOPE', counted: 1 }))).toBe('INVALID_REFERENCE');

    // Excel: bad rows are listed with their line and reason, and then nothing is written.
    const bad = await xlsx([
      ['配件编号', '实盘数量'],
      ['CAB-1', 49.25],
      ['PCB-1', '三'],
      ['XX-9', 1],
      ['F-1', -1],
      ['CAB-1', 1],
      ['PCB-1', 2.5],
    ]);
    const dry = await h.services.parts.importCounts(h.admin, count.id, bad, true);
    expect(dry.problems.map((p) => [p.line, p.message])).toEqual([
      [3, 'parts.counts.import.notANumber'],
      [4, 'parts.counts.import.unknownPart'],
      [5, 'parts.counts.import.negative'],
      [6, 'parts.counts.import.duplicate'],
      [7, 'parts.counts.import.wholeUnit'],
    ]);
    expect(dry.applied).toBe(0);
    const refused = (await h.services.parts.importCounts(h.admin, count.id, bad, false).catch((e: unknown) => e)) as { code: string; extensions: { problems: unknown[] } };
    expect(refused).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.extensions.problems).toHaveLength(5);
    expect((await lines(count.id)).find((l) => l.partNumber === 'CAB-1')!.counted).toBeNull();

    const good = await xlsx([
      ['配件编号', '名称', '实盘数量'],
      ['CAB-1', '电缆', 49.25],
      ['PCB-1', '主板', 3],
      ['NEW-1', '账外配件', 2],
    ]);
    expect(await h.services.parts.importCounts(h.admin, count.id, good, false)).toMatchObject({ applied: 3, problems: [] });
    const review = await h.services.parts.getCount(h.admin, count.id, { show: 'differences', page: 1, pageSize: 50 });
    expect(review.items.map((l) => [l.partNumber, l.difference])).toEqual([
      ['CAB-1', -1.25],
      ['F-1', -2],
      ['NEW-1', 2],
    ]);
    expect(review).toMatchObject({ lines: 4, counted: 4, differences: 3, differenceValueFen: Math.round((-1.25 - 2 + 2) * 12_00) });

    const posted = await h.services.parts.postCount(h.admin, count.id);
    expect(posted).toMatchObject({ adjusted: 3, uncounted: 0 });
    expect(await balanceOf(h, filter.id, warehouse.id)).toMatchObject({ onHand: 8 });
    expect(await balanceOf(h, cable.id, warehouse.id)).toMatchObject({ onHand: 49.25 });
    expect(await balanceOf(h, found.id, warehouse.id)).toMatchObject({ onHand: 2 });
    const ledger = (await h.services.parts.listLedger(h.admin, { documentId: count.id, page: 1, pageSize: 50 })).items;
    expect(ledger.map((l) => [l.kind, l.partNumber, l.onHandDelta, l.reason]).sort()).toEqual([
      ['adjust', 'CAB-1', -1.25, count.number],
      ['adjust', 'F-1', -2, count.number],
      ['adjust', 'NEW-1', 2, count.number],
    ]);
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);

    expect(await codeOf(h.services.parts.postCount(h.admin, count.id))).toBe('ALREADY_POSTED');
    expect(await codeOf(h.services.parts.enterCount(h.admin, count.id, { partNumber: 'F-1', counted: 1 }))).toBe('ALREADY_POSTED');
    expect(await balanceOf(h, filter.id, warehouse.id)).toMatchObject({ onHand: 8 });
  });

  it('C4: stock that moves while people count is accounted for: a line is compared with the ledger when it was counted', async () => {
    h = await createHarness();
    const p = await part(h, { number: 'M-1' });
    const q = await part(h, { number: 'M-2' });
    const warehouse = await location(h, '中心仓库');
    const van = await location(h, '车辆一', 'van');
    await stock(h, warehouse.id, [
      { partId: p.id, quantity: 10 },
      { partId: q.id, quantity: 10 },
    ]);
    const count = await h.services.parts.createCount(h.admin, { locationId: warehouse.id });
    // Before M-1 is counted, 3 leave: the shelf then holds 7, and the counter finds 7.
    h.clock.advance(60_000);
    await h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: p.id, quantity: 3 }] });
    h.clock.advance(60_000);
    await h.services.parts.enterCount(h.admin, count.id, { partId: p.id, counted: 7 });
    await h.services.parts.enterCount(h.admin, count.id, { partId: q.id, counted: 9 });
    // After counting, 2 of M-2 leave: the count (one missing) and the issue both stand.
    h.clock.advance(60_000);
    await h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: q.id, quantity: 2 }] });
    h.clock.advance(60_000);
    const posted = await h.services.parts.postCount(h.admin, count.id);
    expect(posted.adjusted).toBe(1);
    expect(await balanceOf(h, p.id, warehouse.id)).toMatchObject({ onHand: 7 });
    expect(await balanceOf(h, q.id, warehouse.id)).toMatchObject({ onHand: 7 });
    expect((await lines(count.id)).map((l) => [l.partNumber, l.expected, l.counted])).toEqual([
      ['M-1', 7, 7],
      ['M-2', 10, 9],
    ]);
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('a count that would take reserved or missing stock is refused whole; serial-tracked differences are refused', async () => {
    h = await createHarness();
    const p = await part(h, { number: 'S-1' });
    const board = await part(h, { number: 'SN-P', serialTracked: true });
    const warehouse = await location(h, '中心仓库');
    await stock(h, warehouse.id, [
      { partId: p.id, quantity: 5 },
      { partId: board.id, quantity: 2, serials: ['A', 'B'] },
    ]);
    const count = await h.services.parts.createCount(h.admin, { locationId: warehouse.id });
    await h.services.parts.enterCount(h.admin, count.id, { partId: board.id, counted: 1 });
    await h.services.parts.enterCount(h.admin, count.id, { partId: p.id, counted: 4 });
    expect(await refusal(h.services.parts.postCount(h.admin, count.id))).toEqual({ code: 'VALIDATION_FAILED', fields: ['lines'] });
    await h.services.parts.enterCount(h.admin, count.id, { partId: board.id, counted: 2 });
    expect((await h.services.parts.postCount(h.admin, count.id)).adjusted).toBe(1);
    expect(await balanceOf(h, p.id, warehouse.id)).toMatchObject({ onHand: 4 });
    expect(await balanceOf(h, board.id, warehouse.id)).toMatchObject({ onHand: 2, serials: ['A', 'B'] });
  });

  it('C4: over HTTP a count is made, imported from Excel (bad rows listed first), posted once, and a technician may not post it', async () => {
    const app = await createAppHarness();
    h = app;
    const clerk = caller(app.app, await app.tokenFor('parts_admin'));
    const tech = caller(app.app, await app.tokenFor('technician'));
    const partId = (await clerk('POST', '/api/v1/parts', { number: 'H-1', name: '滤芯', category: '耗材', unit: '个', costPriceFen: 10_00, retailPriceFen: 20_00 })).json().id as string;
    const locationId = (await clerk('POST', '/api/v1/stock/locations', { name: '总仓', kind: 'warehouse' })).json().id as string;
    await clerk('POST', '/api/v1/stock/receipts', { locationId, lines: [{ partId, quantity: 5 }] });
    const made = await clerk('POST', '/api/v1/stock/counts', { locationId });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as string;
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const upload = async (rows: (string | number)[][], dryRun: boolean) => {
      const body = fileUpload(await xlsx(rows), '盘点.xlsx', XLSX);
      return clerk('POST', `/api/v1/stock/counts/${id}/import?dryRun=${dryRun}`, body.payload, { headers: { 'content-type': body.contentType } });
    };
    const dry = await upload([['配件编号', '实盘数量'], ['H-1', 'x']], true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().problems).toEqual([expect.objectContaining({ line: 2, message: 'parts.counts.import.notANumber' })]);
    const refused = await upload([['配件编号', '实盘数量'], ['H-1', 'x']], false);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'file.line.2' }] });
    expect((await clerk('POST', `/api/v1/stock/counts/${id}/import`, { not: 'a file' })).statusCode).toBe(415);
    // The sheet is checked by its bytes and its size like the catalogue's: a PDF named .xlsx, or too large, is refused.
    const pdf = fileUpload(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), '盘点.xlsx', XLSX);
    const notExcel = await clerk('POST', `/api/v1/stock/counts/${id}/import`, pdf.payload, { headers: { 'content-type': pdf.contentType } });
    expect(notExcel.statusCode, notExcel.body).toBe(415);
    expect(notExcel.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    const big = fileUpload(Buffer.concat([await xlsx([['配件编号', '实盘数量']]), Buffer.alloc(WORKBOOK_MAX_BYTES)]), '盘点.xlsx', XLSX);
    const tooLarge = await clerk('POST', `/api/v1/stock/counts/${id}/import`, big.payload, { headers: { 'content-type': big.contentType } });
    expect(tooLarge.statusCode, tooLarge.body).toBe(413);
    expect((await upload([['配件编号', '实盘数量'], ['H-1', 4]], false)).json()).toMatchObject({ applied: 1 });
    const sheet = await clerk('GET', `/api/v1/stock/counts/${id}/sheet.xlsx`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await tech('POST', `/api/v1/stock/counts/${id}/post`)).statusCode).toBe(403);
    const posted = await clerk('POST', `/api/v1/stock/counts/${id}/post`);
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toMatchObject({ adjusted: 1, differenceValueFen: -10_00 });
    const again = await clerk('POST', `/api/v1/stock/counts/${id}/post`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_POSTED');
    expect((await clerk('PUT', `/api/v1/stock/counts/${id}/lines`, { partNumber: 'H-1', counted: 1 })).statusCode).toBe(409);
  });

  it('a count posted while issues of the same parts run waits for them or they for it: no deadlock, both stand, the ledger still sums', async () => {
    h = await createHarness();
    const warehouse = await location(h, '中心仓库');
    const vans = await Promise.all(Array.from({ length: 3 }, (_, i) => location(h, `车辆${i}`, 'van')));
    const parts = await Promise.all(Array.from({ length: 8 }, (_, i) => part(h, { number: `RACE-${i}` })));
    await stock(h, warehouse.id, parts.map((p) => ({ partId: p.id, quantity: 5 })));
    const count = await h.services.parts.createCount(h.admin, { locationId: warehouse.id });
    for (const p of parts) await h.services.parts.enterCount(h.admin, count.id, { partId: p.id, counted: 3 });
    h.clock.advance(1_000);
    // Issues list their parts in the opposite order to the count's: the ledger's lock order keeps them apart.
    const reversed = [...parts].reverse();
    const results = await Promise.allSettled([
      h.services.parts.postCount(h.admin, count.id),
      ...vans.map((van) => h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: reversed.slice(0, 4).map((p) => ({ partId: p.id, quantity: 1 })) })),
    ]);
    // 5 on hand, 3 counted (2 missing), 3 issued after the count: whichever goes first, all fit.
    expect(results.map((r) => (r.status === 'rejected' ? String((r.reason as { code?: string }).code ?? r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok']);
    for (const p of parts) expect((await balanceOf(h, p.id, warehouse.id)).onHand).toBe(reversed.indexOf(p) < 4 ? 0 : 3);
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('reads a sheet as people fill it: headings anywhere in the first row, or none at all', () => {
    expect(readCountSheet([['名称', '配件编号', '账面数量', '实盘数量'], ['滤芯', 'F-1', 3, 2]]).rows).toEqual([{ line: 2, number: 'F-1', counted: 2 }]);
    expect(readCountSheet([['F-1', 2], ['F-2', '3']]).rows).toEqual([
      { line: 1, number: 'F-1', counted: 2 },
      { line: 2, number: 'F-2', counted: 3 },
    ]);
    expect(readCountSheet([['编号', '数'], ['F-1', { result: 4 }], [null, null], ['F-2', null]])).toEqual({
      rows: [{ line: 2, number: 'F-1', counted: 4 }],
      problems: [{ line: 4, message: 'parts.counts.import.noCount', params: { number: 'F-2' } }],
    });
  });

  it('C4: a count of 20,000 lines posts in under 30 s, set-wise, and the ledger still sums to the balances', async () => {
    h = await createHarness();
    const warehouse = await location(h, '中心仓库');
    const seedPart = await part(h, { number: 'SEED-0' });
    const db = h.database.db;
    // The catalogue and its stock, made in three statements (the import and receipts are measured elsewhere).
    await queryRows(
      db,
      sql`insert into parts (org_id, id, number, name, category_id, unit, cost_price_fen, retail_price_fen)
          select ${h.orgId}, gen_random_uuid(), 'BULK-' || lpad(i::text, 5, '0'), '批量配件' || i, ${seedPart.categoryId}, '个', 100, 200
          from generate_series(1, 20000) as i`,
    );
    await queryRows(
      db,
      sql`insert into stock_moves (org_id, id, move_id, kind, part_id, location_id, on_hand_delta, actor_id, at)
          select org_id, gen_random_uuid(), ${seedPart.id}, 'receipt', id, ${warehouse.id}, 10, ${h.admin.userId}, now() - interval '1 day'
          from parts where org_id = ${h.orgId} and number like 'BULK-%'`,
    );
    await queryRows(
      db,
      sql`insert into stock_balances (org_id, part_id, location_id, on_hand, last_moved_at)
          select org_id, id, ${warehouse.id}, 10, now() from parts where org_id = ${h.orgId} and number like 'BULK-%'`,
    );
    let mark = performance.now();
    const lap = (what: string) => {
      console.log(`${what}: ${((performance.now() - mark) / 1000).toFixed(2)} s`);
      mark = performance.now();
    };
    const count = await h.services.parts.createCount(h.admin, { locationId: warehouse.id });
    expect(count.lines).toBe(20_000);
    lap('sheet made');
    const rows: (string | number)[][] = [['配件编号', '实盘数量']];
    for (let i = 1; i <= 20_000; i++) rows.push([`BULK-${String(i).padStart(5, '0')}`, i % 2 ? 9 : 11]);
    h.clock.set(new Date(Date.now() + 60_000).toISOString());
    const file = await xlsx(rows);
    lap('sheet written');
    expect((await h.services.parts.importCounts(h.admin, count.id, file, false)).applied).toBe(20_000);
    lap('sheet imported');

    const started = performance.now();
    const posted = await h.services.parts.postCount(h.admin, count.id);
    const seconds = (performance.now() - started) / 1000;
    expect(posted.adjusted).toBe(20_000);
    expect(posted.differenceValueFen).toBe(0);
    expect(seconds).toBeLessThan(30);
    console.log(`20,000-line count posted in ${seconds.toFixed(2)} s (${h.database.engine})`);
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  }, 240_000);
});
