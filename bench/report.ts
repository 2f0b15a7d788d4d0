/** Turns results into the console table and the generated part of docs/benchmarks.md. */
import type { ExplainedQuery } from './explain';
import type { Latency, LoadResult } from './load';
import type { PgbenchResult } from './pg';
import type { SeedResult } from './seed';

export interface CodeIdentity {
  commit: string;
  subject: string;
  uncommitted: string[];
  diffHash: string | null;
  /** dist/.build-stamp when the server started: equal stamps, same server code. */
  build?: string | null;
}

export interface PhaseRecord {
  phase: string;
  at: string;
  seconds: number;
  data: Record<string, unknown>;
  code?: CodeIdentity;
}

export interface Latest {
  machine: Record<string, unknown> & { cpu?: string; cores?: number; memoryGiB?: number; node?: string; postgres?: string; pglite?: string; postgresSettings?: Record<string, string> };
  phases: Record<string, PhaseRecord & { history?: { at: string; data: Record<string, unknown>; code?: CodeIdentity }[] }>;
}

type Intake = LoadResult & {
  loadavg?: number[];
  cpu?: { server: number; postgres: number; loadGenerator: number; others: number; machine: number };
  cpuMsPerTicket?: Record<string, number>;
  waits?: { samples: number; average: Record<string, number> };
};
interface PgIntakeData {
  pgbench: Omit<PgbenchResult, 'output'> & { loadavg?: number[]; cpu?: { postgres: number; client: number; others: number; machine: number } };
  intake: Intake;
  ratio: number;
  ticketsCreated: number;
}
interface ScaleData {
  small: number;
  large: number;
  ratio: number;
  /** CPU per ticket at the small size ÷ at the large size: the same comparison, immune to other people's load. */
  cpuRatio?: number;
  sameCode?: boolean;
  /** Alternating runs per size; the figures are their means. */
  repeat?: number;
  runs: Record<string, { seed: SeedResult; intake: Intake; code?: CodeIdentity }>;
}
interface ListData {
  size: number;
  engine: string;
  seed?: SeedResult;
  scenarios: { name: string; path: string; result: { latencyMs: Latency; requests: number }; total: number; totalExact: boolean; items: number; plans: ExplainedQuery[] }[];
}

export const TARGETS = {
  pgRatio: 0.5,
  pgP99Ms: 50,
  pglitePerSecond: 500,
  scaleRatio: 0.9,
  listP95Ms: 50,
};

const ms = (v: number) => `${v < 10 ? v.toFixed(1) : v.toFixed(0)} ms`;
const rate = (v: number) => `${v.toFixed(0)}/s`;
const n = (v: number) => v.toLocaleString('en');
const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
const verdict = (ok: boolean) => (ok ? '✅ met' : '❌ missed');
const day = (iso: string) => iso.slice(0, 16).replace('T', ' ') + ' UTC';
const load = (l?: number[]) => (l ? l.map((x) => x.toFixed(1)).join(' / ') : '–');

export interface Row {
  item: string;
  measurement: string;
  figure: string;
  target: string;
  met: string;
}

/**
 * Phases that live in their own file (bench/board.ts) register how they report here: their
 * rows of the figures table, their headline in the phases table, and a section of their own.
 */
export const PHASE_RENDERERS: Record<string, { rows(data: Record<string, unknown>): Row[]; headline(data: Record<string, unknown>): string; section?(data: Record<string, unknown>): string[] }> = {};

function rows(latest: Latest): Row[] {
  const out: Row[] = [];
  const p = latest.phases;
  const pgIntake = p['pg-intake']?.data as PgIntakeData | undefined;
  if (pgIntake) {
    const i = pgIntake.intake;
    out.push({
      item: '1',
      measurement: `Intake over HTTP, PostgreSQL, ${i.concurrency} connections, ${i.seconds} s`,
      figure: `${rate(i.perSecond)} · p50 ${ms(i.latencyMs.p50)} · p99 ${ms(i.latencyMs.p99)}${i.errors ? ` · ${i.errors} errors` : ''}`,
      target: '',
      met: '',
    });
    out.push({
      item: '1',
      measurement: `pgbench tpcb-like (-s ${pgIntake.pgbench.scale} -c ${pgIntake.pgbench.clients} -j ${pgIntake.pgbench.threads} -M prepared), same run`,
      figure: `${pgIntake.pgbench.tps.toFixed(0)} tps · avg ${ms(pgIntake.pgbench.latencyAvgMs)}`,
      target: '',
      met: '',
    });
    out.push({ item: '1', measurement: 'intake tickets/s ÷ pgbench tps', figure: pgIntake.ratio.toFixed(3), target: `≥ ${TARGETS.pgRatio}`, met: verdict(pgIntake.ratio >= TARGETS.pgRatio) });
    const pc = pgIntake.pgbench.cpu;
    if (pc && i.cpu) {
      const ticketsPerCpuSecond = i.perSecond / (i.cpu.server + i.cpu.postgres + i.cpu.loadGenerator);
      const txPerCpuSecond = pgIntake.pgbench.tps / (pc.postgres + pc.client);
      out.push({
        item: '1',
        measurement: 'the same per CPU-second of the parties involved (what other people’s load on the machine does not change)',
        figure: `${ticketsPerCpuSecond.toFixed(0)} tickets ÷ ${txPerCpuSecond.toFixed(0)} transactions = ${(ticketsPerCpuSecond / txPerCpuSecond).toFixed(3)}`,
        target: '(for reading the above)',
        met: '',
      });
    }
    out.push({ item: '1', measurement: 'intake p99 latency', figure: ms(i.latencyMs.p99), target: `< ${TARGETS.pgP99Ms} ms`, met: verdict(i.latencyMs.p99 < TARGETS.pgP99Ms) });
  }
  const pglite = p['pglite-intake']?.data as { intake: Intake } | undefined;
  if (pglite) {
    const i = pglite.intake;
    out.push({
      item: '2',
      measurement: `Intake over HTTP, embedded PGlite, ${i.concurrency} connections, ${i.seconds} s`,
      figure: `${rate(i.perSecond)} · p50 ${ms(i.latencyMs.p50)} · p99 ${ms(i.latencyMs.p99)}${i.errors ? ` · ${i.errors} errors` : ''}`,
      target: `≥ ${TARGETS.pglitePerSecond}/s`,
      met: verdict(i.perSecond >= TARGETS.pglitePerSecond),
    });
  }
  for (const [phase, engine] of [
    ['pg-scale', 'PostgreSQL'],
    ['pglite-scale', 'PGlite'],
  ] as const) {
    const s = p[phase]?.data as ScaleData | undefined;
    if (!s) continue;
    const small = s.runs[String(s.small)]!.intake;
    const large = s.runs[String(s.large)]!.intake;
    const cpu = (i: Intake) => (i.cpuMsPerTicket ? (i.cpuMsPerTicket.server ?? 0) + (i.cpuMsPerTicket.postgres ?? 0) : NaN);
    out.push({
      item: '3',
      measurement: `Intake, ${engine}: ${n(s.large)} vs ${n(s.small)} existing tickets${s.repeat ? `, mean of ${s.repeat} alternating runs each` : ''}`,
      figure:
        `${rate(large.perSecond)} (p99 ${ms(large.latencyMs.p99)}) vs ${rate(small.perSecond)} (p99 ${ms(small.latencyMs.p99)}) = ${pct(s.ratio)}` +
        (s.cpuRatio ? `; CPU per ticket ${cpu(large).toFixed(1)} vs ${cpu(small).toFixed(1)} ms = ${pct(s.cpuRatio)}` : ''),
      target: `≥ ${pct(TARGETS.scaleRatio)}`,
      met: s.sameCode === false ? '⚠️ code changed between the two runs' : verdict(s.ratio >= TARGETS.scaleRatio),
    });
  }
  const list = p['list']?.data as ListData | undefined;
  if (list) {
    for (const sc of list.scenarios) {
      out.push({
        item: '4',
        measurement: `GET ${decodeURIComponent(sc.path)} at ${n(list.size)} (${sc.totalExact ? '' : '≥'}${n(sc.total)} match)`,
        figure: `p50 ${ms(sc.result.latencyMs.p50)} · p95 ${ms(sc.result.latencyMs.p95)}`,
        target: `p95 < ${TARGETS.listP95Ms} ms`,
        met: verdict(sc.result.latencyMs.p95 < TARGETS.listP95Ms),
      });
    }
  }
  for (const [phase, renderer] of Object.entries(PHASE_RENDERERS)) if (p[phase]) out.push(...renderer.rows(p[phase].data));
  return out;
}

export function renderTable(latest: Latest, fresh: Set<string>): string {
  const all = rows(latest);
  const header = ['#', 'measurement', 'figure', 'target', 'met'];
  const data = all.map((r) => [r.item, r.measurement, r.figure, r.target, r.met]);
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((h, i) => Math.max(width(h), ...data.map((d) => width(d[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ');
  const stale = Object.keys(latest.phases).filter((k) => !fresh.has(k));
  return [
    line(header),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...data.map(line),
    ...(stale.length ? [`(from earlier runs: ${stale.join(', ')})`] : []),
  ].join('\n');
}

function headline(phase: string, data: Record<string, unknown>): string {
  switch (phase) {
    case 'pg-intake': {
      const d = data as unknown as PgIntakeData;
      return `${rate(d.intake.perSecond)}, p50 ${ms(d.intake.latencyMs.p50)}, p99 ${ms(d.intake.latencyMs.p99)}; pgbench ${d.pgbench.tps.toFixed(0)} tps; ratio ${d.ratio.toFixed(3)}; load average before ${load(d.intake.loadavg)}`;
    }
    case 'pglite-intake': {
      const d = data as unknown as { intake: Intake };
      return `${rate(d.intake.perSecond)}, p50 ${ms(d.intake.latencyMs.p50)}, p99 ${ms(d.intake.latencyMs.p99)}; load average before ${load(d.intake.loadavg)}`;
    }
    case 'pg-scale':
    case 'pglite-scale': {
      const d = data as unknown as ScaleData;
      const s = d.runs[String(d.small)]!.intake;
      const l = d.runs[String(d.large)]!.intake;
      return `${rate(l.perSecond)} at ${n(d.large)} vs ${rate(s.perSecond)} at ${n(d.small)} = ${pct(d.ratio)}${d.cpuRatio ? ` (CPU per ticket: ${pct(d.cpuRatio)})` : ''}${d.sameCode === false ? ' ⚠️ code changed between the runs' : ''}`;
    }
    case 'list': {
      const d = data as unknown as ListData;
      return d.scenarios.map((s) => `${decodeURIComponent(s.path.replace('/api/v1/tickets', '') || '(first page)')} p95 ${ms(s.result.latencyMs.p95)}`).join('; ');
    }
    default:
      return PHASE_RENDERERS[phase]?.headline(data) ?? '';
  }
}

function codeLabel(code?: CodeIdentity): string {
  if (!code) return '–';
  return code.uncommitted.length ? `${code.commit} + ${code.uncommitted.length} changed files (${code.diffHash})` : code.commit;
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

export function renderBlock(latest: Latest): string {
  const m = latest.machine;
  const lines: string[] = [START, '', `_Generated by \`npm run bench\`; each phase keeps its latest figures (dated below), so a partial run updates only its rows._`, ''];
  lines.push('### Machine', '');
  lines.push('| CPU | cores | memory | Node | PostgreSQL | PGlite |', '| --- | --- | --- | --- | --- | --- |');
  lines.push(`| ${m.cpu} | ${m.cores} | ${m.memoryGiB} GiB | ${m.node} | ${(m.postgres ?? '').split(' on ')[0]} | ${m.pglite} |`, '');
  if (m.postgresSettings) lines.push(`PostgreSQL settings (untouched): ${Object.entries(m.postgresSettings).map(([k, v]) => `\`${k}=${v}\``).join(', ')}.`, '');

  lines.push('### Figures against targets', '');
  lines.push('| # | measurement | figure | target | met |', '| --- | --- | --- | --- | --- |');
  for (const r of rows(latest)) lines.push(`| ${r.item} | ${r.measurement} | ${r.figure} | ${r.target} | ${r.met} |`);
  lines.push('');

  lines.push('### Phases', '');
  lines.push(
    'Each phase with the code it measured (commit, plus a hash of uncommitted changes to the server when there were any) and its earlier runs, newest first: on a shared machine the spread between runs is part of the result.',
    '',
  );
  lines.push('| phase | run at | code | figures | earlier runs |', '| --- | --- | --- | --- | --- |');
  for (const [phase, rec] of Object.entries(latest.phases)) {
    const earlier = (rec.history ?? []).map((h) => `${day(h.at)} (${codeLabel(h.code)}): ${headline(phase, h.data)}`).join('<br>');
    lines.push(`| ${phase} | ${day(rec.at)} | ${codeLabel(rec.code)} | ${headline(phase, rec.data)} | ${earlier || '–'} |`);
  }
  lines.push('');

  const intakes: { label: string; i: Intake }[] = [];
  const pgI = latest.phases['pg-intake']?.data as PgIntakeData | undefined;
  if (pgI) intakes.push({ label: 'PostgreSQL (item 1)', i: pgI.intake });
  const liteI = latest.phases['pglite-intake']?.data as { intake: Intake } | undefined;
  if (liteI) intakes.push({ label: 'PGlite (item 2)', i: liteI.intake });
  for (const phase of ['pg-scale', 'pglite-scale'] as const) {
    const s = latest.phases[phase]?.data as ScaleData | undefined;
    if (s) for (const [size, run] of Object.entries(s.runs)) intakes.push({ label: `${phase === 'pg-scale' ? 'PostgreSQL' : 'PGlite'} at ${n(Number(size))}`, i: run.intake });
  }
  const pgbenchCpu = pgI?.pgbench.cpu;
  if (intakes.some((x) => x.i.cpu)) {
    lines.push('### Where the intake time went', '');
    lines.push(
      'Average cores busy during the measured window (of the machine\'s two), CPU per ticket, and what the server\'s PostgreSQL connections were doing (average number of connections in each state, sampled every 50 ms). "others" is everything outside this benchmark: other people\'s work on the same machine.',
      '',
    );
    lines.push('| intake | tickets/s | server | PostgreSQL | load generator | others | CPU per ticket (server / PostgreSQL) | server connections |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    if (pgI && pgbenchCpu) {
      lines.push(
        `| pgbench baseline (item 1; "load generator" is the pgbench client) | ${pgI.pgbench.tps.toFixed(0)} tps | – | ${pgbenchCpu.postgres.toFixed(2)} | ${pgbenchCpu.client.toFixed(2)} | ${pgbenchCpu.others.toFixed(2)} | – / ${((pgbenchCpu.postgres / pgI.pgbench.tps) * 1000).toFixed(2)} ms | – |`,
      );
    }
    for (const { label, i } of intakes) {
      if (!i.cpu) continue;
      const waits = i.waits ? Object.entries(i.waits.average).slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ') : 'in process';
      lines.push(
        `| ${label} | ${i.perSecond.toFixed(0)} | ${i.cpu.server.toFixed(2)} | ${i.cpu.postgres.toFixed(2)} | ${i.cpu.loadGenerator.toFixed(2)} | ${i.cpu.others.toFixed(2)} | ${i.cpuMsPerTicket?.server ?? '–'} ms / ${i.cpuMsPerTicket?.postgres ?? '–'} ms | ${waits} |`,
      );
    }
    lines.push('');
  }

  const seeds: { label: string; seed: SeedResult }[] = [];
  for (const phase of ['pg-scale', 'pglite-scale'] as const) {
    const s = latest.phases[phase]?.data as ScaleData | undefined;
    if (s) for (const [size, run] of Object.entries(s.runs)) seeds.push({ label: `${phase === 'pg-scale' ? 'PostgreSQL' : 'PGlite'} ${n(Number(size))}`, seed: run.seed });
  }
  const listData = latest.phases['list']?.data as ListData | undefined;
  if (seeds.length) {
    lines.push('### Seeding (set-based SQL, before the server starts)', '');
    lines.push(
      '| database | tickets | customers | assets | reference data | tickets, events, indexes | vacuum analyze | total | status mix | a server-made ticket indexed the same |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const { label, seed } of seeds) {
      const mix = Object.entries(seed.counts)
        .map(([k, v]) => `${k} ${((v / seed.tickets) * 100).toFixed(1)} %`)
        .join(', ');
      lines.push(
        `| ${label} | ${n(seed.tickets)} | ${n(seed.customers)} | ${n(seed.assets)} | ${seed.seconds.reference.toFixed(0)} s | ${seed.seconds.tickets.toFixed(0)} s | ${seed.seconds.analyze.toFixed(0)} s | ${seed.seconds.total.toFixed(0)} s | ${mix} | ${seed.searchCheck === 'exact' ? 'yes, term for term' : seed.searchCheck === 'order' ? 'same terms, other order' : 'not checked (PGlite: the server holds the database)'} |`,
      );
    }
    lines.push('');
  }

  if (listData) {
    lines.push(`### List and search at ${n(listData.size)} tickets (${listData.engine}), sequential`, '');
    lines.push('| request | matches | p50 | p95 | p99 | max | rows query (EXPLAIN ANALYZE) | count query |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const s of listData.scenarios) {
      const rowsPlan = s.plans.find((q) => q.role === 'rows');
      const countPlan = s.plans.find((q) => q.role === 'count');
      const l = s.result.latencyMs;
      lines.push(
        `| \`${decodeURIComponent(s.path)}\` | ${s.totalExact ? '' : '≥ '}${n(s.total)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} | ${rowsPlan ? ms(rowsPlan.executionMs) : '–'} | ${countPlan ? ms(countPlan.executionMs) : '–'} |`,
      );
    }
    lines.push('');
    const slow = listData.scenarios.filter((s) => s.result.latencyMs.p95 >= TARGETS.listP95Ms);
    if (slow.length) {
      lines.push('#### Plans of the requests over target', '');
      for (const s of slow) {
        for (const q of s.plans) {
          lines.push(`<details><summary><code>${decodeURIComponent(s.path)}</code>: ${q.role} query, ${ms(q.executionMs)}</summary>`, '');
          lines.push('```sql', q.sql, `-- params: ${JSON.stringify(q.params)}`, '```', '', '```', q.plan, '```', '', '</details>', '');
        }
      }
    }
  }
  for (const [phase, renderer] of Object.entries(PHASE_RENDERERS)) if (latest.phases[phase] && renderer.section) lines.push(...renderer.section(latest.phases[phase].data));
  lines.push(END);
  return lines.join('\n');
}

const TEMPLATE = `# Benchmarks

${START}
${END}
`;

export function renderDoc(existing: string, latest: Latest): string {
  const doc = existing.includes(START) && existing.includes(END) ? existing : `${existing.trim() ? `${existing.trim()}\n\n` : ''}${TEMPLATE}`;
  const from = doc.indexOf(START);
  const to = doc.indexOf(END) + END.length;
  return doc.slice(0, from) + renderBlock(latest) + doc.slice(to);
}
