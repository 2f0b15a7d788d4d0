import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { Role } from '../../shared/domain';
import { buildApp, type App } from '../app';
import { loadConfig, type Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { createServices, type Services } from '../services';
import { systemActor, type Actor } from '../modules/identity/principal';

/**
 * A real, migrated database for one test file: PGlite cloned from the run's template, or,
 * with SHOUHOU_TEST_ENGINE=postgresql and TEST_DATABASE_URL, a fresh PostgreSQL database
 * made from the template database. Never a mock.
 */
export async function createTestDatabase(): Promise<Database & { engine: 'pglite' | 'postgresql' }> {
  const template = inject('postgresTemplate');
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (template && baseUrl) {
    const name = `shouhou_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
    return {
      ...database,
      engine: 'postgresql',
      close: async () => {
        await database.close();
        const drop = new pg.Client({ connectionString: baseUrl });
        await drop.connect();
        await drop.query(`drop database if exists ${name} with (force)`);
        await drop.end();
      },
    };
  }
  const image = new Blob([readFileSync(inject('pgliteTemplate'))]);
  const database = await openDatabase({ loadDataDir: image });
  return { ...database, engine: 'pglite' };
}

/** The password of every user tests make (it passes the password rule, S14). */
export const TEST_PASSWORD = 'Harness-key-4821';
/** The bootstrapped administrator's password (username `admin`). */
export const ADMIN_PASSWORD = 'Harness-root-7315';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), dataDir: mkdtempSync(join(tmpdir(), 'shouhou-data-')), loginMaxFailures: 5, loginDelayMs: 0, ...overrides };
}

/** A clock tests move by hand. */
export function fixedClock(start = '2026-11-27T02:00:00Z') {
  let now = new Date(start);
  const clock = () => new Date(now);
  return Object.assign(clock, {
    set: (iso: string) => {
      now = new Date(iso);
    },
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  });
}

export interface Harness {
  database: Database & { engine: 'pglite' | 'postgresql' };
  services: Services;
  orgId: string;
  admin: Actor;
  clock: ReturnType<typeof fixedClock>;
  config: Config;
  /** Creates a user with a role and answers the actor it acts as. */
  actorWithRole(role: Role, extra?: { customerId?: string; name?: string }): Promise<Actor>;
  close(): Promise<void>;
}

let counter = 0;

/** A migrated database with one organisation and its administrator, and the services over it. */
export async function createHarness(options: { clock?: ReturnType<typeof fixedClock>; config?: Partial<Config> } = {}): Promise<Harness> {
  const database = await createTestDatabase();
  const clock = options.clock ?? fixedClock();
  const config = testConfig(options.config);
  const services = createServices({ config, database, clock });
  const first = await services.identity.bootstrap({ orgName: '测试服务中心', timeZone: 'Asia/Shanghai', adminUsername: 'admin', adminPassword: ADMIN_PASSWORD });
  if (!first.created) throw new Error('test database was not empty');
  await services.ensureOrganisationDefaults(first.orgId);
  const adminUser = (await services.identity.findUsers(systemActor(first.orgId, ''), { role: 'admin', limit: 1, offset: 0 })).items[0]!;
  const admin: Actor = { ...systemActor(first.orgId, adminUser.id), username: 'admin', name: '系统管理员' };
  return {
    database,
    services,
    orgId: first.orgId,
    admin,
    clock,
    config,
    async actorWithRole(role, extra = {}) {
      counter += 1;
      const user = await services.identity.createUser(first.orgId, {
        username: `${role}${counter}`,
        password: TEST_PASSWORD,
        name: extra.name ?? `${role} ${counter}`,
        role,
        customerId: extra.customerId ?? null,
      });
      return { orgId: first.orgId, userId: user.id, username: user.username, name: user.name, role, locale: null, customerId: user.customerId, contractorId: null };
    },
    async close() {
      await database.close();
      rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

export interface AppHarness extends Harness {
  app: App;
  /** Signs in as a new user of this role and answers its bearer token. */
  tokenFor(role: Role, extra?: { customerId?: string }): Promise<string>;
  adminToken: string;
}

export async function createAppHarness(options: { clock?: ReturnType<typeof fixedClock>; config?: Partial<Config> } = {}): Promise<AppHarness> {
  const harness = await createHarness(options);
  const app = await buildApp({ config: harness.config, database: harness.database, clock: harness.clock });
  const login = async (username: string, password: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
    if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
    return response.json().token as string;
  };
  const adminToken = await login('admin', ADMIN_PASSWORD);
  return {
    ...harness,
    app,
    adminToken,
    async tokenFor(role, extra) {
      const actor = await harness.actorWithRole(role, extra);
      return login(actor.username, TEST_PASSWORD);
    },
    async close() {
      await app.close();
      await harness.close();
    },
  };
}
