import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import { createHarness, type Harness } from '../../test/harness';
import { claimIdempotencyKey, requestHash } from './idempotency';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const claim = (over: Partial<Parameters<typeof claimIdempotencyKey>[1]> = {}) =>
  h.database.db.transaction((tx) =>
    claimIdempotencyKey(tx, { orgId: h.orgId, scope: 'tickets.create', key: 'k-1', userId: h.admin.userId, requestHash: requestHash({ a: 1 }), resourceId: uuidv7(), ...over }),
  );

describe('idempotency keys', () => {
  it('hashes the same body the same whatever the key order', () => {
    expect(requestHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(requestHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(requestHash({ a: 1 })).not.toBe(requestHash({ a: 2 }));
    expect(requestHash({ list: [1, 2] })).not.toBe(requestHash({ list: [2, 1] }));
  });

  it('answers the first request’s resource to a retry, and refuses the key with another body', async () => {
    const first = uuidv7();
    expect(await claim({ key: 'retry', resourceId: first })).toBeNull();
    expect(await claim({ key: 'retry' })).toBe(first);
    await expect(claim({ key: 'retry', requestHash: requestHash({ a: 2 }) })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('keeps a key to the user who sent it', async () => {
    const other = await h.actorWithRole('hotline_agent');
    const first = uuidv7();
    expect(await claim({ key: 'shared', resourceId: first })).toBeNull();
    const error = await claim({ key: 'shared', userId: other.userId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('keeps a key to its scope', async () => {
    const ticket = uuidv7();
    expect(await claim({ key: 'scoped', resourceId: ticket })).toBeNull();
    expect(await claim({ key: 'scoped', scope: 'customers.create' })).toBeNull();
    expect(await claim({ key: 'scoped' })).toBe(ticket);
  });

  it('forgets a key whose transaction rolled back', async () => {
    await expect(
      h.database.db.transaction(async (tx) => {
        await claimIdempotencyKey(tx, { orgId: h.orgId, scope: 'tickets.create', key: 'rolled-back', userId: h.admin.userId, requestHash: requestHash({ a: 1 }), resourceId: uuidv7() });
        throw new Error('the create failed');
      }),
    ).rejects.toThrow('the create failed');
    expect(await claim({ key: 'rolled-back' })).toBeNull();
  });
});
