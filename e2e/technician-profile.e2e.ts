import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { adminApi, launchBrowser, SCREENSHOTS, startServer, type RunningServer } from './support';

/** A technician's profile in the browser: a skill is picked by its name and kept as the code tickets match. */
let server: RunningServer;
let browser: Browser;
beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a technician’s profile', () => {
  it('offers asset kinds by name as skills and stores the kind a ticket is matched by', async () => {
    const api = await adminApi(server.url);
    const tech = await api<{ id: string }>('POST', '/api/v1/users', { username: 'wang', password: 'tech-password', name: '王师傅', role: 'technician' });
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.url);
    await page.fill('#username', 'admin');
    await page.fill('#password', 'Harness-root-7315');
    await page.press('#password', 'Enter');
    await page.waitForSelector('[data-testid=user-menu]');
    await page.goto(`${server.url}/dispatch/technicians/${tech.id}`);
    await page.waitForSelector('[data-testid=profile-save]');
    await page.click('text=添加技能');
    await page.click('[data-testid=skill-line]');
    await page.keyboard.type('家电');
    await page.waitForSelector('.ant-select-item-option >> text=家电');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    await page.click('[data-testid=profile-save]');
    await page.waitForSelector('text=已保存');
    await page.screenshot({ path: `${SCREENSHOTS}/profile-skills.png`, fullPage: true });
    const profile = await api<{ skills: { productLine: string; level: number }[] }>('GET', `/api/v1/dispatch/technicians/${tech.id}`);
    expect(profile.skills).toEqual([{ productLine: 'appliance', level: 2 }]);
    // After a reload the skill reads as its name again.
    await page.reload();
    await page.waitForSelector('[data-testid=skill-line] >> text=家电');
    expect(errors).toEqual([]);
  });
});
