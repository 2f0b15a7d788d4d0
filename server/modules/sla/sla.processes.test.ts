import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { api, exited, killAll, login, startServerProcess, type ServerProcess } from '../../test/processes';

/**
 * Two server processes on one PostgreSQL, one of them killed and restarted while they work: every
 * ticket that breaches is escalated exactly once. Needs a PostgreSQL server (TEST_DATABASE_URL);
 * on the embedded database only one process may run, so there is nothing to race.
 */
const baseUrl = process.env.SHOUHOU_TEST_ENGINE === 'postgresql' ? process.env.TEST_DATABASE_URL : undefined;
const TICKETS = Number(process.env.SLA_EXACTLY_ONCE_TICKETS ?? 1000);
const servers: ChildProcess[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'shouhou-sla-processes-'));
const dbName = `shouhou_sla_x_${process.pid}`;

function databaseUrl(name: string) {
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await killAll(servers);
  rmSync(dataDir, { recursive: true, force: true });
  if (baseUrl) await admin((c) => c.query(`drop database if exists ${dbName} with (force)`));
});

describe.skipIf(!baseUrl)('SLA alerts across processes', () => {
  it(`escalates each of ${TICKETS} breaching tickets exactly once, with two processes and a kill -9`, async () => {
    await admin(async (c) => {
      await c.query(`drop database if exists ${dbName} with (force)`);
      await c.query(`create database ${dbName}`);
    });
    const env = { DATABASE_URL: databaseUrl(dbName), DATA_DIR: dataDir, ADMIN_PASSWORD: 'processes-password' };
    const a: ServerProcess = await startServerProcess(env, servers);
    const token = await login(a.base, 'admin', 'processes-password');
    const customer = await api(a.base, token, 'POST', '/api/v1/customers', { name: '并发测试客户', phone: '13812340000' });
    // An equipment asset: its policy (E2) promises a first response within an hour, counted around the clock.
    const asset = await api(a.base, token, 'POST', '/api/v1/assets', { customerId: customer.json.id, serialNumber: 'UPS-0001', kind: 'equipment', productName: 'UPS', acceptedOn: '2026-01-01' });
    const reportedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    for (let i = 0; i < TICKETS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, TICKETS - i) }, (_, j) =>
          api(a.base, token, 'POST', '/api/v1/tickets', { customerId: customer.json.id, assetId: asset.json.id, channel: 'phone', description: `UPS 告警 ${i + j}`, reportedAt }),
        ),
      );
    }

    // A second process joins; the first dies mid-way and comes back.
    const b = await startServerProcess(env, servers);
    await new Promise((r) => setTimeout(r, 1500));
    a.child.kill('SIGKILL');
    await exited(a.child);
    const a2 = await startServerProcess(env, servers);

    const count = async () => {
      const db = new pg.Client({ connectionString: databaseUrl(dbName) });
      await db.connect();
      try {
        const { rows } = await db.query(`select count(*)::int as n, count(distinct payload->>'ticketId')::int as tickets from outbox where topic = 'sla.escalated'`);
        return rows[0] as { n: number; tickets: number };
      } finally {
        await db.end();
      }
    };
    const deadline = Date.now() + 120_000;
    let seen = await count();
    while (seen.tickets < TICKETS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      seen = await count();
    }
    // Let both processes run on a little: a second escalation, if there were one, would show now.
    await new Promise((r) => setTimeout(r, 3000));
    seen = await count();
    expect(seen).toEqual({ n: TICKETS, tickets: TICKETS });
    expect(b.child.exitCode).toBeNull();
    expect(a2.child.exitCode).toBeNull();
  }, 300_000);
});
