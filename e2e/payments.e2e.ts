import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { settled, signIn, suite, type AdminApi } from './support';

/*
 * Money on a job in the browser: a cashier records two part payments and a refund and sees
 * what is still owed; a technician enters a cost of the job with a photo of its receipt; finance
 * approves it and sees the order's net profit (M7).
 *
 * The charge itself is the quotes work's; until it is merged this file charges the ticket the
 * way that work does, by the ticket's account row, on a PostgreSQL database of its own.
 */

const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB = `shouhou_e2e_payments_${process.pid}`;
const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB}`;
  return u.toString();
})();
const admin = async <T>(url: string, run: (c: pg.Client) => Promise<T>) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
};
beforeAll(() => admin(ADMIN_URL, (c) => c.query(`create database ${DB}`)));
afterAll(() => admin(ADMIN_URL, (c) => c.query(`drop database if exists ${DB} with (force)`)));

const CASHIER = { username: 'caiwu', password: 'finance-password' };
const TECH = { username: 'liushifu', password: 'tech-password' };
let ticketId: string;

const s = suite(
  'payments-',
  async ({ api }) => {
    await api('POST', '/api/v1/users', { ...CASHIER, name: '周财务', role: 'finance' });
    const tech = await api<{ id: string }>('POST', '/api/v1/users', { ...TECH, name: '刘师傅', role: 'technician', grade: 'senior' });
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '华南检测中心', phone: '13822223333' });
    const ticket = await api<{ id: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, channel: 'phone', description: '离心机无法启动，过保维修' });
    ticketId = ticket.id;
    const accepted = await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
    await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'dispatch', technicianId: tech.id }, { 'if-match': String(accepted.version) });
    // Charged ¥1,860.00.
    await admin(dbUrl, (c) =>
      c.query(`insert into ticket_accounts (org_id, ticket_id, customer_id, charged_fen, charged_at) select org_id, id, customer_id, 186000, now() from tickets where id = $1`, [ticket.id]),
    );
  },
  { DATABASE_URL: dbUrl },
);
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

async function choose(page: Page, text: string) {
  const open = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';
  await page.click('.ant-modal-wrap:not([style*="display: none"]) .ant-select');
  await page.waitForSelector(open);
  await page.locator(`${open} .ant-select-item-option:visible`, { hasText: text }).last().click();
  await page.waitForFunction((selector) => !document.querySelector(selector), open);
}

async function pay(page: Page, kind: 'payment-record' | 'payment-refund', yuan: string, method: string, reason?: string) {
  await page.click(`[data-testid=${kind}]`);
  await settled(page);
  await page.fill('.ant-modal #amount', yuan);
  await choose(page, method);
  if (reason) await page.fill('.ant-modal #reason', reason);
  await page.click('[data-testid=payment-confirm]');
  await page.waitForSelector('.ant-modal-wrap', { state: 'detached' });
}

const figure = (page: Page, key: string) => page.locator(`[data-testid=money-${key}] .ant-statistic-content`).innerText();

// A 1×1 PNG: the receipt's photo.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d8a9e60000000049454e44ae426082', 'hex');

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
    await page.click('.ant-modal-close');
    await page.waitForSelector('.ant-modal-wrap', { state: 'detached' });
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
    await tech.page.waitForSelector('.ant-modal-wrap', { state: 'detached' });
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
    expect(await page.locator('[data-testid=receivables-table] tbody').innerText()).toContain('460.00');
    await shot(page, '08-receivables');
    expect(errors).toEqual([]);
  });
});
