import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { api, exited, killAll, login as loginAs, startServerProcess, type ServerProcess } from './test/processes';

/**
 * The real server, as a separate process on embedded PGlite, killed with SIGKILL while it is
 * answering creates: whatever it answered 201 must be there after a restart, and a client
 * retrying with its Idempotency-Key must get the same ticket, never a second.
 */

const ADMIN_PASSWORD = 'durable-password';
const dataDir = mkdtempSync(join(tmpdir(), 'shouhou-durability-'));
const servers: ChildProcess[] = [];

async function startServer(): Promise<ServerProcess> {
  return startServerProcess({ DATA_DIR: dataDir, ADMIN_PASSWORD, DATABASE_URL: undefined }, servers);
}

const login = (base: string) => loginAs(base, 'admin', ADMIN_PASSWORD);

afterAll(async () => {
  await killAll(servers);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('durability of the embedded database', () => {
  it('keeps every ticket it answered 201 through kill -9, and a retried create returns the same ticket', async () => {
    const lockFile = join(dataDir, 'shouhou.lock');
    const first = await startServer();
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

    const second = await startServer();
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
