import { createHmac } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { WebhookEvent } from '../../../shared/contracts/webhooks';
import type { TicketEventBody } from '../../../shared/contracts/ticket-events';

/*
 * The webhooks' pure rules (no I/O, `now` passed in): which webhook events a ticket event
 * makes, the signature, the backoff, and which addresses are private.
 */

/** The webhook events one recorded ticket event makes, each with what it carries. */
export function webhookEventsOf(event: TicketEventBody): { event: WebhookEvent; data: Record<string, unknown> }[] {
  switch (event.type) {
    case 'created':
      return [{ event: 'ticket.created', data: { status: event.to, ...event.details } }];
    case 'transition': {
      const change = { from: event.from, to: event.to, action: event.details.action };
      const out: { event: WebhookEvent; data: Record<string, unknown> }[] = [{ event: 'ticket.status_changed', data: change }];
      if (event.to === 'closed') out.push({ event: 'ticket.closed', data: change });
      return out;
    }
    case 'sla_alert':
      return event.details.bp >= 10_000 ? [{ event: 'sla.breached', data: { metric: event.details.metric, bp: event.details.bp } }] : [];
    case 'quote': {
      const d = event.details;
      return d.kind === 'decided' && d.decision === 'approved' ? [{ event: 'quote.approved', data: { quoteId: d.quoteId, version: d.version, via: d.via } }] : [];
    }
    default:
      return [];
  }
}

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the subscription's secret. */
export function signatureOf(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** The longest wait between two tries. */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/** When the next try is due after `attempts` failed ones: base, 2×base, 4×base… capped. */
export function nextAttemptAt(now: Date, attempts: number, baseMinutes: number): Date {
  const wait = Math.min(MAX_BACKOFF_MS, baseMinutes * 60_000 * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return new Date(now.getTime() + wait);
}

const refused = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved and broadcast
] as const)
  refused.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
  ['64:ff9b::', 96], // NAT64 reaches IPv4 addresses
] as const)
  refused.addSubnet(net, bits, 'ipv6');

/** Is this address loopback, private, link-local, unique-local or otherwise not the public internet's? */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return refused.check(address, 'ipv4');
  if (family !== 6) return true;
  const lower = address.toLowerCase();
  // An IPv4 address written as IPv6 (::ffff:127.0.0.1, ::ffff:7f00:1) is judged as IPv4.
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/.exec(lower) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) {
    const tail = mapped[1]!;
    if (isIP(tail) === 4) return refused.check(tail, 'ipv4');
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(tail);
    if (hex) {
      const n = (parseInt(hex[1]!, 16) << 16) | parseInt(hex[2]!, 16);
      return refused.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
    }
    return true;
  }
  return refused.check(lower, 'ipv6');
}

/** Why a URL is no target, before its host is resolved: a scheme other than http(s), credentials in it. */
export function urlProblem(raw: string): 'invalid' | 'scheme' | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'scheme';
  if (url.username || url.password || !url.hostname) return 'invalid';
  return null;
}
