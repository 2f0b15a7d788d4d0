import { and, asc, desc, eq, gte, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { customerRefs } from '../customers';
import { people } from '../identity';
import { ticketRefs } from '../tickets';
import type { CostStatus } from '../../../shared/contracts/billing-payments';
import { invoices, payments, ticketCosts } from './payments.schema';

export type PaymentRow = typeof payments.$inferSelect;
export type InvoiceRow = typeof invoices.$inferSelect;
export type CostRow = typeof ticketCosts.$inferSelect;

/** People's names by id, for who received, entered and decided. */
export async function namesOf(db: Db, orgId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db.select({ id: people.id, name: people.name }).from(people).where(and(eq(people.orgId, orgId), inArray(people.id, unique)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// --- payments ---------------------------------------------------------------------------------

export async function insertPayment(tx: Db, row: typeof payments.$inferInsert) {
  await tx.insert(payments).values(row);
}

export async function ticketPayments(db: Db, orgId: string, ticketId: string): Promise<PaymentRow[]> {
  return db.select().from(payments).where(and(eq(payments.orgId, orgId), eq(payments.ticketId, ticketId))).orderBy(asc(payments.receivedAt), asc(payments.id));
}

export async function findPayment(db: Db, orgId: string, id: string): Promise<PaymentRow | undefined> {
  const [row] = await db.select().from(payments).where(and(eq(payments.orgId, orgId), eq(payments.id, id)));
  return row;
}

/** What was received in a period (payments less refunds), per ticket, in the order each first received money there. */
export async function collectedInPeriod(db: Db, orgId: string, from: Date, to: Date, ticketIds?: string[]) {
  return db
    .select({ ticketId: payments.ticketId, collectedFen: sql<number>`sum(${payments.amountFen})`.mapWith(Number) })
    .from(payments)
    .where(and(eq(payments.orgId, orgId), gte(payments.receivedAt, from), lt(payments.receivedAt, to), ticketIds ? inArray(payments.ticketId, ticketIds) : undefined))
    .groupBy(payments.ticketId)
    .orderBy(sql`min(${payments.receivedAt})`, payments.ticketId);
}

/** M7: what each of these tickets had received before `asOf` (payments less refunds); tickets with none are absent. */
export async function collectedBefore(db: Db, orgId: string, ticketIds: readonly string[], asOf: Date) {
  if (!ticketIds.length) return [];
  return db
    .select({ ticketId: payments.ticketId, collectedFen: sql<number>`sum(${payments.amountFen})`.mapWith(Number) })
    .from(payments)
    .where(and(eq(payments.orgId, orgId), sql`${payments.ticketId} = any(${sql.param([...ticketIds])}::uuid[])`, lt(payments.receivedAt, asOf)))
    .groupBy(payments.ticketId);
}

// --- invoices ---------------------------------------------------------------------------------

export async function insertInvoice(tx: Db, row: typeof invoices.$inferInsert) {
  await tx.insert(invoices).values(row);
}

export async function ticketInvoices(db: Db, orgId: string, ticketId: string): Promise<InvoiceRow[]> {
  return db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.ticketId, ticketId))).orderBy(asc(invoices.requestedAt), asc(invoices.id));
}

export async function lockInvoice(tx: Db, orgId: string, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await tx.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.id, id))).for('update');
  return row;
}

export async function markIssued(tx: Db, orgId: string, id: string, set: { number: string; issuedOn: string; issuedBy: string; issuedAt: Date }) {
  await tx
    .update(invoices)
    .set({ ...set, version: sql`${invoices.version} + 1` })
    .where(and(eq(invoices.orgId, orgId), eq(invoices.id, id)));
}

export async function reversalOf(db: Db, orgId: string, id: string): Promise<InvoiceRow | undefined> {
  const [row] = await db.select().from(invoices).where(and(eq(invoices.orgId, orgId), eq(invoices.reversesId, id)));
  return row;
}

// --- costs ------------------------------------------------------------------------------------

export async function insertCost(tx: Db, row: typeof ticketCosts.$inferInsert) {
  await tx.insert(ticketCosts).values(row);
}

export interface CostFilter {
  status?: CostStatus | undefined;
  ticketId?: string | undefined;
  enteredBy?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

const costColumns = { cost: ticketCosts, ticketNumber: ticketRefs.number };
export type ListedCost = { cost: CostRow; ticketNumber: string };

function costWhere(orgId: string, filter: CostFilter): SQL | undefined {
  return and(
    eq(ticketCosts.orgId, orgId),
    filter.status ? eq(ticketCosts.status, filter.status) : undefined,
    filter.ticketId ? eq(ticketCosts.ticketId, filter.ticketId) : undefined,
    filter.enteredBy ? eq(ticketCosts.enteredBy, filter.enteredBy) : undefined,
    filter.from ? gte(ticketCosts.enteredAt, filter.from) : undefined,
    filter.to ? lt(ticketCosts.enteredAt, filter.to) : undefined,
  );
}

export async function listCosts(db: Db, orgId: string, filter: CostFilter, limit = 500): Promise<ListedCost[]> {
  return db
    .select(costColumns)
    .from(ticketCosts)
    .innerJoin(ticketRefs, and(eq(ticketRefs.orgId, ticketCosts.orgId), eq(ticketRefs.id, ticketCosts.ticketId)))
    .where(costWhere(orgId, filter))
    .orderBy(filter.status === 'pending' ? asc(ticketCosts.enteredAt) : desc(ticketCosts.enteredAt), asc(ticketCosts.id))
    .limit(limit);
}

/** One page of costs for an export, in entry order after `after` (entered_at, id). */
export async function costsPage(db: Db, orgId: string, filter: CostFilter, after: { at: Date; id: string } | null, limit: number): Promise<ListedCost[]> {
  return db
    .select(costColumns)
    .from(ticketCosts)
    .innerJoin(ticketRefs, and(eq(ticketRefs.orgId, ticketCosts.orgId), eq(ticketRefs.id, ticketCosts.ticketId)))
    .where(and(costWhere(orgId, filter), after ? sql`(${ticketCosts.enteredAt}, ${ticketCosts.id}) > (${after.at}, ${after.id})` : undefined))
    .orderBy(asc(ticketCosts.enteredAt), asc(ticketCosts.id))
    .limit(limit);
}

export async function findCost(db: Db, orgId: string, id: string): Promise<CostRow | undefined> {
  const [row] = await db.select().from(ticketCosts).where(and(eq(ticketCosts.orgId, orgId), eq(ticketCosts.id, id)));
  return row;
}

export async function lockCost(tx: Db, orgId: string, id: string): Promise<CostRow | undefined> {
  const [row] = await tx.select().from(ticketCosts).where(and(eq(ticketCosts.orgId, orgId), eq(ticketCosts.id, id))).for('update');
  return row;
}

export async function decideCost(tx: Db, orgId: string, id: string, set: { status: CostStatus; decidedBy: string; decidedAt: Date; rejectReason?: string | null }) {
  await tx
    .update(ticketCosts)
    .set({ ...set, version: sql`${ticketCosts.version} + 1` })
    .where(and(eq(ticketCosts.orgId, orgId), eq(ticketCosts.id, id)));
}

export async function setReceipt(tx: Db, orgId: string, id: string, receiptId: string) {
  await tx
    .update(ticketCosts)
    .set({ receiptId, version: sql`${ticketCosts.version} + 1` })
    .where(and(eq(ticketCosts.orgId, orgId), eq(ticketCosts.id, id), isNull(ticketCosts.decidedAt)));
}

/** Pending costs of a ticket (shown apart, not counted). */
export async function pendingCostsOf(db: Db, orgId: string, ticketId: string): Promise<number> {
  const [row] = await db
    .select({ total: sql<number>`coalesce(sum(${ticketCosts.amountFen}), 0)`.mapWith(Number) })
    .from(ticketCosts)
    .where(and(eq(ticketCosts.orgId, orgId), eq(ticketCosts.ticketId, ticketId), eq(ticketCosts.status, 'pending')));
  return row?.total ?? 0;
}

/** Approved costs decided in a period, per ticket. */
export async function costsDecidedInPeriod(db: Db, orgId: string, from: Date, to: Date, ticketIds?: string[]) {
  return db
    .select({ ticketId: ticketCosts.ticketId, costsFen: sql<number>`sum(${ticketCosts.amountFen})`.mapWith(Number) })
    .from(ticketCosts)
    .where(
      and(
        eq(ticketCosts.orgId, orgId),
        eq(ticketCosts.status, 'approved'),
        gte(ticketCosts.decidedAt, from),
        lt(ticketCosts.decidedAt, to),
        ticketIds ? inArray(ticketCosts.ticketId, ticketIds) : undefined,
      ),
    )
    .groupBy(ticketCosts.ticketId);
}

export async function customerName(db: Db, orgId: string, customerId: string): Promise<string | undefined> {
  const [row] = await db.select({ name: customerRefs.name }).from(customerRefs).where(and(eq(customerRefs.orgId, orgId), eq(customerRefs.id, customerId)));
  return row?.name;
}
