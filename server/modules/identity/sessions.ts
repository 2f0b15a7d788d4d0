import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../errors';
import { forgetSessionsOf, SESSION_CACHE_MS, type IdentityDeps } from './identity.deps';
import * as repo from './identity.repository';
import { toActor } from './identity-views';
import type { AccountRef } from './login-throttle';
import { assertAcceptablePassword } from './password-policy';
import { hashPassword, newToken, tokenHash, verifyPassword } from './passwords';
import type { Actor } from './principal';

/** Organisations one username may be signed in to without naming the organisation. */
const MAX_LOGIN_CANDIDATES = 8;

/** Signing in and out, sessions and API tokens, and the sign-in throttle's locks (S3, S15, S19). */

/**
 * Signs in (S3, S15, S19). Without an organisation code, the password is checked against
 * every account with that username, all at once (so the answer takes about as long however
 * many there are), and the organisation is asked for only when the password fits more than
 * one: a wrong password answers INVALID_CREDENTIALS whether or not the name is shared.
 */
export async function login(deps: IdentityDeps, input: { username: string; password: string; organisation?: string | undefined; ip: string }) {
  const now = deps.clock();
  const username = input.username.trim();
  const code = input.organisation?.trim();
  let candidates: repo.UserRow[];
  let orgHint: string | null = null;
  if (code) {
    const org = await repo.findOrganisationByCode(deps.db, code);
    orgHint = org?.id ?? null;
    const user = org ? await repo.findUserByUsername(deps.db, org.id, username) : undefined;
    candidates = user ? [user] : [];
  } else {
    candidates = await repo.findUsersByUsername(deps.db, username, MAX_LOGIN_CANDIDATES);
  }
  const accounts: AccountRef[] = candidates.length ? candidates.map((c) => ({ orgId: c.orgId, username: c.username })) : [{ orgId: orgHint, username }];
  const reservation = await deps.throttle.reserve(accounts, input.ip, now).catch(async (error: unknown) => {
    await repo.recordLoginAttempt(deps.db, { id: uuidv7(), username, ip: input.ip, succeeded: false, at: now });
    throw error;
  });
  if (reservation.delayMs > 0) await deps.pause(reservation.delayMs);
  const checks = candidates.length ? candidates.map((c) => verifyPassword(c.active ? c.passwordHash : null, input.password)) : [verifyPassword(null, input.password)];
  const results = await Promise.all(checks);
  const matched = candidates.filter((_, i) => results[i]);
  await repo.recordLoginAttempt(deps.db, { id: uuidv7(), username, ip: input.ip, succeeded: matched.length === 1, at: now });
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
  const expiresAt = new Date(now.getTime() + deps.sessionHours * 3_600_000);
  await repo.insertSession(deps.db, {
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
 * the same deps.throttle as a sign-in, so a stolen session cannot be used to guess it; every
 * other session and API token of the user ends, the one making the change stays.
 */
export async function changeOwnPassword(deps: IdentityDeps, actor: Actor, input: { currentPassword: string; newPassword: string; ip: string; keepToken: string | undefined }): Promise<void> {
  const now = deps.clock();
  const row = await repo.findUser(deps.db, actor.orgId, actor.userId);
  if (!row) throw notFound();
  const account = { orgId: row.orgId, username: row.username };
  const reservation = await deps.throttle.reserve([account], input.ip, now);
  if (reservation.delayMs > 0) await deps.pause(reservation.delayMs);
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    await reservation.failed();
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'body.currentPassword', code: 'wrong_password', message: 'errors.detail.wrongCurrentPassword' }],
    });
  }
  await reservation.succeeded(account);
  assertAcceptablePassword(input.newPassword, row.username, 'body.newPassword');
  await repo.updateUser(deps.db, actor.orgId, actor.userId, null, { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false });
  const keep = input.keepToken ? tokenHash(input.keepToken) : undefined;
  await repo.revokeUserSessions(deps.db, actor.orgId, actor.userId, now, keep);
  // The kept session is forgotten too: its cached sign-in still says a new password is due.
  forgetSessionsOf(deps, actor.orgId, actor.userId);
}

/** Sign-in locks that concern the administrator's organisation (S3). */
export async function loginLocks(deps: IdentityDeps, actor: Actor) {
  return { items: await deps.throttle.locksOf(actor.orgId, deps.clock()) };
}

export async function clearLoginLock(deps: IdentityDeps, actor: Actor, id: string): Promise<void> {
  await deps.throttle.clear(actor.orgId, id, deps.clock());
}

/** The actor a token stands for, or null when it is unknown, expired, revoked or its user inactive. */
export async function authenticate(deps: IdentityDeps, token: string): Promise<Actor | null> {
  const hash = tokenHash(token);
  const now = deps.clock();
  const hit = deps.sessionCache.get(hash);
  if (hit && hit.until > Date.now() && (hit.expiresAt === null || hit.expiresAt > now.getTime())) return hit.actor;
  const found = await repo.findLiveSession(deps.db, hash, now);
  if (!found) {
    deps.sessionCache.delete(hash);
    return null;
  }
  const actor = toActor(found.user);
  if (deps.sessionCache.size > 10_000) deps.sessionCache.clear();
  deps.sessionCache.set(hash, { actor, expiresAt: found.session.expiresAt?.getTime() ?? null, until: Date.now() + SESSION_CACHE_MS });
  return actor;
}

export async function logout(deps: IdentityDeps, token: string): Promise<void> {
  const hash = tokenHash(token);
  deps.sessionCache.delete(hash);
  await repo.revokeSession(deps.db, hash, deps.clock());
}

export async function createApiToken(deps: IdentityDeps, actor: Actor, label: string, expiresInDays?: number) {
  const token = newToken();
  const now = deps.clock();
  await repo.insertSession(deps.db, {
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
