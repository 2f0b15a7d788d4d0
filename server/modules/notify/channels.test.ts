import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, createHarness, fixedClock, type AppHarness, type Harness } from '../../test/harness';
import { caller } from '../../test/http';
import { outboxOf } from '../../test/inspect';

/*
 * The channels behind the outbox, against real receivers started here: an SMTP server
 * (smtp-server) and an HTTP gateway (node:http) that checks each request's signature.
 * Loops are driven by calling `deliverOnce` with the clock moved by hand.
 */

const SECRETS = { smtpPassword: 'Smtp-pass-5517-secret', smsSigningSecret: 'sms-signing-secret-0042-abcdef', wechatSigningSecret: 'wechat-signing-secret-7781-xyz' };

interface Mail {
  from: string;
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
let smtpLogins: { user: string; pass: string }[] = [];

interface GatewayRequest {
  path: string;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  signatureValid: boolean;
}
const requests: GatewayRequest[] = [];
/** What the gateway answers next (200 by default). */
let gatewayStatus = 200;
let gateway: Server;
let gatewayUrl = '';

function verify(secret: string, header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m) return false;
  return createHmac('sha256', secret).update(`${m[1]}.${body}`).digest('hex') === m[2];
}

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      smtpLogins.push({ user: auth.username ?? '', pass: auth.password ?? '' });
      if (auth.username === 'mailer' && auth.password === SECRETS.smtpPassword) callback(null, { user: 'mailer' });
      else callback(new Error('bad login'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;

  gateway = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const secret = req.url === '/sms' ? SECRETS.smsSigningSecret : SECRETS.wechatSigningSecret;
      requests.push({ path: req.url ?? '', body: JSON.parse(text) as Record<string, unknown>, headers: req.headers, signatureValid: verify(secret, req.headers['x-shouhou-signature'] as string | undefined, text) });
      res.statusCode = gatewayStatus;
      res.end();
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(resolve));
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
});

let h: Harness | AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  mails.length = 0;
  requests.length = 0;
  smtpLogins = [];
  gatewayStatus = 200;
});

/** Decodes RFC 2047 words (`=?UTF-8?B?…?=`) in a header. */
function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
    kind.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
  );
}

/** A received mail's subject, body (base64 text) and Message-ID. */
function readMail(raw: string) {
  const [head, ...rest] = raw.split('\r\n\r\n');
  const headers = head!.replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(headers)?.[1] ?? '';
  return { subject: decodeWords(header('Subject')), body: Buffer.from(rest.join('\r\n\r\n').replace(/\s+/g, ''), 'base64').toString('utf8'), messageId: header('Message-ID') };
}

const channelSettings = (extra: Record<string, unknown> = {}) => ({
  messages: {
    smtpHost: '127.0.0.1',
    smtpPort,
    smtpSecurity: 'none',
    smtpUser: 'mailer',
    smtpFrom: 'service@example.cn',
    smsUrl: `${gatewayUrl}/sms`,
    smsTemplates: ['sla.breached=SMS_900', '*=SMS_100'],
    wechatUrl: `${gatewayUrl}/wechat`,
    wechatTemplates: ['*=WX_TPL_1'],
    ...extra,
  },
});

async function configure(harness: Harness, extra: Record<string, unknown> = {}) {
  const org = await harness.services.identity.getOrganisation(harness.orgId);
  await harness.services.identity.updateOrganisation(harness.admin, org.version, { settings: channelSettings(extra) });
}

async function staffWithAddresses(harness: Harness, role: 'technician' | 'supervisor' = 'technician') {
  const actor = await harness.actorWithRole(role, { name: '李技师' });
  await harness.services.identity.updateUser(harness.admin, actor.userId, null, { email: `${actor.username}@example.cn`, phone: '13800138000' });
  return actor;
}

async function enqueue(harness: Harness, topic: string, recipient: string, payload: Record<string, unknown> = {}) {
  await harness.services.notify.enqueue(harness.database.db, { orgId: harness.orgId, topic, recipient, payload, dedupeKey: `${topic}:${recipient}:${Math.random()}` });
}

async function deliveries(harness: Harness, topic?: string) {
  return (await harness.services.notify.messageLog(harness.admin, { topic, limit: 50 })).flatMap((m) => m.deliveries.map((d) => ({ ...d, topic: m.topic })));
}

const withSecrets = { config: { channelSecrets: SECRETS } };

describe('channels behind the outbox', () => {
  it('sends e-mail over SMTP with a Chinese subject and body, signed in with the password from the environment', async () => {
    h = await createHarness(withSecrets);
    await configure(h);
    const tech = await staffWithAddresses(h);
    await enqueue(h, 'sla.breached', `user:${tech.userId}`, { ticketNumber: 'BX-20261127-0007', dueAt: '2026-11-27T01:30:00.000Z' });

    expect(await h.services.notify.deliverOnce()).toBeGreaterThan(0);
    expect(mails).toHaveLength(1);
    const mail = readMail(mails[0]!.raw);
    expect(mails[0]!.to).toEqual([`${tech.username}@example.cn`]);
    expect(mails[0]!.from).toBe('service@example.cn');
    expect(mail.subject).toBe('【已超时】工单 BX-20261127-0007 已超过服务时限');
    expect(mail.body).toBe('工单 BX-20261127-0007 已超过服务时限（截止 2026-11-27 09:30），请立即处理。');
    expect(smtpLogins).toEqual([{ user: 'mailer', pass: SECRETS.smtpPassword }]);
    const [email] = (await deliveries(h)).filter((d) => d.channel === 'email');
    expect(email).toMatchObject({ status: 'sent', attempts: 1, address: `${tech.username}@example.cn`, lastError: null });
    // The stable id travels as the Message-ID: the same on every attempt.
    expect(mail.messageId).toContain(`.email.user.${tech.userId}@shouhou`);
  });

  it('an unknown topic is sent with the generic Chinese text', async () => {
    h = await createHarness(withSecrets);
    await configure(h);
    const tech = await staffWithAddresses(h);
    await enqueue(h, 'warehouse.something_new', `user:${tech.userId}`, { ticketNumber: 'BX-1' });
    await h.services.notify.deliverOnce();
    const mail = readMail(mails[0]!.raw);
    expect(mail.subject).toBe('【售后服务】新通知：warehouse.something_new');
    expect(mail.body).toContain('工单：BX-1');
  });

  it('sends SMS to a customer as a signed request; WeChat is skipped without consent and sent with it', async () => {
    h = await createHarness(withSecrets);
    await configure(h);
    const customer = await h.services.customers.createCustomer(h.admin, { name: '王女士', phone: '13912345678', email: 'wang@example.cn', address: { city: '深圳', line: '深南大道1号' } });
    await enqueue(h, 'appointment.reminder', `customer:${customer.id}`, { day: '2026-11-28', start: '09:00', end: '11:00' });
    await h.services.notify.deliverOnce();

    expect(requests).toHaveLength(1);
    const sms = requests[0]!;
    expect(sms.path).toBe('/sms');
    expect(sms.signatureValid).toBe(true);
    expect(sms.body).toMatchObject({ channel: 'sms', to: '13912345678', templateId: 'SMS_100', text: '提醒：技师将于 2026-11-28 09:00–11:00 上门服务，请保持电话畅通。' });
    expect(sms.headers['idempotency-key']).toBe(sms.body.id);
    expect(String(sms.body.id)).toMatch(new RegExp(`:sms:customer:${customer.id}$`));
    // A request signed with another key is one the gateway would refuse.
    expect(verify('another-secret-of-enough-length', sms.headers['x-shouhou-signature'] as string, JSON.stringify(sms.body))).toBe(false);

    let log = await deliveries(h);
    expect(log.map((d) => [d.channel, d.status, d.lastError])).toEqual([
      ['sms', 'sent', null],
      ['wechat', 'skipped', 'no WeChat subscription consent on file'],
    ]);

    const prefs = await h.services.notify.setPreferences(h.admin, 'customer', customer.id, { channels: {}, wechatOpenid: 'oWX-openid-123', wechatConsent: true });
    expect(prefs.wechatConsentAt).toEqual(h.clock());
    await enqueue(h, 'appointment.reminder', `customer:${customer.id}`, { day: '2026-11-29', start: '14:00', end: '16:00' });
    await h.services.notify.deliverOnce();
    const wechat = requests.find((r) => r.path === '/wechat')!;
    expect(wechat.signatureValid).toBe(true);
    expect(wechat.body).toMatchObject({ channel: 'wechat', to: 'oWX-openid-123', templateId: 'WX_TPL_1' });
    log = await deliveries(h);
    expect(log.filter((d) => d.channel === 'wechat').map((d) => d.status).sort()).toEqual(['sent', 'skipped']);

    // Consent withdrawn while a message waits out quiet hours: it is not sent when they end.
    h.clock.set('2026-11-27T15:00:00Z');
    await enqueue(h, 'appointment.reminder', `customer:${customer.id}`, { day: '2026-11-30', start: '09:00', end: '11:00' });
    await h.services.notify.deliverOnce();
    await h.services.notify.setPreferences(h.admin, 'customer', customer.id, { channels: {}, wechatOpenid: 'oWX-openid-123', wechatConsent: false });
    h.clock.set('2026-11-28T00:00:00Z');
    const before = requests.filter((r) => r.path === '/wechat').length;
    await h.services.notify.deliverOnce();
    expect(requests.filter((r) => r.path === '/wechat')).toHaveLength(before);
    expect((await deliveries(h)).filter((d) => d.channel === 'wechat').map((d) => d.status).sort()).toEqual(['sent', 'skipped', 'skipped']);
  });

  it('retries a failing channel with doubling waits and gives up after the maximum attempts, keeping the error', async () => {
    const clock = fixedClock('2026-11-27T02:00:00Z');
    h = await createHarness({ ...withSecrets, clock });
    await configure(h, { maxAttempts: 3, retryAfterMinutes: 1, smtpHost: '' });
    const tech = await staffWithAddresses(h);
    gatewayStatus = 503;
    await enqueue(h, 'sla.breached', `user:${tech.userId}`, { ticketNumber: 'BX-2' });

    await h.services.notify.deliverOnce();
    let [sms] = await deliveries(h);
    expect(sms).toMatchObject({ channel: 'sms', status: 'pending', attempts: 1, lastError: 'gateway answered HTTP 503' });
    expect(sms!.nextAttemptAt).toEqual(new Date('2026-11-27T02:01:00Z'));

    await h.services.notify.deliverOnce(); // not due yet
    expect(requests).toHaveLength(1);
    clock.advance(60_000);
    await h.services.notify.deliverOnce();
    [sms] = await deliveries(h);
    expect(sms).toMatchObject({ status: 'pending', attempts: 2 });
    expect(sms!.nextAttemptAt).toEqual(new Date('2026-11-27T02:03:00Z'));
    clock.advance(2 * 60_000);
    await h.services.notify.deliverOnce();
    [sms] = await deliveries(h);
    expect(sms).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, lastError: 'gateway answered HTTP 503' });
    expect(requests).toHaveLength(3);
    // The same stable id on every attempt, for the gateway to drop repeats.
    expect(new Set(requests.map((r) => r.body.id)).size).toBe(1);
    clock.advance(24 * 3600_000);
    await h.services.notify.deliverOnce();
    expect(requests).toHaveLength(3);
  });

  it('a delivery that fails once is sent on its retry', async () => {
    const clock = fixedClock('2026-11-27T02:00:00Z');
    h = await createHarness({ ...withSecrets, clock });
    await configure(h, { smtpHost: '' });
    const tech = await staffWithAddresses(h);
    gatewayStatus = 500;
    await enqueue(h, 'sla.breached', `user:${tech.userId}`);
    await h.services.notify.deliverOnce();
    gatewayStatus = 200;
    clock.advance(60_000);
    await h.services.notify.deliverOnce();
    const [sms] = await deliveries(h);
    expect(sms).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('quiet hours hold a message until they end; a breach goes out at once', async () => {
    // 23:30 in Shanghai.
    const clock = fixedClock('2026-11-27T15:30:00Z');
    h = await createHarness({ ...withSecrets, clock });
    await configure(h);
    const tech = await staffWithAddresses(h);
    await enqueue(h, 'sla.warning', `user:${tech.userId}`, { ticketNumber: 'BX-3' });
    await enqueue(h, 'sla.breached', `user:${tech.userId}`, { ticketNumber: 'BX-4' });
    await h.services.notify.deliverOnce();

    expect(mails.map((m) => readMail(m.raw).subject)).toEqual(['【已超时】工单 BX-4 已超过服务时限']);
    const warning = (await deliveries(h, 'sla.warning'))[0]!;
    expect(warning).toMatchObject({ status: 'pending', attempts: 0 });
    // 08:00 the next morning in Shanghai.
    expect(warning.nextAttemptAt).toEqual(new Date('2026-11-28T00:00:00Z'));

    clock.set('2026-11-27T23:59:00Z');
    await h.services.notify.deliverOnce();
    expect(mails).toHaveLength(1);
    clock.set('2026-11-28T00:00:00Z');
    await h.services.notify.deliverOnce();
    expect(mails.map((m) => readMail(m.raw).subject)).toContain('【时限预警】工单 BX-3 即将超时');
  });

  it('a person’s preferences choose the channels per topic, and a role reaches each of its users', async () => {
    h = await createHarness(withSecrets);
    await configure(h);
    const one = await staffWithAddresses(h, 'supervisor');
    const two = await staffWithAddresses(h, 'supervisor');
    await h.services.notify.setPreferences(one, 'user', one.userId, { channels: { 'sla.escalated': ['sms'], '*': [] }, wechatConsent: false });
    await enqueue(h, 'sla.escalated', 'role:supervisor', { ticketNumber: 'BX-5' });
    await enqueue(h, 'contact.retry', 'role:supervisor', { ticketNumber: 'BX-6' });
    await h.services.notify.deliverOnce();
    const log = await deliveries(h);
    expect(log.filter((d) => d.person === `user:${one.userId}`).map((d) => [d.topic, d.channel])).toEqual([['sla.escalated', 'sms']]);
    expect(log.filter((d) => d.person === `user:${two.userId}`).map((d) => [d.topic, d.channel]).sort()).toEqual([
      ['contact.retry', 'email'],
      ['sla.escalated', 'email'],
    ]);
  });

  it('with no channel configured every message still goes to the log and none is held back', async () => {
    h = await createHarness();
    const tech = await staffWithAddresses(h);
    await enqueue(h, 'sla.breached', `user:${tech.userId}`);
    await enqueue(h, 'appointment.reminder', 'customer:0193a5b0-0000-7000-8000-000000000000');
    await h.services.notify.deliverOnce();
    const outbox = await outboxOf(h);
    expect(outbox.every((m) => m.deliveredAt !== null)).toBe(true);
    expect(await deliveries(h)).toEqual([]);
  });

  it('a channel that is down does not fail the request that raised the message', async () => {
    h = await createHarness(withSecrets);
    // Nothing listens on this port.
    await configure(h, { smtpPort: 1, smsUrl: 'http://127.0.0.1:1/sms', wechatUrl: '' });
    const tech = await staffWithAddresses(h);
    await enqueue(h, 'sla.breached', `user:${tech.userId}`);
    await expect(h.services.notify.deliverOnce()).resolves.toBeGreaterThan(0);
    const log = await deliveries(h);
    expect(log.map((d) => d.status)).toEqual(['pending', 'pending']);
    expect(log.every((d) => d.lastError)).toBe(true);
  });
});

describe('the delivery log and the test button over HTTP', () => {
  it('administrators only; a test message reaches the administrator; no answer carries a secret', async () => {
    const app = await createAppHarness(withSecrets);
    h = app;
    const admin = caller(app.app, app.adminToken);
    const bodies: string[] = [];
    const call = async (...args: Parameters<typeof admin>) => {
      const r = await admin(...args);
      bodies.push(r.body);
      return r;
    };
    const org = await call('GET', '/api/v1/organisation');
    const patched = await call('PATCH', '/api/v1/organisation', { settings: channelSettings() }, { ifMatch: org.json().version });
    expect(patched.statusCode).toBe(200);
    const me = (await call('GET', '/api/v1/auth/me')).json() as { id: string };
    await app.services.identity.updateUser(app.admin, me.id ?? app.admin.userId, null, { email: 'admin@example.cn', phone: '13700137000' });

    expect((await call('GET', '/api/v1/messages/channels')).json()).toEqual({ email: true, sms: true, wechat: true });
    const test = await call('POST', '/api/v1/messages/test', { channel: 'email' });
    expect(test.json()).toEqual({ status: 'sent', error: null, address: 'admin@example.cn' });
    expect(readMail(mails[0]!.raw).subject).toBe('【测试消息】售后服务系统');
    expect(readMail(mails[0]!.raw).body).toContain('邮件');
    const sms = await call('POST', '/api/v1/messages/test', { channel: 'sms' });
    expect(sms.json()).toMatchObject({ status: 'sent', address: '13700137000' });
    expect(requests[0]!.signatureValid).toBe(true);
    gatewayStatus = 502;
    expect((await call('POST', '/api/v1/messages/test', { channel: 'sms' })).json()).toMatchObject({ status: 'failed', error: 'gateway answered HTTP 502' });

    const log = await call('GET', '/api/v1/messages?limit=10');
    expect(log.statusCode).toBe(200);
    const items = log.json().items as { topic: string; deliveries: { channel: string; status: string }[] }[];
    expect(items.filter((m) => m.topic === 'notify.test').flatMap((m) => m.deliveries.map((d) => `${d.channel}:${d.status}`)).sort()).toEqual(['email:sent', 'sms:failed', 'sms:sent']);

    const prefs = await call('PUT', '/api/v1/me/message-preferences', { channels: { 'sla.breached': ['email', 'sms'] }, wechatConsent: true, wechatOpenid: 'oAdmin' });
    expect(prefs.statusCode).toBe(200);
    bodies.push((await call('GET', `/api/v1/message-preferences/users/${me.id}`)).body);
    bodies.push((await call('GET', '/api/openapi.json')).body);
    for (const body of bodies) for (const secret of Object.values(SECRETS)) expect(body).not.toContain(secret);

    const technician = caller(app.app, await app.tokenFor('technician'));
    expect((await technician('GET', '/api/v1/messages')).statusCode).toBe(403);
    expect((await technician('POST', '/api/v1/messages/test', { channel: 'email' })).statusCode).toBe(403);
    expect((await technician('GET', '/api/v1/messages/channels')).statusCode).toBe(403);
    expect((await technician('GET', `/api/v1/message-preferences/users/${me.id}`)).statusCode).toBe(403);
    // Their own preferences are theirs to set.
    const own = await technician('PUT', '/api/v1/me/message-preferences', { channels: { '*': ['sms'] }, wechatConsent: false });
    expect(own.statusCode).toBe(200);
    expect(own.json()).toMatchObject({ channels: { '*': ['sms'] }, wechatConsentAt: null });
    expect((await technician('PUT', '/api/v1/me/message-preferences', { channels: { '*': ['fax'] }, wechatConsent: false })).statusCode).toBe(400);
  });
});
