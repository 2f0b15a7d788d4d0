import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import * as fixture from '../../test/fixtures';
import { jobsOfKind, outboxOf } from '../../test/inspect';
import { createHarness, fixedClock, type Harness } from '../../test/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** Friday 27 November 2026, 10:00 in Shanghai. */
const FRIDAY_10AM = '2026-11-27T02:00:00Z';

async function setup(start = FRIDAY_10AM) {
  h = await createHarness({ clock: fixedClock(start) });
  const agent = await h.actorWithRole('hotline_agent', { name: '李客服' });
  const tech = (await fixture.technician(h, { name: '王师傅' })).actor;
  const owner = await fixture.customer(h, { name: '张伟', phone: '13812345678' });
  const car = await fixture.asset(h, owner.id, { serialNumber: 'VIN-0001', kind: 'vehicle', productName: '轿车', attributes: { plate: '沪A12345' } });
  const template = await h.services.appointments.createTemplate(agent, {
    name: '工作日保养',
    serviceType: '保养',
    weekdays: [1, 2, 3, 4, 5],
    windows: [
      { start: '11:00', end: '13:00', capacity: 4 },
      { start: '09:00', end: '11:00', capacity: 4 },
    ],
  });
  await h.services.appointments.generateSlots(agent, template.id, { from: '2026-11-30', to: '2026-12-04' });
  const slots = await h.services.appointments.listSlots(agent, { from: '2026-11-30', to: '2026-12-04' });
  const book = (extra: Record<string, unknown> = {}) =>
    h.services.appointments.book(agent, { slotId: slots[0]!.id, customerId: owner.id, requests: ['更换机油'], channel: 'phone', ...extra });
  return { agent, tech, customer: owner, asset: car, template, slots, book };
}

describe('appointment slots', () => {
  it('are generated from a weekly template in the organisation’s zone, once however often it runs', async () => {
    const { agent, template, slots } = await setup();
    expect(slots).toHaveLength(10);
    expect(slots[0]).toMatchObject({ day: '2026-11-30', start: '09:00', end: '11:00', capacity: 4, booked: 0, serviceType: '保养', open: true });
    expect(slots[0]!.startsAt.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(slots[1]).toMatchObject({ day: '2026-11-30', start: '11:00' });
    expect(await h.services.appointments.generateSlots(agent, template.id, { from: '2026-11-28', to: '2026-12-04' })).toEqual({ created: 0, skipped: 10 });
  });

  it('take no fewer places than they have bookings, and a closed slot takes no more', async () => {
    const { agent, book } = await setup();
    await book();
    await book();
    const slot = (await h.services.appointments.listSlots(agent, { from: '2026-11-30', to: '2026-11-30' }))[0]!;
    expect(slot.booked).toBe(2);
    await expect(h.services.appointments.updateSlot(agent, slot.id, slot.version, { capacity: 1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const closed = await h.services.appointments.updateSlot(agent, slot.id, slot.version, { capacity: 2, open: false });
    expect(closed).toMatchObject({ capacity: 2, open: false, booked: 2 });
    await expect(book()).rejects.toMatchObject({ code: 'SLOT_FULL', detail: 'errors.detail.slotClosed' });
  });
});

describe('bookings', () => {
  it('W3: a booked appointment records the discount the organisation’s settings give at booking time', async () => {
    const { agent, book } = await setup();
    const first = await book();
    expect(first.discountBp).toBe(1000);
    const org = await h.services.identity.getOrganisation(h.orgId);
    await h.services.identity.updateOrganisation(h.admin, org.version, { settings: { appointments: { bookingDiscountBp: 1500 } } });
    const second = await book();
    expect(second.discountBp).toBe(1500);
    // What the first one earned stays what it was.
    expect((await h.services.appointments.getAppointment(agent, first.id)).discountBp).toBe(1000);
  });

  it('A2: the booking answer reads back the time, the requests and the chosen technician', async () => {
    const { tech, asset, book } = await setup();
    const booked = await book({ assetId: asset.id, technicianId: tech.userId, requests: ['更换机油', '检查刹车片异响'] });
    expect(booked).toMatchObject({
      status: 'booked',
      channel: 'phone',
      slot: { day: '2026-11-30', start: '09:00', end: '11:00', serviceType: '保养' },
      customer: { name: '张伟' },
      asset: { label: '轿车 · 沪A12345' },
      requests: ['更换机油', '检查刹车片异响'],
      technician: { id: tech.userId, name: '王师傅' },
      discountBp: 1000,
    });
    const [confirmation] = await outboxOf(h, 'appointment.booked');
    expect(confirmation).toMatchObject({ recipient: `customer:${booked.customer.id}` });
    expect(confirmation!.payload).toMatchObject({ day: '2026-11-30', start: '09:00', requests: ['更换机油', '检查刹车片异响'], technician: '王师傅' });
  });

  it('A2: a technician who is not one is refused, and so is an asset of another customer', async () => {
    const { agent, book, customer } = await setup();
    await expect(book({ technicianId: agent.userId })).rejects.toMatchObject({ code: 'INVALID_REFERENCE' });
    const other = await fixture.customer(h, { name: '王芳' });
    const theirs = await fixture.asset(h, other.id, { serialNumber: 'VIN-0002' });
    await expect(book({ assetId: theirs.id, customerId: customer.id })).rejects.toMatchObject({ code: 'INVALID_REFERENCE' });
  });

  it('A2: two agents booking the last place at once: one wins, the other hears SLOT_FULL', async () => {
    const { agent, slots, book } = await setup();
    const slot = slots[0]!;
    await h.services.appointments.updateSlot(agent, slot.id, slot.version, { capacity: 1 });
    const second = await h.actorWithRole('hotline_agent');
    const other = await fixture.customer(h, { name: '王芳' });
    const results = await Promise.allSettled([
      book(),
      h.services.appointments.book(second, { slotId: slot.id, customerId: other.id, requests: ['保养'], channel: 'phone' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(AppError);
    expect(refused.reason.code).toBe('SLOT_FULL');
    const after = (await h.services.appointments.listSlots(agent, { from: '2026-11-30', to: '2026-11-30' }))[0]!;
    expect(after).toMatchObject({ capacity: 1, booked: 1 });
  });

  it('gives the place back when a booking is cancelled, and never twice', async () => {
    const { agent, slots, book } = await setup();
    const booked = await book();
    const cancelled = await h.services.appointments.setStatus(agent, booked.id, booked.version, { status: 'cancelled', reason: '客户改期' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '客户改期' });
    await expect(h.services.appointments.setStatus(agent, booked.id, cancelled.version, { status: 'cancelled' })).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    const slot = (await h.services.appointments.listSlots(agent, { from: slots[0]!.day, to: slots[0]!.day }))[0]!;
    expect(slot.booked).toBe(0);
  });

  it('moves to another slot by taking the new place first', async () => {
    const { agent, slots, book } = await setup();
    const booked = await book();
    const moved = await h.services.appointments.updateAppointment(agent, booked.id, booked.version, { slotId: slots[1]!.id, requests: ['更换机油', '洗车'] });
    expect(moved).toMatchObject({ slot: { id: slots[1]!.id, start: '11:00' }, requests: ['更换机油', '洗车'] });
    const day = await h.services.appointments.listSlots(agent, { from: '2026-11-30', to: '2026-11-30' });
    expect(day.map((s) => s.booked)).toEqual([0, 1]);
  });

  it('reminds the customer the day before, through a job that writes the message once', async () => {
    const { book } = await setup();
    const booked = await book();
    const [job] = await jobsOfKind(h.database.db, 'appointments.remind');
    // The slot starts Monday 09:00 in Shanghai (01:00 UTC): the reminder is due Sunday at the same time.
    expect(job!.runAt.toISOString()).toBe('2026-11-29T01:00:00.000Z');
    h.clock.set('2026-11-29T00:59:00Z');
    await h.services.jobs.drain();
    expect(await outboxOf(h, 'appointment.reminder')).toHaveLength(0);
    h.clock.set('2026-11-29T01:00:00Z');
    await h.services.jobs.drain();
    const reminders = await outboxOf(h, 'appointment.reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ recipient: `customer:${booked.customer.id}`, dedupeKey: `appointment:${booked.id}:remind:2026-11-30T01:00:00.000Z` });
  });

  it('sends no reminder for a cancelled booking', async () => {
    const { agent, book } = await setup();
    const booked = await book();
    await h.services.appointments.setStatus(agent, booked.id, booked.version, { status: 'cancelled' });
    h.clock.set('2026-11-29T02:00:00Z');
    await h.services.jobs.drain();
    expect(await outboxOf(h, 'appointment.reminder')).toHaveLength(0);
  });
});

describe('the appointment board', () => {
  it('A2: shows the day’s slots with their bookings', async () => {
    const { agent, tech, asset, book } = await setup();
    const booked = await book({ assetId: asset.id, technicianId: tech.userId, requests: ['更换机油', '检查刹车'] });
    const board = await h.services.appointments.board(agent, { day: '2026-11-30' });
    expect(board.slots).toHaveLength(2);
    expect(board.slots[0]!.appointments.map((a) => a.id)).toEqual([booked.id]);
    expect(board.counts).toMatchObject({ booked: 1, arrived: 0 });
  });

  it('shows a signed-in customer only their own bookings', async () => {
    const { customer, book } = await setup();
    await book();
    const other = await fixture.customer(h, { name: '王芳' });
    await book({ customerId: other.id });
    const me = await h.actorWithRole('customer', { customerId: customer.id });
    const board = await h.services.appointments.board(me, { day: '2026-11-30' });
    expect(board.slots[0]!.appointments.map((a) => a.customer.id)).toEqual([customer.id]);
  });
});
