import type { WebhookBody, WebhookChange, WebhookDeliveryState } from '../../../shared/contracts/webhooks';
import type { Actor } from '../identity';
import { atCreation, deliverDue, onTicketEvent } from './delivery';
import { changeSubscription, createSubscription, listDeliveries, listSubscriptions, redeliver, removeSubscription, sendTest } from './subscriptions';
import type { WebhooksDeps, WebhooksOptions } from './webhooks.deps';

export type { WebhooksOptions } from './webhooks.deps';

/**
 * Webhooks: subscriptions, and the delivery of events to them. Registers on the tickets
 * module: a new ticket, a status change, a close, an SLA breach (the scanner's `sla_alert` at
 * 100 %) and an approved quote (billing's `quote` event) are all ticket events.
 */
export function createWebhooksService(options: WebhooksOptions) {
  const deps: WebhooksDeps = { requestTimeoutMs: 10_000, log: () => {}, ...options } as WebhooksDeps;

  options.tickets.contributeToCreation(async (orgId, _history, now, ticket) => atCreation(orgId, now, ticket));
  options.tickets.onEvent((tx, { orgId, ticketId, event, now }) => onTicketEvent(tx, orgId, ticketId, event, now));

  return {
    createSubscription: (actor: Actor, body: WebhookBody) => createSubscription(deps, actor, body),
    listSubscriptions: (actor: Actor) => listSubscriptions(deps, actor),
    changeSubscription: (actor: Actor, id: string, change: WebhookChange) => changeSubscription(deps, actor, id, change),
    removeSubscription: (actor: Actor, id: string) => removeSubscription(deps, actor, id),
    listDeliveries: (actor: Actor, id: string, filter: { state?: WebhookDeliveryState | undefined; limit: number }) => listDeliveries(deps, actor, id, filter),
    redeliver: (actor: Actor, id: string, eventId: string) => redeliver(deps, actor, id, eventId),
    sendTest: (actor: Actor, id: string) => sendTest(deps, actor, id),
    /** One round of the delivery loop (the worker calls it; tests call it with a moved clock). */
    deliverDue: (limit?: number) => deliverDue(deps, limit),
  };
}

export type WebhooksService = ReturnType<typeof createWebhooksService>;
