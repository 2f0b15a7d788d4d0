import type { ErrorCode } from '../shared/errors';
import type { MessageKey, MessageParams } from '../shared/i18n';

/** A per-field problem, named by message key so that the HTTP layer can say it in the user's language. */
export interface FieldProblem {
  field: string;
  code: string;
  message: MessageKey;
  params?: MessageParams;
}

interface AppErrorOptions {
  /** A sentence about this occurrence; the code's title is always sent too. */
  detail?: MessageKey;
  params?: MessageParams;
  fields?: FieldProblem[];
  /** Extra members for the problem body (e.g. `currentVersion`). */
  extensions?: Record<string, unknown>;
  cause?: unknown;
}

/**
 * The one error type services throw. It carries a stable code and message keys, never an
 * HTTP status: `server/http/errors.ts` alone maps codes to statuses.
 */
export class AppError extends Error {
  readonly detail: MessageKey | undefined;
  readonly params: MessageParams | undefined;
  readonly fields: FieldProblem[] | undefined;
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    readonly code: ErrorCode,
    options: AppErrorOptions = {},
  ) {
    super(code, { cause: options.cause });
    this.name = 'AppError';
    this.detail = options.detail;
    this.params = options.params;
    this.fields = options.fields;
    this.extensions = options.extensions;
  }
}

export const notFound = (detail?: MessageKey) => new AppError('NOT_FOUND', detail ? { detail } : {});

export function fieldError(field: string, message: MessageKey, params?: MessageParams): AppError {
  return new AppError('VALIDATION_FAILED', { fields: [{ field, code: 'invalid', message, ...(params ? { params } : {}) }] });
}
