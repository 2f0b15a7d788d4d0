import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drawSignature, signIn, suite } from './support';

/**
 * A crew job on a phone, from dispatch to the customer's signature, and the hours it made
 * approved by the supervisor: the technician's day at 390×844.
 */
let ticketId = '';

const s = suite('tech-', async ({ api }) => {
  const lead = await api<{ id: string }>('POST', '/api/v1/users', { username: 'lead', password: 'Zheng-shifu-2026', name: '郑师傅', role: 'technician', grade: 'senior' });
  const mate = await api<{ id: string }>('POST', '/api/v1/users', { username: 'mate', password: 'Xiao-feng-2026', name: '小冯', role: 'technician', grade: 'junior', employmentStatus: 'apprentice' });
  await api('POST', '/api/v1/users', { username: 'boss', password: 'Han-zhuguan-2026', name: '韩主管', role: 'supervisor' });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '上海恒通物流', phone: '02162345678', address: '上海市宝山区沪太路 5188 号' });
  const asset = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'FD30-220901', productName: '叉车 FD30', kind: 'machinery', purchasedOn: '2025-03-01' });
  const ticket = await api<{ id: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: asset.id, channel: 'phone', description: '叉车液压系统漏油，起升无力' });
  ticketId = ticket.id;
  const accepted = await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
  await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'dispatch', technicianId: lead.id, crewIds: [mate.id] }, { 'if-match': String(accepted.version) });
});
const shot = s.shot;
const login = (page: Page, username: string, password: string) => signIn(page, { username, password });

async function step(page: Page, kind: string, choice?: string) {
  await page.waitForSelector(`[data-testid=step-${kind}]`);
  const before = (await page.$$('.ant-steps-item')).length;
  await page.click(`[data-testid=step-${kind}]`);
  if (choice) {
    await page.click(`[data-testid=step-choice] >> text=${choice}`);
    await page.click('.ant-modal-footer .ant-btn-primary');
  }
  // The step is recorded when it shows in the list of steps so far.
  await page.waitForFunction((n) => document.querySelectorAll('.ant-steps-item').length > n, before);
}

describe('a technician’s day on a phone', () => {
  it('works a crew job from dispatch to the customer’s signature, and the supervisor approves the hours', async () => {
    const { page: phone, errors } = await s.page({ phone: true, onFailure: 'tech-failed' });
    // The apprentice travels with the lead and records their own steps.
    const { page: mate } = await s.page({ phone: true });
    await login(mate, 'mate', 'Xiao-feng-2026');
    await mate.goto(`/my-day/${ticketId}`);
    await step(mate, 'depart', '公司车辆');

    await login(phone, 'lead', 'Zheng-shifu-2026');
    await phone.waitForURL('**/my-day');
    await phone.waitForSelector('[data-testid=my-job]');
    await shot(phone, '01-my-jobs');
    await phone.click('[data-testid=my-job] a');
    await phone.waitForSelector('[data-testid=field-customer]');
    await step(phone, 'acknowledge');
    await step(phone, 'depart', '公司车辆');
    await shot(phone, '02-departed');
    await step(phone, 'arrive');
    await step(mate, 'arrive');
    await step(phone, 'start');
    await step(mate, 'start');
    await step(phone, 'wait', '等待公司发货');
    await shot(phone, '03-waiting');
    await step(phone, 'resume');
    await phone.click('[data-testid=step-finish]');
    await phone.fill('[data-testid=report-fault]', '液压油管接头老化渗漏');
    await phone.fill('[data-testid=report-work]', '更换油管接头及密封圈，补充液压油，试车正常');
    for (const item of ['操作方法', '日常保养', '安全注意事项']) await phone.click(`[data-testid=report-instructed] >> text=${item}`);
    await phone.fill('[data-testid=report-signer]', '王经理');
    await drawSignature(phone);
    await phone.waitForSelector('.ant-alert-success');
    await shot(phone, '04-report-signed');
    await phone.click('[data-testid=report-submit]');
    await phone.waitForSelector('[data-testid=step-travel_back]', { timeout: 15_000 }).catch(async (e) => {
      throw new Error(`${e}: ${await phone.textContent('.ant-message').catch(() => '')} ${await phone.textContent('.ant-form-item-explain-error').catch(() => '')}`);
    });
    await step(phone, 'travel_back', '公司车辆');
    await step(phone, 'back');
    await shot(phone, '05-back');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);

    // The supervisor approves the hours the day produced.
    const { page: desk } = await s.page({ onFailure: 'tech-failed-desk' });
    await login(desk, 'boss', 'Han-zhuguan-2026');
    await desk.goto(`/timesheets`);
    await desk.waitForSelector('.ant-table-row');
    const rows = await desk.$$eval('.ant-table-row', (r) => r.map((x) => x.textContent ?? ''));
    expect(rows.some((r) => r.includes('郑师傅') && r.includes('直接工时'))).toBe(true);
    expect(rows.some((r) => r.includes('郑师傅') && r.includes('路途') && r.includes('公司车辆'))).toBe(true);
    expect(rows.some((r) => r.includes('小冯') && r.includes('直接工时'))).toBe(true);
    expect(rows.some((r) => r.includes('等待（间接）') && r.includes('等待公司发货'))).toBe(true);
    await shot(desk, '06-timesheet-draft');
    await desk.click('.ant-table-thead .ant-checkbox-input');
    await desk.click('[data-testid=approve-entries]');
    await desk.waitForSelector('.ant-table-placeholder');
    await desk.click('text=已审核');
    await desk.waitForSelector('.ant-table-row');
    await shot(desk, '07-timesheet-approved');

    // The ticket shows the signature and prints.
    await desk.goto(`/tickets/${ticketId}`);
    await desk.waitForSelector('[data-testid=signoff-customer]');
    expect(await desk.textContent('[data-testid=signoff-customer]')).toContain('王经理');
    // The day reads in the ticket's history: each step, the wait's reason, the report.
    const history = (await desk.textContent('.ant-timeline')) ?? '';
    for (const text of ['到达现场', '公司车辆', '等待公司发货', '提交维修报告，王经理 签字确认']) expect(history).toContain(text);
    await shot(desk, '08-ticket-signed');
    const pdf = await desk.request.get(`/api/v1/tickets/${ticketId}/work-order.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 4).toString()).toBe('%PDF');
  });
});
