import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ChannelName, MessageLogEntry, PreferencesBody, PreferencesView, TestMessageResult, channelStatusView } from '../../../shared/contracts/messages';
import { api, type Wire } from '../../lib/api';

/* Messages: the delivery log, the channels' test button, a person's channel preferences. */

const keys = {
  log: ['messages', 'log'] as const,
  channels: ['messages', 'channels'] as const,
  myPreferences: ['messages', 'preferences', 'me'] as const,
};

export type LogEntry = Wire<MessageLogEntry>;
export type Preferences = Wire<PreferencesView>;

export function useMessageLog() {
  return useQuery({ queryKey: keys.log, queryFn: () => api<{ items: LogEntry[] }>('GET', '/api/v1/messages?limit=100') });
}

export function useChannelStatus() {
  return useQuery({ queryKey: keys.channels, queryFn: () => api<z.infer<typeof channelStatusView>>('GET', '/api/v1/messages/channels') });
}

export function useSendTest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (channel: ChannelName) => api<TestMessageResult>('POST', '/api/v1/messages/test', { body: { channel } }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.log }),
  });
}

/** Whose preferences: one's own, or (administrators) a user's. */
export type PreferencesOf = { kind: 'me' } | { kind: 'user'; id: string };
const pathOf = (of: PreferencesOf) => (of.kind === 'me' ? '/api/v1/me/message-preferences' : `/api/v1/message-preferences/users/${of.id}`);
const keyOf = (of: PreferencesOf) => (of.kind === 'me' ? keys.myPreferences : (['messages', 'preferences', 'user', of.id] as const));

export function usePreferences(of: PreferencesOf, enabled: boolean) {
  return useQuery({ queryKey: keyOf(of), queryFn: () => api<Preferences>('GET', pathOf(of)), enabled });
}

export function useSavePreferences(of: PreferencesOf) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesBody) => api<Preferences>('PUT', pathOf(of), { body }),
    onSuccess: (saved) => client.setQueryData(keyOf(of), saved),
  });
}
