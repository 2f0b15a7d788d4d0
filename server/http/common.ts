import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../errors';

/** The Fastify instance with Zod schemas: routes get parsed, typed input. */
export type Api = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

/**
 * The version a change is based on, from `If-Match` (`3`, `"3"` or `W/"3"`). A change
 * without one is refused: last-writer-wins would silently lose someone's edit.
 */
export function ifMatchVersion(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') throw new AppError('PRECONDITION_REQUIRED');
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(String(header).trim());
  if (!match) {
    throw new AppError('VALIDATION_FAILED', {
      detail: 'errors.detail.badIfMatch',
      fields: [{ field: 'headers.if-match', code: 'invalid_format', message: 'errors.detail.badIfMatch' }],
    });
  }
  return Number(match[1]);
}

/** Sends a versioned record with its ETag, so a client can echo it in `If-Match`. */
export function withETag<T extends { version: number }>(reply: FastifyReply, record: T): T {
  reply.header('ETag', `"${record.version}"`);
  return record;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function idempotencyKey(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = String(header).trim();
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'headers.idempotency-key', code: 'invalid_format', message: 'validation.invalidFormat' }],
    });
  }
  return key;
}
