import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createServices } from '../../services';
import type { Config } from '../../config';
import { createHarness, createTestDatabase, fixedClock, testConfig, type Harness } from '../../test/harness';
import { organisations, users } from './identity.schema';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

/** A configuration for services made beside the harness; its data directory goes when the file ends. */
const dataDirs: string[] = [];
function config(overrides: Partial<Config> = {}): Config {
  const made = testConfig(overrides);
  dataDirs.push(made.dataDir);
  return made;
}

let counter = 0;
const uniqueName = (prefix: string) => `${prefix}${++counter}`;

/** The code of the AppError a promise rejects with, so tests can compare codes, not messages. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  throw new Error('expected the call to fail');
}

const login = (username: string, password: string, extra: { organisation?: string; ip?: string } = {}) =>
  h.services.identity.login({ username, password, ip: extra.ip ?? '10.0.0.1', ...(extra.organisation ? { organisation: extra.organisation } : {}) });

describe('passwords and sessions', () => {
  it('stores passwords as argon2id hashes, never as the password', async () => {
    const username = uniqueName('hash');
    const user = await h.services.identity.createUser(h.orgId, { username, password: 'correct horse battery', name: '哈希', role: 'dispatcher' });
    const [row] = await h.database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(row!.hash.startsWith('$argon2id$')).toBe(true);
    expect(row!.hash).not.toContain('correct horse battery');

    await h.services.identity.updateUser(h.admin, user.id, null, { password: 'a brand new secret' });
    const [changed] = await h.database.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(changed!.hash.startsWith('$argon2id$')).toBe(true);
    expect(changed!.hash).not.toBe(row!.hash);
    expect(await codeOf(login(username, 'correct horse battery'))).toBe('INVALID_CREDENTIALS');
    expect((await login(username, 'a brand new secret')).actor.userId).toBe(user.id);
  });

  it('answers a token that stands for the user until logout, and not after', async () => {
    const username = uniqueName('sess');
    const user = await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '会话', role: 'hotline_agent' });
    const { token, expiresAt } = await login(username, 'Harness-key-4821');
    expect(token).toMatch(/^sh_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - h.clock().getTime()).toBe(h.config.sessionHours * 3_600_000);
    expect(await h.services.identity.authenticate(token)).toMatchObject({ userId: user.id, orgId: h.orgId, role: 'hotline_agent' });
    await h.services.identity.logout(token);
    expect(await h.services.identity.authenticate(token)).toBeNull();
  });

  it('ends a session when it expires', async () => {
    const clock = fixedClock('2026-11-27T02:00:00Z');
    const database = await createTestDatabase();
    try {
      const services = createServices({ config: config({ sessionHours: 12 }), database, clock });
      const first = await services.identity.bootstrap({ orgName: '过期测试', timeZone: 'Asia/Shanghai', adminUsername: 'admin', adminPassword: 'Harness-root-7315' });
      expect(first.created).toBe(true);
      const { token } = await services.identity.login({ username: 'admin', password: 'Harness-root-7315', ip: '10.0.0.2' });
      clock.advance(12 * 3_600_000 - 1000);
      expect(await services.identity.authenticate(token)).not.toBeNull();
      clock.advance(2000);
      expect(await services.identity.authenticate(token)).toBeNull();
    } finally {
      await database.close();
    }
  });

  it('ends every session of a user who is deactivated, and refuses their login', async () => {
    const username = uniqueName('leaver');
    const user = await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '离职', role: 'technician' });
    const a = await login(username, 'Harness-key-4821');
    const b = await login(username, 'Harness-key-4821');
    const updated = await h.services.identity.updateUser(h.admin, user.id, 1, { active: false });
    expect(updated).toMatchObject({ active: false, version: 2 });
    expect(await h.services.identity.authenticate(a.token)).toBeNull();
    expect(await h.services.identity.authenticate(b.token)).toBeNull();
    expect(await codeOf(login(username, 'Harness-key-4821'))).toBe('INVALID_CREDENTIALS');
  });

  it('refuses a change based on a stale version', async () => {
    const user = await h.services.identity.createUser(h.orgId, { username: uniqueName('stale'), password: 'Harness-key-4821', name: '旧', role: 'finance' });
    await h.services.identity.updateUser(h.admin, user.id, 1, { name: '新' });
    const error = await h.services.identity.updateUser(h.admin, user.id, 1, { name: '更新' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT', extensions: { currentVersion: 2 } });
    expect((await h.services.identity.getUser(h.orgId, user.id)).name).toBe('新');
  });

  it('M1: gives technicians a grade and an employment status', async () => {
    const tech = await h.services.identity.createUser(h.orgId, { username: uniqueName('tech'), password: 'Harness-key-4821', name: '技师', role: 'technician' });
    expect(tech).toMatchObject({ grade: 'junior', employmentStatus: 'regular' });
    const senior = await h.services.identity.createUser(h.orgId, {
      username: uniqueName('tech'),
      password: 'Harness-key-4821',
      name: '高级技师',
      role: 'technician',
      grade: 'senior',
      employmentStatus: 'probation',
    });
    expect(senior).toMatchObject({ grade: 'senior', employmentStatus: 'probation' });
  });
});

describe('login rate limiting', () => {
  it('refuses a username after the configured number of failures, even with the right password', async () => {
    const username = uniqueName('guess');
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '被猜', role: 'dispatcher' });
    for (let i = 0; i < h.config.loginMaxFailures; i++) {
      expect(await codeOf(login(username, `wrong-${i}`, { ip: `10.1.0.${i}` }))).toBe('INVALID_CREDENTIALS');
    }
    expect(await codeOf(login(username, 'Harness-key-4821', { ip: '10.1.0.99' }))).toBe('TOO_MANY_ATTEMPTS');
    // The window passes: the user may try again.
    h.clock.advance((h.config.loginWindowMinutes + 1) * 60_000);
    expect((await login(username, 'Harness-key-4821', { ip: '10.1.0.99' })).token).toBeTruthy();
  });

  it('forgets earlier failures after a successful login', async () => {
    const username = uniqueName('typo');
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '手误', role: 'dispatcher' });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < h.config.loginMaxFailures - 1; i++) {
        expect(await codeOf(login(username, 'wrong', { ip: '10.2.0.1' }))).toBe('INVALID_CREDENTIALS');
      }
      expect((await login(username, 'Harness-key-4821', { ip: '10.2.0.1' })).token).toBeTruthy();
    }
  });

  it('counts failures of a username that does not exist, so guessing names is limited too', async () => {
    const ghost = uniqueName('ghost');
    for (let i = 0; i < h.config.loginMaxFailures; i++) {
      expect(await codeOf(login(ghost, 'whatever', { ip: '10.3.0.1' }))).toBe('INVALID_CREDENTIALS');
    }
    expect(await codeOf(login(ghost, 'whatever', { ip: '10.3.0.1' }))).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('organisations', () => {
  it('asks for the organisation when a username exists in two, and signs in to the one named', async () => {
    const username = uniqueName('lin');
    const mine = await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '林（本部）', role: 'dispatcher' });
    const north = await h.services.identity.createOrganisation({ code: uniqueName('north'), name: '北区服务中心' });
    const theirs = await h.services.identity.createUser(north.id, { username, password: 'password-456', name: '林（北区）', role: 'dispatcher' });

    expect(await codeOf(login(username, 'Harness-key-4821'))).toBe('ORGANISATION_REQUIRED');
    expect((await login(username, 'Harness-key-4821', { organisation: 'default' })).actor).toMatchObject({ orgId: h.orgId, userId: mine.id });
    expect((await login(username, 'password-456', { organisation: north.code })).actor).toMatchObject({ orgId: north.id, userId: theirs.id });
    // The right password of the other organisation's user is still the wrong one here.
    expect(await codeOf(login(username, 'password-456', { organisation: 'default' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(login(username, 'Harness-key-4821', { organisation: 'no-such-org' }))).toBe('INVALID_CREDENTIALS');
  });

  it('keeps each organisation’s users to itself', async () => {
    const other = await h.services.identity.createOrganisation({ code: uniqueName('west'), name: '西区' });
    const stranger = await h.services.identity.createUser(other.id, { username: uniqueName('x'), password: 'Harness-key-4821', name: '外人', role: 'admin' });
    expect(await codeOf(h.services.identity.getUser(h.orgId, stranger.id))).toBe('NOT_FOUND');
    expect(await codeOf(h.services.identity.updateUser(h.admin, stranger.id, 1, { active: false }))).toBe('NOT_FOUND');
    const listed = await h.services.identity.findUsers(h.admin, { limit: 500, offset: 0 });
    expect(listed.items.map((u) => u.id)).not.toContain(stranger.id);
  });

  it('refuses a second organisation with a code already taken', async () => {
    const code = uniqueName('east');
    await h.services.identity.createOrganisation({ code, name: '东区' });
    expect(await codeOf(h.services.identity.createOrganisation({ code, name: '东区二号' }))).toBe('ALREADY_EXISTS');
  });
});

describe('first run', () => {
  it('creates the first organisation and administrator once, with a generated password when none is given', async () => {
    const database = await createTestDatabase();
    try {
      const services = createServices({ config: config(), database, clock: fixedClock() });
      const first = await services.identity.bootstrap({ orgName: '新公司', timeZone: 'Asia/Shanghai', adminUsername: 'boss' });
      if (!first.created) throw new Error('expected the first run to create');
      expect(first.username).toBe('boss');
      expect(first.generatedPassword).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{4}(-[a-km-zA-HJ-NP-Z2-9]{4}){3}$/);
      const signedIn = await services.identity.login({ username: 'boss', password: first.generatedPassword!, ip: '10.9.0.1' });
      expect(signedIn.actor).toMatchObject({ orgId: first.orgId, role: 'admin' });

      const again = await services.identity.bootstrap({ orgName: '另一家', timeZone: 'Asia/Shanghai', adminUsername: 'boss2', adminPassword: 'Harness-key-4821' });
      expect(again).toEqual({ created: false });
      expect(await database.db.select({ id: organisations.id }).from(organisations)).toHaveLength(1);
      expect((await database.db.select({ username: users.username }).from(users)).map((u) => u.username)).toEqual(['boss']);
    } finally {
      await database.close();
    }
  });

  it('uses ADMIN_PASSWORD when given and does not echo it back', async () => {
    expect(await h.services.identity.bootstrap({ orgName: 'x', timeZone: 'Asia/Shanghai', adminUsername: 'admin', adminPassword: 'Harness-key-4821' })).toEqual({
      created: false,
    });
    const database = await createTestDatabase();
    try {
      const services = createServices({ config: config(), database, clock: fixedClock() });
      const first = await services.identity.bootstrap({ orgName: '新公司', timeZone: 'Asia/Shanghai', adminUsername: 'root', adminPassword: 'given-password' });
      expect(first).toMatchObject({ created: true, username: 'root' });
      expect(first).not.toHaveProperty('generatedPassword');
      expect((await services.identity.login({ username: 'root', password: 'given-password', ip: '10.9.0.2' })).actor.role).toBe('admin');
    } finally {
      await database.close();
    }
  });

  it('creates exactly one organisation when two processes start at once', async () => {
    const database = await createTestDatabase();
    try {
      const a = createServices({ config: config(), database, clock: fixedClock() });
      const b = createServices({ config: config(), database, clock: fixedClock() });
      const input = { orgName: '并发', timeZone: 'Asia/Shanghai', adminUsername: 'admin', adminPassword: 'Harness-key-4821' };
      const results = await Promise.all([a.identity.bootstrap(input), b.identity.bootstrap(input)]);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(await database.db.select({ id: organisations.id }).from(organisations)).toHaveLength(1);
      expect(await database.db.select({ id: users.id }).from(users)).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
