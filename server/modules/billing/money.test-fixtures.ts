import type { Harness } from '../../test/harness';
import { addToAccount } from './accounts.repository';

/**
 * Charges a ticket as the quotes work's charge will: adds to its account's charged amount in one
 * transaction, at the harness's clock (or `at`).
 */
export async function chargeTicket(h: Harness, ticketId: string, chargedFen: number, at?: Date) {
  const ticket = await h.services.tickets.getTicket(h.admin, ticketId);
  const db = h.services.billing.deps.db;
  return db.transaction((tx) => addToAccount(tx, { orgId: h.orgId, ticketId, customerId: ticket.customerId }, { chargedFen }, at ?? h.clock()));
}
