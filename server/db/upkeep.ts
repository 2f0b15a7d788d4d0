import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * PostgreSQL's autovacuum keeps the planner's statistics current and clears dead rows. Embedded
 * PGlite is a single backend with no autovacuum (and a PostgreSQL may have it turned off), so
 * without this module such tables were never analysed: every plan was made from the table's physical size alone, and a plan cached while a
 * table was nearly empty stayed in use as it grew. A foreign-key check on `tickets`, planned when
 * the table held a handful of rows, walked the organisation's whole customer index to find one
 * ticket, so each new event cost more than the last (docs/benchmarks.md, "Intake").
 *
 * A pass applies autovacuum's own rules, with the thresholds read from the engine's
 * settings (`autovacuum_analyze_threshold` and its scale factor, the same pair for vacuum): a
 * table is analysed once the rows changed since its last analysis pass the threshold plus the
 * scale factor times its rows, vacuumed once its dead rows do. Analysing a table makes every plan
 * that reads it be planned again.
 */

export interface TableActivity {
  table: string;
  /** Rows the planner last knew of (`pg_class.reltuples`), −1 when never analysed. */
  rows: number;
  changedSinceAnalyze: number;
  deadRows: number;
}

export interface UpkeepLimits {
  analyzeThreshold: number;
  analyzeScaleFactor: number;
  vacuumThreshold: number;
  vacuumScaleFactor: number;
}

export interface UpkeepDone {
  analyzed: string[];
  vacuumed: string[];
}

/** Which tables autovacuum would analyse, and which it would vacuum (which analyses them too). */
export function dueTables(activity: TableActivity[], limits: UpkeepLimits): UpkeepDone {
  const vacuumed: string[] = [];
  const analyzed: string[] = [];
  for (const t of activity) {
    const rows = Math.max(0, t.rows);
    if (t.deadRows > limits.vacuumThreshold + limits.vacuumScaleFactor * rows) vacuumed.push(t.table);
    else if (t.changedSinceAnalyze > limits.analyzeThreshold + limits.analyzeScaleFactor * rows) analyzed.push(t.table);
  }
  return { analyzed, vacuumed };
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** What a pass needs of an engine: a read, and statements run outside any transaction. */
interface UpkeepEngine {
  rows<T>(text: string): Promise<T[]>;
  run(text: string): Promise<void>;
}

async function tidyTables(engine: UpkeepEngine): Promise<UpkeepDone> {
  const rows = await engine.rows<TableActivity & UpkeepLimits>(`
    select s.relname as "table", c.reltuples::float8 as rows,
      s.n_mod_since_analyze::float8 as "changedSinceAnalyze", s.n_dead_tup::float8 as "deadRows",
      current_setting('autovacuum_analyze_threshold')::float8 as "analyzeThreshold",
      current_setting('autovacuum_analyze_scale_factor')::float8 as "analyzeScaleFactor",
      current_setting('autovacuum_vacuum_threshold')::float8 as "vacuumThreshold",
      current_setting('autovacuum_vacuum_scale_factor')::float8 as "vacuumScaleFactor"
    from pg_stat_user_tables s join pg_class c on c.oid = s.relid
    where s.schemaname = 'public'`);
  if (!rows.length) return { analyzed: [], vacuumed: [] };
  const due = dueTables(rows, rows[0]!);
  // VACUUM refuses a transaction block: each runs on its own.
  for (const table of due.vacuumed) await engine.run(`vacuum (analyze) ${quoteIdent(table)}`);
  if (due.analyzed.length) await engine.run(`analyze ${due.analyzed.map(quoteIdent).join(', ')}`);
  return due;
}

/** One pass of autovacuum's work on the embedded engine, which has no autovacuum. */
export async function tidyPglite(client: PGlite): Promise<UpkeepDone> {
  // A single backend publishes its table counters at most once a second, or when asked.
  await client.query('select pg_stat_force_next_flush()');
  // `query` and `exec` outside a transaction wait for any open one.
  return tidyTables({ rows: async <T>(text: string) => (await client.query<T>(text)).rows, run: async (text) => void (await client.exec(text)) });
}

/** Arbitrary but fixed: the advisory lock that lets one process of several do the upkeep. */
const UPKEEP_LOCK_KEY = 7_432_002;

/**
 * On PostgreSQL autovacuum does this, and a pass does nothing. Where an administrator turned it
 * off (`autovacuum = off`), the server takes over its analyse and vacuum; one process at a time.
 */
export async function tidyPostgres(pool: pg.Pool): Promise<UpkeepDone> {
  const client = await pool.connect();
  try {
    const { rows: [state] } = await client.query<{ autovacuum: boolean }>(`select current_setting('autovacuum') = 'on' as autovacuum`);
    if (state?.autovacuum) return { analyzed: [], vacuumed: [] };
    const { rows: [lock] } = await client.query<{ mine: boolean }>('select pg_try_advisory_lock($1) as mine', [UPKEEP_LOCK_KEY]);
    if (!lock?.mine) return { analyzed: [], vacuumed: [] };
    try {
      return await tidyTables({ rows: async <T>(text: string) => (await client.query(text)).rows as T[], run: async (text) => void (await client.query(text)) });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [UPKEEP_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/**
 * Runs `tidy` every `everyMs` until stopped. Ten seconds, not autovacuum's minute: the check is
 * one catalogue read, and a table that grows from empty (a new organisation, an import, the demo)
 * should not run a minute on plans made for an empty table.
 */
export function startUpkeep(tidy: () => Promise<UpkeepDone>, log: (message: string, data?: Record<string, unknown>) => void, everyMs = 10_000) {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const done = await tidy();
        if (done.analyzed.length || done.vacuumed.length) log('database upkeep', { ...done });
      } catch (error) {
        log('database upkeep failed; retrying', { error: error instanceof Error ? error.message : String(error) });
      }
    });
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
