import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedTicket, customer, technician } from '../../test/fixtures';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { caller } from '../../test/http';

/*
 * A new visit's default start through the API, on PGlite: the technician's next free time in
 * the organisation's time zone and calendar, and the suggestions saying what they cannot weigh.
 */

const clock = fixedClock('2026-11-27T02:00:00Z');
let h: AppHarness;
let api: ReturnType<typeof caller>;

beforeAll(async () => {
  // Friday 27 November 2026, 10:00 in Shanghai.
  h = await createAppHarness({ clock });
  api = caller(h.app, await h.tokenFor('dispatcher'));
});
afterAll(async () => {
  await h?.close();
});

const shanghai = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('GET /api/v1/dispatch/next-free', () => {
  it('is after the technician’s last visit today, not 09:00; a free technician’s is now rounded up to the quarter hour', async () => {
    clock.set('2026-11-27T02:00:00Z');
    const busy = await technician(h, { name: '忙师傅' });
    const free = await technician(h, { name: '闲师傅' });
    const booked = await acceptedTicket(h);
    const made = await api('POST', '/api/v1/dispatch/assignments', { ticketId: booked.id, technicianId: busy.id, plannedStart: '2026-11-27T03:00:00Z', plannedEnd: '2026-11-27T06:30:00Z' }, { ifMatch: booked.version });
    expect(made.statusCode).toBe(201);
    const ticket = await acceptedTicket(h);

    clock.set('2026-11-27T02:07:00Z');
    const afterVisit = await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=${busy.id}`);
    expect(afterVisit.statusCode).toBe(200);
    expect(afterVisit.json()).toMatchObject({ technicianId: busy.id, day: '2026-11-27', minute: 14 * 60 + 30, reason: 'after-visit', emergency: false });
    expect(shanghai(afterVisit.json().start)).toBe('2026-11-27 14:30');

    const now = (await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=${free.id}&minutes=60`)).json();
    expect(now).toMatchObject({ day: '2026-11-27', minute: 10 * 60 + 15, reason: 'free-now' });
    // Two hours from 10:15 would run into the calendar's lunch break: after it.
    expect((await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=${free.id}`)).json()).toMatchObject({ minute: 13 * 60, reason: 'fits' });
    // With no technician chosen yet: now rounded up.
    expect((await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}`)).json()).toMatchObject({ technicianId: null, minute: 10 * 60 + 15 });
  });

  it('re-dispatching a ticket does not count its own visit as the technician’s busy time', async () => {
    clock.set('2026-11-27T02:00:00Z');
    const tech = await technician(h);
    const ticket = await acceptedTicket(h);
    await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: tech.id, plannedStart: '2026-11-27T04:00:00Z', plannedEnd: '2026-11-27T06:00:00Z' }, { ifMatch: ticket.version });
    expect((await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=${tech.id}&minutes=60`)).json()).toMatchObject({ minute: 10 * 60, reason: 'free-now' });
  });

  it('H4: for an emergency ticket it is now, to the minute, even when the technician is out on a visit', async () => {
    clock.set('2026-11-27T02:00:00Z');
    const tech = await technician(h);
    const other = await acceptedTicket(h);
    await api('POST', '/api/v1/dispatch/assignments', { ticketId: other.id, technicianId: tech.id, plannedStart: '2026-11-27T02:00:00Z', plannedEnd: '2026-11-27T05:00:00Z' }, { ifMatch: other.version });
    const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: (await customer(h)).id, channel: 'phone', description: '燃气热水器漏气', emergency: true });
    clock.set('2026-11-27T05:22:31Z');
    const result = (await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=${tech.id}`)).json();
    expect(result).toMatchObject({ reason: 'emergency', emergency: true, day: '2026-11-27', minute: 13 * 60 + 22 });
    expect(shanghai(result.start)).toBe('2026-11-27 13:22');
  });

  it('a later day starts at its first open time in the working calendar, never before today', async () => {
    clock.set('2026-11-27T02:00:00Z');
    const tech = await technician(h);
    const ticket = await acceptedTicket(h);
    const later = (await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=${tech.id}&day=2026-11-30`)).json();
    expect(later.day).toBe('2026-11-30');
    expect(later.minute).toBeLessThan(10 * 60);
    const past = (await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=${tech.id}&day=2026-11-20&minutes=60`)).json();
    expect(past).toMatchObject({ day: '2026-11-27', minute: 10 * 60 });
  });

  it('answers an unknown ticket or technician with 404 and a bad day with 400', async () => {
    const ticket = await acceptedTicket(h);
    expect((await api('GET', `/api/v1/dispatch/next-free?ticketId=01a21caf-0000-7000-8000-000000000000`)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&technicianId=01a21caf-0000-7000-8000-000000000000`)).statusCode).toBe(404);
    expect((await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&day=2026-13-40`)).statusCode).toBe(400);
    expect((await api('GET', `/api/v1/dispatch/next-free?ticketId=${ticket.id}&minutes=5`)).statusCode).toBe(400);
  });
});

describe('suggestions without skills or regions', () => {
  it('carry notices instead of scoring everyone the same on what nobody has set', async () => {
    clock.set('2026-11-27T02:00:00Z');
    const ticket = await acceptedTicket(h);
    const res = await api('GET', `/api/v1/dispatch/suggestions?ticketId=${ticket.id}&plannedStart=2026-11-27T03:00:00Z&plannedEnd=2026-11-27T05:00:00Z`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // The fixture ticket has no product line; no technician in this organisation has regions.
    expect(body.notices).toEqual(expect.arrayContaining(['ticket-product-unset']));
    for (const s of body.items) expect(s.parts.find((p: { part: string }) => p.part === 'skill')).toMatchObject({ points: 0, max: 0 });
  });
});
