import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The real server, as a separate process on embedded PGlite, killed with SIGKILL while it is
 * answering creates: whatever it answered 201 must be there after a restart, and a client
 * retrying with its Idempotency-Key must get the same ticket, never a second.
 */

const ADMIN_PASSWORD = 'durable-password';
const dataDir = mkdtempSync(join(tmpdir(), 'shouhou-durability-'));
const servers: ChildProcess[] = [];

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

/** Starts `shouhou start` in its own process (one node process, so its pid is the server's) and waits until it answers. */
async function startServer(port: number): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_PASSWORD, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'start'], { cwd: resolve('.'), env, stdio: ['ignore', 'pipe', 'pipe'] });
  servers.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const health = await fetch(`${base}/api/health`);
      if (health.ok) return { child, base, output: () => output };
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer within 90 s:\n${output}`);
}

async function api(base: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

async function login(base: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

afterAll(async () => {
  for (const child of servers) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('durability of the embedded database', () => {
  it('keeps every ticket it answered 201 through kill -9, and a retried create returns the same ticket', async () => {
    const lockFile = join(dataDir, 'shouhou.lock');
    const first = await startServer(await freePort());
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(first.child.pid);
    const token = await login(first.base);
    const customer = await api(first.base, token, 'POST', '/api/v1/customers', { name: '耐久测试客户', phone: '13812348888' });
    expect(customer.status).toBe(201);
    const customerId = customer.json.id as string;

    const COUNT = 32;
    const KILL_AFTER = 8;
    const bodyOf = (i: number) => ({ customerId, channel: 'phone', description: `第 ${i} 号报修：空调不制冷` });
    const keyOf = (i: number) => `durability-${i}`;
    const answered = new Map<number, { id: string; number: string }>();
    let killed = false;
    const creates = Array.from({ length: COUNT }, (_, i) =>
      api(first.base, token, 'POST', '/api/v1/tickets', bodyOf(i), { 'idempotency-key': keyOf(i) }).then(
        (response) => {
          if (response.status !== 201) throw new Error(`create ${i} answered ${response.status}: ${JSON.stringify(response.json)}`);
          answered.set(i, { id: response.json.id as string, number: response.json.number as string });
          if (answered.size >= KILL_AFTER && !killed) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        },
        () => undefined, // Cut off by the kill: the client never heard back.
      ),
    );
    await Promise.all(creates);
    const end = await exited(first.child);
    expect(end.signal, `the server should have been killed mid-way; output:\n${first.output()}`).toBe('SIGKILL');
    expect(answered.size).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(answered.size, 'some creates must have been cut off').toBeLessThan(COUNT);
    // The dead server's lock is still on disk; the next start has to take it over.
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(first.child.pid);

    const second = await startServer(await freePort());
    expect(JSON.parse(readFileSync(lockFile, 'utf8')).pid).toBe(second.child.pid);
    // Sessions are rows like any other: the token from before the crash still works.
    expect((await api(second.base, token, 'GET', '/api/v1/auth/me')).status).toBe(200);

    for (const [i, ticket] of answered) {
      const read = await api(second.base, token, 'GET', `/api/v1/tickets/${ticket.id}`);
      expect(read.status, `ticket ${i}`).toBe(200);
      expect(read.json).toMatchObject({ id: ticket.id, number: ticket.number, description: bodyOf(i).description });
    }

    const idsByKey = new Map<number, string>();
    for (let i = 0; i < COUNT; i++) {
      const retry = await api(second.base, token, 'POST', '/api/v1/tickets', bodyOf(i), { 'idempotency-key': keyOf(i) });
      expect(retry.status, `retry ${i}: ${JSON.stringify(retry.json)}`).toBe(201);
      idsByKey.set(i, retry.json.id as string);
      const before = answered.get(i);
      if (before) {
        expect(retry.json.id, `retry ${i}`).toBe(before.id);
        expect(retry.headers.get('idempotent-replayed')).toBe('true');
      }
    }
    for (let i = 0; i < COUNT; i++) {
      const again = await api(second.base, token, 'POST', '/api/v1/tickets', bodyOf(i), { 'idempotency-key': keyOf(i) });
      expect(again.json.id, `second retry ${i}`).toBe(idsByKey.get(i));
    }

    const list = await api(second.base, token, 'GET', `/api/v1/tickets?customerId=${customerId}&pageSize=100`);
    expect(list.json.total).toBe(COUNT);
    const items = list.json.items as { id: string; number: string }[];
    expect(new Set(items.map((t) => t.id))).toEqual(new Set(idsByKey.values()));
    expect(new Set(items.map((t) => t.number)).size).toBe(COUNT);

    second.child.kill('SIGTERM');
    expect((await exited(second.child)).code).toBe(0);
    expect(existsSync(lockFile)).toBe(false);
  }, 240_000);
});
