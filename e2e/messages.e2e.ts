import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickOption, signIn, suite } from './support';

/**
 * Messages in the browser: the administrator configures e-mail, presses the test button on the
 * message log, and the test mail arrives in a local SMTP server's mailbox in Chinese; everyone
 * sets their own channels from the user menu.
 */
const SMTP_PASSWORD = 'E2e-smtp-pass-2231';
const s = suite('messages-', undefined, { SMTP_PASSWORD });

const mails: { to: string[]; raw: string }[] = [];
let smtp: SMTPServer;
beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth: (auth, _session, callback) => (auth.password === SMTP_PASSWORD ? callback(null, { user: auth.username }) : callback(new Error('bad login'))),
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

const subjectOf = (raw: string) => {
  const head = raw.split('\r\n\r\n')[0]!.replace(/\r\n[ \t]+/g, ' ');
  const subject = /^Subject: (.*)$/im.exec(head)?.[1] ?? '';
  return subject.replace(/\?=\s+=\?/g, '?==?').replace(/=\?utf-8\?b\?([^?]*)\?=/gi, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
};

describe('messages', () => {
  it('the test button sends the administrator a Chinese e-mail, and the log shows it sent', async () => {
    const org = await s.api<{ version: number }>('GET', '/api/v1/organisation');
    const port = (smtp.server.address() as AddressInfo).port;
    await s.api('PATCH', '/api/v1/organisation', { settings: { messages: { smtpHost: '127.0.0.1', smtpPort: port, smtpSecurity: 'none', smtpUser: 'mailer', smtpFrom: 'service@example.cn' } } }, { 'if-match': String(org.version) });
    const me = await s.api<{ id: string }>('GET', '/api/v1/auth/me');
    const user = await s.api<{ version: number }>('GET', `/api/v1/users/${me.id}`);
    await s.api('PATCH', `/api/v1/users/${me.id}`, { email: 'admin@example.cn' }, { 'if-match': String(user.version) });

    const { page, errors } = await s.page({ onFailure: 'messages-failed' });
    await signIn(page);
    await page.goto('/settings/messages');
    await page.waitForSelector('[data-testid=message-test-email]:not([disabled])');
    expect(await page.locator('[data-testid=message-test-sms]').isDisabled()).toBe(true);
    await page.click('[data-testid=message-test-email]');
    await page.waitForSelector('.ant-message-success >> text=测试消息已发送');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['admin@example.cn']);
    expect(subjectOf(mails[0]!.raw)).toBe('【测试消息】售后服务系统');
    await page.waitForSelector('[data-testid=message-delivery] >> text=已送达');
    await s.shot(page, '01-log');
    expect(errors).toEqual([]);
  });

  it('a person chooses their channels for a topic from the user menu', async () => {
    const { page, errors } = await s.page({ onFailure: 'messages-prefs-failed' });
    await signIn(page);
    await page.click('[data-testid=user-menu]');
    await page.click('text=消息接收设置');
    await page.waitForSelector('[data-testid="prefs-default-sla.warning"]');
    await page.click('[data-testid="prefs-default-sla.warning"]');
    await page.click('[data-testid="prefs-sla.warning-sms"]');
    await page.click('[data-testid=prefs-wechat-consent]');
    await s.shot(page, '02-preferences');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForSelector('.ant-message-success >> text=消息接收设置已保存');
    const saved = await s.api<{ channels: Record<string, string[]>; wechatConsentAt: string | null }>('GET', '/api/v1/me/message-preferences');
    expect(saved.channels).toEqual({ 'sla.warning': ['sms'] });
    expect(saved.wechatConsentAt).not.toBeNull();
    expect(errors).toEqual([]);
  });

  it('an administrator sets a staff member’s channels on the message log page', async () => {
    const tech = await s.api<{ id: string }>('POST', '/api/v1/users', { username: 'zhao', password: 'Messages-tech-2026', name: '赵师傅', role: 'technician' });
    const { page, errors } = await s.page({ onFailure: 'messages-admin-prefs-failed' });
    await signIn(page);
    await page.goto('/settings/messages');
    await pickOption(page, 'prefs-user', '赵师傅', '赵');
    await page.waitForSelector('.ant-modal-title >> text=赵师傅');
    await page.click('[data-testid="prefs-default-*"]');
    await page.click('[data-testid="prefs-*-email"]');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForSelector('.ant-message-success >> text=消息接收设置已保存');
    const saved = await s.api<{ channels: Record<string, string[]> }>('GET', `/api/v1/message-preferences/users/${tech.id}`);
    expect(saved.channels).toEqual({ '*': ['email'] });
    expect(errors).toEqual([]);
  });
});
