import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge } from './known-open';
import { createWorld, type World } from './world';

/**
 * Record scope, the second axis after route permissions: a customer sees only their own
 * customer's records, a contractor only its own, a technician only the tickets they are on.
 * The world's technician is on none, the customer user is bound to `customerMine`.
 */
let w: World;
beforeAll(async () => {
  w = await createWorld();
  // Staff-only notes on the customer's own ticket (S1).
  await w.call(w.adminToken, 'POST', `/api/v1/tickets/${w.a.ticketMine}/contact-attempts`, { outcome: 'no_answer', note: 'INTERNAL-NOTE-难缠客户' });
});
afterAll(async () => {
  await w?.h.close();
});

describe('record scope', () => {
  it('customers, contractors and technicians reach no ticket, event, file, clock, entry, appointment, requisition or ticket part that is not theirs', { timeout: 240_000 }, async () => {
    const results: { name: string; failed: boolean; detail?: string }[] = [];
    const check = async (who: 'customer' | 'contractor' | 'technician', method: string, path: string, url: string, ok: (status: number, body: string) => boolean, what = '', payload?: unknown) => {
      const response = await w.call(w.tokens[who], method, url, payload);
      results.push({ name: `${who} ${method} ${path}${what}`, failed: !ok(response.statusCode, response.body), detail: `${response.statusCode} ${response.body.slice(0, 160)}` });
    };
    const notFound = (status: number) => status === 404;
    const refused = (status: number) => status === 404 || status === 403;
    const other = w.a.ticketOther;
    for (const who of ['customer', 'contractor', 'technician'] as const) {
      await check(who, 'GET', '/api/v1/tickets/{id}', `/api/v1/tickets/${other}`, notFound);
      await check(who, 'GET', '/api/v1/tickets/{id}/events', `/api/v1/tickets/${other}/events`, notFound);
      await check(who, 'GET', '/api/v1/tickets/{id}/attachments', `/api/v1/tickets/${other}/attachments`, notFound);
      await check(who, 'GET', '/api/v1/attachments/{id}/content', `/api/v1/attachments/${w.a.attachmentOther}/content`, refused, ' ticket file');
      await check(who, 'GET', '/api/v1/tickets/{id}/sla', `/api/v1/tickets/${other}/sla`, notFound);
      await check(who, 'GET', '/api/v1/tickets/{id}/field', `/api/v1/tickets/${other}/field`, refused);
      await check(who, 'GET', '/api/v1/tickets/{id}/work-order.pdf', `/api/v1/tickets/${other}/work-order.pdf`, refused);
      await check(who, 'POST', '/api/v1/tickets/{id}/comments', `/api/v1/tickets/${other}/comments`, refused, '', { body: '越权评论' });
      await check(who, 'GET', '/api/v1/tickets', '/api/v1/tickets?pageSize=100', (status, body) => status === 200 && !body.includes(other));
      await check(who, 'GET', '/api/v1/time-entries', '/api/v1/time-entries?limit=1000', (status, body) => status === 403 || (status === 200 && JSON.parse(body).items.length === 0));
      await check(who, 'GET', '/api/v1/sla/breaches', '/api/v1/sla/breaches?pageSize=200', (status, body) => status === 403 || (status === 200 && !body.includes(other)));
      await check(who, 'GET', '/api/v1/appointments/{id}', `/api/v1/appointments/${w.a.appointmentOther}`, refused);
      if (who !== 'customer') await check(who, 'GET', '/api/v1/attachments/{id}/content', `/api/v1/attachments/${w.a.assetAttachment}/content`, refused, ' asset file');
      // Spare parts: another technician's requisition and the parts of a job not theirs.
      await check(who, 'GET', '/api/v1/requisitions/{id}', `/api/v1/requisitions/${w.a.requisition}`, refused);
      await check(who, 'GET', '/api/v1/requisitions/{id}/print.pdf', `/api/v1/requisitions/${w.a.requisition}/print.pdf`, refused);
      await check(who, 'GET', '/api/v1/requisitions', '/api/v1/requisitions', (status, body) => status === 403 || (status === 200 && !body.includes(w.a.requisition)));
      await check(who, 'GET', '/api/v1/tickets/{id}/parts', `/api/v1/tickets/${other}/parts`, refused);
      await check(who, 'POST', '/api/v1/tickets/{id}/parts', `/api/v1/tickets/${other}/parts`, refused, '', { partId: w.a.part, quantity: 1 });
      await check(who, 'POST', '/api/v1/tickets/{id}/parts/{partLineId}/cancel', `/api/v1/tickets/${other}/parts/${w.a.ticketPart}/cancel`, refused);
      await check(who, 'POST', '/api/v1/tickets/{id}/parts/consume', `/api/v1/tickets/${other}/parts/consume`, refused, '', { lines: [{ partId: w.a.part, quantity: 1 }] });
    }
    for (const who of ['customer', 'contractor'] as const) {
      for (const path of ['/api/v1/parts', '/api/v1/stock', '/api/v1/stock/ledger', '/api/v1/stock/locations', '/api/v1/stock/transfers', '/api/v1/stock/counts', '/api/v1/loaners', '/api/v1/old-part-returns']) {
        await check(who, 'GET', path, path, (status) => status === 403);
      }
    }
    // A customer's own records: visible, without staff-only notes (S1).
    await check('customer', 'GET', '/api/v1/tickets/{id}', `/api/v1/tickets/${w.a.ticketMine}`, (status) => status === 200);
    await check('customer', 'GET', '/api/v1/tickets/{id}/events', `/api/v1/tickets/${w.a.ticketMine}/events`, (status, body) => status === 200 && !body.includes('INTERNAL-NOTE'), ' internal contact note');
    // Another customer's appointment through its conversion (S11).
    await check('customer', 'POST', '/api/v1/appointments/{id}/ticket', `/api/v1/appointments/${w.a.appointmentOther}/ticket`, notFound, '', {});
    // The public booking page binds nothing to whoever has the phone number given (S5): it makes a request for staff to confirm.
    const slots = (await w.call(null, 'GET', `/api/v1/public/booking/${w.a.bookingToken}`)).json().slots as { id: string; day: string }[];
    const otherPhone = '13800000002';
    const booked = await w.call(null, 'POST', `/api/v1/public/booking/${w.a.bookingToken}`, { name: 'Mallory', phone: otherPhone, slotId: slots[0]?.id, request: '请改地址' });
    const board = booked.statusCode < 300 ? (await w.call(w.adminToken, 'GET', `/api/v1/appointments/board?day=${slots[0]?.day}`)).body : '';
    // An appointment made straight from the page (for the phone's customer, or anyone) is the finding.
    const attached = booked.statusCode < 300 && ('appointmentId' in booked.json() || board.includes('Mallory'));
    results.push({ name: 'anonymous POST /api/v1/public/booking/{token} existing customer’s phone', failed: booked.statusCode >= 300 || attached, detail: `${booked.statusCode} ${booked.body.slice(0, 120)}` });
    // A customer's ticket takes no staff-only fields (S6).
    await check(
      'customer',
      'POST',
      '/api/v1/tickets',
      '/api/v1/tickets',
      (status, body) => status >= 400 || (JSON.parse(body).priority !== 'urgent' && JSON.parse(body).emergency !== true),
      ' staff-only fields',
      { customerId: w.a.customerMine, channel: 'web', description: '自己报修', priority: 'urgent', emergency: true, reportedAt: '2000-01-01T00:00:00Z' },
    );

    const { unexpected, fixed } = judge('record-scope', results);
    expect(unexpected).toEqual([]);
    expect(fixed).toEqual([]);
  });
});
