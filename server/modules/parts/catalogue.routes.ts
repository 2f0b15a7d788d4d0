import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  assetPartsView,
  contractPricesBody,
  exportQuery,
  fitsBody,
  IMPORT_MODES,
  importReport,
  partDetail,
  substitutesBody,
  type ImportProgressLine,
} from '../../../shared/contracts/parts-catalogue';
import { t } from '../../../shared/i18n';
import { AppError } from '../../errors';
import { actorOf } from '../../http/auth';
import { sendXlsx } from '../../http/xlsx';
import type { Api } from '../../http/common';
import { problemOf } from '../../http/errors';
import { requestLocale } from '../../http/locale';
import { readUpload } from '../../http/uploads';
import { assertClean, readWorkbookUpload, reportOf } from './catalogue-import';
import type { PartsService } from './parts.service';

const importQuery = z.object({ mode: z.enum(IMPORT_MODES).default('create_only') });

/** The catalogue's links (E5, A2) and its Excel exchange. */
export function catalogueRoutes(api: Api, parts: PartsService) {
  api.get('/api/v1/parts/:id/detail', {
    config: { permission: 'parts.read' },
    schema: { tags: ['parts'], summary: 'One part with its substitutes (E5), what it fits (A2) and its customer contract prices', params: idParams, response: { 200: partDetail } },
    handler: async (request) => parts.getPartDetail(actorOf(request), request.params.id),
  });

  api.put('/api/v1/parts/:id/substitutes', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['parts'], summary: 'E5: the parts that replace this one, best first (replaces the list)', params: idParams, body: substitutesBody, response: { 200: partDetail } },
    handler: async (request) => parts.replaceSubstitutes(actorOf(request), request.params.id, request.body),
  });

  api.put('/api/v1/parts/:id/fits', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['parts'], summary: 'A2: the products and asset kinds this part fits (replaces both lists)', params: idParams, body: fitsBody, response: { 200: partDetail } },
    handler: async (request) => parts.replaceFits(actorOf(request), request.params.id, request.body),
  });

  api.put('/api/v1/parts/:id/contract-prices', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['parts'], summary: 'E5: prices agreed with single customers for this part (replaces the list)', params: idParams, body: contractPricesBody, response: { 200: partDetail } },
    handler: async (request) => parts.replaceContractPrices(actorOf(request), request.params.id, request.body),
  });

  api.get('/api/v1/assets/:id/parts', {
    config: { permission: 'parts.read' },
    schema: {
      tags: ['parts'],
      summary: 'A2: the parts that fit an asset (by its product or kind), with retail and contract prices and what is available at each location',
      params: idParams,
      response: { 200: assetPartsView },
    },
    handler: async (request) => parts.partsForAsset(actorOf(request), request.params.id),
  });

  api.get('/api/v1/parts/import-template.xlsx', {
    config: { permission: 'parts.manage' },
    schema: { tags: ['parts'], summary: 'The Excel template for a catalogue import, with the organisation’s categories in its notes' },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const bytes = await parts.importTemplate(actorOf(request), locale);
      return sendXlsx(reply, t(locale, 'parts.import.sheet'), bytes);
    },
  });

  api.post('/api/v1/parts/import/check', {
    config: { permission: 'parts.manage' },
    schema: {
      tags: ['parts'],
      summary: 'Dry run of a catalogue import (multipart, field `file`, .xlsx): every bad row with its line and reason; writes nothing',
      querystring: importQuery,
      response: { 200: importReport },
    },
    handler: async (request) => {
      const bytes = await readWorkbookUpload(await readUpload(request));
      const plan = await parts.planImport(actorOf(request), bytes, request.query.mode);
      return reportOf(plan, requestLocale(request));
    },
  });

  api.post('/api/v1/parts/import', {
    config: { permission: 'parts.manage' },
    schema: {
      tags: ['parts'],
      summary:
        'Import the catalogue (multipart, field `file`, .xlsx) in one transaction. A file with bad rows is refused whole (400, one error per bad cell). ' +
        'Otherwise answers application/x-ndjson: `{type:"progress",done,total}` lines, then `{type:"done",created,updated,seconds}` or `{type:"error",problem}` (nothing written)',
      querystring: importQuery,
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const locale = requestLocale(request);
      const bytes = await readWorkbookUpload(await readUpload(request));
      const plan = await parts.planImport(actor, bytes, request.query.mode);
      // A file with bad rows is refused here, before the stream starts: 400 naming every bad cell.
      assertClean(plan);
      const out = new PassThrough();
      const send = (line: ImportProgressLine) => out.write(`${JSON.stringify(line)}\n`);
      let last = -1;
      void parts
        .runImport(actor, plan, (done, total) => {
          // A line per batch; the first and the last always.
          if (done === last) return;
          last = done;
          send({ type: 'progress', done, total });
        })
        .then((result) => {
          send({ type: 'done', ...result });
          out.end();
        })
        .catch((error: unknown) => {
          const code = error instanceof AppError ? error.code : 'INTERNAL';
          if (!(error instanceof AppError)) request.log.error({ err: error }, 'parts import failed');
          const problem = problemOf(code, locale, request, error instanceof AppError && error.detail ? { detail: error.detail } : {});
          send({ type: 'error', problem: { code, title: problem.title, ...(problem.detail ? { detail: problem.detail } : {}) } });
          out.end();
        });
      return reply.type('application/x-ndjson; charset=utf-8').header('Cache-Control', 'no-store').header('X-Accel-Buffering', 'no').send(out);
    },
  });

  api.get('/api/v1/parts/export.xlsx', {
    config: { permission: 'parts.read' },
    schema: { tags: ['parts'], summary: 'The catalogue (or one category) as Excel: every part with its category, prices and stock total', querystring: exportQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const bytes = await parts.exportCatalogue(actorOf(request), locale, request.query);
      return sendXlsx(reply, t(locale, 'parts.import.sheet'), bytes);
    },
  });
}
