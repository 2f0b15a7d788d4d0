import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodType } from 'zod';

/**
 * How deep a request's JSON may nest. The deepest body any route takes is four levels
 * (organisation settings); anything far deeper is an attack on a recursive parser or
 * serialiser further down (drizzle's JSON.stringify overflowed the stack at 10,000 levels).
 */
export const MAX_INPUT_DEPTH = 32;

/** One refusal in the shape Fastify and the Zod type provider give validation issues. */
interface InputIssue {
  keyword: 'nul_byte' | 'too_deep';
  instancePath: string;
  schemaPath: string;
  message: string;
  params: Record<string, unknown>;
}

/**
 * The first NUL byte in a string or key anywhere in `input`, or the first place nested
 * deeper than MAX_INPUT_DEPTH. PostgreSQL refuses U+0000 in `text` and `jsonb`, so it is
 * refused here, before any schema or query, for every body, query and path parameter.
 * Iterative, so a hostile depth cannot overflow this walk itself.
 */
export function inputIssue(input: unknown): InputIssue | null {
  const stack: { value: unknown; path: string[] }[] = [{ value: input, path: [] }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return issue('nul_byte', path);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) return issue('too_deep', path);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, String(i)] });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      if (key.includes('\u0000')) return issue('nul_byte', path);
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return null;
}

function issue(keyword: InputIssue['keyword'], path: string[]): InputIssue {
  // A NUL in the path itself would only be echoed back; the field is named up to its parent.
  const safe = path.map((p) => p.replaceAll('\u0000', '\uFFFD'));
  return {
    keyword,
    instancePath: `/${safe.join('/')}`,
    schemaPath: `#/${keyword}`,
    message: keyword,
    params: keyword === 'too_deep' ? { maximum: MAX_INPUT_DEPTH } : {},
  };
}

/**
 * The validator every route's schema is compiled with: the input checks above, then the
 * route's own Zod schema. One place, so no route (login and the public booking page
 * included) can forget them.
 */
export const checkedValidatorCompiler: FastifySchemaCompiler<ZodType> = (route) => {
  const validate = validatorCompiler(route);
  return (data: unknown) => {
    const found = inputIssue(data);
    if (found) return { error: [found] as never };
    return validate(data);
  };
};
