import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ticketRefs } from '../tickets';
import { ticketAccounts } from './accounts.schema';
import { charges } from './charges.schema';

export type TicketAccount = typeof ticketAccounts.$inferSelect;

/** A ticket's account, or undefined when no money has touched it yet. */
export async function findAccount(tx: Db, orgId: string, ticketId: string): Promise<TicketAccount | undefined> {
  const [row] = await tx.select().from(ticketAccounts).where(and(eq(ticketAccounts.orgId, orgId), eq(ticketAccounts.ticketId, ticketId)));
  return row;
}

/**
 * Adds to a ticket's account in the caller's transaction, creating it on first use. A charge
 * sets `chargedAt` the first time the ticket is charged; later changes keep it.
 */
export async function addToAccount(
  tx: Db,
  key: { orgId: string; ticketId: string; customerId: string },
  delta: { chargedFen?: number; collectedFen?: number; costsFen?: number },
  at: Date,
): Promise<TicketAccount> {
  const charged = delta.chargedFen ?? 0;
  const collected = delta.collectedFen ?? 0;
  const costs = delta.costsFen ?? 0;
  const chargedAt = charged !== 0 ? at : null;
  const [row] = await tx
    .insert(ticketAccounts)
    .values({ ...key, chargedFen: charged, collectedFen: collected, costsFen: costs, chargedAt, updatedAt: at })
    .onConflictDoUpdate({
      target: [ticketAccounts.orgId, ticketAccounts.ticketId],
      set: {
        chargedFen: sql`${ticketAccounts.chargedFen} + ${charged}`,
        collectedFen: sql`${ticketAccounts.collectedFen} + ${collected}`,
        costsFen: sql`${ticketAccounts.costsFen} + ${costs}`,
        chargedAt: sql`coalesce(${ticketAccounts.chargedAt}, ${chargedAt})`,
        updatedAt: at,
        version: sql`${ticketAccounts.version} + 1`,
      },
    })
    .returning();
  return row!;
}

/**
 * M7, M8: the organisation's tickets among these ids (others are absent) with their account
 * (zeros when no money has touched them), when they were completed, and their charge's repair
 * warranty months and day (null without a charge). One query.
 */
export async function ordersOf(db: Db, orgId: string, ticketIds: readonly string[]) {
  if (!ticketIds.length) return [];
  return db
    .select({
      ticketId: ticketRefs.id,
      completedAt: ticketRefs.completedAt,
      chargedFen: sql<number>`coalesce(${ticketAccounts.chargedFen}, 0)`.mapWith(Number),
      collectedFen: sql<number>`coalesce(${ticketAccounts.collectedFen}, 0)`.mapWith(Number),
      costsFen: sql<number>`coalesce(${ticketAccounts.costsFen}, 0)`.mapWith(Number),
      chargeCreatedAt: charges.createdAt,
      repairWarrantyMonths: charges.repairWarrantyMonths,
    })
    .from(ticketRefs)
    .leftJoin(ticketAccounts, and(eq(ticketAccounts.orgId, ticketRefs.orgId), eq(ticketAccounts.ticketId, ticketRefs.id)))
    .leftJoin(charges, and(eq(charges.orgId, ticketRefs.orgId), eq(charges.ticketId, ticketRefs.id)))
    .where(and(eq(ticketRefs.orgId, orgId), sql`${ticketRefs.id} = any(${sql.param([...ticketIds])}::uuid[])`));
}
