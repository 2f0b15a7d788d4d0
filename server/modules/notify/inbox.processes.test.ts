import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { api, killAll, login, startServerProcess } from '../../test/processes';
import { openSse, type SseStream } from '../../test/sse';
import type { InboxItem } from '../../../shared/contracts/inbox';

/**
 * Two server processes on one PostgreSQL: process A does the background work (it raises the
 * breach and writes the message), process B only answers requests, and a supervisor's browser
 * is connected to B. The message crosses by NOTIFY and reaches the browser within 2 s, once.
 * Needs a PostgreSQL server (TEST_DATABASE_URL); on the embedded database there is one process.
 */
const baseUrl = process.env.SHOUHOU_TEST_ENGINE === 'postgresql' ? process.env.TEST_DATABASE_URL : undefined;
const servers: ChildProcess[] = [];
const streams: SseStream[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'shouhou-inbox-processes-'));
const dbName = `shouhou_inbox_x_${process.pid}`;

function databaseUrl(name: string) {
  const url = new URL(baseUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const s of streams) s.close();
  await killAll(servers);
  rmSync(dataDir, { recursive: true, force: true });
  if (baseUrl) await sql(baseUrl, `drop database if exists ${dbName} with (force)`);
});

describe.skipIf(!baseUrl)('the inbox across processes', () => {
  it('an SLA breach raised by one process reaches a browser connected to the other within 2 s, exactly once', async () => {
    await sql(baseUrl!, `drop database if exists ${dbName} with (force)`);
    await sql(baseUrl!, `create database ${dbName}`);
    const env = { DATABASE_URL: databaseUrl(dbName), DATA_DIR: dataDir, ADMIN_PASSWORD: 'processes-password' };
    const a = await startServerProcess(env, servers);
    const b = await startServerProcess({ ...env, BACKGROUND_WORK: 'false' }, servers);

    const adminToken = await login(a.base, 'admin', 'processes-password');
    const created = await api(a.base, adminToken, 'POST', '/api/v1/users', { username: 'zhuguan', password: 'Keeps-an-eye-8431', name: '赵主管', role: 'supervisor' });
    expect(created.status).toBe(201);
    const supervisorToken = await login(b.base, 'zhuguan', 'Keeps-an-eye-8431');
    const live = await openSse(`${b.base}/api/v1/me/inbox/stream`, { authorization: `Bearer ${supervisorToken}` });
    streams.push(live);
    await live.waitFor((e) => e.event === 'unread');

    // An equipment asset's first response is due within the hour, around the clock (E2); the
    // ticket was reported three hours ago, so process A's scanner finds it breached at once, and
    // the policy escalates a breach to the supervisors.
    const customer = await api(a.base, adminToken, 'POST', '/api/v1/customers', { name: '跨进程客户', phone: '13812340077' });
    const asset = await api(a.base, adminToken, 'POST', '/api/v1/assets', { customerId: customer.json.id, serialNumber: 'UPS-X-0001', kind: 'equipment', productName: 'UPS', acceptedOn: '2026-01-01' });
    const reportedAt = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const ticket = await api(a.base, adminToken, 'POST', '/api/v1/tickets', { customerId: customer.json.id, assetId: asset.json.id, channel: 'phone', description: 'UPS 告警', reportedAt });
    expect(ticket.status).toBe(201);
    const ticketId = ticket.json.id as string;

    const event = await live.waitFor((e) => e.event === 'item' && (JSON.parse(e.data) as InboxItem).ticketId === ticketId && e.data.includes('sla.escalated'), 30_000).catch(async (error: unknown) => {
      const outbox = await sql(databaseUrl(dbName), `select topic, recipient, delivered_at, last_error from outbox`);
      const inbox = await sql(databaseUrl(dbName), `select topic, user_id from inbox_items`);
      throw new Error(`${String(error)}\noutbox: ${JSON.stringify(outbox)}\ninbox: ${JSON.stringify(inbox)}\nA: ${a.output().slice(-3000)}\nB: ${b.output().slice(-3000)}`);
    });
    const receivedAt = Date.now();
    const [raised] = await sql<{ at: Date }>(databaseUrl(dbName), `select created_at as at from outbox where topic = 'sla.escalated' and payload->>'ticketId' = $1`, [ticketId]);
    const latency = receivedAt - raised!.at.getTime();
    console.log(`inbox across processes: breach written by A at ${raised!.at.toISOString()}, in the browser on B ${latency} ms later`);
    expect(latency).toBeLessThan(2000);
    expect(JSON.parse(event.data)).toMatchObject({ topic: 'sla.escalated', ticketId });

    // Exactly once: nothing more about this breach arrives while both processes run on.
    await new Promise((r) => setTimeout(r, 3000));
    const breaches = live.events.filter((e) => e.event === 'item' && e.data.includes('sla.escalated') && (JSON.parse(e.data) as InboxItem).ticketId === ticketId);
    expect(breaches).toHaveLength(1);
    const [stored] = await sql<{ n: number }>(databaseUrl(dbName), `select count(*)::int as n from inbox_items where topic = 'sla.escalated' and ticket_id = $1`, [ticketId]);
    expect(stored!.n).toBe(1);
    expect(b.child.exitCode).toBeNull();
  }, 180_000);
});
