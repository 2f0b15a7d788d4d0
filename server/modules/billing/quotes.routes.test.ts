import { afterEach, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { asset, customer, technician } from '../../test/fixtures';
import { caller, fieldsOf } from '../../test/http';
import { PNG } from './quotes.test-fixtures';

const HOUR = 3_600_000;
let app: AppHarness | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function rmaTicket(h: AppHarness) {
  const owner = await customer(h, { phone: '13912345678', line: '深南大道1号' });
  const machine = await asset(h, owner.id, { kind: 'equipment', purchasedOn: '2019-01-01', productName: '离心机 A100' });
  const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: owner.id, assetId: machine.id, channel: 'phone', description: '寄修：无法启动', type: 'rma' });
  return ticket;
}

const lines = [
  { kind: 'labour', description: '维修人工', quantity: 1, unitPriceFen: 800_00, unit: 'person_day' },
  { kind: 'shipping', description: '运费', quantity: 1, unitPriceFen: 25_00 },
  { kind: 'insurance', description: '保价', quantity: 1, unitPriceFen: 10_00 },
];

describe('quotes over HTTP', () => {
  it('C3: POST /tickets/{id}/quotes answers 201 with each line’s amount and rule; start is refused with QUOTE_NOT_APPROVED until it is approved', async () => {
    app = await createAppHarness({ clock: fixedClock('2026-11-27T02:00:00Z') });
    const agent = caller(app.app, await app.tokenFor('hotline_agent'));
    const ticket = await rmaTicket(app);
    const made = await agent('POST', `/api/v1/tickets/${ticket.id}/quotes`, { lines });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json()).toMatchObject({ version: 1, totalFen: 835_00, status: 'open' });
    expect(made.json().lines.map((l: { amountFen: number; rule: string }) => [l.amountFen, l.rule])).toEqual([
      [800_00, 'rate'],
      [25_00, 'entered'],
      [10_00, 'entered'],
    ]);
    const listed = await agent('GET', `/api/v1/tickets/${ticket.id}/quotes`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toHaveLength(1);

    const tech = await technician(app);
    const act = async (action: string, more: Record<string, unknown> = {}) => {
      const current = await app!.services.tickets.getTicket(app!.admin, ticket.id);
      return caller(app!.app, app!.adminToken)('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action, ...more }, { ifMatch: current.version });
    };
    await act('accept');
    await act('dispatch', { technicianId: tech.id });
    const refused = await act('start');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'QUOTE_NOT_APPROVED', detail: '付费维修须先经客户确认报价（第 1 版报价尚未确认），确认后才能开始维修' });
    expect(refused.headers['content-type']).toContain('application/problem+json');

    const decided = await agent('POST', `/api/v1/quotes/${made.json().id}/decision`, { decision: 'approved', signature: { signerName: '李先生', png: `data:image/png;base64,${PNG}` } });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'approved', signature: { signerName: '李先生' } });
    expect((await act('start')).statusCode).toBe(200);
  });

  it('refuses bad input with stable codes and writes nothing: negative or fractional fen, a discount over 100 %, an expired or superseded quote', async () => {
    app = await createAppHarness();
    const agent = caller(app.app, await app.tokenFor('hotline_agent'));
    const ticket = await rmaTicket(app);
    const bad = async (body: unknown) => {
      const response = await agent('POST', `/api/v1/tickets/${ticket.id}/quotes`, body);
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
      return fieldsOf(response.json());
    };
    expect(await bad({ lines: [{ ...lines[0], unitPriceFen: -1 }] })).toEqual(['body.lines.0.unitPriceFen']);
    expect(await bad({ lines: [{ ...lines[0], unitPriceFen: 10.5 }] })).toEqual(['body.lines.0.unitPriceFen']);
    expect(await bad({ lines, discountBp: 10_001 })).toEqual(['body.discountBp']);
    expect(await bad({ lines: [{ ...lines[0], kind: 'bribe' }] })).toEqual(['body.lines.0.kind']);
    expect((await agent('GET', `/api/v1/tickets/${ticket.id}/quotes`)).json().items).toEqual([]);

    const first = (await agent('POST', `/api/v1/tickets/${ticket.id}/quotes`, { lines })).json();
    const second = (await agent('POST', `/api/v1/tickets/${ticket.id}/quotes`, { lines, discountBp: 500 })).json();
    expect(second.totalFen).toBe(795_00);
    const superseded = await agent('POST', `/api/v1/quotes/${first.id}/decision`, { decision: 'approved' });
    expect(superseded.statusCode).toBe(409);
    expect(superseded.json().code).toBe('QUOTE_SUPERSEDED');
    app.clock.advance(15 * 24 * HOUR);
    const later = caller(app.app, await app.tokenFor('hotline_agent'));
    const expired = await later('POST', `/api/v1/quotes/${second.id}/decision`, { decision: 'approved' });
    expect(expired.statusCode).toBe(409);
    expect(expired.json()).toMatchObject({ code: 'QUOTE_EXPIRED', detail: '第 2 版报价已过有效期，请重新报价' });
    // A signature that is not a PNG: refused, and the quote is still undecided.
    const third = (await later('POST', `/api/v1/tickets/${ticket.id}/quotes`, { lines })).json();
    const notPng = await later('POST', `/api/v1/quotes/${third.id}/decision`, { decision: 'approved', signature: { signerName: '李', png: Buffer.from('hello').toString('base64') } });
    expect(notPng.statusCode).toBe(415);
    expect((await later('GET', `/api/v1/quotes/${third.id}`)).json().status).toBe('open');
  });

  it('the approval link: public, shows only what the quote needs, approves with a drawn signature, and stops working when it expires (LINK_EXPIRED)', async () => {
    app = await createAppHarness({ clock: fixedClock('2026-11-27T02:00:00Z') });
    const agent = caller(app.app, await app.tokenFor('hotline_agent'));
    const anonymous = caller(app.app, null);
    const ticket = await rmaTicket(app);
    const quote = (await agent('POST', `/api/v1/tickets/${ticket.id}/quotes`, { lines })).json();
    const link = await agent('POST', `/api/v1/quotes/${quote.id}/link`);
    expect(link.statusCode, link.body).toBe(201);
    const { path, url } = link.json();
    expect(url).toMatch(/^http:\/\/.+\/q\/[A-Za-z0-9_-]{43}$/);
    const token = path.slice(3);

    const page = await anonymous('GET', `/api/v1/public/quotes/${token}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ organisation: '测试服务中心', ticketNumber: ticket.number, product: '离心机 A100', totalFen: 835_00, status: 'open' });
    expect(page.body).not.toContain('13912345678');
    expect(page.body).not.toContain('深南大道');
    expect((await anonymous('GET', `/api/v1/public/quotes/${token.slice(0, -2)}xx`)).statusCode).toBe(404);

    const unsigned = await anonymous('POST', `/api/v1/public/quotes/${token}/decision`, { decision: 'approved' });
    expect(unsigned.statusCode).toBe(400);
    expect(fieldsOf(unsigned.json())).toEqual(['body.signature']);
    const approved = await anonymous('POST', `/api/v1/public/quotes/${token}/decision`, { decision: 'approved', signature: { signerName: '李先生', png: PNG } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().status).toBe('approved');
    const seen = (await agent('GET', `/api/v1/quotes/${quote.id}`)).json();
    expect(seen).toMatchObject({ status: 'approved', decidedVia: 'link', signature: { signerName: '李先生' } });

    app.clock.advance(73 * HOUR);
    const late = await anonymous('GET', `/api/v1/public/quotes/${token}`);
    expect(late.statusCode).toBe(410);
    expect(late.json().code).toBe('LINK_EXPIRED');
    // Past the address's allowance the page answers 429, whatever the token.
    let status = 0;
    for (let i = 0; i < 61 && status !== 429; i++) status = (await anonymous('GET', `/api/v1/public/quotes/${'x'.repeat(43)}`, undefined, { remoteAddress: '203.0.113.9' })).statusCode;
    expect(status).toBe(429);
    // Only a hash of the token is stored.
    const stored = await app.database.db.execute(`select token_hash from quote_links`);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('the charge over HTTP: from the approved quote, its account, the explanation (A6) and the printed sheet', async () => {
    app = await createAppHarness();
    const agent = caller(app.app, await app.tokenFor('hotline_agent'));
    const ticket = await rmaTicket(app);
    const quote = (await agent('POST', `/api/v1/tickets/${ticket.id}/quotes`, { lines })).json();
    expect((await agent('POST', `/api/v1/tickets/${ticket.id}/charge`)).json().code).toBe('QUOTE_NOT_APPROVED');
    await agent('POST', `/api/v1/quotes/${quote.id}/decision`, { decision: 'approved' });
    const charged = await agent('POST', `/api/v1/tickets/${ticket.id}/charge`);
    expect(charged.statusCode, charged.body).toBe(201);
    const charge = charged.json();
    expect(charge).toMatchObject({ basis: 'approved', totalFen: 835_00 });
    const negative = await agent('POST', `/api/v1/charges/${charge.id}/adjustments`, { lineNo: 1, kind: 'labour', description: '人工', quantity: 1, unitPriceFen: -5, reason: '优惠' });
    expect(negative.statusCode).toBe(400);
    const explained = await agent('POST', `/api/v1/charges/${charge.id}/explanation`, { explainedLines: [1, 2, 3], signature: { signerName: '李先生', png: PNG } });
    expect(explained.statusCode, explained.body).toBe(200);
    expect((await agent('GET', `/api/v1/tickets/${ticket.id}/charge`)).json().charge.explanation.signature.signerName).toBe('李先生');
    const pdf = await agent('GET', `/api/v1/charges/${charge.id}/sheet.pdf`);
    expect(pdf.statusCode, pdf.body.slice(0, 300)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });
});
