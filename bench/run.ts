import type { TicketStatus } from '../shared/domain';
/**
 * `npm run bench`: the ticket intake foundation's benchmarks. Every figure is printed beside
 * a baseline measured in the same run on the same machine (pgbench for PostgreSQL, the small
 * database for the large one), because absolute numbers from a shared two-core machine mean
 * little on their own.
 *
 *   npm run bench                                   everything, large size 1,000,000
 *   npm run bench -- --only=pg-intake,list          a subset
 *   npm run bench -- --scale=200000                 another large size
 *   npm run bench -- --no-doc                       a trial: results in bench/results/run-*.json only
 *   BENCH_SECONDS=20 BENCH_WARMUP=5 BENCH_CONCURRENCY=32 npm run bench
 *   BENCH_SCALE_REPEAT=2 BENCH_LIST_MAX_SECONDS=120 npm run bench
 *
 * Phases: pg-intake, pglite-intake, scale (= pg-scale + pglite-scale), pg-scale, pglite-scale, list, board (bench/board.ts),
 * sla (bench/sla.ts: recompute after a calendar change, list with SLA badges),
 * pdf (bench/pdf.ts: /api/health while 20 work-order PDFs render, S2; exits 1 over 100 ms),
 * parts-import (bench/parts-import.ts: a 20,000-row Excel catalogue imported on PGlite; exits 1 at 30 s),
 * parts (bench/parts.ts: stock issues from 200 locations vs pgbench, ledger = balances, a 20,000-line count posted),
 * money (bench/money.ts: 100,000 charged tickets on PGlite, receivables list p95 vs the ticket list, Excel exports),
 * contractors (bench/contractors.ts: a project's monthly report of 10,000 tickets and its Excel export; exits 1 at 5 s),
 * pay (bench/pay.ts: a month's pay run for 500 technicians and 50,000 orders on PostgreSQL; exits 1 when a recompute takes 10 s).
 *   BENCH_SLA_TICKETS=125000 BENCH_SLA_LIST_TICKETS=12500   the sla phase's sizes (about 80 % of them open)
 * Raw results go to bench/results/ (gitignored); the summary into docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../server/config';
import { prepareDatabase } from '../server/main';
import { FAULTS, NOTES, PRODUCTS, ROOMS, describe, pick, rng, type Category } from './data';
import { explainList, type ExplainedQuery } from './explain';
import { closedLoop, sequential, type LoadResult, type SequentialResult } from './load';
import { cpuShare, cpuSnapshot, sampleWaits, trackPostgres, type CpuShare, type CpuSnapshot } from './observe';
import { createDatabase, dropDatabase, pgliteRunner, pgRunner, runPgbench, serverInfo, urlFor, withClient, type PgbenchResult } from './pg';
import { renderDoc, renderTable, type CodeIdentity, type Latest, type PhaseRecord } from './report';
import { PARTY_SQL, compareSearch, seed, type PartyRow, type SeedResult, type Sql } from './seed';
import { ROOT, api, killAllServers, login, startServer, type RunningServer } from './server';
import { phaseBoard } from './board';
import { phaseSla } from './sla';
import { phasePdf } from './pdf';
import { phasePartsImport } from './parts-import';
import { phaseContractors } from './contractors';
import { phaseParts } from './parts';
import { phaseMoney } from './money';
import { phasePay } from './pay';

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    scale: { type: 'string', default: '1000000' },
    small: { type: 'string', default: '10000' },
    customers: { type: 'string', default: '50000' },
    'list-requests': { type: 'string', default: '200' },
    /** A trial: results go to bench/results/run-*.json only, neither to latest.json nor to the doc. */
    'no-doc': { type: 'boolean', default: false },
  },
});

const ALL = ['pg-intake', 'pglite-intake', 'pg-scale', 'pglite-scale', 'list', 'board', 'sla', 'pdf', 'parts-import', 'parts', 'money', 'contractors', 'pay'] as const;
type Phase = (typeof ALL)[number];
const selected = new Set<Phase>();
for (const name of (args.only ?? ALL.join(',')).split(',').map((s) => s.trim()).filter(Boolean)) {
  if (name === 'scale') {
    selected.add('pg-scale');
    selected.add('pglite-scale');
  } else if ((ALL as readonly string[]).includes(name)) selected.add(name as Phase);
  else throw new Error(`unknown phase ${name}; phases: ${ALL.join(', ')}, scale`);
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const LARGE = Number(args.scale);
const SMALL = Number(args.small);
const CUSTOMERS = Number(args.customers);
const LIST_REQUESTS = Number(args['list-requests']);
const LIST_WARMUP = 20;
const LIST_MAX_SECONDS = Number(process.env.BENCH_LIST_MAX_SECONDS ?? 120);
const SCALE_REPEAT = Number(process.env.BENCH_SCALE_REPEAT ?? 2);
const HISTORY_DAYS = 730;
const PASSWORD = 'Bench-root-4471';
const RESULTS = join(ROOT, 'bench/results');
const STAMP = new Date().toISOString().replace(/[:.]/g, '-');
const RUN_ID = `${process.pid}-${Date.now().toString(36)}`;

// ── Cleanup: everything made is undone, in reverse, on success, failure or Ctrl-C. ──
const cleanups: { label: string; fn: () => Promise<void> }[] = [];
function defer(label: string, fn: () => Promise<void>): () => Promise<void> {
  const entry = { label, fn };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i >= 0) {
      cleanups.splice(i, 1);
      await fn();
    }
  };
}
async function cleanupAll() {
  while (cleanups.length) {
    const { label, fn } = cleanups.pop()!;
    await fn().catch((error: unknown) => console.error(`cleanup ${label} failed: ${String(error)}`));
  }
}
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: cleaning up…`);
    killAllServers();
    void cleanupAll().finally(() => process.exit(130));
  });
}

const log = (line: string) => console.log(line);
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `shouhou-bench-${label}-`));
  defer(`rm ${dir}`, async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
};
const scratchName = (label: string) => `shouhou_bench_${process.pid}_${label}`;

async function scratchDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = scratchName(label);
  await createDatabase(name);
  const drop = defer(`drop database ${name}`, () => dropDatabase(name));
  return { name, url: urlFor(name), drop };
}

async function serve(label: string, dataDir: string, databaseUrl?: string, startTimeoutMs?: number): Promise<RunningServer & { token: string; code: CodeIdentity }> {
  const server = await startServer({ dataDir, databaseUrl, adminPassword: PASSWORD, logFile: join(RESULTS, `server-${STAMP}-${label}.log`), startTimeoutMs });
  const stop = defer(`stop server ${server.pid}`, () => server.stop());
  // The server builds itself when its sources changed; other people's edits can land mid-run.
  const code = codeIdentity();
  const token = await login(server.origin, PASSWORD);
  return { ...server, stop, token, code };
}

// ── Intake traffic ──

interface IntakeCustomer {
  customerId: string;
  assetId: string | null;
  category: Category | null;
}

const faultsBy = (category: Category | null) => FAULTS.filter((f) => (category ? f.category === category : true));

/** A phone report as a hotline agent types it: the caller, sometimes their appliance, what is wrong. */
function intakeCalls(origin: string, token: string, customers: IntakeCustomer[], phase: string) {
  const random = rng(42);
  const weighted = (category: Category | null) => {
    const faults = faultsBy(category);
    const total = faults.reduce((s, f) => s + f.weight, 0);
    let r = random() * total;
    for (const f of faults) if ((r -= f.weight) < 0) return f;
    return faults[faults.length - 1]!;
  };
  return (n: number) => {
    const c = customers[Math.floor(random() * customers.length)]!;
    const withAsset = c.assetId !== null && random() < 0.6;
    const fault = weighted(withAsset ? c.category : null);
    const body = {
      customerId: c.customerId,
      ...(withAsset ? { assetId: c.assetId } : {}),
      channel: 'phone',
      description: describe(fault, pick(random, ROOMS), pick(random, NOTES)),
    };
    return {
      method: 'POST' as const,
      path: '/api/v1/tickets',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-${RUN_ID}-${phase}-${n}`,
      },
      body: JSON.stringify(body),
    };
  };
}

/** Customers and appliances made through the API, for the phases that start empty. */
async function apiCustomers(origin: string, token: string, count = 200): Promise<IntakeCustomer[]> {
  const random = rng(7);
  const out: IntakeCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `13${String(100000000 + Math.floor(random() * 899999999))}`;
    const customer = await api<{ id: string }>(origin, token, 'POST', '/api/v1/customers', {
      name: `${pick(random, ['王', '李', '张', '刘', '陈', '杨'])}${pick(random, ['伟', '芳', '娜', '敏', '静', '强', '磊', '军'])}${i}`,
      phone,
      address: `深圳市南山区科技园路${i + 1}号`,
    });
    let assetId: string | null = null;
    let category: Category | null = null;
    if (i % 2 === 0) {
      const product = pick(random, PRODUCTS);
      const asset = await api<{ id: string }>(origin, token, 'POST', '/api/v1/assets', {
        customerId: customer.id,
        serialNumber: `${product.serialPrefix}${String(Math.floor(random() * 1e10)).padStart(10, '0')}`,
        productName: product.name,
        brand: product.brand,
        model: product.model,
        kind: 'appliance',
        purchasedOn: '2025-03-15',
      });
      assetId = asset.id;
      category = product.category;
    }
    out.push({ customerId: customer.id, assetId, category });
  }
  return out;
}

interface IntakeTarget {
  origin: string;
  token: string;
  serverPid: number;
  /** PostgreSQL only: where to sample the server's connections. */
  database?: { url: string; name: string };
}

type IntakeResult = LoadResult & { loadavg: number[]; cpu?: CpuShare; cpuMsPerTicket?: { server: number; postgres: number; loadGenerator: number }; waits?: { samples: number; average: Record<string, number> } };

async function intake(target: IntakeTarget, customers: IntakeCustomer[], phase: string): Promise<IntakeResult> {
  const before = loadavg();
  log(`  intake: ${CONCURRENCY} connections, ${WARMUP} s warm-up + ${SECONDS} s (load average ${before.map((l) => l.toFixed(1)).join(' ')})`);
  let first: CpuSnapshot | undefined;
  let last: CpuSnapshot | undefined;
  let sampler: ReturnType<typeof sampleWaits> | undefined;
  const result = await closedLoop({
    origin: target.origin,
    concurrency: CONCURRENCY,
    warmupSeconds: WARMUP,
    seconds: SECONDS,
    expectStatus: 201,
    next: intakeCalls(target.origin, target.token, customers, phase),
    onWindowStart: () => {
      first = cpuSnapshot(target.serverPid, target.database?.name);
      if (target.database) sampler = sampleWaits(target.database.url, target.database.name);
    },
    onWindowEnd: () => {
      last = cpuSnapshot(target.serverPid, target.database?.name);
    },
  });
  const waits = await sampler?.stop();
  const cpu = first && last ? cpuShare(first, last) : undefined;
  const perTicket = (cores: number) => Number(((cores / Math.max(1e-9, result.perSecond)) * 1000).toFixed(2));
  const cpuMsPerTicket = cpu ? { server: perTicket(cpu.server), postgres: perTicket(cpu.postgres), loadGenerator: perTicket(cpu.loadGenerator) } : undefined;
  log(
    `  → ${result.perSecond.toFixed(1)} tickets/s, p50 ${result.latencyMs.p50.toFixed(1)} ms, p99 ${result.latencyMs.p99.toFixed(1)} ms, errors ${result.errors}`,
  );
  if (cpu) {
    log(
      `    cores busy: server ${cpu.server.toFixed(2)}, postgres ${cpu.postgres.toFixed(2)}, load generator ${cpu.loadGenerator.toFixed(2)}, others ${cpu.others.toFixed(2)} (machine ${cpu.machine.toFixed(2)} of ${cpus().length})`,
    );
    log(`    CPU per ticket: server ${cpuMsPerTicket!.server} ms, postgres ${cpuMsPerTicket!.postgres} ms, load generator ${cpuMsPerTicket!.loadGenerator} ms`);
  }
  if (waits) log(`    server connections, average count by state: ${Object.entries(waits.average).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (result.errors) log(`    ${result.errorSamples.join('\n    ')}`);
  return { ...result, loadavg: before, cpu, cpuMsPerTicket, waits };
}

// ── Phases ──

async function phasePgIntake(): Promise<PhaseRecord> {
  log(`\n▶ pg-intake: pgbench baseline, then POST /api/v1/tickets on PostgreSQL`);
  const bench = await scratchDatabase('pgbench');
  log(`  pgbench -i -s 1; pgbench -c ${CONCURRENCY} -j 2 -T ${SECONDS} -M prepared`);
  const pgbenchLoad = loadavg();
  // The window includes pgbench's initialisation and vacuum (a few seconds of ~20): close enough for who had the CPU.
  const tracker = trackPostgres(bench.name);
  const pgbench: PgbenchResult = await runPgbench(bench.name, { clients: CONCURRENCY, threads: 2, seconds: SECONDS, scale: 1 });
  const share = tracker.stop();
  await bench.drop();
  const pgbenchClient = pgbench.clientCpuSeconds / share.seconds;
  const pgbenchCpu = { postgres: share.postgres, client: pgbenchClient, others: Math.max(0, share.machine - share.postgres - pgbenchClient), machine: share.machine };
  log(`  → pgbench ${pgbench.tps.toFixed(1)} tps (latency average ${pgbench.latencyAvgMs.toFixed(1)} ms)`);
  log(`    cores busy: postgres ${pgbenchCpu.postgres.toFixed(2)}, pgbench ${pgbenchCpu.client.toFixed(2)}, others ${pgbenchCpu.others.toFixed(2)} (machine ${share.machine.toFixed(2)})`);

  const db = await scratchDatabase('intake');
  const server = await serve('pg-intake', tempDir('pg-intake'), db.url);
  const customers = await apiCustomers(server.origin, server.token);
  // pgbench measures tables it has just vacuumed and analysed (its initialisation does both), and a
  // working PostgreSQL has autovacuum analyse a table within a minute of it changing. This window
  // would open seconds after the database was made, before autovacuum's first visit, with every
  // connection running plans cached while `tickets` was empty (a foreign-key check that walked the
  // organisation's tickets one by one; docs/benchmarks.md). So the organisation gets a history
  // first, and its statistics, as pgbench's tables have theirs.
  await closedLoop({ origin: server.origin, concurrency: CONCURRENCY, warmupSeconds: 0, seconds: WARMUP, expectStatus: 201, next: intakeCalls(server.origin, server.token, customers, 'pg-history') });
  await withClient(db.url, (c) => c.query('vacuum analyze'));
  const result = await intake({ origin: server.origin, token: server.token, serverPid: server.pid, database: { url: db.url, name: db.name } }, customers, 'pg-intake');
  await server.stop();
  const created = await withClient(db.url, async (c) => Number((await c.query<{ n: string }>('select count(*) as n from tickets')).rows[0]!.n));
  await db.drop();
  const { output: _output, ...pgbenchFigures } = pgbench;
  return {
    phase: 'pg-intake',
    at: new Date().toISOString(),
    seconds: SECONDS,
    data: { pgbench: { ...pgbenchFigures, loadavg: pgbenchLoad, cpu: pgbenchCpu }, intake: result, ticketsCreated: created, ratio: result.perSecond / pgbench.tps },
    code: server.code,
  };
}

async function phasePgliteIntake(): Promise<PhaseRecord> {
  log(`\n▶ pglite-intake: POST /api/v1/tickets on embedded PGlite`);
  const server = await serve('pglite-intake', tempDir('pglite-intake'));
  const customers = await apiCustomers(server.origin, server.token);
  const result = await intake({ origin: server.origin, token: server.token, serverPid: server.pid }, customers, 'pglite-intake');
  await server.stop();
  return { phase: 'pglite-intake', at: new Date().toISOString(), seconds: SECONDS, data: { intake: result }, code: server.code };
}

interface Seeded {
  kind: 'postgresql' | 'pglite';
  size: number;
  seed: SeedResult;
  orgId: string;
  adminId: string;
  url?: string;
  dbName?: string;
  dataDir: string;
  customers: IntakeCustomer[];
  teardown: () => Promise<void>;
}

/** A database with `size` tickets of history, seeded before the server opens it. */
async function seeded(kind: 'postgresql' | 'pglite', size: number): Promise<Seeded> {
  const label = `${kind === 'postgresql' ? 'pg' : 'pglite'}_${size}`;
  const dataDir = tempDir(label);
  const db = kind === 'postgresql' ? await scratchDatabase(label) : undefined;
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: db?.url, ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' });
  const database = await prepareDatabase(config, () => {});
  const closeDatabase = defer(`close ${label}`, () => database.close());
  log(`  seeding ${size.toLocaleString('en')} tickets into ${kind === 'postgresql' ? db!.name : dataDir}`);
  const client = database.pool ? await database.pool.connect() : undefined;
  try {
    const sql: Sql = client ? pgRunner(client) : pgliteRunner(database.pglite!);
    const [org] = await sql.query<{ org_id: string; id: string }>(`select org_id, id from users where role = 'admin' limit 1`);
    const result = await seed(sql, {
      orgId: org!.org_id,
      tickets: size,
      customers: CUSTOMERS,
      days: HISTORY_DAYS,
      timeZoneOffsetHours: 8,
      now: new Date(),
      log,
    });
    log(
      `  seeded in ${result.seconds.total.toFixed(0)} s (reference ${result.seconds.reference.toFixed(0)} s, tickets ${result.seconds.tickets.toFixed(0)} s, vacuum/analyze ${result.seconds.analyze.toFixed(0)} s)`,
    );
    const rows = await sql.query<{ customer_id: string; asset_id: string | null; product_name: string | null }>(
      `select c.id as customer_id, a.id as asset_id, a.product_name from customers c
       left join assets a on a.org_id = c.org_id and a.customer_id = c.id
       where c.org_id = $1 order by md5(c.id::text) limit 200`,
      [org!.org_id],
    );
    const customers = rows.map((r) => ({
      customerId: r.customer_id,
      assetId: r.asset_id,
      category: (PRODUCTS.find((p) => p.name === r.product_name)?.category ?? null) as Category | null,
    }));
    return {
      kind,
      size,
      seed: result,
      orgId: org!.org_id,
      adminId: org!.id,
      url: db?.url,
      dbName: db?.name,
      dataDir,
      customers,
      teardown: async () => {
        await db?.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } finally {
    client?.release();
    await closeDatabase();
  }
}

/**
 * Has the running server write one ticket and compares its search columns with the seed's
 * formula: if the service has changed how it indexes tickets, the seeded history no longer
 * looks like its own and the search figures would mislead.
 */
async function checkAgainstServer(server: { origin: string; token: string }, fixture: Seeded): Promise<'exact' | 'order'> {
  if (!fixture.url) throw new Error('the check reads the database directly: PostgreSQL only');
  const c = fixture.customers.find((x) => x.assetId) ?? fixture.customers[0]!;
  const created = await api<{ id: string }>(server.origin, server.token, 'POST', '/api/v1/tickets', {
    customerId: c.customerId,
    ...(c.assetId ? { assetId: c.assetId } : {}),
    channel: 'phone',
    description: '客厅空调不制冷，开机半小时室内温度没有变化。客户要求尽快上门。',
  });
  const row = await withClient(fixture.url, async (db) => (await db.query<PartyRow>(`${PARTY_SQL} and t.id = $2`, [fixture.orgId, created.id])).rows[0]);
  if (!row) throw new Error('the ticket just created is not in the database');
  const verdict = compareSearch(row);
  if (verdict === 'different') {
    throw new Error(`the server indexes tickets differently from the seed (bench/seed.ts ticketSearch); update the seed:\n  ${JSON.stringify(row.search_terms)}\n  ${row.search_text}`);
  }
  log(verdict === 'exact' ? '  a ticket made by the server is indexed exactly like the seeded ones' : '  warning: the server orders search terms differently from the seed (same terms; searches unaffected)');
  return verdict;
}

interface ListScenario {
  name: string;
  query: string;
  filter: { q?: string; status?: TicketStatus[]; offset: number };
}

async function listLatency(origin: string, token: string, fixture: Seeded) {
  const { probes } = fixture.seed;
  const scenarios: ListScenario[] = [
    { name: 'first page', query: '', filter: { offset: 0 } },
    { name: 'status=in_progress', query: 'status=in_progress', filter: { status: ['in_progress'], offset: 0 } },
    { name: `q=${probes.commonWord} (common word)`, query: `q=${encodeURIComponent(probes.commonWord)}`, filter: { q: probes.commonWord, offset: 0 } },
    { name: `q=${probes.rareWord} (rare word)`, query: `q=${encodeURIComponent(probes.rareWord)}`, filter: { q: probes.rareWord, offset: 0 } },
    { name: `q=${probes.phoneTail} (phone tail)`, query: `q=${probes.phoneTail}`, filter: { q: probes.phoneTail, offset: 0 } },
    { name: `q=${probes.number} (ticket number)`, query: `q=${probes.number}`, filter: { q: probes.number, offset: 0 } },
    { name: 'page=50', query: 'page=50', filter: { offset: 49 * 20 } },
  ];
  const out: { name: string; path: string; result: Omit<SequentialResult, 'sample'>; total: number; totalExact: boolean; items: number; plans: ExplainedQuery[] }[] = [];
  for (const s of scenarios) {
    const path = `/api/v1/tickets${s.query ? `?${s.query}` : ''}`;
    const result = await sequential({ origin, path, headers: { authorization: `Bearer ${token}` }, warmup: LIST_WARMUP, requests: LIST_REQUESTS, maxSeconds: LIST_MAX_SECONDS });
    const sample = result.sample as { total: number; totalExact?: boolean; items: unknown[] };
    const plans = fixture.url ? await explainList(fixture.url, fixture.orgId, fixture.adminId, s.filter) : [];
    log(
      `  ${s.name.padEnd(36)} p50 ${result.latencyMs.p50.toFixed(1).padStart(7)} ms  p95 ${result.latencyMs.p95.toFixed(1).padStart(7)} ms  (${result.requests} requests; ${sample.items.length} items, total ${sample.totalExact === false ? '≥' : ''}${sample.total})`,
    );
    const { sample: _sample, ...figures } = result;
    out.push({ name: s.name, path, result: figures, total: sample.total, totalExact: sample.totalExact !== false, items: sample.items.length, plans });
  }
  return out;
}

/** Averages of repeated intake measurements; percentiles are averaged too, which is close enough to compare. */
function meanIntake(results: IntakeResult[]): IntakeResult {
  const mean = (f: (r: IntakeResult) => number) => results.reduce((sum, r) => sum + f(r), 0) / results.length;
  const last = results[results.length - 1]!;
  return {
    ...last,
    perSecond: mean((r) => r.perSecond),
    completed: mean((r) => r.completed),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    latencyMs: { ...last.latencyMs, p50: mean((r) => r.latencyMs.p50), p90: mean((r) => r.latencyMs.p90), p95: mean((r) => r.latencyMs.p95), p99: mean((r) => r.latencyMs.p99), mean: mean((r) => r.latencyMs.mean) },
    ...(last.cpu
      ? {
          cpu: {
            server: mean((r) => r.cpu?.server ?? NaN),
            postgres: mean((r) => r.cpu?.postgres ?? NaN),
            loadGenerator: mean((r) => r.cpu?.loadGenerator ?? NaN),
            others: mean((r) => r.cpu?.others ?? NaN),
            machine: mean((r) => r.cpu?.machine ?? NaN),
          },
          cpuMsPerTicket: {
            server: mean((r) => r.cpuMsPerTicket?.server ?? NaN),
            postgres: mean((r) => r.cpuMsPerTicket?.postgres ?? NaN),
            loadGenerator: mean((r) => r.cpuMsPerTicket?.loadGenerator ?? NaN),
          },
        }
      : {}),
  };
}

/**
 * Both databases are seeded first, then measured alternately (small, large, small, large…),
 * so that the two sides of the comparison run minutes apart at most: on a shared machine the
 * load, and in a shared working tree the code, change over the ten minutes seeding takes.
 */
async function phaseScale(kind: 'postgresql' | 'pglite', withList: boolean): Promise<PhaseRecord[]> {
  const name = kind === 'postgresql' ? 'pg-scale' : 'pglite-scale';
  log(`\n▶ ${name}: intake with ${SMALL.toLocaleString('en')} vs ${LARGE.toLocaleString('en')} existing tickets, ${SCALE_REPEAT} alternating runs each`);
  const fixtures = { small: await seeded(kind, SMALL), large: await seeded(kind, LARGE) };
  const measured: Record<'small' | 'large', { intakes: IntakeResult[]; codes: CodeIdentity[] }> = { small: { intakes: [], codes: [] }, large: { intakes: [], codes: [] } };
  let list: Awaited<ReturnType<typeof listLatency>> | undefined;
  for (let round = 0; round < SCALE_REPEAT; round++) {
    for (const which of ['small', 'large'] as const) {
      const fixture = fixtures[which];
      const server = await serve(`${name}-${fixture.size}-${round + 1}`, fixture.dataDir, fixture.url, 30 * 60_000);
      if (round === 0 && fixture.url) fixture.seed.searchCheck = await checkAgainstServer(server, fixture);
      if (round === 0 && withList && which === 'large') {
        log(`  list and search at ${fixture.size.toLocaleString('en')}, ${LIST_REQUESTS} sequential requests each after ${LIST_WARMUP} warm-up`);
        list = await listLatency(server.origin, server.token, fixture);
      }
      const target: IntakeTarget = { origin: server.origin, token: server.token, serverPid: server.pid };
      if (fixture.url) target.database = { url: fixture.url, name: fixture.dbName! };
      log(`  ${fixture.size.toLocaleString('en')} existing tickets, run ${round + 1}:`);
      measured[which].intakes.push(await intake(target, fixture.customers, `${name}-${fixture.size}-${round + 1}`));
      measured[which].codes.push(server.code);
      await server.stop();
    }
  }
  await fixtures.small.teardown();
  await fixtures.large.teardown();

  const codes = [...measured.small.codes, ...measured.large.codes];
  // The build stamp changes exactly when a server start rebuilt from changed sources.
  const sameCode = codes.every((c) => c.build === codes[0]!.build);
  if (!sameCode) log('  warning: the server code changed between the runs; the ratio compares different code');
  const small = meanIntake(measured.small.intakes);
  const large = meanIntake(measured.large.intakes);
  // CPU per ticket moves much less with other people's load than tickets per second does.
  const cpuPerTicket = (r: IntakeResult) => (r.cpuMsPerTicket?.server ?? NaN) + (r.cpuMsPerTicket?.postgres ?? NaN);
  const runs = {
    [String(SMALL)]: { seed: fixtures.small.seed, intake: small, intakes: measured.small.intakes, code: measured.small.codes[0] },
    [String(LARGE)]: { seed: fixtures.large.seed, intake: large, intakes: measured.large.intakes, code: measured.large.codes[0] },
  };
  const code = measured.large.codes[0];
  const records: PhaseRecord[] = [
    {
      phase: name,
      at: new Date().toISOString(),
      seconds: SECONDS,
      data: { small: SMALL, large: LARGE, repeat: SCALE_REPEAT, runs, ratio: large.perSecond / small.perSecond, cpuRatio: cpuPerTicket(small) / cpuPerTicket(large), sameCode },
      code,
    },
  ];
  if (list) records.push({ phase: 'list', at: new Date().toISOString(), seconds: 0, data: { size: LARGE, engine: kind, seed: fixtures.large.seed, scenarios: list }, code });
  return records;
}

async function phaseListOnly(): Promise<PhaseRecord> {
  log(`\n▶ list: list and search latency at ${LARGE.toLocaleString('en')} tickets on PostgreSQL`);
  const fixture = await seeded('postgresql', LARGE);
  const server = await serve(`list-${LARGE}`, fixture.dataDir, fixture.url);
  fixture.seed.searchCheck = await checkAgainstServer(server, fixture);
  const scenarios = await listLatency(server.origin, server.token, fixture);
  await server.stop();
  await fixture.teardown();
  return { phase: 'list', at: new Date().toISOString(), seconds: 0, data: { size: LARGE, engine: 'postgresql', seed: fixture.seed, scenarios }, code: server.code };
}

// ── Machine and code ──

/** Which code was measured: the commit and, since people benchmark their work in progress, the uncommitted changes. */
function codeIdentity() {
  const git = (...a: string[]) => spawnSync('git', a, { cwd: ROOT, encoding: 'utf8' }).stdout?.trimEnd() ?? '';
  const paths = ['server', 'shared', 'bin', 'scripts', 'package.json'];
  // Tests are not part of the server build, so they do not count as a change of what was measured.
  const notTests = [':(exclude)*.test.ts', ':(exclude)*.e2e.ts'];
  const changed = git('status', '--porcelain', '--', ...paths, ...notTests)
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  const diff = git('diff', 'HEAD', '--', ...paths, ...notTests);
  let build: string | null = null;
  try {
    build = readFileSync(join(ROOT, 'dist/.build-stamp'), 'utf8').trim();
  } catch {
    // Never built: the server will say so.
  }
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    subject: git('log', '-1', '--format=%s'),
    uncommitted: changed,
    diffHash: changed.length ? createHash('sha256').update(diff).digest('hex').slice(0, 10) : null,
    build,
  };
}

async function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const pglite = await PGlite.create();
  const pgliteVersion = (await pglite.query<{ v: string }>('select version() as v')).rows[0]!.v;
  await pglite.close();
  const pgliteRelease = (JSON.parse(readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')) as { version: string }).version;
  const pg = await serverInfo();
  return {
    cpu: model,
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: pg.version,
    postgresSettings: pg.settings,
    pglite: `${pgliteRelease} (${pgliteVersion.split(' on ')[0]})`,
    date: new Date().toISOString(),
  };
}

async function main() {
  mkdirSync(RESULTS, { recursive: true });
  log('Building the server if its sources changed…');
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit', cwd: ROOT });
  if (build.status !== 0) throw new Error('build failed');
  const info = await machine();
  log(`${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB; Node ${info.node}; ${info.postgres.split(',')[0]}; PGlite ${info.pglite}`);
  log(`Phases: ${[...selected].join(', ')}; ${SECONDS} s per measurement after ${WARMUP} s warm-up; ${CONCURRENCY} connections; large size ${LARGE.toLocaleString('en')}`);

  const records: PhaseRecord[] = [];
  const save = () => writeFileSync(join(RESULTS, `run-${STAMP}.json`), JSON.stringify({ machine: info, options: { SECONDS, WARMUP, CONCURRENCY, LARGE, SMALL, CUSTOMERS, LIST_REQUESTS }, records }, null, 2));
  const runPhase = async (fn: () => Promise<PhaseRecord | PhaseRecord[]>) => {
    const got = await fn();
    records.push(...(Array.isArray(got) ? got : [got]));
    save();
  };
  try {
    if (selected.has('pg-intake')) await runPhase(phasePgIntake);
    if (selected.has('pglite-intake')) await runPhase(phasePgliteIntake);
    if (selected.has('pg-scale')) await runPhase(() => phaseScale('postgresql', selected.has('list')));
    else if (selected.has('list')) await runPhase(phaseListOnly);
    if (selected.has('pglite-scale')) await runPhase(() => phaseScale('pglite', false));
    if (selected.has('board')) {
      await runPhase(() =>
        phaseBoard({ log, scratchDatabase, serve, tempDir, password: PASSWORD, requests: LIST_REQUESTS, warmup: LIST_WARMUP, maxSeconds: LIST_MAX_SECONDS }),
      );
    }
    if (selected.has('sla')) {
      await runPhase(() =>
        phaseSla({
          log,
          scratchDatabase,
          serve,
          tempDir,
          password: PASSWORD,
          requests: LIST_REQUESTS,
          warmup: LIST_WARMUP,
          maxSeconds: LIST_MAX_SECONDS,
          recomputeTickets: Number(process.env.BENCH_SLA_TICKETS ?? 125_000),
          listTickets: Number(process.env.BENCH_SLA_LIST_TICKETS ?? 12_500),
        }),
      );
    }
    if (selected.has('pdf')) await runPhase(() => phasePdf({ log, serve: (label, dataDir, databaseUrl) => serve(label, dataDir, databaseUrl), tempDir, scratchDatabase }));
    if (selected.has('parts-import')) await runPhase(() => phasePartsImport({ log, serve: (label, dataDir) => serve(label, dataDir), tempDir }));
    if (selected.has('contractors')) await runPhase(() => phaseContractors({ log, serve: (label, dataDir) => serve(label, dataDir), tempDir }));
    if (selected.has('parts')) await runPhase(() => phaseParts({ log, scratchDatabase, serve: (label, dataDir, databaseUrl) => serve(label, dataDir, databaseUrl), tempDir, password: PASSWORD, concurrency: CONCURRENCY, seconds: SECONDS, warmup: WARMUP }));
    if (selected.has('money')) await runPhase(() => phaseMoney({ log, serve: (label, dataDir) => serve(label, dataDir, undefined, 10 * 60_000), tempDir, password: PASSWORD }));
    if (selected.has('pay')) await runPhase(() => phasePay({ log, scratchDatabase, serve, tempDir, password: PASSWORD }));
  } finally {
    await cleanupAll();
  }

  if (args['no-doc']) {
    log(`Results: bench/results/run-${STAMP}.json (trial: latest.json and docs/benchmarks.md untouched)`);
    return;
  }
  // Phases not run this time keep their last figures, each with its own date. The file is
  // committed beside the doc it renders, so a fresh clone's partial run keeps the other phases.
  const latestPath = join(ROOT, 'bench/latest.json');
  let latest: Latest = { machine: info, phases: {} };
  try {
    latest = JSON.parse(readFileSync(latestPath, 'utf8')) as Latest;
  } catch {
    // First run.
  }
  latest.machine = info;
  for (const r of records) {
    const previous = latest.phases[r.phase];
    const history = previous ? [{ at: previous.at, data: previous.data, code: previous.code }, ...(previous.history ?? [])].slice(0, 4) : [];
    latest.phases[r.phase] = { ...r, history };
  }
  writeFileSync(latestPath, JSON.stringify(latest, null, 2));
  log(`\n${renderTable(latest, new Set(records.map((r) => r.phase)))}`);
  const docPath = join(ROOT, 'docs/benchmarks.md');
  let doc = '';
  try {
    doc = readFileSync(docPath, 'utf8');
  } catch {
    // Written from the template in report.ts.
  }
  mkdirSync(join(ROOT, 'docs'), { recursive: true });
  writeFileSync(docPath, renderDoc(doc, latest));
  log(`Results: bench/results/run-${STAMP}.json; summary in docs/benchmarks.md`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  killAllServers();
  await cleanupAll();
  process.exit(1);
});
