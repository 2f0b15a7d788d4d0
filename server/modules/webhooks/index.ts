/** webhooks: URLs subscribed to events, signed deliveries with retries, their logs. */
export { createWebhooksService, type WebhooksService } from './webhooks.service';
export { webhookRoutes } from './webhooks.routes';
export { signatureOf } from './webhook-engine';
