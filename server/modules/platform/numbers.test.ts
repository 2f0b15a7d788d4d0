import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Db } from '../../db/client';
import { createHarness, type Harness } from '../../test/harness';
import { nextNumber } from './numbers';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Another server process on the same database: its own handle, so its own blocks of numbers. */
function anotherProcess(): Db {
  const { pglite, pool } = h.database;
  return (pglite ? drizzlePglite({ client: pglite, casing: 'snake_case' }) : drizzlePg({ client: pool!, casing: 'snake_case' })) as unknown as Db;
}

const counter = async (prefix: string, day: string) =>
  (await queryRows<{ last: number }>(h.database.db, sql`select last from number_sequences where org_id = ${h.orgId} and prefix = ${prefix} and day = ${day}`))[0]?.last;

describe('readable numbers', () => {
  it('go up one by one from 1, per prefix and per day', async () => {
    const { db } = h.database;
    const taken = [];
    for (let i = 0; i < 5; i++) taken.push(await nextNumber(db, h.orgId, 'SEQ', '2026-11-27'));
    expect(taken).toEqual([1, 2, 3, 4, 5]);
    expect(await nextNumber(db, h.orgId, 'SEQ', '2026-11-28')).toBe(1);
    expect(await nextNumber(db, h.orgId, 'OTHER', '2026-11-27')).toBe(1);
    expect(await nextNumber(db, h.orgId, 'SEQ', '2026-11-27')).toBe(6);
  });

  it('are unique under concurrent intakes in several processes, and the counter stays ahead of every number handed out', async () => {
    const processes = [h.database.db, anotherProcess(), anotherProcess()];
    const taken = await Promise.all(Array.from({ length: 300 }, (_, i) => nextNumber(processes[i % 3]!, h.orgId, 'BUSY', '2026-11-27')));
    expect(new Set(taken).size).toBe(300);
    expect(Math.min(...taken)).toBe(1);
    // Blocks grow while busy, so fewer statements than numbers; what a block has left is the documented gap.
    expect(await counter('BUSY', '2026-11-27')).toBeGreaterThanOrEqual(Math.max(...taken));
    expect(await counter('BUSY', '2026-11-27')).toBeLessThan(300 + 3 * 64);
  });

  it('inside a transaction count the row up by one, as part of it', async () => {
    const { db } = h.database;
    await db
      .transaction(async (tx) => {
        expect(await nextNumber(tx, h.orgId, 'TX', '2026-11-27')).toBe(1);
        expect(await nextNumber(tx, h.orgId, 'TX', '2026-11-27')).toBe(2);
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await counter('TX', '2026-11-27')).toBeUndefined();
    expect(await nextNumber(db, h.orgId, 'TX', '2026-11-27')).toBe(1);
  });
});
