import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createAppHarness, createHarness, fixedClock, type AppHarness, type Harness } from '../../test/harness';
import { asset, customer, technician } from '../../test/fixtures';
import { caller, refusal } from '../../test/http';
import { rankOffers } from './loaner-offers';
import { location } from './parts.test-fixtures';

const H = 3_600_000;
const DAY = 24 * H;
let h: Harness | undefined;
let app: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  await app?.close();
  h = undefined;
  app = undefined;
});

/** Scans until nothing is due: one pass fires the next threshold of each clock. */
async function scanAll(harness: Harness) {
  for (let fired = await harness.services.sla.scanOnce(); fired > 0; fired = await harness.services.sla.scanOnce());
}

/** A fault on an installed machine of product A, worked on; the pools hold A, its better B, and an unrelated C. */
async function world(harness: Harness) {
  const products = harness.services.assets;
  const a = await products.createProduct(harness.admin, { name: '离心机 A100', kind: 'equipment' });
  const b = await products.createProduct(harness.admin, { name: '离心机 A200（升级型）', kind: 'equipment' });
  const c = await products.createProduct(harness.admin, { name: '冷柜 C1', kind: 'equipment' });
  const central = await location(harness, '中心仓库', 'warehouse');
  const depot = await location(harness, '园区现场备件库', 'depot');
  const parts = harness.services.parts;
  const b1 = await parts.createLoaner(harness.admin, { productId: b.id, serial: 'B-001', homeLocationId: central.id });
  const a2 = await parts.createLoaner(harness.admin, { productId: a.id, serial: 'A-002', homeLocationId: depot.id });
  const a1 = await parts.createLoaner(harness.admin, { productId: a.id, serial: 'A-001', homeLocationId: central.id });
  const c1 = await parts.createLoaner(harness.admin, { productId: c.id, serial: 'C-001', homeLocationId: central.id });
  const retired = await parts.createLoaner(harness.admin, { productId: a.id, serial: 'A-009', homeLocationId: central.id });
  await parts.updateLoaner(harness.admin, retired.id, retired.version, { retired: true });
  await parts.setLoanerEquivalents(harness.admin, a.id, [b.id]);

  const tech = await technician(harness);
  const owner = await customer(harness, { name: '华南检测中心' });
  const machine = await asset(harness, owner.id, { kind: 'equipment', productId: a.id, purchasedOn: '2026-01-01' });
  const { ticket } = await harness.services.tickets.createTicket(harness.admin, { customerId: owner.id, assetId: machine.id, channel: 'phone', description: '离心机无法启动' });
  const act = async (action: string, more: Record<string, unknown> = {}) => {
    const current = await harness.services.tickets.getTicket(harness.admin, ticket.id);
    return harness.services.tickets.transition(harness.admin, ticket.id, current.version, { action: action as never, ...more });
  };
  const clocks = async () => Object.fromEntries((await harness.services.sla.clocksOf(harness.admin, ticket.id)).map((k) => [k.metric, k]));
  return { a, b, c, central, depot, units: { a1, a2, b1, c1, retired }, tech, owner, ticket, act, clocks };
}

describe('loaners (E3)', () => {
  it('E3: a fault not cleared 8 hours after work began gets a loaner of equal or better specification; lending it stops the 48-hour clock, the ticket does not close while it is out, and an overdue one is listed', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-26T01:00:00Z') });
    const w = await world(h);
    const parts = h.services.parts;
    await w.act('accept');
    await w.act('dispatch', { technicianId: w.tech.id });
    await w.act('start');
    h.clock.advance(8 * H + 60_000);
    await scanAll(h);
    expect((await w.clocks()).loaner_delivery).toMatchObject({ state: 'running' });

    // The same product first (both pools), then its better equivalent; never the unrelated one nor a retired unit.
    const offered = await parts.ticketLoaners(h.admin, w.ticket.id, {});
    expect(offered.productId).toBe(w.a.id);
    expect(offered.current).toBeNull();
    expect(offered.offers.map((o) => o.match)).toEqual(['same', 'same', 'equivalent']);
    expect(offered.offers.slice(0, 2).map((o) => o.serial).sort()).toEqual(['A-001', 'A-002']);
    expect(offered.offers[2]).toMatchObject({ serial: 'B-001', match: 'equivalent', productName: '离心机 A200（升级型）' });

    const lentAt = h.clock();
    const lent = await parts.lendLoaner(h.admin, w.ticket.id, { loanerId: w.units.a1.id });
    expect(lent).toMatchObject({ status: 'lent', ticketId: w.ticket.id, ticketNumber: w.ticket.number, customerId: w.owner.id, customerName: '华南检测中心', overdue: false });
    expect(new Date(lent.dueAt!).getTime()).toBe(lentAt.getTime() + 14 * DAY);
    expect((await w.clocks()).loaner_delivery!.state).toBe('met');
    const events = await h.services.tickets.findEvents(h.admin, w.ticket.id);
    expect(events.at(-1)).toMatchObject({ type: 'loaner_provided', details: { note: '离心机 A100 A-001' } });

    const again = await parts.ticketLoaners(h.admin, w.ticket.id, {});
    expect(again.current).toMatchObject({ id: w.units.a1.id, status: 'lent' });
    expect(again.offers.map((o) => o.serial)).toEqual(['A-002', 'B-001']);
    // One loaner per ticket; a lent unit is not lent twice.
    expect(await refusal(parts.lendLoaner(h.admin, w.ticket.id, { loanerId: w.units.a2.id }))).toMatchObject({ code: 'LOANER_OUT' });

    // Completed and signed, the ticket still does not close while the loaner is out.
    await w.act('complete');
    await h.services.fieldwork.collectMissingSignoffs(h.admin, w.ticket.id, () => '王工');
    const refused = await w.act('close').catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'LOANER_OUT', params: { serial: 'A-001', product: '离心机 A100' } });
    expect((await h.services.tickets.getTicket(h.admin, w.ticket.id)).status).toBe('completed');

    // Past its due date it is listed as overdue.
    expect(await parts.listLoaners(h.admin, { overdue: true })).toEqual([]);
    h.clock.advance(15 * DAY);
    const overdue = await parts.listLoaners(h.admin, { overdue: true });
    expect(overdue).toEqual([expect.objectContaining({ id: w.units.a1.id, serial: 'A-001', overdue: true, ticketNumber: w.ticket.number })]);

    // Back in its pool, available again; the ticket closes.
    const back = await parts.returnLoaner(h.admin, w.units.a1.id, {});
    expect(back).toMatchObject({ status: 'available', ticketId: null, customerId: null, dueAt: null, homeLocationId: w.central.id });
    expect(await parts.listLoaners(h.admin, { overdue: true })).toEqual([]);
    expect((await h.services.tickets.findEvents(h.admin, w.ticket.id)).at(-1)).toMatchObject({ type: 'loaner_returned', details: { loanerId: w.units.a1.id, serial: 'A-001' } });
    expect(await refusal(parts.returnLoaner(h.admin, w.units.a1.id, {}))).toMatchObject({ code: 'ALREADY_POSTED' });
    await w.act('close');
    expect((await h.services.tickets.getTicket(h.admin, w.ticket.id)).status).toBe('closed');
    expect(await refusal(parts.lendLoaner(h.admin, w.ticket.id, { loanerId: w.units.a2.id }))).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
  });

  it('E3: lent over HTTP by an agent, with its own due date; closing with it out answers 409 LOANER_OUT naming the unit', async () => {
    app = await createAppHarness({ clock: fixedClock('2026-11-26T01:00:00Z') });
    const w = await world(app);
    const agent = caller(app.app, await app.tokenFor('hotline_agent'));
    const tech = caller(app.app, await app.tokenFor('technician'));
    const clerk = caller(app.app, await app.tokenFor('parts_admin'));

    const offers = await agent('GET', `/api/v1/tickets/${w.ticket.id}/loaners`);
    expect(offers.statusCode, offers.body).toBe(200);
    expect(offers.json().offers.map((o: { serial: string }) => o.serial)).toContain('B-001');
    // A technician sees loaners but does not lend them; nobody lends on a ticket they cannot see.
    expect((await tech('POST', `/api/v1/tickets/${w.ticket.id}/loaners`, { loanerId: w.units.b1.id })).statusCode).toBe(403);
    expect((await tech('GET', `/api/v1/tickets/${w.ticket.id}/loaners`)).statusCode).toBe(404);

    const due = '2026-12-01T10:00:00.000Z';
    const lent = await agent('POST', `/api/v1/tickets/${w.ticket.id}/loaners`, { loanerId: w.units.b1.id, dueAt: due });
    expect(lent.statusCode, lent.body).toBe(201);
    expect(lent.json()).toMatchObject({ serial: 'B-001', status: 'lent', dueAt: due });
    const past = await agent('POST', `/api/v1/tickets/${w.ticket.id}/loaners`, { loanerId: w.units.a1.id, dueAt: '2026-01-01T00:00:00Z' });
    expect(past.statusCode).toBe(400);

    const current = await agent('GET', `/api/v1/tickets/${w.ticket.id}`);
    const closed = await agent('POST', `/api/v1/tickets/${w.ticket.id}/transitions`, { action: 'close', reason: '电话指导后恢复' }, { headers: { 'if-match': `"${current.json().version}"` } });
    expect(closed.statusCode, closed.body).toBe(409);
    expect(closed.json()).toMatchObject({ code: 'LOANER_OUT', serial: 'B-001' });
    expect(closed.json().detail).toBe('备用机 离心机 A200（升级型）（序列号 B-001）尚未归还，归还后才能结单或取消');

    const pool = await clerk('GET', `/api/v1/loaners?status=lent`);
    expect(pool.json().items).toEqual([expect.objectContaining({ serial: 'B-001', ticketNumber: w.ticket.number })]);
    const back = await agent('POST', `/api/v1/loaners/${w.units.b1.id}/return`, {});
    expect(back.statusCode, back.body).toBe(200);
    const fresh = await agent('GET', `/api/v1/tickets/${w.ticket.id}`);
    const closedNow = await agent('POST', `/api/v1/tickets/${w.ticket.id}/transitions`, { action: 'close', reason: '电话指导后恢复' }, { headers: { 'if-match': `"${fresh.json().version}"` } });
    expect(closedNow.statusCode, closedNow.body).toBe(200);
  });

  it('E3: a unit’s serial is unique per product; a retired unit, or one neither of the machine’s product nor its equal or better, is not lent; equivalents name real products', async () => {
    h = await createHarness();
    const w = await world(h);
    const parts = h.services.parts;
    expect(await refusal(parts.createLoaner(h.admin, { productId: w.a.id, serial: 'A-001', homeLocationId: w.depot.id }))).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['body.serial'] });
    expect(await refusal(parts.createLoaner(h.admin, { productId: '00000000-0000-7000-8000-000000000000', serial: 'X', homeLocationId: w.depot.id }))).toMatchObject({ fields: ['body.productId'] });
    expect(await refusal(parts.lendLoaner(h.admin, w.ticket.id, { loanerId: w.units.retired.id }))).toMatchObject({ fields: ['body.loanerId'] });
    // E3: not a unit of a product that is neither the machine's nor marked as its equal or better.
    expect(await refusal(parts.lendLoaner(h.admin, w.ticket.id, { loanerId: w.units.c1.id }))).toMatchObject({ code: 'INVALID_REFERENCE', fields: ['body.loanerId'] });
    expect(await refusal(parts.setLoanerEquivalents(h.admin, w.a.id, [w.a.id]))).toMatchObject({ fields: ['body.equivalentIds.0'] });
    const set = await parts.setLoanerEquivalents(h.admin, w.a.id, [w.c.id, w.b.id]);
    expect(set.equivalents.map((e) => e.productName)).toEqual(['冷柜 C1', '离心机 A200（升级型）']);
  });
});

describe('rankOffers', () => {
  const unit = fc.record({
    productId: fc.constantFrom('a', 'b', 'c', 'd'),
    locationName: fc.constantFrom('甲', '乙', '丙'),
    serial: fc.string({ maxLength: 4 }),
    latitude: fc.option(fc.double({ min: 20, max: 40, noNaN: true }), { nil: null }),
    longitude: fc.option(fc.double({ min: 100, max: 120, noNaN: true }), { nil: null }),
  });

  it('E3: offers the same product first, then the equivalents in their order, and nothing else', () => {
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 30 }), fc.boolean(), (units, withPoint) => {
        const ranked = rankOffers(units, 'a', ['c', 'b'], withPoint ? { latitude: 30, longitude: 110 } : null);
        const order = { a: 0, c: 1, b: 2 } as Record<string, number>;
        expect(ranked.length).toBe(units.filter((u) => u.productId !== 'd').length);
        for (let i = 1; i < ranked.length; i++) expect(order[ranked[i - 1]!.productId]!).toBeLessThanOrEqual(order[ranked[i]!.productId]!);
        for (const r of ranked) expect(r.match).toBe(r.productId === 'a' ? 'same' : 'equivalent');
      }),
    );
  });

  it('puts the nearest pool first within a product', () => {
    const near = { productId: 'a', locationName: '乙', serial: '2', latitude: 22.5, longitude: 114.1 };
    const far = { productId: 'a', locationName: '甲', serial: '1', latitude: 39.9, longitude: 116.4 };
    const unknown = { productId: 'a', locationName: '丙', serial: '3', latitude: null, longitude: null };
    expect(rankOffers([unknown, far, near], 'a', [], { latitude: 22.6, longitude: 114.0 }).map((u) => u.serial)).toEqual(['2', '1', '3']);
  });
});
