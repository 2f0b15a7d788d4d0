import { v7 as uuidv7 } from 'uuid';
import type { SQL } from 'drizzle-orm';
import { WEBHOOK_HEADERS } from '../../../shared/contracts/webhooks';
import type { Db } from '../../db/client';
import type { Organisation } from '../identity';
import { postJson } from './targets';
import { nextAttemptAt, signatureOf, webhookEventsOf } from './webhook-engine';
import type { WebhooksDeps } from './webhooks.deps';
import * as repo from './webhooks.repository';

/*
 * From event to receiver. A ticket's event writes one delivery row per subscription that
 * names it, in the ticket's own transaction (never a request inside it); the delivery loop
 * claims due rows, POSTs them outside any transaction, and records what came back.
 */

/** The payload every delivery of an event carries; `data.ticketNumber` is filled in by the insert. */
function payloadOf(eventId: string, event: string, now: Date, data: Record<string, unknown>) {
  return { id: eventId, type: event, occurredAt: now.toISOString(), data };
}

/** Deliveries for a ticket event, in the writer's transaction. */
export async function onTicketEvent(tx: Db, orgId: string, ticketId: string, event: Parameters<typeof webhookEventsOf>[0], now: Date): Promise<void> {
  // A new ticket's event is written with it, in one statement: `atCreation` answers for it.
  if (event.type === 'created') return;
  for (const made of webhookEventsOf(event)) {
    const eventId = uuidv7();
    await repo.insertDeliveries(tx, { orgId, eventId, event: made.event, payload: payloadOf(eventId, made.event, now, { ticketId, ...made.data }), now, ticketId });
  }
}

/** A new ticket's `ticket.created` deliveries, written in the intake's one statement. */
export function atCreation(orgId: string, now: Date, ticket: { id: string; number: string }): SQL[] {
  const eventId = uuidv7();
  const payload = payloadOf(eventId, 'ticket.created', now, { ticketId: ticket.id, ticketNumber: ticket.number, status: 'reported' });
  return [repo.deliveriesInsert({ orgId, eventId, event: 'ticket.created', payload, now })];
}

/** How long a claimed delivery is this process's before another may try it. */
const leaseMs = (deps: WebhooksDeps) => deps.requestTimeoutMs + 60_000;

/**
 * One round of the delivery loop: claims up to `limit` due deliveries, sends them side by
 * side, records each try. Answers how many were tried. The target is checked again now (the
 * connection's own resolution refuses private addresses unless the organisation allows them),
 * so a refused target is a failed try with its reason kept.
 */
export async function deliverDue(deps: WebhooksDeps, limit = 20): Promise<number> {
  const now = deps.clock();
  const claimed = await deps.db.transaction((tx) => repo.claimDueDeliveries(tx, now, new Date(now.getTime() + leaseMs(deps)), limit));
  if (claimed.length === 0) return 0;
  const orgs = new Map<string, Promise<Organisation>>();
  const orgOf = (orgId: string) => {
    if (!orgs.has(orgId)) orgs.set(orgId, deps.getOrganisation(orgId));
    return orgs.get(orgId)!;
  };
  await Promise.all(claimed.map(async (d) => tryOnce(deps, d, (await orgOf(d.orgId)).settings.webhooks)));
  return claimed.length;
}

async function tryOnce(deps: WebhooksDeps, d: repo.ClaimedDelivery, settings: Organisation['settings']['webhooks']) {
  const sentAt = deps.clock();
  const body = JSON.stringify(d.payload);
  const started = performance.now();
  const headers = {
    [WEBHOOK_HEADERS.event]: d.event,
    [WEBHOOK_HEADERS.eventId]: d.eventId,
    [WEBHOOK_HEADERS.timestamp]: String(Math.floor(sentAt.getTime() / 1000)),
    [WEBHOOK_HEADERS.signature]: signatureOf(d.secret, body),
  };
  const result = await postJson(d.url, headers, body, { allowPrivate: settings.allowPrivateTargets, timeoutMs: deps.requestTimeoutMs });
  const durationMs = Math.round(performance.now() - started);
  const now = deps.clock();
  const attempts = d.attempts + 1;
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const error = ok ? null : (result.error ?? `HTTP ${result.statusCode}`);
  const key = { orgId: d.orgId, subscriptionId: d.subscriptionId, eventId: d.eventId };
  await deps.db.transaction(async (tx) => {
    await repo.insertAttempt(tx, { ...key, id: uuidv7(), at: sentAt, statusCode: result.statusCode, error, durationMs });
    const givenUp = !ok && attempts >= settings.maxAttempts;
    await repo.updateDelivery(tx, key, {
      attempts,
      lastStatus: result.statusCode,
      lastError: error,
      state: ok ? 'delivered' : givenUp ? 'failed' : 'pending',
      deliveredAt: ok ? now : null,
      nextAttemptAt: ok || givenUp ? null : nextAttemptAt(now, attempts, settings.retryBaseMinutes),
    });
  });
  if (!ok) deps.log('webhook delivery failed', { subscriptionId: d.subscriptionId, eventId: d.eventId, event: d.event, attempt: attempts, status: result.statusCode, error });
}
