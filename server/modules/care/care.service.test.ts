import { afterEach, describe, expect, it } from 'vitest';
import { customer, dispatchedTicket, technician } from '../../test/fixtures';
import { jobsOfKind, outboxOf } from '../../test/inspect';
import { createHarness, fixedClock, type Harness } from '../../test/harness';

const MINUTE = 60_000;
let h: Harness;
afterEach(async () => {
  await h?.close();
});

/** A dispatched ticket and the technician who phones the customer before going (H5). */
async function setup(start = '2026-11-27T02:00:00Z', settings?: Record<string, unknown>) {
  h = await createHarness({ clock: fixedClock(start) });
  if (settings) {
    const org = await h.services.identity.getOrganisation(h.orgId);
    await h.services.identity.updateOrganisation(h.admin, org.version, { settings });
  }
  const tech = (await technician(h, { name: '王师傅' })).actor;
  const clerk = await h.actorWithRole('dispatcher', { name: '赵内勤' });
  const owner = await customer(h, { name: '张伟', phone: '13812345678', city: '上海', district: '浦东新区', line: '张江路100号' });
  const ticket = await dispatchedTicket(h, { customerId: owner.id, addressId: owner.addresses[0]!.id, description: '空调不制冷', technicianId: tech.userId });
  const call = (outcome: 'answered' | 'no_answer' | 'busy' | 'wrong_number' | 'wrong_address', note?: string) => h.services.care.logAttempt(tech, ticket.id, { outcome, note });
  return { tech, clerk, customer: owner, ticket, call };
}

describe('contact attempts', () => {
  it('H5: no answer schedules a reminder to the caller to try again 10 minutes later', async () => {
    const { tech, ticket, call } = await setup();
    const attempt = await call('no_answer');
    expect(attempt).toMatchObject({ outcome: 'no_answer', failedCount: 1, by: { id: tech.userId, name: '王师傅' }, clerkNotified: false });
    expect(attempt.retryAt!.toISOString()).toBe('2026-11-27T02:10:00.000Z');
    const [job] = await jobsOfKind(h.database.db, 'contacts.retry');
    expect(job!.runAt.toISOString()).toBe('2026-11-27T02:10:00.000Z');

    h.clock.advance(9 * MINUTE);
    await h.services.jobs.drain();
    expect(await outboxOf(h, 'contact.retry')).toHaveLength(0);
    h.clock.advance(1 * MINUTE);
    await h.services.jobs.drain();
    const reminders = await outboxOf(h, 'contact.retry');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ recipient: `user:${tech.userId}` });
    expect(reminders[0]!.payload).toMatchObject({ ticketId: ticket.id, ticketNumber: ticket.number, phone: '13812345678' });
  });

  it('H5: a retry reminder is dropped when someone has called since', async () => {
    const { call } = await setup();
    await call('no_answer');
    h.clock.advance(5 * MINUTE);
    await call('answered');
    h.clock.advance(10 * MINUTE);
    await h.services.jobs.drain();
    expect(await outboxOf(h, 'contact.retry')).toHaveLength(0);
  });

  it('H5: the third failed call tells the clerk, exactly once per ticket', async () => {
    const { ticket, call } = await setup();
    await call('no_answer');
    h.clock.advance(10 * MINUTE);
    await call('busy');
    h.clock.advance(10 * MINUTE);
    const third = await call('no_answer');
    expect(third).toMatchObject({ failedCount: 3, clerkNotified: true, retryAt: null });
    let told = await outboxOf(h, 'contact.unreachable');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ recipient: 'role:dispatcher', dedupeKey: `contact:${ticket.id}:unreachable` });
    expect(told[0]!.payload).toMatchObject({ ticketNumber: ticket.number, failedCount: 3 });
    const fourth = await call('no_answer');
    expect(fourth).toMatchObject({ failedCount: 4, clerkNotified: false });
    told = await outboxOf(h, 'contact.unreachable');
    expect(told).toHaveLength(1);
  });

  it('H5: the retry delay and the number of failed calls come from the organisation’s settings', async () => {
    const { call } = await setup('2026-11-27T02:00:00Z', { contact: { retryAfterMinutes: 5, maxFailedCalls: 2 } });
    const first = await call('no_answer');
    expect(first.retryAt!.toISOString()).toBe('2026-11-27T02:05:00.000Z');
    expect(first.clerkNotified).toBe(false);
    const second = await call('wrong_number');
    expect(second).toMatchObject({ failedCount: 2, clerkNotified: true });
    expect(await outboxOf(h, 'contact.unreachable')).toHaveLength(1);
  });

  it('H5: every attempt is in the ticket’s history, with who called and how it went', async () => {
    const { tech, ticket, call } = await setup();
    await call('no_answer', '响铃无人接');
    await call('answered', '约好下午两点上门');
    const events = (await h.services.tickets.findEvents(tech, ticket.id)).filter((e) => e.type === 'contact_attempt');
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actor: { id: tech.userId }, details: { outcome: 'no_answer', note: '响铃无人接', failedCount: 1 } });
    expect(events[1]).toMatchObject({ details: { outcome: 'answered', failedCount: 1 } });
    const listed = await h.services.care.listAttempts(tech, ticket.id);
    expect(listed.map((a) => a.outcome)).toEqual(['answered', 'no_answer']);
  });

  it('H5: a technician cannot log calls on a ticket that is not theirs', async () => {
    const { ticket } = await setup();
    const stranger = await h.actorWithRole('technician');
    await expect(h.services.care.logAttempt(stranger, ticket.id, { outcome: 'answered' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('follow-up tasks', () => {
  it('H6: a wrong address raises a task due the same day in Asia/Shanghai, listed until it is done', async () => {
    // 22:30 in Shanghai (14:30 UTC): the task is due before midnight there, not in UTC.
    const { clerk, customer, ticket, call } = await setup('2026-11-27T14:30:00Z');
    await call('wrong_address', '小区没有这个门牌号');
    const [task] = await h.services.care.listTasks(clerk, { status: 'open' });
    expect(task).toMatchObject({
      kind: 'correct_address',
      ticket: { id: ticket.id, number: ticket.number },
      customer: { id: customer.id, name: '张伟' },
      addressId: customer.addresses[0]!.id,
      note: '小区没有这个门牌号',
    });
    expect(task!.dueAt.toISOString()).toBe('2026-11-27T15:59:59.000Z');
    expect(task!.address).toContain('张江路100号');
    // Reported again before it is done: still one task.
    await call('wrong_address');
    expect(await h.services.care.listTasks(clerk, { status: 'open' })).toHaveLength(1);
    expect(await outboxOf(h, 'contact.wrong_address')).toHaveLength(1);

    // The clerk corrects the record (the old address is kept, marked wrong) and closes the task.
    await h.services.customers.correctAddress(clerk, customer.id, customer.addresses[0]!.id, { invalid: true, correction: { line: '上海市浦东新区张江路101号' } });
    h.clock.advance(20 * MINUTE);
    const done = await h.services.care.completeTask(clerk, task!.id);
    expect(done).toMatchObject({ doneBy: { id: clerk.userId } });
    expect(done.doneAt!.toISOString()).toBe('2026-11-27T14:50:00.000Z');
    expect(await h.services.care.listTasks(clerk, { status: 'open' })).toHaveLength(0);
    expect((await h.services.care.listTasks(clerk, { status: 'done' })).map((t) => t.id)).toEqual([task!.id]);
    const corrected = await h.services.customers.getCustomer(clerk, customer.id);
    expect(corrected.addresses.find((a) => a.isDefault)?.line).toBe('上海市浦东新区张江路101号');
  });

  it('H6: a task raised in the early hours is due that same local day, not the UTC one', async () => {
    // 07:00 in Shanghai on 28 November is still 27 November in UTC.
    const { clerk, call } = await setup('2026-11-27T23:00:00Z');
    await call('wrong_address');
    const [task] = await h.services.care.listTasks(clerk, { status: 'open' });
    expect(task!.dueAt.toISOString()).toBe('2026-11-28T15:59:59.000Z');
  });
});
