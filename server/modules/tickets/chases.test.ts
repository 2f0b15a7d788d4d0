import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

let h: AppHarness;
let agentToken: string;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const post = (url: string, token: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.app.inject({ method: 'POST', url, headers: { ...auth(token), ...headers }, payload: payload as object });
const get = (url: string, token: string) => h.app.inject({ method: 'GET', url, headers: auth(token) });

let n = 0;
async function newTicket(description = '空调不制冷') {
  n += 1;
  const customer = (await post('/api/v1/customers', h.adminToken, { name: `催单客户${n}`, phone: `1390000${String(7000 + n)}` })).json();
  const ticket = (await post('/api/v1/tickets', agentToken, { customerId: customer.id, channel: 'phone', description })).json();
  return { customerId: customer.id as string, ticket };
}

beforeAll(async () => {
  h = await createAppHarness();
  agentToken = await h.tokenFor('hotline_agent');
});
afterAll(async () => {
  await h?.close();
});

describe('a repeat call about an open ticket (催单)', () => {
  it('is counted on the ticket and written to its history, each with its number, instead of a second ticket', async () => {
    const { customerId, ticket } = await newTicket();
    const first = await post(`/api/v1/tickets/${ticket.id}/chases`, agentToken, { note: '客户问师傅什么时候到' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ id: ticket.id, chaseCount: 1 });
    const second = await post(`/api/v1/tickets/${ticket.id}/chases`, agentToken, {});
    expect(second.json()).toMatchObject({ chaseCount: 2 });

    const events = (await get(`/api/v1/tickets/${ticket.id}/events`, agentToken)).json().items;
    const chases = events.filter((e: { type: string }) => e.type === 'chase');
    expect(chases).toHaveLength(2);
    expect(chases[0]).toMatchObject({ details: { count: 1, channel: 'phone', note: '客户问师傅什么时候到' }, actor: { name: expect.any(String) } });
    expect(chases[1]).toMatchObject({ details: { count: 2, channel: 'phone' } });

    // The caller's tickets at intake show the count; still one ticket.
    const list = (await get(`/api/v1/tickets?customerId=${customerId}`, agentToken)).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: ticket.id, chaseCount: 2 });
  });

  it('is refused on a closed or cancelled ticket with a problem body, and changes nothing', async () => {
    const { ticket } = await newTicket('热水器不出热水');
    const cancelled = await post(`/api/v1/tickets/${ticket.id}/transitions`, agentToken, { action: 'cancel', reason: '客户自行解决' }, { 'if-match': String(ticket.version) });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const refused = await post(`/api/v1/tickets/${ticket.id}/chases`, agentToken, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'TICKET_NOT_OPEN', status: 409 });
    expect((await get(`/api/v1/tickets/${ticket.id}`, agentToken)).json().chaseCount).toBe(0);
  });

  it('is refused to a technician (403), and a bad body is a field error, not a server error', async () => {
    const { ticket } = await newTicket('洗衣机漏水');
    const techToken = await h.tokenFor('technician');
    expect((await post(`/api/v1/tickets/${ticket.id}/chases`, techToken, {})).statusCode).toBe(403);
    const bad = await post(`/api/v1/tickets/${ticket.id}/chases`, agentToken, { channel: 'pigeon', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('VALIDATION_FAILED');
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('body.channel');
  });
});

describe('editing a saved ticket', () => {
  it('changes the description and contact with who, when, before and after in the history', async () => {
    const { ticket } = await newTicket('空调不制冷');
    const patched = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: { ...auth(agentToken), 'if-match': String(ticket.version) },
      payload: { description: '空调不制冷，热水器也漏水', contactName: '李太太', contactPhone: '138 0013 8000' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ description: '空调不制冷，热水器也漏水', contactName: '李太太', contactPhone: '13800138000' });
    const events = (await get(`/api/v1/tickets/${ticket.id}/events`, agentToken)).json().items;
    const edit = events.find((e: { type: string }) => e.type === 'updated');
    expect(edit).toMatchObject({
      actor: { id: expect.any(String), name: expect.any(String) },
      at: expect.any(String),
      details: {
        changes: {
          description: { from: '空调不制冷', to: '空调不制冷，热水器也漏水' },
          contactName: { from: null, to: '李太太' },
          contactPhone: { from: null, to: '13800138000' },
        },
      },
    });
  });

  it('refuses an empty description or a bad phone with per-field problems, and a stale version with 409', async () => {
    const { ticket } = await newTicket('冰箱不制冷');
    const bad = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: { ...auth(agentToken), 'if-match': String(ticket.version) },
      payload: { description: '', contactPhone: '12' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.contactPhone', 'body.description']);
    const stale = await h.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: { ...auth(agentToken), 'if-match': String(ticket.version + 5) },
      payload: { description: '冰箱不制冷，有异响' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
  });
});
