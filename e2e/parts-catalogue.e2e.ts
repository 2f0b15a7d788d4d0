import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { signIn, suite } from './support';

/**
 * C4, E5, A2: the parts administrator keeps the catalogue in Excel. The dry run names the bad
 * row before anything is written; the fixed file imports with its progress; the part is found
 * with its stock, and the vehicle's page shows the parts that fit it with prices and stock.
 */
const CLERK = { username: 'qianku', password: 'Peijian-zongcang-2026' };
let assetId = '';
let warehouseId = '';
let customerId = '';
const s = suite('parts-catalogue-', async ({ api }) => {
  await api('POST', '/api/v1/users', { username: CLERK.username, password: CLERK.password, name: '钱库管', role: 'parts_admin' });
  for (const name of ['制动系统', '滤清器']) await api('POST', '/api/v1/part-categories', { name });
  const product = await api<{ id: string }>('POST', '/api/v1/products', { name: '逸动 1.6L 自动', kind: 'vehicle' });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '钱先生', phone: '13807930001' });
  customerId = customer.id;
  assetId = (await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'LS5A3DKE0JA000123', productId: product.id, kind: 'vehicle', attributes: { plate: '赣E·A1234' } })).id;
  warehouseId = (await api<{ id: string }>('POST', '/api/v1/stock/locations', { name: '配件总仓', kind: 'warehouse' })).id;
});

async function catalogue(rows: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('配件目录');
  sheet.addRow(['配件编号*', '名称*', '分类*', '单位*', '成本价(元)*', '零售价(元)*', '合同价(元)', '可按小数计量', '序列号管理', '已停产', '适用设备类型', '备注']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('the parts catalogue', () => {
  it('C4: the parts administrator imports an Excel catalogue (the dry run shows a bad row, fixed, imported) and finds a part with its stock', async () => {
    const { page, errors } = await s.page({ onFailure: 'parts-catalogue-failed' });
    await signIn(page, CLERK);
    await page.click('.ant-menu-item >> text=配件目录');
    await page.waitForURL('**/parts/catalogue');
    await page.click('button:has-text("从 Excel 导入")');
    await page.waitForSelector('.ant-modal:has-text("从 Excel 导入配件目录")');

    const good = [
      ['BP-0451', '前刹车片', '制动系统', '套', 180, 420, 360, '', '否', '', '', '原厂'],
      ['LX-0101', '机油滤清器', '滤清器', '个', 18, 45, 38, '', '', '', '车辆', ''],
    ];
    await page.setInputFiles('.ant-modal input[type=file]', { name: '配件目录.xlsx', mimeType: XLSX, buffer: await catalogue([...good, ['LX-0102', '空调滤清器', '空调件', '个', 30, '七十五', null]]) });
    await page.waitForSelector('[data-testid=import-errors]');
    const report = await page.textContent('[data-testid=import-report]');
    expect(report).toContain('共 3 行');
    const errorRows = page.locator('[data-testid=import-errors] tbody tr');
    expect(await errorRows.count()).toBe(2);
    expect(await errorRows.nth(0).textContent()).toContain('分类「空调件」不存在');
    expect(await errorRows.nth(1).textContent()).toContain('零售价(元)应为数字，而不是“七十五”');
    expect(await page.isDisabled('.ant-modal button:has-text("开始导入")')).toBe(true);
    await s.shot(page, '01-dry-run-bad-row');

    await page.setInputFiles('.ant-modal input[type=file]', { name: '配件目录-改.xlsx', mimeType: XLSX, buffer: await catalogue([...good, ['LX-0102', '空调滤清器', '滤清器', '个', 30, 75, null]]) });
    await page.waitForFunction(() => document.querySelector('[data-testid=import-report]')?.textContent?.includes('检查通过'));
    await page.click('.ant-modal button:has-text("开始导入")');
    await page.waitForSelector('[data-testid=import-done]');
    expect(await page.textContent('[data-testid=import-done]')).toContain('新增 3');
    await s.shot(page, '02-imported');
    await page.click('[data-testid=import-close]');

    // Stock arrives at the warehouse; the catalogue finds the part and shows it there.
    const parts = await s.api<{ items: { id: string }[] }>('GET', '/api/v1/parts?q=BP-0451');
    await s.api('POST', '/api/v1/stock/receipts', { locationId: warehouseId, lines: [{ partId: parts.items[0]!.id, quantity: 6, unitCostFen: 175_00 }] });
    await page.fill('input[placeholder="搜索编号或名称"]', '刹车');
    await page.press('input[placeholder="搜索编号或名称"]', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('.ant-table-tbody tr.ant-table-row').length === 1);
    expect(await page.textContent('.ant-table-tbody tr.ant-table-row')).toContain('¥420.00');
    await page.click('.ant-table-tbody tr.ant-table-row');
    await page.waitForSelector('.ant-drawer [data-testid=part-available]');
    await page.waitForFunction(() => document.querySelector('.ant-drawer')?.textContent?.includes('配件总仓'));
    expect(await page.textContent('[data-testid=part-available]')).toContain('6 / 6 套');
    await s.shot(page, '03-part-stock');
    expect(errors).toEqual([]);
  });

  it('A2: the vehicle’s page shows the parts that fit it with their prices and stock', async () => {
    const filter = (await s.api<{ items: { id: string }[] }>('GET', '/api/v1/parts?q=LX-0101')).items[0]!;
    await s.api('POST', '/api/v1/stock/receipts', { locationId: warehouseId, lines: [{ partId: filter.id, quantity: 12 }] });
    // E5: this customer has agreed a price for the filter; what they pay is shown beside retail.
    await s.api('PUT', `/api/v1/parts/${filter.id}/contract-prices`, { prices: [{ customerId, priceFen: 36_00 }] });
    const { page, errors } = await s.page({ onFailure: 'parts-catalogue-failed-asset' });
    await signIn(page, CLERK);
    await page.goto(`/assets/${assetId}`);
    await page.waitForSelector('[data-testid=asset-parts] .ant-table-row');
    const row = page.locator('[data-testid=asset-parts] .ant-table-row', { hasText: 'LX-0101' });
    const text = await row.textContent();
    expect(text).toContain('适用此类设备');
    expect(text).toContain('¥45.00');
    expect(text).toContain('¥36.00');
    expect(text).toContain('配件总仓 12个');
    await s.shot(page, '04-asset-parts');
    expect(errors).toEqual([]);
  });

  it('E5: a discontinued part is given its substitute in the catalogue, and the vehicle’s page offers it with its stock', async () => {
    const old = await s.api<{ id: string }>('POST', '/api/v1/parts', { number: 'LX-0100', name: '机油滤清器（旧款）', category: '滤清器', unit: '个', costPriceFen: 15_00, retailPriceFen: 40_00, discontinued: true });
    await s.api('PUT', `/api/v1/parts/${old.id}/fits`, { productIds: [], kinds: ['vehicle'] });
    const { page, errors } = await s.page({ onFailure: 'parts-catalogue-failed-substitute' });
    await signIn(page, CLERK);
    await page.goto(`/parts/catalogue?part=${old.id}`);
    await page.waitForSelector('.ant-drawer [data-testid=substitute-picker]');
    await page.click('.ant-drawer [data-testid=substitute-picker]');
    await page.keyboard.type('LX-0101');
    await page.click('.ant-select-item-option >> text=LX-0101 机油滤清器');
    await page.waitForFunction(() => document.querySelector('.ant-drawer')?.textContent?.includes('12 个'));
    await s.shot(page, '05-substitute');

    await page.goto(`/assets/${assetId}`);
    const row = page.locator('[data-testid=asset-parts] .ant-table-row', { hasText: 'LX-0100' });
    await row.waitFor();
    expect(await row.textContent()).toContain('已停产，替代件： LX-0101 机油滤清器（可用 12个）');
    expect(errors).toEqual([]);
  });
});
