import { v7 as uuidv7 } from 'uuid';
import type {
  AssignmentBody,
  BoardQuery,
  BoardView,
  CertificateBody,
  ExamBody,
  LeaveBody,
  LeaveUpdateBody,
  MoveBody,
  ProfileBody,
  TechnicianProfile,
  VisitView,
} from '../../../shared/contracts/dispatch';
import type { ClockBadge } from '../../../shared/contracts/sla';
import type { EventOf } from '../../../shared/contracts/ticket-events';
import { MAX_VISIT_MINUTES, mayLead } from '../../../shared/dispatch';
import type { EmploymentStatus, Priority, TechnicianGrade, TicketStatus } from '../../../shared/domain';
import { isIn, VISITED_STATUSES } from '../../../shared/ticket-lifecycle';
import { dayBounds, localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { AppError, invalidReference, notFound, versionConflict } from '../../errors';
import type { CalendarService } from '../calendar';
import type { Actor, IdentityService, Organisation } from '../identity';
import type { TicketService } from '../tickets';
import { availableWindows, clip, isAvailableAt, overlaps, totalMinutes, type Interval } from './availability';
import * as repo from './dispatch.repository';
import { rankTechnicians, type Candidate } from './ranking';

export interface DispatchOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  calendars: Pick<CalendarService, 'businessCalendar' | 'getCalendar'>;
  /** The tickets module, in the board's transaction: the ticket's lock, and every change with its own events. */
  tickets: Pick<TicketService, 'lockForChange' | 'transitionInTx' | 'setCrewInTx' | 'recordEvent' | 'crewOf'>;
  /** Who obtained a customer's consent to a new time (H4). */
  staff: Pick<IdentityService, 'findPerson'>;
  /** The most urgent running SLA clock of each ticket (sla module). */
  badges: (orgId: string, ticketIds: string[]) => Promise<Map<string, ClockBadge>>;
}

const MINUTE_MS = 60_000;
const MAX_VISIT_MS = MAX_VISIT_MINUTES * MINUTE_MS;
/** The queue shows the most urgent of this many oldest waiting tickets; its total counts them all. */
const QUEUE_LIMIT = 500;
const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

const uniq = (ids: readonly string[]) => [...new Set(ids)];
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && uniq(a).every((x) => b.includes(x));


function checkWindow(startIso: string, endIso: string): Interval {
  const start = new Date(startIso).getTime();
  const end = new Date(endIso).getTime();
  if (end <= start) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.plannedEnd', code: 'too_small', message: 'errors.detail.visitEndsBeforeStart' }] });
  if (end - start > MAX_VISIT_MS) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.plannedEnd', code: 'too_big', message: 'errors.detail.visitTooLong', params: { hours: MAX_VISIT_MINUTES / 60 } }] });
  }
  return { start, end };
}

type TechnicianRow = repo.TechnicianRow;

function summaryOf(row: TechnicianRow, skills: { productLine: string; level: number }[]) {
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    grade: row.grade as TechnicianGrade | null,
    employmentStatus: row.employmentStatus as EmploymentStatus | null,
    mayLead: mayLead(row.employmentStatus),
    team: row.team,
    regions: row.regions ?? [],
    vehiclePlate: row.vehiclePlate,
    vehicleType: row.vehicleType,
    calendarId: row.calendarId,
    skills: skills.map((s) => ({ productLine: s.productLine, level: s.level })),
  };
}

const leaveView = (l: repo.LeaveRow) => ({ id: l.id, startsAt: l.startsAt, endsAt: l.endsAt, reason: l.reason, approved: l.approved, version: l.version });

function toVisitView(row: repo.BoardVisitRow, badge: ClockBadge | null): VisitView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber: row.ticketNumber,
    ticketStatus: row.ticketStatus as TicketStatus,
    ticketVersion: Number(row.ticketVersion),
    priority: row.priority as Priority,
    emergency: row.emergency,
    customerName: row.customerName,
    city: row.city,
    district: row.district,
    leadId: row.leadId,
    crewIds: row.crewIds ?? [],
    plannedStart: new Date(row.plannedStart),
    plannedEnd: new Date(row.plannedEnd),
    status: row.status as VisitView['status'],
    version: Number(row.version),
    sla: badge,
  };
}

/** Soonest due first; a paused clock or none waits behind every running one. */
function urgencyKey(badge: ClockBadge | null | undefined): number {
  if (!badge?.dueAt || badge.state === 'paused') return Number.POSITIVE_INFINITY;
  return new Date(badge.dueAt).getTime();
}

export function createDispatchService(options: DispatchOptions) {
  const { db, clock } = options;

  // --- profiles (M1, T1) ---------------------------------------------------------------------

  async function technicianOrFail(tx: Db, orgId: string, userId: string) {
    const row = await repo.findTechnicianUser(tx, orgId, userId);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  async function listTechnicians(actor: Actor, query: { team?: string | undefined; region?: string | undefined }) {
    const rows = await repo.findTechnicians(db, actor.orgId, query);
    const skills = await repo.findSkills(db, actor.orgId, rows.map((r) => r.id));
    return rows.map((r) => summaryOf(r, skills.filter((s) => s.userId === r.id)));
  }

  async function getTechnician(actor: Actor, userId: string): Promise<TechnicianProfile> {
    const row = await technicianOrFail(db, actor.orgId, userId);
    const [skills, certificates, exams, leaves] = await Promise.all([
      repo.findSkills(db, actor.orgId, [userId]),
      repo.findCertificates(db, actor.orgId, userId),
      repo.findExams(db, actor.orgId, userId),
      repo.findLeavesOf(db, actor.orgId, userId),
    ]);
    return {
      ...summaryOf(row, skills),
      phone: row.phone,
      active: row.active,
      certificates: certificates.map((c) => ({ id: c.id, name: c.name, number: c.number, issuedOn: c.issuedOn, expiresOn: c.expiresOn })),
      exams: exams.map((e) => ({ id: e.id, productLine: e.productLine, score: e.score, passed: e.passed, attempt: e.attempt, takenOn: e.takenOn, firstAttemptPass: e.passed && e.attempt === 1 })),
      leaves: leaves.map(leaveView),
      version: row.profileVersion ?? 0,
    };
  }

  /** Regions, vehicle, calendar and the skill set, replaced together (If-Match: the profile's version, 0 for none yet). */
  async function saveProfile(actor: Actor, userId: string, version: number, body: ProfileBody): Promise<TechnicianProfile> {
    const row = await technicianOrFail(db, actor.orgId, userId);
    if ((row.profileVersion ?? 0) !== version) throw versionConflict(row.profileVersion ?? 0, version);
    if (body.calendarId) {
      await options.calendars.getCalendar(actor, body.calendarId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') {
          throw new AppError('INVALID_REFERENCE', { fields: [{ field: 'body.calendarId', code: 'not_found', message: 'errors.detail.calendarNotFound' }] });
        }
        throw error;
      });
    }
    const seen = new Set<string>();
    for (const [i, s] of body.skills.entries()) {
      const key = s.productLine.toLowerCase();
      if (seen.has(key)) throw new AppError('VALIDATION_FAILED', { fields: [{ field: `body.skills.${i}.productLine`, code: 'duplicate', message: 'errors.detail.duplicateSkill' }] });
      seen.add(key);
    }
    await db.transaction(async (tx) => {
      const saved = await repo.upsertProfile(
        tx,
        {
          orgId: actor.orgId,
          userId,
          regions: uniq(body.regions),
          vehiclePlate: body.vehiclePlate ?? null,
          vehicleType: body.vehicleType ?? null,
          calendarId: body.calendarId ?? null,
          updatedAt: clock(),
        },
        version,
      );
      if (saved === undefined) throw versionConflict(version + 1, version);
      await repo.replaceSkills(tx, actor.orgId, userId, body.skills);
    });
    return getTechnician(actor, userId);
  }

  async function addCertificate(actor: Actor, userId: string, body: CertificateBody) {
    await technicianOrFail(db, actor.orgId, userId);
    if (body.issuedOn && body.expiresOn && body.expiresOn < body.issuedOn) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.expiresOn', code: 'too_small', message: 'errors.detail.expiresBeforeIssued' }] });
    }
    await repo.insertCertificate(db, {
      orgId: actor.orgId,
      id: uuidv7(),
      userId,
      name: body.name,
      number: body.number ?? null,
      issuedOn: body.issuedOn ?? null,
      expiresOn: body.expiresOn ?? null,
      createdAt: clock(),
    });
    return getTechnician(actor, userId);
  }

  async function removeCertificate(actor: Actor, userId: string, id: string) {
    if (!(await repo.deleteCertificate(db, actor.orgId, userId, id))) throw new AppError('NOT_FOUND');
    return getTechnician(actor, userId);
  }

  /**
   * T1: records one sitting of a product line's written test. The attempt is counted here, per
   * technician and product line, so that a pass at attempt 1 (M10's bonus) cannot be claimed
   * by typing a number; two clerks recording at once get consecutive attempts.
   */
  async function recordExam(actor: Actor, userId: string, body: ExamBody) {
    await technicianOrFail(db, actor.orgId, userId);
    const id = uuidv7();
    for (let tries = 0; ; tries++) {
      try {
        await db.transaction(async (tx) => {
          const attempt = (await repo.lastAttempt(tx, actor.orgId, userId, body.productLine)) + 1;
          await repo.insertExam(tx, {
            orgId: actor.orgId,
            id,
            userId,
            productLine: body.productLine,
            score: body.score,
            passed: body.passed,
            attempt,
            takenOn: body.takenOn,
            recordedBy: actor.userId,
            createdAt: clock(),
          });
        });
        break;
      } catch (error) {
        if (!isUniqueViolation(error) || tries >= 3) throw error;
      }
    }
    const exam = (await repo.findExams(db, actor.orgId, userId)).find((e) => e.id === id)!;
    return { id: exam.id, productLine: exam.productLine, score: exam.score, passed: exam.passed, attempt: exam.attempt, takenOn: exam.takenOn, firstAttemptPass: exam.passed && exam.attempt === 1 };
  }

  /** M10: who passed a grade exam at the first attempt, by the day they sat it. */
  async function firstAttemptPasses(orgId: string, fromDay: string, toDay: string) {
    return repo.findFirstAttemptPasses(db, orgId, fromDay, toDay);
  }

  function checkLeaveSpan(startsAt: Date, endsAt: Date) {
    if (endsAt <= startsAt) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.endsAt', code: 'too_small', message: 'errors.detail.leaveEndsBeforeStart' }] });
  }

  async function addLeave(actor: Actor, userId: string, body: LeaveBody) {
    await technicianOrFail(db, actor.orgId, userId);
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    checkLeaveSpan(startsAt, endsAt);
    const now = clock();
    await repo.insertLeave(db, {
      orgId: actor.orgId,
      id: uuidv7(),
      userId,
      startsAt,
      endsAt,
      reason: body.reason,
      approved: body.approved,
      approvedBy: body.approved ? actor.userId : null,
      createdAt: now,
      updatedAt: now,
    });
    return getTechnician(actor, userId);
  }

  async function updateLeave(actor: Actor, userId: string, id: string, version: number, body: LeaveUpdateBody) {
    const current = await repo.findLeave(db, actor.orgId, userId, id);
    if (!current) throw new AppError('NOT_FOUND');
    const startsAt = body.startsAt ? new Date(body.startsAt) : current.startsAt;
    const endsAt = body.endsAt ? new Date(body.endsAt) : current.endsAt;
    checkLeaveSpan(startsAt, endsAt);
    const approved = body.approved ?? current.approved;
    const updated = await repo.updateLeave(db, actor.orgId, userId, id, version, {
      startsAt,
      endsAt,
      reason: body.reason ?? current.reason,
      approved,
      approvedBy: approved ? (current.approved ? current.approvedBy : actor.userId) : null,
      updatedAt: clock(),
    });
    if (!updated) throw versionConflict(current.version, version);
    return getTechnician(actor, userId);
  }

  async function removeLeave(actor: Actor, userId: string, id: string) {
    if (!(await repo.deleteLeave(db, actor.orgId, userId, id))) throw new AppError('NOT_FOUND');
    return getTechnician(actor, userId);
  }

  // --- availability ---------------------------------------------------------------------------

  /**
   * Each technician's available windows in [from, to): their calendar's open time that day
   * (the organisation's default calendar when they have none) minus approved leave.
   */
  async function availabilityOf(orgId: string, day: string, bounds: Interval, techs: TechnicianRow[], leaves: repo.LeaveRow[]) {
    const calendars = new Map<string | null, Interval[]>();
    const out = new Map<string, Interval[]>();
    for (const t of techs) {
      let open = calendars.get(t.calendarId);
      if (!open) {
        const calendar = await options.calendars.businessCalendar(orgId, t.calendarId);
        // Without any calendar the organisation has no working hours on record: treat the day as open.
        open = calendar ? clip(calendar.openIntervals(day).map(([start, end]) => ({ start, end })), bounds.start, bounds.end) : [bounds];
        calendars.set(t.calendarId, open);
      }
      const own = leaves.filter((l) => l.userId === t.id).map((l) => ({ start: l.startsAt.getTime(), end: l.endsAt.getTime(), approved: l.approved }));
      out.set(t.id, availableWindows(open, own));
    }
    return out;
  }

  /** A technician is available at an instant when their calendar is open and no approved leave covers it. */
  async function isAvailable(orgId: string, userId: string, at: Date): Promise<boolean> {
    const org = await options.getOrganisation(orgId);
    const tech = await repo.findTechnicianUser(db, orgId, userId);
    if (!tech) return false;
    const day = localDate(at, org.timeZone);
    const bounds = dayBounds(day, org.timeZone);
    const leaves = await repo.findLeavesBetween(db, orgId, new Date(bounds.start), new Date(bounds.end), [userId]);
    const windows = (await availabilityOf(orgId, day, bounds, [tech], leaves)).get(userId) ?? [];
    return isAvailableAt(windows, at.getTime());
  }

  // --- the board ------------------------------------------------------------------------------

  /**
   * One day of the board: technicians with their availability, leave and load; the day's
   * visits; and the queue of work waiting, most urgent SLA clock first. One statement per
   * kind of data, run side by side, whatever the number of technicians and jobs.
   */
  async function board(actor: Actor, query: BoardQuery): Promise<BoardView> {
    const org = await options.getOrganisation(actor.orgId);
    const day = query.day ?? localDate(clock(), org.timeZone);
    const bounds = dayBounds(day, org.timeZone);
    const from = new Date(bounds.start);
    const to = new Date(bounds.end);
    const filtered = !!(query.team || query.region);
    const [techs, visitRows, queueRows, leaves] = await Promise.all([
      repo.findTechnicians(db, actor.orgId, { team: query.team, region: query.region }),
      repo.findVisitsBetween(db, actor.orgId, from, to, MAX_VISIT_MS),
      repo.findQueue(db, actor.orgId, { region: query.region, limit: QUEUE_LIMIT }),
      repo.findLeavesBetween(db, actor.orgId, from, to),
    ]);
    const techIds = new Set(techs.map((t) => t.id));
    const dayVisits = filtered ? visitRows.filter((v) => techIds.has(v.leadId) || (v.crewIds ?? []).some((c) => techIds.has(c))) : visitRows;
    const [skills, badges, availability] = await Promise.all([
      repo.findSkills(db, actor.orgId, [...techIds]),
      options.badges(actor.orgId, uniq([...queueRows.map((q) => q.ticketId), ...dayVisits.map((v) => v.ticketId)])),
      availabilityOf(actor.orgId, day, bounds, techs, leaves),
    ]);
    const skillsOf = new Map<string, { productLine: string; level: number }[]>();
    for (const s of skills) skillsOf.set(s.userId, [...(skillsOf.get(s.userId) ?? []), s]);
    const planned = new Map<string, number>();
    for (const v of dayVisits) {
      const minutes = totalMinutes(clip([{ start: new Date(v.plannedStart).getTime(), end: new Date(v.plannedEnd).getTime() }], bounds.start, bounds.end));
      for (const id of uniq([v.leadId, ...(v.crewIds ?? [])])) planned.set(id, (planned.get(id) ?? 0) + minutes);
    }
    const queue = queueRows
      .map((q) => ({
        ticketId: q.ticketId,
        number: q.number,
        status: q.status as TicketStatus,
        priority: q.priority as Priority,
        emergency: q.emergency,
        customerName: q.customerName,
        description: q.description,
        productLine: q.productLine,
        city: q.city,
        district: q.district,
        assigneeId: q.assigneeId,
        reportedAt: new Date(q.reportedAt),
        version: Number(q.version),
        sla: badges.get(q.ticketId) ?? null,
      }))
      .sort(
        (a, b) =>
          urgencyKey(a.sla) - urgencyKey(b.sla) ||
          Number(b.emergency) - Number(a.emergency) ||
          (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) ||
          a.reportedAt.getTime() - b.reportedAt.getTime(),
      );
    return {
      day,
      timeZone: org.timeZone,
      dayStart: from,
      technicians: techs.map((t) => ({
        ...summaryOf(t, skillsOf.get(t.id) ?? []),
        availability: (availability.get(t.id) ?? []).map((i) => ({ start: new Date(i.start), end: new Date(i.end) })),
        leaves: leaves.filter((l) => l.userId === t.id).map(leaveView),
        plannedMinutes: planned.get(t.id) ?? 0,
      })),
      visits: dayVisits.map((v) => toVisitView(v, badges.get(v.ticketId) ?? null)),
      queue,
      queueTotal: queueRows[0]?.total ?? 0,
      queueLimit: QUEUE_LIMIT,
    };
  }

  // --- suggestions ----------------------------------------------------------------------------

  /** Technicians for a ticket in a window, best first, each score taken apart (see ranking.ts). */
  async function suggest(actor: Actor, query: { ticketId: string; plannedStart: string; plannedEnd: string }) {
    const window = checkWindow(query.plannedStart, query.plannedEnd);
    const org = await options.getOrganisation(actor.orgId);
    const facts = await repo.findJobFacts(db, actor.orgId, query.ticketId);
    if (!facts) throw new AppError('NOT_FOUND');
    const day = localDate(new Date(window.start), org.timeZone);
    const bounds = dayBounds(day, org.timeZone);
    const from = new Date(bounds.start);
    const to = new Date(Math.max(bounds.end, window.end));
    const [techs, visitRows, leaves, badges] = await Promise.all([
      repo.findTechnicians(db, actor.orgId, {}),
      repo.findVisitsBetween(db, actor.orgId, from, to, MAX_VISIT_MS),
      repo.findLeavesBetween(db, actor.orgId, from, to),
      options.badges(actor.orgId, [query.ticketId]),
    ]);
    const [skills, availability] = await Promise.all([
      repo.findSkills(db, actor.orgId, techs.map((t) => t.id)),
      availabilityOf(actor.orgId, day, { start: bounds.start, end: to.getTime() }, techs, leaves),
    ]);
    const others = visitRows.filter((v) => v.ticketId !== query.ticketId);
    const candidates: Candidate[] = techs.map((t) => {
      const mine = others.filter((v) => v.leadId === t.id || (v.crewIds ?? []).includes(t.id));
      const busy = mine.map((v) => ({ start: new Date(v.plannedStart).getTime(), end: new Date(v.plannedEnd).getTime() }));
      const available = availability.get(t.id) ?? [];
      return {
        id: t.id,
        name: t.name,
        grade: t.grade as TechnicianGrade | null,
        employmentStatus: t.employmentStatus as EmploymentStatus | null,
        skills: skills.filter((s) => s.userId === t.id),
        regions: t.regions ?? [],
        plannedMinutes: totalMinutes(clip(busy, bounds.start, bounds.end)),
        capacityMinutes: totalMinutes(clip(available, bounds.start, bounds.end)),
        available,
        busy,
        onLeave: leaves.some((l) => l.userId === t.id && l.approved && overlaps({ start: l.startsAt.getTime(), end: l.endsAt.getTime() }, window)),
      };
    });
    const badge = badges.get(query.ticketId) ?? null;
    const items = rankTechnicians(
      {
        productCategory: facts.productCategory,
        assetKind: facts.assetKind,
        city: facts.city,
        district: facts.district,
        addressLine: facts.line,
        window,
        sla: badge ? { usedBp: badge.usedBp, dueAt: badge.dueAt ? new Date(badge.dueAt).getTime() : null, state: badge.state } : null,
      },
      candidates,
    );
    return {
      ticketId: query.ticketId,
      productLine: facts.productCategory ?? (facts.assetKind && facts.assetKind !== 'generic' ? facts.assetKind : null),
      city: facts.city,
      district: facts.district,
      sla: badge,
      items,
    };
  }

  // --- dispatching and moving ----------------------------------------------------------------

  async function visitView(orgId: string, id: string): Promise<VisitView> {
    const row = await repo.findVisitView(db, orgId, id);
    if (!row) throw new AppError('NOT_FOUND');
    const badges = await options.badges(orgId, [row.ticketId]);
    return toVisitView(row, badges.get(row.ticketId) ?? null);
  }

  /**
   * Dispatches a queued ticket with a planned window, in one transaction: the tickets module's
   * dispatch (its events, its SLA clocks) and the visit. `ticketVersion` is the ticket's
   * `If-Match`: of two dispatchers of the same job, the second waits on the ticket's lock and
   * then finds its version moved on (409). A dispatched ticket without a window gets one; sent
   * to another technician it is re-dispatched, which needs a reason.
   */
  async function assign(actor: Actor, ticketVersion: number, body: AssignmentBody): Promise<VisitView> {
    const window = checkWindow(body.plannedStart, body.plannedEnd);
    const crew = uniq(body.crewIds).filter((id) => id !== body.technicianId);
    const now = clock();
    const visitId = uuidv7();
    try {
      await db.transaction(async (tx) => {
        const ticket = await options.tickets.lockForChange(tx, actor, body.ticketId, ticketVersion);
        const existing = await repo.findPlannedVisit(tx, actor.orgId, body.ticketId);
        if (existing && existing.leadId === ticket.assigneeId && isIn(VISITED_STATUSES, ticket.status)) {
          throw versionConflict(ticket.version, undefined, 'errors.detail.visitAlreadyPlanned');
        }
        // A window left behind by a ticket sent back to the queue, or re-dispatched on its own page.
        if (existing) await repo.updateVisit(tx, actor.orgId, existing.id, existing.version, { status: 'cancelled', updatedAt: now });
        const dispatch = () =>
          options.tickets.transitionInTx(tx, actor, body.ticketId, { action: 'dispatch', technicianId: body.technicianId, crewIds: crew, reason: body.reason ?? null }, now);
        if (ticket.status === 'accepted') await dispatch();
        else if (ticket.status === 'dispatched' && ticket.assigneeId !== body.technicianId) await dispatch();
        else if (ticket.status === 'dispatched') {
          const members = (await options.tickets.crewOf(tx, actor.orgId, body.ticketId)).filter((c) => !c.isLead).map((c) => c.id);
          if (!sameSet(members, crew)) await options.tickets.setCrewInTx(tx, actor, body.ticketId, body.technicianId, crew, now);
        } else {
          throw new AppError('TRANSITION_NOT_ALLOWED', {
            detail: 'errors.detail.transition',
            params: { status: ticket.status, action: 'dispatch' },
            extensions: { ticketStatus: ticket.status, action: 'dispatch' },
          });
        }
        await repo.insertVisit(tx, {
          orgId: actor.orgId,
          id: visitId,
          ticketId: body.ticketId,
          leadId: body.technicianId,
          crewIds: crew,
          plannedStart: new Date(window.start),
          plannedEnd: new Date(window.end),
          status: 'planned',
          createdBy: actor.userId,
          createdAt: now,
          updatedAt: now,
        });
      });
    } catch (error) {
      // Another dispatcher planned the same ticket between our read and our write.
      if (isUniqueViolation(error)) throw versionConflict(ticketVersion + 1, ticketVersion, 'errors.detail.visitAlreadyPlanned');
      throw error;
    }
    return visitView(actor.orgId, visitId);
  }

  /**
   * Moves a visit (If-Match: its version): to another time, which H4 allows only with the
   * customer's consent or at their request, recorded as a `rescheduled` event with their words,
   * who obtained them and when; and/or to another technician, which re-dispatches the ticket
   * and needs a reason (the lifecycle says so).
   */
  async function moveVisit(actor: Actor, visitId: string, version: number, body: MoveBody): Promise<VisitView> {
    const window = checkWindow(body.plannedStart, body.plannedEnd);
    const now = clock();
    await db.transaction(async (tx) => {
      const visit = await repo.lockVisit(tx, actor.orgId, visitId);
      if (!visit || visit.status !== 'planned') throw notFound();
      if (visit.version !== version) throw versionConflict(visit.version, version);
      const ticket = await options.tickets.lockForChange(tx, actor, visit.ticketId).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
        throw error;
      });
      if (!ticket || ticket.assigneeId !== visit.leadId || !isIn(VISITED_STATUSES, ticket.status)) throw versionConflict(visit.version, version, 'errors.detail.visitNotCurrent');
      const lead = body.technicianId ?? visit.leadId;
      const crew = uniq(body.crewIds ?? visit.crewIds).filter((id) => id !== lead);
      const timeChanged = window.start !== visit.plannedStart.getTime() || window.end !== visit.plannedEnd.getTime();
      const leadChanged = lead !== visit.leadId;
      const crewChanged = !sameSet(crew, visit.crewIds);
      if (!timeChanged && !leadChanged && !crewChanged) return;

      let consent: EventOf<'rescheduled'>['details']['consent'] = null;
      if (timeChanged) {
        if (!body.customerRequested && body.consent?.agreed !== true) {
          throw new AppError('CONSENT_REQUIRED', {
            detail: 'errors.detail.rescheduleNeedsConsent',
            fields: [{ field: 'body.consent.agreed', code: 'consent_required', message: 'errors.detail.rescheduleNeedsConsent' }],
          });
        }
        if (!body.customerRequested && !body.reason?.trim()) {
          throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.reason', code: 'required', message: 'validation.required' }] });
        }
        if (body.consent) {
          const obtainedById = body.consent.obtainedById ?? actor.userId;
          const obtainedBy = (await options.staff.findPerson(actor.orgId, obtainedById, tx))?.name;
          if (!obtainedBy) throw invalidReference('body.consent.obtainedById', 'errors.detail.userNotFound');
          consent = {
            agreed: body.consent.agreed,
            words: body.consent.words,
            obtainedBy: { id: obtainedById, name: obtainedBy },
            obtainedAt: (body.consent.obtainedAt ? new Date(body.consent.obtainedAt) : now).toISOString(),
          };
        }
      }
      if (leadChanged) {
        await options.tickets.transitionInTx(tx, actor, visit.ticketId, { action: 'dispatch', technicianId: lead, crewIds: crew, reason: body.reason ?? null }, now);
      } else if (crewChanged) {
        await options.tickets.setCrewInTx(tx, actor, visit.ticketId, lead, crew, now);
      }
      const updated = await repo.updateVisit(tx, actor.orgId, visitId, version, {
        leadId: lead,
        crewIds: crew,
        plannedStart: new Date(window.start),
        plannedEnd: new Date(window.end),
        updatedAt: now,
      });
      if (!updated) throw versionConflict(version + 1, version);
      if (timeChanged) {
        await options.tickets.recordEvent(
          tx,
          actor,
          visit.ticketId,
          {
            type: 'rescheduled',
            details: {
            visitId,
            from: { start: visit.plannedStart.toISOString(), end: visit.plannedEnd.toISOString(), technicianId: visit.leadId },
            to: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString(), technicianId: lead },
            reason: body.reason ?? null,
              customerRequested: body.customerRequested,
              consent,
            },
          },
          now,
          { touch: true },
        );
      }
    });
    return visitView(actor.orgId, visitId);
  }

  return {
    listTechnicians,
    getTechnician,
    saveProfile,
    addCertificate,
    removeCertificate,
    recordExam,
    firstAttemptPasses,
    addLeave,
    updateLeave,
    removeLeave,
    isAvailable,
    board,
    suggest,
    assign,
    moveVisit,
  };
}

export type DispatchService = ReturnType<typeof createDispatchService>;
