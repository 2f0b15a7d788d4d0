import { isMessageKey, t, type Locale, type MessageKey } from './index';

/**
 * Says a schema violation in the user's language. Used by the server for the per-field
 * errors of a problem document and by the web for form fields, so both say the same.
 * `issue` is a Zod issue, or the server's flattened form of one (`keyword` + `params`).
 */
export interface IssueLike {
  code: string;
  message?: string | undefined;
  [detail: string]: unknown;
}

const TYPE_KEYS: Record<string, MessageKey> = {
  string: 'validation.type.string',
  number: 'validation.type.number',
  boolean: 'validation.type.boolean',
  object: 'validation.type.object',
  array: 'validation.type.array',
};

export function issueMessage(locale: Locale, issue: IssueLike): string {
  const p = issue;
  switch (issue.code) {
    case 'invalid_type': {
      // A missing field is an invalid_type whose input was undefined.
      if (p.input === undefined && (issue.message ?? '').includes('undefined')) return t(locale, 'validation.required');
      if (p.expected === 'int') return t(locale, 'validation.notInteger');
      const typeKey = TYPE_KEYS[String(p.expected)];
      return t(locale, 'validation.invalidType', { expected: typeKey ? t(locale, typeKey) : String(p.expected) });
    }
    case 'too_small':
      if (p.origin === 'string') return Number(p.minimum) <= 1 ? t(locale, 'validation.required') : t(locale, 'validation.tooShort', { minimum: String(p.minimum) });
      if (p.origin === 'array') return t(locale, 'validation.tooFewItems', { minimum: String(p.minimum) });
      return t(locale, 'validation.tooSmall', { minimum: String(p.minimum) });
    case 'too_big':
      if (p.origin === 'string') return t(locale, 'validation.tooLong', { maximum: String(p.maximum) });
      if (p.origin === 'array') return t(locale, 'validation.tooManyItems', { maximum: String(p.maximum) });
      return t(locale, 'validation.tooBig', { maximum: String(p.maximum) });
    case 'invalid_format':
      if (p.format === 'uuid') return t(locale, 'validation.invalidUuid');
      if (p.format === 'date') return t(locale, 'validation.invalidDate');
      if (p.format === 'email') return t(locale, 'validation.invalidEmail');
      return t(locale, 'validation.invalidFormat');
    case 'invalid_value':
      return t(locale, 'validation.invalidOption', { options: ((p.values as unknown[]) ?? []).join(' | ') });
    case 'unrecognized_keys':
      return t(locale, 'validation.unknownField', { keys: ((p.keys as string[]) ?? []).join(', ') });
    case 'nul_byte':
      return t(locale, 'validation.nulByte');
    case 'too_deep':
      return t(locale, 'validation.tooDeep', { maximum: String(p.maximum) });
    case 'custom': {
      // Refinements name their message key in `params.message`.
      const key = (p.params as { message?: string } | undefined)?.message;
      return key && isMessageKey(key) ? t(locale, key) : t(locale, 'validation.invalid');
    }
    default:
      return t(locale, 'validation.invalid');
  }
}
