import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  addCostBody,
  costListQuery,
  costView,
  invoiceView,
  issueInvoiceBody,
  receivablesPage,
  receivablesQuery,
  receivablesSummary,
  recordPaymentBody,
  rejectCostBody,
  reverseInvoiceBody,
  requestInvoiceBody,
  paymentView,
  ticketMoney,
  ticketPayments,
} from '../../../shared/contracts/billing-payments';
import { t, type Locale } from '../../../shared/i18n';
import { actorOf } from '../../http/auth';
import { sendXlsx } from '../../http/xlsx';
import { withETag, type Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import { readUpload } from '../../http/uploads';
import type { Actor } from '../identity';
import type { BillingService } from './billing.service';
import type { ReceiptPrint } from './payments';


/** Renders a receipt through the PDF pool (S2); `load` runs once a worker is free. */
export type ReceiptPrinter = (actor: Actor, load: () => Promise<ReceiptPrint>, locale: Locale) => Promise<Buffer>;

const ifMatch = (header: string | string[] | undefined): number | undefined => {
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header ?? '').trim());
  return m ? Number(m[1]) : undefined;
};

const summaryQuery = receivablesQuery.pick({ customerId: true, ageing: true, chargedMonth: true });

/** Payments and refunds, fapiao, an order's costs and net profit (M7), receivables and their exports. */
export function paymentRoutes(api: Api, billing: BillingService, print?: ReceiptPrinter) {
  // --- payments ---------------------------------------------------------------------------------
  api.post('/api/v1/tickets/:id/payments', {
    config: { permission: 'payments.record' },
    schema: {
      tags: ['payments'],
      summary: 'Record money received (amountFen > 0) or a refund (amountFen < 0, with a reason; never more than was paid). No payment service is called.',
      params: idParams,
      body: recordPaymentBody,
      response: { 201: paymentView },
    },
    handler: async (request, reply) => reply.code(201).send(await billing.recordPayment(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/tickets/:id/payments', {
    config: { permission: 'money.read' },
    schema: { tags: ['payments'], summary: 'A ticket’s payments and refunds, with charged, collected and outstanding', params: idParams, response: { 200: ticketPayments } },
    handler: async (request) => billing.listPayments(actorOf(request), request.params.id),
  });

  if (print) {
    api.get('/api/v1/payments/:id/receipt.pdf', {
      config: { permission: 'money.read' },
      schema: { tags: ['payments'], summary: 'The receipt of a payment (or voucher of a refund) as a PDF (Chinese font embedded)', params: idParams },
      handler: async (request, reply) => {
        const actor = actorOf(request);
        let number = '';
        const pdf = await print(
          actor,
          async () => {
            const content = await billing.receiptOf(actor, request.params.id);
            number = content.ticketNumber;
            return content;
          },
          requestLocale(request),
        );
        reply.header('Content-Type', 'application/pdf');
        reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${number}-receipt.pdf`)}`);
        return reply.send(pdf);
      },
    });
  }

  // --- fapiao -----------------------------------------------------------------------------------
  api.get('/api/v1/tickets/:id/invoices', {
    config: { permission: 'money.read' },
    schema: { tags: ['invoices'], summary: 'A ticket’s fapiao requests, issued fapiao and red-letter reversals', params: idParams, response: { 200: z.object({ items: z.array(invoiceView) }) } },
    handler: async (request) => ({ items: await billing.listInvoices(actorOf(request), request.params.id) }),
  });

  api.post('/api/v1/tickets/:id/invoices', {
    config: { permission: 'invoices.manage' },
    schema: {
      tags: ['invoices'],
      summary: 'A customer’s fapiao request (普票/专票): buyer title, tax number, amount equal to the charge (INVOICE_TOTAL_MISMATCH otherwise)',
      params: idParams,
      body: requestInvoiceBody,
      response: { 201: invoiceView },
    },
    handler: async (request, reply) => reply.code(201).send(await billing.requestInvoice(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/invoices/:id/issue', {
    config: { permission: 'invoices.manage' },
    schema: { tags: ['invoices'], summary: 'The finance office issued the fapiao: its number and date', params: idParams, body: issueInvoiceBody, response: { 200: invoiceView } },
    handler: async (request, reply) => withETag(reply, await billing.issueInvoice(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/invoices/:id/reversal', {
    config: { permission: 'invoices.manage' },
    schema: { tags: ['invoices'], summary: 'A red-letter reversal (红字发票) of an issued fapiao, recorded as its own row', params: idParams, body: reverseInvoiceBody, response: { 201: invoiceView } },
    handler: async (request, reply) => reply.code(201).send(await billing.reverseInvoice(actorOf(request), request.params.id, request.body)),
  });

  // --- costs (M7) -------------------------------------------------------------------------------
  api.post('/api/v1/tickets/:id/costs', {
    config: { permission: 'money.field' },
    schema: {
      tags: ['costs'],
      summary: 'M7: a cost of the order (machining, travel, vehicle, tolls, shipping, parts bought outside stock, other); pending unless its author may approve costs',
      params: idParams,
      body: addCostBody,
      response: { 201: costView },
    },
    handler: async (request, reply) => reply.code(201).send(await billing.addCost(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/tickets/:id/costs', {
    config: { permission: 'money.field' },
    schema: { tags: ['costs'], summary: 'M7: a ticket’s costs (a technician sees those they entered)', params: idParams, response: { 200: z.object({ items: z.array(costView) }) } },
    handler: async (request) => ({ items: await billing.ticketCosts(actorOf(request), request.params.id) }),
  });

  api.post('/api/v1/costs/:id/receipt', {
    config: { permission: 'money.field' },
    schema: { tags: ['costs'], summary: 'The photo (or PDF) of a cost’s receipt (multipart, field `file`)', params: idParams, response: { 200: costView } },
    handler: async (request) => billing.attachReceipt(actorOf(request), request.params.id, await readUpload(request)),
  });

  api.get('/api/v1/costs', {
    config: { permission: 'finance.read' },
    schema: { tags: ['costs'], summary: 'M7: costs; `status=pending` is the approval queue, oldest first', querystring: costListQuery, response: { 200: z.object({ items: z.array(costView) }) } },
    handler: async (request) => ({ items: await billing.listCosts(actorOf(request), request.query) }),
  });

  api.get('/api/v1/costs/export.xlsx', {
    config: { permission: 'finance.read' },
    schema: { tags: ['costs'], summary: 'M7: costs as Excel, by month of entry, status or ticket (streamed)', querystring: costListQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const stream = await billing.exportCosts(actorOf(request), locale, request.query);
      return sendXlsx(reply, t(locale, 'costs.title'), stream);
    },
  });

  api.post('/api/v1/costs/:id/approve', {
    config: { permission: 'costs.approve' },
    schema: { tags: ['costs'], summary: 'M7: approve a pending cost (If-Match optional); it counts in the order’s costs from now', params: idParams, response: { 200: costView } },
    handler: async (request, reply) => withETag(reply, await billing.approveCost(actorOf(request), request.params.id, ifMatch(request.headers['if-match']))),
  });

  api.post('/api/v1/costs/:id/reject', {
    config: { permission: 'costs.approve' },
    schema: { tags: ['costs'], summary: 'M7: reject a pending cost with the reason', params: idParams, body: rejectCostBody, response: { 200: costView } },
    handler: async (request, reply) => withETag(reply, await billing.rejectCost(actorOf(request), request.params.id, request.body.reason, ifMatch(request.headers['if-match']))),
  });

  // --- money of a ticket (M7) and receivables ---------------------------------------------------
  api.get('/api/v1/tickets/:id/money', {
    config: { permission: 'finance.read' },
    schema: {
      tags: ['money'],
      summary: 'M7: charged, collected, outstanding, costs (parts at cost + approved costs) and net profit = collected − costs. Never shown to a customer.',
      params: idParams,
      response: { 200: ticketMoney },
    },
    handler: async (request) => billing.ticketMoney(actorOf(request), request.params.id),
  });

  api.get('/api/v1/receivables', {
    config: { permission: 'finance.read' },
    schema: {
      tags: ['money'],
      summary: 'Tickets with money owed, oldest charge first, keyset-paged (`after` = the previous page’s `next`); by customer, ageing column, charged month',
      querystring: receivablesQuery,
      response: { 200: receivablesPage },
    },
    handler: async (request) => billing.listReceivables(actorOf(request), request.query),
  });

  api.get('/api/v1/receivables/summary', {
    config: { permission: 'finance.read' },
    schema: { tags: ['money'], summary: 'The ageing columns (settings.billing.ageingBucketDays, on the organisation’s calendar) and totals per customer', querystring: summaryQuery, response: { 200: receivablesSummary } },
    handler: async (request) => billing.receivablesSummary(actorOf(request), request.query),
  });

  api.get('/api/v1/receivables/export.xlsx', {
    config: { permission: 'finance.read' },
    schema: { tags: ['money'], summary: 'Receivables as Excel under the same filters (streamed)', querystring: summaryQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const stream = await billing.exportReceivables(actorOf(request), locale, request.query);
      return sendXlsx(reply, t(locale, 'receivables.title'), stream);
    },
  });
}
