import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { customer, dispatchedTicket, reportedTicket } from '../../test/fixtures';
import { caller, fieldsOf, fileUpload, refusal } from '../../test/http';
import { chargeTicket, vanWithPart } from './money.test-fixtures';
import { ageingColumns, columnOf, daysSince } from './receivables-ageing';

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5d8a9e60000000049454e44ae426082', 'hex');

async function login(harness: AppHarness, username: string) {
  const r = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Harness-key-4821' } });
  return r.json().token as string;
}

describe('payments and refunds', () => {
  it('records part payments and a refund on a charged ticket; the account and the history follow', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-26T02:00:00Z') });
    const cashier = await h.actorWithRole('finance', { name: '财务小周' });
    const api = caller(h.app, await login(h, cashier.username));
    const ticket = await dispatchedTicket(h);
    await chargeTicket(h, ticket.id, 1_234_50);

    const first = await api('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: 1_000_00, method: 'wechat_pay', reference: '4200001234' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ amountFen: 1_000_00, method: 'wechat_pay', reference: '4200001234', refund: false, receivedBy: { id: cashier.userId, name: '财务小周' }, receivedAt: '2026-11-26T02:00:00.000Z' });
    expect((await api('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: 234_50, method: 'cash' })).statusCode).toBe(201);
    const refund = await api('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: -50_00, method: 'cash', reason: '少收零头退回' });
    expect(refund.statusCode).toBe(201);
    expect(refund.json()).toMatchObject({ amountFen: -50_00, refund: true, reason: '少收零头退回' });

    const listed = (await api('GET', `/api/v1/tickets/${ticket.id}/payments`)).json();
    expect(listed).toMatchObject({ chargedFen: 1_234_50, collectedFen: 1_184_50, outstandingFen: 50_00 });
    expect(listed.items.map((p: { amountFen: number }) => p.amountFen)).toEqual([1_000_00, 234_50, -50_00]);

    const money = (await api('GET', `/api/v1/tickets/${ticket.id}/money`)).json();
    expect(money).toMatchObject({ chargedFen: 1_234_50, collectedFen: 1_184_50, outstandingFen: 50_00, costsFen: 0, netProfitFen: 1_184_50 });

    // The history has the payments; a customer sees them, without the refund's reason.
    const events = await h.services.tickets.findEvents(h.admin, ticket.id);
    expect(events.filter((e: { type: string }) => e.type === 'payment')).toHaveLength(3);
    const owner = caller(h.app, await h.tokenFor('customer', { customerId: ticket.customerId }));
    const seen = (await owner('GET', `/api/v1/tickets/${ticket.id}/events`)).json();
    const theirs = (seen.items ?? seen).filter((e: { type: string }) => e.type === 'payment');
    expect(theirs.map((e: { details: { amountFen: number } }) => e.details.amountFen)).toEqual([1_000_00, 234_50, -50_00]);
    expect(JSON.stringify(theirs)).not.toContain('少收零头退回');
    expect((await owner('GET', `/api/v1/tickets/${ticket.id}/payments`)).statusCode).toBe(403);
  });

  it('refuses a refund beyond what was paid, a payment on a cancelled ticket, and bad amounts; a refused payment writes nothing', async () => {
    h = await createAppHarness();
    const api = caller(h.app, await h.tokenFor('finance'));
    const ticket = await dispatchedTicket(h);
    await chargeTicket(h, ticket.id, 500_00);
    await api('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: 300_00, method: 'card' });

    const tooMuch = await api('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: -300_01, method: 'card', reason: '退款' });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.headers['content-type']).toContain('application/problem+json');
    expect(tooMuch.json()).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', paidFen: 300_00 });
    expect(fieldsOf(tooMuch.json())).toEqual(['body.amountFen']);

    for (const [body, field] of [
      [{ amountFen: -100, method: 'cash' }, 'body.reason'],
      [{ amountFen: 10.5, method: 'cash' }, 'body.amountFen'],
      [{ amountFen: 0, method: 'cash' }, 'body.amountFen'],
      [{ amountFen: '100', method: 'cash' }, 'body.amountFen'],
      [{ amountFen: 100, method: 'bitcoin' }, 'body.method'],
      [{ method: 'cash' }, 'body.amountFen'],
    ] as const) {
      const r = await api('POST', `/api/v1/tickets/${ticket.id}/payments`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(r.json().code).toBe('VALIDATION_FAILED');
      expect(fieldsOf(r.json()), JSON.stringify(body)).toContain(field);
      expect(r.json().errors[0].message).toBeTruthy();
    }
    expect((await api('POST', `/api/v1/tickets/00000000-0000-7000-8000-000000000000/payments`, { amountFen: 100, method: 'cash' })).statusCode).toBe(404);

    const cancelled = await reportedTicket(h);
    await chargeTicket(h, cancelled.id, 100_00);
    await api('POST', `/api/v1/tickets/${cancelled.id}/payments`, { amountFen: 30_00, method: 'cash' });
    await h.services.tickets.transition(h.admin, cancelled.id, (await h.services.tickets.getTicket(h.admin, cancelled.id)).version, { action: 'cancel', reason: '客户取消' });
    const onCancelled = await api('POST', `/api/v1/tickets/${cancelled.id}/payments`, { amountFen: 70_00, method: 'cash' });
    expect(onCancelled.statusCode).toBe(409);
    expect(onCancelled.json().code).toBe('TICKET_CANCELLED');
    // The deposit is still paid back.
    expect((await api('POST', `/api/v1/tickets/${cancelled.id}/payments`, { amountFen: -30_00, method: 'cash', reason: '取消退款' })).statusCode).toBe(201);

    // Nothing was written by any refusal: one payment, one event, the account as it was.
    const listed = (await api('GET', `/api/v1/tickets/${ticket.id}/payments`)).json();
    expect(listed).toMatchObject({ collectedFen: 300_00, outstandingFen: 200_00 });
    expect(listed.items).toHaveLength(1);
    expect((await api('GET', `/api/v1/tickets/${cancelled.id}/payments`)).json()).toMatchObject({ collectedFen: 0, outstandingFen: 100_00 });
    const events = await h.services.tickets.findEvents(h.admin, ticket.id);
    expect(events.filter((e: { type: string }) => e.type === 'payment')).toHaveLength(1);
  });

  it('prints a receipt through the PDF pool', async () => {
    h = await createAppHarness();
    const api = caller(h.app, h.adminToken);
    const ticket = await dispatchedTicket(h);
    await chargeTicket(h, ticket.id, 88_00);
    const paid = (await api('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: 88_00, method: 'alipay' })).json();
    // The receipt lists what the ticket was charged, line by line.
    expect((await h.services.billing.receiptOf(h.admin, paid.id)).lines).toEqual([{ description: '维修费', amountFen: 88_00 }]);
    const pdf = await api('GET', `/api/v1/payments/${paid.id}/receipt.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('fapiao', () => {
  it('a request must match the charge; issued with its number and date; reversed by a red-letter row of its own', async () => {
    h = await createAppHarness();
    const api = caller(h.app, await h.tokenFor('finance'));
    const ticket = await dispatchedTicket(h);
    await chargeTicket(h, ticket.id, 1_060_00);
    const url = `/api/v1/tickets/${ticket.id}/invoices`;

    const wrong = await api('POST', url, { kind: 'normal', buyerTitle: '深圳某某科技有限公司', buyerTaxNumber: '91440300MA5ABCDE1X', amountFen: 1_000_00 });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toMatchObject({ code: 'INVOICE_TOTAL_MISMATCH', chargedFen: 1_060_00 });
    const noTax = await api('POST', url, { kind: 'special', buyerTitle: '深圳某某科技有限公司', amountFen: 1_060_00 });
    expect(noTax.statusCode).toBe(400);
    expect(fieldsOf(noTax.json())).toEqual(['body.buyerTaxNumber']);
    expect((await api('POST', url, { kind: 'normal', buyerTitle: 'x', amountFen: -5 })).statusCode).toBe(400);

    const asked = await api('POST', url, { kind: 'special', buyerTitle: '深圳某某科技有限公司', buyerTaxNumber: '91440300MA5ABCDE1X', amountFen: 1_060_00 });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'requested', kind: 'special', amountFen: 1_060_00, number: null });
    expect((await api('POST', url, { kind: 'normal', buyerTitle: '个人', amountFen: 1_060_00 })).json().code).toBe('INVOICE_STATE');

    const issued = await api('POST', `/api/v1/invoices/${asked.json().id}/issue`, { number: '24442000000012345678', issuedOn: '2026-11-27' });
    expect(issued.json()).toMatchObject({ status: 'issued', number: '24442000000012345678', issuedOn: '2026-11-27' });
    expect((await api('POST', `/api/v1/invoices/${asked.json().id}/issue`, { number: '1', issuedOn: '2026-11-27' })).json().code).toBe('INVOICE_STATE');

    const reversal = await api('POST', `/api/v1/invoices/${asked.json().id}/reversal`, { reason: '抬头有误', number: '24442000000012349999', issuedOn: '2026-11-28' });
    expect(reversal.statusCode).toBe(201);
    expect(reversal.json()).toMatchObject({ status: 'reversal', amountFen: -1_060_00, reversesId: asked.json().id, reason: '抬头有误' });
    const all = (await api('GET', url)).json().items;
    expect(all.map((i: { status: string }) => i.status)).toEqual(['reversed', 'reversal']);
    // After the reversal, a new request may be made.
    expect((await api('POST', url, { kind: 'normal', buyerTitle: '深圳某某科技有限公司（更正）', amountFen: 1_060_00 })).statusCode).toBe(201);
  });
});

describe('an order’s costs and net profit (M7)', () => {
  it('M7: net profit is money collected minus the order’s costs (parts at cost, machining, travel, vehicle, tolls)', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-26T02:00:00Z') });
    const tech = await h.actorWithRole('technician', { name: '李师傅' });
    const finance = await h.actorWithRole('finance', { name: '财务小周' });
    const asTech = caller(h.app, await login(h, tech.username));
    const asFinance = caller(h.app, await login(h, finance.username));
    const { part: board } = await vanWithPart(h, tech.userId, { number: 'PCB-7', name: '主控板', costPriceFen: 120_00, retailPriceFen: 260_00 }, 2);
    const ticket = await dispatchedTicket(h, { technicianId: tech.userId });
    await h.services.parts.consumeParts(tech, ticket.id, { lines: [{ partId: board.id, quantity: 2 }] });
    await chargeTicket(h, ticket.id, 1_860_00);

    // The technician enters the job's costs: pending until finance approves.
    const entered: Record<string, string> = {};
    for (const [kind, amountFen] of [
      ['machining', 150_00],
      ['travel', 80_00],
      ['vehicle', 60_00],
      ['tolls', 35_50],
      ['other', 50_00],
    ] as const) {
      const r = await asTech('POST', `/api/v1/tickets/${ticket.id}/costs`, { kind, amountFen, note: `${kind} 票据` });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ kind, amountFen, status: 'pending', enteredBy: { id: tech.userId } });
      entered[kind] = r.json().id;
    }
    // …each with a photo of its receipt; not a text file.
    const upload = fileUpload(PNG, 'toll.png', 'image/png');
    const withReceipt = await asTech('POST', `/api/v1/costs/${entered.tolls}/receipt`, upload.payload, { headers: { 'content-type': upload.contentType } });
    expect(withReceipt.statusCode).toBe(200);
    expect(withReceipt.json().receiptId).toBeTruthy();
    const text = fileUpload(Buffer.from('not a photo'), 'x.txt', 'text/plain');
    expect((await asTech('POST', `/api/v1/costs/${entered.travel}/receipt`, text.payload, { headers: { 'content-type': text.contentType } })).json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect((await asFinance('GET', `/api/v1/attachments/${withReceipt.json().receiptId}/content`)).statusCode).toBe(200);

    // The technician may neither approve nor see the money.
    expect((await asTech('POST', `/api/v1/costs/${entered.machining}/approve`)).statusCode).toBe(403);
    expect((await asTech('GET', `/api/v1/tickets/${ticket.id}/money`)).statusCode).toBe(403);

    // Pending costs do not count yet: parts at cost only.
    let money = (await asFinance('GET', `/api/v1/tickets/${ticket.id}/money`)).json();
    expect(money).toMatchObject({ partsCostFen: 240_00, enteredCostsFen: 0, pendingCostsFen: 375_50, costsFen: 240_00 });

    const queue = (await asFinance('GET', '/api/v1/costs?status=pending')).json().items;
    expect(queue.map((c: { kind: string }) => c.kind)).toEqual(['machining', 'travel', 'vehicle', 'tolls', 'other']);
    // Approving from a stale read is refused with the cost's own version.
    const stale = await asFinance('POST', `/api/v1/costs/${entered.machining}/approve`, undefined, { ifMatch: 7 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 1 });
    for (const kind of ['machining', 'travel', 'vehicle', 'tolls'] as const) expect((await asFinance('POST', `/api/v1/costs/${entered[kind]}/approve`)).json().status).toBe('approved');
    const rejected = await asFinance('POST', `/api/v1/costs/${entered.other}/reject`, { reason: '无票据' });
    expect(rejected.json()).toMatchObject({ status: 'rejected', rejectReason: '无票据', decidedBy: { id: finance.userId } });
    expect((await asFinance('POST', `/api/v1/costs/${entered.other}/approve`)).json().code).toBe('COST_DECIDED');

    // Paid in two parts.
    await asFinance('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: 1_000_00, method: 'bank_transfer', reference: 'TX-88' });
    await asFinance('POST', `/api/v1/tickets/${ticket.id}/payments`, { amountFen: 860_00, method: 'wechat_pay' });

    // Costs: parts 2 × ¥120.00 + machining ¥150.00 + travel ¥80.00 + vehicle ¥60.00 + tolls ¥35.50 = ¥565.50.
    money = (await asFinance('GET', `/api/v1/tickets/${ticket.id}/money`)).json();
    expect(money).toEqual({
      chargedFen: 1_860_00,
      collectedFen: 1_860_00,
      outstandingFen: 0,
      costsFen: 565_50,
      enteredCostsFen: 325_50,
      partsCostFen: 240_00,
      pendingCostsFen: 0,
      netProfitFen: 1_294_50,
    });

    // Finance's own entry is approved at once.
    const own = await asFinance('POST', `/api/v1/tickets/${ticket.id}/costs`, { kind: 'shipping', amountFen: 20_00 });
    expect(own.json()).toMatchObject({ status: 'approved', decidedBy: { id: finance.userId } });
    expect((await asFinance('GET', `/api/v1/tickets/${ticket.id}/money`)).json().netProfitFen).toBe(1_274_50);

    // What the pay work reads.
    expect(await h.services.billing.ordersMoney(finance, [ticket.id])).toEqual([{ ticketId: ticket.id, collectedFen: 1_860_00, costsFen: 585_50, outstandingFen: 0, netProfitFen: 1_274_50, repairWarrantyEndsOn: '2027-02-26' }]);
    const period = await h.services.billing.periodMoney(finance, { from: new Date('2026-11-01T00:00:00+08:00'), to: new Date('2026-12-01T00:00:00+08:00') });
    expect(period).toEqual([{ ticketId: ticket.id, collectedFen: 1_860_00, costsFen: 585_50, outstandingFen: 0, netProfitFen: 1_274_50, repairWarrantyEndsOn: '2027-02-26', collectedInPeriodFen: 1_860_00 }]);

    // The costs export.
    const xlsx = await asFinance('GET', '/api/v1/costs/export.xlsx?month=2026-11');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(7);

    // Bad input for costs.
    for (const body of [{ kind: 'machining', amountFen: -1 }, { kind: 'machining', amountFen: 1.5 }, { kind: 'lunch', amountFen: 100 }]) {
      const r = await asTech('POST', `/api/v1/tickets/${ticket.id}/costs`, body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    // A customer sees payments in the history, never costs or money.
    const owner = caller(h.app, await h.tokenFor('customer', { customerId: ticket.customerId }));
    expect((await owner('GET', `/api/v1/tickets/${ticket.id}/money`)).statusCode).toBe(403);
    expect((await owner('GET', `/api/v1/tickets/${ticket.id}/costs`)).statusCode).toBe(403);
  });
});

describe('receivables', () => {
  it('ages what is owed on the organisation’s day: a charge late on 31 October in Shanghai is a day older than its UTC date says', () => {
    const now = new Date('2026-11-30T17:00:00Z'); // 1 December, 01:00 in Shanghai
    expect(daysSince(new Date('2026-10-31T16:30:00Z'), now, 'Asia/Shanghai')).toBe(30); // 1 November 00:30 local
    expect(daysSince(new Date('2026-10-31T15:30:00Z'), now, 'Asia/Shanghai')).toBe(31); // 31 October 23:30 local → 31 days
    expect(daysSince(new Date('2026-10-31T15:30:00Z'), now, 'UTC')).toBe(30);
    expect(ageingColumns([30, 60, 90])).toEqual([
      { index: 0, fromDays: 0, toDays: 30 },
      { index: 1, fromDays: 31, toDays: 60 },
      { index: 2, fromDays: 61, toDays: 90 },
      { index: 3, fromDays: 91, toDays: null },
    ]);
    expect([0, 30, 31, 60, 61, 90, 91, 400].map((d) => columnOf(d, [30, 60, 90]))).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });

  it('lists tickets with money owed, oldest first, keyset-paged, filtered, with ageing columns on the organisation’s day and per-customer totals', async () => {
    const clock = fixedClock('2026-12-01T01:00:00Z'); // 1 December 09:00 in Shanghai
    h = await createAppHarness({ clock });
    const api = caller(h.app, await h.tokenFor('finance'));
    const a = await customer(h, { name: '甲公司' });
    const b = await customer(h, { name: '乙公司' });
    const charge = async (customerId: string, fen: number, at: string, paid = 0) => {
      const t = await dispatchedTicket(h!, { customerId });
      await chargeTicket(h!, t.id, fen, new Date(at));
      if (paid) await h!.services.billing.recordPayment(h!.admin, t.id, { amountFen: paid, method: 'cash' });
      return t;
    };
    // 1 December (Shanghai) minus 30 days is 1 November: a charge at 00:30 local on 1 November is 30 days old (column 0)…
    const edgeIn = await charge(a.id, 100_00, '2026-10-31T16:30:00Z');
    // …one at 23:30 local on 31 October is 31 days old (column 1), though both fall on 31 October in UTC.
    const edgeOut = await charge(a.id, 200_00, '2026-10-31T15:30:00Z');
    const old = await charge(b.id, 300_00, '2026-08-01T02:00:00Z', 100_00); // 122 days: over 90
    await charge(b.id, 50_00, '2026-11-20T02:00:00Z', 50_00); // paid in full: not listed
    const recent = await charge(b.id, 400_00, '2026-11-30T02:00:00Z');

    const page1 = (await api('GET', '/api/v1/receivables?limit=2')).json();
    expect(page1.items.map((i: { ticketId: string }) => i.ticketId)).toEqual([old.id, edgeOut.id]);
    expect(page1.items[0]).toMatchObject({ customerName: '乙公司', chargedFen: 300_00, collectedFen: 100_00, outstandingFen: 200_00, days: 122, ageing: 3 });
    expect(page1.items[1]).toMatchObject({ days: 31, ageing: 1 });
    const page2 = (await api('GET', `/api/v1/receivables?limit=2&after=${page1.next}`)).json();
    expect(page2.items.map((i: { ticketId: string }) => i.ticketId)).toEqual([edgeIn.id, recent.id]);
    expect(page2.items[0]).toMatchObject({ days: 30, ageing: 0 });
    expect(page2.next).toBeNull();

    expect((await api('GET', '/api/v1/receivables?ageing=0')).json().items.map((i: { ticketId: string }) => i.ticketId)).toEqual([edgeIn.id, recent.id]);
    expect((await api('GET', '/api/v1/receivables?ageing=1')).json().items.map((i: { ticketId: string }) => i.ticketId)).toEqual([edgeOut.id]);
    expect((await api('GET', `/api/v1/receivables?customerId=${a.id}`)).json().items).toHaveLength(2);
    // Charged in October on the organisation's calendar: only the 23:30 one.
    expect((await api('GET', '/api/v1/receivables?chargedMonth=2026-10')).json().items.map((i: { ticketId: string }) => i.ticketId)).toEqual([edgeOut.id]);
    expect((await api('GET', '/api/v1/receivables?chargedMonth=2026-13')).statusCode).toBe(400);
    expect((await api('GET', '/api/v1/receivables?after=garbage')).statusCode).toBe(400);

    const summary = (await api('GET', '/api/v1/receivables/summary')).json();
    expect(summary).toMatchObject({ day: '2026-12-01', totalFen: 900_00, tickets: 4 });
    expect(summary.columns.map((c: { outstandingFen: number }) => c.outstandingFen)).toEqual([500_00, 200_00, 0, 200_00]);
    expect(summary.customers).toEqual([
      { customerId: b.id, customerName: '乙公司', tickets: 2, outstandingFen: 600_00, byAgeing: [400_00, 0, 0, 200_00] },
      { customerId: a.id, customerName: '甲公司', tickets: 2, outstandingFen: 300_00, byAgeing: [100_00, 200_00, 0, 0] },
    ]);

    const xlsx = await api('GET', '/api/v1/receivables/export.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.rowCount).toBe(5);

    // Not for the service desk.
    expect((await caller(h.app, await h.tokenFor('hotline_agent'))('GET', '/api/v1/receivables')).statusCode).toBe(403);
    void refusal;
  });
});
