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

/** A van of the technician's stocked with a part at its cost price, through the parts service: the parts at cost of net profit (M7). */
export async function vanWithPart(h: Harness, technicianId: string, part: { number: string; name: string; costPriceFen: number; retailPriceFen: number }, quantity: number) {
  const created = await h.services.parts.createPart(h.admin, { ...part, category: '电气件', unit: '个' });
  const van = await h.services.parts.createLocation(h.admin, { name: '技师的车', kind: 'van', ownerUserId: technicianId });
  await h.services.parts.receive(h.admin, { locationId: van.id, lines: [{ partId: created.id, quantity }] });
  return { part: created, van };
}
