import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  createLoanerBody,
  lendLoanerBody,
  loanerEquivalentsBody,
  loanerEquivalentsView,
  loanerListQuery,
  loanerView,
  returnLoanerBody,
  ticketLoaners,
  ticketLoanersQuery,
  updateLoanerBody,
} from '../../../shared/contracts/parts-loaners';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import type { PartsService } from './parts.service';

/** E3: loaner pools, lending a unit to a ticket's customer and taking it back. */
export function loanerRoutes(api: Api, parts: PartsService) {
  api.get('/api/v1/loaners', {
    config: { permission: 'parts.read' },
    schema: { tags: ['loaners'], summary: 'E3: loaner units by pool; `overdue=true` lists those out past their due date, longest first', querystring: loanerListQuery, response: { 200: z.object({ items: z.array(loanerView) }) } },
    handler: async (request) => ({ items: await parts.listLoaners(actorOf(request), request.query) }),
  });

  api.post('/api/v1/loaners', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['loaners'], summary: 'Add a loaner unit to a location’s pool', body: createLoanerBody, response: { 201: loanerView } },
    handler: async (request, reply) => withETag(reply.code(201), await parts.createLoaner(actorOf(request), request.body)),
  });

  api.patch('/api/v1/loaners/:id', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['loaners'], summary: 'Move a unit to another pool, retire it or bring it back (If-Match); not while it is lent', params: idParams, body: updateLoanerBody, response: { 200: loanerView } },
    handler: async (request, reply) => withETag(reply, await parts.updateLoaner(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/loaners/:id/return', {
    config: { permission: 'loaners.lend' },
    schema: { tags: ['loaners'], summary: 'E3: the unit comes back to its pool', params: idParams, body: returnLoanerBody, response: { 200: loanerView } },
    handler: async (request) => parts.returnLoaner(actorOf(request), request.params.id, request.body),
  });

  api.get('/api/v1/products/:id/loaner-equivalents', {
    config: { permission: 'parts.read' },
    schema: { tags: ['loaners'], summary: 'E3: the products of equal or better specification that stand in for this one, best first', params: idParams, response: { 200: loanerEquivalentsView } },
    handler: async (request) => parts.getLoanerEquivalents(actorOf(request), request.params.id),
  });

  api.put('/api/v1/products/:id/loaner-equivalents', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['loaners'], summary: 'E3: set which products stand in for this one, best first', params: idParams, body: loanerEquivalentsBody, response: { 200: loanerEquivalentsView } },
    handler: async (request) => parts.setLoanerEquivalents(actorOf(request), request.params.id, request.body.equivalentIds),
  });

  api.get('/api/v1/tickets/:id/loaners', {
    config: { permission: 'parts.read' },
    schema: {
      tags: ['loaners'],
      summary: 'E3: the ticket’s loaner out, and the units offered for its asset: the same product first, then its equivalents, nearest pool first',
      params: idParams,
      querystring: ticketLoanersQuery,
      response: { 200: ticketLoaners },
    },
    handler: async (request) => parts.ticketLoaners(actorOf(request), request.params.id, request.query),
  });

  api.post('/api/v1/tickets/:id/loaners', {
    config: { permission: 'loaners.lend' },
    schema: {
      tags: ['loaners'],
      summary: 'E3: lend a unit to the ticket’s customer; stops the ticket’s loaner_delivery clock; due in settings.parts.loanerDays unless given',
      params: idParams,
      body: lendLoanerBody,
      response: { 201: loanerView },
    },
    handler: async (request, reply) => reply.code(201).send(await parts.lendLoaner(actorOf(request), request.params.id, request.body)),
  });
}
