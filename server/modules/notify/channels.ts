import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { ChannelName } from '../../../shared/contracts/messages';
import type { OrgSettings } from '../../../shared/settings';
import { templateFor } from './delivery-rules';

/*
 * The adapters behind the outbox: e-mail over SMTP (nodemailer), SMS and WeChat through an
 * HTTP gateway the organisation names, each request signed with HMAC-SHA256. No vendor SDK:
 * the gateway (the organisation's own, or a small relay to its SMS vendor, 公众号 or WeCom)
 * verifies the signature and speaks the vendor's protocol.
 */

export type ChannelSettings = OrgSettings['messages'];

/** From the server's environment (server/config.ts); never stored, returned or logged. */
export interface ChannelSecrets {
  smtpPassword: string | undefined;
  smsSigningSecret: string | undefined;
  wechatSigningSecret: string | undefined;
}

/** One message to one person through one channel. */
export interface Outgoing {
  /** The stable id `<message>:<channel>:<person>`: the same on every attempt, for the receiver to drop repeats. */
  key: string;
  channel: ChannelName;
  topic: string;
  to: string;
  subject: string;
  body: string;
  params: Record<string, string>;
}

const TIMEOUT_MS = 10_000;

/** The channels an organisation has configured: an address in its settings and, where needed, the secret. */
export function configuredChannels(settings: ChannelSettings, secrets: ChannelSecrets): Set<ChannelName> {
  const on = new Set<ChannelName>();
  if (settings.smtpHost && settings.smtpFrom) on.add('email');
  if (settings.smsUrl && secrets.smsSigningSecret) on.add('sms');
  if (settings.wechatUrl && secrets.wechatSigningSecret) on.add('wechat');
  return on;
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the header a gateway checks. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export async function sendEmail(settings: ChannelSettings, secrets: ChannelSecrets, out: Outgoing): Promise<void> {
  const transport = nodemailer.createTransport({
    host: settings.smtpHost,
    port: settings.smtpPort,
    secure: settings.smtpSecurity === 'tls',
    requireTLS: settings.smtpSecurity === 'starttls',
    ignoreTLS: settings.smtpSecurity === 'none',
    auth: settings.smtpUser ? { user: settings.smtpUser, pass: secrets.smtpPassword ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({
      from: settings.smtpFrom,
      to: out.to,
      subject: out.subject,
      text: out.body,
      textEncoding: 'base64',
      messageId: `<${out.key.replace(/[^\w.-]/g, '.')}@shouhou>`,
      headers: { 'X-Shouhou-Topic': out.topic },
    });
  } finally {
    transport.close();
  }
}

/** SMS and WeChat: one signed POST to the gateway; anything but 2xx is a failure to retry. */
export async function sendSigned(url: string, secret: string, templates: readonly string[], out: Outgoing, now: Date): Promise<void> {
  const body = JSON.stringify({
    id: out.key,
    channel: out.channel,
    topic: out.topic,
    to: out.to,
    templateId: templateFor(templates, out.topic),
    subject: out.subject,
    text: out.body,
    params: out.params,
  });
  const timestamp = Math.floor(now.getTime() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shouhou-signature': signature(secret, timestamp, body), 'idempotency-key': out.key },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`gateway answered HTTP ${response.status}`);
}

export async function send(settings: ChannelSettings, secrets: ChannelSecrets, out: Outgoing, now: Date): Promise<void> {
  if (out.channel === 'email') return sendEmail(settings, secrets, out);
  if (out.channel === 'sms') return sendSigned(settings.smsUrl, secrets.smsSigningSecret ?? '', settings.smsTemplates, out, now);
  return sendSigned(settings.wechatUrl, secrets.wechatSigningSecret ?? '', settings.wechatTemplates, out, now);
}
