import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, fixedClock, type Harness } from '../../test/harness';
import { asset, customer, technician } from '../../test/fixtures';
import { refusal } from '../../test/http';
import { findAccount } from './accounts.repository';
import { PNG } from './quotes.test-fixtures';

/*
 * The seed's money rules on quotes and charges, with its numbers: labour ¥800 per person-day
 * (¥120 per hour), a part at ¥300 retail, ¥240 contract, ¥220 agreed with one customer; out of
 * city travel ¥3 per km; 10 % off a booked appointment (W3).
 */

const DAY = 86_400_000;

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A ticket on a machine bought `purchasedOn` (in warranty when recent, out when years ago). */
async function ticketOn(harness: Harness, options: { purchasedOn: string; type?: 'repair' | 'rma'; humanDamage?: boolean; customerId?: string }) {
  const owner = options.customerId ?? (await customer(harness)).id;
  const machine = await asset(harness, owner, { kind: 'equipment', purchasedOn: options.purchasedOn });
  const { ticket } = await harness.services.tickets.createTicket(harness.admin, {
    customerId: owner,
    assetId: machine.id,
    channel: 'phone',
    description: '设备无法开机',
    type: options.type ?? 'repair',
    ...(options.humanDamage ? { humanDamage: true } : {}),
  });
  return { ticket, customerId: owner };
}

/** A part of the catalogue (the parts module's own service). */
let partNo = 0;
const part = (harness: Harness, prices: { retailPriceFen: number; contractPriceFen?: number }) =>
  harness.services.parts.createPart(harness.admin, { number: `Q-${++partNo}`, name: '压缩机电容', category: '电气件', unit: '个', costPriceFen: 120_00, ...prices });

const IN = '2026-06-01';
const OUT = '2019-01-01';

async function act(harness: Harness, ticketId: string, action: string, more: Record<string, unknown> = {}) {
  const current = await harness.services.tickets.getTicket(harness.admin, ticketId);
  return harness.services.tickets.transition(harness.admin, ticketId, current.version, { action: action as never, ...more });
}

const labour = (quantity = 2) => ({ kind: 'labour' as const, description: '维修人工', quantity, unitPriceFen: 800_00, unit: 'person_day' as const });

describe('pricing a quote', () => {
  it('E7: after warranty labour is charged per person-day at the rate (or the contract’s), in-city travel is free, out of city per km', async () => {
    h = await createHarness();
    const billing = h.services.billing;
    const { ticket } = await ticketOn(h, { purchasedOn: OUT });
    const quote = await billing.createQuote(h.admin, ticket.id, {
      lines: [labour(2), { kind: 'travel', description: '市内交通', quantity: 1, unitPriceFen: 50_00 }, { kind: 'travel', description: '去东莞', quantity: 60, unitPriceFen: 0, outOfCity: true }],
    });
    expect(quote.lines.map((l) => [l.rule, l.amountFen])).toEqual([
      ['rate', 1600_00],
      ['in_city', 0],
      ['travel_per_km', 180_00],
    ]);
    expect(quote.totalFen).toBe(1780_00);
    expect(quote).toMatchObject({ version: 1, status: 'open' });

    // With a contract (R1) that agrees ¥700 per person-day, the contract's rate applies.
    await billing.createContract(h.admin, { customerId: ticket.customerId, number: 'HT-2026-001', dayRateFen: 700_00, hourRateFen: 100_00 });
    const again = await billing.createQuote(h.admin, ticket.id, { lines: [labour(2), { kind: 'labour', description: '调试', quantity: 3, unitPriceFen: 120_00, unit: 'hour' }] });
    expect(again.lines.map((l) => [l.rule, l.unitPriceFen, l.amountFen])).toEqual([
      ['contract_rate', 700_00, 1400_00],
      ['contract_rate', 100_00, 300_00],
    ]);
    // In warranty the same labour and travel cost nothing.
    const covered = await ticketOn(h, { purchasedOn: IN });
    const free = await billing.createQuote(h.admin, covered.ticket.id, { lines: [labour(1), { kind: 'travel', description: '去东莞', quantity: 60, unitPriceFen: 0, outOfCity: true }] });
    expect(free.lines.map((l) => [l.rule, l.amountFen])).toEqual([
      ['warranty', 0],
      ['warranty', 0],
    ]);
  });

  it('E5: parts are free in warranty; after it, at the customer’s contract price (agreed, else the part’s contract price, else retail)', async () => {
    h = await createHarness();
    const billing = h.services.billing;
    const capacitor = await part(h, { retailPriceFen: 300_00, contractPriceFen: 240_00 });
    const agreedWith = await customer(h, { name: '华南检测中心' });
    await h.services.parts.replaceContractPrices(h.admin, capacitor.id, { prices: [{ customerId: agreedWith.id, priceFen: 220_00 }] });
    const line = { kind: 'part' as const, description: '压缩机电容', quantity: 2, unitPriceFen: 300_00, partId: capacitor.id };

    const inWarranty = await ticketOn(h, { purchasedOn: IN, customerId: agreedWith.id });
    expect((await billing.createQuote(h.admin, inWarranty.ticket.id, { lines: [line] })).lines[0]).toMatchObject({ rule: 'warranty', amountFen: 0 });

    const agreed = await ticketOn(h, { purchasedOn: OUT, customerId: agreedWith.id });
    expect((await billing.createQuote(h.admin, agreed.ticket.id, { lines: [line] })).lines[0]).toMatchObject({ rule: 'customer_contract', unitPriceFen: 220_00, amountFen: 440_00 });

    const contracted = await customer(h);
    await billing.createContract(h.admin, { customerId: contracted.id, number: 'HT-2026-002', dayRateFen: 700_00 });
    const withContract = await ticketOn(h, { purchasedOn: OUT, customerId: contracted.id });
    expect((await billing.createQuote(h.admin, withContract.ticket.id, { lines: [line] })).lines[0]).toMatchObject({ rule: 'contract', unitPriceFen: 240_00, amountFen: 480_00 });

    const walkIn = await ticketOn(h, { purchasedOn: OUT });
    expect((await billing.createQuote(h.admin, walkIn.ticket.id, { lines: [line] })).lines[0]).toMatchObject({ rule: 'retail', amountFen: 600_00 });
  });

  it('E1: damage caused by people is billed even in warranty, and the lines say why', async () => {
    h = await createHarness();
    const capacitor = await part(h, { retailPriceFen: 300_00, contractPriceFen: 240_00 });
    const { ticket } = await ticketOn(h, { purchasedOn: IN, humanDamage: true });
    const quote = await h.services.billing.createQuote(h.admin, ticket.id, {
      lines: [labour(1), { kind: 'part', description: '压缩机电容', quantity: 1, unitPriceFen: 300_00, partId: capacitor.id }],
    });
    expect(quote.lines.map((l) => [l.rule, l.amountFen, l.humanDamage])).toEqual([
      ['rate', 800_00, true],
      ['retail', 300_00, true],
    ]);
    expect(quote.totalFen).toBe(1100_00);
  });

  it('W3: a ticket booked through an appointment gets 10 % off labour and parts (not shipping)', async () => {
    h = await createHarness();
    const owner = await customer(h);
    const booking = await h.services.appointments.createSlot(h.admin, { day: '2026-11-30', start: '09:00', end: '11:00', capacity: 4, serviceType: '到店维修' });
    const appointment = await h.services.appointments.book(h.admin, { slotId: booking.id, customerId: owner.id, assetId: null, technicianId: null, requests: ['维修'], channel: 'phone' });
    const { ticket } = await ticketOn(h, { purchasedOn: OUT, customerId: owner.id });
    await h.services.appointments.linkTicket(h.admin, appointment.id, ticket.id);
    const quote = await h.services.billing.createQuote(h.admin, ticket.id, {
      lines: [labour(1), { kind: 'part', description: '滤网', quantity: 1, unitPriceFen: 300_00 }, { kind: 'shipping', description: '运费', quantity: 1, unitPriceFen: 20_00 }],
    });
    expect(quote.bookingDiscountBp).toBe(1_000);
    expect(quote.lines.map((l) => [l.amountFen, l.discounts.map((d) => `${d.rule}:${d.fen}`)])).toEqual([
      [720_00, ['W3:8000']],
      [270_00, ['W3:3000']],
      [20_00, []],
    ]);
    expect(quote.totalFen).toBe(1010_00);
    // Without a booking, nothing off.
    const other = await ticketOn(h, { purchasedOn: OUT, customerId: owner.id });
    expect((await h.services.billing.createQuote(h.admin, other.ticket.id, { lines: [labour(1)] })).totalFen).toBe(800_00);
  });

  it('a call-out the customer caused charges only travel and lodging, and a part at most the contract’s unit price', async () => {
    h = await createHarness();
    const tech = await technician(h);
    const capacitor = await part(h, { retailPriceFen: 300_00, contractPriceFen: 240_00 });
    const owner = await customer(h);
    await h.services.billing.createContract(h.admin, { customerId: owner.id, number: 'HT-2026-003' });
    const { ticket } = await ticketOn(h, { purchasedOn: IN, customerId: owner.id });
    expect(await refusal(h.services.billing.markCustomerCaused(tech.actor, ticket.id, { customerCaused: true }))).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['body.reason'] });
    await h.services.billing.markCustomerCaused(h.admin, ticket.id, { customerCaused: true, reason: '客户自行断电导致报警' });
    const quote = await h.services.billing.createQuote(h.admin, ticket.id, {
      lines: [
        labour(1),
        { kind: 'travel', description: '市内交通', quantity: 1, unitPriceFen: 60_00 },
        { kind: 'lodging', description: '住宿', quantity: 1, unitPriceFen: 200_00 },
        { kind: 'part', description: '压缩机电容', quantity: 1, unitPriceFen: 300_00, partId: capacitor.id },
        { kind: 'other', description: '检测', quantity: 1, unitPriceFen: 100_00 },
      ],
    });
    expect(quote.customerCaused).toBe(true);
    expect(quote.lines.map((l) => [l.kind, l.rule, l.amountFen])).toEqual([
      ['labour', 'customer_caused', 0],
      ['travel', 'customer_caused', 60_00],
      ['lodging', 'customer_caused', 200_00],
      ['part', 'customer_caused_cap', 240_00],
      ['other', 'customer_caused', 0],
    ]);
  });
});

describe('versions, decisions and C3', () => {
  it('C3: an out-of-warranty RMA does not start before its estimate is approved; a new version supersedes the open one, which stays readable', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-27T02:00:00Z') });
    const billing = h.services.billing;
    const tech = await technician(h);
    const { ticket } = await ticketOn(h, { purchasedOn: OUT, type: 'rma' });
    await act(h, ticket.id, 'accept');
    await act(h, ticket.id, 'dispatch', { technicianId: tech.id });
    expect(await refusal(act(h, ticket.id, 'start'))).toMatchObject({ code: 'QUOTE_NOT_APPROVED' });

    const first = await billing.createQuote(h.admin, ticket.id, { lines: [labour(1), { kind: 'shipping', description: '运费', quantity: 1, unitPriceFen: 25_00 }] });
    expect(first.requiresApproval).toBe(true);
    expect(await act(h, ticket.id, 'start').catch((e: unknown) => e)).toMatchObject({ code: 'QUOTE_NOT_APPROVED', params: { version: 1 } });
    const second = await billing.createQuote(h.admin, ticket.id, { lines: [labour(2), { kind: 'shipping', description: '运费', quantity: 1, unitPriceFen: 25_00 }] });
    expect(second.version).toBe(2);
    const versions = await billing.listQuotes(h.admin, ticket.id);
    expect(versions.map((q) => [q.version, q.status, q.totalFen])).toEqual([
      [2, 'open', 1625_00],
      [1, 'superseded', 825_00],
    ]);
    expect(await refusal(billing.decideQuote(h.admin, first.id, { decision: 'approved' }))).toMatchObject({ code: 'QUOTE_SUPERSEDED' });

    const approved = await billing.decideQuote(h.admin, second.id, { decision: 'approved', signature: { signerName: '李先生', png: PNG } });
    expect(approved).toMatchObject({ status: 'approved', decidedVia: 'staff', signature: { signerName: '李先生' } });
    expect(await refusal(billing.decideQuote(h.admin, second.id, { decision: 'declined' }))).toMatchObject({ code: 'QUOTE_DECIDED' });
    await act(h, ticket.id, 'start');
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).status).toBe('in_progress');
    const events = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'quote');
    expect(events.map((e) => (e.details as { kind: string }).kind)).toEqual(['created', 'created', 'decided']);
  });

  it('C3: an estimate past its validity is not approved (QUOTE_EXPIRED); a repair in warranty starts without one', async () => {
    h = await createHarness();
    const tech = await technician(h);
    const { ticket } = await ticketOn(h, { purchasedOn: OUT, type: 'rma' });
    const quote = await h.services.billing.createQuote(h.admin, ticket.id, { lines: [labour(1)] });
    h.clock.advance(15 * DAY);
    expect((await h.services.billing.getQuote(h.admin, quote.id)).status).toBe('expired');
    expect(await refusal(h.services.billing.decideQuote(h.admin, quote.id, { decision: 'approved' }))).toMatchObject({ code: 'QUOTE_EXPIRED' });

    const covered = await ticketOn(h, { purchasedOn: IN, type: 'rma' });
    await act(h, covered.ticket.id, 'accept');
    await act(h, covered.ticket.id, 'dispatch', { technicianId: tech.id });
    await act(h, covered.ticket.id, 'start');
    expect((await h.services.tickets.getTicket(h.admin, covered.ticket.id)).status).toBe('in_progress');
  });

  it('C3: a declined estimate still charges shipping and insurance, and the ticket’s account says so', async () => {
    h = await createHarness();
    const billing = h.services.billing;
    const { ticket, customerId } = await ticketOn(h, { purchasedOn: OUT, type: 'rma' });
    expect(await refusal(billing.chargeTicket(h.admin, ticket.id))).toMatchObject({ code: 'QUOTE_NOT_APPROVED' });
    const quote = await billing.createQuote(h.admin, ticket.id, {
      lines: [
        labour(1),
        { kind: 'part', description: '主板', quantity: 1, unitPriceFen: 1200_00 },
        { kind: 'shipping', description: '顺丰运费', quantity: 2, unitPriceFen: 23_00 },
        { kind: 'insurance', description: '保价', quantity: 1, unitPriceFen: 15_00 },
      ],
    });
    expect(await refusal(billing.chargeTicket(h.admin, ticket.id))).toMatchObject({ code: 'QUOTE_NOT_APPROVED' });
    await billing.decideQuote(h.admin, quote.id, { decision: 'declined' });
    const charge = await billing.chargeTicket(h.admin, ticket.id);
    expect(charge).toMatchObject({ basis: 'declined', totalFen: 61_00 });
    expect(charge.lines.map((l) => [l.no, l.kind, l.amountFen])).toEqual([
      [1, 'shipping', 46_00],
      [2, 'insurance', 15_00],
    ]);
    expect(await findAccount(h.database.db, h.orgId, ticket.id)).toMatchObject({ customerId, chargedFen: 61_00 });
    expect(await refusal(billing.chargeTicket(h.admin, ticket.id))).toMatchObject({ code: 'ALREADY_EXISTS' });
  });
});

describe('the charge', () => {
  it('A6: each line and its cost is explained at delivery and the customer signs; a raised line counts only once the customer approves it', async () => {
    h = await createHarness();
    const billing = h.services.billing;
    const { ticket } = await ticketOn(h, { purchasedOn: OUT });
    const quote = await billing.createQuote(h.admin, ticket.id, {
      lines: [labour(1), { kind: 'part', description: '电源板', quantity: 1, unitPriceFen: 450_00 }, { kind: 'travel', description: '市内交通', quantity: 1, unitPriceFen: 0 }],
    });
    await billing.decideQuote(h.admin, quote.id, { decision: 'approved', signature: { signerName: '王女士', png: PNG } });
    let charge = await billing.chargeTicket(h.admin, ticket.id);
    expect(charge.totalFen).toBe(1250_00);
    const account = () => findAccount(h!.database.db, h!.orgId, ticket.id);
    expect((await account())!.chargedFen).toBe(1250_00);

    // 什么做了就收什么: half a day less labour counts at once…
    charge = await billing.adjustCharge(h.admin, charge.id, { lineNo: 1, kind: 'labour', description: '维修人工', quantity: 0.5, unitPriceFen: 800_00, reason: '半天完成' });
    expect(charge.totalFen).toBe(850_00);
    expect((await account())!.chargedFen).toBe(850_00);
    // …an extra part waits for the customer's signed approval.
    charge = await billing.adjustCharge(h.admin, charge.id, { kind: 'part', description: '保险丝', quantity: 2, unitPriceFen: 5_00, reason: '保险丝烧断' });
    expect(charge).toMatchObject({ totalFen: 850_00, pendingFen: 10_00 });
    expect((await account())!.chargedFen).toBe(850_00);
    const pending = charge.adjustments.find((a) => a.status === 'pending')!;
    expect(await refusal(billing.decideAdjustment(h.admin, charge.id, pending.id, { decision: 'approved' }))).toMatchObject({ code: 'VALIDATION_FAILED', fields: ['body.signature'] });
    charge = await billing.decideAdjustment(h.admin, charge.id, pending.id, { decision: 'approved', signature: { signerName: '王女士', png: PNG } });
    expect(charge).toMatchObject({ totalFen: 860_00, pendingFen: 0 });
    expect((await account())!.chargedFen).toBe(860_00);

    // Every line must be explained before the customer signs.
    expect(charge.lines.map((l) => [l.no, l.description, l.amountFen])).toEqual([
      [1, '维修人工', 400_00],
      [2, '电源板', 450_00],
      [3, '市内交通', 0],
      [4, '保险丝', 10_00],
    ]);
    expect(await refusal(billing.explainCharge(h.admin, charge.id, { explainedLines: [1, 2, 3], signature: { signerName: '王女士', png: PNG } }))).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: ['body.explainedLines'],
    });
    charge = await billing.explainCharge(h.admin, charge.id, { explainedLines: [1, 2, 3, 4], signature: { signerName: '王女士', png: PNG } });
    expect(charge.explanation).toMatchObject({ explainedByName: '系统管理员', signature: { signerName: '王女士' } });
    expect(await refusal(billing.adjustCharge(h.admin, charge.id, { lineNo: 2, kind: 'part', description: '电源板', quantity: 1, unitPriceFen: 1, reason: '改价' }))).toMatchObject({ code: 'ALREADY_POSTED' });
    const kinds = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'charge').map((e) => (e.details as { kind: string }).kind);
    expect(kinds).toEqual(['charged', 'adjusted', 'adjusted', 'adjustment_decided', 'explained']);
  });
});
