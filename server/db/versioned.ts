import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { notFound, versionConflict } from '../errors';
import type { Db } from './client';

/** A table whose rows carry an optimistic-concurrency `version`. */
type VersionedTable = PgTable & { version: PgColumn };

/** What a change at a version found: the row as saved, no such row, or a row that moved on. */
export type Saved<Row> = { row: Row } | { missing: true } | { stale: number };

/**
 * Applies `changes` to the row `where` selects only if it is still at `version` (`null`: at
 * whatever version it has, for changes that need no If-Match), and moves the version on. When nothing was updated, one more read tells a missing row from a stale one,
 * with the version the row has now, so every caller answers NOT_FOUND and VERSION_CONFLICT the
 * same way. Every versioned update in the server goes through here.
 */
export async function updateAtVersion<T extends VersionedTable>(
  db: Db,
  table: T,
  where: SQL | undefined,
  version: number | null,
  changes: PgUpdateSetSource<T>,
  /** How many changes this write stands for: the version moves on by as many (one by default). */
  steps = 1,
): Promise<Saved<T['$inferSelect']>> {
  const versionColumn = table.version;
  const rows = (await db
    .update(table)
    .set({ ...changes, version: sql`${versionColumn} + ${steps}` } as PgUpdateSetSource<T>)
    .where(version === null ? where : and(where, eq(versionColumn, version)))
    .returning()) as T['$inferSelect'][];
  if (rows[0]) return { row: rows[0] };
  const [current] = (await db.select({ version: versionColumn }).from(table as PgTable).where(where)) as { version: number }[];
  return current ? { stale: current.version } : { missing: true };
}

/** The saved row, or the error its absence means: NOT_FOUND, or VERSION_CONFLICT with the current version. */
export function savedOrThrow<Row>(saved: Saved<Row>, given: number | null): Row {
  if ('row' in saved) return saved.row;
  if ('missing' in saved) throw notFound();
  throw versionConflict(saved.stale, given ?? undefined);
}
