import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { technician } from '../../test/fixtures';
import { caller } from '../../test/http';

let h: AppHarness;
beforeAll(async () => {
  // Monday 30 November 2026, 10:00 in Shanghai.
  h = await createAppHarness({ clock: fixedClock('2026-11-30T02:00:00Z') });
});
afterAll(async () => {
  await h?.close();
});

describe('a technician’s grade and employment status over time', () => {
  it('M1: an administrator changes the grade and status from a day; today’s pair changes on that day, the history keeps each with its day, and pay reads the one in force', async () => {
    const tech = await technician(h, { name: '老周', grade: 'junior', employmentStatus: 'probation' });
    const api = caller(h.app, h.adminToken);
    // Promoted from 1 December, regular from the same day: tomorrow, in Shanghai.
    const promoted = await api('POST', `/api/v1/users/${tech.id}/grades`, { effectiveOn: '2026-12-01', grade: 'intermediate', employmentStatus: 'regular', note: '年度考核通过' });
    expect(promoted.statusCode, promoted.body).toBe(201);
    expect(promoted.json().items.map((c: { effectiveOn: string; grade: string; employmentStatus: string }) => [c.effectiveOn, c.grade, c.employmentStatus])).toEqual([
      ['2026-12-01', 'intermediate', 'regular'],
      ['2026-11-30', 'junior', 'probation'],
    ]);
    expect(promoted.json().items[0]).toMatchObject({ note: '年度考核通过', recordedBy: { name: '系统管理员' } });
    // Today is still November: the user (and dispatch, which reads it) keeps the old pair.
    expect((await api('GET', `/api/v1/users/${tech.id}`)).json()).toMatchObject({ grade: 'junior', employmentStatus: 'probation' });
    expect(await h.services.identity.gradeOn(h.orgId, tech.id, '2026-11-30')).toMatchObject({ grade: 'junior', employmentStatus: 'probation' });
    expect(await h.services.identity.gradeOn(h.orgId, tech.id, '2026-12-31')).toMatchObject({ grade: 'intermediate', employmentStatus: 'regular', since: '2026-12-01' });
    // At 00:00 on 1 December in Shanghai (16:00 UTC the day before) the change takes effect.
    h.clock.set('2026-11-30T15:59:00Z');
    await h.services.jobs.drain();
    expect((await h.services.identity.getUser(h.orgId, tech.id)).grade).toBe('junior');
    h.clock.set('2026-11-30T16:00:01Z');
    await h.services.jobs.drain();
    expect(await h.services.identity.getUser(h.orgId, tech.id)).toMatchObject({ grade: 'intermediate', employmentStatus: 'regular' });
  });

  it('M1: a change back-dated to last month corrects that month for pay, and leaves what came after it', async () => {
    h.clock.set('2026-11-30T02:00:00Z');
    const tech = await technician(h, { grade: 'senior', employmentStatus: 'regular' });
    const api = caller(h.app, h.adminToken);
    await api('POST', `/api/v1/users/${tech.id}/grades`, { effectiveOn: '2026-10-01', employmentStatus: 'trial', note: '补录：十月试用' });
    // Only the status was given: the grade in force on 1 October (none recorded then) is the current one.
    expect(await h.services.identity.gradeOn(h.orgId, tech.id, '2026-10-15')).toMatchObject({ grade: 'senior', employmentStatus: 'trial' });
    // The record made today, when the technician was created, is still in force today.
    expect(await h.services.identity.gradeOn(h.orgId, tech.id, '2026-11-30')).toMatchObject({ grade: 'senior', employmentStatus: 'regular' });
    expect((await h.services.identity.getUser(h.orgId, tech.id)).employmentStatus).toBe('regular');
  });

  it('M1: editing the grade on the user records it from today; grades are only for technicians', async () => {
    h.clock.set('2026-11-30T02:00:00Z');
    const tech = await technician(h, { grade: 'junior' });
    const api = caller(h.app, h.adminToken);
    const user = (await api('GET', `/api/v1/users/${tech.id}`)).json();
    const edited = await api('PATCH', `/api/v1/users/${tech.id}`, { grade: 'senior' }, { ifMatch: user.version });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().grade).toBe('senior');
    const history = (await api('GET', `/api/v1/users/${tech.id}/grades`)).json().items;
    expect(history.map((c: { effectiveOn: string; grade: string }) => [c.effectiveOn, c.grade])).toEqual([
      ['2026-11-30', 'senior'],
      ['2026-11-30', 'junior'],
    ]);
    const agent = await h.actorWithRole('hotline_agent');
    const refused = await api('POST', `/api/v1/users/${agent.userId}/grades`, { effectiveOn: '2026-12-01', grade: 'senior' });
    expect(refused.statusCode).toBe(400);
    const nothing = await api('POST', `/api/v1/users/${tech.id}/grades`, { effectiveOn: '2026-12-01' });
    expect(nothing.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.grade']);
    const asDispatcher = caller(h.app, await h.tokenFor('dispatcher'));
    expect((await asDispatcher('POST', `/api/v1/users/${tech.id}/grades`, { effectiveOn: '2026-12-01', grade: 'junior' })).statusCode).toBe(403);
  });

  it('S18: a user links only to a customer of their own organisation, and only a customer user to a customer', async () => {
    const api = caller(h.app, h.adminToken);
    const customer = (await api('POST', '/api/v1/customers', { name: '客户甲', phone: '13900009999' })).json();
    const elsewhere = '01a22ac8-0000-7000-8000-000000000042';
    const foreign = await api('POST', '/api/v1/users', { username: 'cust_foreign', password: 'Harness-key-4821', name: '外部', role: 'customer', customerId: elsewhere });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().code).toBe('INVALID_REFERENCE');
    const wrongRole = await api('POST', '/api/v1/users', { username: 'agent_linked', password: 'Harness-key-4821', name: '客服', role: 'hotline_agent', customerId: customer.id });
    expect(wrongRole.statusCode).toBe(400);
    const ok = await api('POST', '/api/v1/users', { username: 'cust_ok', password: 'Harness-key-4821', name: '客户甲', role: 'customer', customerId: customer.id });
    expect(ok.statusCode, ok.body).toBe(201);
    const moved = await api('PATCH', `/api/v1/users/${ok.json().id}`, { customerId: elsewhere }, { ifMatch: ok.json().version });
    expect(moved.statusCode).toBe(422);
  });
});
