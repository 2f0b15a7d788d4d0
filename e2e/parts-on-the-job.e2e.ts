import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drawSignature, pickOption, signIn, suite } from './support';

/**
 * Parts on a job (H3, H7, E5): the agent names the part a ticket needs and reserves it; the
 * technician requests the day's parts on the phone; the parts administrator approves and issues
 * them into the van in one screen; the technician consumes the part in the work report; the old
 * part comes back and is recorded.
 */
let ticketId = '';
let assetId = '';
let ticketNumber = '';

const TECH = { username: 'vanguy', password: 'Li-shifu-2026x' };
const CLERK = { username: 'kuguan', password: 'Wang-cangku-2026' };

const s = suite('parts-', async ({ api }) => {
  const tech = await api<{ id: string }>('POST', '/api/v1/users', { ...TECH, name: '李师傅', role: 'technician', grade: 'senior' });
  await api('POST', '/api/v1/users', { ...CLERK, name: '王库管', role: 'parts_admin' });
  const warehouse = await api<{ id: string }>('POST', '/api/v1/stock/locations', { name: '中心仓库', kind: 'warehouse' });
  await api('POST', '/api/v1/stock/locations', { name: '李师傅的车', kind: 'van', ownerUserId: tech.id });
  const board = await api<{ id: string }>('POST', '/api/v1/parts', { number: 'BD-7', name: '逆变板', category: '电气件', unit: '块', costPriceFen: 60000, retailPriceFen: 100000, serialTracked: true });
  const tape = await api<{ id: string }>('POST', '/api/v1/parts', { number: 'TP-1', name: '绝缘胶布', category: '耗材', unit: '卷', costPriceFen: 300, retailPriceFen: 800 });
  await api('POST', '/api/v1/stock/receipts', { locationId: warehouse.id, lines: [{ partId: board.id, quantity: 2, serials: ['SN-A', 'SN-B'] }, { partId: tape.id, quantity: 20 }] });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '恒通数据中心', phone: '02162345678', address: '上海市宝山区沪太路 5188 号' });
  const asset = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'UPS-220901', productName: 'UPS 电源 60kVA', purchasedOn: '2026-06-01' });
  const ticket = await api<{ id: string; number: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: asset.id, channel: 'phone', description: 'UPS 报警，逆变器故障' });
  ticketId = ticket.id;
  assetId = asset.id;
  ticketNumber = ticket.number;
  const accepted = await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
  await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'dispatch', technicianId: tech.id }, { 'if-match': String(accepted.version) });
});
const shot = s.shot;

/** Picks an option of an antd Select found by its test id, typing to search when asked. */
const pick = pickOption;

async function step(page: Page, kind: string, choice?: string) {
  await page.waitForSelector(`[data-testid=step-${kind}]`);
  const before = (await page.$$('.ant-steps-item')).length;
  await page.click(`[data-testid=step-${kind}]`);
  if (choice) {
    await page.click(`[data-testid=step-choice] >> text=${choice}`);
    await page.click('.ant-modal-footer .ant-btn-primary');
  }
  await page.waitForFunction((n) => document.querySelectorAll('.ant-steps-item').length > n, before);
}

describe('parts on a job', () => {
  it('H7: a part reserved for the ticket, requested, approved and issued into the van, consumed in the work report, and the old part returned', async () => {
    // The desk names the part the job needs and reserves it (the van has none: the warehouse).
    const { page: desk, errors: deskErrors } = await s.page({ onFailure: 'parts-failed-desk' });
    await signIn(desk);
    await desk.goto(`/tickets/${ticketId}`);
    await desk.waitForSelector('[data-testid=ticket-parts]');
    await pick(desk, 'ticket-part-picker', 'BD-7', 'BD');
    await desk.click('[data-testid=ticket-part-add]');
    await desk.waitForFunction(() => document.querySelector('[data-testid=ticket-part-status]')?.textContent === '已预留');
    expect(await desk.textContent('[data-testid=ticket-parts]')).toContain('中心仓库');
    await desk.locator('[data-testid=ticket-parts]').scrollIntoViewIfNeeded();
    await shot(desk, '01-ticket-part-reserved');

    // The technician asks for the day's parts on the phone.
    const { page: phone, errors: phoneErrors } = await s.page({ phone: true, onFailure: 'parts-failed-phone' });
    await signIn(phone, TECH);
    await phone.goto('/my-van');
    await phone.waitForSelector('[data-testid=van-job]');
    await pick(phone, 'requisition-part', 'BD-7', 'BD');
    await pick(phone, 'requisition-ticket', ticketNumber);
    await phone.click('text=添加一行');
    await pick(phone, 'requisition-part', 'TP-1', 'TP');
    await phone.locator('input[data-testid=requisition-quantity], [data-testid=requisition-quantity] input').last().fill('5');
    await shot(phone, '02-requisition-request');
    await phone.click('[data-testid=requisition-submit]');
    await phone.waitForSelector('[data-testid=my-requisition]');
    expect(await phone.textContent('[data-testid=my-requisition-status]')).toBe('待审批');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The parts administrator approves fewer tape rolls and issues, with the board's serial, in one screen.
    const { page: clerk, errors: clerkErrors } = await s.page({ onFailure: 'parts-failed-clerk' });
    await signIn(clerk, CLERK);
    await clerk.goto('/requisitions');
    await clerk.waitForSelector('[data-testid=requisition]');
    await clerk.fill('[data-testid=approve-serials]', 'SN-A');
    await clerk.locator('input[data-testid=approve-quantity], [data-testid=approve-quantity] input').nth(1).fill('3');
    await shot(clerk, '03-requisition-to-approve');
    await clerk.click('[data-testid=approve-issue]');
    await clerk.click('.ant-segmented-item >> text=已发料');
    await clerk.waitForFunction(() => document.querySelector('[data-testid=requisition-status]')?.textContent === '已发料');
    const issued = (await clerk.textContent('[data-testid=requisition]')) ?? '';
    expect(issued).toContain('王库管');
    await shot(clerk, '04-requisition-issued');
    const pdfHref = await clerk.getAttribute('[data-testid=requisition-pdf]', 'href');
    const pdf = await clerk.request.get(pdfHref!);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');

    // The van carries the board for the job; the technician fits it and records the old serial.
    await phone.goto('/my-van');
    await phone.waitForFunction(() => document.querySelector('[data-testid=van-job]')?.textContent?.includes('已领用'));
    await shot(phone, '05-van-carries');
    await phone.goto('/my-day');
    await phone.waitForSelector('[data-testid=my-job-parts]');
    expect(await phone.textContent('[data-testid=my-job-parts]')).toContain('逆变板');
    await shot(phone, '05b-my-day-parts');
    await phone.goto(`/my-day/${ticketId}`);
    await phone.waitForSelector('[data-testid=job-parts]');
    expect(await phone.textContent('[data-testid=job-parts]')).toContain('逆变板');
    await step(phone, 'depart', '公司车辆');
    await step(phone, 'arrive');
    await step(phone, 'start');
    await phone.click('[data-testid=step-finish]');
    await phone.fill('[data-testid=report-fault]', '逆变板烧毁');
    await phone.fill('[data-testid=report-work]', '更换逆变板，带载测试正常');
    await phone.click('[data-testid=consume-add]');
    await pick(phone, 'consume-part', 'BD-7');
    await phone.fill('[data-testid=consume-serials]', 'SN-A');
    await phone.fill('[data-testid=consume-removed]', 'OLD-9');
    for (const item of ['操作方法', '日常保养', '安全注意事项']) await phone.click(`[data-testid=report-instructed] >> text=${item}`);
    await phone.fill('[data-testid=report-signer]', '张工');
    await drawSignature(phone);
    await phone.waitForSelector('.ant-alert-success');
    await phone.locator('[data-testid=consume-step]').scrollIntoViewIfNeeded();
    await shot(phone, '06-report-parts-used');
    await phone.click('[data-testid=report-submit]');
    await phone.waitForSelector('[data-testid=step-travel_back]', { timeout: 15_000 }).catch(async (e) => {
      throw new Error(`${e}: ${await phone.textContent('.ant-message').catch(() => '')} ${await phone.textContent('.ant-form-item-explain-error').catch(() => '')}`);
    });
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The ticket shows the part consumed, free in warranty, its cost counted.
    await desk.goto(`/tickets/${ticketId}`);
    await desk.waitForFunction(() => document.querySelector('[data-testid=ticket-part-status]')?.textContent === '已消耗');
    const panel = (await desk.textContent('[data-testid=ticket-parts]')) ?? '';
    expect(panel).toContain('SN-A');
    expect(panel).toContain('保内免费');
    expect(await desk.textContent('[data-testid=ticket-parts-totals]')).toContain('600.00');
    await desk.locator('[data-testid=ticket-parts]').scrollIntoViewIfNeeded();
    await shot(desk, '07-ticket-part-consumed');

    // The machine's page keeps what went into it and what came out.
    await desk.goto(`/assets/${assetId}`);
    await desk.waitForFunction(() => document.querySelector('[data-testid=asset-fitted-parts]')?.textContent?.includes('OLD-9'));
    expect(await desk.textContent('[data-testid=asset-fitted-parts]')).toContain('SN-A');
    await desk.locator('[data-testid=asset-fitted-parts]').scrollIntoViewIfNeeded();
    await shot(desk, '07b-asset-parts-fitted');

    // The old board comes back: the administrator records its serial and condition.
    await clerk.goto('/old-part-returns');
    await clerk.waitForSelector('[data-testid=old-part-receive]');
    expect(await clerk.textContent('.ant-table-row')).toContain('OLD-9');
    await clerk.click('[data-testid=old-part-receive]');
    await clerk.waitForSelector('[data-testid=old-part-serial]');
    await pick(clerk, 'old-part-condition', '故障');
    await shot(clerk, '08-old-part-receiving');
    await clerk.click('.ant-modal-footer .ant-btn-primary');
    await clerk.waitForSelector('.ant-table-placeholder');
    await clerk.click('.ant-segmented-item >> text=已返还');
    await clerk.waitForSelector('[data-testid=old-part-returned]');
    expect(await clerk.textContent('[data-testid=old-part-returned]')).toContain('OLD-9');
    await shot(clerk, '09-old-part-returned');

    expect([...deskErrors, ...phoneErrors, ...clerkErrors]).toEqual([]);
  });
});
