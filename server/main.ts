import type { Config } from './config';
import { buildApp } from './app';
import { openDatabase, type Database } from './db/client';
import { createServices } from './services';
import { startWorkers } from './worker';
import { startUpkeep } from './db/upkeep';
import { loggerOptions } from './http/logging';

/** Opens the database, applies migrations and makes sure a first administrator exists. */
export async function prepareDatabase(config: Config, log: (line: string) => void = console.log): Promise<Database> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: config.databasePoolSize });
  try {
    await database.migrate();
    const services = createServices({ config, database, clock: () => new Date() });
    const { identity } = services;
    const first = await identity.bootstrap({
      orgName: config.orgName,
      timeZone: config.orgTimeZone,
      adminUsername: config.adminUsername,
      adminPassword: config.adminPassword,
    });
    if (first.created) {
      log(`First run: organisation created with administrator "${first.username}".`);
      if (first.generatedPassword) {
        // Printed once, to the console of whoever started the server, never to a log file.
        log(`Administrator password (shown only now, change it after signing in): ${first.generatedPassword}`);
      }
    }
    // Organisations made before a module that needs defaults (calendars, SLA policies) get them now.
    for (const orgId of await identity.organisationIds()) await services.ensureOrganisationDefaults(orgId);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

export async function startServer(config: Config): Promise<void> {
  const database = await prepareDatabase(config);
  const app = await buildApp({
    config,
    database,
    logger: loggerOptions(config.logLevel),
  });
  const log = (message: string, data?: Record<string, unknown>) => app.log.info(data ?? {}, message);
  const workers = config.backgroundWork ? startWorkers(app.services, log) : { stop: async () => {} };
  // Autovacuum's work where none runs (PGlite; a PostgreSQL with it turned off).
  const upkeep = startUpkeep(() => database.tidy(), log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await workers.stop();
    await upkeep.stop();
    await app.close().catch(() => {});
    await database.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`Shouhou is running at http://${shown}:${config.port} on ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}`);
}
