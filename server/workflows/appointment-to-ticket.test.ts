import { afterEach, describe, expect, it } from 'vitest';
import { asset, bookedAppointment, customer, technician } from '../test/fixtures';
import { createHarness, fixedClock, type Harness } from '../test/harness';
import { convertAppointmentToTicket } from './appointment-to-ticket';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Friday 27 November 2026, 10:00 in Shanghai; the booking is for Monday 09:00. */
async function setup() {
  h = await createHarness({ clock: fixedClock('2026-11-27T02:00:00Z') });
  const agent = await h.actorWithRole('hotline_agent', { name: '李客服' });
  const tech = await technician(h, { name: '王师傅' });
  const owner = await customer(h, { name: '张伟' });
  const car = await asset(h, owner.id, { serialNumber: 'VIN-0001', kind: 'vehicle', productName: '轿车', attributes: { plate: '沪A12345' } });
  const booked = await bookedAppointment(h, { customerId: owner.id, assetId: car.id, technicianId: tech.id, requests: ['更换机油', '检查刹车'] });
  return { agent, owner, car, booked };
}

describe('appointment to ticket', () => {
  it('A2: turns an arrived appointment into one linked ticket, and a second click finds the same one', async () => {
    const { agent, car, booked } = await setup();
    await expect(convertAppointmentToTicket(h.services, agent, booked.id, {})).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    h.clock.set('2026-11-30T00:55:00Z');
    const arrived = await h.services.appointments.setStatus(agent, booked.id, booked.version, { status: 'arrived' });
    const converted = await convertAppointmentToTicket(h.services, agent, booked.id, { type: 'workshop' });
    expect(converted.ticket).toMatchObject({ status: 'reported' });
    expect(converted.ticket!.number).toMatch(/^BX-20261130-\d{4}$/);
    const ticket = await h.services.tickets.getTicket(agent, converted.ticket!.id);
    expect(ticket).toMatchObject({ customerId: booked.customer.id, assetId: car.id, type: 'workshop', description: '更换机油\n检查刹车' });
    expect(ticket.addressId).not.toBeNull();
    // A second click finds the same ticket.
    const again = await convertAppointmentToTicket(h.services, agent, booked.id, {});
    expect(again.ticket!.id).toBe(converted.ticket!.id);
    expect(arrived.status).toBe('arrived');
    const done = await h.services.appointments.setStatus(agent, booked.id, again.version, { status: 'done' });
    expect(done.status).toBe('done');
  });

  it('makes one ticket when two agents convert the same appointment at once', async () => {
    const { agent, owner, booked } = await setup();
    const other = await h.actorWithRole('hotline_agent');
    await h.services.appointments.setStatus(agent, booked.id, booked.version, { status: 'arrived' });
    const results = await Promise.allSettled([convertAppointmentToTicket(h.services, agent, booked.id, {}), convertAppointmentToTicket(h.services, other, booked.id, {})]);
    // The one who lost the race hears ALREADY_EXISTS, or gets the winner's ticket if it was linked by then.
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'ALREADY_EXISTS' });
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.ticket!.id] : []));
    expect(made.length).toBeGreaterThan(0);
    expect(new Set(made).size).toBe(1);
    const linked = await h.services.appointments.getAppointment(agent, booked.id);
    expect(linked.ticket!.id).toBe(made[0]);
    // Trying again after a refusal finds that ticket too.
    expect((await convertAppointmentToTicket(h.services, other, booked.id, {})).ticket!.id).toBe(made[0]);
    const tickets = await h.services.tickets.findTickets(agent, { customerId: owner.id, emergency: undefined, page: 1, pageSize: 10 });
    expect(tickets.items.map((t) => t.id)).toEqual([made[0]]);
  });
});
