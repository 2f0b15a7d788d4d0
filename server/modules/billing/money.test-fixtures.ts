import type { Harness } from '../../test/harness';

/**
 * Charges a ticket the way the counter does: a quote of one line for the amount, approved by the
 * customer, made the ticket's charge; at the harness's clock, or at `at` (the clock is put back).
 */
export async function chargeTicket(h: Harness, ticketId: string, chargedFen: number, at?: Date) {
  const before = h.clock();
  if (at) h.clock.set(at.toISOString());
  try {
    const billing = h.services.billing;
    const quote = await billing.createQuote(h.admin, ticketId, { lines: [{ kind: 'other', description: '维修费', quantity: 1, unitPriceFen: chargedFen }] });
    await billing.decideQuote(h.admin, quote.id, { decision: 'approved' });
    return await billing.chargeTicket(h.admin, ticketId);
  } finally {
    if (at) h.clock.set(before.toISOString());
  }
}

/** A van of the technician's stocked with a part at its cost price, through the parts service: the parts at cost of net profit (M7). */
export async function vanWithPart(h: Harness, technicianId: string, part: { number: string; name: string; costPriceFen: number; retailPriceFen: number }, quantity: number) {
  const created = await h.services.parts.createPart(h.admin, { ...part, category: '电气件', unit: '个' });
  const van = await h.services.parts.createLocation(h.admin, { name: '技师的车', kind: 'van', ownerUserId: technicianId });
  await h.services.parts.receive(h.admin, { locationId: van.id, lines: [{ partId: created.id, quantity }] });
  return { part: created, van };
}
