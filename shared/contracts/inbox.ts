import { z } from 'zod';
import { uuid } from './common';

/**
 * The in-app inbox (docs/messages.md): every message for a staff member lands here as well as
 * on their channels. The bell shows the unread count; the drawer lists the newest first; a
 * server-sent event stream (`GET /api/v1/me/inbox/stream`) keeps both live:
 *
 * - `event: item`, `id: <seq>`, data an `InboxItem`: a new message. A reconnect sends
 *   `Last-Event-ID` (EventSource does it by itself) and gets what came after it.
 * - `event: unread`, data `{ "unread": n }`: the count changed (a new message, or read in another tab).
 */

export const inboxItem = z.object({
  id: uuid,
  /** Increases with every item written: the stream's event id. */
  seq: z.number().int(),
  topic: z.string(),
  /** The topic in the reader's language. */
  topicLabel: z.string(),
  /** Subject and body in the reader's language. */
  subject: z.string(),
  body: z.string(),
  ticketId: uuid.nullable(),
  ticketNumber: z.string().nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});
export type InboxItem = z.infer<typeof inboxItem>;

export const inboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  /** Items older than this seq (the next page). */
  before: z.coerce.number().int().min(1).optional(),
  unreadOnly: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export const inboxPage = z.object({ items: z.array(inboxItem), unread: z.number().int() });
export type InboxPage = z.infer<typeof inboxPage>;

export const unreadView = z.object({ unread: z.number().int() });
export type UnreadView = z.infer<typeof unreadView>;

/**
 * Who gets a topic beyond the message's own recipient, an administrator's rule per line:
 * `sla.breached=ticket.assignee,role:dispatcher,role:supervisor`. Targets: `recipient` (whom the
 * message names), `ticket.assignee` (the ticket's technician), `role:<role>`, `user:<login>`.
 * A topic with a rule goes to exactly the rule's targets; `*` is the rule for topics without one.
 */
export const ROUTING_TARGET = /^(recipient|ticket\.assignee|role:[a-z_]+|user:[\w.@-]{1,64})$/;
export const routingRule = z
  .string()
  .trim()
  .max(400)
  .refine(
    (line) => {
      const eq = line.indexOf('=');
      if (eq < 1) return false;
      const topic = line.slice(0, eq).trim();
      const targets = line.slice(eq + 1).split(',').map((s) => s.trim());
      return /^(\*|[a-z_]+(\.[a-z_]+)*)$/.test(topic) && targets.length > 0 && targets.every((t) => ROUTING_TARGET.test(t));
    },
    { params: { message: 'validation.routingRule' } },
  );

/** A rule line as topic and targets. */
export function parseRoutingRule(line: string): { topic: string; targets: string[] } {
  const eq = line.indexOf('=');
  return { topic: line.slice(0, eq).trim(), targets: line.slice(eq + 1).split(',').map((s) => s.trim()).filter(Boolean) };
}

/** The targets for a topic: its own rule, else the `*` rule, else only the message's recipient. */
export function routingTargets(rules: readonly string[], topic: string): string[] {
  const parsed = rules.map(parseRoutingRule);
  return parsed.find((r) => r.topic === topic)?.targets ?? parsed.find((r) => r.topic === '*')?.targets ?? ['recipient'];
}
