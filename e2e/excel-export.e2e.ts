import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { settled, signIn, suite } from './support';

/**
 * The tickets page's 导出 Excel: the download is an .xlsx of the list under the page's filters
 * (here a search kept in the address), with the list's columns in Chinese.
 */
const s = suite('excel-export-', async ({ api }) => {
  const owner = await api<{ id: string }>('POST', '/api/v1/customers', { name: '导出测试客户', phone: '13911112222' });
  for (const description of ['厨房水管漏水', '卫生间漏水', '空调不制冷']) {
    await api('POST', '/api/v1/tickets', { customerId: owner.id, channel: 'phone', description });
  }
});

describe('exporting the ticket list', () => {
  it('downloads the filtered list as an .xlsx with its rows', async () => {
    const { page, errors } = await s.page({ onFailure: 'excel-export-failed' });
    await signIn(page);
    await page.goto(`/tickets?q=${encodeURIComponent('漏水')}`);
    await settled(page);
    await page.waitForSelector('text=卫生间漏水');
    await s.shot(page, '01-tickets');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=tickets-export]')]);
    expect(download.suggestedFilename()).toBe('工单.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
    expect(rows[0]!.slice(0, 2)).toEqual(['工单号', '状态']);
    expect(rows.slice(1).map((r) => r[10]).sort()).toEqual(['卫生间漏水', '厨房水管漏水'].sort());
    expect(rows.slice(1).every((r) => r[8] === '导出测试客户')).toBe(true);
    expect(errors).toEqual([]);
  });
});
