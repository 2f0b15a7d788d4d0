/** The real server as a child process, started the way an operator starts it, by the one launcher the tests use. */
import { request } from 'undici';
import { launchServer } from '../server/test/processes';

export { ROOT, killAllServers } from '../server/test/processes';

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

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const server = await launchServer({
    from: 'built',
    env: { DATA_DIR: options.dataDir, ADMIN_PASSWORD: options.adminPassword, DATABASE_URL: options.databaseUrl ?? '' },
    logFile: options.logFile,
    startTimeoutMs: options.startTimeoutMs ?? 120_000,
  });
  return { origin: server.base, pid: server.pid, stop: server.stop };
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
