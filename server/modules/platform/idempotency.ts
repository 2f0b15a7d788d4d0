import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import * as repo from './platform.repository';

/** A stable hash of a request body: the same body in any key order hashes the same. */
export function requestHash(body: unknown): string {
  const canonical = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(canonical);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.keys(value)
          .sort()
          .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
      );
    }
    return value;
  };
  return createHash('sha256').update(JSON.stringify(canonical(body))).digest('hex');
}

export interface IdempotentClaim {
  orgId: string;
  scope: string;
  key: string;
  userId: string;
  requestHash: string;
  /** The id the new record will have: stored with the key, in the same transaction. */
  resourceId: string;
}

const keyRow = (claim: IdempotentClaim): repo.IdempotencyKeyInsert => ({
  orgId: claim.orgId,
  key: claim.key,
  scope: claim.scope,
  userId: claim.userId,
  requestHash: claim.requestHash,
  resourceId: claim.resourceId,
});

/**
 * Claims a key inside the create's transaction. Returns the id of what an earlier request
 * with the same key made, or null when this request is the first. A concurrent first request
 * makes this one wait for its commit (the unique key), so two never both create.
 */
export async function claimIdempotencyKey(tx: Db, claim: IdempotentClaim): Promise<string | null> {
  if (await repo.insertKeyIfAbsent(tx, keyRow(claim))) return null;
  const existing = await repo.findKey(tx, claim.orgId, claim.scope, claim.key);
  // The row is visible only once its transaction committed, and it is written with its id.
  if (!existing?.resourceId) throw new AppError('SERVICE_UNAVAILABLE');
  // A key is one client's: another user sending the same key and body must not be handed what the first made.
  if (existing.requestHash !== claim.requestHash || existing.userId !== claim.userId) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return existing.resourceId;
}

/**
 * For creates that write in one statement: what an earlier request with this key made, or null.
 * The statement then inserts `idempotencyInsert(claim)`; a concurrent duplicate makes it fail on
 * the key (see `isIdempotencyConflict`), and the caller looks again.
 */
export async function findIdempotentResource(db: Db, claim: Omit<IdempotentClaim, 'resourceId'>): Promise<string | null> {
  const existing = await repo.findKeyFast(db, claim.orgId, claim.scope, claim.key);
  if (!existing) return null;
  if (existing.request_hash !== claim.requestHash || existing.user_id !== claim.userId) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return existing.resource_id;
}

/** What an earlier request left under a key, as `idempotencyLookup` answers it. */
export interface EarlierRequest {
  requestHash: string;
  userId: string;
  resourceId: string | null;
}

/**
 * The look-up of `findIdempotentResource` as a scalar subquery (a JSON object, or null), for a
 * create that reads what it needs in one statement: pass what it answers to `earlierResource`.
 */
export function idempotencyLookup(claim: Omit<IdempotentClaim, 'resourceId'>): SQL {
  return repo.keyLookup(claim.orgId, claim.scope, claim.key);
}

/** `findIdempotentResource`'s answer from what `idempotencyLookup` found. */
export function earlierResource(found: EarlierRequest | null, claim: Omit<IdempotentClaim, 'resourceId'>): string | null {
  if (!found) return null;
  if (found.requestHash !== claim.requestHash || found.userId !== claim.userId) throw new AppError('IDEMPOTENCY_KEY_REUSED');
  return found.resourceId;
}

/** The key's row, unexecuted, for the statement that writes the record with it. */
export function idempotencyInsert(db: Db, claim: IdempotentClaim) {
  return repo.keyInsert(db, keyRow(claim));
}

/** The unique key of `idempotency_keys` refused a row: someone made the same request at the same time. */
export function isIdempotencyConflict(error: unknown): boolean {
  let e: unknown = error;
  for (let depth = 0; e && depth < 4; depth++) {
    const c = e as { code?: string; constraint?: string; table?: string; message?: string };
    if (c.code === '23505') return (c.constraint ?? c.message ?? '').includes('idempotency_keys');
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
