import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  chaseBody,
  commentBody,
  commentView,
  createdTicket,
  createTicketBody,
  crewBody,
  extendClockBody,
  fieldEventBody,
  ticketEventView,
  ticketView,
  transitionBody,
  updateTicketBody,
} from '../../../shared/contracts/tickets';
import { actorOf } from '../../http/auth';
import { idempotencyKey, ifMatchVersion, withETag, type Api } from '../../http/common';
import type { TicketService } from './tickets.service';

/** The ticket's own routes; the list with SLA clocks and attachments are workflows (server/workflows). */
export function ticketRoutes(api: Api, tickets: TicketService) {
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

  api.post('/api/v1/tickets/:id/chases', {
    config: { permission: 'tickets.create' },
    schema: {
      tags: ['tickets'],
      summary: 'Record a repeat call about an open ticket (催单): counted on the ticket and written to its history, instead of a duplicate ticket',
      params: idParams,
      body: chaseBody,
      response: { 201: ticketView },
    },
    handler: async (request, reply) => reply.code(201).send(withETag(reply, await tickets.recordChase(actorOf(request), request.params.id, request.body))),
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
}
