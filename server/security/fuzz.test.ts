import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judge } from './known-open';
import { fill, idsOf, worldOfSuite } from './world';

/**
 * Malformed input to every route: bodies, path parameters and query strings with NUL bytes,
 * wrong types, huge and deeply nested values and hostile Unicode. Whatever comes in, the
 * answer is never a 5xx, and every error is a problem document. Seeded, so a failure
 * reproduces; bounded (SAMPLES_PER_ROUTE × routes, a few thousand requests).
 */
const SEED = 20261127;
const SAMPLES_PER_ROUTE = 14;

const suite = worldOfSuite();

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '%00', '\uFEFF\u202E', '𒀀𒀁👨‍👩‍👧', '\uD800', "'; drop table tickets; --", '../../etc/passwd', '<script>alert(1)</script>', '1e99999', '-0', 'NaN', '00000000-0000-0000-0000-000000000000'),
  fc.integer({ min: 5_000, max: 70_000 }).map((n) => 'W'.repeat(n)),
);
const scalar = fc.oneof(hostileText, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(1e308, -1, 2 ** 53 + 1, 0.1));
const deep = fc.integer({ min: 20, max: 200 }).map((depth) => {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
});
const value: fc.Arbitrary<unknown> = fc.oneof(scalar, deep, fc.array(scalar, { maxLength: 5 }), fc.dictionary(hostileText, scalar, { maxKeys: 4 }));
/** Bodies: either a JSON object with hostile values under real-looking keys, or not an object at all. */
const body = fc.oneof(
  fc.dictionary(fc.constantFrom('name', 'phone', 'customerId', 'description', 'settings', 'username', 'password', 'note', 'items', 'day', 'minutes', 'status', 'q'), value, { maxKeys: 6 }),
  value,
  fc.constantFrom('not json', '{"a":', '[]', '""', '{"__proto__":{"x":1}}'),
);
const param = fc.oneof(hostileText, fc.constantFrom('x'.repeat(150), '%E0%A4%A', '%zz', '..', '01a22ac8-0000-7000-8000-000000000000'));
const query = fc.dictionary(fc.constantFrom('q', 'page', 'pageSize', 'limit', 'status', 'from', 'to', 'day', 'month', 'role', 'phone', 'serviceType', 'team', 'x'), hostileText, { maxKeys: 4 });

function encode(raw: string): string {
  // Most parameters go encoded; the bad-encoding samples go as written.
  if (/^%|^\.\.$/.test(raw)) return raw;
  try {
    return encodeURIComponent(raw);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as a client that encodes it anyway would send it
  }
}

describe('fuzz', () => {
  it('malformed bodies, parameters and queries to every route never answer 5xx, and every error is problem+json', async () => {
    const { w, routes } = suite;
    const results: { name: string; failed: boolean; detail?: string }[] = [];
    const ids = idsOf(w);
    let requests = 0;
    let seed = SEED;
    for (const route of routes) {
      if (route.method === 'POST' && route.path === '/api/v1/auth/logout') continue;
      const samples = fc.sample(fc.record({ body, param, query, useParam: fc.boolean() }), { seed: seed++, numRuns: SAMPLES_PER_ROUTE });
      const failures: string[] = [];
      for (const sample of samples) {
        let url = route.path.replace(/\{(\w+)\}/g, () => (sample.useParam ? encode(sample.param) : '{keep}'));
        url = url.includes('{keep}') ? fill(route.path, ids) : url;
        const search = new URLSearchParams(Object.entries(sample.query)).toString();
        const payload = route.method === 'GET' || route.method === 'DELETE' ? undefined : typeof sample.body === 'string' ? sample.body : JSON.stringify(sample.body);
        const response = await w.call(route.public ? null : w.adminToken, route.method, `${url}${search ? `?${search}` : ''}`, payload, {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          'if-match': '1',
        });
        requests += 1;
        const type = String(response.headers['content-type'] ?? '');
        if (response.statusCode >= 500 || (response.statusCode >= 400 && !type.startsWith('application/problem+json'))) {
          failures.push(`${response.statusCode} ${type} ${url.slice(0, 80)} ${String(payload).slice(0, 80)}`);
        }
      }
      results.push({ name: `admin ${route.method} ${route.path}`, failed: failures.length > 0, detail: failures.slice(0, 2).join(' | ') });
    }
    const { unexpected, fixed } = judge('fuzz', results);
    expect(unexpected).toEqual([]);
    expect(fixed).toEqual([]);
    expect(requests).toBeGreaterThan(1_500);
  }, 240_000);
});
