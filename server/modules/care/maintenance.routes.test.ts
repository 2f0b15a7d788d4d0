import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addOrganisation } from '../../organisations';
import { systemActor } from '../identity';
import { customer, technician } from '../../test/fixtures';
import { ADMIN_PASSWORD, createAppHarness, type AppHarness } from '../../test/harness';
import { jobsOfKind, outboxOf } from '../../test/inspect';
import { caller, fieldsOf } from '../../test/http';

// The harness clock stands at 2026-11-27 10:00 in Shanghai.
let h: AppHarness;
let admin: ReturnType<typeof caller>;
beforeAll(async () => {
  h = await createAppHarness();
  admin = caller(h.app, h.adminToken);
});
afterAll(async () => {
  await h?.close();
});

async function watch(customerId: string, over: Record<string, unknown> = {}) {
  const response = await admin('POST', '/api/v1/assets', {
    customerId,
    kind: 'watch',
    brand: '名士',
    productName: '克里顿腕表',
    serialNumber: `BM-${Math.random().toString(36).slice(2, 10)}`,
    purchasedOn: '2026-01-10',
    attributes: { movement: 'automatic', waterResistance: '100m' },
    ...over,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

const item = (body: { items: { kind: string }[] }, kind: string) => body.items.find((i) => i.kind === kind);

describe('maintenance plans over HTTP', () => {
  it('W2: a water test recorded on a watch moves its next water test 12 months on', async () => {
    const owner = await customer(h);
    const { id } = await watch(owner.id);
    const before = (await admin('GET', `/api/v1/assets/${id}/maintenance`)).json();
    expect(item(before, 'water_test')).toMatchObject({ dueOn: '2027-01-10', lastDoneOn: null, overdue: false, basis: { rule: 'W2', setting: 'care.waterTestIntervalMonths', months: 12, from: 'purchase' } });
    // No water test missed yet: the automatic watch may stretch its full service to 60 months.
    expect(item(before, 'full_service')).toMatchObject({ dueOn: '2031-01-10', basis: { months: 60, stretched: true } });

    const recorded = await admin('POST', `/api/v1/assets/${id}/maintenance`, { kind: 'water_test', doneOn: '2026-11-20', note: '100米防水合格' });
    expect(recorded.statusCode, recorded.body).toBe(201);
    expect(recorded.json()).toMatchObject({ kind: 'water_test', doneOn: '2026-11-20', note: '100米防水合格', doneBy: { name: '系统管理员' } });
    const after = (await admin('GET', `/api/v1/assets/${id}/maintenance`)).json();
    expect(item(after, 'water_test')).toMatchObject({ dueOn: '2027-11-20', lastDoneOn: '2026-11-20', basis: { from: 'last_done' } });
    expect(after.history).toHaveLength(1);
  });

  it('W2: a watch that missed its water test is held to 48 months, and a changed setting changes the interval', async () => {
    const owner = await customer(h);
    const { id } = await watch(owner.id, { purchasedOn: '2025-03-08' });
    const plan = (await admin('GET', `/api/v1/assets/${id}/maintenance`)).json();
    expect(item(plan, 'water_test')).toMatchObject({ dueOn: '2026-03-08', overdue: true });
    expect(item(plan, 'full_service')).toMatchObject({ dueOn: '2029-03-08', basis: { setting: 'care.fullServiceIntervalMonthsMechanical', months: 48, stretched: false } });

    const changeCare = async (care: Record<string, unknown>) => {
      const org = await admin('GET', '/api/v1/organisation');
      const changed = await admin('PATCH', '/api/v1/organisation', { settingsGroups: { care } }, { headers: { 'if-match': org.headers.etag as string } });
      expect(changed.statusCode, changed.body).toBe(200);
    };
    await changeCare({ waterTestIntervalMonths: 6 });
    try {
      expect(item((await admin('GET', `/api/v1/assets/${id}/maintenance`)).json(), 'water_test')).toMatchObject({ dueOn: '2025-09-08', basis: { months: 6 } });
    } finally {
      await changeCare({});
    }
  });

  it('W2: an unknown kind, a day in the future and another organisation’s asset are refused', async () => {
    const owner = await customer(h);
    const { id } = await watch(owner.id);
    const unknown = await admin('POST', `/api/v1/assets/${id}/maintenance`, { kind: 'polish', doneOn: '2026-11-20' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(unknown.json())).toContain('body.kind');
    const future = await admin('POST', `/api/v1/assets/${id}/maintenance`, { kind: 'water_test', doneOn: '2026-11-28' });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors[0]).toMatchObject({ field: 'body.doneOn', code: 'future' });

    const other = await addOrganisation(h.services, { name: '另一家', code: 'other-maint', adminUsername: 'other_admin', adminPassword: ADMIN_PASSWORD });
    const otherActor = { ...systemActor(other.organisation.id, other.admin.id), username: 'other_admin', name: '系统管理员' };
    const stranger = await h.services.customers.createCustomer(otherActor, { name: '外单位客户', phone: '13900001111' });
    const theirs = await h.services.assets.createAsset(otherActor, { customerId: stranger.id, kind: 'watch', serialNumber: 'X-1', purchasedOn: '2026-01-01' });
    expect((await admin('GET', `/api/v1/assets/${theirs.id}/maintenance`)).statusCode).toBe(404);
    expect((await admin('POST', `/api/v1/assets/${theirs.id}/maintenance`, { kind: 'water_test', doneOn: '2026-11-20' })).statusCode).toBe(404);
    // Their site neither takes a contract nor a patrol from us.
    const theirSite = await h.services.customers.addSite(otherActor, stranger.id, { name: '外单位泵房', omContractUntil: '2027-12-31' });
    expect((await admin('PATCH', `/api/v1/sites/${theirSite.id}`, { omContractUntil: null })).statusCode).toBe(404);
    expect((await admin('POST', `/api/v1/sites/${theirSite.id}/patrols`, { doneOn: '2026-11-20', points: [{ assetId: theirs.id, fault: false }] })).statusCode).toBe(404);
    expect((await h.services.customers.findSite(other.organisation.id, theirSite.id))?.omContractUntil).toBe('2027-12-31');
  });

  it('W2: reading a plan needs assets.read and recording one assets.write', async () => {
    const owner = await customer(h);
    const { id } = await watch(owner.id);
    const support = caller(h.app, await h.tokenFor('tech_support'));
    expect((await support('GET', `/api/v1/assets/${id}/maintenance`)).statusCode).toBe(200);
    expect((await support('POST', `/api/v1/assets/${id}/maintenance`, { kind: 'water_test', doneOn: '2026-11-20' })).statusCode).toBe(403);
    const self = caller(h.app, await h.tokenFor('customer', { customerId: owner.id }));
    expect((await self('GET', `/api/v1/assets/${id}/maintenance`)).statusCode).toBe(403);
  });

  it('E4: equipment in warranty has its quarterly visit and half-yearly inspection, recorded ones move on', async () => {
    const owner = await customer(h);
    const created = await admin('POST', '/api/v1/assets', { customerId: owner.id, kind: 'equipment', productName: '中央空调机组', serialNumber: 'AC-0001', acceptedOn: '2026-09-01', warrantyBasis: 'acceptance', warrantyMonths: 24 });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const plan = (await admin('GET', `/api/v1/assets/${id}/maintenance`)).json();
    expect(item(plan, 'maintenance_visit')).toMatchObject({ dueOn: '2026-12-01', basis: { rule: 'E4', months: 3, from: 'warranty_start' } });
    expect(item(plan, 'inspection')).toMatchObject({ dueOn: '2027-03-01', basis: { rule: 'E4', months: 6 } });
    await admin('POST', `/api/v1/assets/${id}/maintenance`, { kind: 'maintenance_visit', doneOn: '2026-11-25' });
    expect(item((await admin('GET', `/api/v1/assets/${id}/maintenance`)).json(), 'maintenance_visit')).toMatchObject({ dueOn: '2027-02-25', lastDoneOn: '2026-11-25' });
  });

  it('E4: closing an inspection ticket on an asset records the inspection, once', async () => {
    const owner = await customer(h);
    const id = (await admin('POST', '/api/v1/assets', { customerId: owner.id, kind: 'appliance', productName: '商用洗碗机', serialNumber: 'DW-1', acceptedOn: '2026-06-01', warrantyBasis: 'acceptance', warrantyMonths: 24 })).json().id;
    const tech = await technician(h, { name: '孙师傅' });
    const ticket = (await admin('POST', '/api/v1/tickets', { customerId: owner.id, assetId: id, channel: 'phone', type: 'inspection', description: '半年巡检' })).json();
    let version = ticket.version as number;
    for (const body of [{ action: 'accept' }, { action: 'dispatch', technicianId: tech.id }, { action: 'start' }, { action: 'complete' }, { action: 'close' }]) {
      const moved = await admin('POST', `/api/v1/tickets/${ticket.id}/transitions`, body, { headers: { 'if-match': String(version) } });
      expect(moved.statusCode, `${body.action}: ${moved.body}`).toBe(200);
      version = moved.json().version;
    }
    const plan = (await admin('GET', `/api/v1/assets/${id}/maintenance`)).json();
    expect(plan.history).toEqual([expect.objectContaining({ kind: 'inspection', doneOn: '2026-11-27', ticketId: ticket.id, doneBy: { id: tech.id, name: '孙师傅' } })]);
    expect(item(plan, 'inspection')).toMatchObject({ lastDoneOn: '2026-11-27', dueOn: '2027-05-27' });

    // Reopened (back to its technician) and closed again: still one inspection.
    for (const body of [{ action: 'reopen', reason: '复查' }, { action: 'start' }, { action: 'complete' }, { action: 'close' }]) {
      const moved = await admin('POST', `/api/v1/tickets/${ticket.id}/transitions`, body, { headers: { 'if-match': String(version) } });
      expect(moved.statusCode, `${body.action}: ${moved.body}`).toBe(200);
      version = moved.json().version;
    }
    expect((await admin('GET', `/api/v1/assets/${id}/maintenance`)).json().history).toHaveLength(1);
  });

  it('E4: a patrol of a site under an O&M contract records every point and a fault becomes a ticket on its asset', async () => {
    const owner = await customer(h);
    const site = await admin('POST', `/api/v1/customers/${owner.id}/sites`, { name: '一号泵房', omContractUntil: '2027-12-31' });
    expect(site.statusCode, site.body).toBe(201);
    const siteId = site.json().id;
    const pump = (await admin('POST', '/api/v1/assets', { customerId: owner.id, siteId, kind: 'machinery', productName: '供水泵', serialNumber: 'P-1', installedOn: '2026-10-01' })).json();
    const valve = (await admin('POST', '/api/v1/assets', { customerId: owner.id, siteId, kind: 'machinery', productName: '减压阀', serialNumber: 'V-1', installedOn: '2026-10-01' })).json();
    const elsewhere = (await admin('POST', '/api/v1/assets', { customerId: owner.id, kind: 'machinery', productName: '备用泵', serialNumber: 'P-2' })).json();
    expect(item((await admin('GET', `/api/v1/assets/${pump.id}/maintenance`)).json(), 'patrol')).toMatchObject({ dueOn: '2026-12-01', basis: { rule: 'E4', setting: 'care.patrolIntervalMonths', months: 2 } });

    const notHere = await admin('POST', `/api/v1/sites/${siteId}/patrols`, { doneOn: '2026-11-26', points: [{ assetId: elsewhere.id, fault: false }] });
    expect(notHere.statusCode).toBe(422);
    expect(fieldsOf(notHere.json())).toEqual(['body.points.0.assetId']);

    const patrol = await admin('POST', `/api/v1/sites/${siteId}/patrols`, {
      doneOn: '2026-11-26',
      points: [
        { assetId: pump.id, fault: true, finding: '轴封渗漏' },
        { assetId: valve.id, fault: false },
      ],
    });
    expect(patrol.statusCode, patrol.body).toBe(201);
    const { records, tickets } = patrol.json();
    expect(records).toHaveLength(2);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ assetId: pump.id });
    expect(records.find((r: { assetId: string }) => r.assetId === pump.id)).toMatchObject({ kind: 'patrol', ticketId: tickets[0].id, note: '轴封渗漏' });
    const ticket = (await admin('GET', `/api/v1/tickets/${tickets[0].id}`)).json();
    expect(ticket).toMatchObject({ assetId: pump.id, customerId: owner.id, type: 'repair' });
    expect(ticket.description).toContain('轴封渗漏');
    expect(item((await admin('GET', `/api/v1/assets/${valve.id}/maintenance`)).json(), 'patrol')).toMatchObject({ dueOn: '2027-01-26', lastDoneOn: '2026-11-26' });

    // The contract ends: no more patrols planned.
    const ended = await admin('PATCH', `/api/v1/sites/${siteId}`, { omContractUntil: null });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(item((await admin('GET', `/api/v1/assets/${valve.id}/maintenance`)).json(), 'patrol')).toBeUndefined();
    expect((await admin('POST', `/api/v1/sites/00000000-0000-7000-8000-000000000000/patrols`, { doneOn: '2026-11-26', points: [{ assetId: pump.id, fault: false }] })).statusCode).toBe(404);
  });

  it('A1, W2: the daily run lists one call per due item with the callbacks and tells the customer, once', async () => {
    const owner = await customer(h);
    // Bought 2025-12-15: its first water test is due 2026-12-15, within 30 days of today.
    const { id } = await watch(owner.id, { purchasedOn: '2025-12-15' });
    const first = await h.services.care.raiseMaintenanceReminders(h.orgId);
    expect(first.raised).toBeGreaterThanOrEqual(1);
    const again = await h.services.care.raiseMaintenanceReminders(h.orgId);
    expect(again.raised).toBe(0);

    const tasks = (await admin('GET', '/api/v1/follow-up-tasks?kind=maintenance_due')).json().items.filter((t: { assetId: string }) => t.assetId === id);
    expect(tasks).toEqual([expect.objectContaining({ kind: 'maintenance_due', maintenanceKind: 'water_test', maintenanceDueOn: '2026-12-15', customer: { id: owner.id, name: owner.name } })]);
    const messages = (await outboxOf(h, 'maintenance.water_test')).filter((m) => (m.payload as { assetId: string }).assetId === id);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ recipient: `customer:${owner.id}` });
    // The full service is years away: no reminder for it.
    expect((await outboxOf(h, 'maintenance.full_service')).filter((m) => (m.payload as { assetId: string }).assetId === id)).toHaveLength(0);

    // Recording the water test closes its call.
    await admin('POST', `/api/v1/assets/${id}/maintenance`, { kind: 'water_test', doneOn: '2026-11-27' });
    const open = (await admin('GET', '/api/v1/follow-up-tasks?kind=maintenance_due')).json().items.filter((t: { assetId: string }) => t.assetId === id);
    expect(open).toEqual([]);
  });

  it('A1: the reminders run every morning at 06:00 in the organisation’s zone and queue the next day’s', async () => {
    const owner = await customer(h);
    const { id } = await watch(owner.id, { purchasedOn: '2025-12-20' });
    const [queued] = await jobsOfKind(h.database.db, 'care.maintenance-reminders');
    expect(queued!.runAt.toISOString()).toBe('2026-11-27T22:00:00.000Z');
    h.clock.set('2026-11-27T22:00:00Z');
    await h.services.jobs.drain();
    expect((await outboxOf(h, 'maintenance.water_test')).filter((m) => (m.payload as { assetId: string }).assetId === id)).toHaveLength(1);
    const runs = await jobsOfKind(h.database.db, 'care.maintenance-reminders');
    expect(runs.map((j) => j.runAt.toISOString())).toContain('2026-11-28T22:00:00.000Z');
  });
});
