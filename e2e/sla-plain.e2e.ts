import { describe, expect, it } from 'vitest';
import { signIn, suite } from './support';

/*
 * SLA that reads plainly, for the office at 1366×768: the ticket's card names the policy and
 * says which clocks wait for their start; a list badge names its clock; an urgent emergency is
 * one tag; the seeded policies carry no requirement codes.
 */

const AGENT = { username: 'kefu', password: 'Answers-calls-5521' };
let ticketId = '';
let ticketNumber = '';
let urgentNumber = '';

const s = suite('sla-plain-', async ({ api }) => {
  await api('POST', '/api/v1/users', { ...AGENT, name: '郑客服', role: 'hotline_agent' });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '冯先生', phone: '13933334444', address: { city: '深圳', district: '南山区', line: '科技园 8 号' } });
  const urgent = await api<{ number: string }>('POST', '/api/v1/tickets', { customerId: customer.id, channel: 'phone', description: '空调不制冷，家中有老人', priority: 'urgent', emergency: true });
  urgentNumber = urgent.number;
  const ticket = await api<{ id: string; number: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, channel: 'phone', description: '洗衣机不脱水' });
  ticketId = ticket.id;
  ticketNumber = ticket.number;
  await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
});

describe('SLA that reads plainly', () => {
  it('the card names its policy and the clocks still waiting; the list badge names its clock; an urgent emergency is one tag', async () => {
    const { page, errors } = await s.page({ onFailure: 'sla-plain-failed' });
    await signIn(page, AGENT);
    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=sla-policy]');
    const policy = await page.locator('[data-testid=sla-policy]').innerText();
    expect(policy).toMatch(/^按『.+』计时$/);
    expect(policy).not.toMatch(/[A-Z]\d/);
    // Accepted, not dispatched: the dispatch-to-completion clock waits for the dispatch.
    await page.waitForSelector('[data-testid^=clock-waiting-]');
    expect(await page.locator('[data-testid^=clock-waiting-]').first().innerText()).toContain('起点发生后开始计时');
    await s.shot(page, '01-ticket-card');

    await page.goto('/tickets');
    const row = page.locator('tr', { hasText: ticketNumber });
    await row.waitFor();
    const badge = await row.locator('[data-testid=sla-badge]').innerText();
    expect(badge).toMatch(/^(受理到派工|首次响应|故障解决)\s/);
    // One tag for an urgent emergency, not "紧急 紧急".
    const urgentRow = page.locator('tr', { hasText: urgentNumber });
    expect((await urgentRow.innerText()).match(/紧急/g)?.length).toBe(1);
    await s.shot(page, '02-list');
    expect(errors).toEqual([]);
  });
});
