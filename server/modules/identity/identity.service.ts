import { v7 as uuidv7 } from 'uuid';
import type { EmploymentStatus, Role, TechnicianGrade } from '../../../shared/domain';
import { pickLocale, type Locale } from '../../../shared/i18n';
import { resolveSettings, type OrgSettings } from '../../../shared/settings';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, fieldError, notFound } from '../../errors';
import { localDate } from '../../../shared/time';
import { isUniqueViolation } from '../../db/errors';
import type { Actor } from './principal';
import { generatePassword, hashPassword, newToken, tokenHash, verifyPassword } from './passwords';
import * as repo from './identity.repository';
import { createStaffDirectory, isTechnicianRole } from './staff';
import { gradeHistory, gradeOn, recordGradeChange, recordInitialGrade, registerGradeJob, type GradeDeps } from './grades';
import type { CustomerService } from '../customers';
import type { JobService } from '../jobs';
import type { GradeChangeBody } from '../../../shared/contracts/identity';
import type { users } from './identity.schema';
import { createLoginThrottle, type AccountRef } from './login-throttle';
import { assertAcceptablePassword } from './password-policy';

export interface Organisation {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  currency: string;
  locale: string;
  industries: string[];
  settings: OrgSettings;
  /** What the organisation itself set, without defaults (for the settings page). */
  overrides: Record<string, unknown>;
  version: number;
}

/**
 * Told inside the transaction that saves an organisation's new settings, with the settings before
 * and after: a module that made records from the figures (SLA policies) follows them there.
 */
export type SettingsChangedListener = (tx: Db, change: { orgId: string; before: OrgSettings; after: OrgSettings }) => Promise<void>;

export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
  phone: string | null;
  email: string | null;
  locale: string | null;
  grade: TechnicianGrade | null;
  employmentStatus: EmploymentStatus | null;
  team: string | null;
  customerId: string | null;
  contractorId: string | null;
  active: boolean;
  version: number;
  createdAt: Date;
}

export interface IdentityOptions {
  db: Db;
  clock: () => Date;
  sessionHours: number;
  loginMaxFailures: number;
  loginMaxFailuresPerAddress: number;
  loginWindowMinutes: number;
  loginDelayMs: number;
  loginMaxDelayMs: number;
  /** Waits out a sign-in delay; tests pass one that records instead of waiting. */
  pause?: (ms: number) => Promise<void>;
  /** A customer user acts for a customer record of the organisation (S18). */
  customers: Pick<CustomerService, 'assertExists'>;
  /** Applies a grade change dated in the future when its day begins (M1). */
  jobs: Pick<JobService, 'enqueue' | 'register'>;
}

/** Organisations one username may be signed in to without naming the organisation. */
const MAX_LOGIN_CANDIDATES = 8;

export interface NewUser {
  username: string;
  password: string;
  name: string;
  role: Role;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  grade?: TechnicianGrade | null | undefined;
  employmentStatus?: EmploymentStatus | null | undefined;
  team?: string | null | undefined;
  customerId?: string | null | undefined;
  contractorId?: string | null | undefined;
  locale?: string | null | undefined;
}

export type UserChanges = Partial<Omit<NewUser, 'username'>> & { active?: boolean };

const ORG_CACHE_MS = 5_000;
/** How long another process may still accept a token revoked elsewhere. */
export const SESSION_CACHE_MS = 5_000;

function toUser(row: repo.UserRow): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    phone: row.phone,
    email: row.email,
    locale: row.locale,
    grade: row.grade,
    employmentStatus: row.employmentStatus,
    team: row.team,
    customerId: row.customerId,
    contractorId: row.contractorId,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt,
  };
}

function toOrganisation(row: repo.OrganisationRow): Organisation {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    timeZone: row.timeZone,
    currency: row.currency,
    locale: row.locale,
    industries: row.industries,
    settings: resolveSettings(row.settings),
    overrides: (row.settings ?? {}) as Record<string, unknown>,
    version: row.version,
  };
}

export function toActor(user: repo.UserRow): Actor {
  return {
    orgId: user.orgId,
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    locale: user.locale ? (pickLocale(user.locale) as Locale) : null,
    customerId: user.customerId,
    contractorId: user.contractorId,
  };
}

function userRow(orgId: string, id: string, input: NewUser, passwordHash: string): typeof users.$inferInsert {
  return {
    orgId,
    id,
    username: input.username,
    name: input.name,
    role: input.role,
    passwordHash,
    phone: input.phone ?? null,
    email: input.email ?? null,
    grade: input.grade ?? (input.role === 'technician' ? 'junior' : null),
    employmentStatus: input.employmentStatus ?? (input.role === 'technician' ? 'regular' : null),
    team: input.team ?? null,
    customerId: input.customerId ?? null,
    contractorId: input.contractorId ?? null,
    locale: input.locale ?? null,
  };
}

export function createIdentityService(options: IdentityOptions) {
  const grades: GradeDeps = {
    db: options.db,
    clock: options.clock,
    timeZoneOf: async (orgId, tx) => (await repo.findOrganisation(tx ?? options.db, orgId))?.timeZone ?? 'Asia/Shanghai',
    jobs: options.jobs,
  };
  registerGradeJob(grades);
  const { db, clock } = options;
  const pause = options.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const throttle = createLoginThrottle(db, {
    accountFailures: options.loginMaxFailures,
    addressFailures: options.loginMaxFailuresPerAddress,
    windowMinutes: options.loginWindowMinutes,
    delayMs: options.loginDelayMs,
    maxDelayMs: options.loginMaxDelayMs,
  });
  const orgCache = new Map<string, { org: Organisation; until: number }>();

  /** Reads through `tx` when given: on PGlite a read outside an open transaction would wait for it. */
  async function getOrganisation(orgId: string, tx: Db = db): Promise<Organisation> {
    const hit = orgCache.get(orgId);
    const nowMs = Date.now();
    if (hit && hit.until > nowMs) return hit.org;
    const row = await repo.findOrganisation(tx, orgId);
    if (!row) throw notFound();
    const org = toOrganisation(row);
    orgCache.set(orgId, { org, until: nowMs + ORG_CACHE_MS });
    return org;
  }

  async function createOrganisation(input: {
    code: string;
    name: string;
    timeZone?: string;
    industries?: string[];
  }): Promise<Organisation> {
    const id = uuidv7();
    try {
      await repo.insertOrganisation(db, {
        id,
        code: input.code,
        name: input.name,
        timeZone: input.timeZone ?? 'Asia/Shanghai',
        industries: input.industries ?? [],
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS');
      throw error;
    }
    return getOrganisation(id);
  }

  /**
   * S18: a user's links must fit their role and their organisation: a customer user to one of
   * the organisation's customers, a contractor user to a contractor, nobody else to either.
   */
  async function checkLinks(tx: Db, orgId: string, role: Role, links: { customerId?: string | null | undefined; contractorId?: string | null | undefined }) {
    if (role === 'customer' && !links.customerId) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'body.customerId', code: 'required', message: 'errors.detail.customerUserNeedsCustomer' }],
      });
    }
    if (links.customerId && role !== 'customer') throw fieldError('body.customerId', 'errors.detail.referenceNotForRole');
    if (links.contractorId && role !== 'contractor') throw fieldError('body.contractorId', 'errors.detail.referenceNotForRole');
    if (links.customerId) await options.customers.assertExists(tx, orgId, links.customerId, 'body.customerId');
  }

  async function createUser(orgId: string, input: NewUser, by: string | null = null): Promise<User> {
    await checkLinks(db, orgId, input.role, input);
    assertAcceptablePassword(input.password, input.username);
    const id = uuidv7();
    const passwordHash = await hashPassword(input.password);
    try {
      await db.transaction(async (tx) => {
        const row = userRow(orgId, id, input, passwordHash);
        await repo.insertUser(tx, row);
        if (isTechnicianRole(input.role)) await recordInitialGrade(grades, tx, orgId, id, { grade: row.grade ?? null, employmentStatus: row.employmentStatus ?? null }, by);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AppError('ALREADY_EXISTS', {
          detail: 'errors.detail.usernameTaken',
          params: { username: input.username },
          fields: [{ field: 'body.username', code: 'taken', message: 'errors.detail.usernameTaken', params: { username: input.username } }],
        });
      }
      throw error;
    }
    return getUser(orgId, id);
  }

  async function getUser(orgId: string, id: string): Promise<User> {
    const row = await repo.findUser(db, orgId, id);
    if (!row) throw notFound();
    return toUser(row);
  }

  /**
   * First run: with no organisation yet, creates one and its administrator. The password is
   * ADMIN_PASSWORD when given, else generated and returned so that the caller prints it once.
   */
  async function bootstrap(input: {
    orgName: string;
    timeZone: string;
    adminUsername: string;
    adminPassword?: string | undefined;
  }): Promise<{ created: false } | { created: true; orgId: string; username: string; generatedPassword?: string }> {
    if ((await repo.countOrganisations(db)) > 0) return { created: false };
    if (input.adminPassword !== undefined) assertAcceptablePassword(input.adminPassword, input.adminUsername, 'ADMIN_PASSWORD');
    const password = input.adminPassword ?? generatePassword();
    const passwordHash = await hashPassword(password);
    const orgId = uuidv7();
    // One transaction: a crash in between must not leave an organisation nobody can sign in to,
    // and of two processes starting at once only one may create it.
    let created: boolean;
    try {
      created = await db.transaction(async (tx) => {
        if ((await repo.countOrganisations(tx)) > 0) return false;
        await repo.insertOrganisation(tx, { id: orgId, code: 'default', name: input.orgName, timeZone: input.timeZone, industries: [] });
        await repo.insertUser(tx, userRow(orgId, uuidv7(), { username: input.adminUsername, password, name: '系统管理员', role: 'admin' }, passwordHash));
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return { created: false };
      throw error;
    }
    if (!created) return { created: false };
    return {
      created: true,
      orgId,
      username: input.adminUsername,
      ...(input.adminPassword ? {} : { generatedPassword: password }),
    };
  }

  /**
   * Signs in (S3, S15, S19). Without an organisation code, the password is checked against
   * every account with that username, all at once (so the answer takes about as long however
   * many there are), and the organisation is asked for only when the password fits more than
   * one: a wrong password answers INVALID_CREDENTIALS whether or not the name is shared.
   */
  async function login(input: { username: string; password: string; organisation?: string | undefined; ip: string }) {
    const now = clock();
    const username = input.username.trim();
    const code = input.organisation?.trim();
    let candidates: repo.UserRow[];
    let orgHint: string | null = null;
    if (code) {
      const org = await repo.findOrganisationByCode(db, code);
      orgHint = org?.id ?? null;
      const user = org ? await repo.findUserByUsername(db, org.id, username) : undefined;
      candidates = user ? [user] : [];
    } else {
      candidates = await repo.findUsersByUsername(db, username, MAX_LOGIN_CANDIDATES);
    }
    const accounts: AccountRef[] = candidates.length ? candidates.map((c) => ({ orgId: c.orgId, username: c.username })) : [{ orgId: orgHint, username }];
    const reservation = await throttle.reserve(accounts, input.ip, now).catch(async (error: unknown) => {
      await repo.recordLoginAttempt(db, { id: uuidv7(), username, ip: input.ip, succeeded: false, at: now });
      throw error;
    });
    if (reservation.delayMs > 0) await pause(reservation.delayMs);
    const checks = candidates.length ? candidates.map((c) => verifyPassword(c.active ? c.passwordHash : null, input.password)) : [verifyPassword(null, input.password)];
    const results = await Promise.all(checks);
    const matched = candidates.filter((_, i) => results[i]);
    await repo.recordLoginAttempt(db, { id: uuidv7(), username, ip: input.ip, succeeded: matched.length === 1, at: now });
    if (matched.length === 0) {
      await reservation.failed();
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (matched.length > 1) {
      await reservation.succeeded(null);
      throw new AppError('ORGANISATION_REQUIRED');
    }
    const user = matched[0]!;
    await reservation.succeeded({ orgId: user.orgId, username: user.username });
    const token = newToken();
    const expiresAt = new Date(now.getTime() + options.sessionHours * 3_600_000);
    await repo.insertSession(db, {
      orgId: user.orgId,
      id: uuidv7(),
      userId: user.id,
      tokenHash: tokenHash(token),
      kind: 'session',
      createdAt: now,
      expiresAt,
    });
    return { token, expiresAt, actor: toActor(user) };
  }

  /**
   * A signed-in user changes their own password (S14). The current password is checked under
   * the same throttle as a sign-in, so a stolen session cannot be used to guess it; every
   * other session and API token of the user ends, the one making the change stays.
   */
  async function changeOwnPassword(actor: Actor, input: { currentPassword: string; newPassword: string; ip: string; keepToken: string | undefined }): Promise<void> {
    const now = clock();
    const row = await repo.findUser(db, actor.orgId, actor.userId);
    if (!row) throw notFound();
    const account = { orgId: row.orgId, username: row.username };
    const reservation = await throttle.reserve([account], input.ip, now);
    if (reservation.delayMs > 0) await pause(reservation.delayMs);
    if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
      await reservation.failed();
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'body.currentPassword', code: 'wrong_password', message: 'errors.detail.wrongCurrentPassword' }],
      });
    }
    await reservation.succeeded(account);
    assertAcceptablePassword(input.newPassword, row.username, 'body.newPassword');
    await repo.updateUser(db, actor.orgId, actor.userId, null, { passwordHash: await hashPassword(input.newPassword) });
    const keep = input.keepToken ? tokenHash(input.keepToken) : undefined;
    await repo.revokeUserSessions(db, actor.orgId, actor.userId, now, keep);
    for (const [hash, entry] of sessionCache) if (entry.actor.userId === actor.userId && entry.actor.orgId === actor.orgId && hash !== keep) sessionCache.delete(hash);
  }

  /** Sign-in locks that concern the administrator's organisation (S3). */
  async function loginLocks(actor: Actor) {
    return { items: await throttle.locksOf(actor.orgId, clock()) };
  }

  async function clearLoginLock(actor: Actor, id: string): Promise<void> {
    await throttle.clear(actor.orgId, id, clock());
  }

  /** The actor a token stands for, or null when it is unknown, expired, revoked or its user inactive. */
  /**
   * Recently seen tokens, for a few seconds: an API client's burst should not cost a query per
   * request. This process forgets a token the moment it is revoked here; other processes within
   * SESSION_CACHE_MS. Expiry is checked on every use.
   */
  const sessionCache = new Map<string, { actor: Actor; expiresAt: number | null; until: number }>();

  async function authenticate(token: string): Promise<Actor | null> {
    const hash = tokenHash(token);
    const now = clock();
    const hit = sessionCache.get(hash);
    if (hit && hit.until > Date.now() && (hit.expiresAt === null || hit.expiresAt > now.getTime())) return hit.actor;
    const found = await repo.findLiveSession(db, hash, now);
    if (!found) {
      sessionCache.delete(hash);
      return null;
    }
    const actor = toActor(found.user);
    if (sessionCache.size > 10_000) sessionCache.clear();
    sessionCache.set(hash, { actor, expiresAt: found.session.expiresAt?.getTime() ?? null, until: Date.now() + SESSION_CACHE_MS });
    return actor;
  }

  async function logout(token: string): Promise<void> {
    const hash = tokenHash(token);
    sessionCache.delete(hash);
    await repo.revokeSession(db, hash, clock());
  }

  async function createApiToken(actor: Actor, label: string, expiresInDays?: number) {
    const token = newToken();
    const now = clock();
    await repo.insertSession(db, {
      orgId: actor.orgId,
      id: uuidv7(),
      userId: actor.userId,
      tokenHash: tokenHash(token),
      kind: 'api',
      label,
      createdAt: now,
      expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null,
    });
    return { token };
  }

  async function findUsers(actor: Actor, filter: repo.UserFilter) {
    const { rows, total } = await repo.findUsers(db, actor.orgId, filter);
    return { items: rows.map(toUser), total };
  }

  async function updateUser(actor: Actor, id: string, version: number | null, changes: UserChanges): Promise<User> {
    const { password, grade, employmentStatus, ...rest } = changes;
    const set: Parameters<typeof repo.updateUser>[4] = { ...rest };
    const target = await repo.findUser(db, actor.orgId, id);
    if (!target) throw notFound();
    if (password) {
      assertAcceptablePassword(password, target.username);
      set.passwordHash = await hashPassword(password);
    }
    const role = changes.role ?? target.role;
    await checkLinks(db, actor.orgId, role, {
      customerId: changes.customerId !== undefined ? changes.customerId : target.customerId,
      contractorId: changes.contractorId !== undefined ? changes.contractorId : target.contractorId,
    });
    const row = await db.transaction(async (tx) => {
      return savedOrThrow(await repo.updateUser(tx, actor.orgId, id, version, set), version);
    });
    // M1: a grade or status edited on the user takes effect today, kept in the history like any other change.
    if ((grade !== undefined || employmentStatus !== undefined) && isTechnicianRole(role) && (grade !== target.grade || employmentStatus !== target.employmentStatus)) {
      const today = localDate(clock(), (await getOrganisation(actor.orgId)).timeZone);
      await recordGradeChange(grades, actor, id, { effectiveOn: today, ...(grade !== undefined && grade !== null ? { grade } : {}), ...(employmentStatus !== undefined && employmentStatus !== null ? { employmentStatus } : {}) });
    }
    // A new password or a deactivation ends every open session of that user.
    if (password || changes.active === false) await repo.revokeUserSessions(db, actor.orgId, id, clock());
    // Whatever changed (role, name, access) applies from the next request.
    for (const [hash, entry] of sessionCache) if (entry.actor.userId === id && entry.actor.orgId === actor.orgId) sessionCache.delete(hash);
    return grade !== undefined || employmentStatus !== undefined ? getUser(actor.orgId, id) : toUser(row);
  }

  const settingsListeners: SettingsChangedListener[] = [];

  async function updateOrganisation(
    actor: Actor,
    version: number,
    changes: { name?: string; timeZone?: string; industries?: string[]; settings?: Record<string, unknown> },
  ): Promise<Organisation> {
    const row = await db.transaction(async (tx) => {
      const before = changes.settings && settingsListeners.length ? await repo.findOrganisation(tx, actor.orgId) : undefined;
      const saved = savedOrThrow(await repo.updateOrganisation(tx, actor.orgId, version, changes), version);
      if (before) {
        const change = { orgId: actor.orgId, before: resolveSettings(before.settings), after: resolveSettings(saved.settings) };
        for (const listener of settingsListeners) await listener(tx, change);
      }
      return saved;
    });
    orgCache.delete(actor.orgId);
    return toOrganisation(row);
  }

  async function organisationIds(): Promise<string[]> {
    return repo.findOrganisationIds(db);
  }

  /** For the command line: the organisation with this code, or the first one made. */
  async function findOrganisationByCode(code?: string): Promise<Organisation | undefined> {
    const row = await repo.findOrganisationOrFirst(db, code);
    return row && toOrganisation(row);
  }

  /** For the command line: the administrator it acts as. */
  async function firstAdmin(orgId: string): Promise<Actor | undefined> {
    const row = await repo.findFirstAdmin(db, orgId);
    return row && toActor(row);
  }

  return {
    ...createStaffDirectory(db),
    /** M1: a technician's grade and employment status over time. */
    recordGradeChange: (actor: Actor, userId: string, body: GradeChangeBody) => recordGradeChange(grades, actor, userId, body),
    gradeHistory: (actor: Actor, userId: string) => gradeHistory(grades, actor, userId),
    /** For pay: the pair in force on a day. */
    gradeOn: (orgId: string, userId: string, day: string, tx?: Db) => gradeOn(grades, orgId, userId, day, tx),
    organisationIds,
    findOrganisationByCode,
    firstAdmin,
    getOrganisation,
    createOrganisation,
    updateOrganisation,
    /** Registers a listener for changed settings (see `SettingsChangedListener`). */
    onSettingsChanged: (listener: SettingsChangedListener) => void settingsListeners.push(listener),
    createUser,
    getUser,
    findUsers,
    updateUser,
    bootstrap,
    login,
    changeOwnPassword,
    loginLocks,
    clearLoginLock,
    authenticate,
    logout,
    createApiToken,
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
