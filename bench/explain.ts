/**
 * EXPLAIN ANALYZE of the exact statements the list endpoint runs: the repository builds them
 * (same code, same drizzle configuration as the server), a logger captures text and
 * parameters, and they are explained on a separate connection.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Db } from '../server/db/client';
import { findTickets, type TicketFilter } from '../server/modules/tickets/tickets.repository';

export interface ExplainedQuery {
  role: 'rows' | 'count';
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number;
}

export async function explainList(url: string, orgId: string, userId: string, filter: Pick<TicketFilter, 'q' | 'status' | 'offset'>): Promise<ExplainedQuery[]> {
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'shouhou-bench-explain', options: '-c jit=off' }); // as the server's pool (server/db/client.ts)
  try {
    const captured: { sql: string; params: unknown[] }[] = [];
    const db = drizzle({ client: pool, casing: 'snake_case', logger: { logQuery: (sql, params) => void captured.push({ sql, params }) } });
    await findTickets(db as unknown as Db, { orgId, scope: 'all', userId, customerId: null, contractorId: null }, {
      ...filter,
      limit: 20,
      countLimit: 10_000,
    });
    const out: ExplainedQuery[] = [];
    for (const { sql, params } of captured) {
      const res = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${sql}`, params);
      const plan = res.rows.map((r) => r['QUERY PLAN']).join('\n');
      const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
      out.push({ role: /count\(\*\)/i.test(sql) ? 'count' : 'rows', sql, params, plan, executionMs });
    }
    return out;
  } finally {
    await pool.end();
  }
}
