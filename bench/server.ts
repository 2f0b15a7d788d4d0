/** The real server as a child process, started the way an operator starts it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';

export const ROOT = join(import.meta.dirname, '..');

export interface ServerOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  adminPassword: string;
  logFile: string;
  /** A 1M-row PGlite directory takes a while to open. */
  startTimeoutMs?: number;
}

export interface RunningServer {
  origin: string;
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const live = new Set<ChildProcess>();

/** For the harness's exit path: whatever is still running gets killed, by its own pid. */
export function killAllServers(): void {
  for (const child of live) {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const tail: string[] = [];
  const child = spawn(process.execPath, [join(ROOT, 'bin/shouhou.js'), 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      ADMIN_PASSWORD: options.adminPassword,
      LOG_LEVEL: 'warn',
      DATABASE_URL: options.databaseUrl ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  const keep = (d: Buffer) => {
    log.write(d);
    tail.push(d.toString());
    if (tail.length > 50) tail.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.on('exit', () => {
      live.delete(child);
      log.end();
      resolve();
    }),
  );

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before answering:\n${tail.join('')}`);
    try {
      const res = await request(`${origin}/api/health`, { headersTimeout: 2000, bodyTimeout: 2000 });
      const body = (await res.body.json()) as { status?: string };
      if (res.statusCode === 200 && body.status === 'ok') break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not become healthy in time:\n${tail.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { origin, pid: child.pid!, stop };
}

export async function login(origin: string, password: string): Promise<string> {
  const res = await request(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const body = (await res.body.json()) as { token?: string };
  if (res.statusCode !== 200 || !body.token) throw new Error(`login failed: ${res.statusCode} ${JSON.stringify(body)}`);
  return body.token;
}

/** A plain JSON call for setting up fixtures; the measured traffic goes through `load.ts`. */
export async function api<T>(origin: string, token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await request(`${origin}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return JSON.parse(text) as T;
}
