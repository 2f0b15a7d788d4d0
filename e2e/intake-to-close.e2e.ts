import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { suite } from './support';

const s = suite('', async ({ api }) => {
  // Something to list for the later tests, whatever the first one does.
  const c = await api<{ id: string }>('POST', '/api/v1/customers', { name: '吴晓明', phone: '13711112222' });
  await api('POST', '/api/v1/tickets', { customerId: c.id, channel: 'web', description: '洗衣机脱水时异响' });
});
const shot = s.shot;

/** Signs out whoever is in and signs in as someone else; the app may return to the page it was on. */
async function switchUser(page: Page, username: string, password: string) {
  await page.click('[data-testid=user-menu]');
  await page.click('text=退出登录');
  await page.waitForSelector('#username');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.press('#password', 'Enter');
  await page.waitForSelector('[data-testid=user-menu]');
}

async function act(page: Page, action: string, fill?: (page: Page) => Promise<void>) {
  await page.click(`[data-testid=action-${action}]`);
  if (fill) {
    await fill(page);
    await page.click('.ant-modal-footer .ant-btn-primary');
  }
}

describe('a hotline agent in the browser', () => {
  it('logs in, registers a ticket by the caller’s phone, and walks it to closed', async () => {
    const api = s.api;
    await api('POST', '/api/v1/users', { username: 'agent1', password: 'agent-password', name: '赵客服', role: 'hotline_agent' });
    await api('POST', '/api/v1/users', { username: 'disp1', password: 'disp-password', name: '钱调度', role: 'dispatcher' });
    await api('POST', '/api/v1/users', { username: 'tech1', password: 'tech-password', name: '孙师傅', role: 'technician', grade: 'senior' });
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '周建国', phone: '13566778899', address: '上海市徐汇区漕溪北路 88 号' });
    await api('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'KFR-72LW-0091', productName: '柜式空调 KFR-72LW', purchasedOn: '2025-08-01', warrantyMonths: 36, kind: 'appliance' });

    const { page, errors } = await s.page({ onFailure: 'failed-intake' });

    await page.goto('/');
    await page.waitForSelector('#username');
    expect(await page.textContent('h1')).toContain('售后服务管理系统');
    await shot(page, '01-login');

    await page.fill('#username', 'agent1');
    await page.fill('#password', 'agent-password');
    await page.press('#password', 'Enter');
    // An agent's day starts on the workbench (工作台).
    await page.waitForURL('**/workbench');

    await page.click('text=电话报修');
    await page.fill('[data-testid=intake-lookup]', '135 6677 8899');
    await page.waitForSelector('[data-testid=intake-selected-customer]');
    expect(await page.textContent('[data-testid=intake-selected-customer]')).toBe('周建国');
    // The caller's only asset is taken without a click.
    expect(await page.isChecked('[data-testid=intake-asset] input[type=radio]').catch(() => page.isChecked('[data-testid=intake-asset]'))).toBe(true);
    await page.fill('[data-testid=intake-description]', '空调制热效果差，室内机有异响');
    await shot(page, '02-intake');
    await page.click('[data-testid=intake-save]');
    // The agent stays on intake for the next call; the new number links to the ticket.
    await page.waitForSelector('[data-testid=intake-last-number]');
    expect(await page.inputValue('[data-testid=intake-lookup]')).toBe('');
    await page.click('[data-testid=intake-last-number]');
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    const number = await page.textContent('[data-testid=ticket-number]');
    expect(number).toMatch(/^BX-\d{8}-\d{4}$/);
    expect(await page.textContent('[data-testid=status-tag]')).toBe('已报修');
    expect(await page.textContent('body')).toContain('保内');
    await act(page, 'accept');
    await page.waitForSelector('[data-status=accepted]');
    await shot(page, '03-accepted');
    const ticketUrl = page.url();

    // The dispatcher takes it from here.
    await switchUser(page, 'disp1', 'disp-password');
    await page.goto(ticketUrl);
    await act(page, 'dispatch', async (p) => {
      await p.click('[data-testid=technician-select]');
      await p.click('.ant-select-item-option >> text=孙师傅');
    });
    await page.waitForSelector('[data-status=dispatched]');
    await shot(page, '04-dispatched');

    // The technician works it: start, wait for parts, resume, complete.
    await switchUser(page, 'tech1', 'tech-password');
    await page.goto(`/tickets`);
    await page.waitForSelector('.ant-table-row');
    expect(await page.textContent('body')).toContain('我的工单');
    await page.click(`text=${number}`);
    await act(page, 'start');
    await page.waitForSelector('[data-status=in_progress]');
    await act(page, 'hold', async (p) => {
      await p.fill('[data-testid=transition-reason]', '等待压缩机到货');
    });
    await page.waitForSelector('[data-status=on_hold]');
    await act(page, 'resume');
    await page.waitForSelector('[data-status=in_progress]');
    await act(page, 'complete');
    await page.waitForSelector('[data-status=completed]');
    await shot(page, '05-completed');

    // Back to the agent, who closes it after the callback.
    await switchUser(page, 'agent1', 'agent-password');
    await page.goto(ticketUrl);
    await act(page, 'close');
    await page.waitForSelector('[data-status=closed]');
    await page.waitForSelector('[data-testid=ticket-timeline] >> text=已关闭');
    const timeline = await page.textContent('[data-testid=ticket-timeline]');
    for (const step of ['创建工单', '受理', '派工', '开始处理', '挂起', '等待压缩机到货', '恢复', '完工', '关闭']) expect(timeline).toContain(step);
    await shot(page, '06-closed');

    await page.goto(`/tickets`);
    await page.waitForSelector('.ant-table-row');
    await shot(page, '07-ticket-list');
    expect(errors).toEqual([]);
  });

  it('switches the whole interface to English', async () => {
    const { page } = await s.page({ locale: null });
    await page.goto('/');
    await page.waitForSelector('#username');
    await page.click('text=EN');
    await page.waitForSelector('text=Username');
    await page.fill('#username', 'admin');
    await page.fill('#password', 'Harness-root-7315');
    await page.press('#password', 'Enter');
    await page.waitForURL('**/workbench');
    await page.goto('/tickets');
    await page.waitForSelector('.ant-table-row');
    const body = await page.textContent('body');
    expect(body).toContain('Tickets');
    expect(body).not.toMatch(/[工单客户]{2}/);
    await shot(page, '08-english');
  });

  it('fits a phone-size screen', async () => {
    const { page } = await s.page({ phone: true, locale: null });
    await page.goto('/');
    await page.fill('#username', 'admin');
    await page.fill('#password', 'Harness-root-7315');
    await page.press('#password', 'Enter');
    await page.waitForURL('**/workbench');
    await page.goto('/tickets');
    await page.waitForSelector('.ant-table-row');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, '09-phone');
  });
});
