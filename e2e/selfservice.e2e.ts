import { describe, expect, it } from 'vitest';
import { signIn, suite } from './support';

/*
 * The customer's own side on a phone: scan an asset's QR label (open its URL), report the fault
 * with a photo, follow the tracking link, and rate the finished repair; a low rating reaches the
 * supervisor as a follow-up task.
 */

// A 2×2 PNG: a real image by its bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const SUPERVISOR = { username: 'zhuguan', password: 'Keeps-an-eye-8431' };

let assetId = '';
let customerId = '';
let technicianId = '';

const s = suite('selfservice-', async ({ api }) => {
  const org = await api<{ version: number }>('GET', '/api/v1/organisation');
  await api('PATCH', '/api/v1/organisation', { settings: { selfservice: { hotline: '400-820-8820' } } }, { 'if-match': String(org.version) });
  await api('POST', '/api/v1/users', { ...SUPERVISOR, name: '赵主管', role: 'supervisor' });
  technicianId = (await api<{ id: string }>('POST', '/api/v1/users', { username: 'wangshifu', password: 'Wang-fixes-heaters-77', name: '王师傅', role: 'technician', grade: 'senior', employmentStatus: 'regular', phone: '13600001234' })).id;
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '林女士', phone: '13911112222', address: { city: '深圳', district: '福田区', line: '彩田路 18 号' } });
  customerId = customer.id;
  assetId = (await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'WH2026000123', brand: '万和', productName: '燃气热水器', model: 'JSQ24', purchasedOn: '2026-06-01' })).id;
});

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
    await page.fill('[data-testid=qr-name]', '林女士');
    await page.fill('[data-testid=qr-phone]', '13911112222');
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

    // Through dispatch to completion, by the office.
    let version = view.version;
    for (const body of [{ action: 'accept' }, { action: 'dispatch', technicianId }, { action: 'start' }, { action: 'complete' }]) {
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
