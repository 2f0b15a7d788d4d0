import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { asset, customer, technician } from '../../test/fixtures';
import { createHarness, fixedClock, type Harness } from '../../test/harness';
import { refusal } from '../../test/http';
import { makePng } from '../../png';
import { PNG } from './quotes.test-fixtures';
import { batchOf, daysBetween, reportRow, suggestDoa } from './doa';

const DAY = 86_400_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** An RMA ticket for a (new) customer's unit of a product. */
async function rmaTicket(harness: Harness, unit: Parameters<typeof asset>[2] = {}) {
  const owner = await customer(harness);
  const machine = await asset(harness, owner.id, unit);
  const { ticket } = await harness.services.tickets.createTicket(harness.admin, { customerId: owner.id, assetId: machine.id, channel: 'phone', type: 'rma', description: '寄修：无法开机' });
  return { owner, machine, ticket };
}

const receive = { carrier: 'sf' as const, trackingNumber: 'SF1400000001', condition: '外壳轻微划痕', accessories: ['电源适配器', '数据线'] };

describe('mail-in repair (RMA)', () => {
  it('C3: the warranty is decided from the proof of purchase with the asset’s warranty engine, the rule that decided it is shown, and the ticket’s warranty follows', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-20T02:00:00Z') });
    const product = await h.services.assets.createProduct(h.admin, { name: '扫地机器人 R7', warrantyMonths: 12, warrantyBasis: 'purchase' });
    // The asset on file has no purchase date; the customer's invoice says 2026-03-10.
    const { ticket, machine } = await rmaTicket(h, { productId: product.id });
    const invoice = await h.services.files.attach(h.admin, { type: 'asset', id: machine.id, purpose: 'proof_of_purchase' }, { stream: Readable.from(makePng()), fileName: '发票.png', declaredType: 'image/png' });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).warranty).toBe('unknown');
    const billing = h.services.billing;

    let rma = await billing.receiveRma(h.admin, ticket.id, receive);
    expect(rma).toMatchObject({ stage: 'received', received: { carrier: 'sf', trackingNumber: 'SF1400000001', accessories: ['电源适配器', '数据线'] }, next: ['decide_warranty'] });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).status).toBe('accepted');

    rma = await billing.decideRmaWarranty(h.admin, ticket.id, { purchasedOn: '2026-03-10', proofAttachmentId: invoice.id });
    expect(rma.warranty).toMatchObject({
      state: 'in',
      reason: 'within_period',
      basis: 'purchase',
      startsOn: '2026-03-10',
      endsOn: '2027-03-09',
      months: 12,
      purchasedOn: '2026-03-10',
      proofAttachmentId: invoice.id,
      decidedOn: '2026-11-20',
    });
    expect(rma.quoteRequired).toBe(false);
    const after = await h.services.tickets.getTicket(h.admin, ticket.id);
    expect(after).toMatchObject({ warranty: 'in', warrantyReason: 'within_period', warrantyEndsOn: '2027-03-09' });

    // A proof showing an older purchase: out of warranty, the rule says expired.
    rma = await billing.decideRmaWarranty(h.admin, ticket.id, { purchasedOn: '2025-10-01' });
    expect(rma.warranty).toMatchObject({ state: 'out', reason: 'expired', endsOn: '2026-09-30' });
    expect(rma.quoteRequired).toBe(true);
    // E1: damage caused by people is never covered, whatever the dates.
    rma = await billing.decideRmaWarranty(h.admin, ticket.id, { purchasedOn: '2026-03-10', humanDamage: true });
    expect(rma.warranty).toMatchObject({ state: 'out', reason: 'human_damage' });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).warranty).toBe('out');
  });

  it('C3: an out-of-warranty unit is not repaired before the customer approved its estimate; once approved it is', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-20T02:00:00Z') });
    const { ticket } = await rmaTicket(h, { purchasedOn: '2024-01-01', warrantyMonths: 12 });
    const billing = h.services.billing;
    await billing.receiveRma(h.admin, ticket.id, receive);
    const rma = await billing.decideRmaWarranty(h.admin, ticket.id, {});
    expect(rma.warranty).toMatchObject({ state: 'out', reason: 'expired' });

    expect(await refusal(billing.repairRma(h.admin, ticket.id, { outcome: 'repaired' }))).toMatchObject({ code: 'QUOTE_NOT_APPROVED' });
    expect((await billing.getRma(h.admin, ticket.id)).stage).toBe('warranty_decided');
    // An estimate sent and not yet decided is not an approval; a declined one neither.
    const estimate = await billing.createQuote(h.admin, ticket.id, { lines: [{ kind: 'labour', description: '主板维修', quantity: 1, unitPriceFen: 350_00 }] });
    expect(await refusal(billing.repairRma(h.admin, ticket.id, { outcome: 'replaced', replacementSerial: 'NEW-1' }))).toMatchObject({ code: 'QUOTE_NOT_APPROVED' });

    await billing.decideQuote(h.admin, estimate.id, { decision: 'approved', signature: { signerName: '李先生', png: PNG } });
    expect((await billing.repairRma(h.admin, ticket.id, { outcome: 'repaired' })).stage).toBe('repaired');
  });

  it('C3: an in-warranty unit walks received → warranty → repaired → QC (a failure goes back to repair) → shipped back → closed, the ticket’s status and clocks following', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-20T02:00:00Z') });
    const { ticket } = await rmaTicket(h, { purchasedOn: '2026-06-01' });
    const billing = h.services.billing;
    const bench = await technician(h);
    const status = async () => (await h!.services.tickets.getTicket(h!.admin, ticket.id)).status;

    await billing.receiveRma(h.admin, ticket.id, { ...receive, lotNumber: 'L2605' });
    await billing.decideRmaWarranty(h.admin, ticket.id, {});
    // Steps out of order are refused with a stable code.
    expect(await refusal(billing.shipRma(h.admin, ticket.id, { carrier: 'sf', trackingNumber: 'SF1' }))).toMatchObject({ code: 'STEP_NOT_ALLOWED' });
    expect(await refusal(billing.qcRma(h.admin, ticket.id, { passed: true }))).toMatchObject({ code: 'STEP_NOT_ALLOWED' });
    expect(await refusal(billing.receiveRma(h.admin, ticket.id, receive))).toMatchObject({ code: 'STEP_NOT_ALLOWED' });

    h.clock.advance(DAY);
    let rma = await billing.repairRma(h.admin, ticket.id, { outcome: 'repaired', technicianId: bench.id, note: '更换主板电容' });
    expect(rma.outcome).toMatchObject({ outcome: 'repaired' });
    expect(await status()).toBe('in_progress');

    rma = await billing.qcRma(h.admin, ticket.id, { passed: false, note: '充电异常' });
    expect(rma).toMatchObject({ stage: 'warranty_decided', outcome: null, qc: { rounds: 1, failures: 1 }, next: ['decide_warranty', 'repair'] });
    await billing.repairRma(h.admin, ticket.id, { outcome: 'repaired' });
    rma = await billing.qcRma(h.admin, ticket.id, { passed: true });
    expect(rma).toMatchObject({ stage: 'qc_passed', qc: { rounds: 2, failures: 1 } });

    expect(await refusal(billing.shipRma(h.admin, ticket.id, { carrier: 'sf', trackingNumber: '  ' }))).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['body.trackingNumber'] });
    rma = await billing.shipRma(h.admin, ticket.id, { carrier: 'sf', trackingNumber: 'SF1400000099' });
    expect(rma.shipped).toMatchObject({ carrier: 'sf', trackingNumber: 'SF1400000099' });
    expect(await status()).toBe('completed');
    rma = await billing.closeRma(h.admin, ticket.id, {});
    expect(rma.stage).toBe('closed');
    expect(await status()).toBe('closed');
    expect(rma.steps.map((s) => s.step)).toEqual(['received', 'warranty_decided', 'repaired', 'qc', 'repaired', 'qc', 'shipped', 'closed']);

    const clocks = await h.services.sla.clocksOf(h.admin, ticket.id);
    expect(clocks.length).toBeGreaterThan(0);
    expect(clocks.every((c) => c.state !== 'running')).toBe(true);

    // A customer follows the unit, without the staff's notes.
    const me = await h.actorWithRole('customer', { customerId: (await h.services.tickets.getTicket(h.admin, ticket.id)).customer.id });
    const seen = await h.services.tickets.findEvents(me, ticket.id);
    const rmaSteps = seen.filter((e) => e.type === 'rma');
    expect(rmaSteps.map((e) => (e.details as { step: string }).step)).toEqual(['received', 'warranty_decided', 'repaired', 'repaired', 'qc', 'shipped', 'closed']);
    expect(JSON.stringify(rmaSteps)).not.toContain('更换主板电容');
    expect(JSON.stringify(rmaSteps)).toContain('SF1400000099');
  });

  it('C3: a ticket that is not an RMA takes no RMA step', async () => {
    h = await createHarness();
    const owner = await customer(h);
    const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: owner.id, channel: 'phone', description: '上门维修' });
    expect(await refusal(h.services.billing.receiveRma(h.admin, ticket.id, receive))).toMatchObject({ code: 'STEP_NOT_ALLOWED' });
  });
});

describe('dead on arrival (C5)', () => {
  it('C5: a unit failing within 15 days of installation is suggested DOA on receipt, confirmed by staff with the fault; a product may have its own days', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-20T02:00:00Z') });
    const billing = h.services.billing;
    const product = await h.services.assets.createProduct(h.admin, { name: '净水器 P3' });
    // Installed on 6 November, reported on 20 November: day 14 of 15.
    const early = await rmaTicket(h, { productId: product.id, purchasedOn: '2026-11-01', installedOn: '2026-11-06' });
    let rma = await billing.receiveRma(h.admin, early.ticket.id, receive);
    expect(rma.doa).toMatchObject({ suggested: true, basis: 'installation', daysAfter: 14, limitDays: 15, confirmed: false });
    expect(await refusal(billing.markDoa(h.admin, early.ticket.id, { doa: true }))).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['body.fault'] });
    rma = await billing.markDoa(h.admin, early.ticket.id, { doa: true, fault: '开机漏水', lotNumber: 'P3-2610' });
    expect(rma.doa).toMatchObject({ confirmed: true, fault: '开机漏水' });
    expect(rma.batch).toMatchObject({ lotNumber: 'P3-2610' });

    // Installed on 1 November: day 19, not DOA by default; with the product's own 20 days it is.
    const late = await rmaTicket(h, { productId: product.id, installedOn: '2026-11-01' });
    expect((await billing.receiveRma(h.admin, late.ticket.id, receive)).doa).toMatchObject({ suggested: false, daysAfter: 19, limitDays: 15 });
    expect(await billing.setProductDoaDays(h.admin, product.id, 20)).toMatchObject({ doaDays: 20, effectiveDays: 20 });
    const later = await rmaTicket(h, { productId: product.id, installedOn: '2026-11-01' });
    expect((await billing.receiveRma(h.admin, later.ticket.id, receive)).doa).toMatchObject({ suggested: true, daysAfter: 19, limitDays: 20 });
    // Without an installation date the delivery (purchase) date counts.
    const delivered = await rmaTicket(h, { purchasedOn: '2026-11-10' });
    expect((await billing.receiveRma(h.admin, delivered.ticket.id, receive)).doa).toMatchObject({ suggested: true, basis: 'delivery', daysAfter: 10 });
    // An asset with no dates: the proof of purchase dates the delivery when the warranty is decided.
    const undated = await rmaTicket(h);
    expect((await billing.receiveRma(h.admin, undated.ticket.id, receive)).doa).toMatchObject({ suggested: false, basis: null });
    expect((await billing.decideRmaWarranty(h.admin, undated.ticket.id, { purchasedOn: '2026-11-12' })).doa).toMatchObject({ suggested: true, basis: 'delivery', daysAfter: 8 });
  });

  it('C5: the month’s report gives received, repair success and the DOA count and rate per product and per batch, on the organisation’s month', async () => {
    h = await createHarness({ clock: fixedClock('2026-10-31T15:30:00Z') });
    const billing = h.services.billing;
    const a = await h.services.assets.createProduct(h.admin, { name: '净水器 P3' });
    const b = await h.services.assets.createProduct(h.admin, { name: '扫地机器人 R7' });
    // 31 October 23:30 in Shanghai is still October: not counted in November.
    const october = await rmaTicket(h, { productId: a.id, installedOn: '2026-10-25' });
    await billing.receiveRma(h.admin, october.ticket.id, { ...receive, lotNumber: 'L1' });
    h.clock.set('2026-10-31T16:30:00Z'); // 1 November 00:30 in Shanghai

    const units: { product: string; lot: string | null; doa: boolean; outcome: 'repaired' | 'not_repairable' | null }[] = [
      { product: a.id, lot: 'L1', doa: true, outcome: 'repaired' },
      { product: a.id, lot: 'L1', doa: true, outcome: 'not_repairable' },
      { product: a.id, lot: 'L1', doa: false, outcome: 'repaired' },
      { product: a.id, lot: 'L2', doa: false, outcome: null },
      { product: b.id, lot: null, doa: true, outcome: 'repaired' },
      { product: b.id, lot: null, doa: false, outcome: 'repaired' },
      { product: b.id, lot: null, doa: false, outcome: 'repaired' },
    ];
    for (const u of units) {
      const { ticket } = await rmaTicket(h, { productId: u.product, purchasedOn: '2026-10-20' });
      await billing.receiveRma(h.admin, ticket.id, { ...receive, ...(u.lot ? { lotNumber: u.lot } : { serialFrom: 'R7-1000', serialTo: 'R7-1999' }) });
      if (u.doa) await billing.markDoa(h.admin, ticket.id, { doa: true, fault: '开机无反应' });
      if (u.outcome) {
        await billing.decideRmaWarranty(h.admin, ticket.id, {});
        await billing.repairRma(h.admin, ticket.id, { outcome: u.outcome });
      }
    }
    const report = await billing.rmaMonthlyReport(h.admin, '2026-11');
    expect(report.total).toEqual({ received: 7, decided: 6, succeeded: 5, repairSuccessBp: 8333, doa: 3, doaRateBp: 4286 });
    expect(report.byProduct).toEqual([
      { productId: a.id, productName: '净水器 P3', received: 4, decided: 3, succeeded: 2, repairSuccessBp: 6667, doa: 2, doaRateBp: 5000 },
      { productId: b.id, productName: '扫地机器人 R7', received: 3, decided: 3, succeeded: 3, repairSuccessBp: 10_000, doa: 1, doaRateBp: 3333 },
    ]);
    expect(report.byBatch.map((r) => [r.productName, r.batch, r.received, r.doa, r.doaRateBp])).toEqual([
      ['净水器 P3', 'L1', 3, 2, 6667],
      ['净水器 P3', 'L2', 1, 0, 0],
      ['扫地机器人 R7', 'R7-1000~R7-1999', 3, 1, 3333],
    ]);
    expect((await billing.rmaMonthlyReport(h.admin, '2026-10')).total.received).toBe(1);
  });

  it('C5: the DOA rule is the days from installation, else delivery, to the fault, at most the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: -5, max: 60 }), fc.integer({ min: 0, max: 60 }), (offset, after, limit) => {
        const start = new Date(Date.UTC(2026, 0, 1) + offset * DAY).toISOString().slice(0, 10);
        const failed = new Date(Date.UTC(2026, 0, 1) + (offset + after) * DAY).toISOString().slice(0, 10);
        const s = suggestDoa({ installedOn: start, deliveredOn: null }, failed, limit);
        expect(s.daysAfter).toBe(after);
        expect(s.suggested).toBe(after >= 0 && after <= limit);
        expect(daysBetween(start, failed)).toBe(after);
      }),
    );
    expect(suggestDoa({ installedOn: null, deliveredOn: null }, '2026-11-20', 15)).toMatchObject({ suggested: false, basis: null });
    expect(batchOf({ lotNumber: null, serialFrom: 'A1', serialTo: null })).toBe('A1~');
    expect(reportRow([])).toEqual({ received: 0, decided: 0, succeeded: 0, repairSuccessBp: null, doa: 0, doaRateBp: null });
  });
});

describe('advance replacement', () => {
  it('ships a replacement against a deposit before the faulty unit comes back; its arrival closes it; an overdue one is listed', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-20T02:00:00Z') });
    const billing = h.services.billing;
    const { ticket } = await rmaTicket(h, { purchasedOn: '2026-11-10' });
    const waiting = await rmaTicket(h, { purchasedOn: '2026-11-10' });

    let rma = await billing.shipAdvanceReplacement(h.admin, ticket.id, { carrier: 'sf', trackingNumber: 'SF2', replacementSerial: 'NEW-0001', depositFen: 500_00 });
    expect(rma.stage).toBe('registered');
    expect(rma.advance).toMatchObject({ replacementSerial: 'NEW-0001', depositFen: 50_000, dueOn: '2026-12-05', returnedAt: null, overdue: false });
    expect(await refusal(billing.shipAdvanceReplacement(h.admin, ticket.id, { carrier: 'sf', trackingNumber: 'SF3', replacementSerial: 'NEW-0002', depositFen: 0 }))).toMatchObject({ code: 'ALREADY_POSTED' });
    await billing.shipAdvanceReplacement(h.admin, waiting.ticket.id, { carrier: 'jd', trackingNumber: 'JD9', replacementSerial: 'NEW-0003', depositFen: 300_00 });

    h.clock.advance(5 * DAY);
    rma = await billing.receiveRma(h.admin, ticket.id, receive);
    expect(rma.advance!.returnedAt).not.toBeNull();
    expect(rma.steps.map((s) => s.step)).toEqual(['advance_shipped', 'received', 'advance_closed']);

    expect(await billing.overdueAdvanceReplacements(h.admin)).toEqual([]);
    h.clock.set('2026-12-07T02:00:00Z');
    const overdue = await billing.overdueAdvanceReplacements(h.admin);
    expect(overdue).toEqual([expect.objectContaining({ ticketId: waiting.ticket.id, replacementSerial: 'NEW-0003', depositFen: 30_000, dueOn: '2026-12-05', daysOverdue: 2 })]);
    expect((await billing.getRma(h.admin, waiting.ticket.id)).advance!.overdue).toBe(true);
  });
});
