import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { WEBHOOK_TEST_EVENT, type WebhookBody, type WebhookChange, type WebhookDeliveryState, type WebhookDeliveryView, type WebhookView } from '../../../shared/contracts/webhooks';
import { fieldError, notFound } from '../../errors';
import type { Actor } from '../identity';
import { targetProblem, type TargetProblem } from './targets';
import type { WebhooksDeps } from './webhooks.deps';
import * as repo from './webhooks.repository';

/* Subscriptions: made, changed, removed, their delivery logs, a redelivery, a test event. */

const TARGET_MESSAGES = {
  invalid: 'webhooks.errors.invalidUrl',
  scheme: 'webhooks.errors.scheme',
  private: 'webhooks.errors.privateTarget',
  unresolved: 'webhooks.errors.unresolved',
} as const satisfies Record<TargetProblem, string>;

function view(row: repo.SubscriptionRow, counts: { pending: number; failed: number } = { pending: 0, failed: 0 }): WebhookView {
  return { id: row.id, url: row.url, events: row.events, enabled: row.enabled, description: row.description, createdAt: row.createdAt.toISOString(), ...counts };
}

/** A new secret: 32 random bytes, readable. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

export async function createSubscription(deps: WebhooksDeps, actor: Actor, body: WebhookBody) {
  const org = await deps.getOrganisation(actor.orgId);
  const problem = await targetProblem(body.url, org.settings.webhooks.allowPrivateTargets);
  if (problem) throw fieldError('body.url', TARGET_MESSAGES[problem], { code: 'invalid_value' });
  const secret = body.secret ?? newSecret();
  const row = await repo.insertSubscription(deps.db, {
    orgId: actor.orgId,
    id: uuidv7(),
    url: body.url,
    secret,
    events: [...new Set(body.events)],
    enabled: true,
    description: body.description ?? null,
    createdAt: deps.clock(),
    createdBy: actor.userId,
  });
  // The only answer that carries the secret.
  return { ...view(row), secret };
}

export async function listSubscriptions(deps: WebhooksDeps, actor: Actor): Promise<WebhookView[]> {
  const [rows, counts] = await Promise.all([repo.findSubscriptions(deps.db, actor.orgId), repo.countDeliveries(deps.db, actor.orgId)]);
  return rows.map((r) => view(r, counts.get(r.id)));
}

export async function changeSubscription(deps: WebhooksDeps, actor: Actor, id: string, change: WebhookChange): Promise<WebhookView> {
  const changes = {
    ...(change.enabled !== undefined ? { enabled: change.enabled } : {}),
    ...(change.events ? { events: [...new Set(change.events)] } : {}),
    ...(change.description !== undefined ? { description: change.description ?? null } : {}),
  };
  const row = Object.keys(changes).length ? await repo.updateSubscription(deps.db, actor.orgId, id, changes) : await repo.findSubscription(deps.db, actor.orgId, id);
  if (!row) throw notFound();
  return view(row, (await repo.countDeliveries(deps.db, actor.orgId)).get(row.id));
}

export async function removeSubscription(deps: WebhooksDeps, actor: Actor, id: string): Promise<void> {
  if (!(await repo.deleteSubscription(deps.db, actor.orgId, id))) throw notFound();
}

export async function listDeliveries(deps: WebhooksDeps, actor: Actor, id: string, filter: { state?: WebhookDeliveryState | undefined; limit: number }): Promise<WebhookDeliveryView[]> {
  if (!(await repo.findSubscription(deps.db, actor.orgId, id))) throw notFound();
  const rows = await repo.findDeliveries(deps.db, actor.orgId, id, filter);
  return rows.map((d) => ({
    eventId: d.eventId,
    event: d.event,
    state: d.state,
    attempts: d.attempts,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    nextAttemptAt: d.state === 'pending' && d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(),
    payload: d.payload,
    log: d.log.map((a) => ({ at: a.at.toISOString(), statusCode: a.statusCode, error: a.error, durationMs: a.durationMs })),
  }));
}

/**
 * Tries a delivery again at once, with the same event id and payload: a new series of
 * attempts (the old tries stay in its log). A delivered one is sent again too.
 */
export async function redeliver(deps: WebhooksDeps, actor: Actor, id: string, eventId: string): Promise<void> {
  const reset = await repo.updateDelivery(deps.db, { orgId: actor.orgId, subscriptionId: id, eventId }, { state: 'pending', attempts: 0, nextAttemptAt: deps.clock(), deliveredAt: null });
  if (!reset) throw notFound();
}

/** Queues a test event for this subscription only; the delivery loop sends it. */
export async function sendTest(deps: WebhooksDeps, actor: Actor, id: string): Promise<{ eventId: string }> {
  if (!(await repo.findSubscription(deps.db, actor.orgId, id))) throw notFound();
  const now = deps.clock();
  const eventId = uuidv7();
  const payload = { id: eventId, type: WEBHOOK_TEST_EVENT, occurredAt: now.toISOString(), data: { by: actor.name } };
  await repo.insertDelivery(deps.db, { orgId: actor.orgId, subscriptionId: id, eventId, event: WEBHOOK_TEST_EVENT, payload, now });
  return { eventId };
}
