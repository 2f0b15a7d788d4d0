/**
 * Where the time went during a measured window. On two shared cores a rate means little
 * without knowing who had the CPU: the server, PostgreSQL, the load generator, or someone
 * else's tests. And on PostgreSQL, sampling what the server's connections wait on tells a
 * lock queue from a busy CPU.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';

// Linux reports process times in clock ticks; 100 per second on every distribution we run on.
const TICKS = 100;

function procTicks(pid: number | string, children = true): { ticks: number; comm: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    // Fields after the command: utime, stime, cutime, cstime are the 12th to 15th. Reaped
    // children count for the server (none expected), not for the postmaster (every backend).
    const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
    return { ticks, comm };
  } catch {
    return undefined;
  }
}

/** A backend's process title names its client (`127.0.0.1(5432)`, `[local]`); auxiliary processes' titles do not. */
const CLIENT = /\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]|[0-9a-f:]+\(\d+\)/;

/**
 * CPU of the PostgreSQL processes that work for `database`: its backends plus the shared
 * ones (WAL writer, checkpointer…). Backends of other databases (other people's tests on the
 * same server) are left out and show up under `others`.
 */
function postgresProcesses(database: string | undefined): { pid: string; ticks: number }[] {
  const out: { pid: string; ticks: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = procTicks(entry, false);
    if (!p || (p.comm !== 'postgres' && !p.comm.startsWith('postgres:'))) continue;
    if (database) {
      let title = '';
      try {
        title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      } catch {
        continue;
      }
      if (CLIENT.test(title) && !title.split(' ').includes(database)) continue;
    }
    out.push({ pid: entry, ticks: p.ticks });
  }
  return out;
}

function postgresTicks(database: string | undefined): number {
  return postgresProcesses(database).reduce((sum, p) => sum + p.ticks, 0);
}

/**
 * PostgreSQL CPU for `database` over a stretch in which its backends come and go (pgbench's
 * exit with it, and an exited backend's CPU is no longer anywhere to read): polls every
 * process and keeps the last reading of each.
 */
export function trackPostgres(database: string, everyMs = 250) {
  const first = new Map<string, number>();
  const last = new Map<string, number>();
  let initial = true;
  const poll = () => {
    for (const { pid, ticks } of postgresProcesses(database)) {
      if (!first.has(pid)) first.set(pid, initial ? ticks : 0);
      last.set(pid, ticks);
    }
    initial = false;
  };
  poll();
  const startedAt = performance.now();
  const startMachine = machineTicks();
  const timer = setInterval(poll, everyMs);
  return {
    /** Average cores busy in PostgreSQL for `database` and on the whole machine. */
    stop(): { postgres: number; machine: number; seconds: number } {
      poll();
      clearInterval(timer);
      let ticks = 0;
      for (const [pid, t] of last) ticks += t - (first.get(pid) ?? 0);
      const seconds = (performance.now() - startedAt) / 1000;
      const m = machineTicks();
      const machine = ((m.busy - startMachine.busy) / Math.max(1, m.total - startMachine.total)) * cpus().length;
      return { postgres: ticks / TICKS / seconds, machine, seconds };
    },
  };
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.reduce((s, x) => s + x, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  at: number;
  server: number;
  postgres: number;
  self: number;
  machine: { busy: number; total: number };
}

export function cpuSnapshot(serverPid: number, database?: string): CpuSnapshot {
  const usage = process.cpuUsage();
  return {
    at: performance.now(),
    server: procTicks(serverPid)?.ticks ?? 0,
    postgres: database ? postgresTicks(database) : 0,
    self: (usage.user + usage.system) / 1e6,
    machine: machineTicks(),
  };
}

/** Average cores busy in each party over the window; `others` is everyone not in this benchmark. */
export interface CpuShare {
  server: number;
  postgres: number;
  loadGenerator: number;
  others: number;
  machine: number;
}

export function cpuShare(a: CpuSnapshot, b: CpuSnapshot): CpuShare {
  const seconds = (b.at - a.at) / 1000;
  const server = (b.server - a.server) / TICKS / seconds;
  const postgres = (b.postgres - a.postgres) / TICKS / seconds;
  const loadGenerator = (b.self - a.self) / seconds;
  const machine = ((b.machine.busy - a.machine.busy) / Math.max(1, b.machine.total - a.machine.total)) * cpus().length;
  return { server, postgres, loadGenerator, machine, others: Math.max(0, machine - server - postgres - loadGenerator) };
}

/** Samples what the server's PostgreSQL connections are doing, every `everyMs`. */
export function sampleWaits(url: string, database: string, everyMs = 50) {
  const counts: Record<string, number> = {};
  let samples = 0;
  let stopped = false;
  const client = new pg.Client({ connectionString: url, application_name: 'shouhou-bench-sampler' });
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const res = await client.query<{ what: string; n: number }>(
        `select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event, 'on CPU')
                     else state end as what, count(*)::int as n
         from pg_stat_activity where datname = $1 and application_name = 'shouhou' group by 1`,
        [database],
      );
      for (const r of res.rows) counts[r.what] = (counts[r.what] ?? 0) + r.n;
      samples++;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    await client.end();
  })();
  return {
    async stop(): Promise<{ samples: number; average: Record<string, number> }> {
      stopped = true;
      await loop.catch(() => {});
      const average = Object.fromEntries(
        Object.entries(counts)
          .sort((x, y) => y[1] - x[1])
          .map(([k, v]) => [k, Number((v / Math.max(1, samples)).toFixed(2))]),
      );
      return { samples, average };
    },
  };
}
