import { dictionary } from '@zxcvbn-ts/language-common';
import { passwordProblem } from '../../../shared/passwords';
import { AppError } from '../../errors';

/**
 * The common-password list of zxcvbn-ts (about 49,000 passwords from public breach corpora,
 * maintained with the library), loaded once into a set.
 */
let common: Set<string> | undefined;

export function isCommonPassword(variant: string): boolean {
  common ??= new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
  return common.has(variant);
}

/** The reason a password is refused for this username, or null (S14). */
export function passwordRefusal(password: string, username: string | null) {
  return passwordProblem(password, username, isCommonPassword);
}

/** Throws VALIDATION_FAILED naming `field` when the password breaks the rule. */
export function assertAcceptablePassword(password: string, username: string | null, field = 'body.password'): void {
  const problem = passwordRefusal(password, username);
  if (problem) throw new AppError('VALIDATION_FAILED', { fields: [{ field, code: 'weak_password', message: problem }] });
}
