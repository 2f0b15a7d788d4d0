/**
 * The `parts` phase (issue 9): stock issued over HTTP by 32 connections from 200 locations on
 * PostgreSQL, against pgbench's tpcb-like TPS measured in the same run; then a query proving
 * that every balance is the sum of its ledger lines (`ledgerMismatches`); then a 20,000-line
 * stock count posted on PGlite through the service, as a user would post it.
 */
import { sql } from 'drizzle-orm';
import { loadConfig } from '../server/config';
import { prepareDatabase } from '../server/main';
import { createServices } from '../server/services';
import { systemActor } from '../server/modules/identity';
import { queryRows } from '../server/db/client';
import { ledgerMismatches } from '../server/modules/parts/parts.repository';
import { closedLoop, type LoadResult } from './load';
import { runPgbench, type PgbenchResult } from './pg';
import { PHASE_RENDERERS, type CodeIdentity, type PhaseRecord, type Row } from './report';
import { api, type RunningServer } from './server';
import ExcelJS from 'exceljs';

export const PARTS_RATIO_TARGET = 0.5;
export const COUNT_POST_TARGET_SECONDS = 30;
const LOCATIONS = 200;
const PARTS = 50;
const COUNT_LINES = 20_000;

interface PartsData {
  pgbench: Omit<PgbenchResult, 'output'>;
  issues: LoadResult;
  ratio: number;
  locations: number;
  parts: number;
  mismatches: number;
  ledgerLines: number;
  count: { lines: number; engine: 'pglite'; importSeconds: number; postSeconds: number; adjusted: number; mismatches: number };
}

export interface PartsContext {
  log: (line: string) => void;
  scratchDatabase: (label: string) => Promise<{ name: string; url: string; drop: () => Promise<void> }>;
  serve: (label: string, dataDir: string, databaseUrl?: string) => Promise<RunningServer & { token: string; code: CodeIdentity }>;
  tempDir: (label: string) => string;
  password: string;
  concurrency: number;
  seconds: number;
  warmup: number;
}

/** A random generator with a seed, so every run issues the same sequence. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function issueLoad(ctx: PartsContext, server: RunningServer & { token: string }) {
  ctx.log(`  parts: ${PARTS} parts, ${LOCATIONS} stocked locations and ${LOCATIONS} vans, through the API`);
  const parts: string[] = [];
  for (let i = 0; i < PARTS; i++) {
    const part = await api<{ id: string }>(server.origin, server.token, 'POST', '/api/v1/parts', {
      number: `BENCH-${String(i).padStart(3, '0')}`,
      name: `压测配件${i}`,
      category: i % 2 ? '电气件' : '制冷件',
      unit: '个',
      costPriceFen: 1_000 + i,
      retailPriceFen: 3_000 + i,
    });
    parts.push(part.id);
  }
  const sources: string[] = [];
  const vans: string[] = [];
  for (let i = 0; i < LOCATIONS; i++) {
    const source = await api<{ id: string }>(server.origin, server.token, 'POST', '/api/v1/stock/locations', { name: `库位${i}`, kind: i % 10 === 0 ? 'warehouse' : 'depot' });
    sources.push(source.id);
    vans.push((await api<{ id: string }>(server.origin, server.token, 'POST', '/api/v1/stock/locations', { name: `车辆${i}`, kind: 'van' })).id);
    // Enough for the whole run: no issue is refused for want of stock.
    await api(server.origin, server.token, 'POST', '/api/v1/stock/receipts', { locationId: source.id, lines: parts.map((partId) => ({ partId, quantity: 100_000 })) });
  }
  const random = rng(9);
  ctx.log(`  parts: ${ctx.concurrency} connections issue 1–2 lines from a random location into a random van, ${ctx.warmup} s warm-up + ${ctx.seconds} s`);
  return closedLoop({
    origin: server.origin,
    concurrency: ctx.concurrency,
    warmupSeconds: ctx.warmup,
    seconds: ctx.seconds,
    expectStatus: 201,
    next: () => {
      const first = Math.floor(random() * PARTS);
      const lines = [{ partId: parts[first]!, quantity: 1 + Math.floor(random() * 3) }];
      if (random() < 0.5) lines.push({ partId: parts[(first + 1 + Math.floor(random() * (PARTS - 1))) % PARTS]!, quantity: 1 });
      return {
        method: 'POST',
        path: '/api/v1/stock/issues',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ fromLocationId: sources[Math.floor(random() * LOCATIONS)], toLocationId: vans[Math.floor(random() * LOCATIONS)], lines }),
      };
    },
  });
}

/** Ledger = balances for every part and location, by the repository's own query. */
async function checkLedger(ctx: PartsContext, dataDir: string, url: string) {
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, ADMIN_PASSWORD: ctx.password, LOG_LEVEL: 'warn' });
  const database = await prepareDatabase(config, () => {});
  try {
    const [org] = await queryRows<{ org_id: string }>(database.db, sql`select org_id from users where role = 'admin' limit 1`);
    const mismatches = await ledgerMismatches(database.db, org!.org_id);
    const [lines] = await queryRows<{ n: string }>(database.db, sql`select count(*) as n from stock_moves where org_id = ${org!.org_id}`);
    return { mismatches: mismatches.length, ledgerLines: Number(lines!.n) };
  } finally {
    await database.close();
  }
}

/** A 20,000-line count of one warehouse, imported from Excel and posted, in process on PGlite. */
async function countPosting(ctx: PartsContext) {
  const dataDir = ctx.tempDir('parts-count');
  const config = loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: ctx.password, LOG_LEVEL: 'warn' });
  const database = await prepareDatabase(config, () => {});
  try {
    const services = createServices({ config, database, clock: () => new Date() });
    const [admin] = await queryRows<{ org_id: string; id: string }>(database.db, sql`select org_id, id from users where role = 'admin' limit 1`);
    const actor = systemActor(admin!.org_id, admin!.id);
    const seedPart = await services.parts.createPart(actor, { number: 'SEED-0', name: '种子', category: '盘点', unit: '个', costPriceFen: 100, retailPriceFen: 200 });
    const warehouse = await services.parts.createLocation(actor, { name: '盘点仓', kind: 'warehouse' });
    ctx.log(`  count: ${COUNT_LINES.toLocaleString('en')} parts on hand at one warehouse (seeded set-wise), PGlite`);
    // The catalogue and its stock are not what is measured: three statements, ledger and balances agreeing.
    await queryRows(
      database.db,
      sql`insert into parts (org_id, id, number, name, category_id, unit, cost_price_fen, retail_price_fen)
          select ${actor.orgId}, gen_random_uuid(), 'CNT-' || lpad(i::text, 5, '0'), '盘点配件' || i, ${seedPart.categoryId}, '个', 100, 200
          from generate_series(1, ${COUNT_LINES}) as i`,
    );
    await queryRows(
      database.db,
      sql`insert into stock_moves (org_id, id, move_id, kind, part_id, location_id, on_hand_delta, actor_id, at)
          select org_id, gen_random_uuid(), ${seedPart.id}, 'receipt', id, ${warehouse.id}, 10, ${actor.userId}, now() - interval '1 day'
          from parts where org_id = ${actor.orgId} and number like 'CNT-%'`,
    );
    await queryRows(
      database.db,
      sql`insert into stock_balances (org_id, part_id, location_id, on_hand, last_moved_at)
          select org_id, id, ${warehouse.id}, 10, now() from parts where org_id = ${actor.orgId} and number like 'CNT-%'`,
    );
    const count = await services.parts.createCount(actor, { locationId: warehouse.id });
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('盘点');
    sheet.addRow(['配件编号', '实盘数量']);
    // Every line differs: the worst case, 20,000 adjustment lines.
    for (let i = 1; i <= COUNT_LINES; i++) sheet.addRow([`CNT-${String(i).padStart(5, '0')}`, i % 2 ? 9 : 11]);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    let started = performance.now();
    await services.parts.importCounts(actor, count.id, file, false);
    const importSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const posted = await services.parts.postCount(actor, count.id);
    const postSeconds = (performance.now() - started) / 1000;
    const mismatches = (await services.parts.ledgerMismatches(actor)).length;
    ctx.log(`  count: imported in ${importSeconds.toFixed(2)} s, posted ${posted.adjusted.toLocaleString('en')} adjustments in ${postSeconds.toFixed(2)} s; ledger mismatches ${mismatches}`);
    return { lines: count.lines, engine: 'pglite' as const, importSeconds, postSeconds, adjusted: posted.adjusted, mismatches };
  } finally {
    await database.close();
  }
}

export async function phaseParts(ctx: PartsContext): Promise<PhaseRecord> {
  ctx.log(`\n▶ parts: pgbench baseline, then stock issues over HTTP on PostgreSQL; ledger check; ${COUNT_LINES.toLocaleString('en')}-line count on PGlite`);
  const bench = await ctx.scratchDatabase('parts_pgbench');
  const pgbench = await runPgbench(bench.name, { clients: ctx.concurrency, threads: 2, seconds: ctx.seconds, scale: 1 });
  await bench.drop();
  ctx.log(`  → pgbench ${pgbench.tps.toFixed(1)} tps (latency average ${pgbench.latencyAvgMs.toFixed(1)} ms)`);

  const db = await ctx.scratchDatabase('parts');
  const dataDir = ctx.tempDir('parts');
  const server = await ctx.serve('parts', dataDir, db.url);
  const issues = await issueLoad(ctx, server);
  await server.stop();
  ctx.log(`  → ${issues.perSecond.toFixed(1)} issues/s, p50 ${issues.latencyMs.p50.toFixed(1)} ms, p99 ${issues.latencyMs.p99.toFixed(1)} ms, errors ${issues.errors}`);
  if (issues.errors) ctx.log(`    ${issues.errorSamples.join('\n    ')}`);
  const ledger = await checkLedger(ctx, dataDir, db.url);
  ctx.log(`  ledger: ${ledger.ledgerLines.toLocaleString('en')} lines; balances that are not the sum of their lines: ${ledger.mismatches}`);
  await db.drop();
  const count = await countPosting(ctx);

  const { output: _output, ...pgbenchFigures } = pgbench;
  const data: PartsData = { pgbench: pgbenchFigures, issues, ratio: issues.perSecond / pgbench.tps, locations: LOCATIONS, parts: PARTS, ...ledger, count };
  if (ledger.mismatches || count.mismatches) process.exitCode = 1;
  return { phase: 'parts', at: new Date().toISOString(), seconds: ctx.seconds, data: data as unknown as Record<string, unknown>, code: server.code };
}

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
const met = (ok: boolean) => (ok ? '✅ met' : '❌ missed');

PHASE_RENDERERS.parts = {
  rows(raw): Row[] {
    const d = raw as unknown as PartsData;
    return [
      {
        item: 'parts',
        measurement: `Stock issues over HTTP, PostgreSQL, ${d.issues.concurrency} connections, ${d.locations} locations × ${d.parts} parts, ${d.issues.seconds} s`,
        figure: `${d.issues.perSecond.toFixed(0)}/s · p50 ${ms(d.issues.latencyMs.p50)} · p99 ${ms(d.issues.latencyMs.p99)}${d.issues.errors ? ` · ${d.issues.errors} errors` : ''}`,
        target: '',
        met: '',
      },
      { item: 'parts', measurement: `pgbench tpcb-like (-s ${d.pgbench.scale} -c ${d.pgbench.clients} -j ${d.pgbench.threads} -M prepared), same run`, figure: `${d.pgbench.tps.toFixed(0)} tps`, target: '', met: '' },
      { item: 'parts', measurement: 'issues/s ÷ pgbench tps', figure: d.ratio.toFixed(3), target: `≥ ${PARTS_RATIO_TARGET}`, met: met(d.ratio >= PARTS_RATIO_TARGET) },
      { item: 'parts', measurement: `Ledger = balances afterwards (${d.ledgerLines.toLocaleString('en')} ledger lines)`, figure: `${d.mismatches} mismatches`, target: '0', met: met(d.mismatches === 0) },
      {
        item: 'parts',
        measurement: `Stock count of ${d.count.lines.toLocaleString('en')} lines posted (${d.count.adjusted.toLocaleString('en')} adjustments), PGlite`,
        figure: `${d.count.postSeconds.toFixed(1)} s (Excel import ${d.count.importSeconds.toFixed(1)} s)`,
        target: `< ${COUNT_POST_TARGET_SECONDS} s`,
        met: met(d.count.postSeconds < COUNT_POST_TARGET_SECONDS && d.count.mismatches === 0),
      },
    ];
  },
  headline(raw) {
    const d = raw as unknown as PartsData;
    return `${d.issues.perSecond.toFixed(0)} issues/s vs pgbench ${d.pgbench.tps.toFixed(0)} tps (ratio ${d.ratio.toFixed(3)}); ${d.mismatches} ledger mismatches; ${d.count.lines.toLocaleString('en')}-line count posted in ${d.count.postSeconds.toFixed(1)} s`;
  },
};
