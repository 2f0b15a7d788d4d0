import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makePng } from '../server/png';
import { settled, signIn, suite, type AdminApi } from './support';

let ticketId: string;
const ARRIVAL = makePng(32, 24, [90, 120, 200]);

const s = suite('rma-', async ({ api }) => {
  await api('POST', '/api/v1/users', { username: 'wangshifu', password: 'tech-password', name: '王师傅', role: 'technician', grade: 'senior' });
  const product = await api<{ id: string }>('POST', '/api/v1/products', { name: '扫地机器人 R7', warrantyMonths: 12, warrantyBasis: 'purchase' });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '陈女士', phone: '13911112222' });
  const machine = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'R7-2026-0412', productId: product.id });
  const ticket = await api<{ id: string }>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: machine.id, channel: 'phone', type: 'rma', description: '寄修：扫地机器人无法回充' });
  ticketId = ticket.id;
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

/** Opens an antd Select by its test id and picks the option holding `text`. */
async function choose(page: Page, testId: string, text: string) {
  const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
  await page.click(`[data-testid=${testId}]`);
  await page.waitForSelector(open);
  await page.locator(`${open} .ant-select-item-option:visible`, { hasText: text }).last().click();
  await page.waitForFunction((selector) => !document.querySelector(selector), open);
}

const stage = (page: Page) => page.locator('[data-testid=rma-stage]').innerText();
const ok = async (page: Page) => {
  await page.click('[data-testid=rma-dialog-ok]');
  await page.waitForSelector('.ant-modal-wrap', { state: 'hidden' });
  await settled(page);
};

describe('mail-in repair in the browser (C3)', () => {
  it('C3: an in-warranty RMA: registered, received with a photo, warranty decided from the proof of purchase, repaired, QC, shipped back with tracking', async () => {
    const { page, errors } = await s.page({ onFailure: 'rma-failed' });
    await signIn(page);
    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=rma-panel]');
    expect(await stage(page)).toBe('已登记');
    await shot(page, '01-registered');

    // The unit arrives: a photo first, then the receipt with carrier, tracking, condition and accessories.
    await page.setInputFiles('[data-testid=rma-panel] input[type=file]', { name: '到货外观.png', mimeType: 'image/png', buffer: ARRIVAL });
    await page.waitForSelector('[data-testid=rma-photo]');
    await page.click('[data-testid=rma-receive]');
    await settled(page);
    await page.fill('[data-testid=rma-tracking]', 'SF1402345678901');
    await page.fill('[data-testid=rma-condition]', '外壳完好，包装轻微破损');
    await page.click('[data-testid=rma-accessories]');
    await page.keyboard.type('充电座');
    await page.keyboard.press('Enter');
    await page.keyboard.type('遥控器');
    await page.keyboard.press('Enter');
    await shot(page, '02-receive-form');
    await ok(page);
    await expect.poll(() => stage(page)).toBe('已收货');
    expect(await page.locator('[data-testid=rma-received]').innerText()).toContain('SF1402345678901');
    await shot(page, '03-received');

    // The customer's invoice dates the purchase: in warranty, and the rule says so.
    await page.click('[data-testid=rma-decide-warranty]');
    await settled(page);
    await page.click('[data-testid=rma-purchased-on]');
    await page.keyboard.type('2026-06-18');
    // Closes the picker with the typed day kept, without submitting the form.
    await page.click('.ant-modal-title');
    await ok(page);
    await expect.poll(() => stage(page)).toBe('已判定保修');
    const warranty = await page.locator('[data-testid=rma-warranty]').innerText();
    expect(warranty).toContain('保内');
    expect(warranty).toContain('在质保期内（至 2027-06-17）');
    await shot(page, '04-warranty');

    // The bench repairs it.
    await page.click('[data-testid=rma-repair]');
    await settled(page);
    await choose(page, 'rma-technician', '王师傅');
    await ok(page);
    await expect.poll(() => stage(page)).toBe('已维修');
    expect(await page.locator('[data-testid=rma-outcome]').innerText()).toContain('已修复');

    await page.click('[data-testid=rma-qc-pass]');
    await expect.poll(() => stage(page)).toBe('质检合格');
    await shot(page, '05-qc-passed');

    await page.click('[data-testid=rma-ship]');
    await settled(page);
    await page.fill('[data-testid=rma-tracking]', 'SF1409876543210');
    await ok(page);
    await expect.poll(() => stage(page)).toBe('已寄回');
    expect(await page.locator('[data-testid=rma-shipped]').innerText()).toContain('SF1409876543210');
    await expect.poll(async () => (await api<{ status: string }>('GET', `/api/v1/tickets/${ticketId}`)).status).toBe('completed');
    await page.locator('[data-testid=rma-panel]').scrollIntoViewIfNeeded();
    await shot(page, '06-shipped');

    const rma = await api<{ steps: { step: string }[]; photos: unknown[]; warranty: { reason: string } }>('GET', `/api/v1/tickets/${ticketId}/rma`);
    expect(rma.steps.map((x) => x.step)).toEqual(['received', 'warranty_decided', 'repaired', 'qc', 'shipped']);
    expect(rma.photos).toHaveLength(1);
    expect(rma.warranty.reason).toBe('within_period');
    expect(errors).toEqual([]);
  });

  it('C5: the monthly report lists the month’s units per product and batch', async () => {
    const { page, errors } = await s.page({ onFailure: 'rma-report-failed' });
    await signIn(page);
    await page.goto('/rma/report');
    const row = page.locator('[data-testid=rma-report-products] tr', { hasText: '扫地机器人 R7' });
    await row.waitFor();
    expect(await row.innerText()).toContain('100.00%');
    await shot(page, '07-report');
    expect(errors).toEqual([]);
  });
});
