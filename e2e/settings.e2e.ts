import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, suite } from './support';

/**
 * The settings page edits every number of the business rules. Each one is changed here, saved,
 * and read back after a reload: a field the server would refuse (a list shown as loose
 * inputs, a percentage stored as an object) fails the save.
 */
const s = suite('settings-');

type Tree = { [key: string]: Value | Tree };
type Value = number | string | boolean | number[] | string[];

/** The settings' leaves with their dotted paths; a list is one leaf. */
function leaves(tree: Tree, prefix: string[] = []): { path: string; value: Value }[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && !Array.isArray(v) ? leaves(v as Tree, [...prefix, k]) : [{ path: [...prefix, k].join('.'), value: v as Value }]));
}

/** Shown in yuan or per cent when stored in fen or basis points, as the nearest name says (`pay.baseSalaryFen.junior.regular`). */
const scaled = (path: string) => path.split('.').some((k) => k.endsWith('Fen') || k.endsWith('Bp'));

/** A new value each setting accepts, different from its default. */
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
  if (typeof value === 'number') return scaled(path) ? value + 150 : value + 1;
  throw new Error(`no new value for ${path}: the test must learn to edit it`);
}

const field = (page: Page, path: string) => page.locator(`[id="${path}"]`);

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
  return page.locator('.ant-form-item').filter({ has: field(page, path) }).locator('[data-testid=settings-tag]').allTextContents();
}

describe('the settings page', () => {
  it('edits every setting on the page, saves, and shows the same values after a reload', async () => {
    const org = await s.api<{ name: string; settings: Tree }>('GET', '/api/v1/organisation');
    const all = leaves(org.settings);
    const expected = all.map((l) => ({ ...l, next: changed(l.path, l.value) }));

    const { page, errors } = await s.page({ onFailure: 'settings-failed' });
    await signIn(page);
    await page.goto('/settings');
    await page.waitForSelector('[id="__name"]');
    // Every field on the page is one the test edits: a new setting cannot be left untried.
    expect(await page.locator('form .ant-form-item').count()).toBe(all.length + 2);

    await field(page, '__name').fill('深圳快修服务有限公司');
    await field(page, '__timeZone').fill('Asia/Urumqi');
    for (const { path, next } of expected) {
      if (Array.isArray(next)) await setTags(page, path, next.map((v) => (typeof v === 'number' ? String(scaled(path) ? v / 100 : v) : v)));
      else if (typeof next === 'boolean') await field(page, path).click();
      else await field(page, path).fill(typeof next === 'number' && scaled(path) ? String(next / 100) : String(next));
    }
    await s.shot(page, '01-edited');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('.ant-message-success >> text=设置已保存');
    expect(await page.locator('.ant-message-error').count()).toBe(0);

    const saved = await s.api<{ name: string; timeZone: string; settings: Tree }>('GET', '/api/v1/organisation');
    expect(saved.name).toBe('深圳快修服务有限公司');
    expect(saved.timeZone).toBe('Asia/Urumqi');
    const stored = new Map(leaves(saved.settings).map((l) => [l.path, l.value]));
    for (const { path, next } of expected) expect({ path, value: stored.get(path) }).toEqual({ path, value: next });

    await page.reload();
    await page.waitForSelector('[id="__name"]');
    expect(await field(page, '__name').inputValue()).toBe('深圳快修服务有限公司');
    expect(await field(page, '__timeZone').inputValue()).toBe('Asia/Urumqi');
    for (const { path, next } of expected) {
      if (typeof next === 'boolean') expect({ path, checked: await field(page, path).getAttribute('aria-checked') }).toEqual({ path, checked: String(next) });
      else if (Array.isArray(next)) expect({ path, tags: await tagsOf(page, path) }).toEqual({ path, tags: next.map((v) => (typeof v === 'number' ? (scaled(path) ? `${v / 100}%` : String(v)) : v)) });
      else expect({ path, value: await field(page, path).inputValue() }).toEqual({ path, value: typeof next === 'number' && scaled(path) ? String(next / 100) : String(next) });
    }
    await s.shot(page, '02-reloaded');
    expect(errors).toEqual([]);
  });
});
