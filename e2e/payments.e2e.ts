import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makePng } from '../server/png';
import { settled, signIn, suite, type AdminApi } from './support';

/*
 * Money on a job in the browser: a cashier records two part payments and a refund and sees
 * what is still owed; a technician enters a cost of the job with a photo of its receipt; finance
 * approves it and sees the order's net profit (M7). The ticket is charged as staff charge it: a
 * quote, the customer's signed approval, then the charge.
 */

const CASHIER = { username: 'caiwu', password: 'finance-password' };
const TECH = { username: 'liushifu', password: 'tech-password' };
let ticketId: string;

const s = suite('payments-', async ({ api }) => {
  await api('POST', '/api/v1/users', { ...CASHIER, name: '周财务', role: 'finance' });
  const tech = await api<{ id: string }>('POST', '/api/v1/users', { ...TECH, name: '刘师傅', role: 'technician', grade: 'senior' });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '华南检测中心', phone: '13822223333' });
  const ticket = await api<{ id: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, channel: 'phone', description: '离心机无法启动，过保维修' });
  ticketId = ticket.id;
  const accepted = await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
  await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'dispatch', technicianId: tech.id }, { 'if-match': String(accepted.version) });
  // Charged ¥1,860.00: the quote, the customer's signed approval, the charge.
  const quote = await api<{ id: string; totalFen: number }>('POST', `/api/v1/tickets/${ticket.id}/quotes`, {
    lines: [
      { kind: 'labour', description: '维修人工', quantity: 1, unitPriceFen: 1_500_00, unit: 'person_day' },
      { kind: 'other', description: '更换电机碳刷', quantity: 2, unitPriceFen: 180_00 },
    ],
  });
  expect(quote.totalFen).toBe(1_860_00);
  await api('POST', `/api/v1/quotes/${quote.id}/decision`, { decision: 'approved', signature: { signerName: '华南检测中心 王工', png: makePng(120, 40, [10, 10, 10]).toString('base64') } });
  const charge = await api<{ totalFen: number }>('POST', `/api/v1/tickets/${ticket.id}/charge`);
  expect(charge.totalFen).toBe(1_860_00);
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

/** Picks the payment method; a click that lands while the list is still sliding in may be lost, so it is retried. */
async function choose(page: Page, text: string) {
  const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
  await page.click('.ant-modal [data-testid=payment-method]');
  await page.waitForSelector(open);
  for (let attempt = 0; ; attempt++) {
    await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown[class*=-appear], .ant-select-dropdown[class*=-enter]'));
    await page.locator(`${open} .ant-select-item-option:visible`, { hasText: text }).last().click();
    try {
      await page.waitForFunction((selector) => !document.querySelector(selector), open, { timeout: 3000 });
      break;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  expect(await page.locator('.ant-modal [data-testid=payment-method]').innerText()).toContain(text);
}

async function pay(page: Page, kind: 'payment-record' | 'payment-refund', yuan: string, method: string, reason?: string) {
  await page.click(`[data-testid=${kind}]`);
  await settled(page);
  await page.fill('.ant-modal input[data-testid=payment-amount], .ant-modal [data-testid=payment-amount] input', yuan);
  await choose(page, method);
  if (reason) await page.fill('[data-testid=payment-reason]', reason);
  await page.click('[data-testid=payment-confirm]');
  await page.waitForSelector('[data-testid=payment-confirm]', { state: 'hidden' });
  await settled(page);
}

const figure = (page: Page, key: string) => page.locator(`[data-testid=money-${key}] .ant-statistic-content`).innerText();

// The receipt's photo.
const PNG = makePng(24, 32, [240, 240, 230]);

describe('money on a job in the browser (M7)', () => {
  it('records two part payments and a refund, and shows what is still owed', async () => {
    const { page, errors } = await s.page({ onFailure: 'payments-failed' });
    await signIn(page, CASHIER);
    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=money-panel]');
    await expect.poll(() => figure(page, 'charged')).toContain('1,860.00');
    await expect.poll(() => figure(page, 'outstanding')).toContain('1,860.00');
    await shot(page, '01-charged');

    await pay(page, 'payment-record', '1000', '微信支付');
    await pay(page, 'payment-record', '500', '现金');
    await expect.poll(() => figure(page, 'outstanding')).toContain('360.00');
    await page.click('[data-testid=payment-refund]');
    await settled(page);
    await shot(page, '02-refund-dialog');
    await page.locator('.ant-modal-close:visible').click();
    await page.waitForSelector('[data-testid=payment-confirm]', { state: 'hidden' });
    await settled(page);
    await pay(page, 'payment-refund', '100', '现金', '多收退回');
    await expect.poll(() => figure(page, 'collected')).toContain('1,400.00');
    expect(await figure(page, 'outstanding')).toContain('460.00');
    const rows = await page.locator('[data-testid=payments-table] tbody tr').allInnerTexts();
    expect(rows).toHaveLength(3);
    expect(rows[2]).toContain('-¥100.00');
    await shot(page, '03-paid-in-parts');
    const listed = await api<{ outstandingFen: number }>('GET', `/api/v1/tickets/${ticketId}/payments`);
    expect(listed.outstandingFen).toBe(460_00);
    expect(errors).toEqual([]);
  });

  it('M7: a technician enters a cost with its receipt; finance approves it and sees the net profit', async () => {
    const tech = await s.page({ onFailure: 'payments-tech-failed' });
    await signIn(tech.page, TECH);
    await tech.page.goto(`/tickets/${ticketId}`);
    await tech.page.waitForSelector('[data-testid=costs-card]');
    // No payments, no profit for the technician.
    expect(await tech.page.locator('[data-testid=money-netProfit]').count()).toBe(0);
    await tech.page.click('[data-testid=cost-add]');
    await settled(tech.page);
    await tech.page.fill('.ant-modal #amount', '80');
    await tech.page.fill('.ant-modal #note', '往返高速费');
    await tech.page.setInputFiles('.ant-modal input[type=file]', { name: '过路费.png', mimeType: 'image/png', buffer: PNG });
    await shot(tech.page, '04-cost-dialog');
    await tech.page.click('[data-testid=cost-confirm]');
    await tech.page.waitForSelector('[data-testid=cost-confirm]', { state: 'hidden' });
    await expect.poll(() => tech.page.locator('[data-testid=costs-card] tbody').innerText()).toContain('待审核');
    expect(await tech.page.locator('[data-testid=costs-card] tbody').innerText()).toContain('往返高速费');
    await expect.poll(() => tech.page.locator('[data-testid=costs-card] tbody a', { hasText: '收据' }).count()).toBe(1);
    await shot(tech.page, '05-cost-pending');
    expect(tech.errors).toEqual([]);

    const { page, errors } = await s.page({ onFailure: 'payments-finance-failed' });
    await signIn(page, CASHIER);
    await page.goto('/costs/approvals');
    await page.waitForSelector('[data-testid=cost-approvals] tbody tr');
    await shot(page, '06-approval-queue');
    await page.locator('[data-testid^=approve-]').first().click();
    await expect.poll(() => page.locator('[data-testid=cost-approvals] tbody').innerText()).not.toContain('¥80.00');

    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=money-netProfit]');
    await expect.poll(() => figure(page, 'costs')).toContain('80.00');
    // Net profit = collected ¥1,400.00 − costs ¥80.00.
    expect(await figure(page, 'netProfit')).toContain('1,320.00');
    await shot(page, '07-net-profit');

    await page.goto('/receivables');
    await page.waitForSelector('[data-testid=receivables-table] tbody tr');
    await expect.poll(() => page.locator('[data-testid=receivables-table] tbody').innerText(), { timeout: 15_000 }).toContain('460.00');
    await shot(page, '08-receivables');
    expect(errors).toEqual([]);
  });
});
