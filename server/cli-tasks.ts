import type { Role } from '../shared/domain';
import type { Config } from './config';
import { prepareDatabase } from './main';
import { createServices } from './services';
import { generateDemo } from './demo/demo';
import { terminalOutput } from './demo/output';
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

async function organisationId(services: ReturnType<typeof createServices>, code?: string): Promise<string> {
  const org = await services.identity.findOrganisationByCode(code);
  if (!org) throw new Error(code ? `no organisation with code "${code}"` : 'no organisation yet');
  return org.id;
}

export async function addUser(config: Config, input: { username: string; password: string; name: string; role: Role; org?: string | undefined }) {
  await withServices(config, () => new Date(), async (services) => {
    const orgId = await organisationId(services, input.org);
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
  await withServices(config, clock, async (services) => {
    const orgId = await organisationId(services);
    const admin = await services.identity.firstAdmin(orgId);
    if (!admin) throw new Error('no administrator to act as');
    const summary = await generateDemo(services, admin, options, terminalOutput(process.stdout, config.cliLocale), setClock);
    console.log(summary);
  });
}
