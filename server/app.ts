import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Socket } from 'node:net';
import { z } from 'zod';
import { t } from '../shared/i18n';
import type { Config } from './config';
import type { Database } from './db/client';
import { registerAuth } from './http/auth';
import { answerFrameworkError, problemOf, registerErrorHandling, sendProblem } from './http/errors';
import { registerSecurityHeaders } from './http/security-headers';
import { checkedValidatorCompiler } from './http/validation';
import { createPdfPool, type PdfPool } from './pdf-pool';
import { requestLocale } from './http/locale';
import { WEB_DIST_DIR } from './paths';
import { createServices, type Services } from './services';
import { identityRoutes } from './modules/identity';
import { customerRoutes } from './modules/customers';
import { assetRoutes } from './modules/assets';
import { ticketRoutes } from './modules/tickets';
import { fileRoutes } from './modules/files';
import { calendarRoutes } from './modules/calendar';
import { slaRoutes } from './modules/sla';
import { dispatchRoutes } from './modules/dispatch';
import { appointmentRoutes } from './modules/appointments';
import { careRoutes } from './modules/care';
import { selfserviceRoutes } from './modules/selfservice';
import { partsRoutes } from './modules/parts';
import { billingRoutes } from './modules/billing';
import { contractorRoutes } from './modules/contractors';
import { payRoutes } from './modules/pay';
import { webhookRoutes } from './modules/webhooks';
import { notifyRoutes } from './modules/notify';
import { fieldworkRoutes } from './modules/fieldwork';
import { workshopRoutes } from './modules/workshop';
import { workOrderSources } from './workflows/work-order';
import { workflowRoutes } from './workflows';
import { appointmentToTicket } from './workflows/appointment-to-ticket';

export interface AppDeps {
  config: Config;
  database: Database;
  /** The clock every service reads; tests fix it. */
  clock?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** Work-order PDFs render here; by default a pool of PDF_WORKERS threads that closes with the app. */
  pdfPool?: PdfPool;
  /** The built web UI; `dist/web` unless a test serves its own. */
  webDir?: string;
}

/** Largest JSON body: generous for a form, far below anything that could hurt. */
const BODY_LIMIT = 1024 * 1024;

/**
 * A request too broken to route (bad bytes in the URL, oversized headers) still gets a
 * problem document rather than the framework's own error shape.
 */
function answerMalformedRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({ type: '/problems/validation-failed', title: t('zh-CN', 'errors.VALIDATION_FAILED'), status, code: 'VALIDATION_FAILED' });
  socket.end(
    `HTTP/1.1 ${status} Bad Request\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Builds the HTTP application; `main.ts` listens with it, tests call it through `inject()`. */
export async function buildApp(deps: AppDeps) {
  const { config, database } = deps;
  const clock = deps.clock ?? (() => new Date());
  const services: Services = createServices({ config, database, clock });

  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler: answerMalformedRequest,
    frameworkErrors: answerFrameworkError as FastifyServerOptions['frameworkErrors'],
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(checkedValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);

  await registerSecurityHeaders(app);
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: config.maxUploadBytes, files: 1, fields: 5, parts: 6 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Shouhou 售后 API', version: '1.0.0', description: 'After-sales service management. Errors are RFC 9457 problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'shouhou_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  const routeAccess = registerAuth(app, services.identity);

  app.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['system'],
      response: {
        200: z.object({
          status: z.literal('ok'),
          database: z.enum(['pglite', 'postgresql']),
          /** Years without statutory holiday data that clocks need now (this year and next). */
          holidayDataMissing: z.array(z.number()),
          warnings: z.array(z.string()),
        }),
        503: z.object({ status: z.literal('unavailable'), database: z.enum(['pglite', 'postgresql']) }),
      },
    },
    handler: async (_request, reply) => {
      try {
        await database.ping();
      } catch {
        return reply.code(503).send({ status: 'unavailable', database: database.kind });
      }
      const missing = await services.calendars.missingYears(null);
      return {
        status: 'ok' as const,
        database: database.kind,
        holidayDataMissing: missing,
        warnings: missing.map((year) => t('zh-CN', 'health.holidayDataMissing', { year })),
      };
    },
  });

  app.get('/api/openapi.json', {
    config: { public: true },
    schema: { hide: true },
    handler: async () => app.swagger(),
  });

  identityRoutes(app, services.identity, { sessionHours: config.sessionHours });
  customerRoutes(app, services.customers);
  assetRoutes(app, services.assets);
  ticketRoutes(app, services.tickets);
  workflowRoutes(app, services, clock);
  calendarRoutes(app, services.calendars);
  slaRoutes(app, services.sla);
  dispatchRoutes(app, services.dispatch);
  appointmentRoutes(app, services.appointments, appointmentToTicket(services));
  careRoutes(app, services.care);
  notifyRoutes(app, services.notify);
  workshopRoutes(app, services.workshop);
  const pdfPool = deps.pdfPool ?? createPdfPool({ workers: config.pdfWorkers, queue: config.pdfQueue, perUser: config.pdfPerUser });
  if (!deps.pdfPool) app.addHook('onClose', () => pdfPool.close());
  fieldworkRoutes(app, services.fieldwork, workOrderSources(services, config.pdfFont, pdfPool));
  // H7: the printed requisition goes through the same pool (S2), bounded per user.
  partsRoutes(app, services.parts, (actor, load, locale) => pdfPool.render(`${actor.orgId}:${actor.userId}`, async () => ({ requisition: await load(), fontPath: config.pdfFont, locale })));
  // The charge sheet and payment receipts too (billing).
  billingRoutes(app, services.billing, {
    charge: (actor, load, locale) => pdfPool.render(`${actor.orgId}:${actor.userId}`, async () => ({ charge: await load(), fontPath: config.pdfFont, locale })),
    receipt: (actor, load, locale) => pdfPool.render(`${actor.orgId}:${actor.userId}`, async () => ({ receipt: await load(), fontPath: config.pdfFont, locale })),
  });
  // R9: the quarterly statement and the monthly report, likewise.
  contractorRoutes(app, services.contractors, (actor, load, locale) => pdfPool.render(`${actor.orgId}:${actor.userId}`, async () => ({ ...(await load()), fontPath: config.pdfFont, locale })));
  // Pay slips, likewise.
  selfserviceRoutes(app, services.selfservice, (actor, load, locale) => pdfPool.render(`${actor.orgId}:${actor.userId}`, async () => ({ labels: await load(), fontPath: config.pdfFont, locale })));
  payRoutes(app, services.pay, (actor, load, locale) => pdfPool.render(`${actor.orgId}:${actor.userId}`, async () => ({ paySlip: await load(), fontPath: config.pdfFont, locale })));
  webhookRoutes(app, services.webhooks);
  // An attachment is read as its owner is: with the permission of the owner's own GET route and its record scope (S10).
  fileRoutes(app, services.files, {
    ticket: { permission: 'tickets.read', assertVisible: (actor, id) => services.tickets.assertVisible(actor, id) },
    asset: { permission: 'assets.read', assertVisible: (actor, id) => services.assets.getAsset(actor, id) },
    customer: { permission: 'customers.read', assertVisible: (actor, id) => services.customers.getCustomer(actor, id) },
    // M7: a cost's receipt, as its cost is seen.
    ticket_cost: { permission: 'money.field', assertVisible: (actor, id) => services.billing.assertCostVisible(actor, id) },
    // R7: a contractor's delegation agreement, as the contractor is seen.
    contractor: { permission: 'contractors.read', assertVisible: (actor, id) => services.contractors.getContractor(actor, id) },
    // A5: a penalty's evidence, as the register is seen.
    penalty: { permission: 'penalties.record', assertVisible: (actor, id) => services.pay.assertPenaltyVisible(actor, id) },
  });

  // The built web UI; its client-side routes fall back to index.html (/login to login.html). Unknown API paths are problems.
  const webDir = deps.webDir ?? WEB_DIST_DIR;
  const hasWeb = existsSync(join(webDir, 'index.html'));
  // The build writes brotli and gzip copies next to each file (scripts/build.mjs), chosen by Accept-Encoding.
  // Files under assets/ are named by their content's hash, so they never change: cached for a year;
  // index.html names the current ones, so it is asked for again each time.
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDir,
      wildcard: false,
      index: 'index.html',
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => reply.header('cache-control', relative(webDir, path).split(sep)[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache'),
    });
  }
  // /login has its own page: the same with the form already drawn (login.html, scripts/build.mjs),
  // sent like index.html (no-cache, brotli or gzip); a build without it falls back to index.html.
  const hasLogin = hasWeb && existsSync(join(webDir, 'login.html'));
  app.setNotFoundHandler((request, reply) => {
    if (hasWeb && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.sendFile(hasLogin && request.url.split('?')[0] === '/login' ? 'login.html' : 'index.html');
    }
    return sendProblem(reply, problemOf('ROUTE_NOT_FOUND', requestLocale(request), request));
  });

  return Object.assign(app, { services, pdfPool, routeAccess });
}

export type App = Awaited<ReturnType<typeof buildApp>>;
