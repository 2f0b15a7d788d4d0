import { and, asc, desc, eq, inArray, max, sql, type SQL } from 'drizzle-orm';
import { VISITED_STATUSES } from '../../../shared/ticket-lifecycle';
import { fastQuery, queryRows, type Db } from '../../db/client';
import { people, TECHNICIAN_ROLES } from '../identity';
import { addressRefs, customerRefs } from '../customers';
import { assetRefs } from '../assets';
import { ticketRefs } from '../tickets';
import { technicianCertificates, technicianExams, technicianLeaves, technicianProfiles, technicianSkills, visits } from './dispatch.schema';

/*
 * The board's reads join what the tickets, customers, assets and identity modules publish as
 * views (`ticket_ref_v`, `customer_ref_v`, `address_ref_v`, `asset_ref_v`, `people_v`),
 * read-only, one statement per kind of data. Every write to those modules goes through their services.
 */

export type VisitRow = typeof visits.$inferSelect;
export type LeaveRow = typeof technicianLeaves.$inferSelect;

export interface TechnicianRow {
  id: string;
  name: string;
  username: string;
  phone: string | null;
  active: boolean;
  grade: string | null;
  employmentStatus: string | null;
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

/** Creates the profile (at version 0: none yet) or changes it at `version`; undefined when stale. */
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

export async function updateLeave(db: Db, orgId: string, userId: string, id: string, version: number, changes: Partial<typeof technicianLeaves.$inferInsert>) {
  const [row] = await db
    .update(technicianLeaves)
    .set({ ...changes, version: sql`${technicianLeaves.version} + 1` })
    .where(and(eq(technicianLeaves.orgId, orgId), eq(technicianLeaves.userId, userId), eq(technicianLeaves.id, id), eq(technicianLeaves.version, version)))
    .returning();
  return row;
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

// --- tickets and visits ----------------------------------------------------------------------

/** Statuses in which a ticket's planned visit still belongs on the board. */
const VISITED = sql`(${sql.join(VISITED_STATUSES.map((s) => sql`${s}`), sql`, `)})`;

/**
 * A ticket's address for region matching: the one on the ticket, else the customer's default,
 * else their first. A lateral lookup on the customer's addresses index, one row per ticket.
 */
const ADDRESS = sql`left join lateral (
    select x.city, x.district, x.line from ${addressRefs} x
    where x.org_id = t.org_id and x.customer_id = t.customer_id and (t.address_id is null or x.id = t.address_id)
    order by x.is_default desc, x.created_at limit 1
  ) ad on true`;

export async function findPlannedVisit(tx: Db, orgId: string, ticketId: string): Promise<VisitRow | undefined> {
  const [row] = await tx
    .select()
    .from(visits)
    .where(and(eq(visits.orgId, orgId), eq(visits.ticketId, ticketId), eq(visits.status, 'planned')));
  return row;
}

export async function lockVisit(tx: Db, orgId: string, id: string): Promise<VisitRow | undefined> {
  const [row] = await tx
    .select()
    .from(visits)
    .where(and(eq(visits.orgId, orgId), eq(visits.id, id)))
    .for('update');
  return row;
}

export async function insertVisit(tx: Db, row: typeof visits.$inferInsert) {
  await tx.insert(visits).values(row);
}

/** Applies a change only at `version`; undefined when someone else moved it first. */
export async function updateVisit(tx: Db, orgId: string, id: string, version: number, changes: Partial<typeof visits.$inferInsert>) {
  const [row] = await tx
    .update(visits)
    .set({ ...changes, version: sql`${visits.version} + 1` })
    .where(and(eq(visits.orgId, orgId), eq(visits.id, id), eq(visits.version, version)))
    .returning();
  return row;
}

export interface BoardVisitRow {
  id: string;
  ticketId: string;
  leadId: string;
  crewIds: string[];
  plannedStart: Date;
  plannedEnd: Date;
  status: string;
  version: number;
  ticketNumber: string;
  ticketStatus: string;
  ticketVersion: number;
  priority: string;
  emergency: boolean;
  customerName: string;
  city: string | null;
  district: string | null;
}

const VISIT_COLUMNS = sql`v.id, v.ticket_id as "ticketId", v.lead_id as "leadId", v.crew_ids as "crewIds", v.planned_start as "plannedStart",
  v.planned_end as "plannedEnd", v.status, v.version, t.number as "ticketNumber", t.status as "ticketStatus", t.version as "ticketVersion",
  t.priority, t.emergency, c.name as "customerName", ad.city, ad.district`;

/**
 * The visits that overlap [from, to) and still belong to their ticket: planned, and led by the
 * technician the ticket is dispatched to (a ticket sent back to the queue, or re-dispatched
 * elsewhere on its own page, leaves its old window behind). One statement, on the start index.
 */
export async function findVisitsBetween(db: Db, orgId: string, from: Date, to: Date, longestMs: number): Promise<BoardVisitRow[]> {
  return fastQuery<BoardVisitRow>(
    db,
    sql`select ${VISIT_COLUMNS}
        from ${visits} v
        join ${ticketRefs} t on t.org_id = v.org_id and t.id = v.ticket_id
        join ${customerRefs} c on c.org_id = t.org_id and c.id = t.customer_id
        ${ADDRESS}
        where v.org_id = ${orgId} and v.status = 'planned'
          and v.planned_start >= ${new Date(from.getTime() - longestMs)} and v.planned_start < ${to} and v.planned_end > ${from}
          and t.assignee_id = v.lead_id and t.status in ${VISITED}
        order by v.planned_start, v.id`,
  );
}

export async function findVisitView(tx: Db, orgId: string, id: string): Promise<BoardVisitRow | undefined> {
  const [row] = await queryRows<BoardVisitRow>(
    tx,
    sql`select ${VISIT_COLUMNS}
        from ${visits} v
        join ${ticketRefs} t on t.org_id = v.org_id and t.id = v.ticket_id
        join ${customerRefs} c on c.org_id = t.org_id and c.id = t.customer_id
        ${ADDRESS}
        where v.org_id = ${orgId} and v.id = ${id}`,
  );
  return row;
}

export interface QueueRow {
  ticketId: string;
  number: string;
  status: string;
  priority: string;
  emergency: boolean;
  customerName: string;
  description: string;
  productLine: string | null;
  city: string | null;
  district: string | null;
  assigneeId: string | null;
  reportedAt: Date;
  version: number;
  total: number;
}

/**
 * What waits for the dispatcher: accepted tickets, and dispatched ones without a planned
 * window of their technician. Oldest reports first, at most `limit`; `total` counts them all.
 */
export async function findQueue(db: Db, orgId: string, f: { region?: string | undefined; limit: number }): Promise<QueueRow[]> {
  const region = f.region ? sql`and (ad.city = ${f.region} or ad.district = ${f.region} or strpos(ad.line, ${f.region}) > 0)` : sql``;
  return fastQuery<QueueRow>(
    db,
    sql`select t.id as "ticketId", t.number, t.status, t.priority, t.emergency, c.name as "customerName", left(t.description, 200) as description,
          coalesce(a.product_category, nullif(a.kind, 'generic')) as "productLine", ad.city, ad.district,
          case when t.status = 'dispatched' then t.assignee_id end as "assigneeId", t.reported_at as "reportedAt", t.version,
          (count(*) over ())::int as total
        from ${ticketRefs} t
        join ${customerRefs} c on c.org_id = t.org_id and c.id = t.customer_id
        left join ${assetRefs} a on a.org_id = t.org_id and a.id = t.asset_id
        ${ADDRESS}
        where t.org_id = ${orgId} and t.status in ('accepted', 'dispatched')
          and (t.status = 'accepted' or not exists (
            select 1 from ${visits} v where v.org_id = t.org_id and v.ticket_id = t.id and v.status = 'planned' and v.lead_id = t.assignee_id))
          ${region}
        order by t.reported_at, t.id
        limit ${f.limit}`,
  );
}

/** What suggestions weigh a job by: its product line and where it is. */
export async function findJobFacts(db: Db, orgId: string, ticketId: string) {
  const [row] = await queryRows<{
    id: string;
    status: string;
    assigneeId: string | null;
    productCategory: string | null;
    assetKind: string | null;
    city: string | null;
    district: string | null;
    line: string | null;
  }>(
    db,
    sql`select t.id, t.status, t.assignee_id as "assigneeId", a.product_category as "productCategory", a.kind as "assetKind", ad.city, ad.district, ad.line
        from ${ticketRefs} t
        left join ${assetRefs} a on a.org_id = t.org_id and a.id = t.asset_id
        ${ADDRESS}
        where t.org_id = ${orgId} and t.id = ${ticketId}`,
  );
  return row;
}
