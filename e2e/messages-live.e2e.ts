import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, suite, type User } from './support';

/*
 * Issue 13's whole loop, as the people in it see it: a customer scans the asset's QR label on a
 * phone and reports with a photo; the tracking link arrives by e-mail in a local SMTP server's
 * mailbox, in Chinese; the customer opens it from the mail and follows the ticket through
 * dispatch and the technician's visit to completion, then rates it 2; the supervisor, with the
 * office open in another browser since before the rating, sees the low-rating follow-up arrive
 * in the bell without reloading.
 */

const SMTP_PASSWORD = 'Live-smtp-pass-6042';
// A 2×2 PNG: a real image by its bytes.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const SUPERVISOR: User = { username: 'qianzhuguan', password: 'Watches-ratings-5520' };
const TECHNICIAN: User = { username: 'sunshifu', password: 'Sun-fixes-boilers-31' };
const CUSTOMER_EMAIL = 'zhou.nvshi@example.cn';

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) => (auth.username === 'mailer' && auth.password === SMTP_PASSWORD ? callback(null, { user: 'mailer' }) : callback(new Error('bad login'))),
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
});

/** Decodes RFC 2047 words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

/** A received single-part mail's subject and text, whichever transfer encoding the sender chose. */
function readMail(raw: string) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = head!.replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(headers)?.[1] ?? '';
  const content = rest.join('\r\n\r\n');
  const encoding = header('Content-Transfer-Encoding').trim().toLowerCase();
  const body =
    encoding === 'base64'
      ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? Buffer.from(content.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8')
        : content;
  return { subject: decodeWords(header('Subject')), body };
}

/** Waits for a mail to `to` whose subject matches, polling the mailbox the test's SMTP server fills. */
async function mailTo(to: string, subject: RegExp, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = mails.map((m) => ({ ...m, ...readMail(m.raw) })).find((m) => m.to.includes(to) && subject.test(m.subject));
    if (found) return found;
    if (Date.now() > until) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms; mailbox: ${JSON.stringify(mails.map((m) => ({ to: m.to, subject: readMail(m.raw).subject })))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The API as a signed-in staff member other than the administrator. */
async function apiAs(url: string, user: User) {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user) });
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}

/** The bell's unread count: its badge's number, 0 when the badge is absent. */
const unreadOf = (page: Page) => page.evaluate(() => Number(document.querySelector('[data-testid=inbox-unread]')?.textContent?.replace(/\D/g, '') || 0));

let assetId = '';
let technicianId = '';

const s = suite(
  'messages-live-',
  async ({ api }) => {
    const org = await api<{ version: number }>('GET', '/api/v1/organisation');
    await api(
      'PATCH',
      '/api/v1/organisation',
      {
        settings: {
          // No quiet hours: the mail goes out whatever the hour the test runs at.
          messages: { smtpHost: '127.0.0.1', smtpPort: (smtp.server.address() as AddressInfo).port, smtpSecurity: 'none', smtpUser: 'mailer', smtpFrom: 'service@example.cn', quietStart: '00:00', quietEnd: '00:00' },
          // No public address set: the mailed link is made whole from the address the phone reported to.
          selfservice: { hotline: '400-820-8820' },
        },
      },
      { 'if-match': String(org.version) },
    );
    await api('POST', '/api/v1/users', { ...SUPERVISOR, name: '钱主管', role: 'supervisor', email: 'qian.zhuguan@example.cn' });
    technicianId = (await api<{ id: string }>('POST', '/api/v1/users', { ...TECHNICIAN, name: '孙师傅', role: 'technician', grade: 'senior', employmentStatus: 'regular', phone: '13700005678' })).id;
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '周女士', phone: '13922223333', email: CUSTOMER_EMAIL, address: { city: '广州', district: '天河区', line: '体育西路 101 号' } });
    // Customers hear by SMS and WeChat unless they chose otherwise; this one chose e-mail.
    await api('PUT', `/api/v1/message-preferences/customers/${customer.id}`, { channels: { '*': ['email'] }, wechatConsent: false });
    assetId = (await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'BG2026004567', brand: '林内', productName: '壁挂炉', model: 'RBS-24', purchasedOn: '2026-05-10' })).id;
  },
  { SMTP_PASSWORD },
);

describe('the customer’s loop and the supervisor’s live inbox', () => {
  it('D1: scan and report with a photo on a phone, the tracking link by e-mail, dispatch to completion, rate 2, and the supervisor’s bell shows the follow-up live', async () => {
    const { api } = s;

    // The supervisor has the office open from the start; the bell is connected to the stream.
    const { page: desk, errors: deskErrors } = await s.page({ onFailure: 'messages-live-failed-desk' });
    await signIn(desk, SUPERVISOR);
    await desk.waitForSelector('[data-testid=inbox-bell]');
    await desk.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    // Scan: the label's URL opens the report page on the phone.
    const { path } = await api<{ path: string }>('POST', `/api/v1/assets/${assetId}/qr-link`);
    const { page, errors } = await s.page({ phone: true, onFailure: 'messages-live-failed-phone' });
    await page.goto(path);
    await page.waitForSelector('[data-testid=qr-product]');
    expect(await page.locator('[data-testid=qr-product]').innerText()).toBe('林内 壁挂炉 RBS-24');
    await s.shot(page, '01-qr-page');

    // Report with a photo.
    await page.fill('[data-testid=qr-description]', '壁挂炉点火后熄火，报 F2');
    await page.setInputFiles('[data-testid=qr-photos]', { name: 'fault.png', mimeType: 'image/png', buffer: PNG });
    await page.waitForSelector('.selfservice-photos img');
    await page.fill('[data-testid=qr-name]', '周女士');
    await page.fill('[data-testid=qr-phone]', '13922223333');
    await page.fill('[data-testid=qr-preferred-time]', '工作日晚上');
    await s.shot(page, '02-qr-filled');
    await page.click('[data-testid=qr-submit]');
    await page.waitForSelector('[data-testid=qr-tracking-link]');
    const submitted = Date.now();
    const number = (await page.locator('[data-testid=qr-done-number]').innerText()).replace(/^.*：/, '');
    await s.shot(page, '03-qr-done');
    const ticket = (await api<{ items: { id: string; number: string }[] }>('GET', `/api/v1/tickets?assetId=${assetId}`)).items.find((t) => t.number === number)!;
    expect(await api<{ channel: string }>('GET', `/api/v1/tickets/${ticket.id}`)).toMatchObject({ channel: 'qr' });
    expect((await api<{ items: { contentType: string }[] }>('GET', `/api/v1/tickets/${ticket.id}/attachments`)).items).toMatchObject([{ contentType: 'image/png' }]);

    // The tracking link arrives in the mailbox, in Chinese, whole.
    const mail = await mailTo(CUSTOMER_EMAIL, /服务进度/);
    const received = Date.now();
    expect(mail.subject).toBe(`【服务进度】工单 ${number} 已受理`);
    expect(mail.body).toContain(`您的报修已受理，工单号 ${number}。查看进度：`);
    const link = new RegExp(`${s.server.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/t/[A-Za-z0-9_-]{43}`).exec(mail.body)?.[0];
    expect(link, mail.body).toBeDefined();

    // The customer opens the link from the mail.
    await page.goto(link!);
    await page.waitForSelector('[data-testid=track-timeline]');
    expect(await page.locator('[data-testid=track-number]').innerText()).toBe(number);
    expect(await page.locator('[data-testid=track-timeline]').innerText()).toContain('已收到您的报修');
    await s.shot(page, '04-tracking-from-mail');

    // The office accepts and dispatches; the customer sees who is coming.
    const view = await api<{ version: number }>('GET', `/api/v1/tickets/${ticket.id}`);
    const accepted = await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(view.version) });
    await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'dispatch', technicianId }, { 'if-match': String(accepted.version) });
    await page.reload();
    await page.waitForSelector('[data-testid=track-technician]');
    expect(await page.locator('[data-testid=track-timeline]').innerText()).toContain('已安排维修师傅');
    expect(await page.locator('[data-testid=track-technician]').innerText()).toBe('孙师傅（137****5678）');
    await s.shot(page, '05-tracking-dispatched');

    // The technician's visit: on the way, on site, at work, the report signed: the ticket completes.
    const tech = await apiAs(s.server.url, TECHNICIAN);
    for (const step of [{ kind: 'acknowledge' }, { kind: 'depart', transport: 'company' }, { kind: 'arrive' }, { kind: 'start' }]) {
      await tech('POST', `/api/v1/tickets/${ticket.id}/field/steps`, step);
    }
    await tech('POST', `/api/v1/tickets/${ticket.id}/field/report`, { faultFound: '点火针积碳', workDone: '清理点火针，更换火焰检测针，试机正常', instructed: ['operation', 'care', 'safety'], signerName: '周女士' });
    await page.reload();
    await page.waitForSelector('[data-testid=track-rate-card]');
    expect(await page.locator('[data-testid=track-status]').innerText()).toBe('已完成');
    const timeline = await page.locator('[data-testid=track-timeline]').innerText();
    for (const step of ['已收到您的报修', '客服已受理', '已安排维修师傅', '师傅已出发', '师傅已到达', '正在维修', '维修已完成']) expect(timeline).toContain(step);
    await s.shot(page, '06-tracking-completed');

    // Before the rating: the supervisor's bell as it stands.
    const unreadBefore = await unreadOf(desk);
    await s.shot(desk, '07-desk-before');

    // The customer rates it 2.
    await page.locator('[data-testid=track-rate] li').nth(1).click();
    await page.fill('[data-testid=track-comment]', '等了三天才上门');
    const rated = Date.now();
    await page.click('[data-testid=track-submit-rating]');
    await page.waitForSelector('[data-testid=track-rated]');

    // The supervisor's bell counts it, without a reload.
    await desk.waitForFunction((before) => Number(document.querySelector('[data-testid=inbox-unread]')?.textContent?.replace(/\D/g, '') || 0) > before, unreadBefore, { timeout: 15_000 });
    const live = Date.now();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await s.shot(page, '08-tracking-rated');
    expect(await desk.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    expect(await unreadOf(desk)).toBe(unreadBefore + 1);
    await s.shot(desk, '09-desk-bell');
    await desk.click('[data-testid=inbox-bell]');
    await desk.waitForSelector('[data-testid=inbox-drawer] [data-testid=inbox-item]');
    const items = await desk.locator('[data-testid=inbox-drawer] [data-testid=inbox-item]').allInnerTexts();
    expect(items[0]).toContain('客户低分评价');
    expect(items[0]).toContain(`【低分评价】工单 ${number} 客户评 2 分`);
    await s.shot(desk, '10-desk-drawer');

    // The message leads to its ticket and is read on the way.
    await desk.locator('[data-testid=inbox-drawer] [data-testid=inbox-item]').first().click();
    await desk.waitForURL(`**/tickets/${ticket.id}`);
    await desk.waitForFunction((before) => Number(document.querySelector('[data-testid=inbox-unread]')?.textContent?.replace(/\D/g, '') || 0) === before, unreadBefore);
    await desk.waitForSelector('[data-testid=ticket-rating]');
    expect(await desk.locator('[data-testid=ticket-rating]').innerText()).toContain('等了三天才上门');
    await s.shot(desk, '11-desk-ticket');

    // Behind the message: the supervisor's follow-up task with the customer's words, and the same message by e-mail.
    const supervisor = await apiAs(s.server.url, SUPERVISOR);
    const tasks = await supervisor<{ items: { ticket: { id: string } | null; note: string }[] }>('GET', '/api/v1/follow-up-tasks?kind=low_rating');
    expect(tasks.items.find((t) => t.ticket?.id === ticket.id)).toMatchObject({ note: '2/5：等了三天才上门' });
    const inbox = await supervisor<{ items: { topic: string; ticketId: string | null }[] }>('GET', '/api/v1/me/inbox');
    expect(inbox.items.filter((i) => i.topic === 'rating.low')).toMatchObject([{ ticketId: ticket.id }]);
    expect((await mailTo('qian.zhuguan@example.cn', /低分评价/)).subject).toBe(`【低分评价】工单 ${number} 客户评 2 分`);

    expect(errors).toEqual([]);
    expect(deskErrors).toEqual([]);
    console.info(`D1 timings: report to mail ${received - submitted} ms, rating sent to the bell counting it ${live - rated} ms`);
  });
});
