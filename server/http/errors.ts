import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, FieldError, Problem } from '../../shared/errors';
import { enumLabel, t, type Locale, type MessageKey, type MessageParams } from '../../shared/i18n';
import { issueMessage } from '../../shared/i18n/validation';
import { AppError } from '../errors';
import { sqlState } from '../db/errors';
import { requestLocale } from './locale';

/** The one place that knows HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOO_MANY_ATTEMPTS: 429,
  ORGANISATION_REQUIRED: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  URI_TOO_LONG: 414,
  VERSION_CONFLICT: 409,
  TEAM_IN_USE: 409,
  LAST_ADMIN: 409,
  PASSWORD_CHANGE_REQUIRED: 403,
  PRECONDITION_REQUIRED: 428,
  TRANSITION_NOT_ALLOWED: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  ALREADY_EXISTS: 409,
  INVALID_REFERENCE: 422,
  FILE_TYPE_NOT_ALLOWED: 415,
  FILE_TOO_LARGE: 413,
  SIGNOFFS_MISSING: 409,
  STEP_NOT_ALLOWED: 409,
  CLIENT_TIME_IN_FUTURE: 422,
  CLIENT_TIME_BEFORE_PREVIOUS: 422,
  ENTRY_APPROVED: 409,
  STAGE_OUT_OF_ORDER: 409,
  CHECKIN_SIGNED: 409,
  QC_NOT_PASSED: 409,
  SLOT_FULL: 409,
  RATE_LIMITED: 429,
  CONSENT_REQUIRED: 422,
  INSUFFICIENT_STOCK: 409,
  SERIAL_NOT_AVAILABLE: 409,
  PART_NOT_ISSUED: 409,
  ALREADY_POSTED: 409,
  LOANER_OUT: 409,
  QUOTE_NOT_APPROVED: 409,
  QUOTE_EXPIRED: 409,
  QUOTE_SUPERSEDED: 409,
  QUOTE_DECIDED: 409,
  LINK_EXPIRED: 410,
  PHONE_CODE_WRONG: 422,
  PHONE_CODE_EXPIRED: 410,
  TICKET_CANCELLED: 409,
  TICKET_NOT_OPEN: 409,
  REFUND_EXCEEDS_PAID: 422,
  INVOICE_TOTAL_MISMATCH: 422,
  INVOICE_STATE: 409,
  COST_DECIDED: 409,
  RESPONSIBILITY_OVERLAP: 409,
  DEDUCTION_WITHOUT_COST: 422,
  DEDUCTION_NOT_DUE: 409,
  STATEMENT_CLOSED: 409,
  PAY_MONTH_OPEN: 409,
  PAY_MONTH_LOCKED: 409,
  PAY_RUN_LOCKED: 409,
  TIME_ENTRIES_UNAPPROVED: 409,
  PENALTY_DECIDED: 409,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
};

export function problemOf(
  code: ErrorCode,
  locale: Locale,
  request: FastifyRequest,
  extra: { detail?: MessageKey; params?: MessageParams; errors?: FieldError[]; extensions?: Record<string, unknown> } = {},
): Problem {
  return {
    // Extensions first: they may add members, never replace the standard ones.
    ...extra.extensions,
    type: `/problems/${code.toLowerCase().replaceAll('_', '-')}`,
    title: t(locale, `errors.${code}`),
    status: STATUS_OF[code],
    ...(extra.detail ? { detail: t(locale, extra.detail, extra.params) } : {}),
    code,
    instance: request.url,
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
    requestId: String(request.id),
  };
}

/** Values of closed lists named by their labels, joined as the language joins a list. */
function enumParamsIn(locale: Locale, enumParams: NonNullable<AppError['enumParams']>): MessageParams {
  const separator = locale === 'zh-CN' ? '、' : ', ';
  return Object.fromEntries(Object.entries(enumParams).map(([name, { list, values }]) => [name, values.map((v) => enumLabel(locale, list, v)).join(separator)]));
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

interface ValidationItem {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
}

function validationErrors(locale: Locale, error: FastifyError): FieldError[] {
  const context = (error as { validationContext?: string }).validationContext ?? 'body';
  return ((error.validation ?? []) as ValidationItem[]).map((item) => {
    const path = item.instancePath.split('/').filter(Boolean);
    // An unknown key is a problem of that key, so the form can point at it.
    const keys = item.keyword === 'unrecognized_keys' ? ((item.params?.keys as string[]) ?? []) : [];
    const field = [context, ...path, ...(keys.length === 1 ? keys : [])].join('.');
    return { field, code: item.keyword, message: issueMessage(locale, { ...item.params, code: item.keyword, message: item.message }) };
  });
}

/** Fastify's own errors that are the client's doing, by their code. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FILES_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/**
 * PostgreSQL errors that are the client's text: U+0000 in `text` (22021) or in `jsonb`
 * (22P05). The validator refuses NUL bytes before any query; this is the backstop for text
 * that reaches the database another way (a file name, a header).
 */
const CLIENT_TEXT_SQLSTATES = new Set(['22021', '22P05']);

/** PostgreSQL errors that say "try again": unreachable, overloaded, or two transactions in each other's way. */
const UNAVAILABLE_SQLSTATES = new Set(['40P01', '40001', '55P03', '57P01', '57P02', '57P03', '53300', '08000', '08003', '08006', '08001', '08004']);

/**
 * Drizzle's query errors carry the query's parameters: names, phones, password hashes. The
 * log keeps the SQL and the database's reason, never the values.
 */
function withoutParams(error: unknown): unknown {
  const e = error as { query?: string; params?: unknown[]; cause?: { message?: string; code?: string } };
  if (e && typeof e.query === 'string' && Array.isArray(e.params)) {
    return { type: 'DrizzleQueryError', query: e.query, reason: e.cause?.message, sqlState: e.cause?.code };
  }
  return error;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = requestLocale(request);
    if (error instanceof AppError) {
      // A refusal that knows when it ends (a 429) says so the standard way too.
      const retryAfter = error.extensions?.retryAfterSeconds;
      if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
      const errors = error.fields?.map((f) => ({ field: f.field, code: f.code, message: t(locale, f.message, f.params) }));
      const params = error.enumParams ? { ...error.params, ...enumParamsIn(locale, error.enumParams) } : error.params;
      return sendProblem(
        reply,
        problemOf(error.code, locale, request, {
          ...(error.detail ? { detail: error.detail } : {}),
          ...(params ? { params } : {}),
          ...(errors ? { errors } : {}),
          ...(error.extensions ? { extensions: error.extensions } : {}),
        }),
      );
    }
    if (error.validation) {
      return sendProblem(reply, problemOf('VALIDATION_FAILED', locale, request, { errors: validationErrors(locale, error) }));
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendProblem(reply, problemOf(mapped, locale, request));
    const state = sqlState(error);
    if (state && CLIENT_TEXT_SQLSTATES.has(state)) {
      return sendProblem(reply, problemOf('VALIDATION_FAILED', locale, request, { detail: 'errors.detail.invalidCharacters' }));
    }
    if (state && UNAVAILABLE_SQLSTATES.has(state)) {
      request.log.warn({ err: withoutParams(error) }, 'database unavailable');
      reply.header('Retry-After', '1');
      return sendProblem(reply, problemOf('SERVICE_UNAVAILABLE', locale, request));
    }
    if ((error as { malformedMultipart?: boolean }).malformedMultipart) {
      return sendProblem(reply, problemOf('VALIDATION_FAILED', locale, request, { detail: 'errors.detail.malformedMultipart' }));
    }
    // Any other 4xx that Fastify or a plugin raised is still the client's, not ours.
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, problemOf('VALIDATION_FAILED', locale, request));
    }
    request.log.error({ err: withoutParams(error) }, 'unhandled error');
    return sendProblem(reply, problemOf('INTERNAL', locale, request));
  });
}

/**
 * Errors the router raises before any route runs (a path parameter over its maximum length,
 * bad percent-encoding): answered as problem documents like every other error (S17).
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const locale = requestLocale(request);
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendProblem(reply, problemOf('URI_TOO_LONG', locale, request));
    return;
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    sendProblem(reply, problemOf('VALIDATION_FAILED', locale, request, { detail: 'errors.detail.badUrl' }));
    return;
  }
  request.log.error({ err: error }, 'router error');
  sendProblem(reply, problemOf('INTERNAL', locale, request));
}
