import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, dispatchedTicket } from '../../test/fixtures';
import { createAppHarness, type AppHarness } from '../../test/harness';
import { caller } from '../../test/http';

let h: AppHarness;
beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('contact attempts and tasks over HTTP', () => {
  it('H6: a technician logs a wrong address and the clerk sees the task', async () => {
    const dispatcher = caller(h.app, await h.tokenFor('dispatcher'));
    const tech = caller(h.app, await h.tokenFor('technician'));
    const techId = (await tech('GET', '/api/v1/auth/me')).json().id as string;
    const owner = await customer(h, { name: '周先生', phone: '13500003333', city: '杭州', district: '西湖区', line: '文三路8号' });
    const ticket = await dispatchedTicket(h, { customerId: owner.id, addressId: owner.addresses[0]!.id, description: '热水器不点火', technicianId: techId });

    const logged = await tech('POST', `/api/v1/tickets/${ticket.id}/contact-attempts`, { outcome: 'wrong_address', note: '门牌号不存在' });
    expect(logged.statusCode, logged.body).toBe(201);
    expect((await tech('GET', `/api/v1/tickets/${ticket.id}/contact-attempts`)).json().items).toHaveLength(1);
    expect((await tech('GET', '/api/v1/follow-up-tasks')).statusCode).toBe(403);
    const tasks = (await dispatcher('GET', '/api/v1/follow-up-tasks')).json().items;
    const task = tasks.find((t: { ticket: { id: string } | null }) => t.ticket?.id === ticket.id);
    expect(task).toMatchObject({ kind: 'correct_address', customer: { name: '周先生' }, note: '门牌号不存在' });
    const done = await dispatcher('POST', `/api/v1/follow-up-tasks/${task.id}/done`);
    expect(done.json().doneAt).not.toBeNull();
    const events = (await dispatcher('GET', `/api/v1/tickets/${ticket.id}/events`)).json().items;
    expect(events.at(-1)).toMatchObject({ type: 'contact_attempt', details: { outcome: 'wrong_address' } });
  });
});
