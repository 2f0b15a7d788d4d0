import { afterEach, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, TEST_PASSWORD, type AppHarness } from '../../test/harness';

/*
 * Steps kept on a phone without signal and sent later carry the phone's time (`clientAt`):
 * it stands for the step when it is not in the future and not before the previous step;
 * the server's receipt is kept beside it, and a long gap is flagged for a supervisor.
 */
const M = 60_000;
let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

async function setup() {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T01:00:00Z') });
  const tech = await h.actorWithRole('technician', { name: '何亮' });
  const customer = await h.services.customers.createCustomer(h.admin, { name: '孙先生', phone: '13900005678', address: '上海市浦东新区张杨路 500 号' });
  // Equipment is counted by a policy with an arrival clock (2 hours from dispatch).
  const asset = await h.services.assets.createAsset(h.admin, { customerId: customer.id, serialNumber: 'AC-2201', productName: '中央空调机组', kind: 'equipment' });
  const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, assetId: asset.id, channel: 'phone', description: '空调不制冷' });
  const act = async (action: string, more: Record<string, unknown> = {}) => {
    const t = await h.services.tickets.getTicket(h.admin, ticket.id);
    return h.services.tickets.transition(h.admin, ticket.id, t.version, { action: action as never, ...more });
  };
  await act('accept');
  await act('dispatch', { technicianId: tech.userId });
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: tech.username, password: TEST_PASSWORD } });
  const token = login.json().token as string;
  const post = (body: Record<string, unknown>) =>
    h.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/field/steps`, headers: { authorization: `Bearer ${token}` }, payload: body });
  return { tech, ticket, post };
}

describe('steps kept offline and sent later', () => {
  it('stamps the step at the phone’s time, keeps the server’s receipt beside it, and feeds the SLA arrival from the phone’s time', async () => {
    const { tech, ticket, post } = await setup();
    expect((await post({ kind: 'depart', transport: 'company' })).statusCode).toBe(200);
    h.clock.advance(40 * M);
    const tapped = h.clock();
    // 20 minutes in a basement car park: the phone keeps the arrival and the start.
    h.clock.advance(20 * M);
    const arrived = await post({ kind: 'arrive', clientAt: tapped.toISOString() });
    expect(arrived.statusCode).toBe(200);
    expect((await post({ kind: 'start', clientAt: new Date(tapped.getTime() + M).toISOString() })).statusCode).toBe(200);

    const day = await h.services.fieldwork.dayOf(tech, ticket.id);
    const arrive = day.steps.find((s) => s.kind === 'arrive')!;
    expect(arrive.at.toISOString()).toBe(tapped.toISOString());
    expect(arrive.receivedAt!.toISOString()).toBe(h.clock().toISOString());
    expect(arrive.lateFlagged).toBe(false);
    // A step sent at once carries the server's time and is not flagged.
    expect(day.steps[0]).toMatchObject({ kind: 'depart', lateFlagged: false });

    // The clock waiting for the arrival stopped when the technician arrived, not at reconnection.
    const clocks = await h.services.sla.clocksOf(h.admin, ticket.id);
    const arrival = clocks.find((c) => c.metric === 'dispatch_to_arrival')!;
    expect(arrival.stoppedAt!.toISOString()).toBe(tapped.toISOString());
    expect(arrival.elapsedMs).toBe(40 * M);
    // The ticket started at the phone's time too.
    const history = await h.services.tickets.findEvents(h.admin, ticket.id);
    const arriveEvent = history.find((e) => e.type === 'field_step' && (e.details as { kind: string }).kind === 'arrive')!;
    expect(new Date(arriveEvent.at).toISOString()).toBe(tapped.toISOString());
    expect(arriveEvent.details).toMatchObject({ lateMinutes: 20 });
  });

  it('refuses a phone time in the future beyond the tolerance setting, as problem+json with a stable code', async () => {
    const { post } = await setup();
    const ahead = await post({ kind: 'acknowledge', clientAt: new Date(h.clock().getTime() + 10 * M).toISOString() });
    expect(ahead.statusCode).toBe(422);
    expect(ahead.headers['content-type']).toContain('application/problem+json');
    expect(ahead.json()).toMatchObject({ code: 'CLIENT_TIME_IN_FUTURE' });
    // A phone a minute ahead is within the tolerance (120 s by default) and reads as now.
    const slightly = await post({ kind: 'acknowledge', clientAt: new Date(h.clock().getTime() + M).toISOString() });
    expect(slightly.statusCode).toBe(200);
    expect(new Date(slightly.json().steps[0].at).toISOString()).toBe(h.clock().toISOString());
  });

  it('refuses a phone time before the technician’s previous step on the job', async () => {
    const { post } = await setup();
    expect((await post({ kind: 'depart', transport: 'public' })).statusCode).toBe(200);
    h.clock.advance(30 * M);
    const early = await post({ kind: 'arrive', clientAt: new Date(h.clock().getTime() - 45 * M).toISOString() });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'CLIENT_TIME_BEFORE_PREVIOUS' });
    expect(early.json().errors?.[0]).toMatchObject({ field: 'body.clientAt' });
  });

  it('takes a kept step sent twice (the first answer lost on the way) once', async () => {
    const { tech, ticket, post } = await setup();
    const tapped = h.clock();
    h.clock.advance(3 * M);
    const body = { kind: 'arrive', clientAt: tapped.toISOString() };
    expect((await post(body)).statusCode).toBe(200);
    h.clock.advance(M);
    expect((await post(body)).statusCode).toBe(200);
    expect((await h.services.fieldwork.dayOf(tech, ticket.id)).steps.map((s) => s.kind)).toEqual(['arrive']);
    // A second arrival at another time is still out of order.
    expect((await post({ kind: 'arrive', clientAt: h.clock().toISOString() })).json()).toMatchObject({ code: 'STEP_NOT_ALLOWED' });
  });

  it('flags a step that reached the server later than the offline-gap setting', async () => {
    const { tech, ticket, post } = await setup();
    const org = await h.services.identity.getOrganisation(h.orgId);
    await h.services.identity.updateOrganisation(h.admin, org.version, { settings: { fieldwork: { offlineGapFlagMinutes: 45 } } });
    await post({ kind: 'depart', transport: 'company' });
    h.clock.advance(10 * M);
    const tapped = h.clock();
    h.clock.advance(44 * M);
    await post({ kind: 'arrive', clientAt: tapped.toISOString() });
    h.clock.advance(M);
    const startTapped = h.clock();
    h.clock.advance(46 * M);
    await post({ kind: 'start', clientAt: startTapped.toISOString() });
    const day = await h.services.fieldwork.dayOf(tech, ticket.id);
    expect(day.steps.map((s) => [s.kind, s.lateFlagged])).toEqual([
      ['depart', false],
      ['arrive', false],
      ['start', true],
    ]);
    // Hours and pay read the phone's time: the direct time starts at the tapped start.
    expect(day.steps.find((s) => s.kind === 'start')!.at.toISOString()).toBe(startTapped.toISOString());
  });
});

describe('a work report kept offline and sent later', () => {
  it('finishes the job at the phone’s time, and is refused when that time is before the last step', async () => {
    const { tech, ticket, post } = await setup();
    await post({ kind: 'arrive' });
    await post({ kind: 'start' });
    h.clock.advance(50 * M);
    const finished = h.clock();
    h.clock.advance(35 * M);
    const report = { faultFound: '冷媒不足', workDone: '补充冷媒，试机正常', instructed: ['operation', 'care', 'safety'] as ('operation' | 'care' | 'safety')[], signerName: '孙先生' };
    await expect(h.services.fieldwork.submitWorkReport(tech, ticket.id, { ...report, clientAt: new Date(h.clock().getTime() - 2 * 60 * M).toISOString() })).rejects.toMatchObject({ code: 'CLIENT_TIME_BEFORE_PREVIOUS' });
    const day = await h.services.fieldwork.submitWorkReport(tech, ticket.id, { ...report, clientAt: finished.toISOString() });
    const finish = day.steps.find((s) => s.kind === 'finish')!;
    expect(finish.at.toISOString()).toBe(finished.toISOString());
    expect(finish).toMatchObject({ lateFlagged: true });
    expect(day.report!.submittedAt.toISOString()).toBe(finished.toISOString());
  });
});
