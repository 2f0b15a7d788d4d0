import Fastify, { type InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAuth, SESSION_COOKIE } from '../../http/auth';
import { createAppHarness, type AppHarness } from '../../test/harness';

let h: AppHarness;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${++counter}`;

beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

const inject = (options: InjectOptions) => h.app.inject(options);
const loginAs = (username: string, password: string, organisation?: string) =>
  inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password, ...(organisation ? { organisation } : {}) } });
const me = (headers: Record<string, string> = {}, cookies: Record<string, string> = {}) =>
  inject({ method: 'GET', url: '/api/v1/auth/me', headers, cookies });

async function newUser(role: string, password = 'Harness-key-4821') {
  const username = uniqueName(role.replace('_', ''));
  const created = await inject({ method: 'POST', url: '/api/v1/users', headers: bearer(h.adminToken), payload: { username, password, name: `用户${username}`, role } });
  expect(created.statusCode, created.body).toBe(201);
  return { id: created.json().id as string, username, password };
}

describe('signing in and out', () => {
  it('answers a bearer token and sets an HttpOnly session cookie; both say who is signed in', async () => {
    const user = await newUser('dispatcher');
    const response = await loginAs(user.username, user.password);
    expect(response.statusCode).toBe(200);
    const { token, expiresAt } = response.json();
    expect(token).toMatch(/^sh_/);
    expect(new Date(expiresAt).getTime() - h.clock().getTime()).toBe(h.config.sessionHours * 3_600_000);

    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ value: token, httpOnly: true, path: '/', sameSite: 'Lax', maxAge: h.config.sessionHours * 3600 });
    // Without TRUST_PROXY there is no HTTPS in front, so the cookie cannot be Secure.
    expect(cookie?.secure).toBeFalsy();

    const viaBearer = await me(bearer(token));
    expect(viaBearer.statusCode).toBe(200);
    expect(viaBearer.json()).toMatchObject({ id: user.id, username: user.username, role: 'dispatcher', organisation: { id: h.orgId, code: 'default' } });
    expect(viaBearer.json().permissions).toContain('tickets.assign');
    expect(viaBearer.json().permissions).not.toContain('users.manage');

    const viaCookie = await me({}, { [SESSION_COOKIE]: token });
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json().id).toBe(user.id);
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    const user = await newUser('finance');
    const wrong = await loginAs(user.username, 'not-the-password');
    const unknown = await loginAs(uniqueName('nobody'), 'not-the-password');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe('INVALID_CREDENTIALS');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect(wrong.json().title).toBe(unknown.json().title);
  });

  it('logout ends a cookie session and clears the cookie', async () => {
    const user = await newUser('hotline_agent');
    const token = (await loginAs(user.username, user.password)).json().token as string;
    const out = await inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: { [SESSION_COOKIE]: token } });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cleared?.value).toBe('');
    expect((await me({}, { [SESSION_COOKIE]: token })).statusCode).toBe(401);
    expect((await me(bearer(token))).statusCode).toBe(401);
  });

  it('logout revokes a bearer token, whatever the case of the scheme', async () => {
    const user = await newUser('hotline_agent');
    for (const scheme of ['Bearer', 'bearer']) {
      const token = (await loginAs(user.username, user.password)).json().token as string;
      expect((await me({ authorization: `${scheme} ${token}` })).statusCode).toBe(200);
      expect((await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `${scheme} ${token}` } })).statusCode).toBe(204);
      expect((await me(bearer(token))).statusCode, scheme).toBe(401);
    }
  });

  it('an API token works as a bearer token and can be revoked by logging it out', async () => {
    const created = await inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: bearer(h.adminToken), payload: { label: '呼叫中心集成', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const apiToken = created.json().token as string;
    expect((await me(bearer(apiToken))).json().username).toBe('admin');
    await inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(apiToken) });
    expect((await me(bearer(apiToken))).statusCode).toBe(401);
    expect((await me(bearer(h.adminToken))).statusCode).toBe(200);
  });
});

describe('login rate limiting', () => {
  const loginFrom = (remoteAddress: string, username: string, password: string) =>
    inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, payload: { username, password } });

  it('answers 429 TOO_MANY_ATTEMPTS to the address that failed LOGIN_MAX_FAILURES times, even with the right password', async () => {
    expect(h.config.loginMaxFailures).toBe(5);
    const user = await newUser('dispatcher');
    for (let i = 0; i < 5; i++) expect((await loginFrom('10.20.0.1', user.username, `wrong-${i}`)).statusCode).toBe(401);
    const locked = await loginFrom('10.20.0.1', user.username, user.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.json().code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.headers['set-cookie']).toBeUndefined();
    // Others from the same address are not locked out by it, nor is the owner elsewhere.
    const other = await newUser('dispatcher');
    expect((await loginFrom('10.20.0.1', other.username, other.password)).statusCode).toBe(200);
    expect((await loginFrom('10.20.0.2', user.username, user.password)).statusCode).toBe(200);
    h.clock.advance((h.config.loginWindowMinutes + 1) * 60_000);
    expect((await loginFrom('10.20.0.1', user.username, user.password)).statusCode).toBe(200);
  });

  it('a successful login clears the account’s count', async () => {
    const user = await newUser('dispatcher');
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect((await loginFrom('10.21.0.1', user.username, 'wrong')).statusCode).toBe(401);
      expect((await loginFrom('10.21.0.1', user.username, user.password)).statusCode).toBe(200);
    }
  });

  it('S3: an administrator sees the sign-in locks of the organisation and clears them', async () => {
    const user = await newUser('dispatcher');
    for (let i = 0; i < 5; i++) await loginFrom('10.22.0.1', user.username, 'wrong');
    expect((await loginFrom('10.22.0.1', user.username, user.password)).statusCode).toBe(429);
    const locks = await inject({ method: 'GET', url: '/api/v1/login-locks', headers: bearer(h.adminToken) });
    expect(locks.statusCode).toBe(200);
    const mine = (locks.json().items as { id: string; kind: string; username: string; ip: string | null; effect: string }[]).filter((l) => l.username === user.username);
    expect(mine.map((l) => [l.kind, l.effect]).sort()).toEqual([
      ['account', 'slowed'],
      ['account_address', 'refused'],
    ]);
    // Not for anyone without users.manage.
    const finance = await newUser('finance');
    const financeToken = (await loginAs(finance.username, finance.password)).json().token as string;
    expect((await inject({ method: 'GET', url: '/api/v1/login-locks', headers: bearer(financeToken) })).statusCode).toBe(403);

    const pair = mine.find((l) => l.kind === 'account_address')!;
    expect((await inject({ method: 'DELETE', url: `/api/v1/login-locks/${pair.id}`, headers: bearer(h.adminToken) })).statusCode).toBe(204);
    expect((await loginFrom('10.22.0.1', user.username, user.password)).statusCode).toBe(200);
    expect((await inject({ method: 'DELETE', url: `/api/v1/login-locks/${pair.id}`, headers: bearer(h.adminToken) })).statusCode).toBe(404);
  });

  it('S3: another organisation’s administrator neither sees nor clears the locks', async () => {
    const user = await newUser('dispatcher');
    for (let i = 0; i < 5; i++) await loginFrom('10.23.0.1', user.username, 'wrong');
    const mine = (await inject({ method: 'GET', url: '/api/v1/login-locks', headers: bearer(h.adminToken) })).json().items as { id: string; username: string }[];
    const lock = mine.find((l) => l.username === user.username)!;
    const other = await h.services.identity.createOrganisation({ code: uniqueName('lockorg'), name: '别家' });
    await h.services.identity.createUser(other.id, { username: uniqueName('lockadmin'), password: 'Harness-key-4821', name: '别家管理员', role: 'admin' });
    const otherAdmin = (await h.services.identity.findUsers({ ...h.admin, orgId: other.id }, { role: 'admin', limit: 1, offset: 0 })).items[0]!;
    const otherToken = (await loginAs(otherAdmin.username, 'Harness-key-4821')).json().token as string;
    const theirs = (await inject({ method: 'GET', url: '/api/v1/login-locks', headers: bearer(otherToken) })).json().items as { id: string }[];
    expect(theirs.map((l) => l.id)).not.toContain(lock.id);
    expect((await inject({ method: 'DELETE', url: `/api/v1/login-locks/${lock.id}`, headers: bearer(otherToken) })).statusCode).toBe(404);
  });
});

describe('own password', () => {
  it('S14: any signed-in user changes their own password; the new one must follow the rule', async () => {
    const user = await newUser('technician');
    const token = (await loginAs(user.username, user.password)).json().token as string;
    const change = (payload: object, locale = 'en-US') => inject({ method: 'POST', url: '/api/v1/auth/password', headers: { ...bearer(token), 'accept-language': locale }, payload });
    const weak = await change({ currentPassword: user.password, newPassword: '12345678' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'body.newPassword' });
    const common = await change({ currentPassword: user.password, newPassword: 'iloveyou12' }, 'zh-CN');
    expect(common.json().errors).toEqual([{ field: 'body.newPassword', code: 'weak_password', message: '这是常见密码，很容易被猜到，请换一个' }]);
    const wrong = await change({ currentPassword: 'not-it-at-all', newPassword: 'Fresh-secret-8120' });
    expect(wrong.json().errors[0].field).toBe('body.currentPassword');
    expect((await change({ currentPassword: user.password, newPassword: 'Fresh-secret-8120' })).statusCode).toBe(204);
    expect((await me(bearer(token))).statusCode).toBe(200);
    expect((await loginAs(user.username, 'Fresh-secret-8120')).statusCode).toBe(200);
  });
});

describe('organisations and users', () => {
  it('a username in two organisations signs in to the one its password fits, or to the one named', async () => {
    const username = uniqueName('chen');
    await inject({ method: 'POST', url: '/api/v1/users', headers: bearer(h.adminToken), payload: { username, password: 'Harness-key-4821', name: '陈（本部）', role: 'dispatcher' } });
    const north = await h.services.identity.createOrganisation({ code: uniqueName('north'), name: '北区' });
    await h.services.identity.createUser(north.id, { username, password: 'Northern-key-5521', name: '陈（北区）', role: 'dispatcher' });

    const wrong = await loginAs(username, 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('INVALID_CREDENTIALS');

    const here = await loginAs(username, 'Harness-key-4821');
    expect(here.statusCode).toBe(200);
    expect((await me(bearer(here.json().token))).json()).toMatchObject({ name: '陈（本部）', organisation: { code: 'default' } });
    const there = await loginAs(username, 'Northern-key-5521', north.code);
    expect(there.statusCode).toBe(200);
    expect((await me(bearer(there.json().token))).json()).toMatchObject({ name: '陈（北区）', organisation: { id: north.id, code: north.code } });
  });

  it('deactivating a user (If-Match) ends their sessions at once', async () => {
    const user = await newUser('technician');
    const login = await loginAs(user.username, user.password);
    const token = login.json().token as string;
    expect((await me(bearer(token))).statusCode).toBe(200);

    const read = await inject({ method: 'GET', url: `/api/v1/users/${user.id}`, headers: bearer(h.adminToken) });
    expect(read.headers.etag).toBe('"1"');
    const missing = await inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: bearer(h.adminToken), payload: { active: false } });
    expect(missing.statusCode).toBe(428);
    const stale = await inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: { ...bearer(h.adminToken), 'if-match': '"7"' }, payload: { active: false } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });
    expect((await me(bearer(token))).statusCode).toBe(200);

    const off = await inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers: { ...bearer(h.adminToken), 'if-match': read.headers.etag as string }, payload: { active: false } });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ active: false, version: 2 });
    expect(off.headers.etag).toBe('"2"');
    expect((await me(bearer(token))).statusCode).toBe(401);
    expect((await me({}, { [SESSION_COOKIE]: token })).statusCode).toBe(401);
    expect((await loginAs(user.username, user.password)).statusCode).toBe(401);
  });

  it('only users.manage may create or change users', async () => {
    const dispatcher = await newUser('dispatcher');
    const token = (await loginAs(dispatcher.username, dispatcher.password)).json().token as string;
    expect((await inject({ method: 'GET', url: '/api/v1/users', headers: bearer(token) })).statusCode).toBe(200);
    const create = await inject({ method: 'POST', url: '/api/v1/users', headers: bearer(token), payload: { username: uniqueName('x'), password: 'Harness-key-4821', name: 'x', role: 'admin' } });
    expect(create.statusCode).toBe(403);
    expect(create.json().code).toBe('FORBIDDEN');
    const promote = await inject({ method: 'PATCH', url: `/api/v1/users/${dispatcher.id}`, headers: { ...bearer(token), 'if-match': '1' }, payload: { role: 'admin' } });
    expect(promote.statusCode).toBe(403);
    expect((await h.services.identity.getUser(h.orgId, dispatcher.id)).role).toBe('dispatcher');
  });

  it('refuses a second user with a taken username, naming the field', async () => {
    const user = await newUser('finance');
    const again = await inject({ method: 'POST', url: '/api/v1/users', headers: bearer(h.adminToken), payload: { username: user.username, password: 'Harness-key-4821', name: '重名', role: 'finance' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ field: 'body.username' }] });
  });
});

describe('cross-site requests', () => {
  const customer = { name: '跨站', phone: '13700000000' };

  it('refuses a change made with the session cookie from a foreign Origin', async () => {
    const user = await newUser('dispatcher');
    const token = (await loginAs(user.username, user.password)).json().token as string;
    const cookies = { [SESSION_COOKIE]: token };

    const foreign = await inject({ method: 'POST', url: '/api/v1/customers', cookies, headers: { origin: 'https://evil.example' }, payload: customer });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('FORBIDDEN');
    const foreignPatch = await inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, cookies: { [SESSION_COOKIE]: h.adminToken }, headers: { origin: 'https://evil.example', 'if-match': '1' }, payload: { active: false } });
    expect(foreignPatch.statusCode).toBe(403);
    expect((await h.services.identity.getUser(h.orgId, user.id)).active).toBe(true);
    const found = await inject({ method: 'GET', url: '/api/v1/customers?q=跨站', headers: bearer(token) });
    expect(found.json().total).toBe(0);

    // Reading is harmless; so is a change from this site, or one carried by a bearer token.
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', cookies, headers: { origin: 'https://evil.example' } })).statusCode).toBe(200);
    const sameSite = await inject({ method: 'POST', url: '/api/v1/customers', cookies, headers: { origin: 'http://localhost:3000', host: 'localhost:3000' }, payload: customer });
    expect(sameSite.statusCode).toBe(201);
    // A proxy that writes out the default port is still this site; another port is not.
    const defaultPort = await inject({ method: 'POST', url: '/api/v1/customers', cookies, headers: { origin: 'https://shouhou.example', host: 'shouhou.example:443' }, payload: customer });
    expect(defaultPort.statusCode).toBe(201);
    const otherPort = await inject({ method: 'POST', url: '/api/v1/customers', cookies, headers: { origin: 'http://localhost:3001', host: 'localhost:3000' }, payload: customer });
    expect(otherPort.statusCode).toBe(403);
    const viaBearer = await inject({ method: 'POST', url: '/api/v1/customers', headers: { ...bearer(token), origin: 'https://evil.example' }, payload: customer });
    expect(viaBearer.statusCode).toBe(201);
  });

  it('refuses a cookie change whose Origin is unreadable', async () => {
    const user = await newUser('dispatcher');
    const token = (await loginAs(user.username, user.password)).json().token as string;
    const response = await inject({ method: 'POST', url: '/api/v1/customers', cookies: { [SESSION_COOKIE]: token }, headers: { origin: 'null' }, payload: customer });
    expect(response.statusCode).toBe(403);
  });
});

describe('who may call each route', () => {
  it('refuses every /api route to an anonymous caller, except the public ones', async () => {
    const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    // Each public route is named here on purpose: a new one must be a decision, not an accident.
    const publicRoutes = new Set([
      'GET /api/health',
      'POST /api/v1/auth/login',
      'GET /api/v1/public/booking/{token}',
      'POST /api/v1/public/booking/{token}',
      // A quote's approval link (C3): the customer decides on their phone without an account.
      'GET /api/v1/public/quotes/{token}',
      'POST /api/v1/public/quotes/{token}/decision',
      // An asset's QR label (the report page) and a ticket's tracking link: the customer's phone, without an account.
      'GET /api/v1/public/qr/{token}',
      'POST /api/v1/public/qr/{token}',
      'GET /api/v1/public/track/{token}',
      'POST /api/v1/public/track/{token}/rating',
      // A returning customer's phone code on the QR page, and the quote decided on the tracking page.
      'POST /api/v1/public/qr/{token}/phone-code',
      'POST /api/v1/public/qr/{token}/phone-code/check',
      'POST /api/v1/public/track/{token}/quote-decision',
    ]);
    const id = '01a21caf-0000-7000-8000-000000000000';
    let checked = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (publicRoutes.has(route)) continue;
        const url = path.replace(/\{[^}]+\}/g, id);
        const response = await inject({ method: method.toUpperCase() as InjectOptions['method'], url, ...(method === 'get' ? {} : { payload: {} }) });
        expect(response.statusCode, route).toBe(401);
        expect(response.json().code, route).toBe('UNAUTHENTICATED');
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('will not start with an /api route that says nothing about who may call it', async () => {
    const declared = Fastify();
    registerAuth(declared, h.app.services.identity);
    declared.get('/api/v1/declared', { config: { permission: 'tickets.read' } }, async () => 'ok');
    declared.get('/outside-the-api', async () => 'ok');
    await expect(declared.ready()).resolves.toBeDefined();
    await declared.close();

    const naked = Fastify();
    registerAuth(naked, h.app.services.identity);
    const register = async () => {
      naked.get('/api/v1/naked', async () => 'oops');
      await naked.ready();
    };
    await expect(register()).rejects.toThrow(/GET \/api\/v1\/naked declares no permission/);
    await naked.close().catch(() => {});
  });
});
