import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../identity';
import { customer, dispatchedTicket, acceptedTicket, technician } from '../../test/fixtures';
import { createAppHarness, fixedClock, TEST_PASSWORD, ADMIN_PASSWORD, type AppHarness } from '../../test/harness';
import { caller } from '../../test/http';

let h: AppHarness;
const DAY = 86_400_000;

/** Signs in (now: the tests move the clock past a session's end), by default as a user the fixtures made. */
async function signIn(username: string, password = TEST_PASSWORD) {
  const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  return response.json().token as string;
}
const asAdmin = async () => caller(h.app, await signIn('admin', ADMIN_PASSWORD));

beforeAll(async () => {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T01:00:00Z') }); // Thursday 09:00 in Shanghai
});
afterAll(async () => {
  await h?.close();
});

describe('the SLA API', () => {
  it('S8: a technician’s breach queue holds only the tickets they lead or crew; the office sees them all', async () => {
    const wang = await technician(h, { name: '王师傅' });
    const li = await technician(h, { name: '李师傅' });
    const led = await dispatchedTicket(h, { technicianId: wang.id });
    const crewed = await dispatchedTicket(h, { technicianId: li.id });
    await h.services.tickets.setCrew(h.admin, crewed.id, crewed.version, li.id, [wang.id]);
    const others = [await dispatchedTicket(h, { technicianId: li.id }), await acceptedTicket(h)];
    h.clock.advance(3 * DAY); // every clock above is past its target

    const seenByOffice = (await (await asAdmin())('GET', '/api/v1/sla/breaches?pageSize=200')).json().items as { ticketId: string }[];
    expect(new Set(seenByOffice.map((r) => r.ticketId))).toEqual(new Set([led.id, crewed.id, ...others.map((t) => t.id)]));

    const response = await caller(h.app, await signIn(wang.username))('GET', '/api/v1/sla/breaches?pageSize=200');
    expect(response.statusCode).toBe(200);
    const items = response.json().items as { ticketId: string; state: string }[];
    expect(new Set(items.map((r) => r.ticketId))).toEqual(new Set([led.id, crewed.id]));
    expect(items.every((r) => r.state === 'breached')).toBe(true);
  });

  it('S9: a ticket’s clocks answer 404 to whoever may not see the ticket, unknown ids included; customers see neither extension reasons nor other notes', async () => {
    const own = await customer(h);
    const mine = await dispatchedTicket(h, { customerId: own.id });
    const theirs = await dispatchedTicket(h);
    await h.services.tickets.extendClock(h.admin, mine.id, 'dispatch_to_completion', '内部：等厂家技术支持回电');
    const admin = await asAdmin();
    const asCustomer = caller(h.app, await h.tokenFor('customer', { customerId: own.id }));
    const asTechnician = caller(h.app, await h.tokenFor('technician'));

    expect((await asCustomer('GET', `/api/v1/tickets/${theirs.id}/sla`)).statusCode).toBe(404);
    expect((await asCustomer('GET', '/api/v1/tickets/01a22ac8-1fd9-764b-b441-561ce9ba50e4/sla')).statusCode).toBe(404);
    expect((await admin('GET', '/api/v1/tickets/01a22ac8-1fd9-764b-b441-561ce9ba50e4/sla')).statusCode).toBe(404);
    expect((await asTechnician('GET', `/api/v1/tickets/${mine.id}/sla`)).statusCode).toBe(404);

    const inside = (await admin('GET', `/api/v1/tickets/${mine.id}/sla`)).json().items as { metric: string; extensionReason: string | null; trail: { what: string; detail?: string }[] }[];
    const insideClock = inside.find((c) => c.metric === 'dispatch_to_completion')!;
    expect(insideClock.extensionReason).toBe('内部：等厂家技术支持回电');
    expect(insideClock.trail.find((e) => e.what === 'extended')?.detail).toBe('内部：等厂家技术支持回电');

    const response = await asCustomer('GET', `/api/v1/tickets/${mine.id}/sla`);
    expect(response.statusCode).toBe(200);
    // Staff see which policy counts the ticket and its targets; the customer does not.
    const policy = (await admin('GET', `/api/v1/tickets/${mine.id}/sla`)).json().policy as { name: string; targets: { metric: string; minutes: number }[] };
    expect(policy.name).toBe('售后服务中心：受理 4 小时内派工，派工 6 小时内完工');
    expect(policy.targets.map((t) => t.metric)).toContain('dispatch_to_completion');
    expect(response.json().policy).toBeNull();
    const outside = (response.json().items as typeof inside).find((c) => c.metric === 'dispatch_to_completion')!;
    // That the promise was extended, and until when, is the customer's business; why is the organisation's.
    expect(outside).toMatchObject({ extended: true, extensionReason: null });
    expect(outside.trail.map((e) => e.what)).toEqual(insideClock.trail.map((e) => e.what));
    expect(response.body).not.toContain('内部');
  });

  it('S18: a policy’s calendar must be one of the organisation’s own calendars', async () => {
    const other = await h.services.identity.createOrganisation({ code: 'org-b', name: '另一家服务中心' });
    await h.services.ensureOrganisationDefaults(other.id);
    const [foreign] = await h.services.calendars.listCalendars(systemActor(other.id, ''));
    const [ownCalendar] = await h.services.calendars.listCalendars(h.admin);
    const api = await asAdmin();
    const body = (calendarId: string) => ({ name: '日历校验', rank: 99, calendarId, targets: [{ metric: 'first_response', minutes: 60, mode: 'business' }] });

    for (const calendarId of [foreign!.id, '01a22ac8-1fd9-764b-b441-561ce9ba50e4']) {
      const refused = await api('POST', '/api/v1/sla/policies', body(calendarId));
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'INVALID_REFERENCE', errors: [{ field: 'body.calendarId' }] });
    }
    const created = await api('POST', '/api/v1/sla/policies', body(ownCalendar!.id));
    expect(created.statusCode).toBe(201);
    const policy = created.json();
    const changed = await api('PUT', `/api/v1/sla/policies/${policy.id}`, body(foreign!.id), { ifMatch: policy.version });
    expect(changed.statusCode).toBe(422);
    expect(changed.json()).toMatchObject({ code: 'INVALID_REFERENCE', errors: [{ field: 'body.calendarId' }] });
    // No calendar at all is still allowed: the organisation's default counts.
    expect((await api('PUT', `/api/v1/sla/policies/${policy.id}`, { ...body(ownCalendar!.id), calendarId: null }, { ifMatch: policy.version })).statusCode).toBe(200);
  });
});
