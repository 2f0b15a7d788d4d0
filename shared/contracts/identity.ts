import { z } from 'zod';
import { EMPLOYMENT_STATUSES, ROLES, TECHNICIAN_GRADES } from '../domain';
import { LOCALES } from '../i18n';
import { orgSettingsOverrides } from '../settings';
import { passwordSchema } from '../passwords';
import { isoDay, optionalText, phone, shortText, uuid } from './common';

export const username = z.string().trim().regex(/^[a-zA-Z0-9_.@-]{2,64}$/);
export const password = passwordSchema;

export const loginBody = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
  /** The organisation's code, needed only when the username exists in several. */
  organisation: z.string().trim().max(40).optional(),
});

export const createUserBody = z.strictObject({
  username,
  password,
  name: shortText(60),
  role: z.enum(ROLES),
  phone: phone.nullish(),
  email: z.email().nullish(),
  grade: z.enum(TECHNICIAN_GRADES).nullish(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).nullish(),
  /** One of the organisation's teams (`/api/v1/teams`). */
  teamId: uuid.nullish(),
  customerId: uuid.nullish(),
  contractorId: uuid.nullish(),
  locale: z.enum(LOCALES).nullish(),
});

export const updateUserBody = createUserBody.omit({ username: true }).partial().extend({ active: z.boolean().optional(), password: password.optional() }).strict();

export const userView = z.object({
  id: uuid,
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  locale: z.string().nullable(),
  grade: z.enum(TECHNICIAN_GRADES).nullable(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).nullable(),
  /** The team's name (null when none). */
  team: z.string().nullish(),
  teamId: uuid.nullable(),
  customerId: uuid.nullable(),
  contractorId: uuid.nullable(),
  active: z.boolean(),
  /** After an administrator's password reset, until the user sets their own. */
  mustChangePassword: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
});

export const meView = z.object({
  id: uuid,
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  locale: z.string().nullable(),
  customerId: uuid.nullable(),
  /** An administrator reset the password: the web asks for a new one before anything else. */
  mustChangePassword: z.boolean(),
  permissions: z.array(z.string()),
  organisation: z.object({ id: uuid, code: z.string(), name: z.string(), timeZone: z.string(), industries: z.array(z.string()) }),
});

export const organisationView = z.object({
  id: uuid,
  code: z.string(),
  name: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  locale: z.string(),
  industries: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  overrides: z.record(z.string(), z.unknown()),
  version: z.number().int(),
});

export const updateOrganisationBody = z.strictObject({
  name: shortText(100).optional(),
  timeZone: z.string().max(60).optional(),
  industries: z.array(z.string().max(30)).max(20).optional(),
  /** All of the organisation's overrides: what is not here follows the defaults. */
  settings: orgSettingsOverrides.optional(),
  /**
   * Some groups of overrides (`{ pay: {…}, penalties: {…} }`): each group named replaces that
   * group's overrides (`{}` returns it to the defaults), the others stay as they are. The
   * settings page saves one tab at a time with it.
   */
  settingsGroups: orgSettingsOverrides.optional(),
});

export const tokenBody = z.strictObject({ label: shortText(60), expiresInDays: z.number().int().min(1).max(3650).optional() });
export const userListQuery = z.object({
  role: z.enum(ROLES).optional(),
  teamId: uuid.optional(),
  q: optionalText(60),
  active: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

/** A signed-in user's own password change (S14). */
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

export const LOCK_KINDS = ['account', 'address', 'account_address'] as const;

/** A sign-in lock as the administrator sees it (S3). */
export const loginLockView = z.object({
  id: uuid,
  kind: z.enum(LOCK_KINDS),
  username: z.string().nullable(),
  ip: z.string().nullable(),
  failures: z.number().int(),
  effect: z.enum(['slowed', 'refused']),
  lastFailureAt: z.date(),
  until: z.date(),
});

/** M1: a change of a technician's grade and/or employment status from a day (past, today or future). */
export const gradeChangeBody = z
  .strictObject({
    effectiveOn: isoDay,
    grade: z.enum(TECHNICIAN_GRADES).optional(),
    employmentStatus: z.enum(EMPLOYMENT_STATUSES).optional(),
    note: optionalText(200),
  })
  .refine((b) => b.grade !== undefined || b.employmentStatus !== undefined, { path: ['grade'], params: { message: 'validation.required' } });
export type GradeChangeBody = z.infer<typeof gradeChangeBody>;

export const gradeChangeView = z.object({
  id: uuid,
  effectiveOn: z.string(),
  grade: z.enum(TECHNICIAN_GRADES).nullable(),
  employmentStatus: z.enum(EMPLOYMENT_STATUSES).nullable(),
  note: z.string().nullable(),
  recordedBy: z.object({ id: uuid, name: z.string() }).nullable(),
  recordedAt: z.date(),
});
export type GradeChangeView = z.infer<typeof gradeChangeView>;

/** A team (班组): a managed list, unique by name in the organisation. */
export const teamBody = z.strictObject({ name: shortText(60), active: z.boolean().optional() });
export const updateTeamBody = teamBody.partial().strict();
export const teamView = z.object({ id: uuid, name: z.string(), active: z.boolean(), members: z.number().int(), version: z.number().int() });
export const teamListQuery = z.object({ active: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? undefined : v === 'true')) });

/**
 * An administrator sets a user's password: the one typed, or a temporary one made up and shown
 * once. Every session and token of that user ends.
 */
export const passwordResetBody = z.strictObject({ password: password.optional() });
export const passwordResetView = z.object({ temporaryPassword: z.string().nullable() });
