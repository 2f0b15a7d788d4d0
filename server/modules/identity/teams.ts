import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { savedOrThrow } from '../../db/versioned';
import { AppError, invalidReference, notFound } from '../../errors';
import type { IdentityDeps } from './identity.deps';
import * as repo from './identity.repository';
import type { Actor } from './principal';

/**
 * Teams (班组) as a managed list: users name one by id, so a typo no longer splits a team in
 * two, and a renamed team is renamed for everyone in it. Other modules still group by the name.
 */

export interface Team {
  id: string;
  name: string;
  active: boolean;
  members: number;
  version: number;
}

function nameTaken(name: string) {
  return new AppError('ALREADY_EXISTS', {
    detail: 'errors.detail.teamNameTaken',
    params: { name },
    fields: [{ field: 'body.name', code: 'taken', message: 'errors.detail.teamNameTaken', params: { name } }],
  });
}

export async function listTeams(deps: Pick<IdentityDeps, 'db'>, actor: Actor, filter: { active?: boolean | undefined }): Promise<Team[]> {
  return repo.findTeams(deps.db, actor.orgId, filter);
}

export async function getTeam(deps: Pick<IdentityDeps, 'db'>, orgId: string, id: string): Promise<Team> {
  const [team] = await repo.findTeams(deps.db, orgId, { ids: [id] });
  if (!team) throw notFound('errors.detail.unknownTeam');
  return team;
}

export async function createTeam(deps: Pick<IdentityDeps, 'db'>, actor: Actor, body: { name: string; active?: boolean | undefined }): Promise<Team> {
  const id = uuidv7();
  try {
    await repo.insertTeam(deps.db, { orgId: actor.orgId, id, name: body.name, active: body.active ?? true });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(body.name);
    throw error;
  }
  return getTeam(deps, actor.orgId, id);
}

export async function updateTeam(deps: Pick<IdentityDeps, 'db'>, actor: Actor, id: string, version: number, body: { name?: string | undefined; active?: boolean | undefined }): Promise<Team> {
  try {
    savedOrThrow(await repo.updateTeam(deps.db, actor.orgId, id, version, body), version);
  } catch (error) {
    if (isUniqueViolation(error) && body.name) throw nameTaken(body.name);
    throw error;
  }
  return getTeam(deps, actor.orgId, id);
}

/** Deletes a team nobody is in; one with members is made inactive instead, so history keeps its name. */
export async function deleteTeam(deps: Pick<IdentityDeps, 'db'>, actor: Actor, id: string): Promise<void> {
  const team = await getTeam(deps, actor.orgId, id);
  if (team.members > 0) {
    throw new AppError('TEAM_IN_USE', { detail: 'errors.detail.teamHasMembers', params: { name: team.name, members: team.members } });
  }
  await repo.deleteTeam(deps.db, actor.orgId, id);
}

/** The team a user is put in by id: one of the organisation's, and active. */
export async function assertTeam(db: Db, orgId: string, teamId: string, field = 'body.teamId'): Promise<void> {
  const [team] = await repo.findTeams(db, orgId, { ids: [teamId] });
  if (!team) throw invalidReference(field, 'errors.detail.unknownTeam');
  if (!team.active) throw invalidReference(field, 'errors.detail.teamInactive', 'invalid');
}

/** For the seed and fixtures, which name teams: the team of that name, made when missing. */
export async function teamIdByName(db: Db, orgId: string, name: string): Promise<string> {
  const trimmed = name.trim();
  const found = await repo.findTeamByName(db, orgId, trimmed);
  if (found) return found.id;
  await repo.insertTeam(db, { orgId, id: uuidv7(), name: trimmed, active: true }).catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
  });
  return (await repo.findTeamByName(db, orgId, trimmed))!.id;
}
