import { describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain';
import { can, type Permission } from '../../shared/permissions';
import { judge } from './known-open';
import { fill, worldOfSuite } from './world';

/**
 * The authorization matrix, generated: every route of the OpenAPI document × every role and
 * an anonymous caller, against what the route declares (`config.permission`, `authenticated`,
 * `public`) and `shared/permissions.ts`. A new route is covered the moment it exists.
 * Anonymous: 401 unless public. A role without the permission: 403. A role with it: neither
 * 401 nor 403 (ids are unknown ones, bodies empty: 400 or 404 is the expected answer).
 */
const suite = worldOfSuite();

const UNKNOWN = { default: '01a22ac8-0000-7000-8000-0000000000aa', stage: 'body', year: '2026', token: 'no-such-booking-token-0000' };

describe('authorization matrix', () => {
  it('every route answers every role and an anonymous caller as shared/permissions.ts declares', { timeout: 240_000 }, async () => {
    const { w, routes } = suite;
    const results: { name: string; failed: boolean; detail?: string }[] = [];
    let requests = 0;
    for (const route of routes) {
      const url = fill(route.path, UNKNOWN);
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
      const name = (who: string) => `${who} ${route.method} ${route.path}`;
      const anonymous = await w.call(null, route.method, url, body);
      requests += 1;
      const anonymousOk = route.public ? anonymous.statusCode !== 401 && anonymous.statusCode !== 403 : anonymous.statusCode === 401;
      results.push({ name: name('anonymous'), failed: !anonymousOk, detail: String(anonymous.statusCode) });
      // Logging out would end the role's session for every route after it; it is checked once, last.
      if (route.public || (route.method === 'POST' && route.path === '/api/v1/auth/logout')) continue;
      for (const role of ROLES) {
        const response = await w.call(w.tokens[role], route.method, url, body, route.method === 'PATCH' || route.method === 'PUT' ? { 'if-match': '1' } : {});
        requests += 1;
        const allowed = route.permission ? can(role, route.permission as Permission) : true;
        const status = response.statusCode;
        const ok = allowed ? status !== 401 && status !== 403 : status === 403;
        results.push({ name: name(role), failed: !ok, detail: `${status} (declared ${route.permission ?? 'authenticated'}, ${allowed ? 'allowed' : 'refused'})` });
      }
    }
    for (const role of ROLES) {
      const logout = await w.call(w.tokens[role], 'POST', '/api/v1/auth/logout');
      results.push({ name: `${role} POST /api/v1/auth/logout`, failed: logout.statusCode !== 204 });
    }
    const { unexpected, fixed } = judge('authorization', results);
    expect(unexpected).toEqual([]);
    expect(fixed).toEqual([]);
    // Every route, every role: the matrix is as large as the API.
    expect(routes.length).toBeGreaterThan(100);
    expect(requests).toBeGreaterThan(routes.length * ROLES.length);
  });
});
