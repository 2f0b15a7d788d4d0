import { and, eq, sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, pgView, primaryKey, text, uniqueIndex, uuid, foreignKey } from 'drizzle-orm/pg-core';
import { createdAt, day, id, instant, orgId, updatedAt, version } from '../../db/columns';
import type { EmploymentStatus, Role, TechnicianGrade } from '../../../shared/domain';

/** Tenants. Every other row carries one of these ids as the first column of its key. */
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  currency: text('currency').notNull().default('CNY'),
  locale: text('locale').notNull().default('zh-CN'),
  /** Industry templates in use (watch, machinery, property, equipment, manufacturer, auto, appliance). */
  industries: text('industries').array().notNull().default(sql`'{}'::text[]`),
  /** Overrides of `shared/settings.ts` defaults. */
  settings: jsonb('settings').notNull().default({}),
  version: version(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * The teams (班组) of an organisation, a managed list: users name one by id, and dispatch,
 * calendars and SLA reports group by its name. A team no longer used is made inactive, never
 * deleted while a user is in it.
 */
export const teams = pgTable(
  'teams',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), uniqueIndex('teams_org_name_key').on(t.orgId, t.name)],
);

export const users = pgTable(
  'users',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    username: text('username').notNull(),
    name: text('name').notNull(),
    role: text('role').$type<Role>().notNull(),
    passwordHash: text('password_hash').notNull(),
    phone: text('phone'),
    email: text('email'),
    locale: text('locale'),
    /** M1: for technicians. */
    grade: text('grade').$type<TechnicianGrade>(),
    employmentStatus: text('employment_status').$type<EmploymentStatus>(),
    /** The team a user works in (`teams`): calendars, SLA reports and dispatch group by its name. */
    teamId: uuid('team_id'),
    /** For customer users: the customer record they act for. */
    customerId: uuid('customer_id'),
    /** For contractor users: the contractor they act for (contractors module). */
    contractorId: uuid('contractor_id'),
    active: boolean('active').notNull().default(true),
    /** Set by an administrator's password reset: the user is asked for a new one before anything else. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('users_org_username_key').on(t.orgId, t.username),
    index('users_username_idx').on(t.username),
    index('users_org_role_idx').on(t.orgId, t.role),
    foreignKey({ columns: [t.orgId, t.teamId], foreignColumns: [teams.orgId, teams.id] }),
  ],
);

/** Browser sessions and API tokens alike: only a SHA-256 of the token is stored. */
export const sessions = pgTable(
  'sessions',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull(),
    kind: text('kind').notNull(), // 'session' | 'api'
    label: text('label'),
    createdAt: createdAt(),
    expiresAt: instant('expires_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('sessions_token_hash_key').on(t.tokenHash),
    index('sessions_org_user_idx').on(t.orgId, t.userId),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** Failed and successful logins, for rate limiting across server processes and for audit. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: uuid('id').primaryKey(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: createdAt(),
  },
  (t) => [index('login_attempts_username_at_idx').on(t.username, t.at), index('login_attempts_ip_at_idx').on(t.ip, t.at)],
);

/**
 * Failed sign-ins counted per key, for throttling across server processes (S3, S15). One row
 * per account (organisation and username), per client address, and per account at an
 * address. A sign-in takes its place in each count with one atomic upsert before the password
 * is checked, so a parallel burst cannot get past the limit; a success gives back only its own
 * place at the address, so signing in to one's own account resets nothing.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    key: text('key').primaryKey(),
    /** Stable for the life of the row: the administrator clears a lock by it. */
    id: uuid('id').notNull(),
    kind: text('kind').notNull(), // 'account' | 'address' | 'account_address'
    /** The account's organisation; null for an address, or a username no organisation has. */
    orgId: uuid('org_id'),
    username: text('username'),
    ip: text('ip'),
    failures: integer('failures').notNull(),
    windowStartedAt: instant('window_started_at').notNull(),
    lastFailureAt: instant('last_failure_at').notNull(),
  },
  (t) => [uniqueIndex('login_throttles_id_key').on(t.id), index('login_throttles_org_idx').on(t.orgId), index('login_throttles_ip_idx').on(t.ip)],
);

/**
 * Published: who a user is, for other modules' names, lists and checks: everything but the
 * secrets. Other modules read users only through this view (and `identity`'s functions).
 */
export const people = pgView('people_v').as((qb) =>
  qb
    .select({
      orgId: users.orgId,
      id: users.id,
      username: users.username,
      name: users.name,
      role: users.role,
      phone: users.phone,
      /** The team's name, as readers grouped by before teams were a list. */
      team: sql<string | null>`${teams.name}`.as('team'),
      teamId: users.teamId,
      grade: users.grade,
      employmentStatus: users.employmentStatus,
      customerId: users.customerId,
      contractorId: users.contractorId,
      active: users.active,
    })
    .from(users)
    .leftJoin(teams, and(eq(teams.orgId, users.orgId), eq(teams.id, users.teamId))),
);

/**
 * M1: a technician's grade and employment status over time, each from the day it takes effect.
 * `users.grade` and `users.employment_status` hold the one in force today; pay reads the one in
 * force in the month it pays (M2 to M5), so a change is never an overwrite.
 */
export const gradeChanges = pgTable(
  'user_grade_changes',
  {
    orgId: orgId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    effectiveOn: day('effective_on').notNull(),
    grade: text('grade').$type<TechnicianGrade>(),
    employmentStatus: text('employment_status').$type<EmploymentStatus>(),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    recordedAt: instant('recorded_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('user_grade_changes_org_user_idx').on(t.orgId, t.userId, t.effectiveOn),
    foreignKey({ columns: [t.orgId, t.userId], foreignColumns: [users.orgId, users.id] }),
  ],
);

/** Published: grade and employment status changes (M1), which pay reads for the month it pays. */
export const gradeChangeRefs = pgView('user_grade_v').as((qb) =>
  qb
    .select({
      orgId: gradeChanges.orgId,
      id: gradeChanges.id,
      userId: gradeChanges.userId,
      effectiveOn: gradeChanges.effectiveOn,
      grade: gradeChanges.grade,
      employmentStatus: gradeChanges.employmentStatus,
      recordedAt: gradeChanges.recordedAt,
    })
    .from(gradeChanges),
);
