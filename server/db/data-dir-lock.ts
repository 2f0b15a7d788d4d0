import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * PGlite does not lock its data directory, and two processes writing one directory
 * silently lose writes. Each process that opens DATA_DIR holds this lock file; a second one
 * is refused. A lock left by a process that died (kill -9, power loss) is taken over.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.since}). ` +
        'Stop that process, or give this one another DATA_DIR. Two processes must never share an embedded database.',
    );
  }
}

interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

export interface DataDirLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/** Lock files this process holds: a lock file naming this pid but not in here is an earlier incarnation's. */
const heldHere = new Set<string>();

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'shouhou.lock');
  const me: LockHolder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      heldHere.add(path);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        heldHere.delete(path);
        process.off('exit', release);
        if (readHolder(path)?.pid === process.pid) unlinkSync(path);
      };
      process.once('exit', release);
      return { path, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(path);
      // A restarted container gets the same pid (often 1) as the process that left the lock.
      const stale = holder !== null && holder.host === me.host && (holder.pid === process.pid ? !heldHere.has(path) : !isAlive(holder.pid));
      // A lock file being written right now reads as empty: treat it as held.
      if (!stale) throw new DataDirLockedError(dataDir, holder ?? { pid: -1, host: '?', since: '?' });
      unlinkSync(path);
    }
  }
  throw new DataDirLockedError(dataDir, readHolder(path) ?? { pid: -1, host: '?', since: '?' });
}
