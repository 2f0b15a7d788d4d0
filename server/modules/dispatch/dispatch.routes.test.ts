import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedTicket, technician } from '../../test/fixtures';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { caller } from '../../test/http';

let h: AppHarness;
let dispatcherToken: string;
/** The dispatcher's calls; the administrator's set up and read back. */
let api: ReturnType<typeof caller>;
let admin: ReturnType<typeof caller>;

beforeAll(async () => {
  // Friday 27 November 2026, 10:00 in Shanghai.
  h = await createAppHarness({ clock: fixedClock('2026-11-27T02:00:00Z') });
  dispatcherToken = await h.tokenFor('dispatcher');
  api = caller(h.app, dispatcherToken);
  admin = caller(h.app, h.adminToken);
});
afterAll(async () => {
  await h?.close();
});

/** A senior, regular technician unless told otherwise; their id. */
const technicianId = async (name: string, extra: Omit<NonNullable<Parameters<typeof technician>[1]>, 'name'> = {}) => (await technician(h, { name, ...extra })).id;

const slot = { plannedStart: '2026-11-27T03:00:00Z', plannedEnd: '2026-11-27T05:00:00Z' };

describe('the dispatch API', () => {
  it('two dispatchers assigning the same job at once: exactly one wins, the other gets 409', async () => {
    const [wang, li] = [await technicianId('王师傅'), await technicianId('李师傅')];
    const ticket = await acceptedTicket(h);
    const other = await h.tokenFor('dispatcher');
    const [a, b] = await Promise.all([
      api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: wang, ...slot }, { ifMatch: ticket.version }),
      caller(h.app, other)('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: li, ...slot }, { ifMatch: ticket.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    const [winner, loser] = a.statusCode === 201 ? [a, b] : [b, a];
    expect(loser.headers['content-type']).toContain('application/problem+json');
    expect(loser.json()).toMatchObject({ code: 'VERSION_CONFLICT', status: 409 });
    const visit = winner.json();
    expect(winner.headers.etag).toBe(`"${visit.version}"`);

    const after = (await admin('GET', `/api/v1/tickets/${ticket.id}`)).json();
    expect(after).toMatchObject({ status: 'dispatched', assignee: { id: visit.leadId } });
    const events = (await admin('GET', `/api/v1/tickets/${ticket.id}/events`)).json().items as { type: string; to?: string }[];
    expect(events.filter((e) => e.type === 'transition' && e.to === 'dispatched')).toHaveLength(1);

    // The same race on moving the visit: one move, one 409.
    const move = (token: string, start: string, end: string) =>
      caller(h.app, token)('PATCH', `/api/v1/dispatch/visits/${visit.id}`, { plannedStart: start, plannedEnd: end, customerRequested: true }, { ifMatch: visit.version });
    const [m1, m2] = await Promise.all([move(dispatcherToken, '2026-11-27T06:00:00Z', '2026-11-27T07:00:00Z'), move(other, '2026-11-27T08:00:00Z', '2026-11-27T09:00:00Z')]);
    expect([m1.statusCode, m2.statusCode].sort()).toEqual([200, 409]);
    const rescheduled = (await admin('GET', `/api/v1/tickets/${ticket.id}/events`)).json().items.filter((e: { type: string }) => e.type === 'rescheduled');
    expect(rescheduled).toHaveLength(1);
  });

  it('the ticket page shows the planned visit (上门安排): its window and who goes; nothing before, 404 to whoever may not see the ticket', async () => {
    const [zhou, sun] = [await technicianId('周师傅'), await technicianId('孙师傅')];
    const ticket = await acceptedTicket(h);
    expect((await api('GET', `/api/v1/tickets/${ticket.id}/visit`)).json()).toEqual({ visit: null });
    const assigned = await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: zhou, crewIds: [sun], ...slot }, { ifMatch: ticket.version });
    expect(assigned.statusCode).toBe(201);
    const { visit } = (await api('GET', `/api/v1/tickets/${ticket.id}/visit`)).json();
    expect(visit).toMatchObject({ plannedStart: slot.plannedStart.replace('Z', '.000Z'), plannedEnd: slot.plannedEnd.replace('Z', '.000Z'), lead: { id: zhou, name: '周师傅' }, crew: [{ id: sun, name: '孙师傅' }] });
    const stranger = caller(h.app, await h.tokenFor('technician'));
    expect((await stranger('GET', `/api/v1/tickets/${ticket.id}/visit`)).statusCode).toBe(404);
  });

  it('answers the board for a day in its documented shape', async () => {
    const id = await technicianId('看板师傅', { team: '福田组' });
    const put = await api('PUT', `/api/v1/dispatch/technicians/${id}/profile`, { regions: ['福田区'], vehiclePlate: '粤B88888', skills: [{ productLine: 'appliance', level: 2 }] }, { ifMatch: 0 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.headers.etag).toBe('"1"');
    const ticket = await acceptedTicket(h);
    const queued = await acceptedTicket(h);
    const assigned = await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: id, ...slot }, { ifMatch: ticket.version });
    expect(assigned.statusCode, assigned.body).toBe(201);

    const response = await api('GET', '/api/v1/dispatch/board?day=2026-11-27&team=%E7%A6%8F%E7%94%B0%E7%BB%84');
    expect(response.statusCode, response.body).toBe(200);
    const board = response.json();
    expect(Object.keys(board).sort()).toEqual(['day', 'dayStart', 'queue', 'queueLimit', 'queueTotal', 'technicians', 'timeZone', 'visits']);
    expect(board).toMatchObject({ day: '2026-11-27', timeZone: 'Asia/Shanghai', dayStart: '2026-11-26T16:00:00.000Z' });
    expect(board.technicians).toEqual([
      expect.objectContaining({
        id,
        name: '看板师傅',
        grade: 'senior',
        employmentStatus: 'regular',
        mayLead: true,
        team: '福田组',
        regions: ['福田区'],
        skills: [{ productLine: 'appliance', level: 2 }],
        availability: [
          { start: '2026-11-27T01:00:00.000Z', end: '2026-11-27T04:00:00.000Z' },
          { start: '2026-11-27T05:00:00.000Z', end: '2026-11-27T10:00:00.000Z' },
        ],
        leaves: [],
        plannedMinutes: 120,
      }),
    ]);
    expect(board.visits).toEqual([
      expect.objectContaining({ ticketId: ticket.id, leadId: id, crewIds: [], plannedStart: slot.plannedStart.replace('Z', '.000Z'), status: 'planned', district: '福田区', sla: expect.anything() }),
    ]);
    expect(board.queue.map((q: { ticketId: string }) => q.ticketId)).toContain(queued.id);
    expect(board.queue[0]).toEqual(
      expect.objectContaining({ ticketId: expect.any(String), number: expect.stringMatching(/^BX-/), status: 'accepted', customerName: expect.any(String), sla: expect.objectContaining({ dueAt: expect.any(String) }) }),
    );

    const suggestions = await api('GET', `/api/v1/dispatch/suggestions?ticketId=${queued.id}&plannedStart=2026-11-27T06:00:00Z&plannedEnd=2026-11-27T07:00:00Z`);
    expect(suggestions.statusCode, suggestions.body).toBe(200);
    const mine = suggestions.json().items.find((s: { technicianId: string }) => s.technicianId === id);
    expect(mine.parts.map((p: { part: string }) => p.part)).toEqual(['skill', 'region', 'load', 'availability', 'urgency']);
    expect(mine.parts.find((p: { part: string }) => p.part === 'region')).toMatchObject({ reason: 'region.district', params: { region: '福田区' } });
  });

  it('keeps the board to those who may read it and changes to those who may manage it', async () => {
    const techToken = await h.tokenFor('technician');
    expect((await caller(h.app, techToken)('GET', '/api/v1/dispatch/board')).statusCode).toBe(403);
    const agent = await h.tokenFor('hotline_agent');
    expect((await caller(h.app, agent)('GET', '/api/v1/dispatch/technicians')).statusCode).toBe(403);
    const supervisor = await h.tokenFor('supervisor');
    expect((await caller(h.app, supervisor)('GET', '/api/v1/dispatch/board')).statusCode).toBe(200);
  });

  it('answers bad input with problem+json, never 5xx', async () => {
    const id = await technicianId('校验师傅');
    const ticket = await acceptedTicket(h);
    const cases: [string, Awaited<ReturnType<typeof api>>, number, string][] = [
      ['no If-Match', await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: id, ...slot }), 428, 'PRECONDITION_REQUIRED'],
      ['end before start', await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: id, plannedStart: slot.plannedEnd, plannedEnd: slot.plannedStart }, { ifMatch: ticket.version }), 400, 'VALIDATION_FAILED'],
      ['a day-long visit', await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: id, plannedStart: slot.plannedStart, plannedEnd: '2026-11-28T05:00:00Z' }, { ifMatch: ticket.version }), 400, 'VALIDATION_FAILED'],
      ['unknown technician', await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: '01a21caf-0000-7000-8000-000000000000', ...slot }, { ifMatch: ticket.version }), 422, 'INVALID_REFERENCE'],
      ['unknown ticket', await api('POST', '/api/v1/dispatch/assignments', { ticketId: '01a21caf-0000-7000-8000-000000000000', technicianId: id, ...slot }, { ifMatch: 1 }), 404, 'NOT_FOUND'],
      ['bad day', await api('GET', '/api/v1/dispatch/board?day=2026-02-30'), 400, 'VALIDATION_FAILED'],
      ['unknown profile', await api('GET', '/api/v1/dispatch/technicians/01a21caf-0000-7000-8000-000000000000'), 404, 'NOT_FOUND'],
      ['skill level 9', await api('PUT', `/api/v1/dispatch/technicians/${id}/profile`, { skills: [{ productLine: '空调', level: 9 }] }, { ifMatch: 0 }), 400, 'VALIDATION_FAILED'],
      ['leave ending before it starts', await api('POST', `/api/v1/dispatch/technicians/${id}/leaves`, { startsAt: '2026-11-28T00:00:00Z', endsAt: '2026-11-27T00:00:00Z', reason: '事假' }), 400, 'VALIDATION_FAILED'],
      ['moving without consent', await api('PATCH', `/api/v1/dispatch/visits/01a21caf-0000-7000-8000-000000000000`, { ...slot }, { ifMatch: 1 }), 404, 'NOT_FOUND'],
    ];
    for (const [name, response, status, code] of cases) {
      expect(response.statusCode, `${name}: ${response.body}`).toBe(status);
      expect(response.json().code, name).toBe(code);
    }
  });

  it('T1: exams and certificates through the API, with the first-attempt pass on the profile', async () => {
    const id = await technicianId('考试师傅', { employmentStatus: 'probation', grade: 'junior' });
    const exam = await api('POST', `/api/v1/dispatch/technicians/${id}/exams`, { productLine: '洗衣机', score: 88, passed: true, takenOn: '2026-11-20' });
    expect(exam.statusCode, exam.body).toBe(201);
    expect(exam.json()).toMatchObject({ attempt: 1, passed: true, firstAttemptPass: true });
    const cert = await api('POST', `/api/v1/dispatch/technicians/${id}/certificates`, { name: '制冷与空调作业证', number: 'T440300', issuedOn: '2025-01-01', expiresOn: '2031-01-01' });
    expect(cert.statusCode, cert.body).toBe(201);
    const profile = (await api('GET', `/api/v1/dispatch/technicians/${id}`)).json();
    expect(profile).toMatchObject({ mayLead: true, exams: [{ productLine: '洗衣机', firstAttemptPass: true }], certificates: [{ name: '制冷与空调作业证', number: 'T440300' }] });
    const removed = await api('DELETE', `/api/v1/dispatch/technicians/${id}/certificates/${profile.certificates[0].id}`);
    expect(removed.json().certificates).toEqual([]);
  });
});
