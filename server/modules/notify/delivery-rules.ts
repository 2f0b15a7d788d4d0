import { isMessageKey, t, type Locale, type MessageKey } from '../../../shared/i18n';
import { addDays, localDate, localInstant, parseClock, zoneOffset } from '../../../shared/time';
import { URGENT_TOPICS } from '../../../shared/contracts/messages';

/* Pure rules of delivery: what a message says, quiet hours, backoff. No I/O; `now` passed in. */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** The parameters every text may name, so a missing one reads as a dash rather than `{name}`. */
const KNOWN_PARAMS = ['ticketNumber', 'dueAt', 'customerName', 'phone', 'day', 'start', 'end', 'url', 'channel', 'topic'];

/** An instant as local `YYYY-MM-DD HH:mm` in the organisation's zone. */
export function formatLocal(at: Date, timeZone: string): string {
  const local = new Date(at.getTime() + zoneOffset(timeZone, at.getTime()));
  return local.toISOString().slice(0, 16).replace('T', ' ');
}

/** A topic's subject and body in a locale; a topic without texts of its own gets the generic ones. */
export function renderMessage(topic: string, payload: Record<string, unknown>, locale: Locale, timeZone: string): { subject: string; body: string; params: Record<string, string> } {
  const params: Record<string, string> = Object.fromEntries(KNOWN_PARAMS.map((k) => [k, '—']));
  for (const [k, v] of Object.entries(payload)) {
    if (v === null || v === undefined || typeof v === 'object') continue;
    params[k] = String(v);
  }
  if (typeof payload.dueAt === 'string' && !Number.isNaN(Date.parse(payload.dueAt))) params.dueAt = formatLocal(new Date(payload.dueAt), timeZone);
  const topicLabel = `messages.topic.${topic}`;
  params.topic = isMessageKey(topicLabel) ? t(locale, topicLabel) : topic;
  const own = `msg.${topic}.subject`;
  const base = isMessageKey(own) ? `msg.${topic}` : 'msg.generic';
  return { subject: t(locale, `${base}.subject` as MessageKey, params), body: t(locale, `${base}.body` as MessageKey, params), params };
}

/**
 * When quiet hours (local `start` to `end`, across midnight when start > end) hold `at`, the
 * instant they end; otherwise null. Equal times mean no quiet hours.
 */
export function quietUntil(at: Date, quiet: { start: string; end: string }, timeZone: string): Date | null {
  const start = parseClock(quiet.start);
  const end = parseClock(quiet.end);
  if (start === end) return null;
  const localMs = at.getTime() + zoneOffset(timeZone, at.getTime());
  const minute = Math.floor((((localMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
  const quiet_ = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!quiet_) return null;
  const today = localDate(at, timeZone);
  const endDay = start > end && minute >= start ? addDays(today, 1) : today;
  return new Date(localInstant(endDay, end, timeZone));
}

/** When a delivery may go out: now, or at the end of quiet hours unless the topic is urgent (a breach). */
export function sendableFrom(at: Date, topic: string, quiet: { start: string; end: string }, timeZone: string): Date {
  if (URGENT_TOPICS.includes(topic)) return at;
  return quietUntil(at, quiet, timeZone) ?? at;
}

/** The wait before attempt `attempts + 1`: the first retry after `baseMinutes`, doubling, at most a day. */
export function backoffMs(attempts: number, baseMinutes: number): number {
  return Math.min(baseMinutes * MINUTE_MS * 2 ** Math.max(0, attempts - 1), DAY_MS);
}

/** `sla.breached=SMS_1` entries: the topic's template, else the `*` one, else none. */
export function templateFor(entries: readonly string[], topic: string): string | null {
  const pairs = entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const);
  return pairs.find(([k]) => k === topic)?.[1] ?? pairs.find(([k]) => k === '*')?.[1] ?? null;
}
