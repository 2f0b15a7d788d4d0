import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { settled, signIn, suite, type Suite } from './support';

/*
 * The customer's own side on a phone: scan an asset's QR label (open its URL), report the fault
 * with a photo (the returning customer's name filled in after the code sent to their phone), follow
 * the tracking link with its visit window and the quote signed on the page, and rate the finished
 * repair; a low rating reaches the supervisor as a follow-up task.
 */

// A 2×2 PNG: a real image by its bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const SUPERVISOR = { username: 'zhuguan', password: 'Keeps-an-eye-8431' };

let assetId = '';
let customerId = '';
let technicianId = '';

/** The SMS gateway: what the server posts to it (the phone code among them). */
const SMS_SIGNING_SECRET = 'E2e-sms-signing-secret-5510';
const texts: { topic: string; to: string; params: Record<string, string> }[] = [];
let gateway: Server | undefined;
afterAll(async () => {
  await new Promise((resolve) => (gateway ? gateway.close(resolve) : resolve(undefined)));
});

async function drawSignature(page: Page) {
  await settled(page);
  const pad = page.locator('[data-testid=signature-pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 22, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 4 });
  await page.mouse.up();
}

async function smsCodeTo(phone: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = texts.find((m) => m.topic === 'selfservice.phone_code' && m.to === phone);
    if (text) return text.params.code!;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code sent to ${phone}`);
}

/** The SMS gateway, the organisation's settings, and the people and unit every test uses. */
async function setup({ api }: Suite) {
  gateway = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      texts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => gateway!.listen(0, '127.0.0.1', resolve));
  const smsUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  const org = await api<{ version: number }>('GET', '/api/v1/organisation');
  // No quiet hours: the code must arrive whatever the time of the run.
  await api(
    'PATCH',
    '/api/v1/organisation',
    { settings: { selfservice: { hotline: '400-820-8820' }, messages: { smsUrl, quietStart: '00:00', quietEnd: '00:00' } } },
    { 'if-match': String(org.version) },
  );
  await api('POST', '/api/v1/users', { ...SUPERVISOR, name: '赵主管', role: 'supervisor' });
  technicianId = (await api<{ id: string }>('POST', '/api/v1/users', { username: 'wangshifu', password: 'Wang-fixes-heaters-77', name: '王师傅', role: 'technician', grade: 'senior', employmentStatus: 'regular', phone: '13600001234' })).id;
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '林女士', phone: '13911112222', address: { city: '深圳', district: '福田区', line: '彩田路 18 号' } });
  customerId = customer.id;
  assetId = (await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'WH2026000123', brand: '万和', productName: '燃气热水器', model: 'JSQ24', purchasedOn: '2026-06-01' })).id;
}

const s = suite('selfservice-', setup, { SMS_SIGNING_SECRET });

describe('QR report, tracking and rating on a phone', () => {
  it('D1: scan, report with a photo, follow the tracking link, rate the finished repair 2; the supervisor gets the follow-up', async () => {
    const { api } = s;
    const { path } = await api<{ path: string }>('POST', `/api/v1/assets/${assetId}/qr-link`);
    expect(path).toMatch(/^\/r\/[A-Za-z0-9_-]{24}$/);

    const { page, errors } = await s.page({ phone: true, onFailure: 'selfservice-failed' });
    await page.goto(path);
    await page.waitForSelector('[data-testid=qr-product]');
    expect(await page.locator('[data-testid=qr-product]').innerText()).toBe('万和 燃气热水器 JSQ24');
    expect(await page.locator('[data-testid=qr-serial]').innerText()).toBe('******0123');
    const before = await page.locator('body').innerText();
    expect(before).not.toContain('林女士');
    expect(before).not.toContain('13911112222');
    expect(before).toContain('400-820-8820');
    await s.shot(page, '01-qr-page');

    // Sent empty: the form says what is missing, and nothing is made.
    await page.click('[data-testid=qr-submit]');
    await page.waitForSelector('.ant-form-item-explain-error');
    await page.fill('[data-testid=qr-description]', '热水器打不着火，显示 E1');
    await page.setInputFiles('[data-testid=qr-photos]', { name: 'fault.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForSelector('.selfservice-photos img');
    // A returning customer: the code sent by SMS to the number on file fills in the name.
    await page.fill('[data-testid=qr-phone]', '13911112222');
    await page.click('[data-testid=qr-send-code]');
    await page.waitForSelector('[data-testid=qr-code-sent]');
    await page.fill('[data-testid=qr-code]', await smsCodeTo('13911112222'));
    await s.shot(page, '02a-qr-code');
    await page.click('[data-testid=qr-check-code]');
    await page.waitForSelector('[data-testid=qr-code-ok]');
    expect(await page.locator('[data-testid=qr-name]').inputValue()).toBe('林女士');
    await page.fill('[data-testid=qr-preferred-time]', '周六上午');
    await s.shot(page, '02-qr-filled');
    await page.click('[data-testid=qr-submit]');
    await page.waitForSelector('[data-testid=qr-tracking-link]');
    const number = (await page.locator('[data-testid=qr-done-number]').innerText()).replace(/^.*：/, '');
    const trackingPath = (await page.locator('[data-testid=qr-tracking-link]').getAttribute('href'))!;
    expect(trackingPath).toMatch(/^\/t\/[A-Za-z0-9_-]{43}$/);
    await s.shot(page, '03-qr-done');

    // The ticket: channel qr, on the asset, with the photo.
    const tickets = await api<{ items: { id: string; number: string; version: number }[] }>('GET', `/api/v1/tickets?assetId=${assetId}`);
    const ticket = tickets.items.find((t) => t.number === number)!;
    const view = await api<{ channel: string; warranty: string; version: number }>('GET', `/api/v1/tickets/${ticket.id}`);
    expect(view).toMatchObject({ channel: 'qr', warranty: 'in' });
    const attachments = await api<{ items: { contentType: string }[] }>('GET', `/api/v1/tickets/${ticket.id}/attachments`);
    expect(attachments.items).toMatchObject([{ contentType: 'image/png' }]);

    await page.click('[data-testid=qr-tracking-link]');
    await page.waitForSelector('[data-testid=track-timeline]');
    expect(await page.locator('[data-testid=track-number]').innerText()).toBe(number);
    expect(await page.locator('[data-testid=track-timeline]').innerText()).toContain('已收到您的报修');
    await s.shot(page, '04-tracking-reported');

    // Accepted, a visit planned for tomorrow 09:00–11:00 (Shanghai), and a quote for the customer to approve.
    let version = (await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(view.version) })).version;
    const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId, plannedStart: `${day}T01:00:00Z`, plannedEnd: `${day}T03:00:00Z` }, { 'if-match': String(version) });
    await api('POST', `/api/v1/tickets/${ticket.id}/quotes`, { lines: [{ kind: 'other', description: '更换点火针', quantity: 1, unitPriceFen: 12000 }], requiresApproval: true });
    await page.reload();
    await page.waitForSelector('[data-testid=track-quote]');
    expect(await page.locator('[data-testid=track-appointment]').innerText()).toBe(`${day} 09:00–11:00`);
    expect(await page.locator('[data-testid=track-quote-total]').innerText()).toContain('120.00');
    await page.fill('[data-testid=track-quote-signer]', '林女士');
    await drawSignature(page);
    await s.shot(page, '04a-tracking-quote');
    await page.click('[data-testid=signature-save]');
    await page.waitForSelector('[data-testid=track-quote-status]');
    expect(await page.locator('[data-testid=track-quote-status]').innerText()).toBe('您已同意此报价');
    const quotes = await api<{ items: { status: string }[] }>('GET', `/api/v1/tickets/${ticket.id}/quotes`);
    expect(quotes.items[0]).toMatchObject({ status: 'approved' });

    // On to completion, by the office.
    version = (await api<{ version: number }>('GET', `/api/v1/tickets/${ticket.id}`)).version;
    for (const body of [{ action: 'start' }, { action: 'complete' }]) {
      version = (await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, body, { 'if-match': String(version) })).version;
    }
    await page.reload();
    await page.waitForSelector('[data-testid=track-rate-card]');
    expect(await page.locator('[data-testid=track-status]').innerText()).toBe('已完成');
    const timeline = await page.locator('[data-testid=track-timeline]').innerText();
    for (const step of ['已收到您的报修', '客服已受理', '已安排维修师傅', '正在维修', '维修已完成']) expect(timeline).toContain(step);
    expect(await page.locator('[data-testid=track-technician]').innerText()).toBe('王师傅（136****1234）');
    expect(await page.locator('body').innerText()).not.toContain('13600001234');
    await s.shot(page, '05-tracking-completed');

    await page.locator('[data-testid=track-rate] li').nth(1).click();
    await page.fill('[data-testid=track-comment]', '师傅迟到了两个小时');
    await page.click('[data-testid=track-submit-rating]');
    await page.waitForSelector('[data-testid=track-rated]');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await s.shot(page, '06-tracking-rated');
    expect(errors).toEqual([]);

    // The supervisor's follow-up task.
    const login = await fetch(`${s.server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SUPERVISOR) });
    const { token } = (await login.json()) as { token: string };
    const tasks = (await (await fetch(`${s.server.url}/api/v1/follow-up-tasks?kind=low_rating`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      items: { kind: string; ticket: { id: string } | null; note: string }[];
    };
    expect(tasks.items.find((t) => t.ticket?.id === ticket.id)).toMatchObject({ kind: 'low_rating', note: '2/5：师傅迟到了两个小时' });
    const rating = await api<{ rating: { score: number } }>('GET', `/api/v1/tickets/${ticket.id}/rating`);
    expect(rating.rating.score).toBe(2);

    // The office sees the rating on the ticket page.
    const { page: desk, errors: deskErrors } = await s.page({ onFailure: 'selfservice-failed-ticket' });
    await signIn(desk);
    await desk.goto(`/tickets/${ticket.id}`);
    await desk.waitForSelector('[data-testid=ticket-rating]');
    expect(await desk.locator('[data-testid=ticket-rating]').innerText()).toContain('师傅迟到了两个小时');
    await s.shot(desk, '09-ticket-rating');
    expect(deskErrors).toEqual([]);
  });

  it('staff print a sheet of labels for the assets they select on the customer’s page', async () => {
    const { page, errors } = await s.page({ onFailure: 'selfservice-failed-labels' });
    await signIn(page);
    await page.goto(`/customers/${customerId}`);
    await page.waitForSelector('[data-testid=print-labels-selected]');
    await page.locator('.ant-table-tbody .ant-checkbox-input').first().evaluate((input: HTMLInputElement) => input.click());
    expect(await page.locator('[data-testid=print-labels-selected]').innerText()).toContain('（1）');
    await s.shot(page, '08-customer-labels');
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/asset-labels')), page.click('[data-testid=print-labels-selected]')]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');

    // The customer's WeChat subscription consent, recorded and then withdrawn.
    await page.click('[data-testid=wechat-consent-edit]');
    await page.click('[data-testid=wechat-consent]');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForSelector('.ant-form-item-explain-error');
    await page.fill('[data-testid=wechat-openid]', 'oAbc123-linnvshi');
    await s.shot(page, '08a-customer-wechat');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForFunction(() => document.querySelector('[data-testid=wechat-consent-state]')?.textContent?.startsWith('已同意接收'));
    const prefs = await s.api<{ wechatOpenid: string | null; wechatConsentAt: string | null }>('GET', `/api/v1/message-preferences/customers/${customerId}`);
    expect(prefs).toMatchObject({ wechatOpenid: 'oAbc123-linnvshi' });
    expect(prefs.wechatConsentAt).not.toBeNull();
    await page.click('[data-testid=wechat-consent-edit]');
    await page.click('[data-testid=wechat-consent]');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForFunction(() => document.querySelector('[data-testid=wechat-consent-state]')?.textContent === '未登记同意');
    expect((await s.api<{ wechatConsentAt: string | null }>('GET', `/api/v1/message-preferences/customers/${customerId}`)).wechatConsentAt).toBeNull();
    expect(errors).toEqual([]);
  });

  it('an unknown label says so plainly', async () => {
    const { page, errors } = await s.page({ phone: true });
    await page.goto('/t/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.waitForSelector('[data-testid=track-problem]');
    expect(await page.locator('body').innerText()).toContain('链接无效');
    await page.goto('/r/AAAAAAAAAAAAAAAAAAAAAAAA');
    await page.waitForSelector('[data-testid=qr-problem]');
    await s.shot(page, '07-unknown-label');
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
  });
});
