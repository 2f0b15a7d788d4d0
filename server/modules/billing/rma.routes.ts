import { z } from 'zod';
import {
  advanceReplacementBody,
  closeRmaBody,
  decideRmaWarrantyBody,
  markDoaBody,
  overdueAdvanceView,
  productDoaDaysBody,
  qcRmaBody,
  receiveRmaBody,
  repairRmaBody,
  rmaReport,
  rmaReportQuery,
  rmaView,
  shipRmaBody,
} from '../../../shared/contracts/billing-rma';
import { idParams } from '../../../shared/contracts/common';
import { attachmentView } from '../../../shared/contracts/files';
import { actorOf } from '../../http/auth';
import { sendXlsx } from '../../http/xlsx';
import type { Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import { readUpload } from '../../http/uploads';
import type { BillingService } from './billing.service';
import { rmaReportWorkbook } from './rma-report';


/** Mail-in and carry-in repair (C3), dead on arrival and its monthly figures (C5), advance replacement. */
export function rmaRoutes(api: Api, billing: BillingService) {
  const tags = ['rma'];
  const step = 'rma.handle' as const;

  api.get('/api/v1/tickets/:id/rma', {
    config: { permission: 'tickets.read' },
    schema: { tags, summary: 'C3: the ticket’s RMA: its stage, each step’s record, photos, warranty decision with its rule, DOA, advance replacement, history', params: idParams, response: { 200: rmaView } },
    handler: async (request) => billing.getRma(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/rma/photos', {
    config: { permission: step },
    schema: { tags, summary: 'C3: a photo of the unit on arrival (multipart/form-data, field `file`; jpg, png, webp, gif, heic)', params: idParams, response: { 201: attachmentView } },
    handler: async (request, reply) => reply.code(201).send(await billing.attachRmaPhoto(actorOf(request), request.params.id, await readUpload(request))),
  });

  api.post('/api/v1/tickets/:id/rma/receive', {
    config: { permission: step },
    schema: { tags, summary: 'C3: the unit arrived (carrier, tracking number, condition, accessories, batch); C5: DOA suggested from the asset’s dates', params: idParams, body: receiveRmaBody, response: { 200: rmaView } },
    handler: async (request) => billing.receiveRma(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/rma/warranty', {
    config: { permission: step },
    schema: { tags, summary: 'C3: decide the warranty from the proof of purchase with the asset’s warranty engine; the ticket’s warranty follows', params: idParams, body: decideRmaWarrantyBody, response: { 200: rmaView } },
    handler: async (request) => billing.decideRmaWarranty(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/rma/repair', {
    config: { permission: step },
    schema: { tags, summary: 'C3: repaired, replaced or not repairable; out of warranty only after the customer approved the estimate (QUOTE_NOT_APPROVED)', params: idParams, body: repairRmaBody, response: { 200: rmaView } },
    handler: async (request) => billing.repairRma(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/rma/qc', {
    config: { permission: step },
    schema: { tags, summary: 'QC of the repaired unit; a failure sends it back to repair', params: idParams, body: qcRmaBody, response: { 200: rmaView } },
    handler: async (request) => billing.qcRma(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/rma/ship', {
    config: { permission: step },
    schema: { tags, summary: 'C3: shipped back to the customer (carrier, tracking number); the ticket completes', params: idParams, body: shipRmaBody, response: { 200: rmaView } },
    handler: async (request) => billing.shipRma(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/rma/close', {
    config: { permission: step },
    schema: { tags, summary: 'C3: the RMA is done; a completed ticket closes', params: idParams, body: closeRmaBody, response: { 200: rmaView } },
    handler: async (request) => billing.closeRma(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/rma/doa', {
    config: { permission: step },
    schema: { tags, summary: 'C5: confirm or clear dead on arrival with the fault, and the unit’s batch (lot or serial range)', params: idParams, body: markDoaBody, response: { 200: rmaView } },
    handler: async (request) => billing.markDoa(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/rma/advance-replacement', {
    config: { permission: step },
    schema: { tags, summary: 'Ship a replacement before the faulty unit comes back, against a deposit (fen, recorded); due back billing.advanceReturnDays later', params: idParams, body: advanceReplacementBody, response: { 200: rmaView } },
    handler: async (request) => billing.shipAdvanceReplacement(actorOf(request), request.params.id, request.body),
  });

  api.get('/api/v1/rma/advance-replacements/overdue', {
    config: { permission: 'money.read' },
    schema: { tags, summary: 'Advance replacements whose faulty unit is past its due date, longest overdue first', response: { 200: z.object({ items: z.array(overdueAdvanceView) }) } },
    handler: async (request) => ({ items: await billing.overdueAdvanceReplacements(actorOf(request)) }),
  });

  api.put('/api/v1/products/:id/doa-days', {
    config: { permission: step },
    schema: {
      tags,
      summary: 'C5: a product’s own DOA days (null: billing.doaDays applies)',
      params: idParams,
      body: productDoaDaysBody,
      response: { 200: z.object({ productId: z.uuid(), doaDays: z.number().int().nullable(), effectiveDays: z.number().int() }) },
    },
    handler: async (request) => billing.setProductDoaDays(actorOf(request), request.params.id, request.body.doaDays),
  });

  api.get('/api/v1/rma/report', {
    config: { permission: 'money.read' },
    schema: { tags, summary: 'C5: the month’s RMAs (organisation’s time zone): received, repair success rate, DOA count and rate per product and batch (basis points)', querystring: rmaReportQuery, response: { 200: rmaReport } },
    handler: async (request) => billing.rmaMonthlyReport(actorOf(request), request.query.month),
  });

  api.get('/api/v1/rma/report.xlsx', {
    config: { permission: 'money.read' },
    schema: { tags, summary: 'C5: the month’s RMA report as Excel', querystring: rmaReportQuery },
    handler: async (request, reply) => {
      const report = await billing.rmaMonthlyReport(actorOf(request), request.query.month);
      const bytes = await rmaReportWorkbook(report, requestLocale(request));
      return sendXlsx(reply, `RMA-${report.month}`, bytes);
    },
  });
}
