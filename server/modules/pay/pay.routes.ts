import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import {
  createPayRunBody,
  createPenaltyBody,
  holdbackLedgerView,
  holdbackQuery,
  payLinesQuery,
  payLinesView,
  payPerson,
  payRunListQuery,
  payRunView,
  penaltyListQuery,
  penaltyView,
  reworkCandidatesView,
  reworkJudgementBody,
  reworkJudgementView,
  withdrawPenaltyBody,
} from '../../../shared/contracts/pay';
import { t, type Locale } from '../../../shared/i18n';
import { readUpload } from '../../http/uploads';
import { actorOf } from '../../http/auth';
import { sendXlsx } from '../../http/xlsx';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import type { Actor } from '../identity';
import type { PayService } from './pay.service';
import type { PaySlipPrint } from './pay-slip-pdf';

const tags = ['pay'];

/** Renders a pay slip off the request thread (the PDF pool), reading its content with `load` when its turn comes; composed in app.ts. */
export type PaySlipPrinter = (actor: Actor, load: () => Promise<PaySlipPrint>, locale: Locale) => Promise<Buffer>;

/** Pay runs, their lines, Excel and slips; a technician's own slips; hold-backs; penalties (A5); rework judgements (M8). */
export function payRoutes(api: Api, pay: PayService, print?: PaySlipPrinter) {
  api.post('/api/v1/pay-runs', {
    config: { permission: 'pay.manage' },
    schema: {
      tags,
      summary: 'Start a draft pay run for a month (YYYY-MM), computed from the records; a month not yet over may be computed, never locked',
      body: createPayRunBody,
      response: { 201: payRunView },
    },
    handler: async (request, reply) => reply.code(201).send(await pay.createRun(actorOf(request), request.body)),
  });

  api.get('/api/v1/pay-runs', {
    config: { permission: 'pay.manage' },
    schema: { tags, summary: 'Pay runs, newest month first', querystring: payRunListQuery, response: { 200: z.object({ items: z.array(payRunView) }) } },
    handler: async (request) => pay.listRuns(actorOf(request), request.query),
  });

  api.get('/api/v1/pay-runs/:id', {
    config: { permission: 'pay.manage' },
    schema: { tags, summary: 'A pay run: its month, status, total and what to check before locking', params: idParams, response: { 200: payRunView } },
    handler: async (request, reply) => withETag(reply, await pay.getRun(actorOf(request), request.params.id)),
  });

  api.post('/api/v1/pay-runs/:id/recompute', {
    config: { permission: 'pay.manage' },
    schema: { tags, summary: 'Recompute a draft run from the records as they are now (409 PAY_RUN_LOCKED once locked)', params: idParams, response: { 200: payRunView } },
    handler: async (request, reply) => withETag(reply, await pay.recomputeRun(actorOf(request), request.params.id)),
  });

  api.post('/api/v1/pay-runs/:id/lock', {
    config: { permission: 'pay.manage' },
    schema: {
      tags,
      summary:
        'Recompute and lock the run: it never changes again. 409 PAY_MONTH_OPEN before the month ends, TIME_ENTRIES_UNAPPROVED naming them, PAY_MONTH_LOCKED when another run of the month is locked',
      params: idParams,
      response: { 200: payRunView },
    },
    handler: async (request, reply) => withETag(reply, await pay.lockRun(actorOf(request), request.params.id)),
  });

  api.get('/api/v1/pay-runs/:id/lines', {
    config: { permission: 'pay.manage' },
    schema: { tags, summary: 'The run’s lines per person, each with its rule and source', params: idParams, querystring: payLinesQuery, response: { 200: payLinesView } },
    handler: async (request) => pay.runLines(actorOf(request), request.params.id, request.query),
  });

  api.get('/api/v1/pay-runs/:id/export.xlsx', {
    config: { permission: 'pay.manage' },
    schema: { tags, summary: 'The run as Excel: a summary sheet and a sheet per person (streamed)', params: idParams },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const { month, stream } = await pay.runXlsx(actorOf(request), request.params.id, locale);
      return sendXlsx(reply, t(locale, 'pay.slip.title', { month }), stream);
    },
  });

  if (print) {
    const sendSlip = async (actor: Actor, runId: string, userId: string | null, locale: Locale, reply: import('fastify').FastifyReply) => {
      let name = '';
      const pdf = await print(
        actor,
        async () => {
          const content = await pay.slipPrint(actor, runId, userId, locale);
          name = `${content.name}-${content.month}`;
          return content;
        },
        locale,
      );
      reply.header('Content-Type', 'application/pdf');
      reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${name}.pdf`)}`);
      return reply.send(pdf);
    };
    api.get('/api/v1/pay-runs/:id/slips/:userId/pdf', {
      config: { permission: 'pay.manage' },
      schema: { tags, summary: 'A person’s pay slip of the run as a PDF', params: z.object({ id: uuid, userId: uuid }) },
      handler: async (request, reply) => sendSlip(actorOf(request), request.params.id, request.params.userId, requestLocale(request), reply),
    });
    api.get('/api/v1/my-pay/runs/:id/pdf', {
      config: { permission: 'pay.own' },
      schema: { tags, summary: 'The caller’s own pay slip of a locked run as a PDF', params: idParams },
      handler: async (request, reply) => sendSlip(actorOf(request), request.params.id, null, requestLocale(request), reply),
    });
  }

  api.get('/api/v1/my-pay/runs', {
    config: { permission: 'pay.own' },
    schema: {
      tags,
      summary: 'The caller’s own locked pay runs with their totals',
      response: { 200: z.object({ items: z.array(z.object({ id: uuid, month: z.string(), status: z.string(), totalFen: z.number().int() })) }) },
    },
    handler: async (request) => pay.myRuns(actorOf(request)),
  });

  api.get('/api/v1/my-pay/runs/:id', {
    config: { permission: 'pay.own' },
    schema: { tags, summary: 'The caller’s own lines of a locked run; nobody else’s', params: idParams, response: { 200: payPerson } },
    handler: async (request) => pay.myRun(actorOf(request), request.params.id),
  });

  api.get('/api/v1/my-pay/holdbacks', {
    config: { permission: 'pay.own' },
    schema: { tags, summary: 'M8: the caller’s own hold-backs: held, released, forfeited', response: { 200: holdbackLedgerView } },
    handler: async (request) => {
      const actor = actorOf(request);
      return pay.holdbacks(actor, { userId: actor.userId });
    },
  });

  api.get('/api/v1/pay-holdbacks', {
    config: { permission: 'pay.manage' },
    schema: { tags, summary: 'M8: hold-backs per technician (held, released, forfeited, with dates) and what each still holds', querystring: holdbackQuery, response: { 200: holdbackLedgerView } },
    handler: async (request) => pay.holdbacks(actorOf(request), request.query),
  });

  api.get('/api/v1/penalties', {
    config: { permission: 'penalties.record' },
    schema: { tags, summary: 'A5: penalties, newest first', querystring: penaltyListQuery, response: { 200: z.object({ items: z.array(penaltyView) }) } },
    handler: async (request) => pay.listPenalties(actorOf(request), request.query),
  });

  api.post('/api/v1/penalties', {
    config: { permission: 'penalties.record' },
    schema: { tags, summary: 'A5: record a penalty against a person with its cause (the amount per the settings unless given)', body: createPenaltyBody, response: { 201: penaltyView } },
    handler: async (request, reply) => reply.code(201).send(await pay.recordPenalty(actorOf(request), request.body)),
  });

  api.post('/api/v1/penalties/:id/confirm', {
    config: { permission: 'penalties.confirm' },
    schema: { tags, summary: 'A5: confirm a penalty (If-Match); it is deducted in the month of its confirmation', params: idParams, response: { 200: penaltyView } },
    handler: async (request, reply) => withETag(reply, await pay.confirmPenalty(actorOf(request), request.params.id, ifMatchVersion(request))),
  });

  api.post('/api/v1/penalties/:id/evidence', {
    config: { permission: 'penalties.record' },
    schema: {
      tags,
      summary: 'A5: the evidence of an open penalty (multipart `file`: PDF or image; If-Match); another type is 415 FILE_TYPE_NOT_ALLOWED',
      params: idParams,
      response: { 200: penaltyView },
    },
    handler: async (request, reply) => {
      const version = ifMatchVersion(request);
      const upload = await readUpload(request);
      return withETag(reply, await pay.attachPenaltyEvidence(actorOf(request), request.params.id, version, upload));
    },
  });

  api.post('/api/v1/penalties/:id/withdraw', {
    config: { permission: 'penalties.record' },
    schema: { tags, summary: 'A5: withdraw a penalty before it is confirmed, with the reason (If-Match)', params: idParams, body: withdrawPenaltyBody, response: { 200: penaltyView } },
    handler: async (request, reply) => withETag(reply, await pay.withdrawPenalty(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.get('/api/v1/tickets/:id/rework-judgement', {
    config: { permission: 'rework.judge' },
    schema: { tags, summary: 'M8: the judgement on a rework ticket, or 404 when none was made', params: idParams, response: { 200: reworkJudgementView } },
    handler: async (request) => pay.judgementOf(actorOf(request), request.params.id),
  });

  api.get('/api/v1/tickets/:id/rework-candidates', {
    config: { permission: 'rework.judge' },
    schema: {
      tags,
      summary: 'M8: the earlier finished jobs on the same asset (or customer) this ticket may rework, with their warranty',
      params: idParams,
      response: { 200: reworkCandidatesView },
    },
    handler: async (request) => pay.reworkCandidatesOf(actorOf(request), request.params.id),
  });

  api.put('/api/v1/tickets/:id/rework-judgement', {
    config: { permission: 'rework.judge' },
    schema: {
      tags,
      summary: 'M8: judge a rework ticket: the repair it reworks, whose own error caused it (their hold-back on it is forfeited when within its warranty), and why',
      params: idParams,
      body: reworkJudgementBody,
      response: { 200: reworkJudgementView },
    },
    handler: async (request) => pay.judgeRework(actorOf(request), request.params.id, request.body),
  });
}
