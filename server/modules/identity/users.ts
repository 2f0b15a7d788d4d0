import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../../shared/domain';
import { localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { savedOrThrow } from '../../db/versioned';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import { recordGradeChange, recordInitialGrade } from './grades';
import { forgetSessionsOf, type IdentityDeps } from './identity.deps';
import * as repo from './identity.repository';
import { toUser, userRow, type NewUser, type User, type UserChanges } from './identity-views';
import { getOrganisation } from './organisations';
import { assertAcceptablePassword } from './password-policy';
import { hashPassword } from './passwords';
import type { Actor } from './principal';
import { isTechnicianRole } from './staff';
import { assertTeam, teamIdByName } from './teams';

/** Users: who they are, their role and links (S18), and changes that end their sessions. */

/**
 * S18: a user's links must fit their role and their organisation: a customer user to one of
 * the organisation's customers, a contractor user to a contractor, nobody else to either.
 */
async function checkLinks(deps: IdentityDeps, tx: Db, orgId: string, role: Role, links: { customerId?: string | null | undefined; contractorId?: string | null | undefined }) {
  if (role === 'customer' && !links.customerId) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'body.customerId', code: 'required', message: 'errors.detail.customerUserNeedsCustomer' }],
    });
  }
  if (links.customerId && role !== 'customer') throw fieldError('body.customerId', 'errors.detail.referenceNotForRole');
  if (links.contractorId && role !== 'contractor') throw fieldError('body.contractorId', 'errors.detail.referenceNotForRole');
  if (links.customerId) await deps.customers.assertExists(tx, orgId, links.customerId, 'body.customerId');
  if (links.contractorId) {
    for (const exists of deps.contractorChecks) {
      if (!(await exists(tx, orgId, links.contractorId))) throw invalidReference('body.contractorId', 'contractors.errors.unknownContractor');
    }
  }
}

/** The team id a create or change names: by id (checked), or by name for the seed and fixtures. */
async function resolveTeam(db: Db, orgId: string, input: { teamId?: string | null | undefined; team?: string | null | undefined }): Promise<string | null | undefined> {
  if (input.teamId) {
    await assertTeam(db, orgId, input.teamId);
    return input.teamId;
  }
  if (input.teamId === null) return null;
  if (input.team !== undefined) return input.team?.trim() ? teamIdByName(db, orgId, input.team) : null;
  return undefined;
}

export async function createUser(deps: IdentityDeps, orgId: string, input: NewUser, by: string | null = null): Promise<User> {
  await checkLinks(deps, deps.db, orgId, input.role, input);
  assertAcceptablePassword(input.password, input.username);
  input = { ...input, teamId: (await resolveTeam(deps.db, orgId, input)) ?? null };
  const id = uuidv7();
  const passwordHash = await hashPassword(input.password);
  try {
    await deps.db.transaction(async (tx) => {
      const row = userRow(orgId, id, input, passwordHash);
      await repo.insertUser(tx, row);
      if (isTechnicianRole(input.role)) await recordInitialGrade(deps.grades, tx, orgId, id, { grade: row.grade ?? null, employmentStatus: row.employmentStatus ?? null }, by);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ALREADY_EXISTS', {
        detail: 'errors.detail.usernameTaken',
        params: { username: input.username },
        fields: [{ field: 'body.username', code: 'taken', message: 'errors.detail.usernameTaken', params: { username: input.username } }],
      });
    }
    throw error;
  }
  return getUser(deps, orgId, id);
}

export async function getUser(deps: IdentityDeps, orgId: string, id: string): Promise<User> {
  const row = await repo.findUserWithTeam(deps.db, orgId, id);
  if (!row) throw notFound();
  return toUser(row);
}

export async function findUsers(deps: IdentityDeps, actor: Actor, filter: repo.UserFilter) {
  const { rows, total } = await repo.findUsers(deps.db, actor.orgId, filter);
  return { items: rows.map(toUser), total };
}

export async function updateUser(deps: IdentityDeps, actor: Actor, id: string, version: number | null, changes: UserChanges): Promise<User> {
  const { password, grade, employmentStatus, team, teamId, ...rest } = changes;
  const set: Parameters<typeof repo.updateUser>[4] = { ...rest };
  const target = await repo.findUser(deps.db, actor.orgId, id);
  if (!target) throw notFound();
  const newTeamId = await resolveTeam(deps.db, actor.orgId, { team, teamId });
  if (newTeamId !== undefined) set.teamId = newTeamId;
  if (password) {
    assertAcceptablePassword(password, target.username);
    set.passwordHash = await hashPassword(password);
  }
  const role = changes.role ?? target.role;
  await checkLinks(deps, deps.db, actor.orgId, role, {
    customerId: changes.customerId !== undefined ? changes.customerId : target.customerId,
    contractorId: changes.contractorId !== undefined ? changes.contractorId : target.contractorId,
  });
  await deps.db.transaction(async (tx) => {
    const losesAdmin = target.role === 'admin' && target.active && ((changes.role !== undefined && changes.role !== 'admin') || changes.active === false);
    if (losesAdmin && (await repo.countOtherActiveAdmins(tx, actor.orgId, id)) === 0) {
      throw new AppError('LAST_ADMIN', { detail: 'errors.detail.lastAdmin', fields: [{ field: changes.active === false ? 'body.active' : 'body.role', code: 'invalid', message: 'errors.detail.lastAdmin' }] });
    }
    savedOrThrow(await repo.updateUser(tx, actor.orgId, id, version, set), version);
  });
  // M1: a grade or status edited on the user takes effect today, kept in the history like any other change.
  if ((grade !== undefined || employmentStatus !== undefined) && isTechnicianRole(role) && (grade !== target.grade || employmentStatus !== target.employmentStatus)) {
    const today = localDate(deps.clock(), (await getOrganisation(deps, actor.orgId)).timeZone);
    await recordGradeChange(deps.grades, actor, id, { effectiveOn: today, ...(grade !== undefined && grade !== null ? { grade } : {}), ...(employmentStatus !== undefined && employmentStatus !== null ? { employmentStatus } : {}) });
  }
  // A new password or a deactivation ends every open session of that user.
  if (password || changes.active === false) await repo.revokeUserSessions(deps.db, actor.orgId, id, deps.clock());
  // Whatever changed (role, name, access) applies from the next request.
  forgetSessionsOf(deps, actor.orgId, id);
  return getUser(deps, actor.orgId, id);
}

/** Letters and digits that cannot be mistaken for one another when read out or copied by hand. */
const TEMPORARY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';

/** A random password of 14 characters (about 81 bits), for an administrator to pass on once. */
export function temporaryPassword(): string {
  let out = '';
  for (let i = 0; i < 14; i++) out += TEMPORARY_ALPHABET[randomInt(TEMPORARY_ALPHABET.length)];
  return out;
}

/**
 * An administrator sets a user's password: the one typed, or a temporary one answered once and
 * never stored in clear. Every session and token of the user ends, so whoever held the old
 * password is signed out; the administrator knows the new one, so the user is asked to change
 * it at their next sign-in.
 */
export async function resetPassword(deps: IdentityDeps, actor: Actor, id: string, typed: string | undefined): Promise<{ temporaryPassword: string | null }> {
  const target = await repo.findUser(deps.db, actor.orgId, id);
  if (!target) throw notFound();
  const password = typed ?? temporaryPassword();
  assertAcceptablePassword(password, target.username);
  const passwordHash = await hashPassword(password);
  await deps.db.transaction(async (tx) => {
    if (!(await repo.setPasswordHash(tx, actor.orgId, id, passwordHash, true))) throw notFound();
    await repo.revokeUserSessions(tx, actor.orgId, id, deps.clock());
  });
  forgetSessionsOf(deps, actor.orgId, id);
  return { temporaryPassword: typed ? null : password };
}
