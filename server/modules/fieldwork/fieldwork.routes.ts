import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import { deliveryCallbackBody, fieldStepBody, signoffBody, SIGNOFF_PARTIES, TIME_ENTRY_KINDS, workReportBody } from '../../../shared/contracts/fieldwork';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import type { Actor } from '../identity';
import type { FieldworkService } from './fieldwork.service';
import type { WorkOrderContent } from './work-order-pdf';
import type { Locale } from '../../../shared/i18n';

const dayView = z.object({
  ticketId: uuid,
  status: z.string(),
  steps: z.array(z.object({ id: uuid, kind: z.string(), at: z.date(), transport: z.string().nullable(), waitReason: z.string().nullable(), note: z.string().nullable() })),
  next: z.array(z.string()),
  canFinish: z.boolean(),
  report: z
    .object({
      faultFound: z.string(),
      workDone: z.string(),
      partsUsed: z.string().nullable(),
      instructed: z.array(z.string()),
      deliveryChecklist: z.array(z.string()).nullable(),
      signerName: z.string(),
      signatureAttachmentId: uuid.nullable(),
      photoAttachmentIds: z.array(uuid),
      submittedAt: z.date(),
      receivedAt: z.date().nullable(),
      callbackExplained: z.boolean().nullable(),
      callbackNote: z.string().nullable(),
      callbackAt: z.date().nullable(),
    })
    .nullable(),
  entries: z.array(z.any()),
});

const entryView = z.object({
  id: uuid,
  ticketId: uuid,
  userId: uuid,
  kind: z.enum(TIME_ENTRY_KINDS),
  transport: z.string().nullable(),
  waitReason: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date(),
  minutes: z.number().int(),
  status: z.enum(['draft', 'approved']),
  edited: z.boolean(),
  correctsId: uuid.nullable(),
  note: z.string().nullable(),
  approvedBy: uuid.nullable(),
  approvedAt: z.date().nullable(),
  version: z.number().int(),
});

const signoffsView = z.object({
  set: z.string(),
  required: z.boolean(),
  parties: z.array(z.enum(SIGNOFF_PARTIES)),
  missing: z.array(z.enum(SIGNOFF_PARTIES)),
  items: z.array(z.object({ id: uuid, party: z.enum(SIGNOFF_PARTIES), signerName: z.string(), method: z.enum(['drawn', 'typed']), attachmentId: uuid.nullable(), note: z.string().nullable(), signedAt: z.date() })),
});

/** What the printed work order needs from other modules; composed in app.ts. */
export interface WorkOrderSources {
  content(actor: Actor, ticketId: string): Promise<WorkOrderContent>;
  /** Renders the PDF (`renderWorkOrder`), off the request thread. */
  render(actor: Actor, content: WorkOrderContent, locale: Locale): Promise<Buffer>;
}

export function fieldworkRoutes(api: Api, fieldwork: FieldworkService, print: WorkOrderSources) {
  api.get('/api/v1/tickets/:id/field', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['fieldwork'], summary: 'The caller’s steps on this job, what may come next, the report and the hours', params: idParams, response: { 200: dayView } },
    handler: async (request) => fieldwork.dayOf(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/field/steps', {
    config: { permission: 'fieldwork.act' },
    schema: { tags: ['fieldwork'], summary: 'Record a step: depart (with transport), arrive (with location), start, wait (with reason), resume, travel back, back', params: idParams, body: fieldStepBody, response: { 200: dayView } },
    handler: async (request) => fieldwork.recordStep(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/field/report', {
    config: { permission: 'fieldwork.act' },
    schema: { tags: ['fieldwork'], summary: 'Finish the job: work report, the customer’s signature, H8 instruction confirmed (E10, M6)', params: idParams, body: workReportBody, response: { 200: dayView } },
    handler: async (request) => fieldwork.submitWorkReport(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/delivery-report/receive', {
    config: { permission: 'tickets.assign' },
    schema: { tags: ['fieldwork'], summary: 'M6: the service clerk received the delivery report', params: idParams, response: { 200: dayView } },
    handler: async (request) => fieldwork.receiveDeliveryReport(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/delivery-report/callback', {
    config: { permission: 'contacts.log' },
    schema: {
      tags: ['fieldwork'],
      summary: 'M6: the callback to the user: was the machine explained as required? No cancels the delivery bonus',
      params: idParams,
      body: deliveryCallbackBody,
      response: { 200: dayView },
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
      const content = await print.content(actor, request.params.id);
      const pdf = await print.render(actor, content, requestLocale(request));
      reply.header('Content-Type', 'application/pdf');
      reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${content.number}.pdf`)}`);
      return reply.send(pdf);
    },
  });

  api.get('/api/v1/time-entries', {
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['timesheets'],
      summary: 'Time entries (a technician sees their own)',
      querystring: z.object({
        status: z.enum(['draft', 'approved']).optional(),
        userId: uuid.optional(),
        ticketId: uuid.optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
      response: { 200: z.object({ items: z.array(entryView) }) },
    },
    handler: async (request) => {
      const q = request.query;
      return { items: await fieldwork.findEntries(actorOf(request), { ...q, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined }) };
    },
  });

  api.patch('/api/v1/time-entries/:id', {
    config: { permission: 'timesheets.approve' },
    schema: {
      tags: ['timesheets'],
      summary: 'Adjust a draft entry (If-Match); approved entries are corrected, not changed',
      params: idParams,
      body: z.strictObject({ minutes: z.number().int().min(0).max(24 * 60).optional(), kind: z.enum(TIME_ENTRY_KINDS).optional(), note: z.string().trim().max(500).nullish() }),
      response: { 200: entryView },
    },
    handler: async (request, reply) => withETag(reply, await fieldwork.editEntry(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/time-entries/approve', {
    config: { permission: 'timesheets.approve' },
    schema: {
      tags: ['timesheets'],
      summary: 'M3: approve drafts at the versions seen; changed ones are reported, not approved',
      body: z.strictObject({ items: z.array(z.strictObject({ id: uuid, version: z.number().int() })).min(1).max(500) }),
      response: { 200: z.object({ approved: z.array(uuid), conflicts: z.array(uuid) }) },
    },
    handler: async (request) => fieldwork.approveEntries(actorOf(request), request.body.items),
  });

  api.post('/api/v1/time-entries/:id/corrections', {
    config: { permission: 'timesheets.approve' },
    schema: {
      tags: ['timesheets'],
      summary: 'Correct an entry with a new one of the difference in minutes, with the reason',
      params: idParams,
      body: z.strictObject({ minutes: z.number().int().min(-24 * 60).max(24 * 60), note: z.string().trim().min(2).max(500) }),
      response: { 201: entryView },
    },
    handler: async (request, reply) => reply.code(201).send(await fieldwork.correctEntry(actorOf(request), request.params.id, request.body)),
  });
}
