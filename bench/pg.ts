/** PostgreSQL side of the harness: scratch databases, pgbench, and raw SQL for seeding. */
import { spawn } from 'node:child_process';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Sql } from './seed';

/** The maintenance connection; scratch databases are created next to it. */
export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: 'shouhou-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

const safeName = (name: string) => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  return name;
};

export async function createDatabase(name: string): Promise<void> {
  await withClient(ADMIN_URL, async (c) => {
    await c.query(`drop database if exists ${safeName(name)} with (force)`);
    await c.query(`create database ${safeName(name)}`);
  });
}

export async function dropDatabase(name: string): Promise<void> {
  await withClient(ADMIN_URL, (c) => c.query(`drop database if exists ${safeName(name)} with (force)`));
}

export async function serverInfo(): Promise<{ version: string; settings: Record<string, string> }> {
  return withClient(ADMIN_URL, async (c) => {
    const version = (await c.query<{ v: string }>('select version() as v')).rows[0]!.v;
    const rows = (
      await c.query<{ name: string; setting: string; unit: string | null }>(
        `select name, setting, unit from pg_settings where name in
          ('shared_buffers','synchronous_commit','fsync','max_connections','work_mem','autovacuum','effective_cache_size','jit','random_page_cost')`,
      )
    ).rows;
    const settings = Object.fromEntries(rows.map((r) => [r.name, r.unit ? `${r.setting} × ${r.unit}` : r.setting]));
    return { version, settings };
  });
}

export function pgRunner(client: pg.ClientBase): Sql {
  return {
    kind: 'postgresql',
    query: async <T>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as T[],
    exec: async (text: string) => {
      await client.query(text);
    },
  };
}

export function pgliteRunner(db: PGlite): Sql {
  return {
    kind: 'pglite',
    query: async <T>(text: string, params?: unknown[]) => (await db.query<T>(text, params)).rows,
    exec: async (text: string) => {
      await db.exec(text);
    },
  };
}

function pgEnv(database: string): NodeJS.ProcessEnv {
  const url = new URL(urlFor(database));
  return {
    ...process.env,
    PGHOST: url.hostname,
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username || 'postgres'),
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    PGDATABASE: database,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${out}`))));
  });
}

export interface PgbenchResult {
  tps: number;
  /** CPU seconds of the pgbench client itself (user + system). */
  clientCpuSeconds: number;
  latencyAvgMs: number;
  transactions: number;
  clients: number;
  threads: number;
  seconds: number;
  scale: number;
  output: string;
}

/** pgbench's built-in TPC-B-like script, on a scratch database initialised at `scale`. */
export async function runPgbench(database: string, opts: { clients: number; threads: number; seconds: number; scale: number }): Promise<PgbenchResult> {
  const env = pgEnv(database);
  await run('pgbench', ['-i', '-q', '-s', String(opts.scale)], env);
  // Through bash's `time`, so that the client's own CPU is known: it shares the cores too.
  const output = await run(
    'bash',
    ['-c', `TIMEFORMAT='pgbench client cpu: %U %S'; time pgbench -c ${opts.clients} -j ${opts.threads} -T ${opts.seconds} -M prepared`],
    env,
  );
  const cpu = /pgbench client cpu: ([\d.]+) ([\d.]+)/.exec(output);
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1];
  const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
  const transactions = /number of transactions actually processed: (\d+)/.exec(output)?.[1];
  if (!tps) throw new Error(`could not read pgbench's tps:\n${output}`);
  return {
    tps: Number(tps),
    clientCpuSeconds: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
    latencyAvgMs: Number(latency ?? NaN),
    transactions: Number(transactions ?? NaN),
    clients: opts.clients,
    threads: opts.threads,
    seconds: opts.seconds,
    scale: opts.scale,
    output,
  };
}
