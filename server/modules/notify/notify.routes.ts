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
import { inboxPage, inboxQuery, unreadView } from '../../../shared/contracts/inbox';
import { actorOf } from '../../http/auth';
import { requestLocale } from '../../http/locale';
import { LOCALES, pickLocale } from '../../../shared/i18n';
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

  inboxRoutes(api, notify);

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

/** A stream with nothing to say still sends a comment this often, so proxies keep it open. */
const HEARTBEAT_MS = 20_000;

/** The inbox: a page of it, marking read, and the live stream of server-sent events. */
function inboxRoutes(api: Api, notify: NotifyService) {
  api.get('/api/v1/me/inbox', {
    config: { authenticated: true },
    schema: { tags: ['messages'], summary: 'Your inbox, newest first, and how many are unread', querystring: inboxQuery, response: { 200: inboxPage } },
    handler: async (request) => notify.inbox.page(actorOf(request), request.query, requestLocale(request)),
  });

  api.post('/api/v1/me/inbox/:id/read', {
    config: { authenticated: true },
    schema: { tags: ['messages'], summary: 'Mark one message read', params: idParams, response: { 200: unreadView } },
    handler: async (request) => notify.inbox.markRead(actorOf(request), request.params.id),
  });

  api.post('/api/v1/me/inbox/read-all', {
    config: { authenticated: true },
    schema: { tags: ['messages'], summary: 'Mark every message read', response: { 200: unreadView } },
    handler: async (request) => notify.inbox.markRead(actorOf(request), null),
  });

  const open = new Set<() => void>();
  // Streams never end by themselves: closing the server ends them, and stops listening.
  api.addHook('preClose', async () => {
    for (const end of open) end();
  });
  api.addHook('onClose', async () => notify.inbox.stop());

  api.get('/api/v1/me/inbox/stream', {
    config: { authenticated: true },
    schema: {
      tags: ['messages'],
      summary: 'Server-sent events: `item` (a new message, its seq as the event id) and `unread` (the count). Send Last-Event-ID to resume.',
      // An EventSource sends no headers of its own: the page names its language here.
      querystring: z.object({ lastEventId: z.coerce.number().int().min(0).optional(), locale: z.enum(LOCALES).optional() }),
      produces: ['text/event-stream'],
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const header = Number(request.headers['last-event-id']);
      const lastEventId = Number.isSafeInteger(header) && header >= 0 ? header : (request.query.lastEventId ?? null);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', connection: 'keep-alive' });
      // A dropped connection is tried again after 3 s by the browser, with the last id it saw.
      raw.write('retry: 3000\n\n');
      const write = (text: string) => {
        if (!raw.destroyed && !raw.writableEnded) raw.write(text);
      };
      let unsubscribe = () => {};
      const beat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
      const end = () => {
        clearInterval(beat);
        unsubscribe();
        open.delete(end);
        if (!raw.writableEnded) raw.end();
      };
      open.add(end);
      // The response closes when the browser goes (or the server ends it); the request may close earlier, once read.
      raw.on('close', end);
      try {
        unsubscribe = await notify.inbox.subscribe(
          { orgId: actor.orgId, userId: actor.userId, locale: pickLocale(request.auth?.locale, request.query.locale, request.headers['accept-language']), send: (event, data, id) => write(`${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`) },
          lastEventId,
        );
        if (raw.destroyed) unsubscribe();
      } catch (error) {
        request.log.error({ err: error }, 'inbox stream could not start');
        end();
      }
    },
  });
}
