import type { Services } from './services';
import { assertAcceptablePassword } from './modules/identity';

/**
 * A further organisation with its first administrator and its defaults (business calendars,
 * SLA policies): what `npx shouhou org add` does, and how the tenancy tests make theirs.
 */
export async function addOrganisation(
  services: Services,
  input: { name: string; code: string; adminUsername: string; adminPassword: string; timeZone?: string | undefined },
) {
  // Checked first: a refused password must not leave an organisation nobody can sign in to.
  assertAcceptablePassword(input.adminPassword, input.adminUsername, 'admin-password');
  const org = await services.identity.createOrganisation({ code: input.code, name: input.name, ...(input.timeZone ? { timeZone: input.timeZone } : {}) });
  const admin = await services.identity.createUser(org.id, { username: input.adminUsername, password: input.adminPassword, name: '系统管理员', role: 'admin' });
  await services.ensureOrganisationDefaults(org.id);
  return { organisation: org, admin };
}
