import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { createServices } from './services';
import { PROJECT_ROOT } from './paths';

/** The CLI as an operator runs it, from the sources, on embedded PGlite in a fresh data directory. */
function cli(dataDir: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'server/cli.ts'), ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', ADMIN_PASSWORD: 'First-root-key-3391', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('npx shouhou org add', () => {
  it('makes a second organisation with its administrator and its default calendars and SLA policies', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shouhou-orgadd-'));
    try {
      const weak = cli(dataDir, 'org', 'add', '--name', '北区服务中心', '--code', 'north', '--admin-username', 'boss', '--admin-password', 'password123');
      expect(weak.status).toBe(1);
      expect(weak.stderr).toMatch(/VALIDATION_FAILED: admin-password \(.*common/);
      const added = cli(dataDir, 'org', 'add', '--name', '北区服务中心', '--code', 'north', '--admin-username', 'boss', '--admin-password', 'Harbour-lamp-7720');
      expect(added.status, added.stderr).toBe(0);
      expect(added.stdout).toContain('Organisation "北区服务中心" (code north) created with administrator "boss"');

      const database = await openDatabase({ dataDir });
      try {
        const services = createServices({ config: { ...loadConfig({}), dataDir }, database, clock: () => new Date() });
        const { actor } = await services.identity.login({ username: 'boss', password: 'Harbour-lamp-7720', organisation: 'north', ip: '127.0.0.1' });
        expect(actor.role).toBe('admin');
        expect((await services.calendars.listCalendars(actor)).length).toBeGreaterThan(0);
        expect((await services.sla.listPolicies(actor)).length).toBeGreaterThan(0);
        expect(await services.identity.organisationIds()).toHaveLength(2);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    // Two runs of the CLI from the sources, each starting embedded PostgreSQL.
  }, 150_000);
});
