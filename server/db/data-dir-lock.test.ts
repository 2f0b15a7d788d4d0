import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from './data-dir-lock';

const root = mkdtempSync(join(tmpdir(), 'shouhou-lock-'));
const newDataDir = () => mkdtempSync(join(root, 'data-'));
const lockFile = (dataDir: string) => join(dataDir, 'shouhou.lock');
const holderOf = (dataDir: string) => JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as { pid: number; host: string; since: string };

/**
 * Another server process, reduced to what matters here: it opens DATA_DIR the way the server
 * does (or, to save starting a database, only takes its lock) and says on stdout whether it
 * could, then holds it until killed.
 */
const childScript = join(root, 'open-data-dir.mts');
writeFileSync(
  childScript,
  `import { openDatabase } from ${JSON.stringify(resolve('server/db/client.ts'))};
import { acquireDataDirLock, DataDirLockedError } from ${JSON.stringify(resolve('server/db/data-dir-lock.ts'))};
const [dataDir, mode] = process.argv.slice(2);
try {
  if (mode === 'lock') acquireDataDirLock(dataDir);
  else await openDatabase({ dataDir });
  console.log(JSON.stringify({ opened: true, pid: process.pid }));
  setInterval(() => {}, 60_000);
} catch (error) {
  console.log(JSON.stringify({ opened: false, refused: error instanceof DataDirLockedError, holder: error.holder, message: String(error.message) }));
  process.exit(3);
}
`,
);

const children: ChildProcess[] = [];

/** Runs the child on `dataDir` and answers its first line of output. */
function openInChild(
  dataDir: string,
  mode: 'open' | 'lock' = 'open',
): Promise<{ child: ChildProcess; result: { opened: boolean; refused?: boolean; pid?: number; holder?: { pid: number }; message?: string } }> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir, mode], { cwd: resolve('.'), stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolvePromise, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolvePromise({ child, result: JSON.parse(line) });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      if (!out.includes('{')) reject(new Error(`child exited with ${code} before answering: ${err}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(result.stdout.toString());
}

const held: DataDirLock[] = [];
afterEach(async () => {
  for (const lock of held.splice(0)) lock.release();
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the DATA_DIR lock', () => {
  it('refuses a second process opening the same DATA_DIR', async () => {
    const dataDir = newDataDir();
    const database = await openDatabase({ dataDir });
    try {
      expect(holderOf(dataDir)).toMatchObject({ pid: process.pid, host: hostname() });
      const { child, result } = await openInChild(dataDir);
      expect(result).toMatchObject({ opened: false, refused: true, holder: { pid: process.pid } });
      expect(result.message).toContain(dataDir);
      await exited(child);
      expect(child.exitCode).toBe(3);
      // The refused process must not have disturbed the holder's lock or database.
      expect(holderOf(dataDir).pid).toBe(process.pid);
      await database.db.execute('select 1');
    } finally {
      await database.close();
    }
    expect(existsSync(lockFile(dataDir))).toBe(false);
  }, 60_000);

  it('lets another process in once the holder has let go', async () => {
    const dataDir = newDataDir();
    acquireDataDirLock(dataDir).release();
    const { child, result } = await openInChild(dataDir, 'lock');
    expect(result).toMatchObject({ opened: true });
    expect(holderOf(dataDir).pid).toBe(child.pid);
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
  }, 60_000);

  it('takes over the lock of a holder that was killed with SIGKILL', async () => {
    const dataDir = newDataDir();
    const { child, result } = await openInChild(dataDir, 'lock');
    expect(result.opened).toBe(true);
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
    child.kill('SIGKILL');
    await exited(child);
    expect(holderOf(dataDir).pid).toBe(child.pid);
    held.push(acquireDataDirLock(dataDir));
    expect(holderOf(dataDir).pid).toBe(process.pid);
  }, 60_000);

  it('takes over a stale lock left by a dead pid', () => {
    const dataDir = newDataDir();
    const pid = deadPid();
    writeFileSync(lockFile(dataDir), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const lock = acquireDataDirLock(dataDir);
    held.push(lock);
    expect(holderOf(dataDir).pid).toBe(process.pid);
    lock.release();
    expect(existsSync(lockFile(dataDir))).toBe(false);
  });

  it('takes over a lock with this very pid that an earlier incarnation left (a restarted container is pid 1 again)', () => {
    const dataDir = newDataDir();
    writeFileSync(lockFile(dataDir), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const lock = acquireDataDirLock(dataDir);
    held.push(lock);
    expect(holderOf(dataDir).since).not.toBe('2026-01-01T00:00:00.000Z');
    // But the same process opening the directory twice is still refused.
    expect(() => acquireDataDirLock(dataDir)).toThrow(DataDirLockedError);
  });

  it('does not take over a lock held by a live process or one on another host', () => {
    const alive = newDataDir();
    writeFileSync(lockFile(alive), JSON.stringify({ pid: process.ppid, host: hostname(), since: 'x' }));
    expect(() => acquireDataDirLock(alive)).toThrow(DataDirLockedError);
    const remote = newDataDir();
    writeFileSync(lockFile(remote), JSON.stringify({ pid: deadPid(), host: 'another-host', since: 'x' }));
    const error = (() => {
      try {
        acquireDataDirLock(remote);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).holder.host).toBe('another-host');
    // A lock file still being written (empty) counts as held.
    const writing = newDataDir();
    writeFileSync(lockFile(writing), '');
    expect(() => acquireDataDirLock(writing)).toThrow(DataDirLockedError);
  });

  it('leaves no exit listener behind once released', () => {
    const before = process.listenerCount('exit');
    for (let i = 0; i < 20; i++) acquireDataDirLock(newDataDir()).release();
    expect(process.listenerCount('exit')).toBe(before);
  });
});
