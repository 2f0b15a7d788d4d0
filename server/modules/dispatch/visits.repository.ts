import { and, eq, sql } from 'drizzle-orm';
import type { VisitStatus } from '../../../shared/dispatch';
import type { Priority, TicketStatus } from '../../../shared/domain';
import { VISITED_STATUSES } from '../../../shared/ticket-lifecycle';
import { fastQuery, queryRows, type Db } from '../../db/client';
import { updateAtVersion } from '../../db/versioned';
import { addressRefs, customerRefs } from '../customers';
import { assetRefs } from '../assets';
import { ticketRefs } from '../tickets';
import { visits } from './dispatch.schema';

/*
 * Planned visits, and what the board reads around them: the day's visits with their tickets,
 * the queue of work waiting, a job's facts for suggestions. Those reads join what the tickets,
 * customers and assets modules publish as views (`ticket_ref_v`, `customer_ref_v`,
 * `address_ref_v`, `asset_ref_v`), read-only, one statement per kind of data. Every write to
 * those modules goes through their services.
 */

export type VisitRow = typeof visits.$inferSelect;

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

/** Which ticket a visit belongs to, read without a lock (to take the ticket's lock first). */
export async function findVisitTicketId(tx: Db, orgId: string, id: string): Promise<string | undefined> {
  const [row] = await tx.select({ ticketId: visits.ticketId }).from(visits).where(and(eq(visits.orgId, orgId), eq(visits.id, id)));
  return row?.ticketId;
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

/** Changes a visit at `version` (see `server/db/versioned.ts`). */
export async function updateVisit(tx: Db, orgId: string, id: string, version: number, changes: Partial<typeof visits.$inferInsert>) {
  return updateAtVersion(tx, visits, and(eq(visits.orgId, orgId), eq(visits.id, id)), version, changes);
}

export interface BoardVisitRow {
  id: string;
  ticketId: string;
  leadId: string;
  crewIds: string[];
  plannedStart: Date;
  plannedEnd: Date;
  status: VisitStatus;
  version: number;
  ticketNumber: string;
  ticketStatus: TicketStatus;
  ticketVersion: number;
  priority: Priority;
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

export interface MyVisitRow extends BoardVisitRow {
  description: string;
  addressLine: string | null;
}

/**
 * A technician's planned visits, led or as crew, starting in [from, to) and still belonging to
 * their ticket, in time order.
 */
export async function findVisitsOf(db: Db, orgId: string, userId: string, from: Date, to: Date): Promise<MyVisitRow[]> {
  return fastQuery<MyVisitRow>(
    db,
    sql`select ${VISIT_COLUMNS}, left(t.description, 200) as description, ad.line as "addressLine"
        from ${visits} v
        join ${ticketRefs} t on t.org_id = v.org_id and t.id = v.ticket_id
        join ${customerRefs} c on c.org_id = t.org_id and c.id = t.customer_id
        ${ADDRESS}
        where v.org_id = ${orgId} and v.status = 'planned'
          and (v.lead_id = ${userId} or ${userId} = any(v.crew_ids))
          and v.planned_start >= ${from} and v.planned_start < ${to}
          and t.assignee_id = v.lead_id and t.status in ${VISITED}
        order by v.planned_start, v.id
        limit 200`,
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
  status: TicketStatus;
  priority: Priority;
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
    emergency: boolean;
    productCategory: string | null;
    assetKind: string | null;
    city: string | null;
    district: string | null;
    line: string | null;
  }>(
    db,
    sql`select t.id, t.status, t.assignee_id as "assigneeId", t.emergency, a.product_category as "productCategory", a.kind as "assetKind", ad.city, ad.district, ad.line
        from ${ticketRefs} t
        left join ${assetRefs} a on a.org_id = t.org_id and a.id = t.asset_id
        ${ADDRESS}
        where t.org_id = ${orgId} and t.id = ${ticketId}`,
  );
  return row;
}
