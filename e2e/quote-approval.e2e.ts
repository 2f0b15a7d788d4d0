import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { settled, signIn, suite, type AdminApi } from './support';

const AGENT = { username: 'kefu', password: 'agent-password' };
let ticketId: string;
let ticketNumber: string;

const s = suite('quote-', async ({ api }) => {
  await api('POST', '/api/v1/users', { ...AGENT, name: '陈客服', role: 'hotline_agent' });
  // E7: labour per person-day.
  await api('POST', '/api/v1/prices/rates', { unit: 'person_day', rateFen: 800_00 });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '李先生', phone: '13955556666', address: { city: '深圳', district: '南山区', line: '科技园路 8 号' } });
  const machine = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'CF-2019-0001', kind: 'equipment', productName: '离心机 A100', purchasedOn: '2019-01-01' });
  // C3: a mail-in repair out of warranty.
  const ticket = await api<{ id: string; number: string }>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: machine.id, channel: 'phone', type: 'rma', description: '寄修：离心机无法启动' });
  ticketId = ticket.id;
  ticketNumber = ticket.number;
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
void api;
const shot = s.shot;

async function drawSignature(page: Page) {
  await settled(page);
  const pad = page.locator('[data-testid=signature-pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 22, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 4 });
  await page.mouse.up();
}

describe('a quote the customer approves on their phone (C3)', () => {
  it('C3: an agent makes a quote, sends the link, the customer approves on a phone-size page with a drawn signature, the agent charges it', async () => {
    const { page, errors } = await s.page({ onFailure: 'quote-failed-desk' });
    await signIn(page, AGENT);
    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=quote-panel]');
    await page.click('[data-testid=quote-new]');
    // Prefilled: labour at the rate, shipping and insurance for a mail-in repair.
    await page.waitForSelector('[data-testid=quote-line-editor]');
    await expect.poll(() => page.locator('[data-testid=quote-line-editor]').count()).toBe(3);
    const prices = page.locator('input[data-testid=quote-line-price], [data-testid=quote-line-price] input');
    await prices.nth(1).fill('25');
    await prices.nth(2).fill('10');
    await expect.poll(() => page.locator('[data-testid=quote-preview-total]').innerText()).toBe('¥835.00');
    expect(await page.locator('[data-testid=quote-preview] [data-testid=quote-line-rule]').first().innerText()).toContain('工时单价');
    await shot(page, '01-editor');
    await page.click('[data-testid=quote-save]');
    await page.waitForSelector('[data-testid=quote-current]');
    expect(await page.locator('[data-testid=quote-status]').innerText()).toBe('待确认');
    expect(await page.locator('[data-testid=quote-lines-total]').innerText()).toBe('¥835.00');

    await page.click('[data-testid=quote-send-link]');
    const url = await page.locator('[data-testid=quote-link-url]').inputValue();
    expect(url).toMatch(/\/q\/[A-Za-z0-9_-]{43}$/);
    await shot(page, '02-link');

    // The customer, on their phone, without signing in.
    const { page: phone, errors: phoneErrors } = await s.page({ phone: true, onFailure: 'quote-failed-phone' });
    await phone.goto(new URL(url).pathname);
    await phone.waitForSelector('[data-testid=public-quote-total]');
    expect(await phone.locator('[data-testid=public-quote-ticket]').innerText()).toBe(ticketNumber);
    expect(await phone.locator('[data-testid=public-quote-total]').innerText()).toBe('¥835.00');
    const text = await phone.locator('body').innerText();
    expect(text).toContain('离心机 A100');
    expect(text).not.toContain('13955556666');
    expect(text).not.toContain('科技园路');
    await shot(phone, '03-phone-quote');
    await phone.fill('[data-testid=signer-name]', '李先生');
    await drawSignature(phone);
    await shot(phone, '04-phone-signed');
    await phone.click('[data-testid=signature-save]');
    await phone.waitForSelector('[data-testid=public-quote-done]');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, '05-phone-approved');
    expect(phoneErrors).toEqual([]);

    // The agent sees it approved, signed through the link, and charges it.
    await page.reload();
    await page.waitForSelector('[data-testid=quote-current]');
    await expect.poll(() => page.locator('[data-testid=quote-status]').innerText()).toBe('已确认');
    await page.click('[data-testid=charge-ticket]');
    await page.waitForSelector('[data-testid=charge]');
    expect(await page.locator('[data-testid=charge-total]').innerText()).toBe('¥835.00');
    await page.locator('[data-testid=charge]').scrollIntoViewIfNeeded();
    await shot(page, '06-charged');

    // A6: each line and its cost explained at delivery, and the customer signs.
    const ticks = page.locator('[data-testid=charge-line-explained]');
    for (let i = 0; i < (await ticks.count()); i++) await ticks.nth(i).click();
    await page.click('[data-testid=charge-explain]');
    await page.fill('.ant-modal [data-testid=signer-name]', '李先生');
    await drawSignature(page);
    await page.click('.ant-modal [data-testid=signature-save]');
    await page.waitForSelector('[data-testid=charge-explained]');
    expect(await page.locator('[data-testid=charge-explained]').innerText()).toContain('李先生');
    await page.locator('[data-testid=charge]').scrollIntoViewIfNeeded();
    await shot(page, '07-explained');
    const sheet = await page.request.get(String(await page.locator('[data-testid=charge-print]').getAttribute('href')));
    expect(sheet.status()).toBe(200);
    expect(sheet.headers()['content-type']).toBe('application/pdf');
    expect(errors).toEqual([]);
  });

  it('E7, R1: the prices page lists the labour rates and the customers’ contracts', async () => {
    const { page, errors } = await s.page({ onFailure: 'quote-failed-prices' });
    await signIn(page);
    await page.goto('/prices');
    await page.waitForSelector('[data-testid=rate-add]');
    await expect.poll(() => page.locator('.ant-table-row').first().innerText()).toContain('¥800.00');
    await shot(page, '08-prices');
    expect(errors).toEqual([]);
  });
});
