import { v7 as uuidv7 } from 'uuid';
import { resolveSettings } from '../../../shared/settings';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { savedOrThrow } from '../../db/versioned';
import { AppError, notFound } from '../../errors';
import { ORG_CACHE_MS, type IdentityDeps } from './identity.deps';
import * as repo from './identity.repository';
import { toActor, toOrganisation, userRow, type Organisation } from './identity-views';
import { assertAcceptablePassword } from './password-policy';
import { generatePassword, hashPassword } from './passwords';
import type { Actor } from './principal';

/** Organisations: the first run, reading one (cached a few seconds), changing it and its settings. */

/** Reads through `tx` when given: on PGlite a read outside an open transaction would wait for it. */
export async function getOrganisation(deps: IdentityDeps, orgId: string, tx: Db = deps.db): Promise<Organisation> {
  const hit = deps.orgCache.get(orgId);
  const nowMs = Date.now();
  if (hit && hit.until > nowMs) return hit.org;
  const row = await repo.findOrganisation(tx, orgId);
  if (!row) throw notFound();
  const org = toOrganisation(row);
  deps.orgCache.set(orgId, { org, until: nowMs + ORG_CACHE_MS });
  return org;
}

export async function createOrganisation(deps: IdentityDeps, input: {
  code: string;
  name: string;
  timeZone?: string;
  industries?: string[];
}): Promise<Organisation> {
  const id = uuidv7();
  try {
    await repo.insertOrganisation(deps.db, {
      id,
      code: input.code,
      name: input.name,
      timeZone: input.timeZone ?? 'Asia/Shanghai',
      industries: input.industries ?? [],
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS');
    throw error;
  }
  return getOrganisation(deps, id);
}

/**
 * First run: with no organisation yet, creates one and its administrator. The password is
 * ADMIN_PASSWORD when given, else generated and returned so that the caller prints it once.
 */
export async function bootstrap(deps: IdentityDeps, input: {
  orgName: string;
  timeZone: string;
  adminUsername: string;
  adminPassword?: string | undefined;
}): Promise<{ created: false } | { created: true; orgId: string; username: string; generatedPassword?: string }> {
  if ((await repo.countOrganisations(deps.db)) > 0) return { created: false };
  if (input.adminPassword !== undefined) assertAcceptablePassword(input.adminPassword, input.adminUsername, 'ADMIN_PASSWORD');
  const password = input.adminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const orgId = uuidv7();
  // One transaction: a crash in between must not leave an organisation nobody can sign in to,
  // and of two processes starting at once only one may create it.
  let created: boolean;
  try {
    created = await deps.db.transaction(async (tx) => {
      if ((await repo.countOrganisations(tx)) > 0) return false;
      await repo.insertOrganisation(tx, { id: orgId, code: 'default', name: input.orgName, timeZone: input.timeZone, industries: [] });
      await repo.insertUser(tx, userRow(orgId, uuidv7(), { username: input.adminUsername, password, name: '系统管理员', role: 'admin' }, passwordHash));
      return true;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { created: false };
    throw error;
  }
  if (!created) return { created: false };
  return {
    created: true,
    orgId,
    username: input.adminUsername,
    ...(input.adminPassword ? {} : { generatedPassword: password }),
  };
}

export async function updateOrganisation(
  deps: IdentityDeps,
  actor: Actor,
  version: number,
  input: { name?: string; timeZone?: string; industries?: string[]; settings?: Record<string, unknown>; settingsGroups?: Record<string, unknown> },
): Promise<Organisation> {
  const { settingsGroups, ...changes } = input;
  if (settingsGroups && changes.settings) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.settingsGroups', code: 'invalid_value', message: 'validation.invalid' }] });
  }
  const row = await deps.db.transaction(async (tx) => {
    const before = (changes.settings && deps.settingsListeners.length) || settingsGroups ? await repo.findOrganisation(tx, actor.orgId) : undefined;
    if (settingsGroups) {
      if (!before) throw notFound();
      changes.settings = withGroups(before.settings, settingsGroups);
    }
    const saved = savedOrThrow(await repo.updateOrganisation(tx, actor.orgId, version, changes), version);
    if (before && deps.settingsListeners.length) {
      const change = { orgId: actor.orgId, before: resolveSettings(before.settings), after: resolveSettings(saved.settings) };
      for (const listener of deps.settingsListeners) await listener(tx, change);
    }
    return saved;
  });
  deps.orgCache.delete(actor.orgId);
  return toOrganisation(row);
}

/** The stored overrides with the named groups replaced; a group replaced by `{}` is dropped, so it follows the defaults. */
function withGroups(stored: unknown, groups: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...(typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? stored : {}) };
  for (const [group, overrides] of Object.entries(groups)) {
    if (typeof overrides === 'object' && overrides !== null && Object.keys(overrides).length === 0) delete merged[group];
    else merged[group] = overrides;
  }
  return merged;
}

export async function organisationIds(deps: IdentityDeps): Promise<string[]> {
  return repo.findOrganisationIds(deps.db);
}

/** For the command line: the organisation with this code, or the first one made. */
export async function findOrganisationByCode(deps: IdentityDeps, code?: string): Promise<Organisation | undefined> {
  const row = await repo.findOrganisationOrFirst(deps.db, code);
  return row && toOrganisation(row);
}

/** For the command line: the administrator it acts as. */
export async function firstAdmin(deps: IdentityDeps, orgId: string): Promise<Actor | undefined> {
  const row = await repo.findFirstAdmin(deps.db, orgId);
  return row && toActor(row);
}
