import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from './client';
import { dueTables, startUpkeep, type TableActivity } from './upkeep';
import { createHarness, type Harness } from '../test/harness';
import { reportedTicket } from '../test/fixtures';

const limits = { analyzeThreshold: 50, analyzeScaleFactor: 0.1, vacuumThreshold: 50, vacuumScaleFactor: 0.2 };
const table = (name: string, rows: number, changed: number, dead = 0): TableActivity => ({ table: name, rows, changedSinceAnalyze: changed, deadRows: dead });

describe('dueTables: autovacuum’s rules', () => {
  it('analyses a table once its changes pass the threshold plus the scale factor times its rows', () => {
    const due = dueTables([table('never_analysed', -1, 51), table('quiet', -1, 50), table('big', 10_000, 1_050), table('big_enough', 10_000, 1_051)], limits);
    expect(due).toEqual({ analyzed: ['never_analysed', 'big_enough'], vacuumed: [] });
  });

  it('vacuums (and so analyses) a table whose dead rows pass their own threshold', () => {
    const due = dueTables([table('churned', 1_000, 300, 251), table('tidy', 1_000, 300, 250)], limits);
    expect(due).toEqual({ analyzed: ['tidy'], vacuumed: ['churned'] });
  });
});

describe('upkeep of the embedded engine', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => h?.close());

  /** One connection of the engine: a prepared statement lives on the connection that made it. */
  async function session() {
    const { pglite, pool } = h.database;
    if (pglite) return { query: async <T>(text: string) => (await pglite.query<T>(text)).rows, release: () => {} };
    const client = await pool!.connect();
    return { query: async <T>(text: string) => (await client.query(text)).rows as T[], release: () => client.release() };
  }

  it('analyses a table that has grown, so a plan cached while it was nearly empty is made again', async () => {
    const s = await session();
    try {
      const [settings] = await s.query<{ autovacuum: boolean }>(`select current_setting('autovacuum') = 'on' and ${h.database.kind === 'postgresql'} as autovacuum`);
      if (settings!.autovacuum) {
        // A PostgreSQL with autovacuum: the server leaves the work to it.
        expect(await h.database.tidy()).toEqual({ analyzed: [], vacuumed: [] });
        return;
      }
      // What a foreign-key check of a new event asks, planned once while `tickets` is nearly empty.
      await s.query(`prepare ticket_key(uuid, uuid) as select 1 from tickets x where org_id = $1 and id = $2 for key share of x`);
      await s.query(`set plan_cache_mode = force_generic_plan`);
      const first = await reportedTicket(h);
      const plan = async () => (await s.query<{ 'QUERY PLAN': string }>(`explain execute ticket_key('${h.orgId}', '${first.id}')`)).map((r) => r['QUERY PLAN']).join('\n');
      await plan();
      // The table grows (an import, a busy first morning): 1,000 more tickets like the first.
      await s.query(`insert into tickets select (jsonb_populate_record(null::tickets,
          to_jsonb(t) || jsonb_build_object('id', gen_random_uuid(), 'number', t.number || '-' || g))).*
        from tickets t, generate_series(1, 1000) g where t.id = '${first.id}'`);
      // The plan made for a nearly empty table: any index on the organisation looked as good.
      expect(await plan()).toMatch(/Filter: \(id = \$2\)/);
      // The table's counters reach the statistics (at most once a second, or when asked).
      await s.query('select pg_stat_force_next_flush()');
      await s.query('select 1');
      await new Promise((resolve) => setTimeout(resolve, 1_100));

      const done = await h.database.tidy();
      expect(done.analyzed).toContain('tickets');
      const [stats] = await queryRows<{ analysed: boolean }>(h.database.db, sql`select last_analyze is not null as analysed from pg_stat_user_tables where relname = 'tickets'`);
      expect(stats!.analysed).toBe(true);
      // With statistics, the organisation's one value makes its other indexes useless for one ticket.
      expect(await plan()).toMatch(/Index Cond: \(\(org_id = \$1\) AND \(id = \$2\)\)/);
      // Nothing changed since: nothing to do.
      expect((await h.database.tidy()).analyzed).not.toContain('tickets');
      await s.query(`deallocate ticket_key`);
      await s.query(`reset plan_cache_mode`);
    } finally {
      s.release();
    }
  });

  it('keeps running after a failed pass and stops cleanly', async () => {
    const seen: string[] = [];
    let calls = 0;
    const upkeep = startUpkeep(
      async () => {
        calls++;
        if (calls === 1) throw new Error('engine busy');
        return { analyzed: ['tickets'], vacuumed: [] };
      },
      (message) => seen.push(message),
      10,
    );
    await expect.poll(() => calls, { timeout: 2_000 }).toBeGreaterThanOrEqual(2);
    await upkeep.stop();
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(after);
    expect(seen).toContain('database upkeep failed; retrying');
    expect(seen).toContain('database upkeep');
  });
});
