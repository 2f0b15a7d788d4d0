/**
 * The `board` phase: the dispatch board (GET /api/v1/dispatch/board) for a day with 200
 * technicians and 2,000 jobs, on PostgreSQL, behind 30 earlier days of the same volume.
 *
 * The data goes in with set-based SQL before the server opens the database, as in seed.ts:
 * technicians with profiles, skills and some leave; customers with addresses and appliances;
 * tickets with their events and crews; planned visits. Today's tickets are open (most of them
 * dispatched with a window, the rest waiting in the queue); the history is closed. The
 * running server then computes the SLA clocks of the open tickets itself (a calendar change
 * schedules its recomputation), so the queue's badges and urgency order are the service's own.
 */
import { request } from 'undici';
import { loadConfig } from '../server/config';
import { prepareDatabase } from '../server/main';
import { dayBounds } from '../shared/time';
import { localDate } from '../shared/time';
import { sequential, type Latency } from './load';
import { pgRunner, withClient } from './pg';
import { PHASE_RENDERERS, type CodeIdentity, type PhaseRecord, type Row } from './report';
import type { RunningServer } from './server';

export const BOARD_TARGET_P95_MS = 200;

const TECHNICIANS = 200;
const JOBS_PER_DAY = 2000;
const HISTORY_DAYS = 30;
const CUSTOMERS = 20_000;
const TEAMS = 10;
const DISTRICTS = ['南山区', '福田区', '罗湖区', '宝安区', '龙岗区', '龙华区', '盐田区', '光明区', '坪山区', '大鹏新区'];
const CATEGORIES = ['空调', '热水器', '洗衣机', '冰箱', '厨电', '净水器', '电视'];
const TIME_ZONE = 'Asia/Shanghai';

export interface BoardContext {
  log: (line: string) => void;
  scratchDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }>;
  serve(label: string, dataDir: string, databaseUrl?: string, startTimeoutMs?: number): Promise<RunningServer & { token: string; code: CodeIdentity }>;
  tempDir(label: string): string;
  password: string;
  requests: number;
  warmup: number;
  maxSeconds: number;
}

interface Scenario {
  name: string;
  path: string;
  result: { requests: number; latencyMs: Latency; errors: number };
  counts: { technicians: number; visits: number; queue: number; queueTotal: number };
  bytes: number;
}

export interface BoardData {
  engine: 'postgresql';
  technicians: number;
  jobsPerDay: number;
  historyDays: number;
  seedSeconds: number;
  rows: Record<string, number>;
  scenarios: Scenario[];
}

/** Everything for one organisation, in one session (temporary tables hold the generated ids). */
async function seedBoard(url: string, orgId: string, now: Date, log: (line: string) => void): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const sql = pgRunner(client);
    const today = localDate(now, TIME_ZONE);
    const dayStart = new Date(dayBounds(today, TIME_ZONE).start);
    const params = { org: orgId, dayStart: dayStart.toISOString(), now: now.toISOString() };
    const q = async (label: string, text: string, values: unknown[] = []) => {
      const t0 = performance.now();
      await sql.query(text, values);
      log(`    ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    };
    await sql.exec('set synchronous_commit = off');
    // The field-service calendar the organisation starts with (every day 08:00–20:00).
    const [field] = await sql.query<{ id: string }>(`select id from calendars where org_id = $1 order by (name like '上门服务%') desc, is_default desc limit 1`, [orgId]);
    const [admin] = await sql.query<{ id: string; password_hash: string }>(`select id, password_hash from users where org_id = $1 and role = 'admin' limit 1`, [orgId]);

    await q(
      `${TEAMS} teams`,
      `insert into teams (org_id, id, name) select $1, gen_random_uuid(), g || '组' from generate_series(1, ${TEAMS}) g on conflict do nothing`,
      [orgId],
    );
    await q(
      `${TECHNICIANS} technicians`,
      `insert into users (org_id, id, username, name, role, password_hash, grade, employment_status, team_id, created_at, updated_at)
       select $1, gen_random_uuid(), 'btech' || lpad(g::text, 3, '0'), '技师' || lpad(g::text, 3, '0'), 'technician', $2,
         (array['junior','intermediate','senior'])[1 + g % 3],
         case when g % 20 = 0 then 'apprentice' when g % 25 = 0 then 'trial' when g % 7 = 0 then 'probation' else 'regular' end,
         (select t.id from teams t where t.org_id = $1 and t.name = (g % ${TEAMS} + 1) || '组'), now(), now()
       from generate_series(1, ${TECHNICIANS}) g`,
      [orgId, admin!.password_hash],
    );
    await sql.exec(`create temp table bt as select row_number() over (order by username) - 1 as idx, id, team_id from users where org_id = '${orgId}' and username like 'btech%'`);
    await q(
      'profiles',
      `insert into technician_profiles (org_id, user_id, regions, vehicle_plate, vehicle_type, calendar_id)
       select $1, id, array['深圳', ($2::text[])[1 + idx % ${TEAMS}]], '粤B' || lpad((10000 + idx)::text, 5, '0'), '面包车', $3 from bt`,
      [orgId, DISTRICTS, field!.id],
    );
    await q(
      'skills',
      `insert into technician_skills (org_id, user_id, product_line, level)
       select $1, bt.id, ($2::text[])[1 + (bt.idx + k) % ${CATEGORIES.length}], 1 + (bt.idx + k) % 3 from bt, generate_series(0, 2) k`,
      [orgId, CATEGORIES],
    );
    await q(
      'leave',
      `insert into technician_leaves (org_id, id, user_id, starts_at, ends_at, reason, approved, created_at, updated_at)
       select $1, gen_random_uuid(), id, $2::timestamptz + interval '9 hours', $2::timestamptz + interval '13 hours', '事假', idx % 2 = 0, now(), now() from bt where idx % 20 = 3`,
      [orgId, params.dayStart],
    );
    await q(
      `${CATEGORIES.length} products, ${CUSTOMERS.toLocaleString('en')} customers with addresses, phones and appliances`,
      `with p as (
         insert into products (org_id, id, name, category, kind) select $1, gen_random_uuid(), c || ' 标准型', c, 'appliance' from unnest($2::text[]) c returning id
       ), c as (
         insert into customers (org_id, id, name, created_at, updated_at) select $1, gen_random_uuid(), '客户' || g, now(), now() from generate_series(1, ${CUSTOMERS}) g returning id
       ) select 1`,
      [orgId, CATEGORIES],
    );
    await sql.exec(`create temp table bc as select row_number() over (order by id) - 1 as idx, id from customers where org_id = '${orgId}'`);
    await sql.exec(`create temp table bp as select row_number() over (order by category) - 1 as idx, id from products where org_id = '${orgId}'`);
    await q(
      'addresses, phones, assets',
      `with a as (
         insert into customer_addresses (org_id, id, customer_id, city, district, line, is_default)
         select $1, gen_random_uuid(), id, '深圳', ($2::text[])[1 + idx % ${TEAMS}], '科技路' || idx || '号', true from bc returning 1
       ), ph as (
         insert into customer_phones (org_id, id, customer_id, phone, is_primary) select $1, gen_random_uuid(), id, '139' || lpad(idx::text, 8, '0'), true from bc returning 1
       ), s as (
         insert into assets (org_id, id, customer_id, product_id, kind, product_name, serial_number, purchased_on)
         select $1, gen_random_uuid(), bc.id, bp.id, 'appliance', '家电', 'SN' || bc.idx, date '2025-06-01' from bc join bp on bp.idx = bc.idx % ${CATEGORIES.length} returning 1
       ) select 1`,
      [orgId, DISTRICTS],
    );
    await sql.exec(`create temp table ba as select bc.idx, a.id from assets a join bc on bc.id = a.customer_id where a.org_id = '${orgId}'`);

    // Day 0 is today; days 1..HISTORY_DAYS are closed history. Job s of a day goes to technician s % 200,
    // its visit at 08:00 + 90 min × (s / 200), 75 minutes long.
    await sql.exec(`create temp table bj as
      select d, s, gen_random_uuid() as id, ((d * ${JOBS_PER_DAY} + s) * 7919) % ${CUSTOMERS} as cidx,
        case when d > 0 then 'closed' when s % 5 = 0 then 'accepted' when s % 13 = 0 then 'dispatched' when s % 3 = 0 then 'in_progress' else 'dispatched' end as status,
        d = 0 and s % 5 <> 0 and s % 13 = 0 as no_window,
        $$${params.dayStart}$$::timestamptz - d * interval '1 day' as day_start
      from generate_series(0, ${HISTORY_DAYS}) d, generate_series(0, ${JOBS_PER_DAY - 1}) s`);
    await q(
      `${((HISTORY_DAYS + 1) * JOBS_PER_DAY).toLocaleString('en')} tickets`,
      `insert into tickets (org_id, id, number, type, channel, priority, emergency, status, customer_id, asset_id, description, reported_at, accepted_at,
         dispatched_at, started_at, completed_at, closed_at, assignee_id, created_by, version, created_at, updated_at)
       select $1, bj.id, 'BX-' || to_char(bj.day_start at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad((bj.s + 1)::text, 4, '0'), 'repair', 'phone',
         case when bj.s % 17 = 0 then 'high' else 'normal' end, bj.s % 50 = 0, bj.status, bc.id, ba.id, '空调不制冷，请尽快上门',
         r.reported, r.reported + interval '5 minutes',
         case when bj.status <> 'accepted' then r.reported + interval '15 minutes' end,
         case when bj.status in ('in_progress', 'closed') then r.reported + interval '30 minutes' end,
         case when bj.status = 'closed' then r.reported + interval '3 hours' end,
         case when bj.status = 'closed' then r.reported + interval '4 hours' end,
         case when bj.status <> 'accepted' then bt.id end, $2, 3, r.reported, r.reported
       from bj
       join bc on bc.idx = bj.cidx
       join ba on ba.idx = bj.cidx
       join bt on bt.idx = bj.s % ${TECHNICIANS}
       cross join lateral (select case when bj.d = 0 then $3::timestamptz - interval '120 minutes' + (bj.s % 30) * interval '1 minute'
                                       else bj.day_start + interval '7 hours' + (bj.s % 600) * interval '1 minute' end as reported) r`,
      [orgId, admin!.id, params.now],
    );
    await q(
      'crews and events',
      `with crew as (
         insert into ticket_crew (org_id, ticket_id, user_id, is_lead)
         select $1, t.id, t.assignee_id, true from tickets t join bj on bj.id = t.id where t.assignee_id is not null returning 1
       ), created as (
         insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, to_status, details)
         select $1, gen_random_uuid(), t.id, 'created', $2, t.reported_at, 'reported', '{"channel":"phone"}'::jsonb from tickets t join bj on bj.id = t.id returning 1
       ), accepted as (
         insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, from_status, to_status, details)
         select $1, gen_random_uuid(), t.id, 'transition', $2, t.accepted_at, 'reported', 'accepted', '{"action":"accept"}'::jsonb from tickets t join bj on bj.id = t.id returning 1
       ), dispatched as (
         insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, from_status, to_status, details)
         select $1, gen_random_uuid(), t.id, 'transition', $2, t.dispatched_at, 'accepted', 'dispatched', jsonb_build_object('action', 'dispatch', 'technicianId', t.assignee_id)
         from tickets t join bj on bj.id = t.id where t.dispatched_at is not null returning 1
       ), started as (
         insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, from_status, to_status, details)
         select $1, gen_random_uuid(), t.id, 'transition', $2, t.started_at, 'dispatched', 'in_progress', '{"action":"start"}'::jsonb
         from tickets t join bj on bj.id = t.id where t.started_at is not null returning 1
       ), completed as (
         insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, from_status, to_status, details)
         select $1, gen_random_uuid(), t.id, 'transition', $2, t.completed_at, 'in_progress', 'completed', '{"action":"complete"}'::jsonb
         from tickets t join bj on bj.id = t.id where t.completed_at is not null returning 1
       ), closed as (
         insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, from_status, to_status, details)
         select $1, gen_random_uuid(), t.id, 'transition', $2, t.closed_at, 'completed', 'closed', '{"action":"close"}'::jsonb
         from tickets t join bj on bj.id = t.id where t.closed_at is not null returning 1
       ) select 1`,
      [orgId, admin!.id],
    );
    await q(
      'planned visits',
      `insert into visits (org_id, id, ticket_id, lead_id, crew_ids, planned_start, planned_end, status, created_by, created_at, updated_at)
       select $1, gen_random_uuid(), bj.id, bt.id, '{}',
         bj.day_start + interval '8 hours' + (bj.s / ${TECHNICIANS}) * interval '90 minutes',
         bj.day_start + interval '8 hours' + (bj.s / ${TECHNICIANS}) * interval '90 minutes' + interval '75 minutes',
         'planned', $2, now(), now()
       from bj join bt on bt.idx = bj.s % ${TECHNICIANS}
       where bj.status <> 'accepted' and not bj.no_window`,
      [orgId, admin!.id],
    );
    await sql.exec('vacuum (analyze) users, technician_profiles, technician_skills, technician_leaves, customers, customer_addresses, assets, products, tickets, ticket_crew, ticket_events, visits');
    const counts = await sql.query<{ name: string; n: number }>(
      `select 'tickets' as name, count(*)::int as n from tickets union all select 'visits', count(*)::int from visits
       union all select 'ticketEvents', count(*)::int from ticket_events union all select 'customers', count(*)::int from customers`,
    );
    return Object.fromEntries(counts.map((c) => [c.name, c.n]));
  });
}

/** Has the server compute the open tickets' SLA clocks (a calendar change schedules it) and waits for it. */
async function computeClocks(origin: string, token: string, log: (line: string) => void) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const calendars = (await (await request(`${origin}/api/v1/calendars`, { headers })).body.json()) as { items: { id: string; isDefault: boolean }[] };
  const calendar = calendars.items.find((c) => c.isDefault) ?? calendars.items[0]!;
  const res = await request(`${origin}/api/v1/calendars/${calendar.id}/exceptions`, { method: 'POST', headers, body: JSON.stringify({ on: '2099-01-01', kind: 'closed', name: 'bench' }) });
  await res.body.text();
  const t0 = performance.now();
  for (;;) {
    const status = (await (await request(`${origin}/api/v1/sla/recompute`, { headers })).body.json()) as { job: { status: string; done: number; finishedAt: string | null } | null };
    if (status.job?.finishedAt) {
      log(`  the server computed the clocks of ${status.job.done.toLocaleString('en')} open tickets in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      break;
    }
    if (performance.now() - t0 > 600_000) throw new Error('SLA recomputation did not finish in 10 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  // Alerts for clocks already past a threshold fire once, right after; let them settle.
  await new Promise((r) => setTimeout(r, 10_000));
}

export async function phaseBoard(ctx: BoardContext): Promise<PhaseRecord> {
  const { log } = ctx;
  log(`\n▶ board: GET /api/v1/dispatch/board, ${TECHNICIANS} technicians × ${JOBS_PER_DAY.toLocaleString('en')} jobs in a day, on PostgreSQL`);
  const db = await ctx.scratchDatabase('board');
  const dataDir = ctx.tempDir('board');
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: db.url, ADMIN_PASSWORD: ctx.password, LOG_LEVEL: 'warn' });
  const database = await prepareDatabase(config, () => {});
  const [org] = (await database.pool!.query<{ org_id: string }>(`select org_id from users where role = 'admin' limit 1`)).rows;
  await database.close();
  const now = new Date();
  log(`  seeding ${TECHNICIANS} technicians, ${JOBS_PER_DAY.toLocaleString('en')} jobs today and ${HISTORY_DAYS} days of history`);
  const t0 = performance.now();
  const rows = await seedBoard(db.url, org!.org_id, now, log);
  const seedSeconds = (performance.now() - t0) / 1000;
  log(`  seeded in ${seedSeconds.toFixed(0)} s: ${Object.entries(rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);

  const server = await ctx.serve('board', dataDir, db.url);
  await computeClocks(server.origin, server.token, log);
  const day = localDate(now, TIME_ZONE);
  const scenarios: Scenario[] = [];
  for (const [name, query] of [
    ['whole organisation', `day=${day}`],
    ['one team (20 technicians)', `day=${day}&team=${encodeURIComponent('3组')}`],
  ] as const) {
    const path = `/api/v1/dispatch/board?${query}`;
    const result = await sequential({ origin: server.origin, path, headers: { authorization: `Bearer ${server.token}` }, warmup: ctx.warmup, requests: ctx.requests, maxSeconds: ctx.maxSeconds });
    const sample = result.sample as { technicians: unknown[]; visits: unknown[]; queue: unknown[]; queueTotal: number };
    const bytes = Buffer.byteLength(JSON.stringify(sample));
    const counts = { technicians: sample.technicians.length, visits: sample.visits.length, queue: sample.queue.length, queueTotal: sample.queueTotal };
    log(
      `  ${name.padEnd(28)} p50 ${result.latencyMs.p50.toFixed(1).padStart(7)} ms  p95 ${result.latencyMs.p95.toFixed(1).padStart(7)} ms  (${result.requests} requests; ${counts.technicians} technicians, ${counts.visits} visits, queue ${counts.queue} of ${counts.queueTotal}; ${(bytes / 1024).toFixed(0)} KiB)`,
    );
    const { sample: _sample, ...figures } = result;
    scenarios.push({ name, path, result: figures, counts, bytes });
  }
  await server.stop();
  await db.drop();
  const data: BoardData = { engine: 'postgresql', technicians: TECHNICIANS, jobsPerDay: JOBS_PER_DAY, historyDays: HISTORY_DAYS, seedSeconds, rows, scenarios };
  return { phase: 'board', at: new Date().toISOString(), seconds: 0, data: data as unknown as Record<string, unknown>, code: server.code };
}

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;

PHASE_RENDERERS.board = {
  rows(raw): Row[] {
    const d = raw as unknown as BoardData;
    return d.scenarios.map((s) => ({
      item: '5',
      measurement: `GET /api/v1/dispatch/board, ${s.name}: ${s.counts.technicians} technicians, ${s.counts.visits.toLocaleString('en')} visits, queue ${s.counts.queue} of ${s.counts.queueTotal} (${d.technicians} × ${d.jobsPerDay.toLocaleString('en')} a day, ${d.historyDays} days of history)`,
      figure: `p50 ${ms(s.result.latencyMs.p50)} · p95 ${ms(s.result.latencyMs.p95)} · ${(s.bytes / 1024).toFixed(0)} KiB`,
      target: `p95 < ${BOARD_TARGET_P95_MS} ms`,
      met: s.result.latencyMs.p95 < BOARD_TARGET_P95_MS ? '✅ met' : '❌ missed',
    }));
  },
  headline(raw) {
    const d = raw as unknown as BoardData;
    return d.scenarios.map((s) => `${s.name} p95 ${ms(s.result.latencyMs.p95)}`).join('; ');
  },
  section(raw) {
    const d = raw as unknown as BoardData;
    const lines = [`### Dispatch board at ${d.technicians} technicians × ${d.jobsPerDay.toLocaleString('en')} jobs a day (${d.engine}), sequential`, ''];
    lines.push(`Seeded in ${d.seedSeconds.toFixed(0)} s: ${Object.entries(d.rows).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}.`, '');
    lines.push('| request | technicians | visits | queue shown / waiting | body | p50 | p95 | p99 | max |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const s of d.scenarios) {
      const l = s.result.latencyMs;
      lines.push(`| \`${decodeURIComponent(s.path)}\` | ${s.counts.technicians} | ${s.counts.visits.toLocaleString('en')} | ${s.counts.queue} / ${s.counts.queueTotal} | ${(s.bytes / 1024).toFixed(0)} KiB | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} |`);
    }
    lines.push('');
    return lines;
  },
};
