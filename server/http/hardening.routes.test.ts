import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../app';
import { ADMIN_PASSWORD, createAppHarness, type AppHarness } from '../test/harness';
import { registerErrorHandling } from './errors';
import { loggerOptions } from './logging';

let h: AppHarness;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
let ticketId: string;
let bookingToken: string;

beforeAll(async () => {
  h = await createAppHarness();
  const customer = await h.app.inject({ method: 'POST', url: '/api/v1/customers', headers: bearer(h.adminToken), payload: { name: '硬化测试客户', phone: '13911112222' } });
  const ticket = await h.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: bearer(h.adminToken),
    payload: { customerId: customer.json().id, channel: 'phone', description: '洗衣机漏水' },
  });
  ticketId = ticket.json().id;
  bookingToken = (await h.app.inject({ method: 'GET', url: '/api/v1/appointments/booking-link', headers: bearer(h.adminToken) })).json().token;
});
afterAll(async () => {
  await h?.close();
});

const isProblem = (response: { headers: Record<string, unknown> }) => String(response.headers['content-type']).startsWith('application/problem+json');

describe('S12: NUL bytes', () => {
  it('S12: a NUL byte in a login body answers 400 VALIDATION_FAILED naming the field, in the user’s language', async () => {
    const zh = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a\u0000b', password: 'x' } });
    expect(zh.statusCode).toBe(400);
    expect(isProblem(zh)).toBe(true);
    expect(zh.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.username', code: 'nul_byte', message: '不能包含空字符（U+0000）' }] });
    const en = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'accept-language': 'en-US' }, payload: { username: 'admin', password: 'x', organisation: '\u0000' } });
    expect(en.json().errors).toEqual([{ field: 'body.organisation', code: 'nul_byte', message: 'must not contain a NUL character (U+0000)' }]);
  });

  it('S12: a NUL byte in the public booking form, a query, a nested body field or a key answers 400, never 500', async () => {
    const booking = await h.app.inject({ method: 'POST', url: `/api/v1/public/booking/${bookingToken}`, payload: { name: 'Mal\u0000lory', phone: '13800138002', slotId: '01a22ac8-0000-7000-8000-000000000000', request: 'x' } });
    expect(booking.statusCode).toBe(400);
    expect(booking.json().errors[0]).toMatchObject({ field: 'body.name', code: 'nul_byte' });
    const search = await h.app.inject({ method: 'GET', url: '/api/v1/tickets?q=%00', headers: bearer(h.adminToken) });
    expect(search.statusCode).toBe(400);
    expect(search.json().errors[0]).toMatchObject({ field: 'querystring.q', code: 'nul_byte' });
    const nested = await h.app.inject({ method: 'PATCH', url: '/api/v1/organisation', headers: { ...bearer(h.adminToken), 'if-match': '1' }, payload: { settings: { delivery: { checklist: ['ok', 'b\u0000d'] } } } });
    expect(nested.json().errors[0]).toMatchObject({ field: 'body.settings.delivery.checklist.1', code: 'nul_byte' });
    const key = await h.app.inject({ method: 'POST', url: '/api/v1/customers', headers: bearer(h.adminToken), payload: { name: 'x', phone: '13900001111', 'ev\u0000il': 1 } });
    expect(key.statusCode).toBe(400);
    const comment = await h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/comments`, headers: bearer(h.adminToken), payload: { body: 'hello\u0000' } });
    expect(comment.statusCode).toBe(400);
  });

  it('S12: an upload whose file name holds a NUL byte answers 400', async () => {
    const boundary = 'X-NUL';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\u0000.png"\r\nContent-Type: image/png\r\n\r\nabc\r\n--${boundary}--\r\n`;
    const response = await h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/attachments`, headers: { ...bearer(h.adminToken), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(response.statusCode).toBe(400);
    expect(isProblem(response)).toBe(true);
  });

  it('S12: PostgreSQL’s refusal of U+0000 (22021, 22P05) is a client error, the backstop for text that reaches the database another way', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    app.get('/text', async () => {
      throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    });
    app.get('/json', async () => {
      throw { message: 'query failed', cause: Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' }) };
    });
    for (const url of ['/text', '/json']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    await app.close();
  });
});

describe('S13: security headers', () => {
  it('S13: the UI, the API and the OpenAPI document send CSP with frame-ancestors none, nosniff, a referrer policy and no framing', async () => {
    for (const url of ['/', '/book/some-token', '/api/health', '/api/v1/auth/me', '/api/openapi.json', '/api/v1/no-such-route']) {
      const response = await h.app.inject({ method: 'GET', url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).toContain("default-src 'self'");
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toContain('upgrade-insecure-requests');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['x-frame-options'], url).toBe('DENY');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('S13: HSTS only when a trusted proxy says the request came over HTTPS', async () => {
    const behindProxy = await buildApp({ config: { ...h.config, trustProxy: ['127.0.0.1'] }, database: h.database, clock: h.clock });
    try {
      const https = { 'x-forwarded-proto': 'https' };
      expect((await behindProxy.inject({ method: 'GET', url: '/api/health', headers: https })).headers['strict-transport-security']).toMatch(/max-age=\d+/);
      // The same header from a client that is not the proxy says nothing.
      expect((await behindProxy.inject({ method: 'GET', url: '/api/health', headers: https, remoteAddress: '203.0.113.5' })).headers['strict-transport-security']).toBeUndefined();
      expect((await behindProxy.inject({ method: 'GET', url: '/api/health' })).headers['strict-transport-security']).toBeUndefined();
      // Without TRUST_PROXY nobody is believed.
      expect((await h.app.inject({ method: 'GET', url: '/api/health', headers: https })).headers['strict-transport-security']).toBeUndefined();
      // The session cookie is Secure exactly when the request was HTTPS.
      const login = (headers: Record<string, string>) =>
        behindProxy.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { username: 'admin', password: ADMIN_PASSWORD } });
      expect(String((await login(https)).headers['set-cookie'])).toContain('Secure');
      expect(String((await login({})).headers['set-cookie'])).not.toContain('Secure');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('S16: malformed multipart and settings', () => {
  const upload = (body: string, contentType: string) =>
    h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticketId}/attachments`, headers: { ...bearer(h.adminToken), 'content-type': contentType }, payload: body });

  it('S16: a truncated or garbage multipart body answers 400 problem+json', async () => {
    const truncated = await upload('--B\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc', 'multipart/form-data; boundary=B');
    expect(truncated.statusCode).toBe(400);
    expect(isProblem(truncated)).toBe(true);
    expect(truncated.json().code).toBe('VALIDATION_FAILED');
    for (const [body, type] of [
      ['garbage, not multipart at all', 'multipart/form-data; boundary=B'],
      ['--B\r\nContent-Disp', 'multipart/form-data; boundary=B'],
      ['whatever', 'multipart/form-data'],
    ] as const) {
      const response = await upload(body, type);
      expect(response.statusCode, body).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, body).toBeLessThan(500);
      expect(isProblem(response), body).toBe(true);
    }
  });

  it('S16: organisation settings are a closed schema: unknown keys at any level and deep nesting answer 400', async () => {
    const patch = async (settings: unknown) => {
      const org = await h.app.inject({ method: 'GET', url: '/api/v1/organisation', headers: bearer(h.adminToken) });
      const payload = typeof settings === 'string' ? `{"settings":${settings}}` : JSON.stringify({ settings });
      return h.app.inject({ method: 'PATCH', url: '/api/v1/organisation', headers: { ...bearer(h.adminToken), 'if-match': org.headers.etag as string, 'content-type': 'application/json' }, payload });
    };
    const unknown = await patch({ custom: { a: 1 } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({ field: 'body.settings.custom', code: 'unrecognized_keys' });
    const nestedUnknown = await patch({ sla: { firstResponseMinutes: 30, surprise: true } });
    expect(nestedUnknown.json().errors[0]).toMatchObject({ field: 'body.settings.sla.surprise' });
    // Written out: JSON.stringify itself overflows the stack on an object this deep.
    const tooDeep = await patch(`{"custom":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`);
    expect(tooDeep.statusCode).toBe(400);
    expect(tooDeep.json().errors[0].code).toBe('too_deep');
    const wrongType = await patch({ sla: { firstResponseMinutes: { a: { b: 1 } } } });
    expect(wrongType.statusCode).toBe(400);
    const fine = await patch({ sla: { firstResponseMinutes: 30 } });
    expect(fine.statusCode).toBe(200);
    expect(fine.json().overrides).toEqual({ sla: { firstResponseMinutes: 30 } });
  });
});

describe('S17: router errors', () => {
  it('S17: a path parameter over the maximum length answers 414 and bad percent-encoding 400, both problem+json', async () => {
    const long = await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${'x'.repeat(120)}`, headers: bearer(h.adminToken) });
    expect(long.statusCode).toBe(414);
    expect(isProblem(long)).toBe(true);
    expect(long.json().code).toBe('URI_TOO_LONG');
    const badUrl = await h.app.inject({ method: 'GET', url: '/api/v1/tickets/%E0%A4%A', headers: bearer(h.adminToken) });
    expect(badUrl.statusCode).toBe(400);
    expect(isProblem(badUrl)).toBe(true);
    expect(badUrl.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('S20: access logs', () => {
  it('S20: the access log holds neither the public booking token nor phone numbers and search terms from query strings', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged: App = await buildApp({ config: h.config, database: h.database, clock: h.clock, logger: loggerOptions('info', stream) });
    try {
      await logged.inject({ method: 'GET', url: `/api/v1/public/booking/${bookingToken}` });
      await logged.inject({ method: 'GET', url: `/book/${bookingToken}` });
      await logged.inject({ method: 'GET', url: '/api/v1/public/track/SECRETtrackTOKEN0123456789/rating' });
      await logged.inject({ method: 'GET', url: '/r/SECRETqrTOKEN0123456789' });
      await logged.inject({ method: 'GET', url: '/api/v1/customers/lookup?q=13800138002&page=1', headers: bearer(h.adminToken) });
      await logged.inject({ method: 'GET', url: `/api/v1/tickets?q=${encodeURIComponent('张伟 漏水')}&status=reported&pageSize=20`, headers: bearer(h.adminToken) });
      const log = lines.join('');
      expect(log).toContain('/api/v1/public/booking/[token]');
      expect(log).toContain('q=[redacted]&page=1');
      expect(log).toContain('status=reported&pageSize=20');
      expect(log).not.toContain(bookingToken);
      expect(log).toContain('/api/v1/public/track/[token]/rating');
      expect(log).not.toContain('SECRET');
      expect(log).not.toContain('13800138002');
      expect(log).not.toContain(encodeURIComponent('张伟'));
      expect(log).not.toContain(h.adminToken);
    } finally {
      await logged.close();
    }
  });
});
