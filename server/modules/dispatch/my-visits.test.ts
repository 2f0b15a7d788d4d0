import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedTicket, customer, technician } from '../../test/fixtures';
import { createHarness, fixedClock, type Harness } from '../../test/harness';

let h: Harness;

// Tuesday 1 December 2026, 09:00 in Shanghai.
beforeAll(async () => {
  h = await createHarness({ clock: fixedClock('2026-12-01T01:00:00Z') });
});
afterAll(async () => {
  await h?.close();
});


async function emergencyTicket(description: string) {
  const owner = await customer(h);
  const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: owner.id, channel: 'phone', description, emergency: true });
  return h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'accept' });
}

describe('我的一天: a technician’s own visits', () => {
  it('lists the visits the technician leads or goes on as crew, in time order, and nobody else’s', async () => {
    const lead = await technician(h, { name: '何亮' });
    const mate = await technician(h, { name: '陈勇', grade: 'junior' });
    const other = await technician(h, { name: '王强' });
    const plan = async (description: string, technicianId: string, crewIds: string[], start: string, end: string, emergency = false) => {
      const t = emergency ? await emergencyTicket(description) : await acceptedTicket(h, { description });
      await h.services.dispatch.assign(h.admin, t.version, { ticketId: t.id, technicianId, crewIds, plannedStart: start, plannedEnd: end });
      return t.id;
    };
    const late = await plan('下午的紧急单', lead.id, [], '2026-12-01T08:00:00Z', '2026-12-01T10:00:00Z', true);
    const early = await plan('上午的保养', lead.id, [mate.id], '2026-12-01T02:00:00Z', '2026-12-01T04:00:00Z');
    const tomorrow = await plan('明天的安装', lead.id, [], '2026-12-02T01:00:00Z', '2026-12-02T03:00:00Z');
    await plan('别人的单', other.id, [], '2026-12-01T03:00:00Z', '2026-12-01T05:00:00Z');
    await plan('后天的单', lead.id, [], '2026-12-03T01:00:00Z', '2026-12-03T03:00:00Z');

    // Today and tomorrow in Shanghai: [30 Nov 16:00Z, 2 Dec 16:00Z).
    const from = new Date('2026-11-30T16:00:00Z');
    const to = new Date('2026-12-02T16:00:00Z');
    const mine = await h.services.dispatch.myVisits(lead.actor, from, to);
    expect(mine.items.map((v) => v.ticketId)).toEqual([early, late, tomorrow]);
    expect(mine.items.find((v) => v.ticketId === late)).toMatchObject({ emergency: true, lead: true, ticketStatus: 'dispatched' });
    const crew = await h.services.dispatch.myVisits(mate.actor, from, to);
    expect(crew.items.map((v) => [v.ticketId, v.lead])).toEqual([[early, false]]);
    // Asked without a range, as the phone asks with the page's code: today and tomorrow in the organisation's zone.
    expect((await h.services.dispatch.myVisits(lead.actor)).items.map((v) => v.ticketId)).toEqual([early, late, tomorrow]);
  });
});
