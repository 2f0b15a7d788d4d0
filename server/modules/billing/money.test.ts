import { afterEach, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, TEST_PASSWORD, type AppHarness } from '../../test/harness';
import { dispatchedTicket, reportedTicket } from '../../test/fixtures';
import { caller } from '../../test/http';
import type { Actor } from '../identity';
import { addOrganisation } from '../../organisations';
import { chargeTicket, vanWithPart } from './money.test-fixtures';
import { repairWarrantyEndsOn, repairWarrantyMonthsOf } from './repair-warranty';

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function login(actor: Actor) {
  const r = await h!.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: actor.username, password: TEST_PASSWORD } });
  return r.json().token as string;
}

/**
 * Four orders: A with two boards consumed, an approved cost, paid in part (and the rest later,
 * in December); B with a board consumed and a board only proposed, paid and partly refunded;
 * C charged and unpaid; D neither charged nor paid.
 */
async function orders() {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T02:00:00Z') });
  const tech = await h.actorWithRole('technician', { name: '李师傅' });
  const finance = await h.actorWithRole('finance', { name: '财务小周' });
  const { part: board } = await vanWithPart(h, tech.userId, { number: 'PCB-7', name: '主控板', costPriceFen: 120_00, retailPriceFen: 260_00 }, 5);
  const billing = h.services.billing;
  const [a, b, c, d] = [await dispatchedTicket(h, { technicianId: tech.userId }), await dispatchedTicket(h, { technicianId: tech.userId }), await dispatchedTicket(h), await reportedTicket(h)];
  await h.services.parts.consumeParts(tech, a.id, { lines: [{ partId: board.id, quantity: 2 }] });
  await h.services.parts.consumeParts(tech, b.id, { lines: [{ partId: board.id, quantity: 1 }] });
  await h.services.parts.proposePart(h.admin, b.id, { partId: board.id, quantity: 1 });
  await chargeTicket(h, a.id, 1_000_00);
  await chargeTicket(h, b.id, 500_00);
  await chargeTicket(h, c.id, 300_00);
  await billing.addCost(finance, a.id, { kind: 'travel', amountFen: 35_50 });
  await billing.addCost(tech, a.id, { kind: 'tolls', amountFen: 12_00 }); // pending: not counted
  await billing.recordPayment(finance, a.id, { amountFen: 600_00, method: 'cash' });
  await billing.recordPayment(finance, b.id, { amountFen: 500_00, method: 'wechat_pay' });
  await billing.recordPayment(finance, b.id, { amountFen: -100_00, method: 'wechat_pay', reason: '优惠退回' });
  h.clock.set('2026-12-05T03:00:00Z');
  await billing.recordPayment(finance, a.id, { amountFen: 400_00, method: 'bank_transfer' });
  return { h, tech, finance, a, b, c, d };
}

describe('an order’s money read set-wise for the pay work (M7)', () => {
  it('M7: ordersMoney gives each order what ticketMoney gives it: parts at cost, approved entered costs, a partial payment, a refund', async () => {
    const { h, finance, a, b, c, d } = await orders();
    const ids = [a.id, b.id, c.id, d.id];

    // The parts module's set-wise read is partsOfTicket's cost total, ticket by ticket.
    const partsCost = await h.services.parts.partsCostOfTickets(h.orgId, ids);
    for (const id of ids) expect(partsCost.get(id) ?? 0, id).toBe((await h.services.parts.partsOfTicket(h.admin, id)).costTotalFen);
    expect(Object.fromEntries(partsCost)).toEqual({ [a.id]: 240_00, [b.id]: 240_00 });

    const read = await h.services.billing.ordersMoney(finance, [...ids, a.id, '01900000-0000-7000-8000-000000000000']);
    expect(read.map((m) => m.ticketId)).toEqual(ids);
    for (const m of read) {
      const one = await h.services.billing.ticketMoney(finance, m.ticketId);
      expect({ collectedFen: m.collectedFen, costsFen: m.costsFen, outstandingFen: m.outstandingFen, netProfitFen: m.netProfitFen }, m.ticketId).toEqual({
        collectedFen: one.collectedFen,
        costsFen: one.costsFen,
        outstandingFen: one.outstandingFen,
        netProfitFen: one.netProfitFen,
      });
    }
    expect(read).toEqual([
      { ticketId: a.id, collectedFen: 1_000_00, costsFen: 275_50, outstandingFen: 0, netProfitFen: 724_50, repairWarrantyEndsOn: '2027-02-26' },
      { ticketId: b.id, collectedFen: 400_00, costsFen: 240_00, outstandingFen: 100_00, netProfitFen: 160_00, repairWarrantyEndsOn: '2027-02-26' },
      { ticketId: c.id, collectedFen: 0, costsFen: 0, outstandingFen: 300_00, netProfitFen: 0, repairWarrantyEndsOn: '2027-02-26' },
      { ticketId: d.id, collectedFen: 0, costsFen: 0, outstandingFen: 0, netProfitFen: 0, repairWarrantyEndsOn: null },
    ]);
    expect(await h.services.billing.ordersMoney(finance, [])).toEqual([]);

    // Another organisation's finance reads none of them.
    const other = await addOrganisation(h.services, { name: '别的服务中心', code: 'other', adminUsername: 'other_admin', adminPassword: 'Second-tenant-6604' });
    expect(await h.services.billing.ordersMoney({ ...finance, orgId: other.organisation.id }, ids)).toEqual([]);
    expect((await h.services.parts.partsCostOfTickets(other.organisation.id, ids)).size).toBe(0);
  });

  it('M7: collected money is read as of a cut-off: a payment received at or after asOf is not in it', async () => {
    const { h, finance, a, b } = await orders();
    const asOf = new Date('2026-12-01T00:00:00+08:00');
    expect(await h.services.billing.ordersMoney(finance, [a.id, b.id], asOf)).toEqual([
      { ticketId: a.id, collectedFen: 600_00, costsFen: 275_50, outstandingFen: 400_00, netProfitFen: 324_50, repairWarrantyEndsOn: '2027-02-26' },
      { ticketId: b.id, collectedFen: 400_00, costsFen: 240_00, outstandingFen: 100_00, netProfitFen: 160_00, repairWarrantyEndsOn: '2027-02-26' },
    ]);
    // The instant of the payment itself is not before it.
    const [atPayment] = await h.services.billing.ordersMoney(finance, [a.id], new Date('2026-12-05T03:00:00Z'));
    expect(atPayment!.collectedFen).toBe(600_00);
    const [after] = await h.services.billing.ordersMoney(finance, [a.id], new Date('2026-12-05T03:00:00.001Z'));
    expect(after!.collectedFen).toBe(1_000_00);
    // Before any payment: nothing collected, all owed.
    const [before] = await h.services.billing.ordersMoney(finance, [b.id], new Date('2026-11-01T00:00:00Z'));
    expect(before).toMatchObject({ collectedFen: 0, outstandingFen: 500_00, netProfitFen: -240_00 });
  });

  it('M7: periodMoney lists only the orders that received money in the period, with their totals as of its end', async () => {
    const { h, finance, a, b } = await orders();
    const november = await h.services.billing.periodMoney(finance, { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00') });
    expect(november).toEqual([
      { ticketId: a.id, collectedFen: 600_00, costsFen: 275_50, outstandingFen: 400_00, netProfitFen: 324_50, repairWarrantyEndsOn: '2027-02-26', collectedInPeriodFen: 600_00 },
      { ticketId: b.id, collectedFen: 400_00, costsFen: 240_00, outstandingFen: 100_00, netProfitFen: 160_00, repairWarrantyEndsOn: '2027-02-26', collectedInPeriodFen: 400_00 },
    ]);
    const december = await h.services.billing.periodMoney(finance, { from: new Date('2026-12-01T00:00:00+08:00'), to: new Date('2027-01-01T00:00:00+08:00') });
    expect(december).toEqual([{ ticketId: a.id, collectedFen: 1_000_00, costsFen: 275_50, outstandingFen: 0, netProfitFen: 724_50, repairWarrantyEndsOn: '2027-02-26', collectedInPeriodFen: 400_00 }]);
    expect(await h.services.billing.periodMoney(finance, { from: new Date('2027-01-01T00:00:00+08:00'), to: new Date('2027-02-01T00:00:00+08:00') })).toEqual([]);
  });

  it('M7: twelve thousand ids are read in 5000-id chunks, each ticket once, ids of no ticket left out', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-26T02:00:00Z') });
    const finance = await h.actorWithRole('finance');
    const ticket = await dispatchedTicket(h);
    await chargeTicket(h, ticket.id, 100_00);
    await h.services.billing.recordPayment(finance, ticket.id, { amountFen: 100_00, method: 'cash' });
    // 12,000 ids, all but one naming no ticket: three chunks, and the one ticket comes back once.
    const ids = Array.from({ length: 12_000 }, (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`);
    ids.splice(7_000, 0, ticket.id);
    const started = Date.now();
    expect(await h.services.billing.ordersMoney(finance, ids, new Date('2027-01-01T00:00:00Z'))).toEqual([
      { ticketId: ticket.id, collectedFen: 100_00, costsFen: 0, outstandingFen: 0, netProfitFen: 100_00, repairWarrantyEndsOn: '2027-02-26' },
    ]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('the repair’s own warranty (M8)', () => {
  it('M8: the end day is the same date N months after the start day in the zone, clamped to the month’s end; 0 months is none', () => {
    const chargedAt = new Date('2026-11-26T02:00:00Z');
    const at = (completedAt: string | null, months: number, timeZone = 'Asia/Shanghai') => repairWarrantyEndsOn({ months, completedAt: completedAt ? new Date(completedAt) : null, chargedAt, timeZone });
    expect(at(null, 3)).toBe('2027-02-26');
    expect(at('2026-11-30T16:30:00Z', 3)).toBe('2027-03-01'); // 1 December in Shanghai
    expect(at('2026-11-30T16:30:00Z', 3, 'UTC')).toBe('2027-02-28'); // 30 November in UTC, clamped
    expect(at('2027-01-31T04:00:00Z', 1)).toBe('2027-02-28');
    expect(at('2026-11-30T16:30:00Z', 120)).toBe('2036-12-01');
    expect(at('2026-11-30T16:30:00Z', 0)).toBeNull();
    expect(repairWarrantyMonthsOf(null, 3)).toBe(3);
    expect(repairWarrantyMonthsOf(0, 3)).toBe(0);
    expect(repairWarrantyMonthsOf(12, 0)).toBe(12);
  });

  it('M8: a repair carries the organisation’s months from the ticket’s completion day (its time zone), or the charge’s own; 0 carries none', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-26T02:00:00Z') });
    const finance = await h.actorWithRole('finance');
    const tech = await h.actorWithRole('technician');
    let api = caller(h.app, await h.tokenFor('finance'));
    const ticket = await dispatchedTicket(h, { technicianId: tech.userId });
    const uncharged = await dispatchedTicket(h);
    await chargeTicket(h, ticket.id, 800_00);
    const endsOn = async (id: string) => (await h!.services.billing.ordersMoney(finance, [id]))[0]!.repairWarrantyEndsOn;

    // Not completed yet: from the charge's day, by the default of 3 months.
    const charge = (await api('GET', `/api/v1/tickets/${ticket.id}/charge`)).json().charge;
    expect(charge).toMatchObject({ repairWarrantyMonths: 3, repairWarrantyEndsOn: '2027-02-26' });
    expect(await endsOn(ticket.id)).toBe('2027-02-26');
    expect(await endsOn(uncharged.id)).toBeNull();

    // Completed at 01:00 on 1 December in Shanghai (still 30 November in UTC): from 1 December.
    h.clock.set('2026-11-30T17:00:00Z');
    const current = await h.services.tickets.getTicket(h.admin, ticket.id);
    const started = await h.services.tickets.transition(h.admin, ticket.id, current.version, { action: 'start' });
    await h.services.tickets.transition(h.admin, ticket.id, started.version, { action: 'complete' });
    api = caller(h.app, await h.tokenFor('finance')); // a session of four days ago has lapsed
    expect(await endsOn(ticket.id)).toBe('2027-03-01');

    // The charge's own months win over the setting.
    const set = await api('PUT', `/api/v1/tickets/${ticket.id}/charge/repair-warranty`, { months: 12 });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ repairWarrantyMonths: 12, repairWarrantyEndsOn: '2027-12-01' });
    expect(await endsOn(ticket.id)).toBe('2027-12-01');
    const events = await h.services.tickets.findEvents(h.admin, ticket.id);
    expect(events.filter((e) => e.type === 'charge' && e.details.kind === 'repair_warranty')).toHaveLength(1);

    // 0: this repair carries none.
    expect((await api('PUT', `/api/v1/tickets/${ticket.id}/charge/repair-warranty`, { months: 0 })).json()).toMatchObject({ repairWarrantyMonths: 0, repairWarrantyEndsOn: null });
    expect(await endsOn(ticket.id)).toBeNull();

    // The organisation's setting of 0: repairs without months of their own carry none.
    const other = await dispatchedTicket(h);
    await chargeTicket(h, other.id, 100_00);
    expect(await endsOn(other.id)).toBe('2027-03-01');
    const org = await h.services.identity.getOrganisation(h.orgId);
    await h.services.identity.updateOrganisation(h.admin, org.version, { settings: { billing: { repairWarrantyMonths: 0 } } });
    expect(await endsOn(other.id)).toBeNull();
    expect(await h.services.billing.chargeOfTicket(finance, other.id)).toMatchObject({ repairWarrantyMonths: 0, repairWarrantyEndsOn: null });

    // Bad months, no charge, no permission.
    for (const months of [-1, 121, 1.5, '3']) expect((await api('PUT', `/api/v1/tickets/${ticket.id}/charge/repair-warranty`, { months })).statusCode, String(months)).toBe(400);
    const none = await api('PUT', `/api/v1/tickets/${uncharged.id}/charge/repair-warranty`, { months: 6 });
    expect(none.statusCode).toBe(404);
    const asTech = caller(h.app, await login(tech));
    expect((await asTech('PUT', `/api/v1/tickets/${ticket.id}/charge/repair-warranty`, { months: 6 })).statusCode).toBe(403);
  });
});
