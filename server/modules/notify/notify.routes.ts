import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  channelStatusView,
  messageLogEntry,
  messageLogQuery,
  preferencesBody,
  preferencesView,
  testMessageBody,
  testMessageResult,
} from '../../../shared/contracts/messages';
import { actorOf } from '../../http/auth';
import type { Api } from '../../http/common';
import type { NotifyService } from './notify.service';

/**
 * Messages: the delivery log and the test button (administrators), a person's own channel
 * preferences, and an administrator's view of anyone's (a customer's WeChat consent included).
 * No answer here carries a channel secret: they live in the server's environment only.
 */
export function notifyRoutes(api: Api, notify: NotifyService) {
  api.get('/api/v1/messages', {
    config: { permission: 'settings.manage' },
    schema: { tags: ['messages'], summary: 'The delivery log: recent messages with their status per person and channel', querystring: messageLogQuery, response: { 200: z.object({ items: z.array(messageLogEntry) }) } },
    handler: async (request) => ({ items: await notify.messageLog(actorOf(request), request.query) }),
  });

  api.get('/api/v1/messages/channels', {
    config: { permission: 'settings.manage' },
    schema: { tags: ['messages'], summary: 'Which channels are configured', response: { 200: channelStatusView } },
    handler: async (request) => notify.channelStatus(actorOf(request)),
  });

  api.post('/api/v1/messages/test', {
    config: { permission: 'settings.manage' },
    schema: { tags: ['messages'], summary: 'Send a test message to yourself through one channel, now', body: testMessageBody, response: { 200: testMessageResult } },
    handler: async (request) => notify.sendTest(actorOf(request), request.body.channel),
  });

  api.get('/api/v1/me/message-preferences', {
    config: { authenticated: true },
    schema: { tags: ['messages'], summary: 'Your channels per topic', response: { 200: preferencesView } },
    handler: async (request) => notify.getPreferences(actorOf(request), 'user', actorOf(request).userId),
  });

  api.put('/api/v1/me/message-preferences', {
    config: { authenticated: true },
    schema: { tags: ['messages'], summary: 'Set your channels per topic and your WeChat consent', body: preferencesBody, response: { 200: preferencesView } },
    handler: async (request) => notify.setPreferences(actorOf(request), 'user', actorOf(request).userId, request.body),
  });

  for (const kind of ['user', 'customer'] as const) {
    api.get(`/api/v1/message-preferences/${kind}s/:id`, {
      config: { permission: 'settings.manage' },
      schema: { tags: ['messages'], summary: `A ${kind}'s channels per topic and WeChat consent`, params: idParams, response: { 200: preferencesView } },
      handler: async (request) => notify.getPreferences(actorOf(request), kind, request.params.id),
    });
    api.put(`/api/v1/message-preferences/${kind}s/:id`, {
      config: { permission: 'settings.manage' },
      schema: { tags: ['messages'], summary: `Set a ${kind}'s channels per topic and WeChat consent`, params: idParams, body: preferencesBody, response: { 200: preferencesView } },
      handler: async (request) => notify.setPreferences(actorOf(request), kind, request.params.id, request.body),
    });
  }
}
