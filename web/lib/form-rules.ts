import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { issueMessage } from '../../shared/i18n/validation';
import type { Locale } from '../../shared/i18n';

/**
 * An antd form rule from the same Zod schema the server validates the field with, so the
 * form says exactly what the server would, in the same words, before the request is made.
 * Empty optional fields are left to the schema: `undefined` passes an optional field.
 */
export function schemaRule(schema: z.ZodType, locale: Locale): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const input = value === '' || value === null ? undefined : value;
      const result = schema.safeParse(input);
      if (!result.success) throw new Error(issueMessage(locale, result.error.issues[0] as never));
    },
  };
}
