import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * The one launcher of real server processes: the browser tests (`e2e/support.ts`), the
 * benchmark (`bench/server.ts`) and the tests that need more than one process or a kill -9
 * all start `shouhou start` here, on a free port, and wait for `/api/health`.
 */

/** The project's root, whatever the caller's working directory. */
export const ROOT = join(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

export interface LaunchOptions {
  /** The server's environment over this process's; `undefined` removes an inherited variable. */
  env?: Record<string, string | undefined>;
  /**
   * `built`: `bin/shouhou.js`, as an operator runs it (browser tests, benchmark).
   * `source`: `server/cli.ts` through tsx in one node process, so the pid is the server's and
   * a kill -9 hits it (durability and multi-process tests), with no build needed.
   */
  from?: 'built' | 'source';
  /** Everything the server writes is appended here too. */
  logFile?: string;
  /** A PGlite directory of a million tickets takes a while to open. */
  startTimeoutMs?: number;
  /** The child is added here as soon as it is spawned, so a failing test can still kill it. */
  spawned?: ChildProcess[];
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** What the server has written so far (its last 256 KB). */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not gone after 20 s; resolves once it has exited. */
  stop(): Promise<void>;
}

const KEEP_BYTES = 256 * 1024;
const live = new Set<ChildProcess>();

/** Starts a server and resolves when it answers `/api/health`; rejects with its output if it exits or stays silent. */
export async function launchServer(options: LaunchOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...options.env };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v === undefined) delete env[k];
  const args = options.from === 'source' ? ['--import', 'tsx', join(ROOT, 'server/cli.ts'), 'start'] : [join(ROOT, 'bin/shouhou.js'), 'start'];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  options.spawned?.push(child);
  const log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : null;
  let output = '';
  const keep = (chunk: Buffer) => {
    log?.write(chunk);
    output += chunk.toString();
    if (output.length > KEEP_BYTES) output = output.slice(-KEEP_BYTES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const gone = exited(child).then(() => {
    live.delete(child);
    log?.end();
  });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await gone;
      clearTimeout(timer);
    }
    await gone;
  };

  const base = `http://127.0.0.1:${port}`;
  const timeout = options.startTimeoutMs ?? 120_000;
  const deadline = Date.now() + timeout;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited with ${child.exitCode ?? child.signalCode} before answering:\n${output}`);
    try {
      if ((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer within ${timeout / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, pid: child.pid!, base, output: () => output, stop };
}

/** A server from the sources, for the tests that kill and restart servers. */
export function startServerProcess(env: Record<string, string | undefined>, spawned: ChildProcess[] = []): Promise<ServerProcess> {
  return launchServer({ env, from: 'source', spawned, startTimeoutMs: 90_000 });
}

/** For an exit path: every server this process started that still runs is killed, by its own pid. */
export function killAllServers(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export async function api(base: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

export async function login(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

export async function killAll(children: ChildProcess[]) {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
}
