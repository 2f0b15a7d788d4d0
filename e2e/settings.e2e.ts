import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { zhCN } from '../shared/i18n/zh-CN';
import { SETTINGS_CATALOGUE, SETTINGS_TABS, UNIT_SCALE, settingsOfTab, toShown, toStored, type SettingKind, type SettingsTab } from '../shared/settings-catalogue';
import { signIn, suite } from './support';

/**
 * The settings page edits every business rule, a tab at a time, in the units an administrator
 * reads: yuan, per cent, hours. Each setting is changed here, its tab saved, and read back
 * through the API (in fen, basis points, minutes) and after a reload: a field the server would
 * refuse, or a unit converted wrongly, fails.
 */
const s = suite('settings-');
const VIEWPORT = { width: 1366, height: 768 };
const TABS = Object.keys(SETTINGS_TABS) as SettingsTab[];

type Tree = { [key: string]: Value | Tree };
type Value = number | string | boolean | number[] | string[];

/** A requirement's code (R5, M10, E2…) must never reach the page; "A4" is a paper size. */
const REQUIREMENT_CODE = /(?<![A-Za-z0-9])[WMRHECADTPS]\d{1,2}(?![0-9])/;

const valueAt = (tree: Tree, path: string) => path.split('.').reduce<unknown>((node, k) => (node as Tree)[k], tree) as Value;
const kindOf = (path: string): SettingKind => SETTINGS_CATALOGUE[path]!;
const unitText = (kind: SettingKind) => {
  if (kind.type !== 'number' && kind.type !== 'numberList') return '';
  const label = UNIT_SCALE[kind.unit].label;
  return label ? (zhCN as Record<string, string>)[`settings.unit.${label}`]! : '';
};

/** A key's name as a tag shows it (`body` → 钣金), or the key itself when it has none. */
const keyName = (list: string, key: string) => (zhCN as Record<string, string>)[`enum.${list}.${key}`] ?? key;

/** A new value each setting accepts, different from its default, stored as the server keeps it. */
function changed(path: string, value: Value): Value {
  if (path === 'tickets.numberPrefix') return 'WX';
  if (path === 'selfservice.hotline') return '400-820-8820';
  if (path === 'selfservice.publicOrigin') return 'https://fw.example.com';
  if (path === 'workshop.stagePlan') return 'body,paint,polish,qc';
  if (path === 'workshop.checklist') return 'exterior,tyres,glass,lights,interior,trunk';
  if (path === 'delivery.checklist') return [...(value as string[]).slice(1), '试机演示'];
  if (path === 'sla.warnAtBp') return [4000, 8000, 9500];
  if (path === 'billing.ageingBucketDays') return [15, 45, 90, 180];
  if (path === 'parts.divisibleUnits') return [...(value as string[]).slice(1), '卷'];
  if (typeof value === 'boolean') return !value;
  if (path === 'messages.smtpHost') return 'smtp.example.cn';
  if (path === 'messages.smtpSecurity') return 'starttls';
  if (path === 'messages.smtpUser') return 'service';
  if (path === 'messages.smtpFrom') return 'service@example.cn';
  if (path === 'messages.smsUrl') return 'https://sms-gateway.example.cn/send';
  if (path === 'messages.smsTemplates') return ['sla.breached=SMS_900', '*=SMS_100'];
  if (path === 'messages.wechatUrl') return 'https://wechat-gateway.example.cn/send';
  if (path === 'messages.wechatTemplates') return ['*=WX_TPL_1'];
  if (path === 'messages.routing') return ['sla.breached=ticket.assignee,role:dispatcher', 'rating.low=recipient,user:admin'];
  if (path === 'messages.quietStart') return '21:30';
  if (path === 'messages.quietEnd') return '07:30';
  const kind = kindOf(path);
  if (typeof value === 'number' && kind.type === 'number') {
    // One and a half of the unit read where it has places (¥800 → ¥801.50), one more where it has none.
    const step = UNIT_SCALE[kind.unit].decimals ? 1.5 : 1;
    return toStored(kind.unit, toShown(kind.unit, value) + step);
  }
  throw new Error(`no new value for ${path}: the test must learn to edit it`);
}

/** What the form shows for a stored number: in its unit read, without trailing zeros. */
const shownText = (path: string, stored: number) => {
  const kind = kindOf(path);
  return String(kind.type === 'number' || kind.type === 'numberList' ? toShown(kind.unit, stored) : stored);
};

const field = (page: Page, path: string) => page.locator(`[id="${path}"]`);
const formItem = (page: Page, path: string) => page.locator('.ant-form-item').filter({ has: field(page, path) });

async function openTab(page: Page, tab: SettingsTab) {
  await page.click(`[data-testid=settings-tab-${tab}]`);
  await page.locator(`[data-testid=settings-form-${tab}]`).waitFor();
}

/** Saves a tab and returns what it sent. */
async function saveTab(page: Page, tab: SettingsTab): Promise<{ settingsGroups: Tree }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/organisation') && r.request().method() === 'PATCH'),
    page.click(`[data-testid=settings-save-${tab}]`),
  ]);
  expect(response.status(), await response.text()).toBe(200);
  return response.request().postDataJSON() as { settingsGroups: Tree };
}

/** Types into a tags field: the old tags removed with Backspace, the new ones entered one by one. */
async function setTags(page: Page, path: string, tags: string[]) {
  await field(page, path).click();
  for (let n = (await tagsOf(page, path)).length; n > 0; n--) await page.keyboard.press('Backspace');
  expect(await tagsOf(page, path)).toEqual([]);
  for (const tag of tags) {
    await page.keyboard.type(tag);
    await page.keyboard.press('Enter');
  }
  await page.keyboard.press('Escape');
}

function tagsOf(page: Page, path: string) {
  return formItem(page, path).locator('[data-testid=settings-tag]').allTextContents();
}

describe('the settings page', () => {
  it('shows ¥800 of base pay as 800 under 元, and saving 900 stores 90000 fen, sending only its tab', async () => {
    const org = await s.api<{ settings: Tree }>('GET', '/api/v1/organisation');
    expect(valueAt(org.settings, 'pay.baseSalaryFen.junior.probation')).toBe(800_00);

    const { page, errors } = await s.page({ viewport: VIEWPORT, onFailure: 'settings-yuan-failed' });
    await signIn(page);
    await page.goto('/settings');
    await openTab(page, 'pay');
    const salary = 'pay.baseSalaryFen.junior.probation';
    expect(await field(page, salary).inputValue()).toBe('800');
    await expect.poll(() => formItem(page, salary).innerText()).toContain('元');
    expect(await formItem(page, 'pay.commissionRateBp').innerText()).toContain('%');
    expect(await field(page, 'pay.commissionRateBp').inputValue()).toBe('15');
    await s.shot(page, '01-pay-in-yuan');

    await field(page, salary).fill('900');
    const sent = await saveTab(page, 'pay');
    // A tab sends its own groups and nothing else.
    expect(Object.keys(sent.settingsGroups).sort()).toEqual([...SETTINGS_TABS.pay].sort());
    expect(JSON.stringify(sent)).not.toContain('"sla"');
    const saved = await s.api<{ settings: Tree }>('GET', '/api/v1/organisation');
    expect(valueAt(saved.settings, salary)).toBe(900_00);
    expect(valueAt(saved.settings, 'pay.commissionRateBp')).toBe(1_500);

    await page.reload();
    await openTab(page, 'pay');
    expect(await field(page, salary).inputValue()).toBe('900');
    expect(errors).toEqual([]);
  });

  it('edits every setting tab by tab, saves each, and shows the same values after a reload, with no requirement code on any tab', async () => {
    const org = await s.api<{ settings: Tree }>('GET', '/api/v1/organisation');
    const expected = Object.keys(SETTINGS_CATALOGUE).map((path) => {
      const value = valueAt(org.settings, path);
      return { path, value, next: changed(path, value) };
    });

    const { page, errors } = await s.page({ viewport: VIEWPORT, onFailure: 'settings-failed' });
    await signIn(page);
    await page.goto('/settings');
    await page.waitForSelector('[id="__name"]');

    await field(page, '__name').fill('深圳快修服务有限公司');
    await field(page, '__timeZone').click();
    await page.keyboard.type('Asia/Urumqi');
    await page.keyboard.press('Enter');
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/organisation') && r.request().method() === 'PATCH' && r.status() === 200),
      page.click('[data-testid=settings-save-organisation]'),
    ]);

    for (const [n, tab] of TABS.entries()) {
      await openTab(page, tab);
      const form = page.locator(`[data-testid=settings-form-${tab}]`);
      // Every field on the tab is one the test edits: a new setting cannot be left untried.
      expect({ tab, fields: await form.locator('.ant-form-item').count() }).toEqual({ tab, fields: settingsOfTab(tab).length });
      const text = await form.innerText();
      expect({ tab, code: text.replaceAll('A4', '').match(REQUIREMENT_CODE)?.[0] }).toEqual({ tab, code: undefined });
      for (const { path, next } of expected.filter((e) => settingsOfTab(tab).includes(e.path))) {
        const kind = kindOf(path);
        if (Array.isArray(next)) await setTags(page, path, next.map((v) => (typeof v === 'number' ? shownText(path, v) : v)));
        else if (kind.type === 'keyList') await setTags(page, path, (next as string).split(','));
        else if (typeof next === 'boolean') await field(page, path).click();
        else if (kind.type === 'choice') {
          await field(page, path).click();
          await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${next}"]`).click();
        } else await field(page, path).fill(typeof next === 'number' ? shownText(path, next) : String(next));
      }
      await s.shot(page, `${String(n + 2).padStart(2, '0')}-${tab}`);
      await saveTab(page, tab);
    }
    expect(await page.locator('.ant-message-error').count()).toBe(0);

    const saved = await s.api<{ name: string; timeZone: string; settings: Tree }>('GET', '/api/v1/organisation');
    expect(saved.name).toBe('深圳快修服务有限公司');
    expect(saved.timeZone).toBe('Asia/Urumqi');
    for (const { path, next } of expected) expect({ path, value: valueAt(saved.settings, path) }).toEqual({ path, value: next });

    await page.reload();
    await page.waitForSelector('[id="__name"]');
    expect(await field(page, '__name').inputValue()).toBe('深圳快修服务有限公司');
    expect(await formItem(page, '__timeZone').innerText()).toContain('Asia/Urumqi');
    for (const tab of TABS) {
      await openTab(page, tab);
      for (const { path, next } of expected.filter((e) => settingsOfTab(tab).includes(e.path))) {
        const kind = kindOf(path);
        if (typeof next === 'boolean') expect({ path, checked: await field(page, path).getAttribute('aria-checked') }).toEqual({ path, checked: String(next) });
        else if (Array.isArray(next)) expect({ path, tags: await tagsOf(page, path) }).toEqual({ path, tags: next.map((v) => (typeof v === 'number' ? `${shownText(path, v)}${unitText(kind)}` : v)) });
        else if (kind.type === 'keyList') expect({ path, tags: await tagsOf(page, path) }).toEqual({ path, tags: (next as string).split(',').map((key) => keyName(kind.list, key)) });
        else if (kind.type === 'choice') expect({ path, value: (await formItem(page, path).innerText()).includes(String(next)) }).toEqual({ path, value: true });
        else expect({ path, value: await field(page, path).inputValue() }).toEqual({ path, value: typeof next === 'number' ? shownText(path, next) : String(next) });
      }
    }
    await s.shot(page, '10-reloaded');
    expect(errors).toEqual([]);
  });
});
