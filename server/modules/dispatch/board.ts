import type { BoardQuery, BoardView } from '../../../shared/contracts/dispatch';
import type { ClockBadge } from '../../../shared/contracts/sla';
import { addDays, dayBounds, localDate } from '../../../shared/time';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import { availableWindows, clip, isAvailableAt, overlaps, totalMinutes, type Interval } from './availability';
import { checkWindow, MAX_VISIT_MS, uniq, type DispatchDeps } from './dispatch.deps';
import { leaveView, summaryOf, toVisitView } from './dispatch-views';
import { nextFreeStart, type PlanDay } from './next-free';
import { rankTechnicians, suggestionNotices, type Candidate } from './ranking';
import * as technicians from './technicians.repository';
import * as visits from './visits.repository';

/*
 * The dispatcher's read model: who can work when, one day of the board, and the technicians
 * a ticket could go to, ranked (see ranking.ts).
 */

/** The queue shows the most urgent of this many oldest waiting tickets; its total counts them all. */
const QUEUE_LIMIT = 500;
const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Soonest due first; a paused clock or none waits behind every running one. */
function urgencyKey(badge: ClockBadge | null | undefined): number {
  if (!badge?.dueAt || badge.state === 'paused') return Number.POSITIVE_INFINITY;
  return new Date(badge.dueAt).getTime();
}

/**
 * Each technician's available windows in [from, to): their calendar's open time that day
 * (the organisation's default calendar when they have none) minus approved leave.
 */
async function availabilityOf(
  deps: Pick<DispatchDeps, 'calendars'>,
  orgId: string,
  day: string,
  bounds: Interval,
  techs: technicians.TechnicianRow[],
  leaves: technicians.LeaveRow[],
) {
  const calendars = new Map<string | null, Interval[]>();
  const out = new Map<string, Interval[]>();
  for (const t of techs) {
    let open = calendars.get(t.calendarId);
    if (!open) {
      const calendar = await deps.calendars.businessCalendar(orgId, t.calendarId);
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
export async function isAvailable(deps: DispatchDeps, orgId: string, userId: string, at: Date): Promise<boolean> {
  const org = await deps.getOrganisation(orgId);
  const tech = await technicians.findTechnicianUser(deps.db, orgId, userId);
  if (!tech) return false;
  const day = localDate(at, org.timeZone);
  const bounds = dayBounds(day, org.timeZone);
  const leaves = await technicians.findLeavesBetween(deps.db, orgId, new Date(bounds.start), new Date(bounds.end), [userId]);
  const windows = (await availabilityOf(deps, orgId, day, bounds, [tech], leaves)).get(userId) ?? [];
  return isAvailableAt(windows, at.getTime());
}

/**
 * One day of the board: technicians with their availability, leave and load; the day's
 * visits; and the queue of work waiting, most urgent SLA clock first. One statement per
 * kind of data, run side by side, whatever the number of technicians and jobs.
 */
export async function board(deps: DispatchDeps, actor: Actor, query: BoardQuery): Promise<BoardView> {
  const { db } = deps;
  const org = await deps.getOrganisation(actor.orgId);
  const day = query.day ?? localDate(deps.clock(), org.timeZone);
  const bounds = dayBounds(day, org.timeZone);
  const from = new Date(bounds.start);
  const to = new Date(bounds.end);
  const filtered = !!(query.team || query.region);
  const [techs, visitRows, queueRows, leaves] = await Promise.all([
    technicians.findTechnicians(db, actor.orgId, { team: query.team, region: query.region }),
    visits.findVisitsBetween(db, actor.orgId, from, to, MAX_VISIT_MS),
    visits.findQueue(db, actor.orgId, { region: query.region, limit: QUEUE_LIMIT }),
    technicians.findLeavesBetween(db, actor.orgId, from, to),
  ]);
  const techIds = new Set(techs.map((t) => t.id));
  const dayVisits = filtered ? visitRows.filter((v) => techIds.has(v.leadId) || (v.crewIds ?? []).some((c) => techIds.has(c))) : visitRows;
  const [skills, badges, availability] = await Promise.all([
    technicians.findSkills(db, actor.orgId, [...techIds]),
    deps.sla.badgesFor(actor.orgId, uniq([...queueRows.map((q) => q.ticketId), ...dayVisits.map((v) => v.ticketId)])),
    availabilityOf(deps, actor.orgId, day, bounds, techs, leaves),
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
      status: q.status,
      priority: q.priority,
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

/** Technicians for a ticket in a window, best first, each score taken apart (see ranking.ts). */
export async function suggest(deps: DispatchDeps, actor: Actor, query: { ticketId: string; plannedStart: string; plannedEnd: string }) {
  const { db } = deps;
  const window = checkWindow(query.plannedStart, query.plannedEnd);
  const org = await deps.getOrganisation(actor.orgId);
  const facts = await visits.findJobFacts(db, actor.orgId, query.ticketId);
  if (!facts) throw notFound();
  const day = localDate(new Date(window.start), org.timeZone);
  const bounds = dayBounds(day, org.timeZone);
  const from = new Date(bounds.start);
  const to = new Date(Math.max(bounds.end, window.end));
  const [techs, visitRows, leaves, badges] = await Promise.all([
    technicians.findTechnicians(db, actor.orgId, {}),
    visits.findVisitsBetween(db, actor.orgId, from, to, MAX_VISIT_MS),
    technicians.findLeavesBetween(db, actor.orgId, from, to),
    deps.sla.badgesFor(actor.orgId, [query.ticketId]),
  ]);
  const [skills, availability] = await Promise.all([
    technicians.findSkills(db, actor.orgId, techs.map((t) => t.id)),
    availabilityOf(deps, actor.orgId, day, { start: bounds.start, end: to.getTime() }, techs, leaves),
  ]);
  const others = visitRows.filter((v) => v.ticketId !== query.ticketId);
  const candidates: Candidate[] = techs.map((t) => {
    const mine = others.filter((v) => v.leadId === t.id || (v.crewIds ?? []).includes(t.id));
    const busy = mine.map((v) => ({ start: new Date(v.plannedStart).getTime(), end: new Date(v.plannedEnd).getTime() }));
    const available = availability.get(t.id) ?? [];
    return {
      id: t.id,
      name: t.name,
      grade: t.grade,
      employmentStatus: t.employmentStatus,
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
  const job = {
    productCategory: facts.productCategory,
    assetKind: facts.assetKind,
    city: facts.city,
    district: facts.district,
    addressLine: facts.line,
    window,
    sla: badge ? { usedBp: badge.usedBp, dueAt: badge.dueAt ? new Date(badge.dueAt).getTime() : null, state: badge.state } : null,
  };
  const items = rankTechnicians(job, candidates);
  return {
    notices: suggestionNotices(job, candidates),
    ticketId: query.ticketId,
    productLine: facts.productCategory ?? (facts.assetKind && facts.assetKind !== 'generic' ? facts.assetKind : null),
    city: facts.city,
    district: facts.district,
    sla: badge,
    items,
  };
}

/** How many days after the one asked for are searched for open time. */
const NEXT_FREE_LOOKAHEAD_DAYS = 14;

/**
 * The default start of a new visit for the ticket (see next-free.ts): the technician's next
 * free time on the day asked for (today when none, or when the day is past), in the
 * organisation's time zone and the technician's working calendar; with no technician, now
 * rounded up (an emergency: now).
 */
export async function nextFree(deps: DispatchDeps, actor: Actor, query: { ticketId: string; technicianId?: string | undefined; day?: string | undefined; minutes?: number | undefined }) {
  const { db } = deps;
  const now = deps.clock();
  const org = await deps.getOrganisation(actor.orgId);
  const facts = await visits.findJobFacts(db, actor.orgId, query.ticketId);
  if (!facts) throw notFound();
  const today = localDate(now, org.timeZone);
  const first = query.day && query.day > today ? query.day : today;
  const dayList = Array.from({ length: query.technicianId ? NEXT_FREE_LOOKAHEAD_DAYS + 1 : 1 }, (_, i) => addDays(first, i));
  const boundsOf = dayList.map((d) => dayBounds(d, org.timeZone));
  const range = { start: boundsOf[0]!.start, end: boundsOf.at(-1)!.end };
  let days: PlanDay[] = boundsOf.map((bounds) => ({ bounds, open: [bounds], busy: [] }));
  if (query.technicianId) {
    const tech = await technicians.findTechnicianUser(db, actor.orgId, query.technicianId);
    if (!tech) throw notFound();
    const from = new Date(range.start);
    const to = new Date(range.end);
    const [visitRows, leaves] = await Promise.all([
      visits.findVisitsBetween(db, actor.orgId, from, to, MAX_VISIT_MS),
      technicians.findLeavesBetween(db, actor.orgId, from, to, [tech.id]),
    ]);
    // The ticket's own visit, when it is being re-dispatched, does not make its technician busy.
    const busy = visitRows
      .filter((v) => v.ticketId !== query.ticketId && (v.leadId === tech.id || (v.crewIds ?? []).includes(tech.id)))
      .map((v) => ({ start: new Date(v.plannedStart).getTime(), end: new Date(v.plannedEnd).getTime() }));
    days = [];
    for (const [i, day] of dayList.entries()) {
      const bounds = boundsOf[i]!;
      const open = (await availabilityOf(deps, actor.orgId, day, bounds, [tech], leaves)).get(tech.id) ?? [];
      days.push({ bounds, open, busy: busy.filter((b) => b.start < bounds.end && b.end > bounds.start) });
    }
  }
  const found = nextFreeStart({ now: now.getTime(), emergency: facts.emergency, days, ...(query.minutes ? { minutes: query.minutes } : {}) });
  const day = localDate(found.start, org.timeZone);
  return {
    ticketId: query.ticketId,
    technicianId: query.technicianId ?? null,
    start: new Date(found.start),
    day,
    minute: Math.round((found.start - dayBounds(day, org.timeZone).start) / 60_000),
    reason: found.reason,
    emergency: facts.emergency,
  };
}
