/**
 * The `sla` phase, on PostgreSQL:
 * - recompute: 100,000+ open tickets (a week of intake, seeded as seed.ts does), then a calendar
 *   change; the server recomputes every open ticket's clocks in the background. Measured: the
 *   time until the job says finished, its progress as the API reports it, and the latency of the
 *   ticket list and of /api/health while it runs, beside the same requests before it started.
 * - list: the ticket list with its SLA badges over 10,000 open tickets, sequential, p95.
 */
import { request } from 'undici';
import { loadConfig } from '../server/config';
import { prepareDatabase } from '../server/main';
import { sequential, summarise, type Latency } from './load';
import { pgRunner, withClient } from './pg';
import { PHASE_RENDERERS, type CodeIdentity, type PhaseRecord, type Row } from './report';
import { seed } from './seed';
import type { RunningServer } from './server';

export const RECOMPUTE_TARGET_SECONDS = 60;
export const SLA_LIST_TARGET_P95_MS = 100;

const OPEN_STATUSES = 'reported,accepted,dispatched,in_progress,on_hold';

export interface SlaContext {
  log: (line: string) => void;
  scratchDatabase(label: string): Promise<{ name: string; url: string; drop: () => Promise<void> }>;
  serve(label: string, dataDir: string, databaseUrl?: string, startTimeoutMs?: number): Promise<RunningServer & { token: string; code: CodeIdentity }>;
  tempDir(label: string): string;
  password: string;
  requests: number;
  warmup: number;
  maxSeconds: number;
  /** Tickets to seed for the recomputation; about 80 % of a week's intake is still open. */
  recomputeTickets: number;
  listTickets: number;
}

interface Progress {
  atSeconds: number;
  done: number;
  total: number | null;
}

export interface SlaData {
  engine: 'postgresql';
  recompute: {
    tickets: number;
    open: number;
    seconds: number;
    done: number;
    progress: Progress[];
    clocks: Record<string, number>;
    before: { list: Latency; health: Latency };
    during: { list: Latency; health: Latency; requests: number; errors: number };
  };
  list: { tickets: number; open: number; path: string; latencyMs: Latency; requests: number; errors: number; items: number };
}

const TRANSITIONS_SQL = `
insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, from_status, to_status, details)
select t.org_id, gen_random_uuid(), t.id, 'transition', t.created_by, s.at, s.from_status, s.to_status, s.details
from tickets t
cross join lateral (values
  (t.accepted_at, 'reported', 'accepted', jsonb_build_object('action', 'accept')),
  (t.dispatched_at, 'accepted', 'dispatched', jsonb_build_object('action', 'dispatch', 'technicianId', t.assignee_id)),
  (t.started_at, 'dispatched', 'in_progress', jsonb_build_object('action', 'start')),
  (case when t.status = 'on_hold' then t.started_at + (now() - t.started_at) / 2 end, 'in_progress', 'on_hold', jsonb_build_object('action', 'hold', 'holdReason', t.hold_reason)),
  (t.completed_at, 'in_progress', 'completed', jsonb_build_object('action', 'complete')),
  (t.closed_at, 'completed', 'closed', jsonb_build_object('action', 'close')),
  (t.cancelled_at, 'reported', 'cancelled', jsonb_build_object('action', 'cancel'))
) as s(at, from_status, to_status, details)
where t.org_id = $1 and s.at is not null`;

/** A fresh database with `tickets` seeded over the last week, and a server on it. */
async function prepare(ctx: SlaContext, label: string, tickets: number) {
  const db = await ctx.scratchDatabase(label);
  const dataDir = ctx.tempDir(label);
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: db.url, ADMIN_PASSWORD: ctx.password, LOG_LEVEL: 'warn' });
  const database = await prepareDatabase(config, () => {});
  const [org] = (await database.pool!.query<{ org_id: string }>(`select org_id from users where role = 'admin' limit 1`)).rows;
  await database.close();
  const customers = Math.max(2_000, Math.round(tickets / 4));
  await withClient(db.url, (client) =>
    seed(pgRunner(client), { orgId: org!.org_id, tickets, customers, days: 7, timeZoneOffsetHours: 8, now: new Date(), log: (l) => ctx.log(`  ${l}`) }),
  );
  // seed.ts writes each ticket's state and its 'created' event; the clocks start and stop on
  // transitions, so write those the timestamps say happened, as the service would have.
  await withClient(db.url, (client) => client.query(TRANSITIONS_SQL, [org!.org_id]));
  const open = await withClient(db.url, async (client) => {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from tickets where status in ('reported','accepted','dispatched','in_progress','on_hold')`);
    return Number(rows[0]!.n);
  });
  const server = await ctx.serve(label, dataDir, db.url);
  return { db, server, open };
}

async function timed(origin: string, path: string, headers: Record<string, string>): Promise<{ ms: number; ok: boolean }> {
  const t0 = performance.now();
  const res = await request(`${origin}${path}`, { headers });
  await res.body.text();
  return { ms: performance.now() - t0, ok: res.statusCode === 200 };
}

/** How many clocks the recomputation left in each state (running, paused, met, breached, …). */
async function clockStates(url: string): Promise<Record<string, number>> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ state: string; n: number }>(`select state || case when stopped_at is null then '' else ' (stopped)' end as state, count(*)::int as n from sla_clocks group by 1 order by 2 desc`);
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  });
}

/** Triggers a recomputation with a calendar change and returns once the job is finished. */
async function recompute(ctx: SlaContext, origin: string, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const calendars = (await (await request(`${origin}/api/v1/calendars`, { headers })).body.json()) as { items: { id: string; isDefault: boolean }[] };
  const calendar = calendars.items.find((c) => c.isDefault) ?? calendars.items[0]!;
  const listPath = `/api/v1/tickets?status=${OPEN_STATUSES}&pageSize=50`;
  const get = { authorization: `Bearer ${token}` };

  // Before: the same requests with nothing running in the background.
  const beforeList: number[] = [];
  const beforeHealth: number[] = [];
  for (let i = 0; i < 40; i++) {
    beforeList.push((await timed(origin, listPath, get)).ms);
    beforeHealth.push((await timed(origin, '/api/health', {})).ms);
  }

  const res = await request(`${origin}/api/v1/calendars/${calendar.id}/exceptions`, { method: 'POST', headers, body: JSON.stringify({ on: '2099-01-01', kind: 'closed', name: 'bench' }) });
  const answer = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`calendar change answered ${res.statusCode}: ${answer}`);
  const t0 = performance.now();
  const progress: Progress[] = [];
  const duringList: number[] = [];
  const duringHealth: number[] = [];
  let errors = 0;
  let finished = false;
  let done = 0;

  // A user keeps reading the list while the job runs; the poller watches progress once a second.
  const reader = (async () => {
    while (!finished) {
      const list = await timed(origin, listPath, get);
      const health = await timed(origin, '/api/health', {});
      duringList.push(list.ms);
      duringHealth.push(health.ms);
      if (!list.ok || !health.ok) errors += 1;
    }
  })();
  for (;;) {
    const status = (await (await request(`${origin}/api/v1/sla/recompute`, { headers: get })).body.json()) as { job: { status: string; done: number; total: number | null; finishedAt: string | null } | null };
    const atSeconds = (performance.now() - t0) / 1000;
    if (status.job) progress.push({ atSeconds, done: status.job.done, total: status.job.total });
    if (status.job?.finishedAt) {
      done = status.job.done;
      break;
    }
    if (atSeconds > 900) throw new Error('SLA recomputation did not finish in 15 minutes');
    await new Promise((r) => setTimeout(r, 1000));
  }
  const seconds = (performance.now() - t0) / 1000;
  finished = true;
  await reader;
  return {
    seconds,
    done,
    progress,
    before: { list: summarise(beforeList), health: summarise(beforeHealth) },
    during: { list: summarise(duringList), health: summarise(duringHealth), requests: duringList.length * 2, errors },
  };
}

export async function phaseSla(ctx: SlaContext): Promise<PhaseRecord> {
  const { log } = ctx;
  log(`\n▶ sla: recompute after a calendar change (${ctx.recomputeTickets.toLocaleString('en')} tickets in a week), list with SLA badges (${ctx.listTickets.toLocaleString('en')}), on PostgreSQL`);

  const big = await prepare(ctx, 'sla_recompute', ctx.recomputeTickets);
  log(`  ${big.open.toLocaleString('en')} open tickets; changing the calendar`);
  const r = await recompute(ctx, big.server.origin, big.server.token);
  log(`  recomputed ${r.done.toLocaleString('en')} tickets in ${r.seconds.toFixed(1)} s (target < ${RECOMPUTE_TARGET_SECONDS} s)`);
  log(`  meanwhile: list p95 ${r.during.list.p95.toFixed(1)} ms (before ${r.before.list.p95.toFixed(1)} ms), health p95 ${r.during.health.p95.toFixed(1)} ms (before ${r.before.health.p95.toFixed(1)} ms), ${r.during.errors} errors`);
  const clocks = await clockStates(big.db.url);
  log(`  clocks: ${Object.entries(clocks).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`);
  const code = big.server.code;
  await big.server.stop();
  await big.db.drop();

  const small = await prepare(ctx, 'sla_list', ctx.listTickets);
  // The clocks the list shows are the server's own: compute them first.
  await recompute(ctx, small.server.origin, small.server.token);
  const path = `/api/v1/tickets?status=${OPEN_STATUSES}&pageSize=50`;
  const result = await sequential({ origin: small.server.origin, path, headers: { authorization: `Bearer ${small.server.token}` }, warmup: ctx.warmup, requests: ctx.requests, maxSeconds: ctx.maxSeconds });
  const sample = result.sample as { items: { sla: unknown }[]; total: number };
  const items = sample.items.filter((i) => i.sla).length;
  log(`  list of ${small.open.toLocaleString('en')} open tickets with SLA badges: p50 ${result.latencyMs.p50.toFixed(1)} ms, p95 ${result.latencyMs.p95.toFixed(1)} ms (${items} of ${sample.items.length} rows with a badge)`);
  await small.server.stop();
  await small.db.drop();

  const data: SlaData = {
    engine: 'postgresql',
    recompute: { tickets: ctx.recomputeTickets, open: big.open, clocks, ...r },
    list: { tickets: ctx.listTickets, open: small.open, path, latencyMs: result.latencyMs, requests: result.requests, errors: result.errors, items },
  };
  return { phase: 'sla', at: new Date().toISOString(), seconds: r.seconds, data: data as unknown as Record<string, unknown>, code };
}

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;

PHASE_RENDERERS.sla = {
  rows(raw): Row[] {
    const d = raw as unknown as SlaData;
    const r = d.recompute;
    return [
      {
        item: 'SLA',
        measurement: `recompute after a calendar change, ${r.open.toLocaleString('en')} open tickets (${r.done.toLocaleString('en')} recomputed), in the background`,
        figure: `${r.seconds.toFixed(1)} s; list p95 meanwhile ${ms(r.during.list.p95)} (before ${ms(r.before.list.p95)}), ${r.during.errors} errors`,
        target: `< ${RECOMPUTE_TARGET_SECONDS} s, API responsive`,
        met: r.seconds < RECOMPUTE_TARGET_SECONDS && r.during.errors === 0 ? '✅ met' : '❌ missed',
      },
      {
        item: 'SLA',
        measurement: `GET /api/v1/tickets with SLA badges, ${d.list.open.toLocaleString('en')} open tickets, sequential`,
        figure: `p50 ${ms(d.list.latencyMs.p50)} · p95 ${ms(d.list.latencyMs.p95)}`,
        target: `p95 < ${SLA_LIST_TARGET_P95_MS} ms`,
        met: d.list.latencyMs.p95 < SLA_LIST_TARGET_P95_MS ? '✅ met' : '❌ missed',
      },
    ];
  },
  headline(raw) {
    const d = raw as unknown as SlaData;
    return `recompute ${d.recompute.open.toLocaleString('en')} open in ${d.recompute.seconds.toFixed(1)} s; list with SLA p95 ${ms(d.list.latencyMs.p95)}`;
  },
  section(raw) {
    const d = raw as unknown as SlaData;
    const r = d.recompute;
    const lines = [`### SLA recomputation and the list with SLA badges (${d.engine})`, ''];
    lines.push(
      `${r.tickets.toLocaleString('en')} tickets seeded over a week, ${r.open.toLocaleString('en')} of them open. A closed day added to the default calendar schedules the recomputation; the job recomputed ${r.done.toLocaleString('en')} tickets in ${r.seconds.toFixed(1)} s.`,
      '',
      '| progress at | done | of |',
      '| --- | --- | --- |',
    );
    const step = Math.max(1, Math.floor(r.progress.length / 8));
    for (const [i, p] of r.progress.entries()) if (i % step === 0 || i === r.progress.length - 1) lines.push(`| ${p.atSeconds.toFixed(0)} s | ${p.done.toLocaleString('en')} | ${p.total?.toLocaleString('en') ?? '…'} |`);
    lines.push(
      '',
      '| request | before p50 | before p95 | during p50 | during p95 | during max |',
      '| --- | --- | --- | --- | --- | --- |',
      `| \`GET /api/v1/tickets?status=…open…\` | ${ms(r.before.list.p50)} | ${ms(r.before.list.p95)} | ${ms(r.during.list.p50)} | ${ms(r.during.list.p95)} | ${ms(r.during.list.max)} |`,
      `| \`GET /api/health\` | ${ms(r.before.health.p50)} | ${ms(r.before.health.p95)} | ${ms(r.during.health.p50)} | ${ms(r.during.health.p95)} | ${ms(r.during.health.max)} |`,
      '',
      `List with SLA badges over ${d.list.open.toLocaleString('en')} open tickets (\`${d.list.path}\`, ${d.list.requests} sequential requests): p50 ${ms(d.list.latencyMs.p50)}, p95 ${ms(d.list.latencyMs.p95)}, p99 ${ms(d.list.latencyMs.p99)}; ${d.list.items} of the page's rows carry a badge.`,
      '',
    );
    return lines;
  },
};
