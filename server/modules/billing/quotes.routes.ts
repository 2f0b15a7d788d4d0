import { z } from 'zod';
import {
  adjustChargeBody,
  adjustmentDecisionBody,
  chargeParams,
  chargeView,
  createQuoteBody,
  customerCausedBody,
  customerCausedView,
  customerContractBody,
  customerContractView,
  explanationBody,
  labourRateBody,
  labourRateView,
  pricedLine,
  pricesView,
  publicQuoteView,
  quoteDecisionBody,
  quoteDraftView,
  quoteLinkView,
  quoteView,
  repairWarrantyBody,
  tokenParams,
} from '../../../shared/contracts/billing-quotes';
import { idParams } from '../../../shared/contracts/common';
import type { Locale } from '../../../shared/i18n';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import type { Actor } from '../identity';
import type { BillingService } from './billing.service';
import type { ChargePrint } from './charge-pdf';

/** Renders a charge sheet off the request thread (the PDF pool), reading its content with `load` when its turn comes; composed in app.ts. */
export type ChargePrinter = (actor: Actor, load: () => Promise<ChargePrint>, locale: Locale) => Promise<Buffer>;

const tags = ['billing'];

/** Prices (E7, R1), quotes and their approval (C3, E1, E5, W3), the charge and its explanation (A6). */
export function quoteRoutes(api: Api, billing: BillingService, print?: ChargePrinter) {
  // --- prices ---------------------------------------------------------------------------------
  api.get('/api/v1/prices', {
    config: { permission: 'prices.manage' },
    schema: { tags, summary: 'E7, R1: labour rates, customers’ contracts with agreed rates, and travel (from the settings)', response: { 200: pricesView } },
    handler: async (request) => billing.getPrices(actorOf(request)),
  });

  api.post('/api/v1/prices/rates', {
    config: { permission: 'prices.manage' },
    schema: { tags, summary: 'E7: a labour rate per hour or per person-day, optionally by asset kind, product line and grade', body: labourRateBody, response: { 201: labourRateView } },
    handler: async (request, reply) => withETag(reply.code(201), await billing.createRate(actorOf(request), request.body)),
  });

  api.put('/api/v1/prices/rates/:id', {
    config: { permission: 'prices.manage' },
    schema: { tags, summary: 'Change a labour rate (If-Match)', params: idParams, body: labourRateBody, response: { 200: labourRateView } },
    handler: async (request, reply) => withETag(reply, await billing.updateRate(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.delete('/api/v1/prices/rates/:id', {
    config: { permission: 'prices.manage' },
    schema: { tags, summary: 'Remove a labour rate (quotes made keep their prices)', params: idParams },
    handler: async (request, reply) => {
      await billing.deleteRate(actorOf(request), request.params.id);
      return reply.code(204).send();
    },
  });

  api.post('/api/v1/prices/contracts', {
    config: { permission: 'prices.manage' },
    schema: { tags, summary: 'R1: a customer’s contract with its agreed labour rates', body: customerContractBody, response: { 201: customerContractView } },
    handler: async (request, reply) => withETag(reply.code(201), await billing.createContract(actorOf(request), request.body)),
  });

  api.put('/api/v1/prices/contracts/:id', {
    config: { permission: 'prices.manage' },
    schema: { tags, summary: 'Change a contract (If-Match)', params: idParams, body: customerContractBody, response: { 200: customerContractView } },
    handler: async (request, reply) => withETag(reply, await billing.updateContract(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  // --- quotes ---------------------------------------------------------------------------------
  api.get('/api/v1/tickets/:id/quotes', {
    config: { permission: 'money.read' },
    schema: { tags, summary: 'Every version of the ticket’s quotes, newest first (an open one past its validity shows as expired)', params: idParams, response: { 200: z.object({ items: z.array(quoteView) }) } },
    handler: async (request) => ({ items: await billing.listQuotes(actorOf(request), request.params.id) }),
  });

  api.get('/api/v1/tickets/:id/quote-draft', {
    config: { permission: 'quotes.write' },
    schema: { tags, summary: 'What a new quote starts from: labour at the best rate, the ticket’s parts, travel or shipping and insurance; priced', params: idParams, response: { 200: quoteDraftView } },
    handler: async (request) => billing.quoteDraft(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/quotes/preview', {
    config: { permission: 'quotes.write' },
    schema: { tags, summary: 'The lines priced as a quote would price them (with each line’s rule), nothing saved', params: idParams, body: createQuoteBody, response: { 200: z.object({ lines: z.array(pricedLine), totalFen: z.number().int() }) } },
    handler: async (request) => billing.previewQuote(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/tickets/:id/quotes', {
    config: { permission: 'quotes.write' },
    schema: {
      tags,
      summary: 'C3, E1, E5, E7, W3: a new quote version, each line priced with its rule; the open one is superseded and stays readable',
      params: idParams,
      body: createQuoteBody,
      response: { 201: quoteView },
    },
    handler: async (request, reply) => reply.code(201).send(await billing.createQuote(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/quotes/:id', {
    config: { permission: 'money.read' },
    schema: { tags, summary: 'One quote version', params: idParams, response: { 200: quoteView } },
    handler: async (request) => billing.getQuote(actorOf(request), request.params.id),
  });

  api.post('/api/v1/quotes/:id/decision', {
    config: { permission: 'quotes.write' },
    schema: {
      tags,
      summary: 'The customer approves or declines on the spot, with a drawn signature (PNG, base64); 409 QUOTE_EXPIRED, QUOTE_SUPERSEDED, QUOTE_DECIDED',
      params: idParams,
      body: quoteDecisionBody,
      response: { 200: quoteView },
    },
    handler: async (request) => billing.decideQuote(actorOf(request), request.params.id, request.body),
  });

  api.post('/api/v1/quotes/:id/link', {
    config: { permission: 'quotes.write' },
    schema: { tags, summary: 'An approval link for the customer: signed, unguessable, expiring (`billing.approvalLinkHours`); the URL is shown once', params: idParams, response: { 201: quoteLinkView } },
    handler: async (request, reply) => {
      const link = await billing.createQuoteLink(actorOf(request), request.params.id);
      return reply.code(201).send({ ...link, url: `${request.protocol}://${request.host}${link.path}` });
    },
  });

  api.get('/api/v1/tickets/:id/customer-caused', {
    config: { permission: 'money.read' },
    schema: { tags, summary: 'Whether the call-out was marked as caused by the customer, and why', params: idParams, response: { 200: customerCausedView } },
    handler: async (request) => billing.customerCausedOf(actorOf(request), request.params.id),
  });

  api.put('/api/v1/tickets/:id/customer-caused', {
    config: { permission: 'money.field' },
    schema: { tags, summary: 'The technician marks the call-out as caused by the customer (with the reason): quotes then charge only travel and lodging, parts at most the contract price', params: idParams, body: customerCausedBody, response: { 200: customerCausedView } },
    handler: async (request) => billing.markCustomerCaused(actorOf(request), request.params.id, request.body),
  });

  // --- the public approval page ---------------------------------------------------------------
  api.get('/api/v1/public/quotes/:token', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'The quote behind an approval link: organisation, ticket number, product, lines, total (410 LINK_EXPIRED)', params: tokenParams, response: { 200: publicQuoteView } },
    handler: async (request) => billing.publicQuote(request.params.token, request.ip),
  });

  api.post('/api/v1/public/quotes/:token/decision', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'The customer approves (with a drawn signature) or declines through the link', params: tokenParams, body: quoteDecisionBody, response: { 200: publicQuoteView } },
    handler: async (request) => billing.decideQuoteByLink(request.params.token, request.ip, request.body),
  });

  // --- the charge -----------------------------------------------------------------------------
  api.get('/api/v1/tickets/:id/charge', {
    config: { permission: 'money.read' },
    schema: { tags, summary: 'The ticket’s charge with its lines, adjustments and explanation; null before it is charged', params: idParams, response: { 200: z.object({ charge: chargeView.nullable() }) } },
    handler: async (request) => ({ charge: await billing.chargeOfTicket(actorOf(request), request.params.id) }),
  });

  api.post('/api/v1/tickets/:id/charge', {
    config: { permission: 'quotes.write' },
    schema: { tags, summary: 'C3: the ticket’s charge from its decided quote: every line when approved, shipping and insurance only when declined', params: idParams, response: { 201: chargeView } },
    handler: async (request, reply) => reply.code(201).send(await billing.chargeTicket(actorOf(request), request.params.id)),
  });

  api.post('/api/v1/charges/:id/adjustments', {
    config: { permission: 'quotes.write' },
    schema: { tags, summary: '什么做了就收什么: change or add a line with the reason; a rise waits for the customer’s signed approval', params: idParams, body: adjustChargeBody, response: { 201: chargeView } },
    handler: async (request, reply) => reply.code(201).send(await billing.adjustCharge(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/charges/:id/adjustments/:adjustmentId/decision', {
    config: { permission: 'quotes.write' },
    schema: { tags, summary: 'The customer approves a raised line (signed) or declines it', params: chargeParams, body: adjustmentDecisionBody, response: { 200: chargeView } },
    handler: async (request) => billing.decideAdjustment(actorOf(request), request.params.id, request.params.adjustmentId, request.body),
  });

  api.post('/api/v1/charges/:id/explanation', {
    config: { permission: 'quotes.write' },
    schema: { tags, summary: 'A6: every line and its cost explained at delivery; the customer signs', params: idParams, body: explanationBody, response: { 200: chargeView } },
    handler: async (request) => billing.explainCharge(actorOf(request), request.params.id, request.body),
  });

  api.put('/api/v1/tickets/:id/charge/repair-warranty', {
    config: { permission: 'quotes.write' },
    schema: {
      tags,
      summary: 'M8: the months of warranty this repair carries (维修质保期, 0 = none), from the ticket’s completion day; part of the commission is held back until it ends',
      params: idParams,
      body: repairWarrantyBody,
      response: { 200: chargeView },
    },
    handler: async (request) => billing.setRepairWarranty(actorOf(request), request.params.id, request.body),
  });

  if (print) {
    api.get('/api/v1/charges/:id/sheet.pdf', {
      config: { permission: 'money.read' },
      schema: { tags, summary: 'The charge sheet as a PDF: organisation, lines, total, the customer’s signature (Chinese font embedded)', params: idParams },
      handler: async (request, reply) => {
        const actor = actorOf(request);
        let number = '';
        const pdf = await print(
          actor,
          async () => {
            const content = await billing.chargePrint(actor, request.params.id);
            number = content.ticketNumber;
            return content;
          },
          requestLocale(request),
        );
        reply.header('Content-Type', 'application/pdf');
        reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${number}-charge.pdf`)}`);
        return reply.send(pdf);
      },
    });
  }
}
