import { and, asc, desc, eq, gt, gte, inArray, isNull, lte, notInArray, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { TicketEventBody } from '../../../shared/contracts/ticket-events';
import type { AssetKind, Channel, Priority, TicketStatus, TicketType, WarrantyBasis, WarrantyState } from '../../../shared/domain';
import type { TicketScope } from '../../../shared/permissions';
import { FINAL_STATUSES } from '../../../shared/ticket-lifecycle';
import { buildQuery, compileStatement, fastQuery, fillStatement, queryRows, type CompiledStatement, type Db } from '../../db/client';
import { searchCondition } from '../../db/search';
import { updateAtVersion } from '../../db/versioned';
import { people } from '../identity';
import { addressRefs, customerPhoneRefs, customerRefs } from '../customers';
import { assetRefs } from '../assets';
import { ticketComments, ticketCrew, ticketEvents, ticketRefs, tickets } from './tickets.schema';
import { SIGNAL_EVENT_TYPES, type HistoryEvent } from './ticket-history';

/*
 * The tickets module's queries. What it shows of customers, assets and people comes from the
 * views those modules publish (`customer_ref_v`, `asset_ref_v`, `address_ref_v`, `people_v`),
 * never from their tables.
 */

export type TicketRow = typeof tickets.$inferSelect;
export type TicketInsert = typeof tickets.$inferInsert;
export type EventRow = typeof ticketEvents.$inferSelect;
export type EventInsert = typeof ticketEvents.$inferInsert;

/** Who may see which tickets: the role's scope as a condition. */
export interface Visibility {
  orgId: string;
  scope: TicketScope;
  userId: string;
  customerId: string | null;
  contractorId: string | null;
}

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** The columns a ticket's visibility is decided by: the table's own, or those of `ticket_ref_v`. */
type ScopeColumns = Pick<typeof tickets, 'orgId' | 'id' | 'assigneeId' | 'customerId' | 'contractorId'> | Pick<typeof ticketRefs, 'orgId' | 'id' | 'assigneeId' | 'customerId' | 'contractorId'>;

function visibleOn(t: ScopeColumns, v: Visibility): SQL {
  const org = eq(t.orgId, v.orgId);
  switch (v.scope) {
    case 'all':
      return org;
    case 'assigned':
      return and(
        org,
        or(
          eq(t.assigneeId, v.userId),
          sql`exists (select 1 from ${ticketCrew} crew where crew.org_id = ${t.orgId} and crew.ticket_id = ${t.id} and crew.user_id = ${v.userId})`,
        ),
      )!;
    case 'own':
      return and(org, eq(t.customerId, v.customerId ?? NO_ID))!;
    case 'contractor':
      return and(org, eq(t.contractorId, v.contractorId ?? NO_ID))!;
  }
}

const visible = (v: Visibility) => visibleOn(tickets, v);

/** The same rule on `ticket_ref_v`, for other modules' queries that join the view (the SLA breach queue). */
export const visibleRefs = (v: Visibility) => visibleOn(ticketRefs, v);

/** Marks a ticket changed (lists sort and refresh by it) and moves its version on. */
export async function touchTicket(db: Db, orgId: string, id: string, now: Date) {
  await updateAtVersion(db, tickets, and(eq(tickets.orgId, orgId), eq(tickets.id, id)), null, { updatedAt: now });
}

export async function insertEvent(db: Db, row: EventInsert) {
  await db.insert(ticketEvents).values(row);
}

export async function insertEvents(db: Db, rows: EventInsert[]) {
  if (rows.length) await db.insert(ticketEvents).values(rows);
}

export async function findTicket(db: Db, v: Visibility, id: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(and(visible(v), eq(tickets.id, id)));
  return row;
}

/**
 * The ticket, locked until the transaction ends, if the actor may see it: of two people
 * changing the same ticket, the second waits here and then sees the first one's version.
 */
export async function lockTicket(db: Db, v: Visibility, id: string): Promise<TicketRow | undefined> {
  const [row] = await db.select().from(tickets).where(and(visible(v), eq(tickets.id, id))).for('update', { of: tickets });
  return row;
}

/** Applies a change only if the ticket is still at `version`: the saved row, or what was found instead. */
export async function updateTicket(db: Db, orgId: string, id: string, version: number, changes: Partial<TicketInsert> & { updatedAt: Date }, steps = 1) {
  return updateAtVersion(db, tickets, and(eq(tickets.orgId, orgId), eq(tickets.id, id)), version, changes, steps);
}

/**
 * What a search for an exact identifier looks up on b-tree indexes: a ticket number, a phone
 * (its customer's tickets) or an asset code (a serial number or plate: its asset's tickets).
 */
export interface ExactIdentifier {
  number?: string;
  phone?: string;
  codes?: string[];
}

export interface TicketFilter {
  q?: string | undefined;
  /** Instead of `q`'s substring search: the exact identifier `q` names. */
  exact?: ExactIdentifier | undefined;
  status?: TicketStatus[] | undefined;
  priority?: Priority | undefined;
  type?: TicketType | undefined;
  channel?: Channel | undefined;
  warranty?: WarrantyState | undefined;
  customerId?: string | undefined;
  assetId?: string | undefined;
  /** A user id, or `none` for tickets nobody leads. */
  assigneeId?: string | undefined;
  createdBy?: string | undefined;
  emergency?: boolean | undefined;
  chased?: boolean | undefined;
  reportedFrom?: Date | undefined;
  reportedTo?: Date | undefined;
  limit: number;
  offset: number;
  /** Counting stops here; beyond it the total is a lower bound. */
  countLimit: number;
}

function filterConditions(v: Visibility, f: TicketFilter): SQL {
  const c: (SQL | undefined)[] = [visible(v)];
  if (f.status?.length) c.push(f.status.length === 1 ? eq(tickets.status, f.status[0]!) : inArray(tickets.status, f.status));
  if (f.priority) c.push(eq(tickets.priority, f.priority));
  if (f.type) c.push(eq(tickets.type, f.type));
  if (f.channel) c.push(eq(tickets.channel, f.channel));
  if (f.warranty) c.push(eq(tickets.warranty, f.warranty));
  if (f.customerId) c.push(eq(tickets.customerId, f.customerId));
  if (f.assetId) c.push(eq(tickets.assetId, f.assetId));
  if (f.assigneeId) c.push(f.assigneeId === 'none' ? isNull(tickets.assigneeId) : eq(tickets.assigneeId, f.assigneeId));
  if (f.createdBy) c.push(eq(tickets.createdBy, f.createdBy));
  if (f.emergency !== undefined) c.push(eq(tickets.emergency, f.emergency));
  if (f.chased) c.push(gt(tickets.chaseCount, 0));
  if (f.reportedFrom) c.push(gte(tickets.reportedAt, f.reportedFrom));
  if (f.reportedTo) c.push(lte(tickets.reportedAt, f.reportedTo));
  if (f.exact) c.push(exactCondition(v.orgId, f.exact));
  else if (f.q) c.push(searchCondition(tickets.searchTerms, tickets.searchText, f.q));
  return and(...c)!;
}

/**
 * Tickets an identifier names, each alternative on its own index: the readable number on the
 * ticket's unique key, a phone through the customers' phone index to their tickets, a serial or
 * plate through the assets' indexes to theirs. `= any(array(…))` lets the planner OR the three
 * bitmap scans instead of joining.
 */
function exactCondition(orgId: string, exact: ExactIdentifier): SQL {
  const alternatives: SQL[] = [];
  if (exact.number) alternatives.push(eq(tickets.number, exact.number));
  if (exact.phone) {
    alternatives.push(
      sql`${tickets.customerId} = any(array(select p.customer_id from ${customerPhoneRefs} p where p.org_id = ${orgId} and p.phone = ${exact.phone}))`,
    );
  }
  if (exact.codes?.length) {
    const codes = sql.join(exact.codes.map((c) => sql`${c}`), sql`, `);
    alternatives.push(
      sql`${tickets.assetId} = any(array(select a.id from ${assetRefs} a where a.org_id = ${orgId} and (a.serial_number in (${codes}) or a.plate in (${codes}))))`,
    );
  }
  return alternatives.length ? or(...alternatives)! : sql`false`;
}

export interface ListRow {
  id: string;
  number: string;
  type: TicketRow['type'];
  channel: TicketRow['channel'];
  priority: TicketRow['priority'];
  emergency: boolean;
  status: TicketRow['status'];
  customerId: string;
  customerName: string;
  assetId: string | null;
  assetSerial: string | null;
  assetProduct: string | null;
  assetPlate: string | null;
  description: string;
  warranty: TicketRow['warranty'];
  assigneeId: string | null;
  assigneeName: string | null;
  chaseCount: number;
  reportedAt: Date;
  updatedAt: Date;
  version: number;
}

/**
 * One page of a list: the page's ticket ids are found first, on the ticket indexes alone, and
 * only those rows are joined to their customers, assets and technicians. Joining first would
 * let the planner hash-join a million tickets to sort them. The order spells out `nulls last`
 * because the indexes do (drizzle-kit writes `desc nulls last`): a plain `desc` means nulls
 * first, which no index matches, and the planner sorted the whole table instead.
 */
export async function findTickets(db: Db, v: Visibility, f: TicketFilter) {
  const where = filterConditions(v, f);
  const rows = listRows(db, where, f.limit, f.offset);
  // Counting a million rows to print "共 1,000,000 条" is not worth a slow list: count up to a bound.
  const total = queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (select 1 from ${tickets} where ${where} limit ${f.countLimit + 1}) bounded`,
  );
  const [items, counted] = await Promise.all([rows, total]);
  const n = Number(counted[0]?.n ?? 0);
  return { items, total: Math.min(n, f.countLimit), totalExact: n <= f.countLimit };
}

/** Where a keyset page of the list starts: after this row in the list's order. */
export interface ListCursor {
  reportedAt: Date;
  id: string;
}

/**
 * The list's rows after `after`, in the list's order, under the same filter and visibility:
 * what an export reads page by page, at the same cost at any depth.
 */
export async function findTicketsAfter(db: Db, v: Visibility, f: Omit<TicketFilter, 'limit' | 'offset' | 'countLimit'>, after: ListCursor | null, limit: number) {
  const where = filterConditions(v, { ...f, limit, offset: 0, countLimit: 0 });
  const keyset = after ? sql` and (${tickets.reportedAt}, ${tickets.id}) < (${after.reportedAt}, ${after.id})` : sql``;
  return listRows(db, sql`${where}${keyset}`, limit, 0);
}

async function listRows(db: Db, where: SQL, limit: number, offset: number): Promise<ListRow[]> {
  const items = await queryRows<Record<string, unknown>>(
    db,
    sql`select t.id, t.number, t.type, t.channel, t.priority, t.emergency, t.status, t.customer_id, c.name as customer_name,
               t.asset_id, a.serial_number as asset_serial, a.product_name as asset_product, a.plate as asset_plate,
               left(t.description, 200) as description, t.warranty, t.assignee_id, u.name as assignee_name,
               t.chase_count, t.reported_at, t.updated_at, t.version
        from (select ${tickets.orgId}, ${tickets.id}, ${tickets.number}, ${tickets.type}, ${tickets.channel}, ${tickets.priority},
                     ${tickets.emergency}, ${tickets.status}, ${tickets.customerId}, ${tickets.assetId}, ${tickets.description},
                     ${tickets.warranty}, ${tickets.assigneeId}, ${tickets.chaseCount}, ${tickets.reportedAt}, ${tickets.updatedAt}, ${tickets.version}
              from ${tickets} where ${where}
              order by ${tickets.reportedAt} desc nulls last, ${tickets.id} desc nulls last limit ${limit} offset ${offset}) t
        join ${customerRefs} c on c.org_id = t.org_id and c.id = t.customer_id
        left join ${assetRefs} a on a.org_id = t.org_id and a.id = t.asset_id
        left join ${people} u on u.org_id = t.org_id and u.id = t.assignee_id
        order by t.reported_at desc nulls last, t.id desc nulls last`,
  );
  return items.map(
    (r): ListRow => ({
      id: r.id as string,
      number: r.number as string,
      type: r.type as ListRow['type'],
      channel: r.channel as ListRow['channel'],
      priority: r.priority as ListRow['priority'],
      emergency: r.emergency as boolean,
      status: r.status as ListRow['status'],
      customerId: r.customer_id as string,
      customerName: r.customer_name as string,
      assetId: r.asset_id as string | null,
      assetSerial: r.asset_serial as string | null,
      assetProduct: r.asset_product as string | null,
      assetPlate: r.asset_plate as string | null,
      description: r.description as string,
      warranty: r.warranty as ListRow['warranty'],
      assigneeId: r.assignee_id as string | null,
      assigneeName: r.assignee_name as string | null,
      chaseCount: Number(r.chase_count ?? 0),
      reportedAt: new Date(r.reported_at as string),
      updatedAt: new Date(r.updated_at as string),
      version: Number(r.version),
    }),
  );
}

export async function findEvents(db: Db, orgId: string, ticketId: string) {
  return db
    .select({ event: ticketEvents, actorName: people.name })
    .from(ticketEvents)
    .leftJoin(people, and(eq(people.orgId, ticketEvents.orgId), eq(people.id, ticketEvents.actorId)))
    .where(and(eq(ticketEvents.orgId, orgId), eq(ticketEvents.ticketId, ticketId)))
    .orderBy(asc(ticketEvents.at), asc(ticketEvents.id));
}

export async function findCrew(db: Db, orgId: string, ticketId: string) {
  return db
    .select({ id: ticketCrew.userId, name: people.name, isLead: ticketCrew.isLead })
    .from(ticketCrew)
    .innerJoin(people, and(eq(people.orgId, ticketCrew.orgId), eq(people.id, ticketCrew.userId)))
    .where(and(eq(ticketCrew.orgId, orgId), eq(ticketCrew.ticketId, ticketId)))
    .orderBy(desc(ticketCrew.isLead), asc(people.name));
}

export async function replaceCrew(db: Db, orgId: string, ticketId: string, leadId: string, memberIds: string[]) {
  await db.delete(ticketCrew).where(and(eq(ticketCrew.orgId, orgId), eq(ticketCrew.ticketId, ticketId)));
  const ids = [leadId, ...memberIds.filter((m) => m !== leadId)];
  await db.insert(ticketCrew).values(ids.map((userId) => ({ orgId, ticketId, userId, isLead: userId === leadId })));
}

export async function insertComment(db: Db, row: typeof ticketComments.$inferInsert) {
  await db.insert(ticketComments).values(row);
}

export async function findComments(db: Db, orgId: string, ticketId: string, includeInternal: boolean) {
  return db
    .select({ comment: ticketComments, authorName: people.name })
    .from(ticketComments)
    .innerJoin(people, and(eq(people.orgId, ticketComments.orgId), eq(people.id, ticketComments.authorId)))
    .where(
      and(
        eq(ticketComments.orgId, orgId),
        eq(ticketComments.ticketId, ticketId),
        includeInternal ? undefined : eq(ticketComments.internal, false),
      ),
    )
    .orderBy(asc(ticketComments.createdAt));
}

export async function findTicketIdsOf(db: Db, orgId: string, by: { customerId?: string; assetId?: string }) {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(
      and(
        eq(tickets.orgId, orgId),
        by.customerId ? eq(tickets.customerId, by.customerId) : undefined,
        by.assetId ? eq(tickets.assetId, by.assetId) : undefined,
      ),
    );
  return rows.map((r) => r.id);
}

export async function setSearch(db: Db, orgId: string, id: string, search: { searchTerms: string[]; searchText: string }) {
  await db.update(tickets).set(search).where(and(eq(tickets.orgId, orgId), eq(tickets.id, id)));
}

/** An event row as the body it was written from. */
export function eventBodyOf(row: Pick<EventRow, 'type' | 'fromStatus' | 'toStatus' | 'details'>): TicketEventBody {
  if (row.type === 'transition') return { type: row.type, from: row.fromStatus, to: row.toStatus, details: row.details } as TicketEventBody;
  if (row.type === 'created') return { type: row.type, to: 'reported', details: row.details } as TicketEventBody;
  return { type: row.type, details: row.details } as TicketEventBody;
}

/** Tickets with what their SLA clocks need: their facts and the events the clocks listen to. */
export async function findHistories(db: Db, orgId: string, ids: string[]) {
  if (!ids.length) return { rows: [], events: new Map<string, HistoryEvent[]>() };
  const [rows, events] = await Promise.all([
    db
      .select({
        id: tickets.id,
        reportedAt: tickets.reportedAt,
        priority: tickets.priority,
        channel: tickets.channel,
        type: tickets.type,
        emergency: tickets.emergency,
        warranty: tickets.warranty,
        estimatedValueFen: tickets.estimatedValueFen,
        customerId: tickets.customerId,
        contractorId: tickets.contractorId,
        assetKind: assetRefs.kind,
        productCategory: assetRefs.productCategory,
      })
      .from(tickets)
      .leftJoin(assetRefs, and(eq(assetRefs.orgId, tickets.orgId), eq(assetRefs.id, tickets.assetId)))
      .where(and(eq(tickets.orgId, orgId), inArray(tickets.id, ids))),
    db
      .select({
        ticketId: ticketEvents.ticketId,
        type: ticketEvents.type,
        at: ticketEvents.at,
        fromStatus: ticketEvents.fromStatus,
        toStatus: ticketEvents.toStatus,
        details: ticketEvents.details,
      })
      .from(ticketEvents)
      .where(and(eq(ticketEvents.orgId, orgId), inArray(ticketEvents.ticketId, ids), inArray(ticketEvents.type, [...SIGNAL_EVENT_TYPES])))
      .orderBy(asc(ticketEvents.at), asc(ticketEvents.id)),
  ]);
  const byTicket = new Map<string, HistoryEvent[]>();
  for (const e of events) byTicket.set(e.ticketId, [...(byTicket.get(e.ticketId) ?? []), { ...eventBodyOf(e), at: e.at }]);
  return { rows, events: byTicket };
}

const stillOpen = (closedSince: Date) => or(notInArray(tickets.status, [...FINAL_STATUSES]), sql`${tickets.closedAt} > ${closedSince}`);

/** Tickets whose clocks can still change: open ones, and closed ones waiting for a callback. Keyset by id. */
export async function findOpenTicketIds(db: Db, orgId: string, afterId: string | null, limit: number, closedSince: Date) {
  const rows = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.orgId, orgId), afterId ? sql`${tickets.id} > ${afterId}` : undefined, stillOpen(closedSince)))
    .orderBy(asc(tickets.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function countOpenTickets(db: Db, orgId: string, closedSince: Date) {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from ${tickets} where ${and(eq(tickets.orgId, orgId), stillOpen(closedSince))}`);
  return Number(row?.n ?? 0);
}

export async function findNumbers(db: Db, orgId: string, ids: string[]) {
  const out = new Map<string, { number: string; assigneeId: string | null }>();
  if (!ids.length) return out;
  const rows = await db.select({ id: tickets.id, number: tickets.number, assigneeId: tickets.assigneeId }).from(tickets).where(and(eq(tickets.orgId, orgId), inArray(tickets.id, ids)));
  for (const r of rows) out.set(r.id, { number: r.number, assigneeId: r.assigneeId });
  return out;
}

/** What a ticket shows of its customer. */
export interface CustomerRef {
  id: string;
  name: string;
  companyName: string | null;
  phones: string[];
}

/** What a ticket shows and decides by of its asset (warranty, policy choice). */
export interface AssetRef {
  id: string;
  customerId: string;
  kind: AssetKind;
  serialNumber: string;
  productName: string | null;
  brand: string | null;
  model: string | null;
  plate: string | null;
  purchasedOn: string | null;
  installedOn: string | null;
  acceptedOn: string | null;
  warrantyBasis: WarrantyBasis;
  warrantyMonths: number | null;
  contractorId: string | null;
  productCategory: string | null;
}

export interface AddressRef {
  id: string;
  customerId: string;
  province: string | null;
  city: string | null;
  district: string | null;
  line: string;
  estate: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
}

export interface References {
  customer: CustomerRef | null;
  asset: AssetRef | null;
  address: AddressRef | null;
}

const referencesSql = (orgId: string, customerId: string, assetId: string | null, addressId: string | null) => sql`
      (select json_build_object('id', c.id, 'name', c.name, 'companyName', c.company_name, 'phones', to_json(c.phones))
       from ${customerRefs} c where c.org_id = ${orgId} and c.id = ${customerId}) as customer,
      (select json_build_object('id', a.id, 'customerId', a.customer_id, 'kind', a.kind, 'serialNumber', a.serial_number,
         'productName', a.product_name, 'brand', a.brand, 'model', a.model, 'plate', a.plate, 'purchasedOn', a.purchased_on,
         'installedOn', a.installed_on, 'acceptedOn', a.accepted_on, 'warrantyBasis', a.warranty_basis,
         'warrantyMonths', a.warranty_months, 'contractorId', a.contractor_id, 'productCategory', a.product_category)
       from ${assetRefs} a where a.org_id = ${orgId} and a.id = ${assetId}) as asset,
      (select json_build_object('id', d.id, 'customerId', d.customer_id, 'province', d.province, 'city', d.city,
         'district', d.district, 'line', d.line, 'estate', d.estate, 'building', d.building, 'unit', d.unit, 'room', d.room)
       from ${addressRefs} d where d.org_id = ${orgId} and d.id = ${addressId}) as address`;

/**
 * Everything a ticket points at, in one round trip: the customer with their phones, the asset
 * and the address. Intake is the hottest path there is; the ticket page and search use it too.
 */
export async function findReferences(db: Db, orgId: string, customerId: string, assetId: string | null, addressId: string | null): Promise<References> {
  const [row] = await fastQuery<References>(db, sql`select ${referencesSql(orgId, customerId, assetId, addressId)}`, { prepare: 'tickets_references' });
  return row ?? { customer: null, asset: null, address: null };
}

/**
 * What an intake reads, in one round trip: the references, and with an idempotency key what
 * an earlier request with it left (`lookup`, a scalar subquery the platform module builds).
 */
export async function findIntakeContext<Earlier>(
  db: Db,
  orgId: string,
  customerId: string,
  assetId: string | null,
  addressId: string | null,
  lookup: SQL | null,
): Promise<{ references: References; earlier: Earlier | null }> {
  if (!lookup) return { references: await findReferences(db, orgId, customerId, assetId, addressId), earlier: null };
  const [row] = await fastQuery<References & { earlier: Earlier | null }>(
    db,
    sql`select ${referencesSql(orgId, customerId, assetId, addressId)}, ${lookup} as earlier`,
    { prepare: 'tickets_intake_context' },
  );
  return { references: { customer: row?.customer ?? null, asset: row?.asset ?? null, address: row?.address ?? null }, earlier: row?.earlier ?? null };
}

/** The ticket's and its first event's inserts, built once for each set of fields given (their shape). */
const creations = new Map<string, CompiledStatement>();

const given = (row: object) => Object.keys(row).filter((k) => (row as Record<string, unknown>)[k] !== undefined);

/**
 * Writes a new ticket, its first event and whatever must exist with it (its idempotency key,
 * its SLA clocks) as one statement: atomic without a transaction, and one round trip. The
 * ticket's and the event's part is built once (`compileStatement`); only what other modules
 * add is built on each call.
 */
export async function insertTicketAtomically(db: Db, parts: { ticket: TicketInsert; event: EventInsert; alongside: SQLWrapper[] }) {
  const ticketFields = given(parts.ticket);
  const eventFields = given(parts.event);
  const shape = `${ticketFields.join(',')}|${eventFields.join(',')}`;
  let head = creations.get(shape);
  if (!head) {
    const placeholders = (fields: string[], prefix: string) => Object.fromEntries(fields.map((k) => [k, sql.placeholder(`${prefix}${k}`)]));
    head = compileStatement(
      sql`with w0 as (${db.insert(tickets).values(placeholders(ticketFields, 't.') as unknown as TicketInsert).getSQL()}), w1 as (${db.insert(ticketEvents).values(placeholders(eventFields, 'e.') as unknown as EventInsert).getSQL()})`,
    );
    creations.set(shape, head);
  }
  const ticket = parts.ticket as Record<string, unknown>;
  const event = parts.event as Record<string, unknown>;
  const params = fillStatement(head, (name) => (name.charCodeAt(0) === 116 /* t */ ? ticket[name.slice(2)] : event[name.slice(2)]));
  const rest = parts.alongside.length
    ? buildQuery(sql.join(parts.alongside.map((s, i) => sql`, ${sql.raw(`w${i + 2}`)} as (${s.getSQL()})`)), params.length)
    : { text: '', params: [] };
  await fastQuery(db, { text: `${head.text}${rest.text} select 1`, params: [...params, ...rest.params] }, { prepare: 'tickets_insert' });
}
