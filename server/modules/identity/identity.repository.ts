import { and, asc, count, desc, eq, gt, ilike, inArray, isNull, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../shared/domain';
import type { Db } from '../../db/client';
import { updateAtVersion, type Saved } from '../../db/versioned';
import { gradeChanges, loginAttempts, loginThrottles, organisations, sessions, teams, users } from './identity.schema';

export type OrganisationRow = typeof organisations.$inferSelect;
export type UserRow = typeof users.$inferSelect;
/** A user with their team's name, as views show them. */
export type UserWithTeam = UserRow & { team: string | null };

const teamJoin = and(eq(teams.orgId, users.orgId), eq(teams.id, users.teamId));
const withTeam = (r: { user: UserRow; team: string | null }): UserWithTeam => ({ ...r.user, team: r.team });

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
): Promise<Saved<OrganisationRow>> {
  return updateAtVersion(db, organisations, eq(organisations.id, id), version, { ...changes, updatedAt: new Date() });
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(row);
}

export async function findUser(db: Db, orgId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return row;
}

export async function findUserWithTeam(db: Db, orgId: string, id: string): Promise<UserWithTeam | undefined> {
  const [row] = await db.select({ user: users, team: teams.name }).from(users).leftJoin(teams, teamJoin).where(and(eq(users.orgId, orgId), eq(users.id, id)));
  return row && withTeam(row);
}

/** Active administrators of the organisation other than `except`: the last-admin guard counts them. */
export async function countOtherActiveAdmins(db: Db, orgId: string, except: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.role, 'admin'), eq(users.active, true), ne(users.id, except)));
  return row?.n ?? 0;
}

export async function findUserByUsername(db: Db, orgId: string, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.username, username)));
  return row;
}

/** Users with this username in any organisation (at most `limit`): login without an organisation code. */
export async function findUsersByUsername(db: Db, username: string, limit: number): Promise<UserRow[]> {
  return db.select().from(users).where(eq(users.username, username)).orderBy(users.orgId).limit(limit);
}

export interface UserFilter {
  role?: Role | undefined;
  teamId?: string | undefined;
  q?: string | undefined;
  active?: boolean | undefined;
  limit: number;
  offset: number;
}

export async function findUsers(db: Db, orgId: string, filter: UserFilter): Promise<{ rows: UserWithTeam[]; total: number }> {
  const conditions: (SQL | undefined)[] = [eq(users.orgId, orgId)];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.teamId) conditions.push(eq(users.teamId, filter.teamId));
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, '\\$&')}%`;
    conditions.push(or(ilike(users.name, like), ilike(users.username, like), ilike(users.phone, like)));
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db.select({ user: users, team: teams.name }).from(users).leftJoin(teams, teamJoin).where(where).orderBy(users.name, users.id).limit(filter.limit).offset(filter.offset),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows: rows.map(withTeam), total: total?.n ?? 0 };
}

export async function updateUser(
  db: Db,
  orgId: string,
  id: string,
  version: number | null,
  changes: Partial<typeof users.$inferInsert>,
): Promise<Saved<UserRow>> {
  return updateAtVersion(db, users, and(eq(users.orgId, orgId), eq(users.id, id)), version, { ...changes, updatedAt: new Date() });
}

/** Sets a password without moving the user's version: no field an editor shows has changed. */
export async function setPasswordHash(db: Db, orgId: string, id: string, passwordHash: string, mustChangePassword: boolean): Promise<boolean> {
  const rows = await db.update(users).set({ passwordHash, mustChangePassword, updatedAt: new Date() }).where(and(eq(users.orgId, orgId), eq(users.id, id))).returning({ id: users.id });
  return rows.length > 0;
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

/** Revokes every open session and token of a user, except the one whose hash is `keep`. */
export async function revokeUserSessions(db: Db, orgId: string, userId: string, now: Date, keep?: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.orgId, orgId), eq(sessions.userId, userId), isNull(sessions.revokedAt), keep ? ne(sessions.tokenHash, keep) : undefined));
}

export async function recordLoginAttempt(db: Db, row: typeof loginAttempts.$inferInsert): Promise<void> {
  await db.insert(loginAttempts).values(row);
}

export type ThrottleRow = typeof loginThrottles.$inferSelect;

/**
 * Takes one place in a throttle count and answers the count with it, in one statement, so
 * concurrent attempts each get their own number. A count whose window began at or before
 * `since` starts again at 1.
 */
export async function reserveThrottle(db: Db, row: Omit<ThrottleRow, 'failures' | 'windowStartedAt' | 'lastFailureAt'>, now: Date, since: Date): Promise<number> {
  const [result] = await db
    .insert(loginThrottles)
    .values({ ...row, failures: 1, windowStartedAt: now, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures: sql`case when ${loginThrottles.windowStartedAt} <= ${since} then 1 else ${loginThrottles.failures} + 1 end`,
        windowStartedAt: sql`case when ${loginThrottles.windowStartedAt} <= ${since} then excluded.window_started_at else ${loginThrottles.windowStartedAt} end`,
        lastFailureAt: sql`excluded.last_failure_at`,
      },
    })
    .returning({ failures: loginThrottles.failures });
  return result?.failures ?? 1;
}

/** Gives back one place in each count: the attempt it was taken for did not fail. */
export async function refundThrottles(db: Db, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await db
    .update(loginThrottles)
    .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
    .where(inArray(loginThrottles.key, keys));
}

export async function deleteThrottles(db: Db, keys: string[]): Promise<void> {
  if (!keys.length) return;
  await db.delete(loginThrottles).where(inArray(loginThrottles.key, keys));
}

/** Forgets counts whose window has passed. */
export async function pruneThrottles(db: Db, since: Date): Promise<void> {
  await db.delete(loginThrottles).where(sql`${loginThrottles.windowStartedAt} <= ${since}`);
}

/**
 * The counts at or over their limit that concern an organisation: its accounts, its accounts
 * at an address, and the addresses its accounts were failed from.
 */
export async function findThrottleLocks(db: Db, orgId: string, since: Date, limits: { account: number; address: number }): Promise<ThrottleRow[]> {
  const live = sql`${loginThrottles.windowStartedAt} > ${since}`;
  return db
    .select()
    .from(loginThrottles)
    .where(
      and(
        live,
        or(
          and(eq(loginThrottles.orgId, orgId), inArray(loginThrottles.kind, ['account', 'account_address']), sql`${loginThrottles.failures} >= ${limits.account}`),
          and(
            eq(loginThrottles.kind, 'address'),
            sql`${loginThrottles.failures} >= ${limits.address}`,
            sql`${loginThrottles.ip} in (select ip from ${loginThrottles} where org_id = ${orgId} and kind = 'account_address' and window_started_at > ${since})`,
          ),
        ),
      ),
    )
    .orderBy(sql`${loginThrottles.lastFailureAt} desc`)
    .limit(500);
}

export async function findThrottleById(db: Db, id: string): Promise<ThrottleRow | undefined> {
  const [row] = await db.select().from(loginThrottles).where(eq(loginThrottles.id, id));
  return row;
}

/** Clears a lock, and with an account's or an address's, that account's or address's per-pair counts in the organisation. */
export async function clearThrottle(db: Db, orgId: string, row: ThrottleRow): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(loginThrottles).where(eq(loginThrottles.key, row.key));
    if (row.kind === 'account' && row.username !== null) {
      await tx
        .delete(loginThrottles)
        .where(and(eq(loginThrottles.kind, 'account_address'), eq(loginThrottles.orgId, orgId), eq(loginThrottles.username, row.username)));
    }
    if (row.kind === 'address' && row.ip !== null) {
      await tx.delete(loginThrottles).where(and(eq(loginThrottles.kind, 'account_address'), eq(loginThrottles.orgId, orgId), eq(loginThrottles.ip, row.ip)));
    }
  });
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
  if (filter.team) conditions.push(eq(teams.name, filter.team));
  if (!filter.includeInactive) conditions.push(eq(users.active, true));
  return db
    .select({
      id: users.id,
      username: users.username,
      name: users.name,
      role: users.role,
      phone: users.phone,
      team: teams.name,
      grade: users.grade,
      employmentStatus: users.employmentStatus,
      active: users.active,
    })
    .from(users)
    .leftJoin(teams, teamJoin)
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

// --- grades and employment status over time (M1) ------------------------------------------

export type GradeChangeRow = typeof gradeChanges.$inferSelect;

export async function insertGradeChange(db: Db, row: typeof gradeChanges.$inferInsert): Promise<void> {
  await db.insert(gradeChanges).values(row);
}

/** A user's changes, newest effective day first (the latest recorded first on the same day). */
export async function findGradeChanges(db: Db, orgId: string, userId: string): Promise<GradeChangeRow[]> {
  return db
    .select()
    .from(gradeChanges)
    .where(and(eq(gradeChanges.orgId, orgId), eq(gradeChanges.userId, userId)))
    .orderBy(desc(gradeChanges.effectiveOn), desc(gradeChanges.recordedAt), desc(gradeChanges.id));
}

/** The change in force on a day: the latest one effective on or before it. */
export async function findGradeChangeOn(db: Db, orgId: string, userId: string, day: string): Promise<GradeChangeRow | undefined> {
  const [row] = await db
    .select()
    .from(gradeChanges)
    .where(and(eq(gradeChanges.orgId, orgId), eq(gradeChanges.userId, userId), lte(gradeChanges.effectiveOn, day)))
    .orderBy(desc(gradeChanges.effectiveOn), desc(gradeChanges.recordedAt), desc(gradeChanges.id))
    .limit(1);
  return row;
}

/** Sets the grade and status in force today, without touching the user's version (it is not an edit of the record). */
export async function setCurrentGrade(db: Db, orgId: string, userId: string, values: Pick<UserRow, 'grade' | 'employmentStatus'>): Promise<void> {
  await db.update(users).set(values).where(and(eq(users.orgId, orgId), eq(users.id, userId)));
}

// --- teams --------------------------------------------------------------------------------

export async function insertTeam(db: Db, row: typeof teams.$inferInsert): Promise<void> {
  await db.insert(teams).values(row);
}

/** Teams by name, each with how many users (active or not) are in it. */
export async function findTeams(db: Db, orgId: string, filter: { ids?: string[]; active?: boolean | undefined }) {
  const conditions: (SQL | undefined)[] = [eq(teams.orgId, orgId)];
  if (filter.ids) conditions.push(filter.ids.length ? inArray(teams.id, filter.ids) : sql`false`);
  if (filter.active !== undefined) conditions.push(eq(teams.active, filter.active));
  return db
    .select({
      id: teams.id,
      name: teams.name,
      active: teams.active,
      version: teams.version,
      // Spelled out: in a select from one table, columns render without their table's name.
      members: sql<number>`(select count(*)::int from users m where m.org_id = "teams"."org_id" and m.team_id = "teams"."id")`,
    })
    .from(teams)
    .where(and(...conditions))
    .orderBy(asc(teams.name));
}

export async function findTeamByName(db: Db, orgId: string, name: string) {
  const [row] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, orgId), eq(teams.name, name)));
  return row;
}

export async function updateTeam(db: Db, orgId: string, id: string, version: number, changes: Partial<Pick<typeof teams.$inferInsert, 'name' | 'active'>>) {
  return updateAtVersion(db, teams, and(eq(teams.orgId, orgId), eq(teams.id, id)), version, { ...changes, updatedAt: new Date() });
}

export async function deleteTeam(db: Db, orgId: string, id: string): Promise<void> {
  await db.delete(teams).where(and(eq(teams.orgId, orgId), eq(teams.id, id)));
}
