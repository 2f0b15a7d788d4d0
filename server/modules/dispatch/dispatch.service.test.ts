import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmploymentStatus, TechnicianGrade } from '../../../shared/domain';
import { AppError } from '../../errors';
import { createHarness, fixedClock, type Harness } from '../../test/harness';

let h: Harness;
let counter = 0;

// Friday 27 November 2026, 10:00 in Shanghai.
beforeAll(async () => {
  h = await createHarness({ clock: fixedClock('2026-11-27T02:00:00Z') });
});
afterAll(async () => {
  await h?.close();
});

async function technician(name: string, grade: TechnicianGrade | null, employmentStatus: EmploymentStatus | null, team: string | null = null) {
  counter += 1;
  const user = await h.services.identity.createUser(h.orgId, { username: `tech${counter}`, password: 'Harness-key-4821', name, role: 'technician', grade, employmentStatus, team });
  return user.id;
}

async function dispatcher() {
  return h.actorWithRole('dispatcher', { name: '调度小李' });
}

/** An accepted ticket for an air conditioner in 深圳 南山区. */
async function acceptedTicket(description = '空调不制冷') {
  counter += 1;
  const customer = await h.services.customers.createCustomer(h.admin, {
    name: `客户${counter}`,
    phone: `1381234${String(counter).padStart(4, '0')}`,
    address: { city: '深圳', district: '南山区', line: `科技园路${counter}号` },
  });
  const product = await h.services.assets.createProduct(h.admin, { name: '空调 KFR-35', category: '空调', kind: 'appliance' });
  const asset = await h.services.assets.createAsset(h.admin, { customerId: customer.id, productId: product.id, serialNumber: `KFR-${counter}`, kind: 'appliance', purchasedOn: '2026-01-01' });
  const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, assetId: asset.id, channel: 'phone', description });
  return h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'accept' });
}

const window = (from: string, to: string) => ({ plannedStart: from, plannedEnd: to });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: error.fields?.map((f) => f.field) ?? [] };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('technician profiles', () => {
  it('M1: the profile shows grade and status, and a trainee may not lead a dispatch but may go as crew', async () => {
    const actor = await dispatcher();
    const senior = await technician('王师傅', 'senior', 'regular');
    const apprentice = await technician('小徒弟', 'junior', 'apprentice');
    const trial = await technician('试用工小赵', 'junior', 'trial');
    const profile = await h.services.dispatch.getTechnician(actor, apprentice);
    expect(profile).toMatchObject({ grade: 'junior', employmentStatus: 'apprentice', mayLead: false, version: 0, skills: [] });
    expect((await h.services.dispatch.getTechnician(actor, senior)).mayLead).toBe(true);

    const t = await acceptedTicket();
    const led = await refusal(h.services.dispatch.assign(actor, t.version, { ticketId: t.id, technicianId: apprentice, crewIds: [], ...window('2026-11-27T03:00:00Z', '2026-11-27T05:00:00Z') }));
    expect(led).toEqual({ code: 'INVALID_REFERENCE', fields: ['body.technicianId'] });
    const ok = await h.services.dispatch.assign(actor, t.version, { ticketId: t.id, technicianId: senior, crewIds: [apprentice, trial], ...window('2026-11-27T03:00:00Z', '2026-11-27T05:00:00Z') });
    expect(ok).toMatchObject({ leadId: senior, ticketStatus: 'dispatched' });
    expect(ok.crewIds.sort()).toEqual([apprentice, trial].sort());
    const ticket = await h.services.tickets.getTicket(h.admin, t.id);
    expect(ticket.assignee?.id).toBe(senior);
    expect(ticket.crew.map((c) => c.id).sort()).toEqual([senior, apprentice, trial].sort());

    // The same rule holds on the ticket's own page.
    const other = await acceptedTicket();
    const direct = await refusal(h.services.tickets.transition(h.admin, other.id, other.version, { action: 'dispatch', technicianId: trial }));
    expect(direct).toEqual({ code: 'INVALID_REFERENCE', fields: ['body.technicianId'] });
  });

  it('keeps regions, vehicle, calendar and skills under one version', async () => {
    const actor = await dispatcher();
    const id = await technician('李师傅', 'intermediate', 'regular', '南山组');
    const calendars = await h.services.calendars.listCalendars(h.admin);
    const field = calendars.find((c) => c.name.startsWith('上门服务'))!;
    const saved = await h.services.dispatch.saveProfile(actor, id, 0, {
      regions: ['深圳', '南山区'],
      vehiclePlate: '粤B12345',
      vehicleType: '面包车',
      calendarId: field.id,
      skills: [
        { productLine: '空调', level: 3 },
        { productLine: '热水器', level: 1 },
      ],
    });
    expect(saved).toMatchObject({ version: 1, regions: ['深圳', '南山区'], vehiclePlate: '粤B12345', calendarId: field.id, team: '南山组' });
    expect(saved.skills).toEqual([
      { productLine: '空调', level: 3 },
      { productLine: '热水器', level: 1 },
    ]);
    expect(await refusal(h.services.dispatch.saveProfile(actor, id, 0, { regions: [], skills: [] }))).toMatchObject({ code: 'VERSION_CONFLICT' });
    const dup = await refusal(h.services.dispatch.saveProfile(actor, id, 1, { regions: [], skills: [{ productLine: '空调', level: 1 }, { productLine: '空调', level: 2 }] }));
    expect(dup).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.skills.1.productLine'] });
    const noCalendar = await refusal(h.services.dispatch.saveProfile(actor, id, 1, { regions: [], skills: [], calendarId: '01a21caf-0000-7000-8000-000000000000' }));
    expect(noCalendar).toEqual({ code: 'INVALID_REFERENCE', fields: ['body.calendarId'] });
    const listed = await h.services.dispatch.listTechnicians(actor, { team: '南山组' });
    expect(listed.map((t) => t.id)).toEqual([id]);
    expect((await h.services.dispatch.listTechnicians(actor, { region: '南山区' })).map((t) => t.id)).toContain(id);
  });

  it('T1: exam results are kept per product line with the attempt counted, and a first-attempt pass shows for M10', async () => {
    const actor = await dispatcher();
    const id = await technician('陈师傅', 'junior', 'probation');
    const failed = await h.services.dispatch.recordExam(actor, id, { productLine: '空调', score: 52, passed: false, takenOn: '2026-10-10' });
    const retake = await h.services.dispatch.recordExam(actor, id, { productLine: '空调', score: 81, passed: true, takenOn: '2026-11-10' });
    const first = await h.services.dispatch.recordExam(actor, id, { productLine: '热水器', score: 90, passed: true, takenOn: '2026-11-12' });
    expect([failed, retake, first].map((e) => [e.productLine, e.attempt, e.passed, e.firstAttemptPass])).toEqual([
      ['空调', 1, false, false],
      ['空调', 2, true, false],
      ['热水器', 1, true, true],
    ]);
    const profile = await h.services.dispatch.getTechnician(actor, id);
    expect(profile.exams.filter((e) => e.firstAttemptPass).map((e) => e.productLine)).toEqual(['热水器']);
    const passes = await h.services.dispatch.firstAttemptPasses(h.orgId, '2026-11-01', '2026-11-30');
    expect(passes.filter((p) => p.userId === id).map((p) => [p.productLine, p.score])).toEqual([['热水器', 90]]);
  });

  it('a technician is available when their calendar is open and they are not on approved leave', async () => {
    const actor = await dispatcher();
    const id = await technician('周师傅', 'senior', 'regular');
    // The default office calendar: Friday 10:00 is open, 12:30 is lunch, Saturday is closed.
    expect(await h.services.dispatch.isAvailable(h.orgId, id, new Date('2026-11-27T02:00:00Z'))).toBe(true);
    expect(await h.services.dispatch.isAvailable(h.orgId, id, new Date('2026-11-27T04:30:00Z'))).toBe(false);
    expect(await h.services.dispatch.isAvailable(h.orgId, id, new Date('2026-11-28T02:00:00Z'))).toBe(false);
    const withLeave = await h.services.dispatch.addLeave(actor, id, { startsAt: '2026-11-27T01:00:00Z', endsAt: '2026-11-27T04:00:00Z', reason: '看病', approved: false });
    // Asked for, not yet approved: still available.
    expect(await h.services.dispatch.isAvailable(h.orgId, id, new Date('2026-11-27T02:00:00Z'))).toBe(true);
    const leave = withLeave.leaves[0]!;
    await h.services.dispatch.updateLeave(actor, id, leave.id, leave.version, { approved: true });
    expect(await h.services.dispatch.isAvailable(h.orgId, id, new Date('2026-11-27T02:00:00Z'))).toBe(false);
    expect(await h.services.dispatch.isAvailable(h.orgId, id, new Date('2026-11-27T06:00:00Z'))).toBe(true);
    const stale = await refusal(h.services.dispatch.updateLeave(actor, id, leave.id, leave.version, { approved: false }));
    expect(stale.code).toBe('VERSION_CONFLICT');
  });
});

describe('rescheduling', () => {
  it('H4: a visit moves to another time only with the customer’s consent or at their request, and the ticket records it', async () => {
    const actor = await dispatcher();
    const tech = await technician('赵师傅', 'senior', 'regular');
    const t = await acceptedTicket('热水器漏水');
    const visit = await h.services.dispatch.assign(actor, t.version, { ticketId: t.id, technicianId: tech, crewIds: [], ...window('2026-11-27T03:00:00Z', '2026-11-27T05:00:00Z') });
    const later = window('2026-11-27T07:00:00Z', '2026-11-27T09:00:00Z');

    const silent = await refusal(h.services.dispatch.moveVisit(actor, visit.id, visit.version, { ...later, reason: '师傅前一单超时', customerRequested: false }));
    expect(silent).toEqual({ code: 'CONSENT_REQUIRED', fields: ['body.consent.agreed'] });
    const refused = await refusal(
      h.services.dispatch.moveVisit(actor, visit.id, visit.version, { ...later, reason: '师傅前一单超时', customerRequested: false, consent: { agreed: false, words: '客户说下午没人在家' } }),
    );
    expect(refused.code).toBe('CONSENT_REQUIRED');

    h.clock.set('2026-11-27T02:10:00Z');
    const moved = await h.services.dispatch.moveVisit(actor, visit.id, visit.version, {
      ...later,
      reason: '师傅前一单超时，已向客户致歉',
      customerRequested: false,
      consent: { agreed: true, words: '客户：下午三点可以', obtainedAt: '2026-11-27T02:05:00Z' },
    });
    expect(moved).toMatchObject({ version: visit.version + 1, plannedStart: new Date(later.plannedStart), leadId: tech });

    // The customer asked for another day themself: the flag is their consent.
    const asked = await h.services.dispatch.moveVisit(actor, visit.id, moved.version, { ...window('2026-11-30T02:00:00Z', '2026-11-30T04:00:00Z'), customerRequested: true });
    expect(asked.version).toBe(moved.version + 1);

    const events = (await h.services.tickets.findEvents(h.admin, t.id)).filter((e) => e.type === 'rescheduled');
    expect(events).toHaveLength(2);
    expect(events[0]!.details).toMatchObject({
      visitId: visit.id,
      from: { start: '2026-11-27T03:00:00.000Z', end: '2026-11-27T05:00:00.000Z', technicianId: tech },
      to: { start: '2026-11-27T07:00:00.000Z', end: '2026-11-27T09:00:00.000Z', technicianId: tech },
      reason: '师傅前一单超时，已向客户致歉',
      customerRequested: false,
      consent: { agreed: true, words: '客户：下午三点可以', obtainedBy: { id: actor.userId, name: '调度小李' }, obtainedAt: '2026-11-27T02:05:00.000Z' },
    });
    expect(events[0]!.actor?.id).toBe(actor.userId);
    expect(events[1]!.details).toMatchObject({ customerRequested: true, consent: null });

    // A stale version loses.
    const stale = await refusal(h.services.dispatch.moveVisit(actor, visit.id, visit.version, { ...later, customerRequested: true }));
    expect(stale.code).toBe('VERSION_CONFLICT');
  });

  it('H4: sending another technician at the same time needs a reason, not the customer’s consent', async () => {
    const actor = await dispatcher();
    const first = await technician('钱师傅', 'senior', 'regular');
    const second = await technician('孙师傅', 'intermediate', 'regular');
    const t = await acceptedTicket();
    const visit = await h.services.dispatch.assign(actor, t.version, { ticketId: t.id, technicianId: first, crewIds: [], ...window('2026-11-27T06:00:00Z', '2026-11-27T08:00:00Z') });
    const same = window('2026-11-27T06:00:00Z', '2026-11-27T08:00:00Z');
    const noReason = await refusal(h.services.dispatch.moveVisit(actor, visit.id, visit.version, { ...same, technicianId: second, customerRequested: false }));
    expect(noReason).toEqual({ code: 'VALIDATION_FAILED', fields: ['body.reason'] });
    const moved = await h.services.dispatch.moveVisit(actor, visit.id, visit.version, { ...same, technicianId: second, reason: '钱师傅车辆故障', customerRequested: false });
    expect(moved.leadId).toBe(second);
    const ticket = await h.services.tickets.getTicket(h.admin, t.id);
    expect(ticket.assignee?.id).toBe(second);
    const events = await h.services.tickets.findEvents(h.admin, t.id);
    expect(events.filter((e) => e.type === 'rescheduled')).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: 'transition', from: 'dispatched', to: 'dispatched', details: { reason: '钱师傅车辆故障', technicianId: second } });
  });
});

describe('the board and its suggestions', () => {
  it('answers a day: technicians with availability and load, their visits, and the queue by SLA urgency', async () => {
    h.clock.set('2026-11-27T02:30:00Z');
    const actor = await dispatcher();
    const lead = await technician('看板 甲', 'senior', 'regular', '看板组');
    const trainee = await technician('看板 乙', 'junior', 'apprentice', '看板组');
    await h.services.dispatch.saveProfile(actor, lead, 0, { regions: ['南山区'], skills: [{ productLine: '空调', level: 3 }] });
    const normal = await acceptedTicket('空调滴水');
    const { ticket: raw } = await h.services.tickets.createTicket(h.admin, { customerId: normal.customerId, channel: 'phone', description: '燃气泄漏', emergency: true });
    const emergency = await h.services.tickets.transition(h.admin, raw.id, raw.version, { action: 'accept' });
    const noWindow = await acceptedTicket('空调异响');
    await h.services.tickets.transition(h.admin, noWindow.id, noWindow.version, { action: 'dispatch', technicianId: lead });
    const planned = await acceptedTicket('空调漏氟');
    const visit = await h.services.dispatch.assign(actor, planned.version, { ticketId: planned.id, technicianId: lead, crewIds: [trainee], ...window('2026-11-27T02:00:00Z', '2026-11-27T04:00:00Z') });

    const board = await h.services.dispatch.board(actor, { day: '2026-11-27', team: '看板组' });
    expect(board).toMatchObject({ day: '2026-11-27', timeZone: 'Asia/Shanghai', dayStart: new Date('2026-11-26T16:00:00Z') });
    expect(board.technicians.map((t) => [t.name, t.mayLead, t.plannedMinutes])).toEqual([
      ['看板 乙', false, 120],
      ['看板 甲', true, 120],
    ]);
    const a = board.technicians.find((t) => t.id === lead)!;
    expect(a.availability.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      ['2026-11-27T01:00:00.000Z', '2026-11-27T04:00:00.000Z'],
      ['2026-11-27T05:00:00.000Z', '2026-11-27T10:00:00.000Z'],
    ]);
    expect(a.skills).toEqual([{ productLine: '空调', level: 3 }]);
    expect(board.visits).toEqual([
      expect.objectContaining({ id: visit.id, ticketId: planned.id, leadId: lead, crewIds: [trainee], city: '深圳', district: '南山区', ticketStatus: 'dispatched' }),
    ]);
    const ids = board.queue.map((q) => q.ticketId);
    expect(ids).toEqual(expect.arrayContaining([normal.id, emergency.id, noWindow.id]));
    expect(ids).not.toContain(planned.id);
    // R5's emergency clock is due long before the normal C1 one.
    expect(ids.indexOf(emergency.id)).toBeLessThan(ids.indexOf(normal.id));
    expect(board.queue.find((q) => q.ticketId === noWindow.id)).toMatchObject({ status: 'dispatched', assigneeId: lead, productLine: '空调' });
    expect(board.queue.find((q) => q.ticketId === emergency.id)?.sla).toMatchObject({ metric: 'accept_to_dispatch', state: 'running' });
    expect(board.queueTotal).toBeGreaterThanOrEqual(3);

    // Planning the dispatched ticket's window takes it out of the queue without another dispatch.
    const events = (await h.services.tickets.findEvents(h.admin, noWindow.id)).length;
    const current = await h.services.tickets.getTicket(h.admin, noWindow.id);
    await h.services.dispatch.assign(actor, current.version, { ticketId: noWindow.id, technicianId: lead, crewIds: [], ...window('2026-11-27T06:00:00Z', '2026-11-27T07:00:00Z') });
    expect((await h.services.tickets.findEvents(h.admin, noWindow.id)).length).toBe(events);
    const again = await h.services.dispatch.board(actor, { day: '2026-11-27', team: '看板组' });
    expect(again.queue.map((q) => q.ticketId)).not.toContain(noWindow.id);
    expect(again.technicians.find((t) => t.id === lead)!.plannedMinutes).toBe(180);

    const suggestions = await h.services.dispatch.suggest(actor, { ticketId: normal.id, ...window('2026-11-27T05:00:00Z', '2026-11-27T07:00:00Z') });
    expect(suggestions).toMatchObject({ productLine: '空调', city: '深圳', district: '南山区' });
    const mine = suggestions.items.filter((s) => s.technicianId === lead || s.technicianId === trainee);
    expect(mine.map((s) => [s.technicianId, s.role])).toEqual([
      [lead, 'lead'],
      [trainee, 'crew'],
    ]);
    // 甲: expert in 空调, covers 南山区, 3 of 8 hours planned, 06:00–07:00 clashes; an appliance ticket has no running clock once accepted.
    expect(mine[0]!.parts.map((p) => [p.part, p.points, p.reason])).toEqual([
      ['skill', 40, 'skill.line'],
      ['region', 25, 'region.district'],
      ['load', 13, 'load.planned'],
      ['availability', 5, 'availability.clash'],
      ['urgency', 0, 'urgency.none'],
    ]);
  });
});
