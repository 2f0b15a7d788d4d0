import type { GradeChangeBody } from '../../../shared/contracts/identity';
import type { Db } from '../../db/client';
import { gradeHistory, gradeOn, recordGradeChange, registerGradeJob, type GradeDeps } from './grades';
import { type ContractorCheck, type IdentityDeps, type IdentityOptions } from './identity.deps';
import * as repo from './identity.repository';
import type { NewUser, SettingsChangedListener, UserChanges } from './identity-views';
import { createLoginThrottle } from './login-throttle';
import * as organisations from './organisations';
import type { Actor } from './principal';
import * as sessions from './sessions';
import { createStaffDirectory } from './staff';
import * as teams from './teams';
import * as users from './users';

export type { IdentityOptions } from './identity.deps';
export { SESSION_CACHE_MS } from './identity.deps';
export { toActor, type NewUser, type Organisation, type SettingsChangedListener, type User, type UserChanges } from './identity-views';

/** identity: organisations, users and their grades, sign-in, sessions and API tokens. */
export function createIdentityService(options: IdentityOptions) {
  const { db, clock } = options;
  const grades: GradeDeps = {
    db,
    clock,
    timeZoneOf: async (orgId, tx) => (await repo.findOrganisation(tx ?? db, orgId))?.timeZone ?? 'Asia/Shanghai',
    jobs: options.jobs,
  };
  registerGradeJob(grades);
  const deps: IdentityDeps = {
    db,
    clock,
    sessionHours: options.sessionHours,
    pause: options.pause ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    customers: options.customers,
    grades,
    throttle: createLoginThrottle(db, {
      accountFailures: options.loginMaxFailures,
      addressFailures: options.loginMaxFailuresPerAddress,
      windowMinutes: options.loginWindowMinutes,
      delayMs: options.loginDelayMs,
      maxDelayMs: options.loginMaxDelayMs,
    }),
    orgCache: new Map(),
    sessionCache: new Map(),
    settingsListeners: [],
    contractorChecks: [],
  };

  return {
    ...createStaffDirectory(db),
    /** M1: a technician's grade and employment status over time. */
    recordGradeChange: (actor: Actor, userId: string, body: GradeChangeBody) => recordGradeChange(grades, actor, userId, body),
    gradeHistory: (actor: Actor, userId: string) => gradeHistory(grades, actor, userId),
    /** For pay: the pair in force on a day. */
    gradeOn: (orgId: string, userId: string, day: string, tx?: Db) => gradeOn(grades, orgId, userId, day, tx),

    organisationIds: () => organisations.organisationIds(deps),
    /** For the command line: the organisation with this code, or the first one made. */
    findOrganisationByCode: (code?: string) => organisations.findOrganisationByCode(deps, code),
    /** For the command line: the administrator it acts as. */
    firstAdmin: (orgId: string) => organisations.firstAdmin(deps, orgId),
    /** Reads through `tx` when given: on PGlite a read outside an open transaction would wait for it. */
    getOrganisation: (orgId: string, tx?: Db) => organisations.getOrganisation(deps, orgId, tx),
    createOrganisation: (input: Parameters<typeof organisations.createOrganisation>[1]) => organisations.createOrganisation(deps, input),
    updateOrganisation: (actor: Actor, version: number, changes: Parameters<typeof organisations.updateOrganisation>[3]) => organisations.updateOrganisation(deps, actor, version, changes),
    /** Registers a listener for changed settings (see `SettingsChangedListener`). */
    onSettingsChanged: (listener: SettingsChangedListener) => void deps.settingsListeners.push(listener),
    bootstrap: (input: Parameters<typeof organisations.bootstrap>[1]) => organisations.bootstrap(deps, input),

    createUser: (orgId: string, input: NewUser, by: string | null = null) => users.createUser(deps, orgId, input, by),
    /** S18: the contractors module says whether a contractor user's contractor exists. */
    checkContractorLinks: (check: ContractorCheck) => void deps.contractorChecks.push(check),
    getUser: (orgId: string, id: string) => users.getUser(deps, orgId, id),
    findUsers: (actor: Actor, filter: repo.UserFilter) => users.findUsers(deps, actor, filter),
    updateUser: (actor: Actor, id: string, version: number | null, changes: UserChanges) => users.updateUser(deps, actor, id, version, changes),
    resetPassword: (actor: Actor, id: string, password?: string) => users.resetPassword(deps, actor, id, password),

    listTeams: (actor: Actor, filter: { active?: boolean | undefined } = {}) => teams.listTeams(deps, actor, filter),
    getTeam: (actor: Actor, id: string) => teams.getTeam(deps, actor.orgId, id),
    createTeam: (actor: Actor, body: Parameters<typeof teams.createTeam>[2]) => teams.createTeam(deps, actor, body),
    updateTeam: (actor: Actor, id: string, version: number, body: Parameters<typeof teams.updateTeam>[4]) => teams.updateTeam(deps, actor, id, version, body),
    deleteTeam: (actor: Actor, id: string) => teams.deleteTeam(deps, actor, id),

    login: (input: Parameters<typeof sessions.login>[1]) => sessions.login(deps, input),
    changeOwnPassword: (actor: Actor, input: Parameters<typeof sessions.changeOwnPassword>[2]) => sessions.changeOwnPassword(deps, actor, input),
    loginLocks: (actor: Actor) => sessions.loginLocks(deps, actor),
    clearLoginLock: (actor: Actor, id: string) => sessions.clearLoginLock(deps, actor, id),
    authenticate: (token: string) => sessions.authenticate(deps, token),
    logout: (token: string) => sessions.logout(deps, token),
    createApiToken: (actor: Actor, label: string, expiresInDays?: number) => sessions.createApiToken(deps, actor, label, expiresInDays),
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
