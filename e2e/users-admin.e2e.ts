import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pickOption, settled, signIn, suite } from './support';

/**
 * An administrator runs users at a desk (1366×768, zh-CN): makes a team, puts a technician in
 * it and changes their phone in the edit drawer, resets their password and hands the temporary
 * one over (the technician signs in with it, the old session ends), and deactivates a user,
 * whose open session ends at once.
 */
const DESK = { width: 1366, height: 768 };
const PASSWORD = process.env.TEST_PASSWORD ?? 'Harness-key-4821';
const s = suite('users-admin-');

interface Created {
  id: string;
  username: string;
}

const row = (page: Page, text: string) => page.locator('.ant-table-row', { hasText: text });

describe('users an administrator can run', () => {
  it('creates a team, edits a user’s team and phone, resets a password, deactivates a user', async () => {
    const tech = await s.api<Created>('POST', '/api/v1/users', { username: 'e2e_zhang', password: PASSWORD, name: '张建国', role: 'technician', phone: '13800000001' });
    const leaver = await s.api<Created>('POST', '/api/v1/users', { username: 'e2e_li', password: PASSWORD, name: '李离职', role: 'hotline_agent' });

    // The technician and the leaver are signed in elsewhere.
    const techPage = await s.page({ viewport: DESK });
    await signIn(techPage.page, { username: tech.username, password: PASSWORD });
    const leaverPage = await s.page({ viewport: DESK });
    await signIn(leaverPage.page, { username: leaver.username, password: PASSWORD });

    const { page, errors } = await s.page({ viewport: DESK, onFailure: 'users-admin-failed' });
    await signIn(page);
    await page.goto('/users');
    await page.waitForSelector('[data-testid=manage-teams]');

    // A team, from the managed list.
    await page.click('[data-testid=manage-teams]');
    await page.waitForSelector('[data-testid=team-name]');
    await settled(page);
    await page.fill('[data-testid=team-name]', '南山维修一组');
    await page.click('[data-testid=team-add]');
    await page.locator('.ant-modal .ant-table-row', { hasText: '南山维修一组' }).waitFor();
    // The same name again is refused on the field, in Chinese.
    await page.fill('[data-testid=team-name]', '南山维修一组');
    await page.click('[data-testid=team-add]');
    await page.locator('.ant-modal .ant-form-item-explain-error', { hasText: '已存在' }).waitFor();
    await s.shot(page, '01-teams');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid=team-name]', { state: 'hidden' });

    // Search finds the technician by phone; the drawer puts them in the team with a new phone.
    await page.fill('[data-testid=user-search] input', '13800000001');
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    await page.click(`[data-testid=edit-${tech.username}]`);
    await page.waitForSelector('[data-testid=user-save]');
    await page.waitForTimeout(400);
    await pickOption(page, 'user-team', '南山维修一组');
    await page.fill('[data-testid=user-phone]', '13912345678');
    await s.shot(page, '02-drawer');
    await page.click('[data-testid=user-save]');
    await page.waitForSelector('[data-testid=user-save]', { state: 'hidden' });
    await page.fill('[data-testid=user-search] input', '');
    await row(page, '张建国').filter({ hasText: '南山维修一组' }).filter({ hasText: '13912345678' }).waitFor();

    // Filter by team: only the technician.
    await pickOption(page, 'filter-team', '南山维修一组');
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
    await s.shot(page, '03-filtered');
    await page.locator('[data-testid=filter-team] .ant-select-clear').click({ force: true });

    // A temporary password, shown once.
    await page.click(`[data-testid=edit-${tech.username}]`);
    await page.waitForSelector('[data-testid=user-save]');
    await page.waitForTimeout(400);
    await page.click('[data-testid=user-reset]');
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    const temporary = (await page.locator('[data-testid=temporary-password]').innerText()).trim();
    expect(temporary).toMatch(/^[A-Za-z0-9]{14}$/);
    await s.shot(page, '04-temporary-password');
    await page.keyboard.press('Escape');

    // The technician's old session has ended; the temporary password signs them in.
    await techPage.page.reload();
    await techPage.page.waitForSelector('#username');
    await signIn(techPage.page, { username: tech.username, password: temporary });
    // The administrator knows it: a new password of their own comes first, and the dialog cannot be closed.
    await techPage.page.waitForSelector('[data-testid=must-change-password]');
    await s.shot(techPage.page, '05-must-change-password');
    await techPage.page.fill('#currentPassword', temporary);
    await techPage.page.fill('#newPassword', 'Zhang-ziji-2026');
    await techPage.page.fill('#confirm', 'Zhang-ziji-2026');
    await techPage.page.locator('.ant-modal-footer .ant-btn-primary').click();
    await techPage.page.waitForSelector('[data-testid=must-change-password]', { state: 'detached' });
    await s.shot(techPage.page, '05b-own-password-set');

    // Deactivating asks first, and ends the leaver's session.
    await page.waitForSelector('[data-testid=user-save]', { state: 'hidden' });
    await row(page, '李离职').locator('.ant-switch').click();
    await page.locator('.ant-modal-confirm', { hasText: '李离职' }).waitFor();
    await s.shot(page, '06-deactivate-confirm');
    await page.locator('.ant-modal-confirm .ant-btn-dangerous').click();
    await expect.poll(() => row(page, '李离职').locator('.ant-switch-checked').count()).toBe(0);
    await leaverPage.page.reload();
    await leaverPage.page.waitForSelector('#username');
    await s.shot(page, '07-deactivated');

    expect(errors).toEqual([]);
    expect(techPage.errors).toEqual([]);
  });
});
