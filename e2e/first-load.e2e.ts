import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE, signIn, suite } from './support';

/**
 * The first load on a slow phone network: the login page, and the technician's day once signed in,
 * at 390×844 under Chromium DevTools' "Slow 4G" preset (devtools-frontend,
 * front_end/core/sdk/NetworkManager.ts, `Slow4GConditions`): 150 ms RTT × 3.75 = 562.5 ms latency,
 * 1.6 Mbps × 0.9 = 180,000 bytes/s down, 750 kbps × 0.9 = 84,375 bytes/s up.
 * Figures are printed as `first-load: …` lines; docs/benchmarks.md records them.
 *
 * The goal is 2 s for both. The login page comes with its form already drawn (login.html, rendered
 * at build time), so it is measured twice: until the user name field shows, and until the form is
 * usable (React has taken it over and it says `data-ready`; before that a press does nothing). The
 * form shows well within 2 s; usable is about 2 s and its CPU part varies with the shared two-core
 * test machine's load (see docs/benchmarks.md), so what is asserted for it is what was reached, with
 * room for a busy machine: no antd, no query cache and no catalogue before the form, few small
 * files, and nothing refetched that the cache holds.
 */
const SLOW_4G = { offline: false, latency: 150 * 3.75, downloadThroughput: (1.6 * 1000 * 1000 / 8) * 0.9, uploadThroughput: (750 * 1000 / 8) * 0.9 };
const GOAL_MS = 2000;
/** Reached: a median of about 0.7 s (login form shown), 2.0–2.1 s (usable) and 1.7 s (cached day) here; these bounds catch a return to antd, or to the scripts drawing the form. */
const LOGIN_BOUND_MS = 3500;
const LOGIN_MAX_KIB = 120;
const RUNS = 3;

const TECH = { username: 'chenyong', password: 'Suzhou-dayshift-2026' };

const s = suite('first-load-', async ({ api }) => {
  const tech = await api<{ id: string }>('POST', '/api/v1/users', { username: TECH.username, password: TECH.password, name: '陈勇', role: 'technician', grade: 'senior' });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '苏州工业园区物业', phone: '051262345678', address: '苏州市工业园区星湖街 328 号' });
  const ticket = await api<{ id: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, channel: 'phone', description: '中央空调不制冷' });
  const accepted = await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
  await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'dispatch', technicianId: tech.id }, { 'if-match': String(accepted.version) });
});

async function throttle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  return cdp;
}

/**
 * From the navigation's start until `selector` is visible, in ms, and until `ready` is in the page
 * (the login form says `data-ready` once React has it: before that it shows but does not sign in),
 * with the bytes that came over the network meanwhile.
 */
async function timeLoad(page: Page, path: string, selector: string, ready?: string) {
  let bytes = 0;
  let requests = 0;
  const count = (response: import('playwright-core').Response) => {
    requests++;
    void response.request().sizes().then((sizes) => (bytes += sizes.responseBodySize + sizes.responseHeadersSize), () => {});
  };
  page.on('response', count);
  const started = Date.now();
  await page.goto(path, { waitUntil: 'commit' });
  await page.waitForSelector(selector, { state: 'visible', timeout: 60_000 });
  const ms = Date.now() - started;
  if (ready) await page.waitForSelector(ready, { state: 'attached', timeout: 60_000 });
  const readyMs = Date.now() - started;
  page.off('response', count);
  return { ms, readyMs, bytes, requests };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function report(name: string, runs: { ms: number; readyMs: number; bytes: number; requests: number }[], what = 'visible') {
  const ms = median(runs.map((r) => r.ms));
  const readyMs = median(runs.map((r) => r.readyMs));
  const kib = Math.round(median(runs.map((r) => r.bytes)) / 1024);
  const requests = median(runs.map((r) => r.requests));
  console.log(`first-load: ${name}: ${what} median ${ms} ms (runs ${runs.map((r) => r.ms).join(', ')}); ${kib} KiB in ${requests} responses; goal ${GOAL_MS} ms ${ms < GOAL_MS ? 'met' : 'not met'}`);
  if (readyMs !== ms) console.log(`first-load: ${name}: usable median ${readyMs} ms (runs ${runs.map((r) => r.readyMs).join(', ')}); goal ${GOAL_MS} ms ${readyMs < GOAL_MS ? 'met' : 'not met'}`);
  return { ms, readyMs, kib, requests };
}

describe('the first load on Slow 4G at 390×844', () => {
  it('loads the login page with an empty cache, in few small files', async () => {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const { page, errors } = await s.page({ phone: true, onFailure: 'first-load-failed-login' });
      await throttle(page);
      runs.push(await timeLoad(page, '/login', '#username', 'form[data-ready]'));
      expect(errors).toEqual([]);
      if (i === 0) {
        await s.shot(page, '01-login');
        expect(await page.title()).toBe('登录 - 售后服务管理系统');
        expect(await page.getAttribute('link[rel=icon]', 'href')).toBe('/favicon.svg');
        // Plain HTML: nothing of antd on the first screen.
        expect(await page.locator('[class*="ant-"]').count()).toBe(0);
        await page.click('button[type=submit]');
        expect(await page.locator('.login-field-error').allTextContents()).toEqual(['请填写', '请填写']);
        await page.fill('#username', 'chenyong');
        await page.fill('#password', 'not-the-password');
        await page.press('#password', 'Enter');
        await page.locator('[role=alert]').waitFor({ timeout: 20_000 });
        await s.shot(page, '01b-login-refused');
        await page.click('button[role=radio]:has-text("EN")');
        await page.locator('label[for=username]:has-text("Username")').waitFor();
        expect(await page.title()).toBe('Sign in - After-Sales Service Management');
      }
      await page.context().close();
    }
    const login = report('login page, empty cache', runs);
    // The page (its stylesheet inline), the shell's script, the bundler's runtime and React's; no chart code.
    expect(login.requests).toBeLessThanOrEqual(5);
    expect(login.kib).toBeLessThan(LOGIN_MAX_KIB);
    // The form shows with the page, before the scripts have come.
    expect(login.ms).toBeLessThan(GOAL_MS);
    expect(login.readyMs).toBeLessThan(LOGIN_BOUND_MS);
  });

  it('shows the form before its scripts arrive, keeps what is typed meanwhile, and signs in only once they have', async () => {
    const { page, errors } = await s.page({ phone: true, onFailure: 'first-load-failed-early-typing' });
    const logged: string[] = [];
    page.on('console', (message) => void (message.type() === 'error' && logged.push(message.text())));
    await throttle(page);
    await page.goto('/login', { waitUntil: 'commit' });
    await page.waitForSelector('#username', { state: 'visible', timeout: 60_000 });
    // The form is drawn by the page itself (login.html); React has not taken it over yet.
    expect(await page.locator('form[data-ready]').count()).toBe(0);
    // Marked, to tell afterwards that React kept this very field rather than drawing a new one.
    await page.evaluate(() => Object.assign(document.getElementById('username')!, { drawnByThePage: true }));
    await page.fill('#username', TECH.username);
    await page.fill('#password', TECH.password);
    await page.press('#password', 'Enter');
    expect(await page.locator('form[data-ready]').count(), 'typed before the scripts came').toBe(0);
    await s.shot(page, '01c-login-before-scripts');
    await page.waitForSelector('form[data-ready]', { state: 'attached', timeout: 60_000 });
    // The press did not send the form (no password in the address), and what was typed is still there.
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login');
    expect(await page.inputValue('#username')).toBe(TECH.username);
    expect(await page.inputValue('#password')).toBe(TECH.password);
    expect(await page.evaluate(() => (document.getElementById('username') as unknown as { drawnByThePage?: boolean }).drawnByThePage)).toBe(true);
    expect(logged.filter((text) => /hydrat|Minified React error/i.test(text))).toEqual([]);
    await page.press('#password', 'Enter');
    await page.waitForURL((url) => url.pathname === '/my-day', { timeout: 60_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads the technician’s day once signed in from the cache, and says how long it takes with an empty cache', async () => {
    const { page, errors } = await s.page({ viewport: PHONE, phone: true, onFailure: 'first-load-failed-my-day' });
    await signIn(page, TECH);
    await page.waitForSelector('[data-testid=my-job]');
    const cdp = await throttle(page);
    const warm = [];
    for (let i = 0; i < RUNS; i++) warm.push(await timeLoad(page, '/my-day', '[data-testid=my-job]'));
    await s.shot(page, '02-my-day');
    const cold = [];
    for (let i = 0; i < RUNS; i++) {
      await cdp.send('Network.clearBrowserCache');
      // The offline worker and what it keeps go too: an empty cache is a phone that never came here.
      await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'service_workers,cache_storage' });
      cold.push(await timeLoad(page, '/my-day', '[data-testid=my-job]'));
    }
    expect(errors).toEqual([]);
    expect(await page.title()).toBe('我的一天 - 售后服务管理系统');
    const cached = report('technician’s day, signed in, cached', warm);
    report('technician’s day, signed in, empty cache', cold);
    // Hashed files come from the cache without asking: what crosses the network is the page and the API's answers.
    expect(cached.kib).toBeLessThan(50);
  });
});
