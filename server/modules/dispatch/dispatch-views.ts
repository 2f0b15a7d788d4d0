import type { VisitView } from '../../../shared/contracts/dispatch';
import type { ClockBadge } from '../../../shared/contracts/sla';
import { mayLead } from '../../../shared/dispatch';
import type { LeaveRow, TechnicianRow } from './technicians.repository';
import type { BoardVisitRow } from './visits.repository';

/* Rows as the API shows them (`shared/contracts/dispatch.ts`). */

export function summaryOf(row: TechnicianRow, skills: { productLine: string; level: number }[]) {
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    grade: row.grade,
    employmentStatus: row.employmentStatus,
    mayLead: mayLead(row.employmentStatus),
    team: row.team,
    regions: row.regions ?? [],
    vehiclePlate: row.vehiclePlate,
    vehicleType: row.vehicleType,
    calendarId: row.calendarId,
    skills: skills.map((s) => ({ productLine: s.productLine, level: s.level })),
  };
}

export const leaveView = (l: LeaveRow) => ({ id: l.id, startsAt: l.startsAt, endsAt: l.endsAt, reason: l.reason, approved: l.approved, version: l.version });

export const certificateView = (c: { id: string; name: string; number: string | null; issuedOn: string | null; expiresOn: string | null }) => ({
  id: c.id,
  name: c.name,
  number: c.number,
  issuedOn: c.issuedOn,
  expiresOn: c.expiresOn,
});

/** M10: a pass at the first attempt earns the one-off bonus. */
export const examView = (e: { id: string; productLine: string; score: number; passed: boolean; attempt: number; takenOn: string }) => ({
  id: e.id,
  productLine: e.productLine,
  score: e.score,
  passed: e.passed,
  attempt: e.attempt,
  takenOn: e.takenOn,
  firstAttemptPass: e.passed && e.attempt === 1,
});

export function toVisitView(row: BoardVisitRow, badge: ClockBadge | null): VisitView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber: row.ticketNumber,
    ticketStatus: row.ticketStatus,
    ticketVersion: Number(row.ticketVersion),
    priority: row.priority,
    emergency: row.emergency,
    customerName: row.customerName,
    city: row.city,
    district: row.district,
    leadId: row.leadId,
    crewIds: row.crewIds ?? [],
    plannedStart: new Date(row.plannedStart),
    plannedEnd: new Date(row.plannedEnd),
    status: row.status,
    version: Number(row.version),
    sla: badge,
  };
}
