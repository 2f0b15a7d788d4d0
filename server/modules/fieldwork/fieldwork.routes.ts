import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  approveTimeEntriesBody,
  approveTimeEntriesResult,
  correctTimeEntryBody,
  deliveryCallbackBody,
  editTimeEntryBody,
  fieldDayView,
  fieldStepBody,
  signoffBody,
  signoffsView,
  timeEntryListQuery,
  timeEntryView,
  workReportBody,
} from '../../../shared/contracts/fieldwork';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import { sendXlsx } from '../../http/xlsx';
import type { Actor } from '../identity';
import type { FieldworkService } from './fieldwork.service';
import type { WorkOrderContent } from './work-order-pdf';
import { t, type Locale } from '../../../shared/i18n';

/** What the printed work order needs from other modules; composed in app.ts. */
export interface WorkOrderSources {
  content(actor: Actor, ticketId: string): Promise<WorkOrderContent>;
  /** Renders the PDF (`renderWorkOrder`) off the request thread, reading its content with `load` when its turn comes. */
  render(actor: Actor, load: () => Promise<WorkOrderContent>, locale: Locale): Promise<Buffer>;
}

export function fieldworkRoutes(api: Api, fieldwork: FieldworkService, print: WorkOrderSources) {
  api.get('/api/v1/tickets/:id/field', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['fieldwork'], summary: 'The caller’s steps on this job, what may come next, the report and the hours', params: idParams, response: { 200: fieldDayView } },
    handler: async (request) => fieldwork.dayOf(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/field/steps', {
    config: { permission: 'fieldwork.act' },
    schema: { tags: ['fieldwork'], summary: 'Record a step: depart (with transport), arrive (with location), start, wait (with reason), resume, travel back, back', params: idParams, body: fieldStepBody, response: { 200: fieldDayView } },
    handler: async (request) => fieldwork.recordStep(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/field/report', {
    config: { permission: 'fieldwork.act' },
    schema: { tags: ['fieldwork'], summary: 'Finish the job: work report, the customer’s signature, H8 instruction confirmed (E10, M6)', params: idParams, body: workReportBody, response: { 200: fieldDayView } },
    handler: async (request) => fieldwork.submitWorkReport(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/delivery-report/receive', {
    config: { permission: 'tickets.assign' },
    schema: { tags: ['fieldwork'], summary: 'M6: the service clerk received the delivery report', params: idParams, response: { 200: fieldDayView } },
    handler: async (request) => fieldwork.receiveDeliveryReport(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/delivery-report/callback', {
    config: { permission: 'contacts.log' },
    schema: {
      tags: ['fieldwork'],
      summary: 'M6: the callback to the user: was the machine explained as required? No cancels the delivery bonus',
      params: idParams,
      body: deliveryCallbackBody,
      response: { 200: fieldDayView },
    },
    handler: async (request) => fieldwork.recordDeliveryCallback(actorOf(request), request.params.id, request.body),
  });

  api.get('/api/v1/tickets/:id/signoffs', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['fieldwork'], summary: 'Who must sign this ticket off (R8, E8, E10) and who has', params: idParams, response: { 200: signoffsView } },
    handler: async (request) => fieldwork.signoffsOf(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/signoffs', {
    config: { permission: 'signoffs.collect' },
    schema: { tags: ['fieldwork'], summary: 'Add a signature: drawn (an attachment with purpose `signature`) or typed', params: idParams, body: signoffBody, response: { 201: signoffsView } },
    handler: async (request, reply) => reply.code(201).send(await fieldwork.collectSignoff(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/tickets/:id/work-order.pdf', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['fieldwork'], summary: 'The work order with its signatures, as a PDF (Chinese font embedded)', params: idParams },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      let number = '';
      const load = async () => {
        const content = await print.content(actor, request.params.id);
        number = content.number;
        return content;
      };
      const pdf = await print.render(actor, load, requestLocale(request));
      reply.header('Content-Type', 'application/pdf');
      reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${number}.pdf`)}`);
      return reply.send(pdf);
    },
  });

  api.get('/api/v1/time-entries', {
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['timesheets'],
      summary: 'Time entries: a technician sees their own; others those on the tickets they may see (S7), a customer or contractor without notes',
      querystring: timeEntryListQuery,
      response: { 200: z.object({ items: z.array(timeEntryView) }) },
    },
    handler: async (request) => {
      const q = request.query;
      return { items: await fieldwork.findEntries(actorOf(request), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }) };
    },
  });

  api.get('/api/v1/time-entries/export.xlsx', {
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['timesheets'],
      summary: 'The time entries the list shows under the same filters and scope, as Excel (streamed, no row cap; `limit` is ignored)',
      querystring: timeEntryListQuery,
    },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const { limit: _limit, ...q } = request.query;
      const stream = await fieldwork.exportEntries(actorOf(request), locale, { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined });
      return sendXlsx(reply, t(locale, 'nav.timesheets'), stream);
    },
  });

  api.patch('/api/v1/time-entries/:id', {
    config: { permission: 'timesheets.approve' },
    schema: {
      tags: ['timesheets'],
      summary: 'Adjust a draft entry (If-Match); approved entries are corrected, not changed',
      params: idParams,
      body: editTimeEntryBody,
      response: { 200: timeEntryView },
    },
    handler: async (request, reply) => withETag(reply, await fieldwork.editEntry(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/time-entries/approve', {
    config: { permission: 'timesheets.approve' },
    schema: {
      tags: ['timesheets'],
      summary: 'M3: approve drafts at the versions seen; changed ones are reported, not approved',
      body: approveTimeEntriesBody,
      response: { 200: approveTimeEntriesResult },
    },
    handler: async (request) => fieldwork.approveEntries(actorOf(request), request.body.items),
  });

  api.post('/api/v1/time-entries/:id/corrections', {
    config: { permission: 'timesheets.approve' },
    schema: {
      tags: ['timesheets'],
      summary: 'Correct an entry with a new one of the difference in minutes, with the reason',
      params: idParams,
      body: correctTimeEntryBody,
      response: { 201: timeEntryView },
    },
    handler: async (request, reply) => reply.code(201).send(await fieldwork.correctEntry(actorOf(request), request.params.id, request.body)),
  });
}
