import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import { movementView } from '../../../shared/contracts/parts';
import {
  approveRequisitionBody,
  consumeBody,
  fittedPartView,
  oldPartReturnBody,
  oldPartReturnQuery,
  oldPartReturnView,
  overdueByTechnician,
  proposeTicketPartBody,
  rejectRequisitionBody,
  requestRequisitionBody,
  requisitionListQuery,
  requisitionView,
  ticketPartParams,
  ticketPartsView,
  vanReturnBody,
  vanView,
} from '../../../shared/contracts/parts-tickets';
import { actorOf } from '../../http/auth';
import type { Api } from '../../http/common';
import type { PartsService } from './parts.service';
import { requestLocale } from '../../http/locale';
import type { Locale } from '../../../shared/i18n';
import type { Actor } from '../identity';
import type { RequisitionPrint } from './requisition-pdf';

/** Renders a printed requisition off the request thread (the PDF pool), reading its content with `load` when its turn comes; composed in app.ts. */
export type RequisitionPrinter = (actor: Actor, load: () => Promise<RequisitionPrint>, locale: Locale) => Promise<Buffer>;

/** Parts on a ticket (H3, E5), requisitions (H7), the technician's van, old-part returns. */
export function ticketPartsRoutes(api: Api, parts: PartsService, print?: RequisitionPrinter) {
  // --- parts on a ticket ---
  api.get('/api/v1/tickets/:id/parts', {
    config: { permission: 'parts.read' },
    schema: { tags: ['parts'], summary: 'A ticket’s parts with status, location, cost and price, and their totals (E5)', params: idParams, response: { 200: ticketPartsView } },
    handler: async (request) => parts.partsOfTicket(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/parts', {
    config: { permission: 'parts.propose' },
    schema: {
      tags: ['parts'],
      summary: 'H3: name a part the job needs; `reserve` reserves it from the lead technician’s van first, then the nearest warehouse or depot',
      params: idParams,
      body: proposeTicketPartBody.extend({ locationId: uuid.nullish() }),
      response: { 201: ticketPartsView },
    },
    handler: async (request, reply) => reply.code(201).send(await parts.proposePart(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/tickets/:id/parts/:partLineId/reserve', {
    config: { permission: 'parts.propose' },
    schema: { tags: ['parts'], summary: 'Reserve a proposed part (at a location, or where H3 says)', params: ticketPartParams, body: z.strictObject({ locationId: uuid.nullish() }), response: { 200: ticketPartsView } },
    handler: async (request) => parts.reservePart(actorOf(request), request.params.id, request.params.partLineId, request.body),
  });

  api.post('/api/v1/tickets/:id/parts/:partLineId/cancel', {
    config: { permission: 'parts.propose' },
    schema: { tags: ['parts'], summary: 'Cancel a proposed or reserved part; a reservation is released', params: ticketPartParams, response: { 200: ticketPartsView } },
    handler: async (request) => parts.cancelPart(actorOf(request), request.params.id, request.params.partLineId),
  });

  api.post('/api/v1/tickets/:id/parts/consume', {
    config: { permission: 'stock.request' },
    schema: {
      tags: ['parts'],
      summary: 'Parts used on the job from the technician’s van (serials where tracked); 409 PART_NOT_ISSUED for a part the van never had',
      params: idParams,
      body: consumeBody,
      response: { 200: ticketPartsView },
    },
    handler: async (request) => parts.consumeParts(actorOf(request), request.params.id, request.body),
  });

  api.get('/api/v1/assets/:id/fitted-parts', {
    config: { permission: 'parts.read' },
    schema: {
      tags: ['parts'],
      summary: 'The asset’s part history: each part fitted on a job, the serial fitted and the serial taken out, on the tickets the caller may see',
      params: idParams,
      response: { 200: z.object({ items: z.array(fittedPartView) }) },
    },
    handler: async (request) => ({ items: await parts.partsFittedToAsset(actorOf(request), request.params.id) }),
  });

  // --- the technician's van ---
  api.get('/api/v1/stock/my-van', {
    config: { permission: 'stock.request' },
    schema: { tags: ['stock'], summary: 'H7: the caller’s van and the parts carried for each of their open jobs', response: { 200: vanView } },
    handler: async (request) => parts.vanOf(actorOf(request), actorOf(request).userId),
  });

  api.post('/api/v1/stock/my-van/returns', {
    config: { permission: 'stock.request' },
    schema: { tags: ['stock'], summary: 'What is left in the caller’s van goes back to a warehouse or depot', body: vanReturnBody, response: { 201: movementView } },
    handler: async (request, reply) => reply.code(201).send(await parts.returnFromVan(actorOf(request), request.body)),
  });

  // --- requisitions (H7) ---
  api.get('/api/v1/requisitions', {
    config: { permission: 'parts.read' },
    schema: { tags: ['requisitions'], summary: 'H7: requisitions, newest first; a technician sees their own', querystring: requisitionListQuery, response: { 200: z.object({ items: z.array(requisitionView) }) } },
    handler: async (request) => ({ items: await parts.listRequisitions(actorOf(request), request.query) }),
  });

  api.post('/api/v1/requisitions', {
    config: { permission: 'stock.request' },
    schema: { tags: ['requisitions'], summary: 'H7: the technician requests the day’s parts into their van', body: requestRequisitionBody, response: { 201: requisitionView } },
    handler: async (request, reply) => reply.code(201).send(await parts.requestRequisition(actorOf(request), request.body)),
  });

  api.get('/api/v1/requisitions/:id', {
    config: { permission: 'parts.read' },
    schema: { tags: ['requisitions'], summary: 'One requisition', params: idParams, response: { 200: requisitionView } },
    handler: async (request) => parts.getRequisition(actorOf(request), request.params.id),
  });

  if (print) {
    api.get('/api/v1/requisitions/:id/print.pdf', {
      config: { permission: 'parts.read' },
      schema: { tags: ['requisitions'], summary: 'H7: the requisition as a PDF both sign (Chinese font embedded)', params: idParams },
      handler: async (request, reply) => {
        const actor = actorOf(request);
        let number = '';
        const pdf = await print(
          actor,
          async () => {
            const content = await parts.requisitionPrint(actor, request.params.id);
            number = content.number;
            return content;
          },
          requestLocale(request),
        );
        reply.header('Content-Type', 'application/pdf');
        reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${number}.pdf`)}`);
        return reply.send(pdf);
      },
    });
  }

  api.post('/api/v1/requisitions/:id/approve', {
    config: { permission: 'stock.move' },
    schema: {
      tags: ['requisitions'],
      summary: 'H7: approve (perhaps fewer) from a warehouse; `issue` issues into the van at once, all lines or none',
      params: idParams,
      body: approveRequisitionBody,
      response: { 200: requisitionView },
    },
    handler: async (request) => parts.approveRequisition(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/requisitions/:id/reject', {
    config: { permission: 'stock.move' },
    schema: { tags: ['requisitions'], summary: 'H7: reject with a reason', params: idParams, body: rejectRequisitionBody, response: { 200: requisitionView } },
    handler: async (request) => parts.rejectRequisition(actorOf(request), request.params.id, request.body.reason),
  });

  api.post('/api/v1/requisitions/:id/issue', {
    config: { permission: 'stock.move' },
    schema: { tags: ['requisitions'], summary: 'H7: issue an approved requisition into the technician’s van', params: idParams, response: { 200: requisitionView } },
    handler: async (request) => parts.issueRequisition(actorOf(request), request.params.id),
  });

  // --- old-part returns ---
  api.get('/api/v1/old-part-returns', {
    config: { permission: 'parts.read' },
    schema: { tags: ['parts'], summary: 'Old parts due back from warranty replacements; a technician sees their own', querystring: oldPartReturnQuery, response: { 200: z.object({ items: z.array(oldPartReturnView) }) } },
    handler: async (request) => ({ items: await parts.listOldPartReturns(actorOf(request), request.query) }),
  });

  api.get('/api/v1/old-part-returns/overdue', {
    config: { permission: 'stock.move' },
    schema: { tags: ['parts'], summary: 'Overdue old-part returns per technician', response: { 200: overdueByTechnician } },
    handler: async (request) => ({ items: await parts.overdueOldParts(actorOf(request)) }),
  });

  api.post('/api/v1/old-part-returns/:id/receive', {
    config: { permission: 'stock.move' },
    schema: { tags: ['parts'], summary: 'The old part is back: its serial and condition', params: idParams, body: oldPartReturnBody, response: { 200: oldPartReturnView } },
    handler: async (request) => parts.receiveOldPart(actorOf(request), request.params.id, request.body),
  });
}
