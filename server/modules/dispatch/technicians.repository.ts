import { and, asc, desc, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import type { EmploymentStatus, TechnicianGrade } from '../../../shared/domain';
import type { Db } from '../../db/client';
import { updateAtVersion } from '../../db/versioned';
import { people, TECHNICIAN_ROLES } from '../identity';
import { technicianCertificates, technicianExams, technicianLeaves, technicianProfiles, technicianSkills } from './dispatch.schema';

/*
 * A technician's records: who they are (identity's `people_v`, and identity's one definition of
 * a technician), and what dispatch keeps of them: profile, skills, certificates, exams, leave.
 */

export type LeaveRow = typeof technicianLeaves.$inferSelect;

export interface TechnicianRow {
  id: string;
  name: string;
  username: string;
  phone: string | null;
  active: boolean;
  grade: TechnicianGrade | null;
  employmentStatus: EmploymentStatus | null;
  team: string | null;
  regions: string[] | null;
  vehiclePlate: string | null;
  vehicleType: string | null;
  calendarId: string | null;
  profileVersion: number | null;
}

export interface TechnicianFilter {
  team?: string | undefined;
  region?: string | undefined;
  ids?: string[] | undefined;
  /** Profiles show former staff too; the board and suggestions only the active. */
  includeInactive?: boolean;
}

/** Technicians with their profiles, by name. */
export async function findTechnicians(db: Db, orgId: string, f: TechnicianFilter): Promise<TechnicianRow[]> {
  const where: (SQL | undefined)[] = [eq(people.orgId, orgId), inArray(people.role, [...TECHNICIAN_ROLES])];
  if (!f.includeInactive) where.push(eq(people.active, true));
  if (f.team) where.push(eq(people.team, f.team));
  if (f.region) where.push(sql`${technicianProfiles.regions} @> array[${f.region}]::text[]`);
  if (f.ids) where.push(f.ids.length ? inArray(people.id, f.ids) : sql`false`);
  return db
    .select({
      id: people.id,
      name: people.name,
      username: people.username,
      phone: people.phone,
      active: people.active,
      grade: people.grade,
      employmentStatus: people.employmentStatus,
      team: people.team,
      regions: technicianProfiles.regions,
      vehiclePlate: technicianProfiles.vehiclePlate,
      vehicleType: technicianProfiles.vehicleType,
      calendarId: technicianProfiles.calendarId,
      profileVersion: technicianProfiles.version,
    })
    .from(people)
    .leftJoin(technicianProfiles, and(eq(technicianProfiles.orgId, people.orgId), eq(technicianProfiles.userId, people.id)))
    .where(and(...where))
    .orderBy(asc(people.name), asc(people.id));
}

/** Is this user a technician of the organisation (active or not)? */
export async function findTechnicianUser(db: Db, orgId: string, userId: string) {
  const [row] = await findTechnicians(db, orgId, { ids: [userId], includeInactive: true });
  return row;
}

export async function findSkills(db: Db, orgId: string, userIds: string[]) {
  if (!userIds.length) return [];
  return db
    .select({ userId: technicianSkills.userId, productLine: technicianSkills.productLine, level: technicianSkills.level })
    .from(technicianSkills)
    .where(and(eq(technicianSkills.orgId, orgId), userIds.length > 50 ? undefined : inArray(technicianSkills.userId, userIds)))
    .orderBy(desc(technicianSkills.level), asc(technicianSkills.productLine));
}

/**
 * Creates the profile (at version 0: none yet) or changes it at `version`, in one statement;
 * undefined when it was not at that version. An upsert, so not `updateAtVersion`: the first
 * save inserts, and two first saves meet on the primary key instead of both inserting.
 */
export async function upsertProfile(
  tx: Db,
  row: { orgId: string; userId: string; regions: string[]; vehiclePlate: string | null; vehicleType: string | null; calendarId: string | null; updatedAt: Date },
  version: number,
) {
  const [saved] = await tx
    .insert(technicianProfiles)
    .values({ ...row, createdAt: row.updatedAt })
    .onConflictDoUpdate({
      target: [technicianProfiles.orgId, technicianProfiles.userId],
      set: {
        regions: sql`excluded.regions`,
        vehiclePlate: sql`excluded.vehicle_plate`,
        vehicleType: sql`excluded.vehicle_type`,
        calendarId: sql`excluded.calendar_id`,
        updatedAt: sql`excluded.updated_at`,
        version: sql`${technicianProfiles.version} + 1`,
      },
      setWhere: eq(technicianProfiles.version, version),
    })
    .returning({ version: technicianProfiles.version });
  return saved?.version;
}

/** The profile's version now (0 for none yet): what a refused save tells the caller to refetch. */
export async function findProfileVersion(db: Db, orgId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ version: technicianProfiles.version })
    .from(technicianProfiles)
    .where(and(eq(technicianProfiles.orgId, orgId), eq(technicianProfiles.userId, userId)));
  return row?.version ?? 0;
}

export async function replaceSkills(tx: Db, orgId: string, userId: string, skills: { productLine: string; level: number }[]) {
  await tx.delete(technicianSkills).where(and(eq(technicianSkills.orgId, orgId), eq(technicianSkills.userId, userId)));
  if (skills.length) await tx.insert(technicianSkills).values(skills.map((s) => ({ orgId, userId, productLine: s.productLine, level: s.level })));
}

export async function findCertificates(db: Db, orgId: string, userId: string) {
  return db
    .select()
    .from(technicianCertificates)
    .where(and(eq(technicianCertificates.orgId, orgId), eq(technicianCertificates.userId, userId)))
    .orderBy(asc(technicianCertificates.expiresOn), asc(technicianCertificates.name));
}

export async function insertCertificate(db: Db, row: typeof technicianCertificates.$inferInsert) {
  await db.insert(technicianCertificates).values(row);
}

export async function deleteCertificate(db: Db, orgId: string, userId: string, id: string) {
  const rows = await db
    .delete(technicianCertificates)
    .where(and(eq(technicianCertificates.orgId, orgId), eq(technicianCertificates.userId, userId), eq(technicianCertificates.id, id)))
    .returning({ id: technicianCertificates.id });
  return rows.length > 0;
}

export async function findExams(db: Db, orgId: string, userId: string) {
  return db
    .select()
    .from(technicianExams)
    .where(and(eq(technicianExams.orgId, orgId), eq(technicianExams.userId, userId)))
    .orderBy(desc(technicianExams.takenOn), asc(technicianExams.productLine), desc(technicianExams.attempt));
}

export async function lastAttempt(tx: Db, orgId: string, userId: string, productLine: string): Promise<number> {
  const [row] = await tx
    .select({ last: max(technicianExams.attempt) })
    .from(technicianExams)
    .where(and(eq(technicianExams.orgId, orgId), eq(technicianExams.userId, userId), eq(technicianExams.productLine, productLine)));
  return Number(row?.last ?? 0);
}

export async function insertExam(db: Db, row: typeof technicianExams.$inferInsert) {
  await db.insert(technicianExams).values(row);
}

/** M10: passes at the first attempt, by the day the exam was taken. */
export async function findFirstAttemptPasses(db: Db, orgId: string, fromDay: string, toDay: string) {
  return db
    .select({ id: technicianExams.id, userId: technicianExams.userId, productLine: technicianExams.productLine, score: technicianExams.score, takenOn: technicianExams.takenOn })
    .from(technicianExams)
    .where(
      and(
        eq(technicianExams.orgId, orgId),
        eq(technicianExams.attempt, 1),
        eq(technicianExams.passed, true),
        sql`${technicianExams.takenOn} between ${fromDay} and ${toDay}`,
      ),
    )
    .orderBy(asc(technicianExams.takenOn));
}

export async function findLeavesOf(db: Db, orgId: string, userId: string) {
  return db
    .select()
    .from(technicianLeaves)
    .where(and(eq(technicianLeaves.orgId, orgId), eq(technicianLeaves.userId, userId)))
    .orderBy(desc(technicianLeaves.startsAt));
}

/** Leave that overlaps [from, to), for everyone or some. */
export async function findLeavesBetween(db: Db, orgId: string, from: Date, to: Date, userIds?: string[]) {
  return db
    .select()
    .from(technicianLeaves)
    .where(
      and(
        eq(technicianLeaves.orgId, orgId),
        sql`${technicianLeaves.endsAt} > ${from}`,
        sql`${technicianLeaves.startsAt} < ${to}`,
        userIds ? (userIds.length ? inArray(technicianLeaves.userId, userIds) : sql`false`) : undefined,
      ),
    )
    .orderBy(asc(technicianLeaves.startsAt));
}

export async function insertLeave(db: Db, row: typeof technicianLeaves.$inferInsert) {
  await db.insert(technicianLeaves).values(row);
}

/** Changes a leave at `version` (see `server/db/versioned.ts`). */
export async function updateLeave(db: Db, orgId: string, userId: string, id: string, version: number, changes: Partial<typeof technicianLeaves.$inferInsert>) {
  return updateAtVersion(db, technicianLeaves, and(eq(technicianLeaves.orgId, orgId), eq(technicianLeaves.userId, userId), eq(technicianLeaves.id, id)), version, changes);
}

export async function findLeave(db: Db, orgId: string, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(technicianLeaves)
    .where(and(eq(technicianLeaves.orgId, orgId), eq(technicianLeaves.userId, userId), eq(technicianLeaves.id, id)));
  return row;
}

export async function deleteLeave(db: Db, orgId: string, userId: string, id: string) {
  const rows = await db
    .delete(technicianLeaves)
    .where(and(eq(technicianLeaves.orgId, orgId), eq(technicianLeaves.userId, userId), eq(technicianLeaves.id, id)))
    .returning({ id: technicianLeaves.id });
  return rows.length > 0;
}
