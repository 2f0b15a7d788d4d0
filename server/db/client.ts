import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { PGlite, protocol, type messages } from '@electric-sql/pglite';
import { is, Param, Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../paths';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { tidyPglite, tidyPostgres, type UpkeepDone } from './upkeep';

/** A Drizzle database or transaction; services take one so they can join a caller's transaction. */
export type Db = PgDatabase<PgQueryResultHKT>;

export type DatabaseKind = 'pglite' | 'postgresql';

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** Applies pending migrations; safe to call from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /**
   * Answers once the database answers `select 1`. On PostgreSQL through a connection of its own:
   * a health check must not queue behind a burst of requests that holds every pooled connection.
   */
  ping(): Promise<void>;
  /**
   * Calls `onNotify` with the payload of each NOTIFY on `channel`, from any process on this
   * database (on PGlite, this process is the only one). On PostgreSQL a connection of its own
   * listens; when it is lost it is made again and `onReconnect` runs, since what was announced in
   * between is lost. Answers the function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** PGlite only: the raw engine, for backups. */
  pglite?: PGlite;
  /**
   * One pass of autovacuum's analyse and vacuum where no autovacuum runs: always on PGlite, on
   * PostgreSQL only when it is turned off (`upkeep.ts`). The server runs it every few seconds.
   */
  tidy(): Promise<UpkeepDone>;
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
      tidy: () => tidyPglite(client),
      migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_DIR }),
      ping: async () => {
        await client.query('select 1');
      },
      listen: async (channel, onNotify) => {
        const stop = await client.listen(channel, onNotify);
        return async () => {
          // A closed engine has nothing left to stop.
          if (!client.closed) await stop();
        };
      },
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
  let pinger: Promise<pg.Client> | undefined;
  const ping = async () => {
    pinger ??= (async () => {
      const client = new pg.Client({ connectionString: url, application_name: 'shouhou-health' });
      client.on('error', () => {
        pinger = undefined;
      });
      await client.connect();
      return client;
    })();
    try {
      await (await pinger).query('select 1');
    } catch (error) {
      // A lost connection is made again on the next ping.
      const lost = pinger;
      pinger = undefined;
      void lost?.then((c) => c.end()).catch(() => {});
      throw error;
    }
  };
  return {
    kind: 'postgresql',
    db: db as unknown as Db,
    pool,
    ping,
    tidy: () => tidyPostgres(pool),
    listen: (channel, onNotify, onReconnect) => listenPostgres(url, channel, onNotify, onReconnect),
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
    close: async () => {
      const client = pinger;
      pinger = undefined;
      await client?.then((c) => c.end()).catch(() => {});
      await pool.end();
    },
  };
}

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries). A lost connection
 * is made again after a pause that doubles up to 30 s.
 */
async function listenPostgres(url: string, channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name ${channel}`);
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let pause = 500;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, application_name: 'shouhou-listen' });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onNotify(n.payload);
    });
    const lost = () => {
      if (stopped || client !== c) return;
      client = undefined;
      c.end().catch(() => {});
      retry = setTimeout(() => {
        connect()
          .then(() => onReconnect?.())
          .catch(lost);
      }, pause);
      pause = Math.min(pause * 2, 30_000);
    };
    c.on('error', lost);
    c.on('end', lost);
    client = c;
    await c.connect();
    await c.query(`listen ${channel}`);
    pause = 500;
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => {});
  };
}

/** Runs raw SQL and answers its rows; both drivers answer `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect({ casing: 'snake_case' });

export interface FastQueryOptions {
  /**
   * Keeps the statement prepared on each connection (PostgreSQL) or in the engine (PGlite),
   * under this label and a hash of its text: parsed and planned once, not on every call. For
   * the statements of the hottest paths, whose text takes a few shapes only.
   */
  prepare?: string;
}

/** A statement as text and parameters, for `fastQuery`. */
export interface QueryText {
  text: string;
  params: unknown[];
}

/** Builds a statement's text and parameters, numbering its parameters on from `paramOffset`. */
export function buildQuery(query: SQLWrapper, paramOffset = 0): QueryText {
  const { casing } = dialect as unknown as { casing: unknown };
  const built = query.getSQL().toQuery({
    casing: casing as never,
    escapeName: dialect.escapeName,
    escapeParam: dialect.escapeParam,
    escapeString: dialect.escapeString,
    paramStartIndex: { value: paramOffset },
  });
  return { text: built.sql, params: built.params };
}

/**
 * A statement built once with `sql.placeholder(name)` for each of its values, so that a hot path
 * does not build the same text again on every call (for an insert of forty columns that is most
 * of the cost of running it prepared): `fill` answers its parameters for a set of values.
 */
export interface CompiledStatement {
  text: string;
  /** One per parameter: the placeholder's name and how Drizzle encodes the column's values. */
  slots: { name: string; encode: (value: unknown) => unknown }[];
}

export function compileStatement(query: SQLWrapper): CompiledStatement {
  const { text, params } = buildQuery(query);
  const slots = params.map((p) => {
    if (is(p, Param) && is(p.value, Placeholder)) {
      const encoder = p.encoder as { mapToDriverValue(value: unknown): unknown };
      return { name: p.value.name, encode: (value: unknown) => encoder.mapToDriverValue(value) };
    }
    if (is(p, Placeholder)) return { name: p.name, encode: (value: unknown) => value };
    // A value fixed when the statement was built (a column default computed in JS) would be sent on every call.
    throw new Error(`compileStatement: a parameter of ${text.slice(0, 80)}… is not a placeholder`);
  });
  return { text, slots };
}

/** The parameters of a compiled statement: each value encoded as Drizzle encodes it, null as null. */
export function fillStatement(statement: CompiledStatement, valueOf: (name: string) => unknown): unknown[] {
  return statement.slots.map(({ name, encode }) => {
    const value = valueOf(name);
    return value === null || value === undefined ? null : encode(value);
  });
}

type PgClient = { query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }> };

/**
 * For the few statements on the hottest paths: runs a Drizzle-built statement on the driver's
 * own client, without Drizzle's per-query result mapping. Outside transactions only (it uses the
 * pool or the embedded engine directly); rows come back as the driver parses them.
 */
export async function fastQuery<T>(db: Db, query: SQLWrapper | QueryText, options: FastQueryOptions = {}): Promise<T[]> {
  const client = (db as unknown as { $client?: unknown }).$client;
  const built = 'text' in query;
  if (!client) {
    if (built) throw new Error('fastQuery: a statement built as text runs outside transactions only');
    return queryRows<T>(db, query.getSQL());
  }
  const { text, params } = built ? query : buildQuery(query);
  if (client instanceof PGlite) {
    return (options.prepare ? await pglitePrepared(client, options.prepare, text, params) : (await client.query(text, params)).rows) as T[];
  }
  const name = options.prepare ? statementName(options.prepare, text) : undefined;
  return (await (client as PgClient).query({ ...(name ? { name } : {}), text, values: params })).rows as T[];
}

/** Names of prepared statements by text: the same text always gets the same name, in every connection. */
const statementNames = new Map<string, string>();

function statementName(label: string, text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    if (statementNames.size >= 1_000) statementNames.clear();
    name = `${label.replace(/[^a-z0-9_]/gi, '_').slice(0, 30)}_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

interface PglitePrepared {
  name: string;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

const pglitePrepareds = new WeakMap<PGlite, Map<string, PglitePrepared>>();

function concatMessages(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * A prepared statement on PGlite, which its `query` API does not offer: the statement is parsed
 * and described once, by name; each call then binds, executes and syncs in one message to the
 * engine, values and results converted the way `query` converts them. It waits for the same
 * locks `query` waits for, so it never runs inside someone else's transaction.
 */
async function pglitePrepared(client: PGlite, label: string, text: string, params: unknown[]): Promise<unknown[]> {
  const { serialize } = protocol;
  await client._checkReady();
  return client._runExclusiveTransaction(() =>
    client._runExclusiveQuery(async () => {
      let statements = pglitePrepareds.get(client);
      if (!statements) pglitePrepareds.set(client, (statements = new Map()));
      let statement = statements.get(text);
      if (!statement) {
        const name = statementName(label, text);
        const described = await client.execProtocolStream(
          concatMessages([serialize.parse({ name, text, types: [] }), serialize.describe({ type: 'S', name }), serialize.sync()]),
          { syncToFs: false },
        );
        const parameters = described.find((m): m is messages.ParameterDescriptionMessage => m.name === 'parameterDescription');
        const row = described.find((m): m is messages.RowDescriptionMessage => m.name === 'rowDescription');
        statement = { name, paramTypes: parameters?.dataTypeIDs ?? [], fields: row?.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) ?? [] };
        statements.set(text, statement);
      }
      const { serializers, parsers } = client as unknown as { serializers: Record<number, (v: unknown) => string>; parsers: Record<number, (v: string, t: number) => unknown> };
      const values = params.map((value, i) => {
        if (value === null || value === undefined) return null;
        const serializer = serializers[statement.paramTypes[i]!];
        return serializer ? serializer(value) : String(value);
      });
      const result = await client.execProtocolStream(
        concatMessages([serialize.bind({ statement: statement.name, values }), serialize.execute({}), serialize.sync()]),
        { syncToFs: false },
      );
      await client.syncToFs();
      const { fields } = statement;
      const rows: Record<string, unknown>[] = [];
      for (const message of result) {
        if (message.name !== 'dataRow') continue;
        const row: Record<string, unknown> = {};
        (message as messages.DataRowMessage).fields.forEach((value, i) => {
          const field = fields[i]!;
          const parser = parsers[field.dataTypeID];
          row[field.name] = value === null ? null : parser ? parser(value, field.dataTypeID) : value;
        });
        rows.push(row);
      }
      return rows;
    }),
  );
}
