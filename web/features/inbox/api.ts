import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { InboxItem, InboxPage, UnreadView } from '../../../shared/contracts/inbox';
import type { Locale } from '../../../shared/i18n';
import { api, type Wire } from '../../lib/api';

/*
 * The inbox: the unread count, the list, marking read, and the live stream that keeps them
 * current (an EventSource: it reconnects by itself and sends the last event id it saw).
 */

export type Item = Wire<InboxItem>;

const keys = {
  all: ['inbox'] as const,
  unread: ['inbox', 'unread'] as const,
  list: (unreadOnly: boolean) => ['inbox', 'list', unreadOnly] as const,
};

const PAGE = 30;

export function useUnread() {
  return useQuery({ queryKey: keys.unread, queryFn: async () => (await api<Wire<InboxPage>>('GET', '/api/v1/me/inbox', { query: { limit: 1, unreadOnly: true } })).unread });
}

export function useInboxList(unreadOnly: boolean, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: keys.list(unreadOnly),
    enabled,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => api<Wire<InboxPage>>('GET', '/api/v1/me/inbox', { query: { limit: PAGE, before: pageParam, unreadOnly } }),
    getNextPageParam: (last) => (last.items.length < PAGE ? undefined : last.items[last.items.length - 1]!.seq),
  });
}

export function useMarkRead() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string | null) => api<UnreadView>('POST', id ? `/api/v1/me/inbox/${id}/read` : '/api/v1/me/inbox/read-all'),
    onSuccess: (view) => {
      client.setQueryData(keys.unread, view.unread);
      void client.invalidateQueries({ queryKey: ['inbox', 'list'] });
    },
  });
}

/**
 * Listens to the stream while the page is open: a new message refreshes the list, a count
 * replaces the badge's. Answers whether the stream is connected.
 */
export function useInboxStream(locale: Locale): boolean {
  const client = useQueryClient();
  const [connected, setConnected] = useState(true);
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/me/inbox/stream?locale=${encodeURIComponent(locale)}`);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(source.readyState === EventSource.OPEN);
    source.addEventListener('unread', (e) => {
      const { unread } = JSON.parse((e as MessageEvent<string>).data) as UnreadView;
      client.setQueryData(keys.unread, unread);
    });
    source.addEventListener('item', () => {
      void client.invalidateQueries({ queryKey: ['inbox', 'list'] });
    });
    return () => source.close();
  }, [client, locale]);
  return connected;
}
