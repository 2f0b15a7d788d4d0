import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { customerRefs } from '../customers';
import { ticketRefs } from '../tickets';
import { ticketAccounts } from './accounts.schema';

/*
 * The receivables list reads the narrow `ticket_accounts` table through its partial index of
 * what is still owed (`charged_fen > collected_fen`), in (charged_at, ticket_id) order, and joins
 * the ticket's number and the customer's name for one page only.
 */

export interface OwedFilter {
  customerId?: string | undefined;
  /** Charged at or after… */
  from?: Date | undefined;
  /** …and before. */
  to?: Date | undefined;
}

const owed = sql`${ticketAccounts.chargedFen} > ${ticketAccounts.collectedFen}`;

function owedWhere(orgId: string, filter: OwedFilter): SQL {
  return and(
    eq(ticketAccounts.orgId, orgId),
    owed,
    filter.customerId ? eq(ticketAccounts.customerId, filter.customerId) : undefined,
    filter.from ? gte(ticketAccounts.chargedAt, filter.from) : undefined,
    filter.to ? lt(ticketAccounts.chargedAt, filter.to) : undefined,
  )!;
}

export interface OwedRow {
  ticketId: string;
  customerId: string;
  chargedFen: number;
  collectedFen: number;
  chargedAt: Date;
  ticketNumber: string;
  customerName: string;
}

/** One page of what is owed, oldest charge first, after the keyset `after`. */
export async function owedPage(db: Db, orgId: string, filter: OwedFilter, after: { at: Date; ticketId: string } | null, limit: number): Promise<OwedRow[]> {
  const rows = await db
    .select({
      ticketId: ticketAccounts.ticketId,
      customerId: ticketAccounts.customerId,
      chargedFen: ticketAccounts.chargedFen,
      collectedFen: ticketAccounts.collectedFen,
      chargedAt: ticketAccounts.chargedAt,
      ticketNumber: ticketRefs.number,
      customerName: customerRefs.name,
    })
    .from(ticketAccounts)
    .innerJoin(ticketRefs, and(eq(ticketRefs.orgId, ticketAccounts.orgId), eq(ticketRefs.id, ticketAccounts.ticketId)))
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, ticketAccounts.orgId), eq(customerRefs.id, ticketAccounts.customerId)))
    .where(and(owedWhere(orgId, filter), after ? sql`(${ticketAccounts.chargedAt}, ${ticketAccounts.ticketId}) > (${after.at}, ${after.ticketId})` : undefined))
    .orderBy(asc(ticketAccounts.chargedAt), asc(ticketAccounts.ticketId))
    .limit(limit);
  return rows as OwedRow[];
}

/**
 * What is owed per customer and per ageing column: `edges` are the instants where the columns
 * meet, newest first (a charge at or after edges[0] is in column 0, before the last edge in the
 * last column).
 */
export async function owedByCustomerAndAgeing(db: Db, orgId: string, filter: OwedFilter, edges: Date[]) {
  const column = edges.length
    ? sql.join([sql`case`, ...edges.map((edge, i) => sql`when ${ticketAccounts.chargedAt} >= ${edge} then ${i}`), sql`else ${edges.length} end`], sql` `)
    : sql`0`;
  const grouped = db
    .select({
      customerId: ticketAccounts.customerId,
      column: sql<number>`${column}`.as('col'),
      tickets: sql<number>`count(*)`.as('tickets'),
      outstandingFen: sql<number>`sum(${ticketAccounts.chargedFen} - ${ticketAccounts.collectedFen})`.as('outstanding'),
    })
    .from(ticketAccounts)
    .where(owedWhere(orgId, filter))
    .groupBy(ticketAccounts.customerId, sql`2`)
    .as('g');
  const rows = await db
    .select({
      customerId: grouped.customerId,
      customerName: customerRefs.name,
      column: grouped.column,
      tickets: grouped.tickets,
      outstandingFen: grouped.outstandingFen,
    })
    .from(grouped)
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, orgId), eq(customerRefs.id, grouped.customerId)));
  return rows.map((r) => ({ ...r, column: Number(r.column), tickets: Number(r.tickets), outstandingFen: Number(r.outstandingFen) }));
}


