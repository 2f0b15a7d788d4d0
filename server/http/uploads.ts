import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { AppError } from '../errors';
import type { Upload } from '../modules/files';

/** Errors of the multipart parser that already say what the client did (too large, too many parts). */
const KNOWN_CODES = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT', 'FST_INVALID_MULTIPART_CONTENT_TYPE']);

/**
 * A broken multipart body (truncated, garbage, no boundary) is the client's mistake: the
 * parser's own errors ("Unexpected end of form") become 400 with a problem document (S16).
 */
function asClientError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && KNOWN_CODES.has(code)) return error;
  return new AppError('VALIDATION_FAILED', {
    detail: 'errors.detail.malformedMultipart',
    fields: [{ field: 'body.file', code: 'malformed', message: 'errors.detail.malformedMultipart' }],
    cause: error,
  });
}

/** The one file of a multipart request (field `file`), with an optional `purpose` field before it. */
export async function readUpload(request: FastifyRequest): Promise<Upload & { purpose?: string }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  let part: Awaited<ReturnType<FastifyRequest['file']>>;
  try {
    part = await request.file();
  } catch (error) {
    throw asClientError(error);
  }
  if (!part) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.noFile' });
  // A body already in memory is parsed before we get here: the part may have failed already.
  if (part.file.errored) throw asClientError(part.file.errored);
  if (part.filename.includes('\u0000')) {
    part.file.resume();
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.file', code: 'nul_byte', message: 'validation.nulByte' }] });
  }
  const purposeField = part.fields.purpose as { value?: unknown } | undefined;
  const purpose = typeof purposeField?.value === 'string' && /^[a-z_]{1,40}$/.test(purposeField.value) ? purposeField.value : undefined;
  return {
    stream: guarded(part.file),
    fileName: part.filename,
    declaredType: part.mimetype,
    ...(purpose ? { purpose } : {}),
  };
}

/**
 * The file's bytes as the parser gives them. A parse error met while the service reads them
 * (a body cut short) is marked as the client's: a 400 status on the error object itself, which
 * the error handler answers as VALIDATION_FAILED. Marked in place rather than re-thrown through
 * another stream, because the parser reports it only to the stream it handed out.
 */
function guarded(source: Readable & { truncated?: boolean }): Readable & { truncated?: boolean } {
  source.on('error', (error: Error & { statusCode?: number; code?: string }) => {
    if (error instanceof AppError || (error.code && KNOWN_CODES.has(error.code))) return;
    error.statusCode ??= 400;
    (error as { malformedMultipart?: boolean }).malformedMultipart = true;
  });
  return source;
}
