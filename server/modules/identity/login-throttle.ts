import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client';
import { AppError, notFound } from '../../errors';
import * as repo from './identity.repository';

/**
 * Sign-in throttling (S3, S15). Three counts of failed sign-ins within a window:
 *
 * - per client address, over every account: past its limit the address is refused (429);
 * - per account at an address: past the account limit that address is refused for that
 *   account, even with the right password, so one address cannot keep guessing;
 * - per account (organisation and username): past its limit sign-ins to it are slowed down,
 *   each further failure doubling the delay, but never refused, so nobody can lock the
 *   owner (or the administrator) out from another address.
 *
 * Each attempt takes its place in the counts before the password is checked (one atomic
 * upsert per count), so parallel bursts get exactly the limit and no more. A success gives
 * back its own place at the address and clears the account's counts; it does not reset the
 * address's count, so signing in to one's own account between guesses gains nothing.
 */
export interface ThrottleLimits {
  accountFailures: number;
  addressFailures: number;
  windowMinutes: number;
  delayMs: number;
  maxDelayMs: number;
}

/** An account as the counts know it: the organisation is null for a username no one has. */
export interface AccountRef {
  orgId: string | null;
  username: string;
}

export type LockKind = 'account' | 'address' | 'account_address';

export interface LoginLock {
  id: string;
  kind: LockKind;
  username: string | null;
  ip: string | null;
  failures: number;
  /** What the lock does now: sign-ins slowed, or refused from this address. */
  effect: 'slowed' | 'refused';
  lastFailureAt: Date;
  /** When the window ends and the count starts again. */
  until: Date;
}

const accountKey = (a: AccountRef) => `account|${a.orgId ?? '-'}|${a.username}`;
const addressKey = (ip: string) => `address|${ip}`;
const pairKey = (a: AccountRef, ip: string) => `account_address|${a.orgId ?? '-'}|${a.username}|${ip}`;

/** A reservation of one attempt in every count it touches, to be settled once the password is checked. */
export interface Reservation {
  /** How long to wait before checking the password. */
  delayMs: number;
  /** The attempt failed: its places stay counted. */
  failed(): Promise<void>;
  /** The password was right for `account` (or, with null, right but the account is still unchosen). */
  succeeded(account: AccountRef | null): Promise<void>;
}

const PRUNE_EVERY_MS = 60_000;

export function createLoginThrottle(db: Db, limits: ThrottleLimits) {
  const windowMs = limits.windowMinutes * 60_000;
  let prunedAt = 0;

  async function prune(now: Date) {
    if (now.getTime() - prunedAt < PRUNE_EVERY_MS && now.getTime() >= prunedAt) return;
    prunedAt = now.getTime();
    await repo.pruneThrottles(db, new Date(now.getTime() - windowMs));
  }

  /**
   * Counts an attempt against `accounts` from `ip`. Refuses it (TOO_MANY_ATTEMPTS) when the
   * address, or any of the accounts at this address, is past its limit; otherwise answers the
   * delay the accounts' counts call for.
   */
  async function reserve(accounts: AccountRef[], ip: string, now: Date): Promise<Reservation> {
    await prune(now);
    const since = new Date(now.getTime() - windowMs);
    const take = (key: string, kind: LockKind, account: AccountRef | null) =>
      repo.reserveThrottle(db, { key, id: uuidv7(), kind, orgId: account?.orgId ?? null, username: account?.username ?? null, ip: kind === 'account' ? null : ip }, now, since);
    const address = await take(addressKey(ip), 'address', null);
    const pairs = await Promise.all(accounts.map((a) => take(pairKey(a, ip), 'account_address', a)));
    if (address > limits.addressFailures || pairs.some((n) => n > limits.accountFailures)) {
      throw new AppError('TOO_MANY_ATTEMPTS', { detail: 'errors.detail.tooManyAttempts', params: { minutes: limits.windowMinutes } });
    }
    // Only attempts that will be checked count against the account itself.
    const counts = await Promise.all(accounts.map((a) => take(accountKey(a), 'account', a)));
    const over = Math.max(0, ...counts) - limits.accountFailures;
    const delayMs = over > 0 ? Math.min(limits.delayMs * 2 ** Math.min(over - 1, 20), limits.maxDelayMs) : 0;
    const placed = [addressKey(ip), ...accounts.flatMap((a) => [pairKey(a, ip), accountKey(a)])];
    return {
      delayMs,
      failed: async () => {},
      succeeded: async (account) => {
        if (!account) return repo.refundThrottles(db, placed);
        // The account proved itself: its counts start again. Everything else gets its place back.
        const cleared = [accountKey(account), pairKey(account, ip)];
        await repo.deleteThrottles(db, cleared);
        await repo.refundThrottles(db, placed.filter((k) => !cleared.includes(k)));
      },
    };
  }

  function toLock(row: repo.ThrottleRow): LoginLock {
    const kind = row.kind as LockKind;
    return {
      id: row.id,
      kind,
      username: row.username,
      ip: row.ip,
      failures: row.failures,
      effect: kind === 'account' ? 'slowed' : 'refused',
      lastFailureAt: row.lastFailureAt,
      until: new Date(row.windowStartedAt.getTime() + windowMs),
    };
  }

  /** The locks an organisation's administrator sees: its accounts, and the addresses that failed them. */
  async function locksOf(orgId: string, now: Date): Promise<LoginLock[]> {
    const since = new Date(now.getTime() - windowMs);
    const rows = await repo.findThrottleLocks(db, orgId, since, { account: limits.accountFailures, address: limits.addressFailures });
    return rows.map(toLock);
  }

  async function clear(orgId: string, id: string, now: Date): Promise<void> {
    const visible = await locksOf(orgId, now);
    const row = visible.find((l) => l.id === id) ? await repo.findThrottleById(db, id) : undefined;
    if (!row) throw notFound();
    await repo.clearThrottle(db, orgId, row);
  }

  return { reserve, locksOf, clear };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
