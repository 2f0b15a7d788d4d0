import { pickLocale, type Locale } from '../../../shared/i18n';
import { resolveSettings, type OrgSettings } from '../../../shared/settings';
import type { EmploymentStatus, Role, TechnicianGrade } from '../../../shared/domain';
import type { Db } from '../../db/client';
import type * as repo from './identity.repository';
import type { users } from './identity.schema';
import type { Actor } from './principal';

/** What identity answers with: organisations, users and the actor a session stands for. */

export interface Organisation {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  currency: string;
  locale: string;
  industries: string[];
  settings: OrgSettings;
  /** What the organisation itself set, without defaults (for the settings page). */
  overrides: Record<string, unknown>;
  version: number;
}

/**
 * Told inside the transaction that saves an organisation's new settings, with the settings before
 * and after: a module that made records from the figures (SLA policies) follows them there.
 */
export type SettingsChangedListener = (tx: Db, change: { orgId: string; before: OrgSettings; after: OrgSettings }) => Promise<void>;

export interface User {
  id: string;
  username: string;
  name: string;
  role: Role;
  phone: string | null;
  email: string | null;
  locale: string | null;
  grade: TechnicianGrade | null;
  employmentStatus: EmploymentStatus | null;
  /** The team's name. */
  team: string | null;
  teamId: string | null;
  customerId: string | null;
  contractorId: string | null;
  active: boolean;
  /** After an administrator's reset, until the user sets their own. */
  mustChangePassword: boolean;
  version: number;
  createdAt: Date;
}

export interface NewUser {
  username: string;
  password: string;
  name: string;
  role: Role;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  grade?: TechnicianGrade | null | undefined;
  employmentStatus?: EmploymentStatus | null | undefined;
  teamId?: string | null | undefined;
  /** For the seed and fixtures: a team by name, made when missing. `teamId` wins when both are given. */
  team?: string | null | undefined;
  customerId?: string | null | undefined;
  contractorId?: string | null | undefined;
  locale?: string | null | undefined;
}

export type UserChanges = Partial<Omit<NewUser, 'username'>> & { active?: boolean };

export function toUser(row: repo.UserWithTeam): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    phone: row.phone,
    email: row.email,
    locale: row.locale,
    grade: row.grade,
    employmentStatus: row.employmentStatus,
    team: row.team,
    teamId: row.teamId,
    customerId: row.customerId,
    contractorId: row.contractorId,
    active: row.active,
    mustChangePassword: row.mustChangePassword,
    version: row.version,
    createdAt: row.createdAt,
  };
}

export function toOrganisation(row: repo.OrganisationRow): Organisation {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    timeZone: row.timeZone,
    currency: row.currency,
    locale: row.locale,
    industries: row.industries,
    settings: resolveSettings(row.settings),
    overrides: (row.settings ?? {}) as Record<string, unknown>,
    version: row.version,
  };
}

export function toActor(user: repo.UserRow): Actor {
  return {
    orgId: user.orgId,
    userId: user.id,
    username: user.username,
    name: user.name,
    role: user.role,
    locale: user.locale ? (pickLocale(user.locale) as Locale) : null,
    customerId: user.customerId,
    contractorId: user.contractorId,
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

export function userRow(orgId: string, id: string, input: NewUser, passwordHash: string): typeof users.$inferInsert {
  return {
    orgId,
    id,
    username: input.username,
    name: input.name,
    role: input.role,
    passwordHash,
    phone: input.phone ?? null,
    email: input.email ?? null,
    grade: input.grade ?? (input.role === 'technician' ? 'junior' : null),
    employmentStatus: input.employmentStatus ?? (input.role === 'technician' ? 'regular' : null),
    teamId: input.teamId ?? null,
    customerId: input.customerId ?? null,
    contractorId: input.contractorId ?? null,
    locale: input.locale ?? null,
  };
}

