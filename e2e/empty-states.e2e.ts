import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, suite } from './support';

/*
 * A fresh organisation at 1366×768, zh-CN: the administrator's first look at the ticket list
 * (with and without filters), the customers, the technicians and the dispatch board. Each empty
 * page says what to do next, and its button goes where it says.
 */

const SCREEN = { width: 1366, height: 768 };
const s = suite('empty-states-');

async function emptyOn(page: Page, path: string, testId: string, text: string) {
  await page.goto(path);
  const empty = page.locator(`[data-testid=${testId}]`);
  await empty.waitFor();
  expect(await empty.innerText()).toContain(text);
  return empty;
}

describe('empty states of a fresh organisation', () => {
  it('say what to do on the tickets, customers, technicians and the board, with a button that goes there', async () => {
    const { page, errors } = await s.page({ viewport: SCREEN, onFailure: 'empty-states-failed' });
    await signIn(page);

    // Filtered: nothing matches; clearing the filters shows the list's own empty state.
    const filtered = await emptyOn(page, '/tickets?emergency=true', 'tickets-empty-filtered', '没有符合这些条件的工单');
    await s.shot(page, '01-tickets-filtered');
    await filtered.getByRole('button', { name: '清除筛选' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('emergency')).toBeNull();
    const tickets = page.locator('[data-testid=tickets-empty]');
    await tickets.waitFor();
    expect(await tickets.innerText()).toContain('还没有工单。客户来电时从「电话报修」登记第一张工单。');
    await s.shot(page, '02-tickets');
    await tickets.getByRole('button', { name: /电话报修/ }).click();
    await page.waitForURL('**/intake');

    // Customers: the button opens the new-customer form.
    const customers = await emptyOn(page, '/customers', 'customers-empty', '还没有客户。来电登记时会自动建档，也可以在这里新建。');
    await s.shot(page, '03-customers');
    await customers.getByRole('button', { name: /新建客户/ }).click();
    await page.locator('.ant-modal-title', { hasText: '新建客户' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.ant-modal-title', { hasText: '新建客户' }).waitFor({ state: 'hidden' });

    // Technicians: the button goes to the users page, where technicians are added.
    const technicians = await emptyOn(page, '/dispatch/technicians', 'technicians-empty', '还没有技师。在「用户管理」中新建角色为技师的用户，并分配班组。');
    await s.shot(page, '04-technicians');
    await technicians.getByRole('button', { name: /去添加用户/ }).click();
    await page.waitForURL('**/users');
    await page.getByRole('button', { name: /新建用户/ }).waitFor();

    // The dispatch board: the same way to the users page.
    const board = await emptyOn(page, '/dispatch/board', 'board-empty', '看板上没有技师。先在「用户管理」添加技师并分配班组。');
    await s.shot(page, '05-board');
    await board.getByRole('button', { name: /去添加用户/ }).click();
    await page.waitForURL('**/users');
    await page.getByRole('button', { name: /新建用户/ }).waitFor();

    expect(errors).toEqual([]);
  });
});
