import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';
import { incrementSequence } from './platform.repository';

/** The numbers of a day this process drew and has not handed out yet. */
interface Block {
  day: string;
  next: number;
  end: number;
  /** How many the next draw takes. */
  size: number;
  drawnAt: number;
  drawing?: Promise<void> | undefined;
}

/** A draw used up faster than this means a busy counter: the next one takes twice as many. */
const BUSY_MS = 1_000;
/** A draw that lasted longer than this means a quiet one: the next takes half as many. */
const QUIET_MS = 10_000;
const MAX_BLOCK = 64;

/** Per database handle (a process has one; tests have one per file), per organisation, prefix and day. */
const blocksByDb = new WeakMap<object, Map<string, Block>>();

function blockFor(db: Db, orgId: string, prefix: string, day: string): Block {
  let blocks = blocksByDb.get(db);
  if (!blocks) blocksByDb.set(db, (blocks = new Map()));
  const key = `${orgId}\u0000${prefix}\u0000${day}`;
  let block = blocks.get(key);
  if (!block) {
    // Days long gone (and what was left of their blocks) are forgotten.
    if (blocks.size >= 64) {
      const stale = performance.now() - 10 * 60_000;
      for (const [k, b] of blocks) if (b.drawnAt < stale && !b.drawing) blocks.delete(k);
    }
    block = { day, next: 1, end: 0, size: 1, drawnAt: 0 };
    blocks.set(key, block);
  }
  return block;
}

async function draw(db: Db, orgId: string, prefix: string, block: Block) {
  const sinceLast = performance.now() - block.drawnAt;
  if (block.drawnAt && sinceLast < BUSY_MS) block.size = Math.min(block.size * 2, MAX_BLOCK);
  else if (sinceLast > QUIET_MS) block.size = Math.max(Math.floor(block.size / 2), 1);
  const size = block.size;
  const last = await incrementSequence(db, orgId, prefix, block.day, size);
  block.next = last - size + 1;
  block.end = last;
  block.drawnAt = performance.now();
}

/**
 * Takes the next readable number for a prefix and day (`BX-20261127-0001`'s 1). Every number
 * is unique for its organisation, prefix and day, whichever server process takes it.
 *
 * The day's counter row is shared by every intake of the organisation, so a process does not
 * count it up by one for each ticket: it takes a block of numbers with one statement and hands
 * them out itself. The block is one number while intake is quiet (the numbers then go up one by
 * one, with no gaps, as if there were no blocks) and doubles, up to 64, while each block is used
 * up within a second. What that costs: numbers a process drew but did not hand out before it
 * stopped, or before the day ended, are skipped; with several server processes, numbers are
 * unique but not in the order the tickets came in. As before, a number taken by a create that
 * then fails is skipped, never reused.
 *
 * Inside a transaction the counter is counted up by one, as part of it: a block drawn in a
 * transaction that then rolls back would be handed out again by the database.
 */
export async function nextNumber(db: Db, orgId: string, prefix: string, day: string): Promise<number> {
  if (is(db, PgTransaction)) return incrementSequence(db, orgId, prefix, day, 1);
  const block = blockFor(db, orgId, prefix, day);
  for (;;) {
    if (block.next <= block.end) return block.next++;
    block.drawing ??= draw(db, orgId, prefix, block).finally(() => {
      block.drawing = undefined;
    });
    await block.drawing;
  }
}
