import { describe, expect, it } from 'vitest';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createAppHarness, type AppHarness } from './test/harness';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('TRUST_PROXY', () => {
  it('S4: "true" is refused with a message that says what to write instead', () => {
    const [problem] = problemsOf({ TRUST_PROXY: 'true' });
    expect(problem).toMatch(/^TRUST_PROXY: .*X-Forwarded-For.*TRUST_PROXY=127\.0\.0\.1/);
  });

  it('S4: takes addresses, CIDR ranges and named ranges; refuses a hop count and anything else', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(problemsOf({ TRUST_PROXY: '1' })[0]).toMatch(/hop count/);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1,loopback' }).trustProxy).toEqual(['10.0.0.0/8', '::1', 'loopback']);
    for (const bad of ['yes', '10.0.0.0/33', '300.1.1.1', 'fe80::/129', '10.0.0.1/8/9']) expect(problemsOf({ TRUST_PROXY: bad }), bad).toHaveLength(1);
  });
});

describe('ADMIN_PASSWORD', () => {
  it('S14: the first administrator’s password follows the password rule', () => {
    expect(problemsOf({ ADMIN_PASSWORD: 'short' })[0]).toMatch(/^ADMIN_PASSWORD: .*10 characters/);
    expect(problemsOf({ ADMIN_PASSWORD: 'admin-password' })[0]).toMatch(/^ADMIN_PASSWORD: .*username/);
    expect(problemsOf({ ADMIN_PASSWORD: 'password123' })[0]).toMatch(/^ADMIN_PASSWORD: .*common/);
    expect(problemsOf({ ADMIN_PASSWORD: 'Lantern-harbour-47' })).toEqual([]);
  });
});

describe('client addresses behind a proxy', () => {
  let h: AppHarness;
  beforeAll(async () => {
    h = await createAppHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** The address the sign-in throttle counted, as the administrator's lock list shows it. */
  async function addressesCounted(app: Awaited<ReturnType<typeof buildApp>>, attempts: { remoteAddress: string; xff: string }[], username: string) {
    for (const { remoteAddress, xff } of attempts) {
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress, headers: { 'x-forwarded-for': xff }, payload: { username, password: 'wrong-password' } });
    }
    const locks = await h.app.inject({ method: 'GET', url: '/api/v1/login-locks', headers: { authorization: `Bearer ${h.adminToken}` } });
    return (locks.json().items as { kind: string; username: string; ip: string }[]).filter((l) => l.kind === 'account_address' && l.username === username).map((l) => l.ip);
  }

  it('S4: a client that is not a named proxy cannot choose its own address with X-Forwarded-For', async () => {
    const app = await buildApp({ config: { ...h.config, trustProxy: ['127.0.0.1'] }, database: h.database, clock: h.clock });
    try {
      const victim = (await h.services.identity.createUser(h.orgId, { username: 'xff-victim', password: 'Harness-key-4821', name: 'x', role: 'finance' })).username;
      // Five failures, each claiming another address: all are counted against the real one.
      const rotating = Array.from({ length: 5 }, (_, i) => ({ remoteAddress: '203.0.113.9', xff: `198.51.100.${i + 1}` }));
      expect(await addressesCounted(app, rotating, victim)).toEqual(['203.0.113.9']);
      const blocked = await app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '203.0.113.9', headers: { 'x-forwarded-for': '198.51.100.99' }, payload: { username: victim, password: 'Harness-key-4821' } });
      expect(blocked.statusCode).toBe(429);
      // Through the named proxy, the address it appended (the rightmost) is the client's.
      await h.services.identity.createUser(h.orgId, { username: 'xff-other', password: 'Harness-key-4821', name: 'x', role: 'finance' });
      const viaProxy = await addressesCounted(app, Array.from({ length: 5 }, () => ({ remoteAddress: '127.0.0.1', xff: '1.2.3.4, 192.0.2.77' })), 'xff-other');
      expect(viaProxy).toEqual(['192.0.2.77']);
    } finally {
      await app.close();
    }
  });
});
