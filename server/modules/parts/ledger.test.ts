import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../test/harness';
import { codeOf, refusal } from '../../test/http';
import { balanceOf, location, part, stock } from './parts.test-fixtures';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('the stock ledger', () => {
  it('C4: receipts, issues, transfers and write-offs are ledger lines whose sums are the balances', async () => {
    h = await createHarness();
    const capacitor = await part(h, { number: 'C-35UF' });
    const cable = await part(h, { number: 'CAB-3X2.5', name: '电缆 3×2.5', unit: '米' });
    expect(cable.divisible).toBe(true);
    const warehouse = await location(h, '中心仓库');
    const depot = await location(h, '万达广场现场库', 'depot');
    const tech = await h.actorWithRole('technician', { name: '王师傅' });
    const van = await location(h, '王师傅的车', 'van', tech.userId);

    await stock(h, warehouse.id, [
      { partId: capacitor.id, quantity: 10 },
      { partId: cable.id, quantity: 100.5 },
    ]);
    await h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: capacitor.id, quantity: 3 }, { partId: cable.id, quantity: 12.25 }] });
    const transfer = await h.services.parts.sendTransfer(h.admin, { fromLocationId: warehouse.id, toLocationId: depot.id, lines: [{ partId: capacitor.id, quantity: 4 }] });
    expect(transfer).toMatchObject({ status: 'in_transit', lines: [{ partId: capacitor.id, quantity: 4 }] });
    expect(await balanceOf(h, capacitor.id, depot.id)).toMatchObject({ onHand: 0, inTransit: 4 });
    expect(await balanceOf(h, capacitor.id, warehouse.id)).toMatchObject({ onHand: 3, available: 3 });

    const received = await h.services.parts.receiveTransfer(h.admin, transfer.id);
    expect(received.status).toBe('received');
    expect(await balanceOf(h, capacitor.id, depot.id)).toMatchObject({ onHand: 4, inTransit: 0 });
    expect(await codeOf(h.services.parts.receiveTransfer(h.admin, transfer.id))).toBe('ALREADY_POSTED');

    await h.services.parts.writeOff(h.admin, { locationId: warehouse.id, reason: '受潮', lines: [{ partId: cable.id, quantity: 0.25 }] });
    expect(await balanceOf(h, cable.id, warehouse.id)).toMatchObject({ onHand: 88, available: 88 });
    expect(await balanceOf(h, cable.id, van.id)).toMatchObject({ onHand: 12.25 });
    expect((await h.services.parts.getPart(h.admin, capacitor.id)).onHand).toBe(10);

    const ledger = await h.services.parts.listLedger(h.admin, { partId: capacitor.id, page: 1, pageSize: 50 });
    expect(ledger.items.map((l) => l.kind).sort()).toEqual(['issue', 'issue', 'receipt', 'transfer_in', 'transfer_out', 'transfer_out'].sort());
    expect(ledger.items.every((l) => l.actorName === '系统管理员')).toBe(true);
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('stock never goes below zero: an issue beyond what is available is refused whole and moves nothing', async () => {
    h = await createHarness();
    const a = await part(h, { number: 'A-1' });
    const b = await part(h, { number: 'B-1' });
    const warehouse = await location(h, '中心仓库');
    const van = await location(h, '车辆一', 'van');
    await stock(h, warehouse.id, [
      { partId: a.id, quantity: 5 },
      { partId: b.id, quantity: 1 },
    ]);
    const error = await h.services.parts
      .issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: a.id, quantity: 2 }, { partId: b.id, quantity: 2 }] })
      .catch((e: unknown) => e as { code: string; extensions: Record<string, unknown> });
    expect(error).toMatchObject({ code: 'INSUFFICIENT_STOCK', extensions: { partId: b.id, available: 1, requested: 2 } });
    expect(await balanceOf(h, a.id, warehouse.id)).toMatchObject({ onHand: 5 });
    expect(await balanceOf(h, a.id, van.id)).toMatchObject({ onHand: 0 });
    expect((await h.services.parts.listLedger(h.admin, { page: 1, pageSize: 50 })).total).toBe(2);
  });

  it('two technicians taking the last unit at the same moment: one gets it, the other is told what is left', async () => {
    h = await createHarness();
    const p = await part(h, { number: 'LAST-1' });
    const warehouse = await location(h, '中心仓库');
    const vans = await Promise.all(Array.from({ length: 8 }, (_, i) => location(h, `车辆${i}`, 'van')));
    await stock(h, warehouse.id, [{ partId: p.id, quantity: 3 }]);
    const results = await Promise.allSettled(vans.map((van) => h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: p.id, quantity: 1 }] })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as { code: string; extensions: { available: number } });
    expect(refused).toHaveLength(5);
    expect(refused.every((e) => e.code === 'INSUFFICIENT_STOCK' && e.extensions.available === 0)).toBe(true);
    expect(await balanceOf(h, p.id, warehouse.id)).toMatchObject({ onHand: 0 });
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('movements over the same stock in opposite directions at once all go through and keep every unit', async () => {
    h = await createHarness();
    const a = await part(h, { number: 'AB-1' });
    const b = await part(h, { number: 'AB-2' });
    const one = await location(h, '一号仓');
    const two = await location(h, '二号仓');
    for (const loc of [one, two]) await stock(h, loc.id, [{ partId: a.id, quantity: 100 }, { partId: b.id, quantity: 100 }]);
    const moves = Array.from({ length: 24 }, (_, i) => {
      const [from, to] = i % 2 ? [one, two] : [two, one];
      const lines = i % 4 < 2 ? [{ partId: a.id, quantity: 1 }, { partId: b.id, quantity: 2 }] : [{ partId: b.id, quantity: 1 }, { partId: a.id, quantity: 2 }];
      return h.services.parts.issue(h.admin, { fromLocationId: from.id, toLocationId: to.id, lines });
    });
    expect((await Promise.allSettled(moves)).filter((r) => r.status === 'rejected')).toEqual([]);
    const total = async (partId: string) => (await balanceOf(h, partId, one.id)).onHand + (await balanceOf(h, partId, two.id)).onHand;
    expect([await total(a.id), await total(b.id)]).toEqual([200, 200]);
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('serial-tracked parts carry their serials through every movement', async () => {
    h = await createHarness();
    const board = await part(h, { number: 'PCB-9', name: '主控板', serialTracked: true });
    const warehouse = await location(h, '中心仓库');
    const van = await location(h, '车辆一', 'van');
    await stock(h, warehouse.id, [{ partId: board.id, quantity: 2, serials: ['SN-1', 'SN-2'] }]);
    expect((await balanceOf(h, board.id, warehouse.id)).serials).toEqual(['SN-1', 'SN-2']);

    expect(await refusal(h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: board.id, quantity: 1, serials: ['SN-9'] }] }))).toEqual({
      code: 'SERIAL_NOT_AVAILABLE',
      fields: ['body.lines.0.serials'],
    });
    expect(await balanceOf(h, board.id, warehouse.id)).toMatchObject({ onHand: 2 });
    expect(await refusal(h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: board.id, quantity: 1 }] }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['body.lines.0.serials'],
    });
    await h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: van.id, lines: [{ partId: board.id, quantity: 1, serials: ['SN-2'] }] });
    expect((await balanceOf(h, board.id, van.id)).serials).toEqual(['SN-2']);
    expect((await balanceOf(h, board.id, warehouse.id)).serials).toEqual(['SN-1']);
    const lines = (await h.services.parts.listLedger(h.admin, { partId: board.id, page: 1, pageSize: 50 })).items;
    expect(lines.filter((l) => l.serial === 'SN-2').map((l) => l.kind)).toEqual(['issue', 'issue', 'receipt']);
    expect(await codeOf(stock(h, warehouse.id, [{ partId: board.id, quantity: 1, serials: ['SN-1'] }]))).toBe('VALIDATION_FAILED');
  });

  it('refuses bad lines with a field each: a fraction of a whole unit, the same location twice, an unknown part', async () => {
    h = await createHarness();
    const p = await part(h, { number: 'W-1' });
    const warehouse = await location(h, '中心仓库');
    await stock(h, warehouse.id, [{ partId: p.id, quantity: 5 }]);
    expect(await refusal(stock(h, warehouse.id, [{ partId: p.id, quantity: 1.5 }]))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.lines.0.quantity'] });
    expect(await refusal(h.services.parts.issue(h.admin, { fromLocationId: warehouse.id, toLocationId: warehouse.id, lines: [{ partId: p.id, quantity: 1 }] }))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['body.toLocationId'],
    });
    expect(await refusal(stock(h, warehouse.id, [{ partId: '00000000-0000-7000-8000-000000000000', quantity: 1 }]))).toEqual({ code: 'INVALID_REFERENCE', fields: ['body.lines.0.partId'] });
    expect(await refusal(stock(h, warehouse.id, [{ partId: p.id, quantity: 1 }, { partId: p.id, quantity: 2 }]))).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.lines.1.partId'] });
    expect(await balanceOf(h, p.id, warehouse.id)).toMatchObject({ onHand: 5 });
  });
});
