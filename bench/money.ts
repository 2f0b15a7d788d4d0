/**
 * The `money` phase (issue 10): a month of 100,000 charged tickets on PGlite, bulk-loaded with
 * SQL (tickets, their accounts, payments and costs), then through the real server: the
 * receivables list (first page, a deep keyset page, one customer, one ageing column) as one user
 * waits for it, against the ticket list and /api/health on the same database in the same run;
 * the ageing summary; and the month's receivables and costs exported to Excel, with their time
 * and the server's memory.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { request } from 'undici';
import { loadConfig } from '../server/config';
import { prepareDatabase } from '../server/main';
import { queryRows } from '../server/db/client';
import { sequential, type SequentialResult } from './load';
import { PHASE_RENDERERS, type CodeIdentity, type PhaseRecord, type Row } from './report';
import type { RunningServer } from './server';

export const RECEIVABLES_P95_TARGET_MS = 100;
export const EXPORT_TARGET_SECONDS = 120;
const TICKETS = Number(process.env.BENCH_MONEY_TICKETS ?? 100_000);
const CUSTOMERS = 2_000;
const REQUESTS = 200;
const WARMUP = 20;

export interface MoneyContext {
  log: (line: string) => void;
  serve: (label: string, dataDir: string) => Promise<RunningServer & { token: string; code: CodeIdentity }>;
  tempDir: (label: string) => string;
  password: string;
}

interface ExportFigure {
  rows: number;
  bytes: number;
  seconds: number;
  /** The server's resident memory before, and its peak (VmHWM) after. */
  rssBeforeMb: number;
  peakRssMb: number;
}

interface MoneyData {
  engine: 'pglite';
  tickets: number;
  owed: number;
  costs: number;
  seedSeconds: number;
  health: SequentialResult;
  ticketList: SequentialResult;
  receivables: { first: SequentialResult; deep: SequentialResult; customer: SequentialResult; ageing: SequentialResult };
  summary: SequentialResult;
  ratio: number;
  exports: { receivables: ExportFigure; costs: ExportFigure };
}

/** The month's tickets, accounts, payments and costs, set-wise. */
export async function seedMonth(ctx: Pick<MoneyContext, 'log' | 'password'>, dataDir: string) {
  const config = loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: ctx.password, LOG_LEVEL: 'warn' });
  const database = await prepareDatabase(config, () => {});
  const started = performance.now();
  try {
    const [admin] = await queryRows<{ org_id: string; id: string }>(database.db, sql`select org_id, id from users where role = 'admin' limit 1`);
    const org = admin!.org_id;
    const by = admin!.id;
    const run = (q: ReturnType<typeof sql>) => queryRows(database.db, q);
    ctx.log(`  money: ${CUSTOMERS.toLocaleString('en')} customers, ${TICKETS.toLocaleString('en')} tickets charged over the last 30 days, PGlite (set-wise SQL)`);
    await run(sql`insert into customers (org_id, id, name) select ${org}, gen_random_uuid(), '结算客户' || i from generate_series(1, ${CUSTOMERS}) as i`);
    await run(sql`create temporary table bench_customers as select id, row_number() over (order by id) as n from customers where org_id = ${org}`);
    await run(
      sql`insert into tickets (org_id, id, number, channel, customer_id, description, reported_at, created_by)
          select ${org}, gen_random_uuid(), 'MN-' || lpad(i::text, 6, '0'), 'phone', c.id, '收费压测工单' || i,
                 now() - (i % 30) * interval '1 day' - (i % 86400) * interval '1 second', ${by}
          from generate_series(1, ${TICKETS}) as i join bench_customers c on c.n = 1 + i % ${CUSTOMERS}`,
    );
    // Charged ¥100–¥2,099; a fifth paid in full, two fifths in part, the rest not yet.
    await run(
      sql`insert into ticket_accounts (org_id, ticket_id, customer_id, charged_fen, collected_fen, costs_fen, charged_at)
          select org_id, id, customer_id, charged, case when k % 5 = 0 then charged when k % 5 in (1, 2) then charged / 2 else 0 end, 5000, at
          from (select t.org_id, t.id, t.customer_id, t.reported_at + interval '2 hours' as at,
                       10000 + (abs(hashtext(t.id::text)) % 200000) as charged, abs(hashtext(t.number)) as k
                from tickets t where t.org_id = ${org} and t.number like 'MN-%') s`,
    );
    await run(
      sql`insert into payments (org_id, id, ticket_id, customer_id, amount_fen, method, received_by, received_at)
          select org_id, gen_random_uuid(), ticket_id, customer_id, collected_fen, 'bank_transfer', ${by}, charged_at + interval '1 hour'
          from ticket_accounts where org_id = ${org} and collected_fen > 0`,
    );
    await run(
      sql`insert into ticket_costs (org_id, id, ticket_id, customer_id, kind, amount_fen, status, entered_by, entered_at, decided_by, decided_at)
          select org_id, gen_random_uuid(), ticket_id, customer_id, 'travel', 5000, 'approved', ${by}, charged_at, ${by}, charged_at
          from ticket_accounts where org_id = ${org}`,
    );
    await run(sql`analyze`);
    const [counts] = await queryRows<{ owed: string; costs: string }>(
      database.db,
      sql`select (select count(*) from ticket_accounts where charged_fen > collected_fen) as owed, (select count(*) from ticket_costs) as costs`,
    );
    return { owed: Number(counts!.owed), costs: Number(counts!.costs), seedSeconds: (performance.now() - started) / 1000 };
  } finally {
    await database.close();
  }
}

function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}

/** Downloads an export whole, counting its bytes as they come. */
async function timeExport(server: RunningServer & { token: string }, path: string, rows: number): Promise<ExportFigure> {
  const before = memoryOf(server.pid);
  const started = performance.now();
  const res = await request(`${server.origin}${path}`, { headers: { authorization: `Bearer ${server.token}` }, bodyTimeout: 0, headersTimeout: 0 });
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Buffer).length;
  const seconds = (performance.now() - started) / 1000;
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode}`);
  return { rows, bytes, seconds, rssBeforeMb: before.rssMb, peakRssMb: memoryOf(server.pid).peakMb };
}

export async function phaseMoney(ctx: MoneyContext): Promise<PhaseRecord> {
  ctx.log(`\n▶ money: ${TICKETS.toLocaleString('en')} charged tickets in a month on PGlite; receivables list vs the ticket list and /api/health; Excel exports`);
  const dataDir = ctx.tempDir('money');
  const seeded = await seedMonth(ctx, dataDir);
  ctx.log(`  seeded in ${seeded.seedSeconds.toFixed(1)} s: ${seeded.owed.toLocaleString('en')} tickets with money owed, ${seeded.costs.toLocaleString('en')} costs`);
  const server = await ctx.serve('money', dataDir);
  const headers = { authorization: `Bearer ${server.token}` };
  const measure = (path: string) => sequential({ origin: server.origin, path, headers, warmup: WARMUP, requests: REQUESTS, maxSeconds: 120 });
  const health = await measure('/api/health');
  const ticketList = await measure('/api/v1/tickets?pageSize=50');
  const first = await measure('/api/v1/receivables?limit=50');
  // A page deep into the list: the cursor after about half of it.
  let after: string | null = null;
  for (let i = 0; i < 5; i++) {
    const page: Awaited<ReturnType<typeof request>> = await request(`${server.origin}/api/v1/receivables?limit=200${after ? `&after=${after}` : ''}`, { headers });
    after = ((await page.body.json()) as { next: string | null }).next;
  }
  const deep = await measure(`/api/v1/receivables?limit=50&after=${after}`);
  const someone = ((first.sample as { items: { customerId: string }[] }).items[0]!).customerId;
  const customer = await measure(`/api/v1/receivables?limit=50&customerId=${someone}`);
  const ageing = await measure('/api/v1/receivables?limit=50&ageing=0');
  const summary = await sequential({ origin: server.origin, path: '/api/v1/receivables/summary', headers, warmup: 2, requests: 20, maxSeconds: 120 });
  const ratio = first.latencyMs.p95 / ticketList.latencyMs.p95;
  ctx.log(`  → receivables p95 ${first.latencyMs.p95.toFixed(1)} ms (deep ${deep.latencyMs.p95.toFixed(1)}, one customer ${customer.latencyMs.p95.toFixed(1)}, ageing column ${ageing.latencyMs.p95.toFixed(1)}); ticket list p95 ${ticketList.latencyMs.p95.toFixed(1)} ms; /api/health p95 ${health.latencyMs.p95.toFixed(1)} ms; ratio ${ratio.toFixed(2)}`);
  ctx.log(`  → ageing summary p95 ${summary.latencyMs.p95.toFixed(1)} ms`);
  const month = new Date().toISOString().slice(0, 7);
  const receivablesExport = await timeExport(server, '/api/v1/receivables/export.xlsx', seeded.owed);
  ctx.log(`  → receivables export: ${receivablesExport.rows.toLocaleString('en')} rows, ${(receivablesExport.bytes / 1e6).toFixed(1)} MB in ${receivablesExport.seconds.toFixed(1)} s; server RSS ${receivablesExport.rssBeforeMb.toFixed(0)} MB before, peak ${receivablesExport.peakRssMb.toFixed(0)} MB`);
  const costsExport = await timeExport(server, `/api/v1/costs/export.xlsx?month=${month}`, seeded.costs);
  ctx.log(`  → costs export (${month}): ${(costsExport.bytes / 1e6).toFixed(1)} MB in ${costsExport.seconds.toFixed(1)} s; server peak RSS ${costsExport.peakRssMb.toFixed(0)} MB`);
  await server.stop();
  const data: MoneyData = {
    engine: 'pglite',
    tickets: TICKETS,
    ...seeded,
    health,
    ticketList,
    receivables: { first, deep, customer, ageing },
    summary,
    ratio,
    exports: { receivables: receivablesExport, costs: costsExport },
  };
  for (const r of [first, deep, customer, ageing]) delete (r as { sample?: unknown }).sample;
  for (const r of [health, ticketList, summary]) delete (r as { sample?: unknown }).sample;
  if (first.latencyMs.p95 >= RECEIVABLES_P95_TARGET_MS || receivablesExport.seconds >= EXPORT_TARGET_SECONDS) process.exitCode = 1;
  return { phase: 'money', at: new Date().toISOString(), seconds: 0, data: data as unknown as Record<string, unknown>, code: server.code };
}

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
const met = (ok: boolean) => (ok ? '✅ met' : '❌ missed');

PHASE_RENDERERS.money = {
  rows(raw): Row[] {
    const d = raw as unknown as MoneyData;
    const r = d.receivables;
    const exp = (name: string, e: ExportFigure) => ({
      item: 'money',
      measurement: `${name} export to Excel, ${e.rows.toLocaleString('en')} rows, PGlite`,
      figure: `${e.seconds.toFixed(1)} s · ${(e.bytes / 1e6).toFixed(1)} MB · server RSS ${e.rssBeforeMb.toFixed(0)} → peak ${e.peakRssMb.toFixed(0)} MB`,
      target: `< ${EXPORT_TARGET_SECONDS} s`,
      met: met(e.seconds < EXPORT_TARGET_SECONDS),
    });
    return [
      {
        item: 'money',
        measurement: `Receivables list, first page of 50, ${d.tickets.toLocaleString('en')} charged tickets (${d.owed.toLocaleString('en')} owed), PGlite, sequential`,
        figure: `p50 ${ms(r.first.latencyMs.p50)} · p95 ${ms(r.first.latencyMs.p95)}`,
        target: `p95 < ${RECEIVABLES_P95_TARGET_MS} ms`,
        met: met(r.first.latencyMs.p95 < RECEIVABLES_P95_TARGET_MS),
      },
      { item: 'money', measurement: 'Receivables: a deep keyset page · one customer · one ageing column', figure: `p95 ${ms(r.deep.latencyMs.p95)} · ${ms(r.customer.latencyMs.p95)} · ${ms(r.ageing.latencyMs.p95)}`, target: '', met: '' },
      { item: 'money', measurement: 'Ageing summary with per-customer totals', figure: `p95 ${ms(d.summary.latencyMs.p95)}`, target: '', met: '' },
      { item: 'money', measurement: 'Ticket list (50) and /api/health on the same database, same run', figure: `p95 ${ms(d.ticketList.latencyMs.p95)} · ${ms(d.health.latencyMs.p95)}`, target: '', met: '' },
      { item: 'money', measurement: 'receivables p95 ÷ ticket list p95', figure: d.ratio.toFixed(2), target: '', met: '' },
      exp('Receivables', d.exports.receivables),
      exp('Costs (month)', d.exports.costs),
    ];
  },
  headline(raw) {
    const d = raw as unknown as MoneyData;
    return `receivables p95 ${ms(d.receivables.first.latencyMs.p95)} at ${d.tickets.toLocaleString('en')} charged tickets (ticket list ${ms(d.ticketList.latencyMs.p95)}); ${d.exports.receivables.rows.toLocaleString('en')}-row export in ${d.exports.receivables.seconds.toFixed(1)} s`;
  },
};
