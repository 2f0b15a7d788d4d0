import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  categoryView,
  createCategoryBody,
  createLocationBody,
  createPartBody,
  issueBody,
  ledgerList,
  ledgerQuery,
  locationListQuery,
  locationView,
  movementView,
  partList,
  partListQuery,
  partView,
  receiptBody,
  stockItem,
  stockQuery,
  transferBody,
  transferView,
  TRANSFER_STATUSES,
  updateLocationBody,
  updatePartBody,
  writeOffBody,
} from '../../../shared/contracts/parts';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { loanerRoutes } from './loaners.routes';
import type { PartsService } from './parts.service';
import { catalogueRoutes } from './catalogue.routes';
import { ticketPartsRoutes, type RequisitionPrinter } from './ticket-parts.routes';
import { countRoutes } from './counts.routes';
import { planningRoutes } from './planning.routes';

/** The catalogue, stock locations and the ledger's movements. */
export function partsRoutes(api: Api, parts: PartsService, print?: RequisitionPrinter) {
  ticketPartsRoutes(api, parts, print);

  // --- catalogue (C4, E5, A2) ---
  api.get('/api/v1/part-categories', {
    config: { permission: 'parts.read' },
    schema: { tags: ['parts'], summary: 'Part categories (C4), with how many parts each holds', response: { 200: z.object({ items: z.array(categoryView) }) } },
    handler: async (request) => ({ items: await parts.listCategories(actorOf(request)) }),
  });

  api.post('/api/v1/part-categories', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['parts'], summary: 'Add a part category', body: createCategoryBody, response: { 201: categoryView } },
    handler: async (request, reply) => reply.code(201).send(await parts.createCategory(actorOf(request), request.body.name)),
  });

  api.get('/api/v1/parts', {
    config: { permission: 'parts.read' },
    schema: { tags: ['parts'], summary: 'The parts catalogue, by number; `q` finds a number or a name', querystring: partListQuery, response: { 200: partList } },
    handler: async (request) => parts.listParts(actorOf(request), request.query),
  });

  api.post('/api/v1/parts', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['parts'], summary: 'Add a part to the catalogue', body: createPartBody, response: { 201: partView } },
    handler: async (request, reply) => withETag(reply.code(201), await parts.createPart(actorOf(request), request.body)),
  });

  api.get('/api/v1/parts/:id', {
    config: { permission: 'parts.read' },
    schema: { tags: ['parts'], summary: 'One part, with its stock across locations', params: idParams, response: { 200: partView } },
    handler: async (request, reply) => withETag(reply, await parts.getPart(actorOf(request), request.params.id)),
  });

  api.patch('/api/v1/parts/:id', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['parts'], summary: 'Change a part (If-Match)', params: idParams, body: updatePartBody, response: { 200: partView } },
    handler: async (request, reply) => withETag(reply, await parts.updatePart(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  catalogueRoutes(api, parts);

  // --- locations ---
  api.get('/api/v1/stock/locations', {
    config: { permission: 'parts.read' },
    schema: { tags: ['stock'], summary: 'Stock locations: warehouses, depots, vans, with customer', querystring: locationListQuery, response: { 200: z.object({ items: z.array(locationView) }) } },
    handler: async (request) => ({ items: await parts.listLocations(actorOf(request), request.query) }),
  });

  api.post('/api/v1/stock/locations', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['stock'], summary: 'Add a stock location', body: createLocationBody, response: { 201: locationView } },
    handler: async (request, reply) => reply.code(201).send(await parts.createLocation(actorOf(request), request.body)),
  });

  api.patch('/api/v1/stock/locations/:id', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['stock'], summary: 'Rename, reassign or retire a stock location', params: idParams, body: updateLocationBody, response: { 200: locationView } },
    handler: async (request) => parts.updateLocation(actorOf(request), request.params.id, request.body),
  });

  // --- stock and its ledger ---
  api.get('/api/v1/stock', {
    config: { permission: 'parts.read' },
    schema: { tags: ['stock'], summary: 'On hand, reserved, available and in transit per part and location', querystring: stockQuery, response: { 200: z.object({ items: z.array(stockItem) }) } },
    handler: async (request) => ({ items: await parts.listStock(actorOf(request), request.query) }),
  });

  api.get('/api/v1/stock/ledger', {
    config: { permission: 'parts.read' },
    schema: { tags: ['stock'], summary: 'The stock ledger, newest first: who moved what, when, why', querystring: ledgerQuery, response: { 200: ledgerList } },
    handler: async (request) => parts.listLedger(actorOf(request), request.query),
  });

  api.post('/api/v1/stock/receipts', {
    config: { permission: 'stock.move' },
    schema: { tags: ['stock'], summary: 'Receive stock from a supplier into a location', body: receiptBody, response: { 201: movementView } },
    handler: async (request, reply) => reply.code(201).send(await parts.receive(actorOf(request), request.body)),
  });

  api.post('/api/v1/stock/issues', {
    config: { permission: 'stock.move' },
    schema: {
      tags: ['stock'],
      summary: 'Issue parts from one location into another (a van), for a ticket or not; 409 when any line exceeds what is available, and then nothing moves',
      body: issueBody,
      response: { 201: movementView },
    },
    handler: async (request, reply) => reply.code(201).send(await parts.issue(actorOf(request), request.body)),
  });

  api.get('/api/v1/stock/transfers', {
    config: { permission: 'parts.read' },
    schema: {
      tags: ['stock'],
      summary: 'Transfers between locations, newest first',
      querystring: z.object({ status: z.enum(TRANSFER_STATUSES).optional(), locationId: z.uuid().optional() }),
      response: { 200: z.object({ items: z.array(transferView) }) },
    },
    handler: async (request) => ({ items: await parts.listTransfers(actorOf(request), request.query) }),
  });

  api.post('/api/v1/stock/transfers', {
    config: { permission: 'stock.move' },
    schema: { tags: ['stock'], summary: 'C4: send a transfer; it is in transit until the destination receives it', body: transferBody, response: { 201: transferView } },
    handler: async (request, reply) => reply.code(201).send(await parts.sendTransfer(actorOf(request), request.body)),
  });

  api.post('/api/v1/stock/transfers/:id/receive', {
    config: { permission: 'stock.move' },
    schema: { tags: ['stock'], summary: 'C4: receive a transfer at its destination', params: idParams, response: { 200: transferView } },
    handler: async (request) => parts.receiveTransfer(actorOf(request), request.params.id),
  });

  api.post('/api/v1/stock/write-offs', {
    config: { permission: 'stock.move' },
    schema: { tags: ['stock'], summary: 'Write stock off with a reason', body: writeOffBody, response: { 201: movementView } },
    handler: async (request, reply) => reply.code(201).send(await parts.writeOff(actorOf(request), request.body)),
  });

  countRoutes(api, parts);
  planningRoutes(api, parts);
  // --- loaners (E3) ---
  loanerRoutes(api, parts);
}
