import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client';

/**
 * Migrates one database per run and lets every test file clone it: a PGlite data directory
 * image, or on PostgreSQL a template database. Cloning takes a second; migrating every
 * time would take many.
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'shouhou-test-'));
  const postgresUrl = process.env.SHOUHOU_TEST_ENGINE === 'postgresql' ? process.env.TEST_DATABASE_URL : undefined;
  let templateDb: string | undefined;
  if (postgresUrl) {
    templateDb = `shouhou_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${templateDb}`);
    await admin.query(`create database ${templateDb}`);
    await admin.end();
    const url = new URL(postgresUrl);
    url.pathname = `/${templateDb}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 2 });
    await database.migrate();
    await database.close();
    project.provide('postgresTemplate', templateDb);
  } else {
    const database = await openDatabase({});
    await database.migrate();
    const image = await database.pglite!.dumpDataDir('none');
    writeFileSync(join(dir, 'template.tar'), Buffer.from(await image.arrayBuffer()));
    await database.close();
    project.provide('pgliteTemplate', join(dir, 'template.tar'));
  }
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (postgresUrl && templateDb) {
      const admin = new pg.Client({ connectionString: postgresUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${templateDb} with (force)`);
      await admin.end();
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
  }
}
