import { z } from 'zod';
import { idParams, listOf } from '../../../shared/contracts/common';
import { attachmentView } from '../../../shared/contracts/files';
import {
  commentBody,
  commentView,
  createdTicket,
  createTicketBody,
  crewBody,
  extendClockBody,
  fieldEventBody,
  ticketEventView,
  ticketListItem,
  ticketListQuery,
  ticketView,
  transitionBody,
  updateTicketBody,
} from '../../../shared/contracts/tickets';
import { actorOf } from '../../http/auth';
import { idempotencyKey, ifMatchVersion, withETag, type Api } from '../../http/common';
import { readUpload } from '../../http/uploads';
import type { FileService } from '../files';
import type { TicketService } from './tickets.service';
import { clockBadge } from '../../../shared/contracts/sla';

/** What the ticket list shows of SLA clocks; the sla module answers it. */
export type BadgeSource = (orgId: string, ticketIds: string[]) => Promise<Map<string, z.infer<typeof clockBadge>>>;

export function ticketRoutes(api: Api, tickets: TicketService, files: FileService, badges: BadgeSource) {
  api.post('/api/v1/tickets', {
    config: { permission: 'tickets.create' },
    schema: {
      tags: ['tickets'],
      summary: 'Register a repair request from any channel (R2, E13); send Idempotency-Key to make retries safe',
      headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
      body: createTicketBody,
      response: { 201: createdTicket.extend(ticketView.shape) },
    },
    handler: async (request, reply) => {
      const { ticket, replayed } = await tickets.createTicket(actorOf(request), request.body, idempotencyKey(request));
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      reply.header('Location', `/api/v1/tickets/${ticket.id}`);
      return reply.code(201).send(withETag(reply, ticket));
    },
  });

  api.get('/api/v1/tickets', {
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['tickets'],
      summary: 'List and search tickets the caller may see, each with its most urgent SLA clock',
      querystring: ticketListQuery,
      response: { 200: listOf(ticketListItem.extend({ sla: clockBadge.nullable() })) },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      const list = await tickets.findTickets(actor, request.query);
      const byTicket = await badges(actor.orgId, list.items.map((t) => t.id));
      return { ...list, items: list.items.map((t) => ({ ...t, sla: byTicket.get(t.id) ?? null })) };
    },
  });

  api.post('/api/v1/tickets/:id/field-events', {
    config: { permission: 'sla.act' },
    schema: {
      tags: ['tickets'],
      summary: 'Record what clocks listen to: arrived on site, called back, loaner requested or delivered, contractor arrived',
      params: idParams,
      body: fieldEventBody,
      response: { 200: ticketView },
    },
    handler: async (request, reply) =>
      withETag(reply, await tickets.recordFieldEvent(actorOf(request), request.params.id, request.body.type, request.body.note ?? null)),
  });

  api.post('/api/v1/tickets/:id/sla/extend', {
    config: { permission: 'sla.act' },
    schema: {
      tags: ['sla'],
      summary: 'C1: take the extended target for a special case, with the reason on the record',
      params: idParams,
      body: extendClockBody,
      response: { 200: ticketView },
    },
    handler: async (request, reply) => withETag(reply, await tickets.extendClock(actorOf(request), request.params.id, request.body.metric, request.body.reason)),
  });

  api.get('/api/v1/tickets/:id', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['tickets'], params: idParams, response: { 200: ticketView } },
    handler: async (request, reply) => withETag(reply, await tickets.getTicket(actorOf(request), request.params.id)),
  });

  api.patch('/api/v1/tickets/:id', {
    config: { permission: 'tickets.update' },
    schema: { tags: ['tickets'], summary: 'Change a ticket’s fields (If-Match)', params: idParams, body: updateTicketBody, response: { 200: ticketView } },
    handler: async (request, reply) =>
      withETag(reply, await tickets.updateTicket(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/tickets/:id/transitions', {
    // Each action has its own permission, checked by the service against the role's grants.
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['tickets'],
      summary: 'Move a ticket through its lifecycle (If-Match)',
      params: idParams,
      body: transitionBody,
      response: { 200: ticketView },
    },
    handler: async (request, reply) =>
      withETag(reply, await tickets.transition(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.put('/api/v1/tickets/:id/crew', {
    config: { permission: 'tickets.assign' },
    schema: { tags: ['tickets'], summary: 'Set the lead technician and crew (M9) (If-Match)', params: idParams, body: crewBody, response: { 200: ticketView } },
    handler: async (request, reply) =>
      withETag(reply, await tickets.setCrew(actorOf(request), request.params.id, ifMatchVersion(request), request.body.leadId, request.body.memberIds)),
  });

  api.get('/api/v1/tickets/:id/events', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['tickets'], summary: 'The ticket’s history, oldest first', params: idParams, response: { 200: z.object({ items: z.array(ticketEventView) }) } },
    handler: async (request) => ({ items: await tickets.findEvents(actorOf(request), request.params.id) }),
  });

  api.get('/api/v1/tickets/:id/comments', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['tickets'], params: idParams, response: { 200: z.object({ items: z.array(commentView) }) } },
    handler: async (request) => ({ items: await tickets.findComments(actorOf(request), request.params.id) }),
  });

  api.post('/api/v1/tickets/:id/comments', {
    config: { permission: 'tickets.comment' },
    schema: { tags: ['tickets'], params: idParams, body: commentBody, response: { 201: commentView } },
    handler: async (request, reply) => reply.code(201).send(await tickets.addComment(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/tickets/:id/attachments', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['tickets'], params: idParams, response: { 200: listOf(attachmentView).pick({ items: true }) } },
    handler: async (request) => {
      const actor = actorOf(request);
      await tickets.assertVisible(actor, request.params.id);
      return { items: await files.list(actor, 'ticket', request.params.id) };
    },
  });

  api.post('/api/v1/tickets/:id/attachments', {
    config: { permission: 'attachments.write' },
    schema: { tags: ['tickets'], summary: 'Attach a photo or document (multipart/form-data, field `file`)', params: idParams, response: { 201: attachmentView } },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      await tickets.assertVisible(actor, request.params.id);
      const upload = await readUpload(request);
      const attachment = await files.attach(actor, { type: 'ticket', id: request.params.id, purpose: upload.purpose }, upload, (tx, a) =>
        tickets.recordAttachment(tx, actor, request.params.id, { attachmentId: a.id, fileName: a.fileName, contentType: a.contentType }),
      );
      return reply.code(201).send(attachment);
    },
  });
}
