import type { core } from 'zod';
import type { ErrorCode } from '../shared/errors';
import type { MessageKey, MessageParams } from '../shared/i18n';

/**
 * What went wrong with one field, as a closed set: clients may branch on it, so it is a
 * vocabulary, not free text. Zod's own issue codes (`too_small`, `invalid_format`…) arrive
 * through the HTTP layer with the same meaning.
 */
export const FIELD_PROBLEM_CODES = [
  'required',
  'invalid',
  'invalid_value',
  'invalid_format',
  'too_small',
  'too_big',
  'duplicate',
  'not_found',
  'already_exists',
  /** M1: a trainee named where a lead is needed. */
  'trainee',
  /** A date that may not lie in the future. */
  'future',
  /** A3: a check-in signed before it is complete. */
  'incomplete',
  /** H4: a visit moved without the customer's consent. */
  'consent_required',
  /** A slot with no place left. */
  'slot_full',
  /** A slot's places set below the bookings it holds. */
  'below_booked',
  /** A value another record already holds. */
  'taken',
  /** A default that cannot be removed. */
  'default',
  /** A body or upload that could not be read (truncated multipart). */
  'malformed',
  /** A NUL character, which no text field may hold (S12). */
  'nul_byte',
  /** The current password given for a change is not the user's. */
  'wrong_password',
  /** A password the password rule refuses (S14). */
  'weak_password',
] as const;
/** Ours, or Zod's issue code where a schema check is rethrown per field (asset attributes). */
export type FieldProblemCode = (typeof FIELD_PROBLEM_CODES)[number] | core.$ZodIssue['code'];

/** Per parameter, the closed list and the values to name (joined in the user's language). */
export type EnumParams = Record<string, { list: string; values: readonly string[] }>;

/** A per-field problem, named by message key so that the HTTP layer can say it in the user's language. */
export interface FieldProblem {
  field: string;
  code: FieldProblemCode;
  message: MessageKey;
  params?: MessageParams;
}

interface AppErrorOptions {
  /** A sentence about this occurrence; the code's title is always sent too. */
  detail?: MessageKey;
  params?: MessageParams;
  /** Parameters that are values of a closed list (`enum.<list>.<value>`), said by their labels in the user's language. */
  enumParams?: EnumParams;
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
  readonly enumParams: EnumParams | undefined;
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
    this.enumParams = options.enumParams;
    this.fields = options.fields;
    this.extensions = options.extensions;
  }
}

/** No such record in the caller's organisation, or not one the caller may see: the same answer. */
export const notFound = (detail?: MessageKey) => new AppError('NOT_FOUND', detail ? { detail } : {});

/** One field is wrong in a way the schema could not see (a date before another, a duplicate…). */
export function fieldError(field: string, message: MessageKey, options: { code?: FieldProblemCode; params?: MessageParams } = {}): AppError {
  const { code = 'invalid', params } = options;
  return new AppError('VALIDATION_FAILED', { fields: [{ field, code, message, ...(params ? { params } : {}) }] });
}

/**
 * A reference in the request names a record that does not exist in the organisation, or one
 * that does not fit (an asset of another customer). The message says which; it is also the
 * problem's detail, so a client without field handling still reads it.
 */
export function invalidReference(field: string, message: MessageKey, code: FieldProblemCode = 'not_found'): AppError {
  return new AppError('INVALID_REFERENCE', { detail: message, fields: [{ field, code, message }] });
}

/**
 * The record moved on since the caller read it (a stale `If-Match`, or someone writing between
 * our read and our write). `currentVersion` lets a client refetch without guessing.
 */
export function versionConflict(current: number, given?: number, detail: MessageKey = 'errors.detail.versionConflict'): AppError {
  return new AppError('VERSION_CONFLICT', {
    detail,
    params: { current, given: given ?? current },
    extensions: { currentVersion: current },
  });
}

/** Refuses a change based on a version other than the record's own. */
export function assertVersion(current: number, given: number): void {
  if (current !== given) throw versionConflict(current, given);
}
