import { addDays, dayBounds, localDate } from '../../../shared/time';
import type { AssignmentBody, BoardQuery, CertificateBody, ExamBody, LeaveBody, LeaveUpdateBody, MoveBody, ProfileBody, TicketVisitView, MyVisitsView } from '../../../shared/contracts/dispatch';
import type { Actor } from '../identity';
import { assign, moveVisit } from './assignment';
import { board, isAvailable, nextFree, suggest } from './board';
import type { DispatchDeps } from './dispatch.deps';
import * as visits from './visits.repository';
import {
  addCertificate,
  addLeave,
  firstAttemptPasses,
  getTechnician,
  listTechnicians,
  recordExam,
  removeCertificate,
  removeLeave,
  saveProfile,
  updateLeave,
} from './technicians';

/**
 * The dispatch module's public face. Its use cases live in three files: a technician's
 * records (`technicians.ts`), the board with availability and suggestions (`board.ts`), and
 * sending and moving visits (`assignment.ts`); this factory gives them their dependencies.
 */
export function createDispatchService(deps: DispatchDeps) {
  return {
    // --- technicians (M1, T1) -----------------------------------------------------------------
    listTechnicians: (actor: Actor, query: { team?: string | undefined; region?: string | undefined }) => listTechnicians(deps, actor, query),
    getTechnician: (actor: Actor, userId: string) => getTechnician(deps, actor, userId),
    saveProfile: (actor: Actor, userId: string, version: number, body: ProfileBody) => saveProfile(deps, actor, userId, version, body),
    addCertificate: (actor: Actor, userId: string, body: CertificateBody) => addCertificate(deps, actor, userId, body),
    removeCertificate: (actor: Actor, userId: string, id: string) => removeCertificate(deps, actor, userId, id),
    recordExam: (actor: Actor, userId: string, body: ExamBody) => recordExam(deps, actor, userId, body),
    firstAttemptPasses: (orgId: string, fromDay: string, toDay: string) => firstAttemptPasses(deps, orgId, fromDay, toDay),
    addLeave: (actor: Actor, userId: string, body: LeaveBody) => addLeave(deps, actor, userId, body),
    updateLeave: (actor: Actor, userId: string, id: string, version: number, body: LeaveUpdateBody) => updateLeave(deps, actor, userId, id, version, body),
    removeLeave: (actor: Actor, userId: string, id: string) => removeLeave(deps, actor, userId, id),

    // --- the board ----------------------------------------------------------------------------
    isAvailable: (orgId: string, userId: string, at: Date) => isAvailable(deps, orgId, userId, at),
    board: (actor: Actor, query: BoardQuery) => board(deps, actor, query),
    suggest: (actor: Actor, query: Parameters<typeof suggest>[2]) => suggest(deps, actor, query),
    nextFree: (actor: Actor, query: Parameters<typeof nextFree>[2]) => nextFree(deps, actor, query),

    // --- assignment (H4) ----------------------------------------------------------------------
    assign: (actor: Actor, ticketVersion: number, body: AssignmentBody) => assign(deps, actor, ticketVersion, body),
    moveVisit: (actor: Actor, visitId: string, version: number, body: MoveBody) => moveVisit(deps, actor, visitId, version, body),
    /** The ticket's planned visit window, for the customer's tracking page (selfservice); null when none is planned. */
    /** A ticket's planned visit with the names of who goes, for whoever may see the ticket (上门安排). */
    ticketVisit: async (actor: Actor, ticketId: string): Promise<TicketVisitView> => {
      await deps.tickets.assertVisible(actor, ticketId);
      const visit = await visits.findPlannedVisit(deps.db, actor.orgId, ticketId);
      if (!visit) return { visit: null };
      const names = await deps.staff.namesOf(actor.orgId, [visit.leadId, ...visit.crewIds]);
      const person = (id: string) => ({ id, name: names.get(id) ?? '' });
      return { visit: { id: visit.id, plannedStart: visit.plannedStart, plannedEnd: visit.plannedEnd, lead: person(visit.leadId), crew: visit.crewIds.map(person) } };
    },
    /** 我的一天: the caller's own planned visits (led or as crew) starting in [from, to) (default: today and tomorrow in the organisation's zone), in time order. */
    myVisits: async (actor: Actor, from?: Date, to?: Date): Promise<MyVisitsView> => {
      if (!from || !to) {
        const { timeZone } = await deps.getOrganisation(actor.orgId);
        const today = localDate(deps.clock(), timeZone);
        from ??= new Date(dayBounds(today, timeZone).start);
        to ??= new Date(dayBounds(addDays(today, 1), timeZone).end);
      }
      const rows = await visits.findVisitsOf(deps.db, actor.orgId, actor.userId, from, to);
      return {
        items: rows.map((r) => ({
          id: r.id,
          ticketId: r.ticketId,
          ticketNumber: r.ticketNumber,
          ticketStatus: r.ticketStatus,
          priority: r.priority,
          emergency: r.emergency,
          customerName: r.customerName,
          city: r.city,
          district: r.district,
          plannedStart: r.plannedStart,
          plannedEnd: r.plannedEnd,
          description: r.description,
          addressLine: r.addressLine,
          lead: r.leadId === actor.userId,
        })),
      };
    },
    plannedVisitOf: async (orgId: string, ticketId: string) => {
      const visit = await visits.findPlannedVisit(deps.db, orgId, ticketId);
      return visit ? { start: visit.plannedStart, end: visit.plannedEnd } : null;
    },
  };
}

export type DispatchService = ReturnType<typeof createDispatchService>;
