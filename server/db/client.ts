import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SQL, SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../paths';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';

/** A Drizzle database or transaction; services take one so they can join a caller's transaction. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the raw engine, for backups. */
  pglite?: PGlite;
  /** PostgreSQL only: the pool, for backups and benchmarks. */
  pool?: pg.Pool;
}

const INT8_OID = 20;

/**
 * pg returns int8 (bigint columns, count(*)) as strings, PGlite as numbers. This is the one
 * place where that is made the same: numbers, which are exact up to 2^53 (90 trillion yuan in
 * fen), and an error beyond rather than a silently wrong amount.
 */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} is beyond the safe integer range`);
  return n;
}

const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Arbitrary but fixed: the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK_KEY = 7_432_001;

export interface OpenOptions {
  /** A PostgreSQL URL; without one, embedded PGlite in `dataDir`. */
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files; `undefined` with no URL means in memory (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
  /** A PGlite data directory image to start from (tests clone a migrated template). */
  loadDataDir?: Blob | File;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 20);
  return openPglite(options.dataDir, options.loadDataDir);
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob | File): Promise<Database> {
  let lock: DataDirLock | undefined;
  if (dataDir) lock = acquireDataDirLock(dataDir);
  try {
    const client = await PGlite.create({
      ...(dataDir ? { dataDir: join(dataDir, 'pgdata') } : {}),
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    const db = drizzlePglite({ client, casing: 'snake_case' });
    return {
      kind: 'pglite',
      db: db as unknown as Db,
      pglite: client,
      migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_DIR }),
      close: async () => {
        await client.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // JIT off: the server's queries are short, and a misestimated search (a bitmap scan the planner
  // thinks costly) spent 20 ms of 40 compiling expressions at 10 M tickets (docs/benchmarks.md).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: pgTypes, application_name: 'shouhou', options: '-c jit=off' });
  // An idle client that loses its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = drizzlePg({ client: pool, casing: 'snake_case' });
  return {
    kind: 'postgresql',
    db: db as unknown as Db,
    pool,
    migrate: async () => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg({ client, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Runs raw SQL and answers its rows; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect({ casing: 'snake_case' });

/**
 * For the few statements on the hottest paths: runs a Drizzle-built statement on the driver's
 * own client, without Drizzle's per-query result mapping. Outside transactions only (it uses the
 * pool or the embedded engine directly); rows come back as the driver parses them.
 */
export async function fastQuery<T>(db: Db, query: SQLWrapper): Promise<T[]> {
  const client = (db as unknown as { $client?: { query(text: string, params: unknown[]): Promise<{ rows: T[] }> } }).$client;
  const { sql: text, params } = dialect.sqlToQuery(query.getSQL());
  if (!client) return queryRows<T>(db, query.getSQL());
  return (await client.query(text, params)).rows;
}
