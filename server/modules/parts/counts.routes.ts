import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  countImportQuery,
  countImportResult,
  countLineBody,
  countLineView,
  countLinesQuery,
  countListQuery,
  countSummary,
  countView,
  createCountBody,
  postCountResult,
} from '../../../shared/contracts/parts-counts';
import { t } from '../../../shared/i18n';
import { actorOf } from '../../http/auth';
import { sendXlsx } from '../../http/xlsx';
import type { Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import { readUpload } from '../../http/uploads';
import type { PartsService } from './parts.service';
import { readWorkbookUpload } from './catalogue-import';


/** Stock counts (盘点): sheets, counted lines from a phone or an Excel sheet, posting. */
export function countRoutes(api: Api, parts: PartsService) {
  const tags = ['stock'];
  api.get('/api/v1/stock/counts', {
    config: { permission: 'parts.read' },
    schema: { tags, summary: 'Stock counts, newest first, with their totals', querystring: countListQuery, response: { 200: z.object({ items: z.array(countSummary) }) } },
    handler: async (request) => ({ items: await parts.listCounts(actorOf(request), request.query) }),
  });

  api.post('/api/v1/stock/counts', {
    config: { permission: 'stock.move' },
    schema: { tags, summary: 'Make a count sheet for a location: a line per part on hand, expecting its balance now', body: createCountBody, response: { 201: countSummary } },
    handler: async (request, reply) => reply.code(201).send(await parts.createCount(actorOf(request), request.body)),
  });

  api.get('/api/v1/stock/counts/:id', {
    config: { permission: 'parts.read' },
    schema: { tags, summary: 'A count with a page of its lines (all, uncounted, or differences)', params: idParams, querystring: countLinesQuery, response: { 200: countView } },
    handler: async (request) => parts.getCount(actorOf(request), request.params.id, request.query),
  });

  api.put('/api/v1/stock/counts/:id/lines', {
    config: { permission: 'stock.move' },
    schema: { tags, summary: 'Enter one counted quantity, by part id or part number (a scan)', params: idParams, body: countLineBody, response: { 200: countLineView } },
    handler: async (request) => parts.enterCount(actorOf(request), request.params.id, request.body),
  });

  api.get('/api/v1/stock/counts/:id/sheet.xlsx', {
    config: { permission: 'parts.read' },
    schema: { tags, summary: 'The count sheet as Excel, to fill in and import', params: idParams },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const { number, bytes } = await parts.countSheetXlsx(actorOf(request), request.params.id, {
        number: t(locale, 'parts.counts.column.number'),
        name: t(locale, 'parts.counts.column.name'),
        unit: t(locale, 'parts.counts.column.unit'),
        expected: t(locale, 'parts.counts.column.expected'),
        counted: t(locale, 'parts.counts.column.counted'),
      });
      return sendXlsx(reply, number, bytes);
    },
  });

  api.post('/api/v1/stock/counts/:id/import', {
    config: { permission: 'stock.move' },
    schema: {
      tags,
      summary: 'Counted quantities from an Excel sheet (multipart, field `file`: part number, counted quantity). `dryRun=true` lists bad rows only; otherwise any bad row refuses the whole sheet',
      params: idParams,
      querystring: countImportQuery,
      response: { 200: countImportResult },
    },
    handler: async (request) => {
      const bytes = await readWorkbookUpload(await readUpload(request));
      return parts.importCounts(actorOf(request), request.params.id, bytes, request.query.dryRun);
    },
  });

  api.post('/api/v1/stock/counts/:id/post', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'Post the differences as adjustments, in one step; 409 ALREADY_POSTED the second time', params: idParams, response: { 200: postCountResult } },
    handler: async (request) => parts.postCount(actorOf(request), request.params.id),
  });

  api.post('/api/v1/stock/counts/:id/cancel', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'Set an open count aside; it changes nothing', params: idParams, response: { 200: countSummary } },
    handler: async (request) => parts.cancelCount(actorOf(request), request.params.id),
  });
}
