import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import {
  assetLabelsBody,
  phoneCodeBody,
  phoneCodeSent,
  phoneCodeVerified,
  phoneCodeVerifyBody,
  publicTokenParams,
  qrPageView,
  qrReportBody,
  qrReportResult,
  ratingBody,
  ticketRatingView,
  trackingLinkResult,
  trackingQuoteDecisionBody,
  trackingView,
} from '../../../shared/contracts/selfservice';
import { t, type Locale } from '../../../shared/i18n';
import { actorOf } from '../../http/auth';
import type { Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import type { Actor } from '../identity';
import type { LabelSheetPrint } from './labels-pdf';
import type { SelfserviceService } from './selfservice.service';

/** Renders a label sheet off the request thread (the PDF pool), reading its content with `load` when its turn comes; composed in app.ts. */
export type LabelPrinter = (actor: Actor, load: () => Promise<LabelSheetPrint>, locale: Locale) => Promise<Buffer>;

/** A report may carry photos as base64 in its JSON: the body's limit follows the largest allowance (5 photos of 4 MB). */
const REPORT_BODY_LIMIT = 28 * 1024 * 1024;

/** QR labels (staff), the public QR report and tracking pages, and a ticket's tracking link and rating (staff). */
export function selfserviceRoutes(api: Api, selfservice: SelfserviceService, print: LabelPrinter) {
  api.post('/api/v1/asset-labels', {
    config: { permission: 'assets.write' },
    schema: { tags: ['assets'], summary: 'A PDF sheet of QR labels for these assets (tokens are made on first print)', body: assetLabelsBody },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const locale = requestLocale(request);
      const origin = originOf(request);
      const pdf = await print(actor, () => selfservice.labelPrint(actor, request.body.assetIds, origin), locale);
      reply.header('Content-Type', 'application/pdf');
      reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${t(locale, 'selfservice.label.title')}.pdf`)}`);
      return reply.send(pdf);
    },
  });

  api.post('/api/v1/assets/:id/qr-link', {
    config: { permission: 'assets.write' },
    schema: { tags: ['assets'], summary: 'The public report page an asset’s QR label opens (its token is made on first ask)', params: idParams, response: { 200: z.object({ path: z.string() }) } },
    handler: async (request) => selfservice.qrLink(actorOf(request), request.params.id),
  });

  api.post('/api/v1/tickets/:id/tracking-link', {
    config: { permission: 'tickets.update' },
    schema: { tags: ['tickets'], summary: 'A new tracking link for the ticket, also sent to its customer', params: idParams, response: { 201: trackingLinkResult } },
    handler: async (request, reply) => reply.code(201).send(await selfservice.createTrackingLink(actorOf(request), request.params.id, originOf(request))),
  });

  api.get('/api/v1/tickets/:id/rating', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['tickets'], summary: 'D1: the customer’s rating of the ticket from its tracking page, or null', params: idParams, response: { 200: z.object({ rating: ticketRatingView }) } },
    handler: async (request) => ({ rating: await selfservice.ratingOf(actorOf(request), request.params.id) }),
  });

  api.get('/api/v1/public/qr/:token', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'The QR page of an asset’s label: product and masked serial', params: publicTokenParams, response: { 200: qrPageView } },
    handler: async (request) => selfservice.qrPage(request.params.token, request.ip),
  });

  api.post('/api/v1/public/qr/:token', {
    config: { public: true },
    bodyLimit: REPORT_BODY_LIMIT,
    schema: {
      tags: ['public'],
      summary: 'Report a fault through an asset’s label: a ticket with channel qr on that asset; answers its tracking link',
      params: publicTokenParams,
      body: qrReportBody,
      response: { 201: qrReportResult },
    },
    handler: async (request, reply) => reply.code(201).send(await selfservice.submitReport(request.params.token, request.ip, request.body, originOf(request))),
  });

  api.post('/api/v1/public/qr/:token/phone-code', {
    config: { public: true },
    schema: {
      tags: ['public'],
      summary: 'A returning customer asks for a code sent to their phone (sent only when it is the asset customer’s; the answer is the same either way)',
      params: publicTokenParams,
      body: phoneCodeBody,
      response: { 202: phoneCodeSent },
    },
    handler: async (request, reply) => reply.code(202).send(await selfservice.sendPhoneCode(request.params.token, request.ip, request.body)),
  });

  api.post('/api/v1/public/qr/:token/phone-code/check', {
    config: { public: true },
    schema: {
      tags: ['public'],
      summary: 'The code sent to the phone: the right one answers the customer’s name for the form (422 PHONE_CODE_WRONG, 410 PHONE_CODE_EXPIRED)',
      params: publicTokenParams,
      body: phoneCodeVerifyBody,
      response: { 200: phoneCodeVerified },
    },
    handler: async (request) => selfservice.verifyPhoneCode(request.params.token, request.ip, request.body),
  });

  api.get('/api/v1/public/track/:token', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'A ticket’s tracking page: its steps, the technician, the rating', params: publicTokenParams, response: { 200: trackingView } },
    handler: async (request) => selfservice.trackingPage(request.params.token, request.ip),
  });

  api.post('/api/v1/public/track/:token/rating', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'Rate a completed ticket 1 to 5, with a comment', params: publicTokenParams, body: ratingBody, response: { 200: trackingView } },
    handler: async (request) => selfservice.rate(request.params.token, request.ip, request.body),
  });

  api.post('/api/v1/public/track/:token/quote-decision', {
    config: { public: true },
    schema: {
      tags: ['public'],
      summary: 'The customer approves (with a drawn signature) or declines the ticket’s quote from the tracking page',
      params: publicTokenParams,
      body: trackingQuoteDecisionBody,
      response: { 200: trackingView },
    },
    handler: async (request) => selfservice.decideQuote(request.params.token, request.ip, request.body),
  });
}

/** The address a request came to (behind a trusted proxy, the one the client used). */
function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
