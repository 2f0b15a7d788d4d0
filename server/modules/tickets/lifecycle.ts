import type { TransitionBody, TicketView } from '../../../shared/contracts/tickets';
import type { EventOf } from '../../../shared/contracts/ticket-events';
import type { TicketAction, TicketStatus } from '../../../shared/domain';
import { mayLead } from '../../../shared/dispatch';
import { can, transitionPermission } from '../../../shared/permissions';
import { allowedActions, decideTransition } from '../../../shared/ticket-lifecycle';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, assertVersion, invalidReference, notFound } from '../../errors';
import type { Actor } from '../identity';
import { recordEvent } from './event-log';
import { loadView } from './reads';
import * as repo from './tickets.repository';
import { systemVisibility, visibilityOf, type TicketDeps } from './tickets.deps';

/**
 * The ticket, locked for the rest of the transaction, at the version the caller read (its
 * `If-Match`): of two people changing the same ticket, the second waits here and then finds
 * the version moved on (409). Other modules lock a ticket through this too (the dispatch board).
 */
export async function lockForChange(tx: Db, actor: Actor, id: string, version?: number): Promise<repo.TicketRow> {
  const row = await repo.lockTicket(tx, visibilityOf(actor), id);
  if (!row) throw notFound();
  if (version !== undefined) assertVersion(row.version, version);
  return row;
}

/** Writes a change at the version read; someone writing in between gets the same answer as a stale If-Match. */
export async function saveChange(tx: Db, row: repo.TicketRow, changes: Partial<repo.TicketInsert>, now: Date): Promise<repo.TicketRow> {
  return savedOrThrow(await repo.updateTicket(tx, row.orgId, row.id, row.version, { ...changes, updatedAt: now }), row.version);
}

/** M1: apprentices and trial workers go along as crew; see `mayLead` in shared/dispatch.ts. */
const traineeCannotLead = (field: string) => invalidReference(field, 'errors.detail.traineeCannotLead', 'trainee');
const technicianNotFound = (field: string) => invalidReference(field, 'errors.detail.technicianNotFound');

/** The lead and crew must be technicians (identity's definition); the lead must be allowed to lead (M1). */
async function checkCrew(deps: Pick<TicketDeps, 'staff'>, tx: Db, orgId: string, lead: { id: string; field: string }, members: { id: string; field: string }[]) {
  const found = await deps.staff.findTechnician(orgId, lead.id, tx);
  if (!found) throw technicianNotFound(lead.field);
  if (!mayLead(found.employmentStatus)) throw traineeCannotLead(lead.field);
  for (const member of members) {
    if (!(await deps.staff.findTechnician(orgId, member.id, tx))) throw technicianNotFound(member.field);
  }
}

/** Moves a ticket through its lifecycle (`shared/ticket-lifecycle.ts`), writing the event in the same transaction. */
export async function transition(deps: TicketDeps, actor: Actor, id: string, version: number, input: TransitionBody): Promise<TicketView> {
  if (!can(actor.role, transitionPermission(input.action))) throw new AppError('FORBIDDEN');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockForChange(tx, actor, id, version);
    await applyTransition(deps, tx, actor, row, input, now);
  });
  return loadView(deps, actor, id);
}

/**
 * A transition another module's step implies (starting work starts the job, finishing it
 * completes it, the board dispatches), in the caller's transaction, on the ticket as it
 * stands: the step is the intent.
 */
export async function transitionInTx(deps: TicketDeps, tx: Db, actor: Actor, id: string, input: TransitionBody, now: Date): Promise<void> {
  if (!can(actor.role, transitionPermission(input.action))) throw new AppError('FORBIDDEN');
  const row = await lockForChange(tx, actor, id);
  await applyTransition(deps, tx, actor, row, input, now);
}

/**
 * The same transition on a ticket the caller locked earlier in `tx` (`lockForChange`) and has
 * kept as it stands; answers the row as saved, for the caller's next step.
 */
export async function transitionLockedInTx(deps: TicketDeps, tx: Db, actor: Actor, row: repo.TicketRow, input: TransitionBody, now: Date, save: SaveChange = saveChange): Promise<repo.TicketRow> {
  if (!can(actor.role, transitionPermission(input.action))) throw new AppError('FORBIDDEN');
  return applyTransition(deps, tx, actor, row, input, now, save);
}

/** How a transition's change to the ticket is kept: written at once (`saveChange`), or held by a caller writing several together. */
export type SaveChange = (tx: Db, row: repo.TicketRow, changes: Partial<repo.TicketInsert>, now: Date) => Promise<repo.TicketRow>;

async function applyTransition(deps: TicketDeps, tx: Db, actor: Actor, row: repo.TicketRow, input: TransitionBody, now: Date, save: SaveChange = saveChange): Promise<repo.TicketRow> {
  const decision = decideTransition(
    { status: row.status, heldFrom: row.heldFrom, assigneeId: row.assigneeId },
    { action: input.action, technicianId: input.technicianId ?? null, reason: input.reason ?? null },
  );
  if (!decision.ok) {
    if (decision.code === 'VALIDATION_FAILED') {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: `body.${decision.field}`, code: 'required', message: 'validation.required' }] });
    }
    throw new AppError('TRANSITION_NOT_ALLOWED', {
      detail: 'errors.detail.transition',
      params: { status: row.status, action: input.action },
      extensions: { ticketStatus: row.status, action: input.action, allowedActions: allowedActions(row.status) },
    });
  }
  if (actor.role === 'customer' && row.status !== 'reported') {
    throw new AppError('FORBIDDEN', { detail: 'errors.detail.customerCancelOnlyReported' });
  }
  // Other modules' rules (R8/E8 sign-offs before closing, A4 QC before completing).
  await deps.hooks.checkTransition(tx, actor, row, input.action);
  const changes = await changesFor(deps, tx, actor, row, input, decision.to, now);
  const saved = await save(tx, row, { ...changes, status: decision.to }, now);
  const details: EventOf<'transition'>['details'] = { action: input.action };
  if (input.reason) details.reason = input.reason;
  if (input.action === 'hold') details.holdReason = input.holdReason ?? 'other';
  if (input.action === 'dispatch' && input.technicianId) details.technicianId = input.technicianId;
  await recordEvent(deps, tx, actor, row.id, { type: 'transition', from: decision.from, to: decision.to, details }, now, { touch: false });
  return saved;
}

async function changesFor(deps: TicketDeps, tx: Db, actor: Actor, row: repo.TicketRow, input: TransitionBody, to: TicketStatus, now: Date): Promise<Partial<repo.TicketInsert>> {
  const action: TicketAction = input.action;
  switch (action) {
    case 'accept':
      return { acceptedAt: now };
    case 'dispatch': {
      const members = input.crewIds ?? [];
      await checkCrew(
        deps,
        tx,
        actor.orgId,
        { id: input.technicianId!, field: 'body.technicianId' },
        members.map((id, i) => ({ id, field: `body.crewIds.${i}` })),
      );
      await repo.replaceCrew(tx, actor.orgId, row.id, input.technicianId!, members);
      return { assigneeId: input.technicianId!, dispatchedAt: now };
    }
    case 'start':
      return { startedAt: row.startedAt ?? now };
    case 'hold':
      return { holdReason: input.holdReason ?? 'other', heldFrom: row.status };
    case 'resume':
      return { holdReason: null, heldFrom: null };
    case 'complete':
      return { completedAt: now };
    case 'close':
      return { closedAt: now, ...(row.status !== 'completed' ? { resolution: input.reason ?? null } : {}) };
    case 'cancel':
      return { cancelledAt: now, resolution: input.reason ?? null };
    case 'reopen':
      return { reworkCount: row.reworkCount + 1, completedAt: null, closedAt: null, ...(to === 'dispatched' ? { dispatchedAt: now } : {}) };
  }
}

/** Sets who works a job: one lead and the crew (M9). */
export async function setCrew(deps: TicketDeps, actor: Actor, id: string, version: number, leadId: string, memberIds: string[]): Promise<TicketView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockForChange(tx, actor, id, version);
    await applyCrew(deps, tx, actor, row, leadId, memberIds, now);
  });
  return loadView(deps, actor, id);
}

/** The crew change of the dispatch board, in its transaction, on the ticket as it stands. */
export async function setCrewInTx(deps: TicketDeps, tx: Db, actor: Actor, id: string, leadId: string, memberIds: string[], now: Date): Promise<void> {
  const row = await lockForChange(tx, actor, id);
  await applyCrew(deps, tx, actor, row, leadId, memberIds, now);
}

async function applyCrew(deps: TicketDeps, tx: Db, actor: Actor, row: repo.TicketRow, leadId: string, memberIds: string[], now: Date) {
  await checkCrew(
    deps,
    tx,
    actor.orgId,
    { id: leadId, field: 'body.leadId' },
    memberIds.map((id, i) => ({ id, field: `body.memberIds.${i}` })),
  );
  await repo.replaceCrew(tx, actor.orgId, row.id, leadId, memberIds);
  await saveChange(tx, row, { assigneeId: leadId }, now);
  await recordEvent(deps, tx, actor, row.id, { type: 'assigned', details: { leadId, memberIds, previousLeadId: row.assigneeId } }, now, { touch: false });
}

/**
 * A4: a QC failure sends a workshop job back for rework. Counts it on the ticket and records
 * why, in the caller's transaction.
 */
export async function recordRework(deps: TicketDeps, tx: Db, actor: Actor, id: string, details: EventOf<'rework'>['details'], now: Date): Promise<void> {
  const row = await lockForChange(tx, actor, id);
  await saveChange(tx, row, { reworkCount: row.reworkCount + 1 }, now);
  await recordEvent(deps, tx, actor, id, { type: 'rework', details }, now, { touch: false });
}

/**
 * H4: a technician who will not be on site in time is taken off the job: a dispatched,
 * not yet started ticket returns to the dispatch queue. Anything further along is left alone.
 */
export async function systemReassign(deps: TicketDeps, orgId: string, id: string, reason: string): Promise<boolean> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const row = await repo.lockTicket(tx, systemVisibility(orgId), id);
    if (!row || row.status !== 'dispatched') return false;
    await saveChange(tx, row, { status: 'accepted', assigneeId: null }, now);
    await recordEvent(deps, tx, { orgId, userId: null }, id, { type: 'transition', from: 'dispatched', to: 'accepted', details: { action: 'sla_reassign', reason } }, now, { touch: false });
    return true;
  });
}
