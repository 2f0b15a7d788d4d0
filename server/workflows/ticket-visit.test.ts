import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../test/harness';

let h: AppHarness;
let agentToken: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (url: string, token: string, payload: unknown) => h.app.inject({ method: 'POST', url, headers: auth(token), payload: payload as object });

beforeAll(async () => {
  h = await createAppHarness();
  agentToken = await h.tokenFor('hotline_agent');
});
afterAll(async () => {
  await h?.close();
});

describe('期望上门时间 at intake', () => {
  it('books the chosen slot for the saved ticket, linked to it, once; a full slot is a 409 problem', async () => {
    // The harness clock is 2026-11-27 10:00 in Shanghai: a slot tomorrow with one place.
    const slot = await post('/api/v1/appointments/slots', h.adminToken, { day: '2026-11-28', start: '14:00', end: '16:00', capacity: 1 });
    expect(slot.statusCode, slot.body).toBe(201);
    const customer = (await post('/api/v1/customers', h.adminToken, { name: '上门客户', phone: '13900008888' })).json();
    const ticket = (await post('/api/v1/tickets', agentToken, { customerId: customer.id, channel: 'phone', description: '燃气灶打不着火', contactName: '王阿姨' })).json();

    const booked = await post(`/api/v1/tickets/${ticket.id}/visit`, agentToken, { slotId: slot.json().id });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({
      status: 'booked',
      slot: { day: '2026-11-28', start: '14:00', end: '16:00' },
      customer: { id: customer.id },
      contactName: '王阿姨',
      requests: ['燃气灶打不着火'],
      ticket: { id: ticket.id, number: ticket.number },
    });

    // One visit per ticket.
    const again = await post(`/api/v1/tickets/${ticket.id}/visit`, agentToken, { slotId: slot.json().id });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('ALREADY_EXISTS');

    // The slot's one place is gone: another ticket is told so, and still exists without a visit.
    const other = (await post('/api/v1/tickets', agentToken, { customerId: customer.id, channel: 'phone', description: '油烟机异响' })).json();
    const full = await post(`/api/v1/tickets/${other.id}/visit`, agentToken, { slotId: slot.json().id });
    expect(full.statusCode).toBe(409);
    expect(full.headers['content-type']).toContain('application/problem+json');
    expect(full.json().code).toBe('SLOT_FULL');
  });

  it('refuses a technician (403) and a bad slot id as a field error', async () => {
    const customer = (await post('/api/v1/customers', h.adminToken, { name: '上门客户二', phone: '13900008889' })).json();
    const ticket = (await post('/api/v1/tickets', agentToken, { customerId: customer.id, channel: 'phone', description: '热水器漏水' })).json();
    expect((await post(`/api/v1/tickets/${ticket.id}/visit`, await h.tokenFor('technician'), { slotId: ticket.id })).statusCode).toBe(403);
    const bad = await post(`/api/v1/tickets/${ticket.id}/visit`, agentToken, { slotId: 'tomorrow' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.slotId']);
  });
});
