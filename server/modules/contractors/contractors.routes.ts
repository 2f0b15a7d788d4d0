import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import {
  agreeRepairBody,
  agreementUploadQuery,
  contractorUserBody,
  countersignBody,
  countersignItem,
  agreementBody,
  agreementView,
  contractView,
  contractorListQuery,
  contractorSummary,
  contractorView,
  correctionBody,
  createContractBody,
  createContractorBody,
  createResponsibilityBody,
  deductionBody,
  depositBody,
  ledgerView,
  monthlyReportQuery,
  statementBody,
  statementView,
  disputeBody,
  decisionBody,
  monthlyReportView,
  portalStepBody,
  responsibilityQuery,
  responsibilityView,
  selfRepairBody,
  ticketContractorBody,
  ticketContractorView,
  updateContractorBody,
} from '../../../shared/contracts/contractors';
import { t } from '../../../shared/i18n';
import { userView } from '../../../shared/contracts/identity';
import { actorOf } from '../../http/auth';
import { sendXlsx } from '../../http/xlsx';
import { readUpload } from '../../http/uploads';
import { requestLocale } from '../../http/locale';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import type { ContractorsService } from './contractors.service';
import type { StatementPrint } from './statement-pdf';
import type { MonthlyReportPrint } from './report-pdf';
import type { Actor } from '../identity';
import type { Locale } from '../../../shared/i18n';

const tags = ['contractors'];
const line = z.object({ id: uuid, balanceFen: z.number().int() });

/** Renders a printed statement or monthly report off the request thread (the PDF pool), reading its content with `load` when its turn comes; composed in app.ts. */
export type StatementPrinter = (actor: Actor, load: () => Promise<{ statement: StatementPrint } | { monthlyReport: MonthlyReportPrint }>, locale: Locale) => Promise<Buffer>;

/** Contractors, the responsibility map, a ticket's contractor and the contractor's portal steps, deposit ledgers. */
export function contractorRoutes(api: Api, contractors: ContractorsService, print?: StatementPrinter) {
  if (print) {
    for (const [path, permission, own] of [
      ['/api/v1/contractor-statements/:id/pdf', 'contractors.read', false],
      ['/api/v1/portal/statements/:id/pdf', 'contractor.portal', true],
    ] as const) {
      api.get(path, {
        config: { permission },
        schema: { tags, summary: 'R9: the quarterly statement as a PDF, to sign and send', params: idParams },
        handler: async (request, reply) => {
          const actor = actorOf(request);
          let name = '';
          const pdf = await print(
            actor,
            async () => {
              const content = await contractors.statementPrint(actor, request.params.id, own);
              name = `${content.contractor}-${content.quarter}`;
              return { statement: content };
            },
            requestLocale(request),
          );
          reply.header('Content-Type', 'application/pdf');
          reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${name}.pdf`)}`);
          return reply.send(pdf);
        },
      });
    }
  }

  api.get('/api/v1/contractors', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'Contractors by name, with their deposit balance and open tickets', querystring: contractorListQuery, response: { 200: z.object({ items: z.array(contractorSummary) }) } },
    handler: async (request) => ({ items: await contractors.listContractors(actorOf(request), request.query) }),
  });

  api.post('/api/v1/contractors', {
    config: { permission: 'contractors.manage' },
    schema: { tags, summary: 'R3: register a contractor with its repair phone and responsible person', body: createContractorBody, response: { 201: z.object({ id: uuid }) } },
    handler: async (request, reply) => reply.code(201).send(await contractors.createContractor(actorOf(request), request.body)),
  });

  api.get('/api/v1/contractors/:id', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'A contractor with its contracts and its lines of the responsibility map', params: idParams, response: { 200: contractorView } },
    handler: async (request, reply) => withETag(reply, await contractors.getContractor(actorOf(request), request.params.id)),
  });

  api.patch('/api/v1/contractors/:id', {
    config: { permission: 'contractors.manage' },
    schema: { tags, summary: 'Correct a contractor’s details (If-Match)', params: idParams, body: updateContractorBody, response: { 200: contractorView } },
    handler: async (request, reply) => withETag(reply, await contractors.updateContractor(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/contractors/:id/contracts', {
    config: { permission: 'contractors.manage' },
    schema: { tags, summary: 'R1, R10: a repair contract for a project: scope, unit prices, warranty per trade, deposit', params: idParams, body: createContractBody, response: { 201: contractView } },
    handler: async (request, reply) => reply.code(201).send(await contractors.createContract(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/contractors/:id/responsibilities', {
    config: { permission: 'contractors.manage' },
    schema: {
      tags,
      summary: 'R3: a line of the responsibility map (estate, building, trade → this contractor, warranty end); an overlapping line is 409 RESPONSIBILITY_OVERLAP',
      params: idParams,
      body: createResponsibilityBody,
      response: { 201: responsibilityView },
    },
    handler: async (request, reply) => reply.code(201).send(await contractors.addResponsibility(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/contractor-responsibilities', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'R3: the responsibility map, by estate and building', querystring: responsibilityQuery, response: { 200: z.object({ items: z.array(responsibilityView) }) } },
    handler: async (request) => ({ items: await contractors.listResponsibilities(actorOf(request), request.query) }),
  });

  api.post('/api/v1/contractors/:id/deposit', {
    config: { permission: 'deductions.manage' },
    schema: { tags, summary: 'The warranty deposit received from the contractor', params: idParams, body: depositBody, response: { 201: line } },
    handler: async (request, reply) => reply.code(201).send(await contractors.recordDeposit(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/contractors/:id/deductions', {
    config: { permission: 'deductions.manage' },
    schema: {
      tags,
      summary:
        'R5 (100 %), R6 (200 %), R7 (delegated fee): a deduction from the deposit for one of the contractor’s tickets; beyond the balance it is written and flagged. With a work quantity the contractor is asked to countersign it; an R7 fee is written on the ledger only when countersigned',
      params: idParams,
      body: deductionBody,
      response: {
        201: z.object({
          /** The ledger line; null for an R7 fee until the contractor countersigns it. */
          id: uuid.nullable(),
          countersignId: uuid.nullable(),
          pendingCountersignature: z.boolean(),
          amountFen: z.number().int(),
          balanceFen: z.number().int(),
          exceedsDeposit: z.boolean(),
        }),
      },
    },
    handler: async (request, reply) => reply.code(201).send(await contractors.deduct(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/contractors/:id/ledger/:lineId/corrections', {
    config: { permission: 'deductions.manage' },
    schema: { tags, summary: 'Give back (part of) a deduction as a new line with its reason', params: z.object({ id: uuid, lineId: uuid }), body: correctionBody, response: { 201: line } },
    handler: async (request, reply) => reply.code(201).send(await contractors.correct(actorOf(request), request.params.id, request.params.lineId, request.body)),
  });

  api.get('/api/v1/contractors/:id/ledger', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'The deposit ledger (质保金台账), oldest first; the balance is the sum of its lines', params: idParams, response: { 200: ledgerView } },
    handler: async (request) => contractors.ledgerOf(actorOf(request), request.params.id),
  });

  api.get('/api/v1/contractors/:id/agreements', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'R7: the contractor’s delegation agreements', params: idParams, response: { 200: z.object({ items: z.array(agreementView) }) } },
    handler: async (request) => ({ items: await contractors.listAgreements(actorOf(request), request.params.id) }),
  });

  api.post('/api/v1/contractors/:id/agreements', {
    config: { permission: 'contractors.manage' },
    schema: { tags, summary: 'R7: a written delegation agreement (an uploaded attachment) and its period', params: idParams, body: agreementBody, response: { 201: agreementView } },
    handler: async (request, reply) => reply.code(201).send(await contractors.addAgreement(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/contractors/:id/agreements/upload', {
    config: { permission: 'contractors.manage' },
    schema: {
      tags,
      summary: 'R7: upload the written delegation agreement (multipart `file`: PDF or image) with its period in the query string; another type is 415 FILE_TYPE_NOT_ALLOWED',
      params: idParams,
      querystring: agreementUploadQuery,
      response: { 201: agreementView },
    },
    handler: async (request, reply) => {
      const upload = await readUpload(request);
      return reply.code(201).send(await contractors.uploadAgreement(actorOf(request), request.params.id, upload, request.query));
    },
  });

  api.post('/api/v1/contractors/:id/users', {
    config: { permission: 'users.manage' },
    schema: { tags, summary: 'S18: a portal user (role contractor) for this contractor; an unknown contractor is 404', params: idParams, body: contractorUserBody, response: { 201: userView } },
    handler: async (request, reply) => reply.code(201).send(await contractors.createPortalUser(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/portal/countersignatures', {
    config: { permission: 'contractor.portal' },
    schema: { tags, summary: 'The work quantities (工程量) and R7 fees asked of the signed-in contractor to countersign, and those it signed', response: { 200: z.object({ items: z.array(countersignItem) }) } },
    handler: async (request) => ({ items: await contractors.listOwnCountersigns(actorOf(request)) }),
  });

  api.post('/api/v1/portal/countersignatures/:id/sign', {
    config: { permission: 'contractor.portal' },
    schema: {
      tags,
      summary: 'The contractor countersigns a work quantity with a drawn signature; an R7 fee is then paid from the deposit. Another contractor’s is 404, a second signature 409 ALREADY_POSTED',
      params: idParams,
      body: countersignBody,
      response: { 200: countersignItem },
    },
    handler: async (request) => contractors.countersign(actorOf(request), request.params.id, request.body.signature),
  });

  api.get('/api/v1/contractor-reports/monthly', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'R9: a project’s monthly repair report (by trade and contractor, on time or late, deductions), its repair ledger and group complaints', querystring: monthlyReportQuery, response: { 200: monthlyReportView } },
    handler: async (request) => contractors.monthlyReport(actorOf(request), request.query),
  });

  api.get('/api/v1/contractor-reports/monthly.xlsx', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'R9: the same report as Excel (summary and repair ledger sheets)', querystring: monthlyReportQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const bytes = await contractors.monthlyReportXlsx(actorOf(request), locale, request.query);
      return sendXlsx(reply, `${request.query.estate}-${request.query.month}-${t(locale, 'contractors.report.ledger')}`, bytes);
    },
  });

  const statement = z.object({ id: uuid, lineId: uuid });
  api.post('/api/v1/contractors/:id/statements', {
    config: { permission: 'deductions.manage' },
    schema: { tags, summary: 'R9: the quarter’s written statement of every deduction, sent to the contractor (portal and outbox)', params: idParams, body: statementBody, response: { 201: statementView } },
    handler: async (request, reply) => reply.code(201).send(await contractors.issueStatement(actorOf(request), request.params.id, request.body.quarter)),
  });

  api.get('/api/v1/contractors/:id/statements', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'R9: the contractor’s quarterly statements, newest first', params: idParams, response: { 200: z.object({ items: z.array(statementView) }) } },
    handler: async (request) => ({ items: await contractors.listStatements(actorOf(request), request.params.id) }),
  });

  api.get('/api/v1/contractor-statements/:id', {
    config: { permission: 'contractors.read' },
    schema: { tags, summary: 'R9: one statement with its lines and their disputes', params: idParams, response: { 200: statementView } },
    handler: async (request) => contractors.getStatement(actorOf(request), request.params.id),
  });

  api.post('/api/v1/contractor-statements/:id/lines/:lineId/decision', {
    config: { permission: 'deductions.manage' },
    schema: { tags, summary: 'R9: accept a disputed line (its deduction is reversed on the ledger) or reject it, with the answer', params: statement, body: decisionBody, response: { 200: statementView } },
    handler: async (request) => contractors.decideDispute(actorOf(request), request.params.id, request.params.lineId, request.body),
  });

  api.get('/api/v1/portal/statements', {
    config: { permission: 'contractor.portal' },
    schema: { tags, summary: 'R9: the signed-in contractor’s statements', response: { 200: z.object({ items: z.array(statementView) }) } },
    handler: async (request) => ({ items: await contractors.listStatements(actorOf(request), null) }),
  });

  api.get('/api/v1/portal/statements/:id', {
    config: { permission: 'contractor.portal' },
    schema: { tags, summary: 'R9: one of the contractor’s own statements (another’s is 404)', params: idParams, response: { 200: statementView } },
    handler: async (request) => contractors.ownStatement(actorOf(request), request.params.id),
  });

  api.post('/api/v1/portal/statements/:id/lines/:lineId/dispute', {
    config: { permission: 'contractor.portal' },
    schema: { tags, summary: 'R9: the contractor disputes a line with a reason and attachments; a closed statement is 409 STATEMENT_CLOSED', params: statement, body: disputeBody, response: { 200: statementView } },
    handler: async (request) => contractors.disputeLine(actorOf(request), request.params.id, request.params.lineId, request.body),
  });

  api.post('/api/v1/portal/statements/:id/confirm', {
    config: { permission: 'contractor.portal' },
    schema: { tags, summary: 'R9: the contractor confirms every line it has not disputed', params: idParams, response: { 200: statementView } },
    handler: async (request) => contractors.confirmStatement(actorOf(request), request.params.id),
  });

  if (print) {
    api.get('/api/v1/contractor-reports/monthly.pdf', {
      config: { permission: 'contractors.read' },
      schema: { tags, summary: 'R9: the monthly report as a PDF (figures and the summary by trade and contractor; the ledger is the Excel export)', querystring: monthlyReportQuery },
      handler: async (request, reply) => {
        const pdf = await print(actorOf(request), async () => ({ monthlyReport: await contractors.monthlyReportPrint(actorOf(request), request.query) }), requestLocale(request));
        reply.header('Content-Type', 'application/pdf');
        reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${request.query.estate}-${request.query.month}.pdf`)}`);
        return reply.send(pdf);
      },
    });
  }

  api.get('/api/v1/tickets/:id/contractor', {
    config: { permission: 'tickets.read' },
    schema: { tags, summary: 'R3: the ticket’s responsible contractor, its map line and warranty, the portal steps, a takeover', params: idParams, response: { 200: ticketContractorView } },
    handler: async (request) => contractors.ticketContractor(actorOf(request), request.params.id),
  });

  api.put('/api/v1/tickets/:id/contractor', {
    config: { permission: 'contractors.assign' },
    schema: { tags, summary: 'R3: name another responsible contractor (or none) with the reason; the new one is notified', params: idParams, body: ticketContractorBody, response: { 200: ticketContractorView } },
    handler: async (request) => contractors.changeTicketContractor(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/self-repair', {
    config: { permission: 'contractors.assign' },
    schema: { tags, summary: 'R4: the centre takes the repair over, with the reason and the clock as evidence', params: idParams, body: selfRepairBody, response: { 200: ticketContractorView } },
    handler: async (request) => contractors.takeOver(actorOf(request), request.params.id, request.body.reason),
  });

  api.post('/api/v1/tickets/:id/contractor/accept', {
    config: { permission: 'contractor.portal' },
    schema: { tags, summary: 'R2: the contractor accepts one of its tickets', params: idParams, body: portalStepBody, response: { 200: ticketContractorView } },
    handler: async (request) => contractors.acceptTicket(actorOf(request), request.params.id, request.body.note ?? null),
  });

  api.post('/api/v1/tickets/:id/contractor/agree', {
    config: { permission: 'contractor.portal' },
    schema: {
      tags,
      summary: 'The contractor, on site, agrees the repair: what, its work quantity (工程量) and, above contractors.valueThresholdFen, the cost; before arrival 409 TRANSITION_NOT_ALLOWED',
      params: idParams,
      body: agreeRepairBody,
      response: { 200: ticketContractorView },
    },
    handler: async (request) => contractors.agreeRepair(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/contractor/arrive', {
    config: { permission: 'contractor.portal' },
    schema: { tags, summary: 'R4: the contractor is on site; its contractor_on_site clock stops', params: idParams, body: portalStepBody, response: { 200: ticketContractorView } },
    handler: async (request) => contractors.recordArrival(actorOf(request), request.params.id, request.body.note ?? null),
  });
}
