/**
 * The `pay` phase (issue 12): a month's pay run for 500 technicians and 50,000 repair orders on
 * PostgreSQL. The month is bulk-loaded with SQL (technicians and supervisors, completed repairs
 * with crews, four approved time entries each, quotes, charges, accounts, payments collected in
 * the month and costs; delivery reports, exams and confirmed penalties), then through the real
 * server: the run started (first compute), recomputed (the target: under 10 s), its lines read
 * whole and exported to Excel, with the server's memory. The baseline, measured in the same run
 * on the same database: reading the month's raw inputs (the entries with their tickets, the
 * month's payments, the crews) with plain SQL, the floor any computation stands on.
 *   BENCH_PAY_TECHNICIANS=500 BENCH_PAY_ORDERS=50000 BENCH_PAY_REPEAT=3
 */
import { readFileSync } from 'node:fs';
import { request } from 'undici';
import { loadConfig } from '../server/config';
import { prepareDatabase } from '../server/main';
import { withClient } from './pg';
import { PHASE_RENDERERS, type CodeIdentity, type PhaseRecord, type Row } from './report';
import { api, type RunningServer } from './server';

export const RECOMPUTE_TARGET_SECONDS = 10;
const TECHNICIANS = Number(process.env.BENCH_PAY_TECHNICIANS ?? 500);
const ORDERS = Number(process.env.BENCH_PAY_ORDERS ?? 50_000);
const REPEAT = Number(process.env.BENCH_PAY_REPEAT ?? 3);
const SUPERVISORS = 10;
const CUSTOMERS = 2_000;
/** New-machine deliveries with a received report, besides the repairs. */
const DELIVERIES = Math.round(ORDERS / 25);
const EXAMS = Math.round(TECHNICIANS * 0.6);
const PENALTIES = Math.round(TECHNICIANS * 0.4);

export interface PayContext {
  log: (line: string) => void;
  scratchDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }>;
  serve(label: string, dataDir: string, databaseUrl?: string, startTimeoutMs?: number): Promise<RunningServer & { token: string; code: CodeIdentity }>;
  tempDir(label: string): string;
  password: string;
}

interface Timed {
  seconds: number;
  bytes?: number;
}

interface Counts {
  technicians: number;
  supervisors: number;
  orders: number;
  deliveries: number;
  timeEntries: number;
  payments: number;
  exams: number;
  penalties: number;
}

interface PayData {
  engine: 'postgresql';
  month: string;
  counts: Counts;
  seedSeconds: number;
  /** The month's raw inputs read with plain SQL, best of REPEAT. */
  baseline: { seconds: number; rows: number };
  create: Timed;
  recompute: { runs: number[]; median: number; max: number };
  lines: Timed & { people: number; components: number };
  xlsx: Timed;
  run: { people: number; totalFen: number; lines: number };
  rssBeforeMb: number;
  peakRssMb: number;
  ratio: number;
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

/** The month before the current one in the organisation's zone: over, as a clerk computes it. */
function previousMonth(timeZone: string): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).format(new Date());
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Everything the month's pay is computed from, set-wise. */
export async function seedMonth(ctx: Pick<PayContext, 'log' | 'password'>, url: string, dataDir: string): Promise<{ month: string; counts: Counts; seedSeconds: number }> {
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, ADMIN_PASSWORD: ctx.password, LOG_LEVEL: 'warn' });
  const database = await prepareDatabase(config, () => {});
  await database.close();
  const started = performance.now();
  return withClient(url, async (c) => {
    const q = async (text: string, params: unknown[] = []) => (await c.query(text, params)).rows;
    const [admin] = (await q(`select u.org_id, u.id, u.password_hash, o.time_zone from users u join organisations o on o.id = u.org_id where u.role = 'admin' limit 1`)) as {
      org_id: string;
      id: string;
      password_hash: string;
      time_zone: string;
    }[];
    const org = admin!.org_id;
    const by = admin!.id;
    const month = previousMonth(admin!.time_zone);
    ctx.log(`  pay: ${TECHNICIANS} technicians, ${ORDERS.toLocaleString('en')} repairs and ${DELIVERIES.toLocaleString('en')} deliveries in ${month}, PostgreSQL (set-wise SQL)`);
    // The month's first instant in the organisation's zone.
    const [{ m0 }] = (await q(`select (($1 || '-01')::timestamp at time zone $2) as m0`, [month, admin!.time_zone])) as [{ m0: Date }];

    // M1: grades and statuses mixed; a tenth on probation, a tenth apprentices, a tenth on trial.
    await q(
      `insert into teams (org_id, id, name) select $1, gen_random_uuid(), '维修' || i || '组' from generate_series(1, greatest(10, $2::int)) as i on conflict do nothing`,
      [org, SUPERVISORS],
    );
    await q(
      `insert into users (org_id, id, username, name, role, password_hash, phone, grade, employment_status, team_id)
       select $1, gen_random_uuid(), 'paytech' || i, '技师' || lpad(i::text, 3, '0'), 'technician', $2, '139' || lpad(i::text, 8, '0'),
              (array['junior', 'intermediate', 'senior'])[1 + i % 3],
              case i % 10 when 0 then 'probation' when 1 then 'apprentice' when 2 then 'trial' else 'regular' end,
              (select t.id from teams t where t.org_id = $1 and t.name = '维修' || (1 + i % 10) || '组')
       from generate_series(1, $3::int) as i`,
      [org, admin!.password_hash, TECHNICIANS],
    );
    await q(
      `insert into users (org_id, id, username, name, role, password_hash, team_id)
       select $1, gen_random_uuid(), 'paysup' || i, '主管' || i, 'supervisor', $2, (select t.id from teams t where t.org_id = $1 and t.name = '维修' || i || '组')
       from generate_series(1, $3::int) as i`,
      [org, admin!.password_hash, SUPERVISORS],
    );
    await q(`create temporary table bench_techs as select id, row_number() over (order by username) - 1 as n from users where org_id = $1 and role = 'technician'`, [org]);
    await q(`create temporary table bench_sups as select id, row_number() over (order by username) - 1 as n from users where org_id = $1 and role = 'supervisor'`, [org]);
    // A twentieth promoted in the middle of the month.
    await q(
      `insert into user_grade_changes (org_id, id, user_id, effective_on, grade, employment_status, recorded_by, recorded_at)
       select $1, gen_random_uuid(), t.id, ($2::timestamptz)::date + 14, 'senior', 'regular', $3, $2::timestamptz
       from bench_techs t where t.n % 20 = 7`,
      [org, m0, by],
    );
    await q(`insert into customers (org_id, id, name) select $1, gen_random_uuid(), '薪酬客户' || i from generate_series(1, $2::int) as i`, [org, CUSTOMERS]);
    await q(`create temporary table bench_customers as select id, row_number() over (order by id) - 1 as n from customers where org_id = $1`, [org]);

    // Completed repairs over the month's first 27 days, a third each in warranty, out of it, unknown.
    await q(
      `insert into tickets (org_id, id, number, type, channel, status, customer_id, description, warranty, assignee_id,
                            reported_at, accepted_at, dispatched_at, started_at, completed_at, created_by)
       select $1, gen_random_uuid(), 'PY-' || lpad(i::text, 6, '0'), 'repair', 'phone', 'completed', c.id, '薪酬压测维修' || i,
              (array['in', 'out', 'unknown'])[1 + i % 3], t.id,
              at, at + interval '10 minutes', at + interval '20 minutes', at + interval '2 hours', at + interval '1 day', $2
       from (select i, $3::timestamptz + (i % 27) * interval '1 day' + (i % 600) * interval '1 minute' + interval '8 hours' as at
             from generate_series(1, $4::int) as i) s
       join bench_customers c on c.n = s.i % ${CUSTOMERS}
       join bench_techs t on t.n = s.i % ${TECHNICIANS}`,
      [org, by, m0, ORDERS],
    );
    await q(
      `insert into tickets (org_id, id, number, type, channel, status, customer_id, description, warranty, assignee_id,
                            reported_at, accepted_at, dispatched_at, started_at, completed_at, created_by)
       select $1, gen_random_uuid(), 'PD-' || lpad(i::text, 6, '0'), 'delivery', 'phone', 'completed', c.id, '新机交付' || i, 'in', t.id,
              at, at, at, at + interval '1 hour', at + interval '3 hours', $2
       from (select i, $3::timestamptz + (i % 27) * interval '1 day' + interval '9 hours' as at from generate_series(1, $4::int) as i) s
       join bench_customers c on c.n = s.i % ${CUSTOMERS}
       join bench_techs t on t.n = (s.i * 7) % ${TECHNICIANS}`,
      [org, by, m0, DELIVERIES],
    );
    await q(
      `create temporary table bench_orders as
       select id, customer_id, type, started_at, completed_at, substr(number, 4)::int as i from tickets where org_id = $1`,
      [org],
    );
    // Crews of one to three; the lead is the assignee.
    await q(
      `insert into ticket_crew (org_id, ticket_id, user_id, is_lead)
       select $1, o.id, t.id, k = 0
       from bench_orders o cross join generate_series(0, 2) as k
       join bench_techs t on t.n = (o.i + k * 167) % ${TECHNICIANS}
       where o.type = 'repair' and k <= o.i % 3`,
      [org],
    );
    await q(
      `insert into ticket_crew (org_id, ticket_id, user_id, is_lead)
       select $1, o.id, t.id, true from bench_orders o join bench_techs t on t.n = (o.i * 7) % ${TECHNICIANS} where o.type = 'delivery'`,
      [org],
    );
    // Four approved entries a repair: the lead's work, travel and waiting, and a second pair of hands (or the lead again).
    await q(
      `insert into time_entries (org_id, id, ticket_id, user_id, kind, transport, wait_reason, started_at, ended_at, minutes, status, approved_by, approved_at)
       select $1, gen_random_uuid(), o.id, t.id, e.kind, e.transport, e.wait_reason, o.started_at + e.offset_minutes * interval '1 minute',
              o.started_at + (e.offset_minutes + e.minutes) * interval '1 minute', e.minutes, 'approved', s.id, o.completed_at + interval '1 hour'
       from bench_orders o
       cross join lateral (values
         (0, 'travel', case when o.i % 2 = 0 then 'public' else 'company' end, null::text, -40, 40),
         (0, 'direct', null, null, 0, 60 + o.i % 90),
         (0, 'wait', null, (array['waiting_goods', 'force_majeure', 'customer'])[1 + o.i % 3], 200, 30),
         (case when o.i % 3 > 0 then 1 else 0 end, 'direct', null, null, 300, 45)
       ) as e(member, kind, transport, wait_reason, offset_minutes, minutes)
       join bench_techs t on t.n = (o.i + e.member * 167) % ${TECHNICIANS}
       join bench_sups s on s.n = o.i % ${SUPERVISORS}
       where o.type = 'repair'`,
      [org],
    );
    await q(
      `insert into time_entries (org_id, id, ticket_id, user_id, kind, started_at, ended_at, minutes, status, approved_by, approved_at)
       select $1, gen_random_uuid(), o.id, t.id, 'direct', o.started_at, o.started_at + interval '2 hours', 120, 'approved', s.id, o.completed_at + interval '1 hour'
       from bench_orders o join bench_techs t on t.n = (o.i * 7) % ${TECHNICIANS} join bench_sups s on s.n = o.i % ${SUPERVISORS}
       where o.type = 'delivery'`,
      [org],
    );
    // M6: each delivery's report received the next day; one in twenty found unexplained at the callback.
    await q(
      `insert into work_reports (org_id, ticket_id, fault_found, work_done, instructed, delivery_checklist, signer_name, submitted_by, submitted_at,
                                 received_by, received_at, callback_explained, callback_by, callback_at)
       select $1, o.id, '', '新机交付调试', '{operation,care,safety}', '{}', '客户' || o.i, t.id, o.completed_at, $2, o.completed_at + interval '1 day',
              o.i % 20 <> 0, $2, o.completed_at + interval '1 day 2 hours'
       from bench_orders o join bench_techs t on t.n = (o.i * 7) % ${TECHNICIANS} where o.type = 'delivery'`,
      [org, by],
    );
    // M7: an approved quote, a charge (a quarter with their own repair warranty), the account, the money.
    await q(
      `create temporary table bench_money as
       select o.id as ticket_id, o.customer_id, o.completed_at, o.i,
              20000 + (o.i::bigint * 7919) % 300000 as charged, 3000 + (o.i::bigint * 104729) % 40000 as costs
       from bench_orders o where o.type = 'repair'`,
    );
    await q(
      `insert into quotes (org_id, id, ticket_id, customer_id, number, status, lines, total_fen, valid_until, created_by, created_at, decided_at, decided_by, decided_via)
       select $1, gen_random_uuid(), ticket_id, customer_id, 1, 'approved', '[]'::jsonb, charged, completed_at + interval '30 days', $2, completed_at - interval '1 hour', completed_at, $2, 'staff'
       from bench_money`,
      [org, by],
    );
    await q(
      `insert into charges (org_id, id, ticket_id, customer_id, quote_id, basis, lines, total_fen, created_by, created_at, repair_warranty_months)
       select $1, gen_random_uuid(), q.ticket_id, q.customer_id, q.id, 'approved', '[]'::jsonb, q.total_fen, $2, m.completed_at, case when m.i % 4 = 0 then 3 end
       from quotes q join bench_money m on m.ticket_id = q.ticket_id where q.org_id = $1`,
      [org, by],
    );
    // Eight in ten paid in full in the month, one in ten in part, one in ten not yet.
    await q(
      `insert into ticket_accounts (org_id, ticket_id, customer_id, charged_fen, collected_fen, costs_fen, charged_at)
       select $1, ticket_id, customer_id, charged, case when i % 10 = 0 then 0 when i % 10 = 1 then charged / 2 else charged end, costs, completed_at from bench_money`,
      [org],
    );
    await q(
      `insert into payments (org_id, id, ticket_id, customer_id, amount_fen, method, received_by, received_at)
       select org_id, gen_random_uuid(), ticket_id, customer_id, collected_fen, 'wechat_pay', $2, charged_at + interval '2 hours'
       from ticket_accounts where org_id = $1 and collected_fen > 0`,
      [org, by],
    );
    await q(
      `insert into ticket_costs (org_id, id, ticket_id, customer_id, kind, amount_fen, status, entered_by, entered_at, decided_by, decided_at)
       select $1, gen_random_uuid(), ticket_id, customer_id, 'travel', costs, 'approved', $2, completed_at, $2, completed_at from bench_money`,
      [org, by],
    );
    // M10: first-attempt passes; A5: confirmed penalties.
    await q(
      `insert into technician_exams (org_id, id, user_id, product_line, score, passed, attempt, taken_on, recorded_by)
       select $1, gen_random_uuid(), t.id, '洗衣机', 90, true, 1, ($3::timestamptz)::date + (t.n % 27)::int, $2 from bench_techs t where t.n < $4`,
      [org, by, m0, EXAMS],
    );
    await q(
      `insert into pay_penalties (org_id, id, user_id, cause, quantity, amount_fen, description, ticket_id, recorded_by, recorded_at, confirmed_by, confirmed_at)
       select $1, gen_random_uuid(), t.id, case when k % 2 = 0 then 'wrong_phone' else 'quality_complaint' end, 1, 5000, '压测罚款' || k, o.id, $2,
              o.completed_at + interval '1 day', $2, o.completed_at + interval '1 day 1 hour'
       from generate_series(0, $3::int - 1) as k
       join bench_techs t on t.n = (k * 3) % ${TECHNICIANS}
       join bench_orders o on o.type = 'repair' and o.i = 1 + k * 11`,
      [org, by, PENALTIES],
    );
    await q('analyze');
    const [counts] = (await q(
      `select (select count(*) from users where org_id = $1 and role = 'technician')::int as technicians,
              (select count(*) from users where org_id = $1 and role = 'supervisor')::int as supervisors,
              (select count(*) from tickets where org_id = $1 and type = 'repair')::int as orders,
              (select count(*) from work_reports where org_id = $1 and received_at is not null)::int as deliveries,
              (select count(*) from time_entries where org_id = $1)::int as "timeEntries",
              (select count(*) from payments where org_id = $1)::int as payments,
              (select count(*) from technician_exams where org_id = $1)::int as exams,
              (select count(*) from pay_penalties where org_id = $1)::int as penalties`,
      [org],
    )) as Counts[];
    return { month, counts: counts!, seedSeconds: (performance.now() - started) / 1000 };
  });
}

/** The floor: the month's raw inputs read with plain SQL, every row to the client. */
async function baselineRead(url: string, month: string): Promise<{ seconds: number; rows: number }> {
  return withClient(url, async (c) => {
    const [{ tz, org }] = (await c.query<{ tz: string; org: string }>(`select o.time_zone as tz, o.id as org from organisations o limit 1`)).rows as [{ tz: string; org: string }];
    const bounds = [`${month}-01`, tz];
    const from = `(($2)::timestamp at time zone $3)`;
    const to = `((($2)::date + interval '1 month')::timestamp at time zone $3)`;
    const queries: [string, unknown[]][] = [
      [
        `select e.id, e.ticket_id, t.number, t.type, t.warranty, e.user_id, e.kind, e.transport, e.wait_reason, e.started_at, e.minutes
         from time_entries e join tickets t on t.org_id = e.org_id and t.id = e.ticket_id
         where e.org_id = $1 and e.status = 'approved' and e.started_at >= ${from} and e.started_at < ${to}`,
        [org, ...bounds],
      ],
      [
        `select p.ticket_id, sum(p.amount_fen), a.charged_fen, a.costs_fen, c.repair_warranty_months
         from payments p join ticket_accounts a on a.org_id = p.org_id and a.ticket_id = p.ticket_id
         left join charges c on c.org_id = p.org_id and c.ticket_id = p.ticket_id
         where p.org_id = $1 and p.received_at >= ${from} and p.received_at < ${to}
         group by p.ticket_id, a.charged_fen, a.costs_fen, c.repair_warranty_months`,
        [org, ...bounds],
      ],
      [`select ticket_id, user_id, is_lead from ticket_crew where org_id = $1`, [org]],
    ];
    let best = Infinity;
    let rows = 0;
    for (let round = 0; round < REPEAT; round++) {
      const started = performance.now();
      rows = 0;
      for (const [text, params] of queries) rows += (await c.query(text, params)).rowCount ?? 0;
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return { seconds: best, rows };
  });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

/** Downloads a response whole, counting its bytes. */
async function download(server: RunningServer & { token: string }, path: string): Promise<{ seconds: number; body: Buffer }> {
  const started = performance.now();
  const res = await request(`${server.origin}${path}`, { headers: { authorization: `Bearer ${server.token}` }, bodyTimeout: 0, headersTimeout: 0 });
  const chunks: Buffer[] = [];
  for await (const chunk of res.body) chunks.push(chunk as Buffer);
  const seconds = (performance.now() - started) / 1000;
  if (res.statusCode !== 200) throw new Error(`GET ${path}: ${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 500)}`);
  return { seconds, body: Buffer.concat(chunks) };
}

interface RunView {
  id: string;
  people: number;
  totalFen: number;
}

export async function phasePay(ctx: PayContext): Promise<PhaseRecord> {
  ctx.log(`\n▶ pay: a month's pay run for ${TECHNICIANS} technicians and ${ORDERS.toLocaleString('en')} orders on PostgreSQL; target recompute < ${RECOMPUTE_TARGET_SECONDS} s`);
  const db = await ctx.scratchDatabase('pay');
  const dataDir = ctx.tempDir('pay');
  const seeded = await seedMonth(ctx, db.url, dataDir);
  const n = seeded.counts;
  ctx.log(
    `  seeded in ${seeded.seedSeconds.toFixed(1)} s: ${n.technicians} technicians, ${n.orders.toLocaleString('en')} repairs, ${n.deliveries.toLocaleString('en')} received deliveries, ${n.timeEntries.toLocaleString('en')} approved time entries, ${n.payments.toLocaleString('en')} payments, ${n.exams} exams, ${n.penalties} penalties`,
  );
  const baseline = await baselineRead(db.url, seeded.month);
  ctx.log(`  baseline: the month's raw inputs (${baseline.rows.toLocaleString('en')} rows) read with plain SQL in ${baseline.seconds.toFixed(2)} s (best of ${REPEAT})`);

  const server = await ctx.serve('pay', dataDir, db.url);
  const call = <T>(method: 'GET' | 'POST', path: string, body?: unknown) => api<T>(server.origin, server.token, method, path, body);
  const rssBefore = memoryOf(server.pid).rssMb;
  const created = await timed(() => call<RunView>('POST', '/api/v1/pay-runs', { month: seeded.month }));
  ctx.log(`  → createRun (first compute): ${created.seconds.toFixed(2)} s; ${created.value.people} people, total ¥${(created.value.totalFen / 100).toLocaleString('en')}`);
  const runId = created.value.id;
  const recomputes: number[] = [];
  let last: RunView = created.value;
  for (let round = 0; round < REPEAT; round++) {
    const r = await timed(() => call<RunView>('POST', `/api/v1/pay-runs/${runId}/recompute`));
    recomputes.push(r.seconds);
    last = r.value;
    ctx.log(`  → recomputeRun ${round + 1}: ${r.seconds.toFixed(2)} s`);
  }
  if (last.totalFen !== created.value.totalFen) throw new Error(`pay: the recompute changed the total (${created.value.totalFen} → ${last.totalFen})`);
  const linesGot = await download(server, `/api/v1/pay-runs/${runId}/lines`);
  const linesView = JSON.parse(linesGot.body.toString('utf8')) as { items: { components: unknown[] }[] };
  const components = linesView.items.reduce((sum, p) => sum + p.components.length, 0);
  ctx.log(`  → runLines: ${linesGot.seconds.toFixed(2)} s, ${linesView.items.length} people, ${components.toLocaleString('en')} lines, ${(linesGot.body.length / 1e6).toFixed(1)} MB`);
  const xlsx = await download(server, `/api/v1/pay-runs/${runId}/export.xlsx`);
  ctx.log(`  → runXlsx: ${xlsx.seconds.toFixed(2)} s, ${(xlsx.body.length / 1e6).toFixed(1)} MB`);
  const memory = memoryOf(server.pid);
  ctx.log(`  → server RSS ${rssBefore.toFixed(0)} MB before the run, peak ${memory.peakMb.toFixed(0)} MB`);
  await server.stop();
  await db.drop();

  const sorted = [...recomputes].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const max = sorted[sorted.length - 1]!;
  const ratio = median / baseline.seconds;
  ctx.log(`  → recompute median ${median.toFixed(2)} s, max ${max.toFixed(2)} s (target < ${RECOMPUTE_TARGET_SECONDS} s): ${max < RECOMPUTE_TARGET_SECONDS ? 'met' : 'MISSED'}; ${ratio.toFixed(1)}× the raw read`);
  if (max >= RECOMPUTE_TARGET_SECONDS) process.exitCode = 1;
  const data: PayData = {
    engine: 'postgresql',
    month: seeded.month,
    counts: seeded.counts,
    seedSeconds: seeded.seedSeconds,
    baseline,
    create: { seconds: created.seconds },
    recompute: { runs: recomputes, median, max },
    lines: { seconds: linesGot.seconds, bytes: linesGot.body.length, people: linesView.items.length, components },
    xlsx: { seconds: xlsx.seconds, bytes: xlsx.body.length },
    run: { people: last.people, totalFen: last.totalFen, lines: components },
    rssBeforeMb: rssBefore,
    peakRssMb: memory.peakMb,
    ratio,
  };
  return { phase: 'pay', at: new Date().toISOString(), seconds: created.seconds + recomputes.reduce((a, b) => a + b, 0), data: data as unknown as Record<string, unknown>, code: server.code };
}

const sec = (v: number) => `${v.toFixed(2)} s`;

PHASE_RENDERERS.pay = {
  rows(raw): Row[] {
    const d = raw as unknown as PayData;
    const n = d.counts;
    return [
      {
        item: 'pay',
        measurement: `Recompute a month's pay run: ${n.technicians} technicians, ${n.orders.toLocaleString('en')} repairs (${n.timeEntries.toLocaleString('en')} approved time entries, ${n.payments.toLocaleString('en')} payments), ${n.deliveries.toLocaleString('en')} deliveries, PostgreSQL; ${d.run.lines.toLocaleString('en')} lines`,
        figure: `median ${sec(d.recompute.median)} · max ${sec(d.recompute.max)} (${d.recompute.runs.length} runs)`,
        target: `< ${RECOMPUTE_TARGET_SECONDS} s`,
        met: d.recompute.max < RECOMPUTE_TARGET_SECONDS ? '✅ met' : '❌ missed',
      },
      { item: 'pay', measurement: 'Start the run (first compute)', figure: sec(d.create.seconds), target: '', met: '' },
      { item: 'pay', measurement: `The run's lines, all ${d.lines.people} people (JSON)`, figure: `${sec(d.lines.seconds)} · ${((d.lines.bytes ?? 0) / 1e6).toFixed(1)} MB`, target: '', met: '' },
      { item: 'pay', measurement: 'The run as Excel', figure: `${sec(d.xlsx.seconds)} · ${((d.xlsx.bytes ?? 0) / 1e6).toFixed(1)} MB`, target: '', met: '' },
      { item: 'pay', measurement: `Baseline: the month's raw inputs (${d.baseline.rows.toLocaleString('en')} rows) read with plain SQL, same database, same run`, figure: sec(d.baseline.seconds), target: '', met: '' },
      { item: 'pay', measurement: 'recompute median ÷ raw read · server RSS before → peak', figure: `${d.ratio.toFixed(1)} · ${d.rssBeforeMb.toFixed(0)} → ${d.peakRssMb.toFixed(0)} MB`, target: '', met: '' },
    ];
  },
  headline(raw) {
    const d = raw as unknown as PayData;
    return `recompute ${sec(d.recompute.median)} for ${d.counts.technicians} technicians and ${d.counts.orders.toLocaleString('en')} orders on PostgreSQL (${d.ratio.toFixed(1)}× the raw read); lines ${sec(d.lines.seconds)}, Excel ${sec(d.xlsx.seconds)}`;
  },
};
