import { and, asc, count, eq, gt, ilike, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../shared/domain';
import { queryRows, type Db } from '../../db/client';
import { loginAttempts, organisations, sessions, users } from './identity.schema';

export type OrganisationRow = typeof organisations.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export async function countOrganisations(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return row?.n ?? 0;
}

export async function findOrganisationIds(db: Db): Promise<string[]> {
  return (await db.select({ id: organisations.id }).from(organisations)).map((r) => r.id);
}

export async function insertOrganisation(db: Db, row: typeof organisations.$inferInsert): Promise<void> {
  await db.insert(organisations).values(row);
}

export async function findOrganisation(db: Db, id: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

export async function findOrganisationByCode(db: Db, code: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.code, code));
  return row;
}

export async function updateOrganisation(
  db: Db,
  id: string,
  version: number,
  changes: Partial<typeof organisations.$inferInsert>,
): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .update(organisations)
    .set({ ...changes, version: sql`${organisations.version} + 1`, updatedAt: new Date() })
    .where(and(eq(organisations.id, id), eq(organisations.version, version)))
    .returning();
  return row;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row);
}

export async function findUser(db: Db, orgId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return row;
}

export async function findUserByUsername(db: Db, orgId: string, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.username, username)));
  return row;
}

/** Users with this username in any organisation: login without an organisation code. */
export async function findUsersByUsername(db: Db, username: string): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.username, username)).limit(2);
}

export interface UserFilter {
  role?: Role | undefined;
  q?: string | undefined;
  active?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function findUsers(db: Db, orgId: string, filter: UserFilter): Promise<{ rows: UserRow[]; total: number }> {
  const conditions: (SQL | undefined)[] = [eq(users.orgId, orgId)];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(or(ilike(users.name, like), ilike(users.username, like), ilike(users.phone, like)));
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select().from(users).where(where).orderBy(users.name, users.id).limit(filter.limit).offset(filter.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function updateUser(
  db: Db,
  orgId: string,
  id: string,
  version: number | null,
  changes: Partial<typeof users.$inferInsert>,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...changes, version: sql`${users.version} + 1`, updatedAt: new Date() })
    .where(and(eq(users.orgId, orgId), eq(users.id, id), version === null ? undefined : eq(users.version, version)))
    .returning();
  return row;
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

/** The live session or token with this hash, and its user; one query per authenticated request. */
export async function findLiveSession(db: Db, hash: string, now: Date) {
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, and(eq(users.orgId, sessions.orgId), eq(users.id, sessions.userId)))
    .where(
      and(
        eq(sessions.tokenHash, hash),
        isNull(sessions.revokedAt),
        or(isNull(sessions.expiresAt), gt(sessions.expiresAt, now)),
        eq(users.active, true),
      ),
    );
  return row;
}

export async function revokeSession(db: Db, hash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.tokenHash, hash));
}

export async function revokeUserSessions(db: Db, orgId: string, userId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

export async function recordLoginAttempt(db: Db, row: typeof loginAttempts.$inferInsert): Promise<void> {
  await db.insert(loginAttempts).values(row);
}

/** Failed logins since `since` and since the last success, by username or by address. */
export async function countRecentFailures(db: Db, key: { username?: string; ip?: string }, since: Date): Promise<number> {
  const column = key.username !== undefined ? loginAttempts.username : loginAttempts.ip;
  const value = key.username ?? key.ip ?? '';
  const rows = await queryRows<{ n: number }>(db, sql`
    select count(*)::int as n from ${loginAttempts}
    where ${column} = ${value} and ${loginAttempts.at} > ${since} and not ${loginAttempts.succeeded}
      and ${loginAttempts.at} > coalesce((select max(${loginAttempts.at}) from ${loginAttempts}
        where ${column} = ${value} and ${loginAttempts.succeeded}), '-infinity'::timestamptz)`);
  return Number(rows[0]?.n ?? 0);
}

// --- staff, as other modules ask for them --------------------------------------------------

export interface StaffFilter {
  ids?: readonly string[] | undefined;
  roles?: readonly Role[] | undefined;
  team?: string | undefined;
  /** Former staff too (profiles and history show them; nothing new is given to them). */
  includeInactive?: boolean | undefined;
}

/** Users of the organisation without their secrets, by name. */
export async function findStaff(db: Db, orgId: string, filter: StaffFilter) {
  const conditions: (SQL | undefined)[] = [eq(users.orgId, orgId)];
  if (filter.ids) conditions.push(filter.ids.length ? inArray(users.id, [...filter.ids]) : sql`false`);
  if (filter.roles) conditions.push(inArray(users.role, [...filter.roles]));
  if (filter.team) conditions.push(eq(users.team, filter.team));
  if (!filter.includeInactive) conditions.push(eq(users.active, true));
  return db
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      role: users.role,
      phone: users.phone,
      team: users.team,
      grade: users.grade,
      employmentStatus: users.employmentStatus,
      active: users.active,
    })
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(users.id));
}
export type StaffRow = Awaited<ReturnType<typeof findStaff>>[number];

/** The organisation with this code, or the first one made (a single-organisation installation's). */
export async function findOrganisationOrFirst(db: Db, code?: string): Promise<OrganisationRow | undefined> {
  const [row] = await db
    .select()
    .from(organisations)
    .where(code ? eq(organisations.code, code) : undefined)
    .orderBy(asc(organisations.createdAt))
    .limit(1);
  return row;
}

/** The organisation's first administrator, who acts for the command line. */
export async function findFirstAdmin(db: Db, orgId: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'admin')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  return row;
}
