import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';

/** What an administrator does to users and teams: teams as a list, edits, password resets, the last-admin guard. */
let h: AppHarness;
let counter = 0;
const unique = (prefix: string) => `${prefix}${++counter}`;
const PASSWORD = process.env.TEST_PASSWORD ?? 'Harness-key-4821';

beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const inject = (options: InjectOptions) => h.app.inject(options);
const asAdmin = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  inject({ method, url, headers: { ...bearer(h.adminToken), ...headers }, ...(payload !== undefined ? { payload: payload as InjectOptions['payload'] } : {}) });
const login = (username: string, password: string) => inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const me = (token: string) => inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer(token) });

async function newUser(role: string, extra: Record<string, unknown> = {}) {
  const username = unique(role.replace('_', ''));
  const created = await asAdmin('POST', '/api/v1/users', { username, password: PASSWORD, name: `用户${username}`, role, ...extra });
  expect(created.statusCode, created.body).toBe(201);
  const token = (await login(username, PASSWORD)).json().token as string;
  return { ...(created.json() as { id: string; version: number; teamId: string | null; team: string | null }), username, token };
}

async function newTeam(name = unique('班组')) {
  const response = await asAdmin('POST', '/api/v1/teams', { name });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; name: string; version: number; active: boolean; members: number };
}

describe('teams as a managed list', () => {
  it('creates, lists, renames and deletes teams; a user in a team shows its name, and follows a rename', async () => {
    const team = await newTeam('南山一组');
    expect(team).toMatchObject({ name: '南山一组', active: true, members: 0 });
    const tech = await newUser('technician', { teamId: team.id });
    expect(tech).toMatchObject({ teamId: team.id, team: '南山一组' });

    const listed = (await asAdmin('GET', '/api/v1/teams')).json().items as { id: string; members: number }[];
    expect(listed.find((t) => t.id === team.id)?.members).toBe(1);

    const renamed = await asAdmin('PATCH', `/api/v1/teams/${team.id}`, { name: '南山二组' }, { 'if-match': String(team.version) });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect((await asAdmin('GET', `/api/v1/users/${tech.id}`)).json().team).toBe('南山二组');
    // Dispatch groups technicians by the team's name.
    const board = await asAdmin('GET', `/api/v1/dispatch/technicians?team=${encodeURIComponent('南山二组')}`);
    expect(board.statusCode, board.body).toBe(200);
    expect(JSON.stringify(board.json())).toContain(tech.id);

    const inUse = await asAdmin('DELETE', `/api/v1/teams/${team.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().code).toBe('TEAM_IN_USE');

    const spare = await newTeam();
    expect((await asAdmin('DELETE', `/api/v1/teams/${spare.id}`)).statusCode).toBe(204);
    expect((await asAdmin('GET', '/api/v1/teams')).json().items.some((t: { id: string }) => t.id === spare.id)).toBe(false);
  });

  it('refuses a name the organisation already has (409, per field) and a blank one (400, per field)', async () => {
    const team = await newTeam();
    const again = await asAdmin('POST', '/api/v1/teams', { name: team.name });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ALREADY_EXISTS', errors: [{ field: 'body.name', code: 'taken' }] });
    expect(again.json().detail).toContain(team.name);

    const other = await newTeam();
    const clash = await asAdmin('PATCH', `/api/v1/teams/${other.id}`, { name: team.name }, { 'if-match': String(other.version) });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().code).toBe('ALREADY_EXISTS');

    const blank = await asAdmin('POST', '/api/v1/teams', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.name' }] });
    expect(blank.json().errors[0].message).toBeTruthy();
  });

  it('puts nobody in an unknown or inactive team', async () => {
    const tech = await newUser('technician');
    const unknown = await asAdmin('PATCH', `/api/v1/users/${tech.id}`, { teamId: '0190a000-0000-7000-8000-000000000000' }, { 'if-match': String(tech.version) });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'INVALID_REFERENCE', errors: [{ field: 'body.teamId' }] });

    const team = await newTeam();
    await asAdmin('PATCH', `/api/v1/teams/${team.id}`, { active: false }, { 'if-match': String(team.version) });
    const inactive = await asAdmin('PATCH', `/api/v1/users/${tech.id}`, { teamId: team.id }, { 'if-match': String(tech.version) });
    expect(inactive.statusCode).toBe(422);
    expect((await asAdmin('GET', '/api/v1/teams?active=true')).json().items.some((t: { id: string }) => t.id === team.id)).toBe(false);
  });

  it('lets those who read users or dispatch list teams, and only administrators change them (403)', async () => {
    const dispatcher = await newUser('dispatcher');
    const technician = await newUser('technician');
    expect((await inject({ method: 'GET', url: '/api/v1/teams', headers: bearer(dispatcher.token) })).statusCode).toBe(200);
    const create = await inject({ method: 'POST', url: '/api/v1/teams', headers: bearer(dispatcher.token), payload: { name: unique('组') } });
    expect(create.statusCode).toBe(403);
    expect(create.json().code).toBe('FORBIDDEN');
    // A technician and a QC inspector read neither users nor the board.
    for (const role of ['technician', 'qc_inspector']) {
      const reader = role === 'technician' ? technician : await newUser(role);
      const list = await inject({ method: 'GET', url: '/api/v1/teams', headers: bearer(reader.token) });
      expect(list.statusCode, role).toBe(403);
      expect(list.json().code).toBe('FORBIDDEN');
    }
    const patch = await inject({ method: 'PATCH', url: '/api/v1/teams/0190a000-0000-7000-8000-000000000000', headers: { ...bearer(dispatcher.token), 'if-match': '1' }, payload: { name: 'x' } });
    expect(patch.statusCode).toBe(403);
    const remove = await inject({ method: 'DELETE', url: '/api/v1/teams/0190a000-0000-7000-8000-000000000000', headers: bearer(dispatcher.token) });
    expect(remove.statusCode).toBe(403);
  });
});

describe('editing a user', () => {
  it('changes name, role, team, phone, e-mail and active at the version read; a stale version is 409', async () => {
    const team = await newTeam();
    const user = await newUser('hotline_agent');
    const saved = await asAdmin(
      'PATCH',
      `/api/v1/users/${user.id}`,
      { name: '王小明', role: 'dispatcher', teamId: team.id, phone: '13800138000', email: 'wxm@example.cn' },
      { 'if-match': String(user.version) },
    );
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ name: '王小明', role: 'dispatcher', teamId: team.id, team: team.name, phone: '13800138000', email: 'wxm@example.cn' });
    const stale = await asAdmin('PATCH', `/api/v1/users/${user.id}`, { name: '又改' }, { 'if-match': String(user.version) });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    const cleared = await asAdmin('PATCH', `/api/v1/users/${user.id}`, { teamId: null }, { 'if-match': String(saved.json().version) });
    expect(cleared.json()).toMatchObject({ teamId: null, team: null });
  });

  it('says per field what is wrong (400)', async () => {
    const user = await newUser('finance');
    const bad = await asAdmin('PATCH', `/api/v1/users/${user.id}`, { name: '', phone: 'abc', email: 'not-mail', role: 'king' }, { 'if-match': String(user.version) });
    expect(bad.statusCode).toBe(400);
    const fields = (bad.json().errors as { field: string; message: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['body.email', 'body.name', 'body.phone', 'body.role']);
    for (const e of bad.json().errors) expect(e.message).toBeTruthy();
  });

  it('finds users by name, login or phone, and filters by role, team and active', async () => {
    const team = await newTeam();
    const a = await newUser('technician', { teamId: team.id, phone: '13900001111', name: '搜索甲' });
    const b = await newUser('technician', { phone: '13900002222' });
    const ids = async (query: string) => ((await asAdmin('GET', `/api/v1/users?${query}`)).json().items as { id: string }[]).map((u) => u.id);
    expect(await ids(`q=${encodeURIComponent('搜索甲')}`)).toEqual([a.id]);
    expect(await ids('q=13900002222')).toEqual([b.id]);
    expect(await ids(`q=${a.username}`)).toContain(a.id);
    expect(await ids(`teamId=${team.id}`)).toEqual([a.id]);
    expect(await ids(`role=technician&teamId=${team.id}&active=true`)).toEqual([a.id]);
    expect(await ids(`role=finance&teamId=${team.id}`)).toEqual([]);
  });

  it('refuses a change of users to those without users.manage (403)', async () => {
    const dispatcher = await newUser('dispatcher');
    const other = await newUser('technician');
    const patch = await inject({ method: 'PATCH', url: `/api/v1/users/${other.id}`, headers: { ...bearer(dispatcher.token), 'if-match': String(other.version) }, payload: { name: 'x' } });
    expect(patch.statusCode).toBe(403);
    const reset = await inject({ method: 'POST', url: `/api/v1/users/${other.id}/password-reset`, headers: bearer(dispatcher.token), payload: {} });
    expect(reset.statusCode).toBe(403);
  });
});

describe('deactivating and resetting a password end the user’s sessions', () => {
  it('a deactivated user’s session and token stop working at once', async () => {
    const user = await newUser('dispatcher');
    expect((await me(user.token)).statusCode).toBe(200);
    const off = await asAdmin('PATCH', `/api/v1/users/${user.id}`, { active: false }, { 'if-match': String(user.version) });
    expect(off.statusCode, off.body).toBe(200);
    expect((await me(user.token)).statusCode).toBe(401);
    expect((await login(user.username, PASSWORD)).statusCode).toBe(401);
  });

  it('a temporary password is answered once, signs in, and ends the old sessions', async () => {
    const user = await newUser('technician');
    const reset = await asAdmin('POST', `/api/v1/users/${user.id}/password-reset`, {});
    expect(reset.statusCode, reset.body).toBe(200);
    const temporary = reset.json().temporaryPassword as string;
    expect(temporary).toMatch(/^[A-Za-z0-9]{14}$/);
    expect((await me(user.token)).statusCode).toBe(401);
    expect((await login(user.username, PASSWORD)).statusCode).toBe(401);
    const signedIn = await login(user.username, temporary);
    expect(signedIn.statusCode).toBe(200);
    // The administrator knows it: the user is asked for their own before anything else.
    const token = signedIn.json().token as string;
    expect((await me(token)).json().mustChangePassword).toBe(true);
    // Not only the web asks: the API refuses everything else until then.
    const blocked = await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token) });
    expect([blocked.statusCode, blocked.json().code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    const changed = await inject({ method: 'POST', url: '/api/v1/auth/password', headers: bearer(token), payload: { currentPassword: temporary, newPassword: 'Ziji-de-mima-88' } });
    expect(changed.statusCode, changed.body).toBe(204);
    expect((await me(token)).json().mustChangePassword).toBe(false);
    expect((await inject({ method: 'GET', url: '/api/v1/tickets', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('a password the administrator types is not echoed, and must pass the password rule (400)', async () => {
    const user = await newUser('finance');
    const weak = await asAdmin('POST', `/api/v1/users/${user.id}/password-reset`, { password: 'password123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0]).toMatchObject({ field: 'body.password' });
    expect((await me(user.token)).statusCode).toBe(200);
    const typed = await asAdmin('POST', `/api/v1/users/${user.id}/password-reset`, { password: 'Qiang-mima-2026!' });
    expect(typed.json()).toEqual({ temporaryPassword: null });
    expect((await me(user.token)).statusCode).toBe(401);
    expect((await login(user.username, 'Qiang-mima-2026!')).statusCode).toBe(200);
  });
});

describe('the last administrator', () => {
  it('cannot deactivate or demote themselves while no other administrator is active (409 LAST_ADMIN); can once another is', async () => {
    const admins = (await asAdmin('GET', '/api/v1/users?role=admin&active=true')).json().items as { id: string; version: number }[];
    // Leave the harness's own administrator the only active one.
    const self = (await asAdmin('GET', '/api/v1/auth/me')).json().id as string;
    for (const other of admins.filter((a) => a.id !== self)) await asAdmin('PATCH', `/api/v1/users/${other.id}`, { active: false }, { 'if-match': String(other.version) });
    const mine = (await asAdmin('GET', `/api/v1/users/${self}`)).json() as { version: number };

    const off = await asAdmin('PATCH', `/api/v1/users/${self}`, { active: false }, { 'if-match': String(mine.version) });
    expect(off.statusCode).toBe(409);
    expect(off.json()).toMatchObject({ code: 'LAST_ADMIN', errors: [{ field: 'body.active' }] });
    expect(off.json().detail).toBeTruthy();
    const demote = await asAdmin('PATCH', `/api/v1/users/${self}`, { role: 'supervisor' }, { 'if-match': String(mine.version) });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: 'LAST_ADMIN', errors: [{ field: 'body.role' }] });
    expect((await asAdmin('GET', '/api/v1/auth/me')).json().role).toBe('admin');

    // With a second active administrator, the change is allowed; the second cannot then leave.
    const second = await newUser('admin');
    const demoted = await asAdmin('PATCH', `/api/v1/users/${self}`, { role: 'supervisor' }, { 'if-match': String(mine.version) });
    expect(demoted.statusCode, demoted.body).toBe(200);
    const secondOff = await inject({ method: 'PATCH', url: `/api/v1/users/${second.id}`, headers: { ...bearer(second.token), 'if-match': String(second.version) }, payload: { active: false } });
    expect(secondOff.statusCode).toBe(409);
    expect(secondOff.json().code).toBe('LAST_ADMIN');
    // Put things back for the other tests' administrator.
    const back = await inject({ method: 'PATCH', url: `/api/v1/users/${self}`, headers: { ...bearer(second.token), 'if-match': String(demoted.json().version) }, payload: { role: 'admin' } });
    expect(back.statusCode, back.body).toBe(200);
  });
});
