import type { Role } from '../shared/domain';
import type { Config } from './config';
import { prepareDatabase } from './main';
import { createServices } from './services';
import { systemActor } from './modules/identity/principal';
import { generateDemo } from './demo/demo';
import { organisations, users } from './modules/identity/identity.schema';
import { asc, eq, and } from 'drizzle-orm';
import { addOrganisation } from './organisations';

async function withServices<T>(
  config: Config,
  clock: () => Date,
  work: (services: ReturnType<typeof createServices>, db: Awaited<ReturnType<typeof prepareDatabase>>) => Promise<T>,
): Promise<T> {
  const database = await prepareDatabase(config);
  try {
    return await work(createServices({ config, database, clock }), database);
  } finally {
    await database.close();
  }
}

async function organisationId(database: Awaited<ReturnType<typeof prepareDatabase>>, code?: string): Promise<string> {
  const rows = await database.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(code ? eq(organisations.code, code) : undefined)
    .orderBy(asc(organisations.createdAt))
    .limit(1);
  if (!rows[0]) throw new Error(code ? `no organisation with code "${code}"` : 'no organisation yet');
  return rows[0].id;
}

export async function addUser(config: Config, input: { username: string; password: string; name: string; role: Role; org?: string | undefined }) {
  await withServices(config, () => new Date(), async (services, database) => {
    const orgId = await organisationId(database, input.org);
    const user = await services.identity.createUser(orgId, input);
    console.log(`User "${user.username}" (${user.role}) created.`);
  });
}

export async function addOrg(config: Config, input: { name: string; code: string; adminUsername: string; adminPassword: string; timeZone?: string | undefined }) {
  await withServices(config, () => new Date(), async (services) => {
    const { organisation, admin } = await addOrganisation(services, input);
    console.log(`Organisation "${organisation.name}" (code ${organisation.code}) created with administrator "${admin.username}".`);
  });
}

export async function loadDemo(config: Config, options: { customers: number; tickets: number; seed: number }) {
  // The demo moves this clock through each ticket's simulated past and back to now.
  let now = new Date();
  const clock = () => new Date(now);
  const setClock = (at: Date) => {
    now = new Date(at);
  };
  await withServices(config, clock, async (services, database) => {
    const orgId = await organisationId(database);
    const [admin] = await database.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.role, 'admin')))
      .orderBy(asc(users.createdAt))
      .limit(1);
    if (!admin) throw new Error('no administrator to act as');
    const summary = await generateDemo(services, systemActor(orgId, admin.id), options, (line) => console.log(line), setClock);
    console.log(summary);
  });
}
