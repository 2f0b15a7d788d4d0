import { afterEach, describe, expect, it } from 'vitest';
import { createAppHarness, createHarness, fixedClock, type Harness } from '../../test/harness';
import { dispatchedTicket, technician } from '../../test/fixtures';
import { caller } from '../../test/http';
import { monthsBefore } from './planning-engine';
import { SUGGESTIONS_JOB } from './planning';
import { jobsOfKind } from '../../test/inspect';
import { postMovement } from './ledger';
import * as repo from './parts.repository';
import { location, part, stock } from './parts.test-fixtures';

let h: Harness;
afterEach(async () => {
  const closing = h;
  h = undefined as unknown as Harness;
  await closing?.close();
});

/** Units consumed on a ticket from a location at an instant (the work report's consumption, posted as the ledger posts it). */
async function consume(partId: string, locationId: string, quantity: number, at: Date, ticketId: string | null = null) {
  const [p] = await repo.findParts(h.database.db, h.orgId, [partId]);
  const [l] = await repo.findLocations(h.database.db, h.orgId, [locationId]);
  await h.database.db.transaction((tx) => postMovement(tx, h.admin, at, [{ kind: 'consume', part: p!, location: l!, onHand: -quantity, ticketId, unitCostFen: p!.costPriceFen }]));
}

/** Mid-month in Shanghai, so a month's lines stay in that month in the organisation's zone. */
const midMonth = (month: string) => new Date(`${month}-15T04:00:00Z`);

describe('parts planning', () => {
  it('C4: a part below its reorder point is a purchase suggestion, listed each morning by the daily job', async () => {
    const clock = fixedClock('2026-11-27T02:00:00Z');
    h = await createHarness({ clock });
    const filter = await part(h, { number: 'F-1', costPriceFen: 15_00 });
    const belt = await part(h, { number: 'B-1' });
    const warehouse = await location(h, '中心仓库');
    await stock(h, warehouse.id, [
      { partId: filter.id, quantity: 4 },
      { partId: belt.id, quantity: 30 },
    ]);
    await h.services.parts.setReorderRule(h.admin, { partId: filter.id, locationId: warehouse.id, reorderPoint: 10, reorderQuantity: 24 });
    await h.services.parts.setReorderRule(h.admin, { partId: belt.id, locationId: warehouse.id, reorderPoint: 10, reorderQuantity: 5 });
    const now = await h.services.parts.listPurchaseSuggestions(h.admin);
    expect(now.items.map((i) => [i.partNumber, i.position, i.suggested, i.valueFen])).toEqual([['F-1', 4, 24, 360_00]]);
    expect(now.dailyRunAt).toBeNull();

    // 02:00 UTC is 10:00 in Shanghai: the first run is tomorrow 06:00 local, 22:00 UTC today.
    // (Other daily jobs run at that hour too, the maintenance reminders: count this one's runs.)
    const runs = async () => {
      await h.services.jobs.drain();
      return (await jobsOfKind(h.database.db, SUGGESTIONS_JOB)).filter((j) => j.status === 'done').length;
    };
    expect(await runs()).toBe(0);
    clock.set('2026-11-27T22:00:01Z');
    expect(await runs()).toBe(1);
    const daily = await h.services.parts.listPurchaseSuggestions(h.admin);
    expect(daily).toMatchObject({ dailyCount: 1, totalFen: 360_00 });
    expect(daily.dailyRunAt).toBe('2026-11-27T22:00:01.000Z');
    // And again the next morning, not before.
    clock.set('2026-11-28T21:59:00Z');
    expect(await runs()).toBe(1);
    clock.set('2026-11-28T22:00:00Z');
    expect(await runs()).toBe(2);
  });

  it('C4: slow-moving stock is what nobody consumed for the set number of days, with its value per location', async () => {
    const clock = fixedClock('2026-01-05T02:00:00Z');
    h = await createHarness({ clock });
    const idle = await part(h, { number: 'IDLE-1', costPriceFen: 80_00 });
    const busy = await part(h, { number: 'BUSY-1' });
    const warehouse = await location(h, '中心仓库');
    const depot = await location(h, '现场库', 'depot');
    await stock(h, warehouse.id, [
      { partId: idle.id, quantity: 3 },
      { partId: busy.id, quantity: 10 },
    ]);
    await stock(h, depot.id, [{ partId: idle.id, quantity: 1 }]);
    clock.set('2026-08-01T02:00:00Z');
    await consume(busy.id, warehouse.id, 1, clock());
    const slow = await h.services.parts.listSlowMoving(h.admin, {});
    expect(slow.days).toBe(180);
    expect(slow.items.map((i) => [i.partNumber, i.locationName, i.onHand, i.valueFen, i.idleDays])).toEqual([
      ['IDLE-1', '中心仓库', 3, 240_00, 208],
      ['IDLE-1', '现场库', 1, 80_00, 208],
    ]);
    expect(slow.totalFen).toBe(320_00);
    expect((await h.services.parts.listSlowMoving(h.admin, { locationId: depot.id })).items).toHaveLength(1);
  });

  it('C5: a technician and a customer using far more of a part this month than their own six-month average are flagged', async () => {
    const clock = fixedClock('2026-12-03T02:00:00Z');
    h = await createHarness({ clock });
    const capacitor = await part(h, { number: 'CAP-1', name: '电容' });
    const tech = await technician(h, { name: '王师傅' });
    const steady = await technician(h, { name: '李师傅' });
    const van = await location(h, '王师傅的车', 'van', tech.id);
    await stock(h, van.id, [{ partId: capacitor.id, quantity: 100 }]);
    const ticket = await dispatchedTicket(h, { technicianId: tech.id });
    const other = await dispatchedTicket(h, { technicianId: steady.id });
    for (const month of monthsBefore('2026-11', 6)) {
      await consume(capacitor.id, van.id, 1, midMonth(month), ticket.id);
      await consume(capacitor.id, van.id, 2, midMonth(month), other.id);
    }
    await consume(capacitor.id, van.id, 8, midMonth('2026-11'), ticket.id);
    await consume(capacitor.id, van.id, 5, midMonth('2026-11'), other.id);
    // Consumption with no ticket is no one's: it counts for the forecast, not here.
    await consume(capacitor.id, van.id, 50, midMonth('2026-11'));

    const list = await h.services.parts.listUnusualUsage(h.admin, {});
    expect(list).toMatchObject({ month: '2026-11', factorBp: 30_000, minimum: 5, historyMonths: 6 });
    expect(list.items.map((i) => [i.subject, i.subjectName, i.partNumber, i.quantity, i.average, i.factorBp]).sort()).toEqual(
      [
        ['technician', '王师傅', 'CAP-1', 8, 1, 80_000],
        ['customer', expect.any(String), 'CAP-1', 8, 1, 80_000],
      ].sort(),
    );
    expect((await h.services.parts.listUnusualUsage(h.admin, { month: '2026-10' })).items).toEqual([]);
  });

  it('C6: the forecast follows the season of the last twelve months and next year’s budget is drawn from it at cost', async () => {
    const clock = fixedClock('2026-12-03T02:00:00Z');
    h = await createHarness({ clock });
    const compressor = await part(h, { number: 'COMP-1', name: '压缩机', category: '制冷', costPriceFen: 500_00 });
    const fuse = await part(h, { number: 'FUSE-1', name: '保险丝', category: '电气件', costPriceFen: 1_00 });
    const warehouse = await location(h, '中心仓库');
    await stock(h, warehouse.id, [
      { partId: compressor.id, quantity: 1000 },
      { partId: fuse.id, quantity: 1000 },
    ]);
    for (const month of monthsBefore('2026-12', 12)) {
      const summer = ['06', '07', '08'].includes(month.slice(5));
      await consume(compressor.id, warehouse.id, summer ? 40 : 10, midMonth(month));
      await consume(fuse.id, warehouse.id, 6, midMonth(month));
    }
    const f = await h.services.parts.forecastAndBudget(h.admin, { growthBp: 1_000 });
    expect(f.assumptions).toMatchObject({ method: 'seasonal_moving_average_3', historyFrom: '2025-12', historyTo: '2026-11', forecastFrom: '2026-12', forecastTo: '2027-11', growthBp: 1_000, costPriceOn: '2026-12-03' });
    const comp = f.parts.find((p) => p.partNumber === 'COMP-1')!;
    expect(comp.history).toHaveLength(12);
    expect(comp.forecast[f.months.indexOf('2027-07')]).toBe(40);
    expect(comp.forecast[f.months.indexOf('2027-01')]).toBe(10);
    expect(comp.budgetQuantity).toBeCloseTo(210 * 1.1, 2);
    expect(comp.budgetFen).toBe(Math.round(231 * 500_00));
    expect(f.categories.map((c) => [c.category, c.budgetFen])).toEqual([
      ['制冷', 115_500_00],
      ['电气件', Math.round(72 * 1.1 * 1_00)],
    ]);
    expect(f.totalFen).toBe(115_500_00 + 79_20);
  });

  it('C4: over HTTP the parts administrator sets rules and exports each list; a technician may not see them', async () => {
    const app = await createAppHarness();
    h = app;
    const clerk = caller(app.app, await app.tokenFor('parts_admin'));
    const tech = caller(app.app, await app.tokenFor('technician'));
    const partId = (await clerk('POST', '/api/v1/parts', { number: 'X-1', name: '滤网', category: '耗材', unit: '个', costPriceFen: 10_00, retailPriceFen: 20_00 })).json().id as string;
    const locationId = (await clerk('POST', '/api/v1/stock/locations', { name: '总仓', kind: 'warehouse' })).json().id as string;
    const rule = await clerk('PUT', '/api/v1/stock/reorder-rules', { partId, locationId, reorderPoint: 5, reorderQuantity: 10 });
    expect(rule.statusCode, rule.body).toBe(200);
    expect((await clerk('PUT', '/api/v1/stock/reorder-rules', { partId, locationId, reorderPoint: 5, reorderQuantity: 0 })).statusCode).toBe(400);
    expect((await clerk('GET', '/api/v1/stock/purchase-suggestions')).json().items).toHaveLength(1);
    for (const path of ['/api/v1/stock/purchase-suggestions.xlsx', '/api/v1/stock/slow-moving.xlsx', '/api/v1/stock/unusual-usage.xlsx?month=2026-10', '/api/v1/stock/forecast.xlsx?growthBp=500']) {
      const res = await clerk('GET', path);
      expect(res.statusCode, path).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    }
    expect((await clerk('GET', '/api/v1/stock/unusual-usage?month=2026-13')).statusCode).toBe(400);
    expect((await tech('GET', '/api/v1/stock/purchase-suggestions')).statusCode).toBe(403);
    expect((await tech('GET', '/api/v1/stock/unusual-usage')).statusCode).toBe(403);
    expect((await clerk('DELETE', `/api/v1/stock/reorder-rules?partId=${partId}&locationId=${locationId}`)).statusCode).toBe(204);
    expect((await clerk('DELETE', `/api/v1/stock/reorder-rules?partId=${partId}&locationId=${locationId}`)).statusCode).toBe(404);
  });
});
