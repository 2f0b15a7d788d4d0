import { execFile } from 'node:child_process';
import { cp, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from './config';
import { acquireDataDirLock } from './db/data-dir-lock';
import { openDatabase } from './db/client';

const run = promisify(execFile);

interface Manifest {
  format: 1;
  database: 'pglite' | 'postgresql';
  createdAt: string;
  file: string;
}

/**
 * A backup is a directory: the database (a PGlite data directory image, or a pg_dump archive)
 * and the uploaded files. The embedded database must be stopped first: its lock says so.
 */
export async function backup(config: Config, target: string): Promise<void> {
  const dir = resolve(target);
  if (existsSync(dir) && (await readdir(dir)).length > 0) throw new Error(`${dir} is not empty; give a new directory`);
  await mkdir(dir, { recursive: true });
  let manifest: Manifest;
  if (config.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${join(dir, 'database.pgdump')}`, config.databaseUrl]);
    manifest = { format: 1, database: 'postgresql', createdAt: new Date().toISOString(), file: 'database.pgdump' };
  } else {
    const database = await openDatabase({ dataDir: config.dataDir });
    try {
      const image = await database.pglite!.dumpDataDir('gzip');
      await writeFile(join(dir, 'database.tar.gz'), Buffer.from(await image.arrayBuffer()));
    } finally {
      await database.close();
    }
    manifest = { format: 1, database: 'pglite', createdAt: new Date().toISOString(), file: 'database.tar.gz' };
  }
  const files = join(config.dataDir, 'files');
  if (existsSync(files)) await cp(files, join(dir, 'files'), { recursive: true, filter: (src) => !src.includes(`${join(files, 'tmp')}`) });
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  console.log(`Backup written to ${dir}`);
}

export async function restore(config: Config, source: string): Promise<void> {
  const dir = resolve(source);
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  if (config.databaseUrl) {
    if (manifest.database !== 'postgresql') throw new Error('this backup is of an embedded database; restore it without DATABASE_URL');
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${config.databaseUrl}`, join(dir, manifest.file)]);
  } else {
    if (manifest.database !== 'pglite') throw new Error('this backup is of a PostgreSQL database; restore it with DATABASE_URL set');
    const lock = acquireDataDirLock(config.dataDir);
    try {
      const pgdata = join(config.dataDir, 'pgdata');
      if (existsSync(pgdata) && (await readdir(pgdata)).length > 0) {
        throw new Error(`${pgdata} already holds a database; restore into an empty DATA_DIR`);
      }
      const image = new Blob([await readFile(join(dir, manifest.file))]);
      const db = await PGlite.create({ dataDir: pgdata, loadDataDir: image });
      await db.close();
    } finally {
      lock.release();
    }
  }
  if (existsSync(join(dir, 'files'))) await cp(join(dir, 'files'), join(config.dataDir, 'files'), { recursive: true });
  console.log(`Restored from ${dir}`);
}
