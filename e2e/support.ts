import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import { launchServer, type ServerProcess } from '../server/test/processes';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
export const SCREENSHOTS = join(process.cwd(), 'e2e/screenshots');

export interface RunningServer {
  url: string;
  process: ServerProcess['child'];
  dataDir: string;
  stop(): Promise<void>;
}

/** The real server, built as `npm start` runs it, on a fresh embedded database; a busy machine may take a while to start it. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shouhou-e2e-'));
  const server = await launchServer({ from: 'built', env: { DATA_DIR: dataDir, ADMIN_PASSWORD: ADMIN.password, DATABASE_URL: '', ...env }, startTimeoutMs: 110_000 });
  return {
    url: server.base,
    process: server.child,
    dataDir,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * S13: the built UI must run under the server's Content-Security-Policy. Every page of every
 * browser test collects the CSP violations the browser logs; `e2e/setup.ts` fails a test file
 * that saw any.
 */
export const cspViolations: string[] = [];

function watchCsp(page: Page): Page {
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|Content-Security-Policy/i.test(text)) cspViolations.push(`${page.url()}: ${text}`);
  });
  return page;
}

function watchContext(context: BrowserContext): BrowserContext {
  context.on('page', watchCsp);
  return context;
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => watchContext(await newContext(options));
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => watchCsp(await newPage(options));
  return browser;
}

export type AdminApi = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<T>;

/** Calls the API as the administrator, for setting up what a test is not about. */
export async function adminApi(url: string): Promise<AdminApi> {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }) });
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

export interface User {
  username: string;
  password: string;
}
export const ADMIN: User = { username: 'admin', password: 'Harness-root-7315' };

/** Signs in through the login page and waits for the signed-in layout. The page must have been made by `newPage` (it knows the server). */
export async function signIn(page: Page, user: User = ADMIN) {
  await page.goto('/');
  await page.waitForSelector('#username');
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.press('#password', 'Enter');
  await page.waitForSelector('[data-testid=user-menu]');
}

/** Draws a zigzag on the page's signature pad, as a finger would, and saves it. */
export async function drawSignature(page: Page) {
  const pad = await page.waitForSelector('[data-testid=signature-pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 22, box.y + box.height / 2 + (i % 2 ? -25 : 25));
  await page.mouse.up();
  await page.click('[data-testid=signature-save]');
}

/** Waits for a zooming dialog to stand still, so that what is measured or clicked stays where it is. */
export async function settled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('.ant-zoom-appear, .ant-zoom-enter, .ant-zoom-appear-active, .ant-zoom-enter-active'));
}

/** A full-page screenshot under `e2e/screenshots/`, after animations have had a moment to end. */
const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * Opens an antd Select (the last one matching `testId`), types `search` if given, and picks the
 * option holding `text`. A click that lands while the list is still sliding in may be lost (on a
 * busy machine the animation takes long), so the list is let settle and the pick retried.
 */
export async function pickOption(page: Page, testId: string, text: string, search?: string) {
  await page.locator(`[data-testid=${testId}]`).last().click();
  if (search) await page.keyboard.type(search);
  await page.waitForSelector(OPEN_DROPDOWN);
  for (let attempt = 0; ; attempt++) {
    await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown[class*=-appear], .ant-select-dropdown[class*=-enter]'));
    await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option:visible`, { hasText: text }).first().click();
    try {
      await page.waitForFunction((selector) => !document.querySelector(selector), OPEN_DROPDOWN, { timeout: 3000 });
      return;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
}

export async function shot(page: Page, name: string) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export const DESK = { width: 1366, height: 860 };
export const PHONE = { width: 390, height: 844 };

export interface PageOptions {
  /** A desk screen by default; `phone` is 390×844 with touch. */
  viewport?: { width: number; height: number };
  phone?: boolean;
  /** The browser's language; zh-CN unless the test is about choosing one. */
  locale?: string | null;
  /** Screenshot name for when the test fails; none when omitted. */
  onFailure?: string;
}

export interface TestPage {
  page: Page;
  /** Uncaught errors in the page; a test ends by expecting none. */
  errors: string[];
}

/**
 * A page of its own (its own cookies) that knows the server, so `page.goto('/tickets')` works,
 * with uncaught page errors collected and, when asked, a screenshot if the test fails.
 * Call it inside a test.
 */
export async function newPage(browser: Browser, server: RunningServer, options: PageOptions = {}): Promise<TestPage> {
  const context: BrowserContextOptions = {
    baseURL: server.url,
    viewport: options.viewport ?? (options.phone ? PHONE : DESK),
    ...(options.phone ? { isMobile: true, hasTouch: true } : {}),
    ...(options.locale === null ? {} : { locale: options.locale ?? 'zh-CN' }),
  };
  const page = await browser.newPage(context);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  if (options.onFailure) {
    const name = options.onFailure;
    onTestFailed(async () => {
      if (!page.isClosed()) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    });
  }
  return { page, errors };
}

export interface Suite {
  server: RunningServer;
  browser: Browser;
  api: AdminApi;
  /** `newPage` for this suite's browser and server. */
  page(options?: PageOptions): Promise<TestPage>;
  /** `shot` with the suite's prefix: `dispatch-01-board.png`. */
  shot(page: Page, name: string): Promise<void>;
}

/**
 * A file's server, browser and admin API, started before its tests and stopped after them.
 * `prefix` starts the names of its screenshots; `setup` makes what every test of the file needs.
 */
export function suite(prefix: string, setup?: (s: Suite) => Promise<void>, env: Record<string, string> = {}): Suite {
  const s = {
    page: (options: PageOptions = {}) => newPage(s.browser, s.server, options),
    shot: (page: Page, name: string) => shot(page, `${prefix}${name}`),
  } as Suite;
  beforeAll(async () => {
    s.server = await startServer(env);
    s.browser = await launchBrowser();
    s.api = await adminApi(s.server.url);
    await setup?.(s);
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.server?.stop();
  });
  return s;
}
