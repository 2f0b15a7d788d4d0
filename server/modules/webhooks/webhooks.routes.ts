import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import { webhookBody, webhookChange, webhookCreated, webhookDeliveryQuery, webhookDeliveryView, webhookView } from '../../../shared/contracts/webhooks';
import { actorOf } from '../../http/auth';
import type { Api } from '../../http/common';
import type { WebhooksService } from './webhooks.service';

export function webhookRoutes(api: Api, webhooks: WebhooksService) {
  const permission = 'webhooks.manage' as const;

  api.get('/api/v1/webhooks', {
    config: { permission },
    schema: { tags: ['webhooks'], summary: 'Webhook subscriptions (their secrets are never shown again)', response: { 200: z.object({ items: z.array(webhookView) }) } },
    handler: async (request) => ({ items: await webhooks.listSubscriptions(actorOf(request)) }),
  });

  api.post('/api/v1/webhooks', {
    config: { permission },
    schema: { tags: ['webhooks'], summary: 'Subscribe a URL to events; the answer shows the signing secret, once', body: webhookBody, response: { 201: webhookCreated } },
    handler: async (request, reply) => reply.code(201).send(await webhooks.createSubscription(actorOf(request), request.body)),
  });

  api.patch('/api/v1/webhooks/:id', {
    config: { permission },
    schema: { tags: ['webhooks'], summary: 'Enable, disable or change the events of a subscription', params: idParams, body: webhookChange, response: { 200: webhookView } },
    handler: async (request) => webhooks.changeSubscription(actorOf(request), request.params.id, request.body),
  });

  api.delete('/api/v1/webhooks/:id', {
    config: { permission },
    schema: { tags: ['webhooks'], summary: 'Remove a subscription with its delivery log', params: idParams },
    handler: async (request, reply) => {
      await webhooks.removeSubscription(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  api.get('/api/v1/webhooks/:id/deliveries', {
    config: { permission },
    schema: { tags: ['webhooks'], summary: 'A subscription’s delivery log, newest first, with every try', params: idParams, querystring: webhookDeliveryQuery, response: { 200: z.object({ items: z.array(webhookDeliveryView) }) } },
    handler: async (request) => ({ items: await webhooks.listDeliveries(actorOf(request), request.params.id, request.query) }),
  });

  api.post('/api/v1/webhooks/:id/deliveries/:eventId/redeliver', {
    config: { permission },
    schema: { tags: ['webhooks'], summary: 'Try a delivery again now, with the same event id', params: z.object({ id: uuid, eventId: uuid }) },
    handler: async (request, reply) => {
      await webhooks.redeliver(actorOf(request), request.params.id, request.params.eventId);
      return reply.code(204).send();
    },
  });

  api.post('/api/v1/webhooks/:id/test', {
    config: { permission },
    schema: { tags: ['webhooks'], summary: 'Send a test event to this subscription', params: idParams, response: { 202: z.object({ eventId: uuid }) } },
    handler: async (request, reply) => reply.code(202).send(await webhooks.sendTest(actorOf(request), request.params.id)),
  });
}
