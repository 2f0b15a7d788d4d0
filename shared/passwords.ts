import { z } from 'zod';
import type { MessageKey } from './i18n';

/**
 * The password rule (S14), shared by the server and the web forms. Length and blankness are
 * checked by the schema, so a form says them before the request is made; whether a password
 * is a common one needs the list of common passwords, which only the server holds (it is too
 * large for the web bundle), and comes back as a per-field error.
 */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH)
  .max(PASSWORD_MAX_LENGTH)
  .refine((p) => p.trim().length > 0, { params: { message: 'validation.passwordBlank' } });

/**
 * The forms of a password that are looked up in the list: as typed, lower-cased, and with
 * the digits and symbols around a word taken off (`Password-123` is `password`).
 */
export function passwordVariants(password: string): string[] {
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  return [...new Set([lower, ...(core.length >= 4 ? [core] : [])])];
}

/**
 * Why a password may not be used, or null. `isCommon` answers whether a variant is in the
 * list of common passwords. A username of three characters or more may not appear in the
 * password; a shorter one only may not be the whole password.
 */
export function passwordProblem(password: string, username: string | null, isCommon: (variant: string) => boolean): MessageKey | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'validation.passwordTooShort';
  if (password.trim().length === 0) return 'validation.passwordBlank';
  const lower = password.toLowerCase();
  if (username) {
    const name = username.trim().toLowerCase();
    if (name && (lower === name || (name.length >= 3 && lower.includes(name)))) return 'validation.passwordHasUsername';
  }
  if (new Set(lower).size < 3) return 'validation.passwordCommon';
  if (passwordVariants(password).some(isCommon)) return 'validation.passwordCommon';
  return null;
}
