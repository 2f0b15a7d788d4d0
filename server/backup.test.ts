import { execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { makePng } from './png';
import { api, exited, killAll, login, startServerProcess } from './test/processes';

/**
 * `shouhou backup` and `shouhou restore` as an operator runs them: a server holds data and an
 * uploaded file, stops, is backed up, and the backup restored somewhere empty serves the same
 * tickets, history and file, and goes on numbering where it left off. On embedded PGlite in
 * the PGlite pass; on PostgreSQL (pg_dump, pg_restore) in the PostgreSQL pass.
 */

const run = promisify(execFile);
const ADMIN_PASSWORD = 'backup-password';
const postgresBase = process.env.SHOUHOU_TEST_ENGINE === 'postgresql' ? process.env.TEST_DATABASE_URL : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'shouhou-backup-'));
const servers: ChildProcess[] = [];
const databases: string[] = [];

afterAll(async () => {
  await killAll(servers);
  rmSync(scratch, { recursive: true, force: true });
  if (postgresBase) {
    const admin = new pg.Client({ connectionString: postgresBase });
    await admin.connect();
    for (const name of databases) await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
});

/** A place for one installation: its DATA_DIR, and on PostgreSQL a fresh database. */
async function installation(name: string): Promise<Record<string, string | undefined>> {
  const dataDir = join(scratch, name);
  mkdirSync(dataDir, { recursive: true });
  if (!postgresBase) return { DATA_DIR: dataDir, DATABASE_URL: undefined, ADMIN_PASSWORD };
  const database = `shouhou_backup_${process.pid}_${name}`;
  const admin = new pg.Client({ connectionString: postgresBase });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  databases.push(database);
  const url = new URL(postgresBase);
  url.pathname = `/${database}`;
  return { DATA_DIR: dataDir, DATABASE_URL: url.toString(), ADMIN_PASSWORD };
}

async function cli(env: Record<string, string | undefined>, ...args: string[]) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn', ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return run(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], { cwd: resolve('.'), env: childEnv });
}

async function stop(child: ChildProcess) {
  child.kill('SIGTERM');
  await exited(child);
}

describe(`backup and restore (${postgresBase ? 'postgresql' : 'pglite'})`, { timeout: 240_000 }, () => {
  it('restores tickets, their history and uploaded files into an empty installation, which numbers on', async () => {
    const source = await installation('source');
    const first = await startServerProcess(source, servers);
    const token = await login(first.base, 'admin', ADMIN_PASSWORD);
    const customer = await api(first.base, token, 'POST', '/api/v1/customers', { name: '备份测试客户', phone: '13812347777' });
    const ticket = await api(first.base, token, 'POST', '/api/v1/tickets', { customerId: customer.json.id, channel: 'phone', description: '热水器不出热水' });
    expect(ticket.status).toBe(201);
    const photo = makePng(12, 6, [200, 30, 30]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/png' }), '现场照片.png');
    const upload = await fetch(`${first.base}/api/v1/tickets/${ticket.json.id}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(upload.status).toBe(201);
    const attachmentId = ((await upload.json()) as { id: string }).id;
    await stop(first.child);

    const target = join(scratch, 'backup-1127');
    await cli(source, 'backup', target);
    // A backup never writes over another.
    await expect(cli(source, 'backup', target)).rejects.toMatchObject({ stderr: expect.stringContaining('not empty') });

    const restored = await installation('restored');
    await cli(restored, 'restore', target);
    const second = await startServerProcess(restored, servers);
    const again = await login(second.base, 'admin', ADMIN_PASSWORD);
    const back = await api(second.base, again, 'GET', `/api/v1/tickets/${ticket.json.id}`);
    expect(back.json).toMatchObject({ number: ticket.json.number, description: '热水器不出热水' });
    const events = await api(second.base, again, 'GET', `/api/v1/tickets/${ticket.json.id}/events`);
    expect((events.json.items as { type: string }[]).map((e) => e.type)).toEqual(expect.arrayContaining(['created', 'attachment']));
    const file = await fetch(`${second.base}/api/v1/attachments/${attachmentId}/content`, { headers: { authorization: `Bearer ${again}` } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(photo)).toBe(true);
    const next = await api(second.base, again, 'POST', '/api/v1/tickets', { customerId: customer.json.id, channel: 'phone', description: '恢复后的新报修' });
    expect(String(next.json.number).slice(-4)).toBe('0002');
    await stop(second.child);

    // Restoring over a database that holds data is refused, and the data stays.
    if (!postgresBase) {
      await expect(cli(restored, 'restore', target)).rejects.toMatchObject({ stderr: expect.stringContaining('already holds a database') });
    }
  });

  it('refuses to back up an embedded database while its server runs', async () => {
    if (postgresBase) return;
    const live = await installation('live');
    const server = await startServerProcess(live, servers);
    const target = join(scratch, 'backup-live');
    await expect(cli(live, 'backup', target)).rejects.toMatchObject({ stderr: expect.stringMatching(/lock|running|另一个|in use/i) });
    await stop(server.child);
  });
});
