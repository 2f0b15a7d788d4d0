import { afterEach, describe, expect, it } from 'vitest';
import { policyBody } from '../../../shared/contracts/sla';
import { createHarness, fixedClock, type Harness } from '../../test/harness';
import { asset, customer, technician } from '../../test/fixtures';
import { duplicateOutboxKeys, outboxMessages, setTicketContractor } from '../../test/inspect';

const H = 3_600_000;
let h: Harness;

/** Scans until nothing is due: one pass fires the next threshold of each clock. */
async function scanAll() {
  let total = 0;
  for (let fired = await h.services.sla.scanOnce(); fired > 0; fired = await h.services.sla.scanOnce()) total += fired;
  return total;
}
afterEach(async () => {
  await h?.close();
});

async function setup(start: string, kind: 'generic' | 'equipment' | 'appliance' = 'generic') {
  h = await createHarness({ clock: fixedClock(start) });
  const tech = await technician(h, { name: '王师傅' });
  const owner = await customer(h, { name: '张伟' });
  const machine = await asset(h, owner.id, { kind, productName: kind, purchasedOn: '2026-01-01' });
  const ticket = async (extra: Record<string, unknown> = {}) =>
    (await h.services.tickets.createTicket(h.admin, { customerId: owner.id, assetId: machine.id, channel: 'phone', description: '设备故障', ...extra })).ticket;
  const act = async (id: string, action: string, more: Record<string, unknown> = {}) => {
    const current = await h.services.tickets.getTicket(h.admin, id);
    return h.services.tickets.transition(h.admin, id, current.version, { action: action as never, ...more });
  };
  const clocks = async (id: string) => Object.fromEntries((await h.services.sla.clocksOf(h.admin, id)).map((c) => [c.metric, c]));
  return { tech, ticket, act, clocks };
}

describe('SLA clocks on real tickets', () => {
  it('clocks left for the end of deferClocks are the clocks every step would have left', async () => {
    const { tech, ticket, act, clocks } = await setup('2026-11-23T01:00:00Z', 'equipment');
    const walk = async (id: string) => {
      h.clock.set('2026-11-23T01:40:00Z');
      await act(id, 'accept');
      h.clock.set('2026-11-23T05:10:00Z');
      await act(id, 'dispatch', { technicianId: tech.id });
      h.clock.set('2026-11-23T07:00:00Z');
      await act(id, 'start');
      h.clock.set('2026-11-23T08:30:00Z');
      await act(id, 'hold', { holdReason: 'waiting_parts', reason: '等待配件' });
      h.clock.set('2026-11-25T03:00:00Z');
      await act(id, 'resume');
      h.clock.set('2026-11-26T09:00:00Z');
      await h.services.tickets.addComment(h.admin, id, { body: '已联系客户', internal: true });
    };
    h.clock.set('2026-11-23T01:00:00Z');
    const stepByStep = await ticket();
    await walk(stepByStep.id);
    h.clock.set('2026-11-23T01:00:00Z');
    const deferred = await ticket();
    const atIntake = await clocks(deferred.id);
    let during: Awaited<ReturnType<typeof clocks>> = {};
    await h.services.sla.deferClocks(async () => {
      await walk(deferred.id);
      during = await clocks(deferred.id);
    });
    // Nothing moved while the work ran; at its end, each clock is where every step would have left it.
    const trails = (x: Record<string, { trail: unknown }>) => Object.entries(x).map(([metric, c]) => [metric, c.trail]);
    expect(trails(during)).toEqual(trails(atIntake));
    h.clock.set('2026-11-27T02:00:00Z');
    const expected = await clocks(stepByStep.id);
    const after = await clocks(deferred.id);
    expect(after).toEqual(expected);
    expect(trails(after)).not.toEqual(trails(during));
  });

  it('a new organisation starts with calendars and a policy for each kind of promise', async () => {
    h = await createHarness();
    const policies = await h.services.sla.listPolicies(h.admin);
    expect(policies.map((p) => p.template)).toEqual(['R5', 'R4', 'E2', 'H4', 'C1']);
    const calendars = await h.services.calendars.listCalendars(h.admin);
    expect(calendars.filter((c) => c.isDefault)).toHaveLength(1);
    expect(calendars.map((c) => c.weekly === '24x7')).toContain(true);
  });

  it('a policy that chooses by product line is chosen at intake, as at every later change', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-26T01:00:00Z') });
    const product = await h.services.assets.createProduct(h.admin, { name: '格力 KFR-35GW', category: '空调' });
    const policy = await h.services.sla.createPolicy(
      h.admin,
      policyBody.parse({ name: '空调快修', rank: 0, conditions: { productCategories: ['空调'] }, targets: [{ metric: 'first_response', minutes: 30, mode: 'calendar' }] }),
    );
    const owner = await customer(h, { name: '陈先生' });
    const machine = await asset(h, owner.id, { productId: product.id, productName: '格力 KFR-35GW' });
    const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: owner.id, assetId: machine.id, channel: 'phone', description: '空调不制冷' });
    const atIntake = await h.services.sla.clocksOf(h.admin, ticket.id);
    expect(atIntake.map((c) => [c.metric, c.policyId])).toEqual([['first_response', policy.id]]);
    // The first change recomputes from the same facts: the policy does not flip.
    await h.services.tickets.updateTicket(h.admin, ticket.id, ticket.version, { description: '空调不制冷，外机不转' });
    const afterChange = await h.services.sla.clocksOf(h.admin, ticket.id);
    expect(afterChange.map((c) => [c.metric, c.policyId])).toEqual([['first_response', policy.id]]);
  });

  it('C1: a ticket accepted at 16:30 on 30 September 2026 must be dispatched by 11:30 on 8 October', async () => {
    // 16:30 in Shanghai is 08:30 UTC.
    const { ticket, act, clocks } = await setup('2026-09-30T08:00:00Z');
    const t = await ticket();
    h.clock.set('2026-09-30T08:30:00Z');
    await act(t.id, 'accept');
    const c = await clocks(t.id);
    expect(c.accept_to_dispatch).toMatchObject({ state: 'running' });
    expect(c.accept_to_dispatch!.dueAt!.toISOString()).toBe('2026-10-08T03:30:00.000Z');
    expect(c.accept_to_dispatch!.remainingMs).toBe(4 * H);
  });

  it('C1: a breach escalates once to the supervisor, however often the scanner runs', async () => {
    const { ticket, act } = await setup('2026-11-26T01:00:00Z'); // Thursday 09:00
    const t = await ticket();
    await act(t.id, 'accept');
    h.clock.set('2026-11-26T03:30:00Z'); // 11:30: 2.5 of 4 business hours, past the 50 % warning
    expect(await scanAll()).toBe(1);
    h.clock.set('2026-11-26T06:05:00Z'); // 14:05: 4 business hours and 5 minutes after acceptance (lunch excluded)
    expect(await scanAll()).toBe(2); // the 75 % warning and the breach
    expect(await scanAll()).toBe(0);
    const messages = await outboxMessages(h.database.db, h.orgId);
    expect(messages.map((m) => m.topic).sort()).toEqual(['sla.escalated', 'sla.warning']);
    const events = await h.services.tickets.findEvents(h.admin, t.id);
    expect(events.filter((e) => e.type === 'escalated')).toHaveLength(1);
    const queue = await h.services.sla.breachQueue(h.admin, { limit: 10, offset: 0 });
    expect(queue).toMatchObject([{ ticketId: t.id, metric: 'accept_to_dispatch', state: 'breached' }]);
  });

  it('C1: the extended target takes a recorded reason', async () => {
    const { ticket, act, tech, clocks } = await setup('2026-11-26T01:00:00Z');
    const t = await ticket();
    await act(t.id, 'accept');
    await act(t.id, 'dispatch', { technicianId: tech.id });
    const before = (await clocks(t.id)).dispatch_to_completion!;
    expect(before.targetMs).toBe(6 * H);
    await h.services.tickets.extendClock(h.admin, t.id, 'dispatch_to_completion', '节假日前等待厂家配件');
    const after = (await clocks(t.id)).dispatch_to_completion!;
    expect(after).toMatchObject({ targetMs: 8 * H, extended: true, extensionReason: '节假日前等待厂家配件' });
    expect(after.trail.map((e) => e.what)).toContain('extended');
  });

  it('a ticket paused for parts stops the clocks its policy names and no others; resuming restarts them where they stopped', async () => {
    const { ticket, act, tech, clocks } = await setup('2026-11-26T01:00:00Z');
    const t = await ticket();
    await act(t.id, 'accept');
    await act(t.id, 'dispatch', { technicianId: tech.id });
    await act(t.id, 'start');
    h.clock.set('2026-11-26T02:00:00Z');
    await act(t.id, 'hold', { reason: '等压缩机', holdReason: 'waiting_parts' });
    h.clock.set('2026-11-26T05:00:00Z'); // 13:00
    const held = await clocks(t.id);
    expect(held.dispatch_to_completion).toMatchObject({ state: 'paused', elapsedMs: 1 * H });
    await act(t.id, 'resume');
    const resumed = await clocks(t.id);
    expect(resumed.dispatch_to_completion).toMatchObject({ state: 'running', elapsedMs: 1 * H });
    // Two business hours (10:00–12:00) were paused: the due instant moved on by exactly that.
    expect(resumed.dispatch_to_completion!.dueAt!.toISOString()).toBe('2026-11-26T10:00:00.000Z'); // 18:00
  });

  it('E3: a fault not cleared 8 hours after work began asks for a loaner, whose own 48-hour clock starts', async () => {
    const { ticket, act, tech, clocks } = await setup('2026-11-26T01:00:00Z', 'equipment');
    const t = await ticket();
    await act(t.id, 'accept');
    await act(t.id, 'dispatch', { technicianId: tech.id });
    await act(t.id, 'start');
    h.clock.advance(8 * H + 60_000);
    await scanAll();
    const c = await clocks(t.id);
    expect(c.work_to_clear!.state).toBe('breached');
    expect(c.loaner_delivery).toMatchObject({ state: 'running' });
    expect(c.loaner_delivery!.dueAt!.getTime()).toBe(h.clock().getTime() + 48 * H);
    await h.services.tickets.recordFieldEvent(h.admin, t.id, 'loaner_provided', '同型号备用机');
    expect((await clocks(t.id)).loaner_delivery!.state).toBe('met');
  });

  it('H3: a fault solved on the phone is called back within 3 hours', async () => {
    const { ticket, act, clocks } = await setup('2026-11-26T02:00:00Z', 'appliance');
    const t = await ticket();
    await act(t.id, 'accept');
    await act(t.id, 'close', { reason: '电话指导客户重置后恢复正常' });
    expect((await clocks(t.id)).phone_fix_callback).toMatchObject({ state: 'running', targetMs: 3 * H });
    h.clock.advance(2 * H);
    await h.services.tickets.recordFieldEvent(h.admin, t.id, 'callback', '客户确认已正常');
    expect((await clocks(t.id)).phone_fix_callback!.state).toBe('met');
  });

  it('H4: a technician not on site 3 hours after dispatch is taken off the job and the ticket returns to dispatch', async () => {
    const { ticket, act, tech, clocks } = await setup('2026-11-26T01:00:00Z', 'appliance');
    const t = await ticket();
    await act(t.id, 'accept');
    await act(t.id, 'dispatch', { technicianId: tech.id });
    expect((await clocks(t.id)).dispatch_to_arrival!.targetMs).toBe(3 * H);
    h.clock.advance(3 * H + 60_000);
    await scanAll();
    const after = await h.services.tickets.getTicket(h.admin, t.id);
    expect(after).toMatchObject({ status: 'accepted', assignee: null });
  });

  it('R4, R6: a contractor not on site within 24 hours (≤ ¥1000) is marked in default for settlement, at 200 %', async () => {
    const { ticket } = await setup('2026-11-26T01:00:00Z');
    const t = await ticket({ estimatedValueFen: 80_000 });
    // The contractors module will set this from the responsibility map; here the row says it.
    await setTicketContractor(h.database.db, h.orgId, t.id, '01a2d000-0000-7000-8000-000000000001');
    await h.services.tickets.recordFieldEvent(h.admin, t.id, 'callback', null); // any change recomputes the clocks
    const clock = (await h.services.sla.clocksOf(h.admin, t.id)).find((c) => c.metric === 'contractor_on_site')!;
    expect(clock.dueAt!.getTime() - clock.startedAt!.getTime()).toBe(24 * H);
    h.clock.advance(24 * H + 60_000);
    await scanAll();
    const events = await h.services.tickets.findEvents(h.admin, t.id);
    expect(events.find((e) => e.type === 'contractor_default')?.details).toMatchObject({ deductionRateBp: 20_000 });
  });

  it('R5: an emergency has 30 minutes to be dispatched, nights and holidays included', async () => {
    const { ticket, act, clocks } = await setup('2026-10-02T16:00:00Z'); // midnight into 3 October, a holiday
    const t = await ticket({ emergency: true });
    await act(t.id, 'accept');
    const c = (await clocks(t.id)).accept_to_dispatch!;
    expect(c.dueAt!.getTime() - h.clock().getTime()).toBe(30 * 60_000);
  });

  it('a policy change recomputes open tickets in the background, with progress', async () => {
    const { ticket, act, clocks } = await setup('2026-11-26T01:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = await ticket();
      await act(t.id, 'accept');
      ids.push(t.id);
    }
    const c1 = (await h.services.sla.listPolicies(h.admin)).find((p) => p.template === 'C1')!;
    const { id: _id, template: _t, version, ...body } = c1;
    await h.services.sla.updatePolicy(h.admin, c1.id, version, { ...body, targets: body.targets.map((x) => (x.metric === 'accept_to_dispatch' ? { ...x, minutes: 120 } : x)) });
    // Nothing changes inside the request that made the change…
    expect((await clocks(ids[0]!)).accept_to_dispatch!.targetMs).toBe(4 * H);
    await h.services.jobs.drain();
    // …the background job does it.
    for (const id of ids) expect((await clocks(id)).accept_to_dispatch!.targetMs).toBe(2 * H);
    expect(await h.services.sla.recomputeStatus(h.admin)).toMatchObject({ status: 'done', done: 3, total: 3 });
  });

  it('two scanners at once fire each threshold once', async () => {
    const { ticket, act } = await setup('2026-11-26T01:00:00Z');
    for (let i = 0; i < 20; i++) {
      const t = await ticket();
      await act(t.id, 'accept');
    }
    h.clock.advance(30 * 24 * H);
    const scanner = async (limit: number) => {
      let total = 0;
      for (let fired = await h.services.sla.scanOnce(limit); fired > 0; fired = await h.services.sla.scanOnce(limit)) total += fired;
      return total;
    };
    const fired = await Promise.all([scanner(5), scanner(5), scanner(1000), scanner(1000)]);
    expect(fired.reduce((a, b) => a + b, 0)).toBe(20 * 3);
    expect(await duplicateOutboxKeys(h.database.db)).toBe(0);
  });
});

describe('policies made from the settings follow them', () => {
  const minutesOf = (policy: { targets: { metric: string; minutes: number }[] } | undefined, metric: string) => policy?.targets.find((t) => t.metric === metric)?.minutes;
  const saveSettings = async (settings: Record<string, unknown>) => {
    const org = await h.services.identity.getOrganisation(h.orgId);
    return h.services.identity.updateOrganisation(h.admin, org.version, { settings });
  };

  it('changing the SLA and contractor minutes in the settings changes the policies made from them, and open tickets are recomputed in the background', async () => {
    const { ticket, act, clocks } = await setup('2026-11-26T01:00:00Z');
    const t = await ticket();
    await act(t.id, 'accept');
    expect((await clocks(t.id)).accept_to_dispatch!.targetMs).toBe(4 * H);

    await saveSettings({ sla: { acceptToDispatchMinutes: 120, warnAtBp: [6000] }, contractors: { onSiteFastMinutes: 12 * 60 } });
    const policies = await h.services.sla.listPolicies(h.admin);
    const c1 = policies.find((p) => p.template === 'C1')!;
    expect(minutesOf(c1, 'accept_to_dispatch')).toBe(120);
    expect(c1.targets.find((x) => x.metric === 'accept_to_dispatch')!.warnAtBp).toEqual([6000]);
    expect(minutesOf(policies.find((p) => p.template === 'R4'), 'contractor_on_site')).toBe(12 * 60);
    expect(policies.filter((p) => p.template).map((p) => p.followsSettings)).toEqual([true, true, true, true, true]);

    // As with any policy change, the open clocks move in the background job, not in the request.
    expect((await clocks(t.id)).accept_to_dispatch!.targetMs).toBe(4 * H);
    await h.services.jobs.drain();
    expect((await clocks(t.id)).accept_to_dispatch!.targetMs).toBe(2 * H);
    expect(await h.services.sla.recomputeStatus(h.admin)).toMatchObject({ status: 'done', reason: 'settings' });
  });

  it('a templated policy edited by hand keeps its own figures when the settings change, and says it no longer follows them', async () => {
    h = await createHarness({ clock: fixedClock('2026-11-26T01:00:00Z') });
    const before = await h.services.sla.listPolicies(h.admin);
    const c1 = before.find((p) => p.template === 'C1')!;
    expect(c1.followsSettings).toBe(true);
    const { id: _id, template: _t, version, followsSettings: _f, ...body } = c1;
    await h.services.sla.updatePolicy(h.admin, c1.id, version, { ...body, targets: body.targets.map((x) => (x.metric === 'dispatch_to_completion' ? { ...x, minutes: 300 } : x)) });
    // Renaming or switching off a policy leaves its figures alone: it still follows the settings.
    const r5 = before.find((p) => p.template === 'R5')!;
    const { id: _r, template: _rt, version: r5Version, followsSettings: _rf, ...r5Body } = r5;
    await h.services.sla.updatePolicy(h.admin, r5.id, r5Version, { ...r5Body, name: 'R5 紧急报修', active: false });

    await saveSettings({ sla: { acceptToDispatchMinutes: 120, emergencyDispatchMinutes: 20 } });
    const after = await h.services.sla.listPolicies(h.admin);
    const c1After = after.find((p) => p.template === 'C1')!;
    expect(minutesOf(c1After, 'accept_to_dispatch')).toBe(240);
    expect(minutesOf(c1After, 'dispatch_to_completion')).toBe(300);
    expect(c1After).toMatchObject({ followsSettings: false, version: c1.version + 1 });
    const r5After = after.find((p) => p.template === 'R5')!;
    expect(r5After).toMatchObject({ name: 'R5 紧急报修', active: false, followsSettings: true });
    expect(minutesOf(r5After, 'accept_to_dispatch')).toBe(20);
    // A policy of one's own has no template to follow.
    const own = await h.services.sla.createPolicy(h.admin, policyBody.parse({ name: '大客户', rank: 5, targets: [{ metric: 'first_response', minutes: 30, mode: 'calendar' }] }));
    expect(own.followsSettings).toBeNull();
  });

  it('settings that change no SLA figure leave the policies and their versions alone', async () => {
    h = await createHarness();
    const before = await h.services.sla.listPolicies(h.admin);
    await saveSettings({ contact: { retryAfterMinutes: 15 } });
    expect((await h.services.sla.listPolicies(h.admin)).map((p) => p.version)).toEqual(before.map((p) => p.version));
    expect(await h.services.sla.recomputeStatus(h.admin)).toBeNull();
  });
});
