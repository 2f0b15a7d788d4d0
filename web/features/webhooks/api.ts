import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { WebhookBody, WebhookChange, WebhookView, webhookCreated, WebhookDeliveryView } from '../../../shared/contracts/webhooks';
import { api, type Wire } from '../../lib/api';

export type Webhook = Wire<WebhookView>;
export type CreatedWebhook = Wire<z.infer<typeof webhookCreated>>;
export type Delivery = Wire<WebhookDeliveryView>;

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: ['webhooks', 'list'] as const,
  deliveries: (id: string) => ['webhooks', 'deliveries', id] as const,
};

export const useWebhooks = () => useQuery({ queryKey: webhookKeys.list, queryFn: () => api<{ items: Webhook[] }>('GET', '/api/v1/webhooks'), select: (d) => d.items });

export const useDeliveries = (id: string) =>
  useQuery({ queryKey: webhookKeys.deliveries(id), queryFn: () => api<{ items: Delivery[] }>('GET', `/api/v1/webhooks/${id}/deliveries`), select: (d) => d.items, refetchInterval: 10_000 });

function useWebhookMutation<V, R>(run: (v: V) => Promise<R>) {
  const client = useQueryClient();
  return useMutation({ mutationFn: run, onSuccess: () => void client.invalidateQueries({ queryKey: webhookKeys.all }) });
}

export const useCreateWebhook = () => useWebhookMutation((body: WebhookBody) => api<CreatedWebhook>('POST', '/api/v1/webhooks', { body }));
export const useChangeWebhook = () => useWebhookMutation(({ id, body }: { id: string; body: WebhookChange }) => api<Webhook>('PATCH', `/api/v1/webhooks/${id}`, { body }));
export const useDeleteWebhook = () => useWebhookMutation((id: string) => api<void>('DELETE', `/api/v1/webhooks/${id}`));
export const useRedeliver = () => useWebhookMutation(({ id, eventId }: { id: string; eventId: string }) => api<void>('POST', `/api/v1/webhooks/${id}/deliveries/${eventId}/redeliver`));
export const useSendTest = () => useWebhookMutation((id: string) => api<{ eventId: string }>('POST', `/api/v1/webhooks/${id}/test`));

/** Reads the subscriptions and their logs again (the counts follow the deliveries). */
export function useRefreshWebhooks() {
  const client = useQueryClient();
  return () => void client.invalidateQueries({ queryKey: webhookKeys.all });
}
