import { rmSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createServices } from '../../services';
import { createIdentityService } from './identity.service';
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

/**
 * An identity service beside the harness's, on the same database, whose sign-in delays are
 * recorded instead of waited out (no idle sleeps in tests).
 */
function throttledIdentity(overrides: Partial<Parameters<typeof createIdentityService>[0]> = {}) {
  const pauses: number[] = [];
  const identity = createIdentityService({
    db: h.database.db,
    clock: h.clock,
    sessionHours: 12,
    loginMaxFailures: 5,
    loginMaxFailuresPerAddress: 20,
    loginWindowMinutes: 15,
    loginDelayMs: 1_000,
    loginMaxDelayMs: 8_000,
    customers: h.services.customers,
    jobs: h.services.jobs,
    pause: async (ms) => void pauses.push(ms),
    ...overrides,
  });
  const signIn = (username: string, password: string, ip: string, organisation?: string) =>
    identity.login({ username, password, ip, ...(organisation ? { organisation } : {}) });
  return { identity, pauses, signIn };
}

describe('login rate limiting', () => {
  it('S3: five failures from one address do not lock the account for another', async () => {
    const { signIn, pauses } = throttledIdentity();
    const username = uniqueName('victim');
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '受害者', role: 'dispatcher' });
    for (let i = 0; i < 5; i++) expect(await codeOf(signIn(username, `wrong-${i}`, '203.0.113.7'))).toBe('INVALID_CREDENTIALS');
    // The attacker's address is refused for this account, even with the right password…
    expect(await codeOf(signIn(username, 'Harness-key-4821', '203.0.113.7'))).toBe('TOO_MANY_ATTEMPTS');
    // …and the owner, from an address that has not failed, is slowed down, not refused.
    expect(pauses).toEqual([]);
    expect((await signIn(username, 'Harness-key-4821', '198.51.100.20')).token).toBeTruthy();
    expect(pauses).toEqual([1_000]);
  });

  it('S3: an account past its limit is slowed more with each failure, up to the maximum, and never refused', async () => {
    const { signIn, pauses } = throttledIdentity();
    const username = uniqueName('slowed');
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '减速', role: 'dispatcher' });
    // Each failure from its own address: no address reaches its own limit.
    for (let i = 0; i < 10; i++) expect(await codeOf(signIn(username, 'wrong', `192.0.2.${i + 1}`))).toBe('INVALID_CREDENTIALS');
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect((await signIn(username, 'Harness-key-4821', '192.0.2.200')).token).toBeTruthy();
    // The owner's success starts the account's count again.
    expect(await codeOf(signIn(username, 'wrong', '192.0.2.201'))).toBe('INVALID_CREDENTIALS');
    expect(pauses).toHaveLength(6);
  });

  it('S3: failures against a username in one organisation do not slow the same username in another', async () => {
    const { signIn, pauses } = throttledIdentity();
    const username = uniqueName('boss');
    const east = await h.services.identity.createOrganisation({ code: uniqueName('east'), name: '东区' });
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '本部', role: 'admin' });
    await h.services.identity.createUser(east.id, { username, password: 'Eastern-key-9034', name: '东区', role: 'admin' });
    for (let i = 0; i < 6; i++) await codeOf(signIn(username, 'wrong', `192.0.2.${50 + i}`, east.code));
    const before = pauses.length;
    expect((await signIn(username, 'Harness-key-4821', '198.51.100.30', 'default')).actor.orgId).toBe(h.orgId);
    expect(pauses).toHaveLength(before);
  });

  it('S15: signing in to one’s own account does not reset the per-address count', async () => {
    const { signIn } = throttledIdentity();
    const own = uniqueName('attacker');
    await h.services.identity.createUser(h.orgId, { username: own, password: 'Harness-key-4821', name: '攻击者', role: 'dispatcher' });
    const ip = '203.0.113.50';
    for (let i = 0; i < 19; i++) expect(await codeOf(signIn(uniqueName('spray'), 'Summer2026!', ip))).toBe('INVALID_CREDENTIALS');
    expect((await signIn(own, 'Harness-key-4821', ip)).token).toBeTruthy();
    // The 20th failure is still allowed; the 21st is refused whatever the username.
    expect(await codeOf(signIn(uniqueName('spray'), 'Summer2026!', ip))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(signIn(uniqueName('spray'), 'Summer2026!', ip))).toBe('TOO_MANY_ATTEMPTS');
    expect(await codeOf(signIn(own, 'Harness-key-4821', ip))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('S15: a parallel burst gets exactly the limit of checked attempts and no more', async () => {
    const { signIn } = throttledIdentity();
    const username = uniqueName('burst');
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '并发', role: 'dispatcher' });
    const codes = await Promise.all(Array.from({ length: 40 }, (_, i) => codeOf(signIn(username, `wrong-${i}`, '203.0.113.60'))));
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(5);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(35);
    // Across usernames from one address: exactly the address limit.
    const spray = await Promise.all(Array.from({ length: 40 }, () => codeOf(signIn(uniqueName('burst'), 'wrong', '203.0.113.61'))));
    expect(spray.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(20);
    expect(spray.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(20);
  });

  it('counts failures of a username that does not exist, so guessing names is limited too', async () => {
    const { signIn } = throttledIdentity();
    const ghost = uniqueName('ghost');
    for (let i = 0; i < 5; i++) expect(await codeOf(signIn(ghost, 'whatever', '10.3.0.1'))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(signIn(ghost, 'whatever', '10.3.0.1'))).toBe('TOO_MANY_ATTEMPTS');
    // The window passes: the address may try again.
    h.clock.advance(16 * 60_000);
    expect(await codeOf(signIn(ghost, 'whatever', '10.3.0.1'))).toBe('INVALID_CREDENTIALS');
  });
});

describe('organisations', () => {
  it('S19: a username in two organisations answers a wrong password as a wrong password, never asking for the organisation', async () => {
    const username = uniqueName('lin');
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '林（本部）', role: 'dispatcher' });
    const north = await h.services.identity.createOrganisation({ code: uniqueName('north'), name: '北区服务中心' });
    await h.services.identity.createUser(north.id, { username, password: 'Northern-key-5521', name: '林（北区）', role: 'dispatcher' });
    expect(await codeOf(login(username, 'not-the-password', { ip: '10.9.0.1' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(login(uniqueName('nobody'), 'not-the-password', { ip: '10.9.0.1' }))).toBe('INVALID_CREDENTIALS');
  });

  it('S19: without an organisation the password decides which; only a password that fits both asks for the organisation', async () => {
    const username = uniqueName('lin');
    const mine = await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '林（本部）', role: 'dispatcher' });
    const north = await h.services.identity.createOrganisation({ code: uniqueName('north'), name: '北区服务中心' });
    const theirs = await h.services.identity.createUser(north.id, { username, password: 'Northern-key-5521', name: '林（北区）', role: 'dispatcher' });
    expect((await login(username, 'Harness-key-4821')).actor).toMatchObject({ orgId: h.orgId, userId: mine.id });
    expect((await login(username, 'Northern-key-5521')).actor).toMatchObject({ orgId: north.id, userId: theirs.id });

    const west = await h.services.identity.createOrganisation({ code: uniqueName('west'), name: '西区' });
    await h.services.identity.createUser(west.id, { username, password: 'Northern-key-5521', name: '林（西区）', role: 'dispatcher' });
    expect(await codeOf(login(username, 'Northern-key-5521'))).toBe('ORGANISATION_REQUIRED');
    expect((await login(username, 'Northern-key-5521', { organisation: west.code })).actor.orgId).toBe(west.id);
    // The right password of the other organisation's user is still the wrong one here.
    expect(await codeOf(login(username, 'Northern-key-5521', { organisation: 'default' }))).toBe('INVALID_CREDENTIALS');
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

describe('passwords', () => {
  it('S14: refuses short, blank, common and username-bearing passwords on create, change and first run', async () => {
    const username = uniqueName('weak');
    for (const password of ['12345678', 'password', '        ', '          ', 'password-123', 'Password2026!', '1234567890', 'aaaaaaaaaaaa', `${username}-secret`]) {
      expect(await codeOf(h.services.identity.createUser(h.orgId, { username, password, name: '弱', role: 'finance' })), password).toBe('VALIDATION_FAILED');
    }
    const user = await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '强', role: 'finance' });
    expect(await codeOf(h.services.identity.updateUser(h.admin, user.id, null, { password: 'qwertyuiop' }))).toBe('VALIDATION_FAILED');
    const database = await createTestDatabase();
    try {
      const fresh = createServices({ config: config(), database, clock: fixedClock() });
      expect(await codeOf(fresh.identity.bootstrap({ orgName: 'x', timeZone: 'Asia/Shanghai', adminUsername: 'admin', adminPassword: 'admin-password' }))).toBe('VALIDATION_FAILED');
    } finally {
      await database.close();
    }
  });

  it('S14: a user changes their own password with the current one; other sessions end, this one stays', async () => {
    const username = uniqueName('self');
    await h.services.identity.createUser(h.orgId, { username, password: 'Harness-key-4821', name: '自助', role: 'finance' });
    const here = await login(username, 'Harness-key-4821', { ip: '10.8.0.1' });
    const elsewhere = await login(username, 'Harness-key-4821', { ip: '10.8.0.2' });
    const change = (currentPassword: string, newPassword: string) =>
      h.services.identity.changeOwnPassword(here.actor, { currentPassword, newPassword, ip: '10.8.0.1', keepToken: here.token });
    expect(await codeOf(change('not-my-password', 'Brand-new-key-6610'))).toBe('VALIDATION_FAILED');
    expect(await codeOf(change('Harness-key-4821', 'password1'))).toBe('VALIDATION_FAILED');
    await change('Harness-key-4821', 'Brand-new-key-6610');
    expect(await h.services.identity.authenticate(here.token)).not.toBeNull();
    expect(await h.services.identity.authenticate(elsewhere.token)).toBeNull();
    expect(await codeOf(login(username, 'Harness-key-4821', { ip: '10.8.0.3' }))).toBe('INVALID_CREDENTIALS');
    expect((await login(username, 'Brand-new-key-6610', { ip: '10.8.0.3' })).token).toBeTruthy();
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
