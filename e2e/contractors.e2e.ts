import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { settled, signIn, suite, type AdminApi } from './support';

const AGENT = { username: 'kefu', password: 'agent-password-1' };
const FINANCE = { username: 'caiwu', password: 'finance-password-1' };
const CONTRACTOR = { username: 'fangshui', password: 'contractor-password-1' };
let ticketId: string;
let contractorId: string;
const quarter = (() => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  return `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
})();

const s = suite('contractors-', async ({ api }) => {
  await api('POST', '/api/v1/users', { ...AGENT, name: '陈客服', role: 'hotline_agent' });
  await api('POST', '/api/v1/users', { ...FINANCE, name: '林财务', role: 'finance' });
  contractorId = (await api<{ id: string }>('POST', '/api/v1/contractors', { name: '深圳市防水工程有限公司', repairPhone: '13800000001', responsiblePerson: '王经理' })).id;
  await api('POST', `/api/v1/contractors/${contractorId}/responsibilities`, { estate: '翠湖花园', building: '3栋', trade: 'waterproofing', warrantyEndsOn: '2031-06-30' });
  await api('POST', `/api/v1/contractors/${contractorId}/deposit`, { amountFen: 10_000_00 });
  await api('POST', '/api/v1/users', { ...CONTRACTOR, name: '防水公司报修员', role: 'contractor', contractorId });
  const owner = await api<{ id: string; addresses: { id: string }[] }>('POST', '/api/v1/customers', {
    name: '李业主',
    phone: '13912345678',
    address: { city: '深圳', line: '翠湖路 1 号', estate: '翠湖花园', building: '3栋', unit: '2单元', room: '1201' },
  });
  // The owner's leak was reported 25 hours ago (a letter entered late): the contractor's 24 h have passed.
  const ticket = await api<{ id: string; contractorId: string }>('POST', '/api/v1/tickets', {
    customerId: owner.id,
    addressId: owner.addresses[0]!.id,
    channel: 'phone',
    description: '卫生间漏水到楼下',
    trade: 'waterproofing',
    estimatedValueFen: 800_00,
    reportedAt: new Date(Date.now() - 25 * 3_600_000).toISOString(),
  });
  ticketId = ticket.id;
  // R8: three of the four parties sign the repair off; the project department signs later, in the test.
  for (const [party, signerName] of [['repair_department', '维修部 王经理'], ['owner', '李业主'], ['supervising_engineer', '监理 陈工']]) {
    await api('POST', `/api/v1/tickets/${ticket.id}/signoffs`, { party, signerName, typed: true });
  }
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

async function modalText(page: Page, testId: string, text: string) {
  await settled(page);
  await page.fill(`[data-testid=${testId}]`, text);
  await page.click('.ant-modal-footer .ant-btn-primary');
  await page.waitForSelector('.ant-modal', { state: 'hidden' });
}

describe('contractors in the browser (R2-R9)', () => {
  it('R3-R9: a leak on 3栋 2单元 1201 finds the waterproofing contractor, which accepts on its portal but misses 24 h; the centre repairs it, 200 % is deducted with its evidence, and the quarter’s statement is disputed on a line and settled', async () => {
    expect((await api<{ contractorId: string }>('GET', `/api/v1/tickets/${ticketId}`)).contractorId).toBe(contractorId);

    // The contractor's portal: its ticket, accepted.
    const portal = await s.page({ onFailure: 'contractors-failed-portal' });
    await signIn(portal.page, CONTRACTOR);
    await portal.page.goto(`/tickets/${ticketId}`);
    await portal.page.waitForSelector('[data-testid=ticket-contractor]');
    await portal.page.click('[data-testid=portal-accept]');
    await portal.page.waitForSelector('[data-testid=portal-accept]', { state: 'detached' });
    await shot(portal.page, '01-portal-accepted');

    // The agent sees who is responsible and takes the repair over.
    const agent = await s.page({ onFailure: 'contractors-failed-agent' });
    await signIn(agent.page, AGENT);
    await agent.page.goto(`/tickets/${ticketId}`);
    await agent.page.waitForSelector('[data-testid=ticket-contractor-name]');
    expect(await agent.page.locator('[data-testid=ticket-contractor-name]').innerText()).toContain('深圳市防水工程有限公司');
    await agent.page.click('[data-testid=contractor-self-repair]');
    await modalText(agent.page, 'contractor-reason', '超过 24 小时未到场，服务部自行维修');
    await agent.page.waitForSelector('[data-testid=contractor-self-repair]', { state: 'detached' });
    await shot(agent.page, '02-self-repair');

    // Finance deducts 200 % of the cost (R6).
    const finance = await s.page({ onFailure: 'contractors-failed-finance' });
    await signIn(finance.page, FINANCE);
    await finance.page.goto(`/tickets/${ticketId}`);
    await finance.page.click('[data-testid=contractor-deduct]');
    await settled(finance.page);
    await finance.page.fill('[data-testid=deduct-cost]', '650');
    await finance.page.click('.ant-modal-footer .ant-btn-primary');
    // R8: not settled before all four have signed; the panel says who is still to sign.
    await finance.page.waitForSelector('[data-testid=deduct-unsigned]');
    expect(await finance.page.locator('[data-testid=deduct-unsigned]').innerText()).toContain('项目部');
    await shot(finance.page, '02b-deduct-unsigned');
    await api('POST', `/api/v1/tickets/${ticketId}/signoffs`, { party: 'project_department', signerName: '项目部 赵经理', typed: true });
    await finance.page.click('.ant-modal-footer .ant-btn-primary');
    await finance.page.waitForSelector('.ant-message-success');
    const ledger = await api<{ balanceFen: number; items: { rule: string; amountFen: number; evidence: { clock?: { breached: boolean } } }[] }>('GET', `/api/v1/contractors/${contractorId}/ledger`);
    expect(ledger.items.at(-1)).toMatchObject({ rule: 'R6', amountFen: -1300_00, evidence: { clock: { breached: true } } });
    await finance.page.goto(`/contractors/${contractorId}`);
    await finance.page.waitForSelector('[data-testid=contractor-ledger]');
    expect(await finance.page.locator('[data-testid=contractor-balance]').innerText()).toContain('8,700.00');
    await finance.page.fill('[data-testid=statement-quarter]', quarter);
    await finance.page.click('[data-testid=statement-issue]');
    await finance.page.waitForSelector(`[data-testid=statement-status-${quarter}]`);
    await shot(finance.page, '03-ledger-statement');

    // The contractor disputes the line on its portal.
    await portal.page.goto('/portal/statements');
    await portal.page.click('.ant-collapse-header');
    await portal.page.click('[data-testid=statement-dispute]');
    await modalText(portal.page, 'statement-text', '业主自行改造卫生间导致渗漏，非防水质量问题');
    await portal.page.waitForSelector('[data-testid=statement-dispute]', { state: 'detached' });
    await shot(portal.page, '04-disputed');

    // The centre accepts it: the deduction is reversed and the statement is settled.
    await finance.page.reload();
    await finance.page.click('.ant-collapse-header');
    await finance.page.click('[data-testid=statement-accept]');
    await modalText(finance.page, 'statement-text', '经现场核实属业主改造，冲回扣款');
    await expect.poll(() => finance.page.locator(`[data-testid=statement-status-${quarter}]`).innerText()).toContain('已结清');
    await shot(finance.page, '05-settled');
    expect((await api<{ balanceFen: number }>('GET', `/api/v1/contractors/${contractorId}/ledger`)).balanceFen).toBe(10_000_00);
    expect([...portal.errors, ...agent.errors, ...finance.errors]).toEqual([]);
  });
});
