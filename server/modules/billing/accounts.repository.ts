import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { ticketAccounts } from './accounts.schema';

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
