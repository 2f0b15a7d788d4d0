import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asset, customer } from '../../test/fixtures';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { caller, fileUpload } from '../../test/http';
import { makePng as png } from '../../png';

let h: AppHarness;
let admin: ReturnType<typeof caller>;

beforeAll(async () => {
  h = await createAppHarness({ clock: fixedClock('2026-11-20T02:00:00Z') });
  admin = caller(h.app, h.adminToken);
});
afterAll(async () => {
  await h?.close();
});

async function rmaTicket(unit: Parameters<typeof asset>[2] = {}) {
  const owner = await customer(h);
  const machine = await asset(h, owner.id, unit);
  const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: owner.id, assetId: machine.id, channel: 'phone', type: 'rma', description: '寄修：屏幕不亮' });
  return { owner, machine, ticket };
}

const upload = (url: string, bytes: Buffer, fileName: string, contentType: string, token = h.adminToken) => {
  const form = fileUpload(bytes, fileName, contentType);
  return caller(h.app, token)('POST', url, form.payload, { headers: { 'content-type': form.contentType } });
};

const receive = { carrier: 'sf', trackingNumber: 'SF1400000001', condition: '包装完好', accessories: ['充电器'] };

describe('the RMA API', () => {
  it('C3: each step over HTTP, in order: photo, receive, warranty, repair, QC, ship, close; GET answers the whole record', async () => {
    const { ticket } = await rmaTicket({ purchasedOn: '2026-05-01' });
    const base = `/api/v1/tickets/${ticket.id}/rma`;
    const empty = await admin('GET', base);
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({ stage: 'registered', next: ['receive'], received: null, photos: [] });

    const photo = await upload(`${base}/photos`, png(), '到货外观.png', 'image/png');
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json()).toMatchObject({ ownerType: 'ticket', ownerId: ticket.id, purpose: 'rma_photo', contentType: 'image/png' });

    const received = await admin('POST', `${base}/receive`, { ...receive, serialFrom: 'X100', serialTo: 'X199' });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json()).toMatchObject({ stage: 'received', photos: [{ id: photo.json().id, fileName: '到货外观.png' }], batch: { serialFrom: 'X100', serialTo: 'X199' } });

    const decided = await admin('POST', `${base}/warranty`, { purchasedOn: '2026-05-01' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().warranty).toMatchObject({ state: 'in', reason: 'within_period', startsOn: '2026-05-01' });

    for (const [step, body] of [
      ['repair', { outcome: 'replaced', replacementSerial: 'X150-NEW' }],
      ['qc', { passed: true }],
      ['ship', { carrier: 'carry_in' }],
      ['close', {}],
    ] as const) {
      const response = await admin('POST', `${base}/${step}`, body);
      expect(response.statusCode, `${step}: ${response.body}`).toBe(200);
    }
    const done = (await admin('GET', base)).json();
    expect(done).toMatchObject({ stage: 'closed', outcome: { outcome: 'replaced', replacementSerial: 'X150-NEW' }, shipped: { carrier: 'carry_in', trackingNumber: null } });
    expect(done.steps.map((s: { step: string }) => s.step)).toEqual(['received', 'warranty_decided', 'repaired', 'qc', 'shipped', 'closed']);
  });

  it('C3: a step out of order is 409 STEP_NOT_ALLOWED in Chinese; unknown fields, a bad carrier, a missing tracking number and a photo of the wrong type are refused', async () => {
    const { ticket } = await rmaTicket({ purchasedOn: '2026-05-01' });
    const base = `/api/v1/tickets/${ticket.id}/rma`;
    const early = await admin('POST', `${base}/repair`, { outcome: 'repaired' });
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toContain('application/problem+json');
    expect(early.json()).toMatchObject({ code: 'STEP_NOT_ALLOWED', stage: 'registered', allowedSteps: ['receive'] });
    expect(early.json().detail).toContain('请按顺序操作');

    const unknownField = await admin('POST', `${base}/receive`, { ...receive, courierPhone: '95338' });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const badCarrier = await admin('POST', `${base}/receive`, { ...receive, carrier: 'pigeon' });
    expect(badCarrier.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.carrier' }] });
    const noTracking = await admin('POST', `${base}/receive`, { ...receive, trackingNumber: null });
    expect(noTracking.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.trackingNumber', message: '请填写快递单号（客户自送/自取可不填）' }] });

    const text = await upload(`${base}/photos`, Buffer.from('不是图片'), 'note.txt', 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED' });
    const pdf = await upload(`${base}/photos`, Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n'), 'invoice.pdf', 'application/pdf');
    expect(pdf.statusCode).toBe(415);
    expect((await admin('GET', base)).json().photos).toEqual([]);

    expect((await admin('POST', `${base}/receive`, receive)).statusCode).toBe(200);
    const future = await admin('POST', `${base}/warranty`, { purchasedOn: '2027-01-01' });
    expect(future.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.purchasedOn' }] });
    const badProof = await admin('POST', `${base}/warranty`, { proofAttachmentId: '01a22ac8-0000-7000-8000-000000000001' });
    expect(badProof.json()).toMatchObject({ code: 'INVALID_REFERENCE', errors: [{ field: 'body.proofAttachmentId' }] });
    const noSerial = await admin('POST', `${base}/warranty`, {});
    expect(noSerial.statusCode).toBe(200);
    const replaced = await admin('POST', `${base}/repair`, { outcome: 'replaced' });
    expect(replaced.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.replacementSerial' }] });
    const again = await admin('POST', `${base}/receive`, receive);
    expect(again.json()).toMatchObject({ code: 'STEP_NOT_ALLOWED', stage: 'warranty_decided' });
  });

  it('C3: an out-of-warranty repair without an approved estimate is 409 QUOTE_NOT_APPROVED', async () => {
    const { ticket } = await rmaTicket({ purchasedOn: '2023-01-01', warrantyMonths: 12 });
    const base = `/api/v1/tickets/${ticket.id}/rma`;
    await admin('POST', `${base}/receive`, receive);
    expect((await admin('POST', `${base}/warranty`, {})).json().warranty).toMatchObject({ state: 'out', reason: 'expired' });
    const refused = await admin('POST', `${base}/repair`, { outcome: 'repaired' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'QUOTE_NOT_APPROVED', title: '报价尚未经客户确认' });
    // Not repairable needs no estimate: nothing is charged for the work.
    expect((await admin('POST', `${base}/repair`, { outcome: 'not_repairable' })).statusCode).toBe(200);
  });

  it('C5: DOA, the advance replacement, the overdue list, a product’s DOA days and the monthly report with its Excel file', async () => {
    const product = await h.services.assets.createProduct(h.admin, { name: '路由器 AX3' });
    const { ticket } = await rmaTicket({ productId: product.id, installedOn: '2026-11-12' });
    const base = `/api/v1/tickets/${ticket.id}/rma`;
    const advance = await admin('POST', `${base}/advance-replacement`, { carrier: 'sf', trackingNumber: 'SF77', replacementSerial: 'AX3-NEW', depositFen: 199_00 });
    expect(advance.statusCode, advance.body).toBe(200);
    expect(advance.json().advance).toMatchObject({ depositFen: 19_900, dueOn: '2026-12-05' });
    expect((await admin('POST', `${base}/advance-replacement`, { carrier: 'sf', trackingNumber: 'SF77', replacementSerial: 'AX3-NEW', depositFen: 1.5 })).json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await admin('POST', `${base}/doa`, { doa: true, fault: '无法联网' })).json()).toMatchObject({ code: 'STEP_NOT_ALLOWED' });

    const received = (await admin('POST', `${base}/receive`, { ...receive, lotNumber: 'AX3-2611' })).json();
    expect(received.doa).toMatchObject({ suggested: true, basis: 'installation', daysAfter: 8, limitDays: 15 });
    expect(received.advance.returnedAt).not.toBeNull();
    const doa = await admin('POST', `${base}/doa`, { doa: true, fault: '无法联网' });
    expect(doa.json().doa).toMatchObject({ confirmed: true, fault: '无法联网' });

    const days = await admin('PUT', `/api/v1/products/${product.id}/doa-days`, { doaDays: 30 });
    expect(days.json()).toMatchObject({ doaDays: 30, effectiveDays: 30 });
    expect((await admin('PUT', `/api/v1/products/${product.id}/doa-days`, { doaDays: -1 })).statusCode).toBe(400);

    const overdue = await admin('GET', '/api/v1/rma/advance-replacements/overdue');
    expect(overdue.statusCode).toBe(200);
    expect(overdue.json().items.map((i: { ticketId: string }) => i.ticketId)).not.toContain(ticket.id);

    const report = await admin('GET', '/api/v1/rma/report?month=2026-11');
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().byProduct).toContainEqual(expect.objectContaining({ productName: '路由器 AX3', received: 1, doa: 1, doaRateBp: 10_000 }));
    expect(report.json().byBatch).toContainEqual(expect.objectContaining({ productName: '路由器 AX3', batch: 'AX3-2611', doa: 1 }));
    expect((await admin('GET', '/api/v1/rma/report?month=2026-13')).json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'querystring.month' }] });
    const xlsx = await admin('GET', '/api/v1/rma/report.xlsx?month=2026-11');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('reading takes tickets.read, the steps rma.handle: finance may not receive a unit, parts staff may; a customer sees their own RMA', async () => {
    const { ticket, owner } = await rmaTicket({ purchasedOn: '2026-05-01' });
    const base = `/api/v1/tickets/${ticket.id}/rma`;
    const finance = caller(h.app, await h.tokenFor('finance'));
    expect((await finance('POST', `${base}/receive`, receive)).statusCode).toBe(403);
    expect((await finance('GET', '/api/v1/rma/report?month=2026-11')).statusCode).toBe(200);
    const parts = caller(h.app, await h.tokenFor('parts_admin'));
    expect((await parts('POST', `${base}/receive`, receive)).statusCode).toBe(200);
    // The ticket follows its unit, whoever at the RMA desk received it.
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).status).toBe('accepted');
    const mine = caller(h.app, await h.tokenFor('customer', { customerId: owner.id }));
    const seen = await mine('GET', base);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ stage: 'received' });
  });
});
