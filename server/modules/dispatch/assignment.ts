import { v7 as uuidv7 } from 'uuid';
import type { AssignmentBody, MoveBody, VisitView } from '../../../shared/contracts/dispatch';
import type { EventOf } from '../../../shared/contracts/ticket-events';
import { isIn, VISITED_STATUSES } from '../../../shared/ticket-lifecycle';
import { isUniqueViolation } from '../../db/errors';
import { savedOrThrow } from '../../db/versioned';
import { AppError, assertVersion, fieldError, invalidReference, notFound, versionConflict } from '../../errors';
import type { Actor } from '../identity';
import { checkWindow, uniq, type DispatchDeps } from './dispatch.deps';
import { toVisitView } from './dispatch-views';
import * as visits from './visits.repository';

/*
 * The dispatcher's writes: sending a ticket to a technician with a planned window, and moving
 * that window or its people. The ticket's own changes (dispatch, crew, events, SLA clocks) are
 * the tickets module's, made inside our transaction under its lock.
 */

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && uniq(a).every((x) => b.includes(x));

/** A visit as the board shows it, with its ticket's most urgent clock. */
async function visitView(deps: Pick<DispatchDeps, 'db' | 'sla'>, orgId: string, id: string): Promise<VisitView> {
  const row = await visits.findVisitView(deps.db, orgId, id);
  if (!row) throw notFound();
  const badges = await deps.sla.badgesFor(orgId, [row.ticketId]);
  return toVisitView(row, badges.get(row.ticketId) ?? null);
}

/**
 * Dispatches a queued ticket with a planned window, in one transaction: the tickets module's
 * dispatch (its events, its SLA clocks) and the visit. `ticketVersion` is the ticket's
 * `If-Match`: of two dispatchers of the same job, the second waits on the ticket's lock and
 * then finds its version moved on (409). A dispatched ticket without a window gets one; sent
 * to another technician it is re-dispatched, which needs a reason.
 */
export async function assign(deps: DispatchDeps, actor: Actor, ticketVersion: number, body: AssignmentBody): Promise<VisitView> {
  const { tickets } = deps;
  const window = checkWindow(body.plannedStart, body.plannedEnd);
  const crew = uniq(body.crewIds).filter((id) => id !== body.technicianId);
  const now = deps.clock();
  const visitId = uuidv7();
  try {
    await deps.db.transaction(async (tx) => {
      const ticket = await tickets.lockForChange(tx, actor, body.ticketId, ticketVersion);
      const existing = await visits.findPlannedVisit(tx, actor.orgId, body.ticketId);
      if (existing && existing.leadId === ticket.assigneeId && isIn(VISITED_STATUSES, ticket.status)) {
        throw versionConflict(ticket.version, undefined, 'errors.detail.visitAlreadyPlanned');
      }
      // A window left behind by a ticket sent back to the queue, or re-dispatched on its own page.
      // Should it have moved meanwhile it stays planned, and the insert below meets the
      // one-planned-visit index: the same 409 as a second dispatcher.
      if (existing) await visits.updateVisit(tx, actor.orgId, existing.id, existing.version, { status: 'cancelled', updatedAt: now });
      const dispatch = () => tickets.transitionInTx(tx, actor, body.ticketId, { action: 'dispatch', technicianId: body.technicianId, crewIds: crew, reason: body.reason ?? null }, now);
      if (ticket.status === 'accepted') await dispatch();
      else if (ticket.status === 'dispatched' && ticket.assigneeId !== body.technicianId) await dispatch();
      else if (ticket.status === 'dispatched') {
        const members = (await tickets.crewOf(tx, actor.orgId, body.ticketId)).filter((c) => !c.isLead).map((c) => c.id);
        if (!sameSet(members, crew)) await tickets.setCrewInTx(tx, actor, body.ticketId, body.technicianId, crew, now);
      } else {
        throw new AppError('TRANSITION_NOT_ALLOWED', {
          detail: 'errors.detail.transition',
          params: { status: ticket.status, action: 'dispatch' },
          extensions: { ticketStatus: ticket.status, action: 'dispatch' },
        });
      }
      await visits.insertVisit(tx, {
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
  return visitView(deps, actor.orgId, visitId);
}

/**
 * Moves a visit (If-Match: its version): to another time, which H4 allows only with the
 * customer's consent or at their request, recorded as a `rescheduled` event with their words,
 * who obtained them and when; and/or to another technician, which re-dispatches the ticket
 * and needs a reason (the lifecycle says so).
 */
export async function moveVisit(deps: DispatchDeps, actor: Actor, visitId: string, version: number, body: MoveBody): Promise<VisitView> {
  const { tickets } = deps;
  const window = checkWindow(body.plannedStart, body.plannedEnd);
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    // The ticket's lock first, then the visit's, in the same order as `assign`: two dispatchers,
    // one moving the visit and one re-planning its ticket, queue instead of deadlocking.
    const ticketId = await visits.findVisitTicketId(tx, actor.orgId, visitId);
    if (!ticketId) throw notFound();
    const ticket = await tickets.lockForChange(tx, actor, ticketId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
      throw error;
    });
    const visit = await visits.lockVisit(tx, actor.orgId, visitId);
    if (!visit || visit.status !== 'planned') throw notFound();
    assertVersion(visit.version, version);
    if (!ticket || visit.ticketId !== ticketId || ticket.assigneeId !== visit.leadId || !isIn(VISITED_STATUSES, ticket.status)) throw versionConflict(visit.version, version, 'errors.detail.visitNotCurrent');
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
      if (!body.customerRequested && !body.reason?.trim()) throw fieldError('body.reason', 'validation.required', { code: 'required' });
      if (body.consent) {
        const obtainedById = body.consent.obtainedById ?? actor.userId;
        const obtainedBy = (await deps.staff.findPerson(actor.orgId, obtainedById, tx))?.name;
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
      await tickets.transitionInTx(tx, actor, visit.ticketId, { action: 'dispatch', technicianId: lead, crewIds: crew, reason: body.reason ?? null }, now);
    } else if (crewChanged) {
      await tickets.setCrewInTx(tx, actor, visit.ticketId, lead, crew, now);
    }
    const saved = await visits.updateVisit(tx, actor.orgId, visitId, version, {
      leadId: lead,
      crewIds: crew,
      plannedStart: new Date(window.start),
      plannedEnd: new Date(window.end),
      updatedAt: now,
    });
    savedOrThrow(saved, version);
    if (timeChanged) {
      await tickets.recordEvent(
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
  return visitView(deps, actor.orgId, visitId);
}
