import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { signIn, suite } from './support';

/**
 * A stock count (盘点) from sheet to posting: the parts administrator makes the sheet at her
 * desk, counts one shelf on a phone by part number, imports the rest from Excel (a bad sheet is
 * refused with its lines first), reviews the differences and posts them once.
 */
const clerk = { username: 'parts_e2e', password: 'Parts-count-5531' };
const ids: { warehouse: string; filter: string; cable: string; board: string } = { warehouse: '', filter: '', cable: '', board: '' };

const s = suite('stock-count-', async (s) => {
  await s.api('POST', '/api/v1/users', { username: clerk.username, password: clerk.password, name: '赵库管', role: 'parts_admin' });
  const part = (number: string, name: string, unit: string, costPriceFen: number) =>
    s.api<{ id: string }>('POST', '/api/v1/parts', { number, name, category: '空调配件', unit, costPriceFen, retailPriceFen: costPriceFen * 2 });
  ids.filter = (await part('LX-100', '空调滤网', '个', 25_00)).id;
  ids.cable = (await part('DL-2.5', '电源线 2.5平方', '米', 4_50)).id;
  ids.board = (await part('ZB-KFR35', '室内机主板', '块', 260_00)).id;
  ids.warehouse = (await s.api<{ id: string }>('POST', '/api/v1/stock/locations', { name: '深圳中心仓', kind: 'warehouse' })).id;
  await s.api('POST', '/api/v1/stock/receipts', {
    locationId: ids.warehouse,
    lines: [
      { partId: ids.filter, quantity: 40 },
      { partId: ids.cable, quantity: 120.5 },
      { partId: ids.board, quantity: 6 },
    ],
  });
});

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('盘点');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('a stock count', () => {
  it('is made for a location, counted on a phone and from Excel, reviewed and posted once', async () => {
    const { page, errors } = await s.page({ onFailure: 'stock-count-failed' });
    await signIn(page, clerk);
    await page.goto('/stock/counts');
    await page.click('[data-testid=count-location]');
    await page.click('.ant-select-item-option >> text=深圳中心仓');
    await page.click('[data-testid=count-create]');
    await page.waitForURL(/\/stock\/counts\/[0-9a-f-]{36}$/);
    const sheetUrl = new URL(page.url()).pathname;
    await page.waitForSelector('text=已盘 0 / 3 行');
    await s.shot(page, '01-sheet');

    // On a phone: the filters on the shelf, by their part number.
    const phone = await s.page({ phone: true, onFailure: 'stock-count-phone-failed' });
    await signIn(phone.page, clerk);
    await phone.page.goto(sheetUrl);
    await phone.page.fill('[data-testid=count-part-number] input, input[data-testid=count-part-number]', 'LX-100');
    await phone.page.fill('[data-testid=count-quantity] input, input[data-testid=count-quantity]', '38');
    await phone.page.click('[data-testid=count-record]');
    await phone.page.waitForSelector('.ant-message-success >> text=LX-100 已记为 38');
    await s.shot(phone.page, '02-phone-entry');
    expect(phone.errors).toEqual([]);

    // Excel: a sheet with a bad row is refused with its line, then the right one goes in.
    await page.reload();
    await page.setInputFiles('input[type=file]', { name: '盘点-错误.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx([['配件编号', '实盘数量'], ['DL-2.5', '一百'], ['XX-999', 3]]) });
    await page.waitForSelector('[data-testid=count-import-problems]');
    await page.waitForSelector('text=第 2 行');
    await page.waitForSelector('text=XX-999：没有这个配件');
    await s.shot(page, '03-import-refused');
    await page.setInputFiles('input[type=file]', { name: '盘点.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: await xlsx([['配件编号', '实盘数量'], ['DL-2.5', 118], ['ZB-KFR35', 6]]) });
    await page.waitForSelector('text=共 2 行，全部可以导入');
    await page.click('[data-testid=count-import-confirm]');
    await page.waitForSelector('.ant-message-success >> text=已导入 2 行');
    await page.waitForSelector('text=已盘 3 / 3 行');

    // Review: the differences only, with their value at cost.
    await page.click('[data-testid=count-show] >> text=有差异');
    await page.waitForSelector('td >> text=-2.5');
    await expect.poll(() => page.locator('[data-testid=count-differences]').textContent()).toBe('2');
    await s.shot(page, '04-differences');

    await page.click('[data-testid=count-post]');
    await page.click('.ant-popconfirm .ant-btn-primary');
    await page.waitForSelector('.ant-message-success >> text=已过账：调整 2 行');
    await page.waitForSelector('.ant-tag >> text=已过账');
    await page.waitForSelector('[data-testid=count-posted-at]');
    expect(await page.locator('[data-testid=count-post]').count()).toBe(0);
    await s.shot(page, '05-posted');

    const stock = await s.api<{ items: { partId: string; onHand: number }[] }>('GET', `/api/v1/stock?locationId=${ids.warehouse}`);
    expect(Object.fromEntries(stock.items.map((i) => [i.partId, i.onHand]))).toEqual({ [ids.filter]: 38, [ids.cable]: 118, [ids.board]: 6 });
    const countId = sheetUrl.split('/').pop()!;
    const again = await s.api<{ code: string }>('POST', `/api/v1/stock/counts/${countId}/post`).catch((e: unknown) => e as Error);
    expect(String(again)).toContain('409');
    expect(errors).toEqual([]);
  });

  it('C4: the planning page lists what is below its reorder point, with an export', async () => {
    await s.api('PUT', '/api/v1/stock/reorder-rules', { partId: ids.board, locationId: ids.warehouse, reorderPoint: 10, reorderQuantity: 5 });
    const { page, errors } = await s.page({ onFailure: 'stock-planning-failed' });
    await signIn(page, clerk);
    await page.goto('/stock/planning');
    await page.waitForSelector('td >> text=ZB-KFR35');
    await page.waitForSelector('text=建议采购金额合计');
    await s.shot(page, '06-planning');
    expect(await page.locator('a[href^="/api/v1/stock/purchase-suggestions.xlsx"]').count()).toBe(1);
    await page.click('.ant-tabs-tab >> text=需求预测与预算');
    await page.waitForSelector('text=方法：季节性移动平均');
    await s.shot(page, '07-forecast');
    expect(errors).toEqual([]);
  });
});
