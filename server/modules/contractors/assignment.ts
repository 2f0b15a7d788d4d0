import type { SQLWrapper } from 'drizzle-orm';
import type { AgreeRepairBody, TicketContractorView } from '../../../shared/contracts/contractors';
import type { TicketHistory } from '../../../shared/ticket-facts';
import { localDate } from '../../../shared/time';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import { systemActor, type Actor } from '../identity';
import type { ContractorsDeps } from './contractors.deps';
import * as repo from './contractors.repository';
import { toResponsibilityView } from './register';

/**
 * Who is responsible for a ticket (R3), how it hears of it (R2), and what happens on the
 * contractor's side of the R4 clock: acceptance and arrival on its portal, or the centre taking
 * the job over (self-repair) with the reason and the clock as it stood.
 */

type Draft = Parameters<Parameters<ContractorsDeps['tickets']['decideAtCreation']>[0]>[1];

/**
 * R3: a new ticket on a unit with a trade takes its contractor from the map. When the line's
 * warranty ended before the report day (R10), the ticket is the developer's own: no contractor,
 * whatever the asset names. Without a line (or without a unit and trade) the ticket keeps what
 * the asset says.
 */
export async function decideContractor(deps: ContractorsDeps, orgId: string, draft: Draft): Promise<{ contractorId?: string | null }> {
  const estate = draft.address?.estate;
  const building = draft.address?.building;
  if (!draft.trade || !estate || !building) return {};
  const line = await repo.lineFor(deps.db, orgId, { estate, building, trade: draft.trade, day: draft.reportDay });
  if (!line) return {};
  return { contractorId: line.warrantyEndsOn >= draft.reportDay ? line.contractorId : null };
}

type Created = Parameters<Parameters<ContractorsDeps['tickets']['contributeToCreation']>[0]>[3];

/**
 * R2: the contractor is notified at the moment the ticket is registered, in the same statement.
 * And a group complaint: when this ticket makes `groupComplaintTickets` on one building's trade
 * within `groupComplaintDays`, the repair manager (the supervisors) hears of a possible
 * systemic defect, once per building, trade and period.
 */
export async function noticeAtCreation(deps: ContractorsDeps, orgId: string, _history: TicketHistory, _now: Date, ticket: Created): Promise<SQLWrapper[]> {
  const out: SQLWrapper[] = [];
  if (ticket.contractorId) {
    out.push(noticeOf(deps, orgId, ticket.contractorId, ticket.id, ticket.number, 'contractor.ticket_assigned', { trade: ticket.trade, description: ticket.description, emergency: ticket.emergency }));
  }
  const estate = ticket.address?.estate;
  const building = ticket.address?.building;
  if (ticket.trade && estate && building) {
    out.push(repo.ticketUnitInsert(deps.db, { orgId, ticketId: ticket.id, estate, building, trade: ticket.trade, reportedAt: ticket.reportedAt }));
    const { groupComplaintTickets, groupComplaintDays } = (await deps.getOrganisation(orgId)).settings.contractors;
    const span = groupComplaintDays * 86_400_000;
    const earlier = await repo.countOfUnitTrade(deps.db, orgId, { estate, building, trade: ticket.trade, since: new Date(ticket.reportedAt.getTime() - span) });
    if (earlier + 1 >= groupComplaintTickets) {
      out.push(
        deps.notify.enqueueAlongside({
          orgId,
          topic: 'contractor.group_complaint',
          recipient: 'role:supervisor',
          payload: { ticketId: ticket.id, ticketNumber: ticket.number, estate, building, trade: ticket.trade, tickets: earlier + 1, days: groupComplaintDays, contractorId: ticket.contractorId },
          dedupeKey: `contractor.group_complaint:${estate}:${building}:${ticket.trade}:${Math.floor(ticket.reportedAt.getTime() / span)}`,
        }),
      );
    }
  }
  return out;
}

function noticeOf(deps: ContractorsDeps, orgId: string, contractorId: string, ticketId: string, ticketNumber: string, topic: string, extra: Record<string, unknown>) {
  return deps.notify.enqueueAlongside({
    orgId,
    topic,
    recipient: `contractor:${contractorId}`,
    payload: { ticketId, ticketNumber, contractorId, ...extra },
    dedupeKey: `${topic}:${ticketId}:${contractorId}`,
  });
}

/** The ticket's contractor as the caller may see it: the contractor, its map line, the portal steps. */
export async function ticketContractor(deps: ContractorsDeps, actor: Actor, ticketId: string): Promise<TicketContractorView> {
  if (!(await deps.tickets.findVisible(deps.db, actor, ticketId))) throw notFound();
  const facts = await repo.ticketFacts(deps.db, actor.orgId, ticketId);
  if (!facts) throw notFound();
  const contractor = facts.contractorId ? await repo.findContractor(deps.db, actor.orgId, facts.contractorId) : undefined;
  const org = await deps.getOrganisation(actor.orgId);
  const day = localDate(facts.reportedAt, org.timeZone);
  const line =
    facts.trade && facts.estate && facts.building ? await repo.lineFor(deps.db, actor.orgId, { estate: facts.estate, building: facts.building, trade: facts.trade, day }) : undefined;
  const events = await deps.tickets.findEvents(actor, ticketId);
  const accepted = events.find((e) => e.type === 'contractor_accepted');
  const arrived = events.find((e) => e.type === 'contractor_arrived');
  const takeover = [...events].reverse().find((e) => e.type === 'self_repair');
  // The agreed cost is between the centre and the contractor: its own users read the event whole (a customer does not).
  const agreed = (actor.contractorId && actor.contractorId === facts.contractorId ? await deps.tickets.findEvents(systemActor(actor.orgId, actor.userId), ticketId) : events).find(
    (e) => e.type === 'contractor_agreed',
  );
  return {
    ticketId,
    trade: facts.trade,
    contractor: contractor ? { id: contractor.id, name: contractor.name, repairPhone: contractor.repairPhone, responsiblePerson: contractor.responsiblePerson } : null,
    responsibility: line ? toResponsibilityView(line) : null,
    warrantyEnded: !!line && line.warrantyEndsOn < day,
    acceptedAt: accepted?.at ?? null,
    arrivedAt: arrived?.at ?? null,
    selfRepair: takeover && takeover.type === 'self_repair' ? { reason: takeover.details.reason, at: takeover.at } : null,
    agreement:
      agreed && agreed.type === 'contractor_agreed'
        ? { scope: agreed.details.scope, workQuantity: agreed.details.workQuantity, agreedCostFen: agreed.details.agreedCostFen, at: agreed.at }
        : null,
    costRequired: costRequired(facts.estimatedValueFen, org.settings.contractors.valueThresholdFen),
  };
}

/** Above the R4 threshold (the ticket's estimated value), agreeing the repair names its cost; without an estimate it may. */
function costRequired(estimatedValueFen: number | null, thresholdFen: number): boolean {
  return estimatedValueFen !== null && estimatedValueFen > thresholdFen;
}

/** R3: the agent names another contractor (or none), with the reason; the R4 clock follows; the new one is notified (R2). */
export async function changeTicketContractor(deps: ContractorsDeps, actor: Actor, ticketId: string, body: { contractorId: string | null; reason: string }): Promise<TicketContractorView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    if (body.contractorId && !(await repo.findContractor(tx, actor.orgId, body.contractorId))) throw invalidReference('body.contractorId', 'contractors.errors.unknownContractor');
    await deps.tickets.setContractorInTx(tx, actor, ticketId, body.contractorId, body.reason, now);
    if (body.contractorId) {
      const facts = (await repo.ticketFacts(tx, actor.orgId, ticketId))!;
      await deps.notify.enqueue(tx, {
        orgId: actor.orgId,
        topic: 'contractor.ticket_assigned',
        recipient: `contractor:${body.contractorId}`,
        payload: { ticketId, ticketNumber: facts.number, contractorId: body.contractorId, trade: facts.trade },
        dedupeKey: `contractor.ticket_assigned:${ticketId}:${body.contractorId}`,
      });
    }
  });
  return ticketContractor(deps, actor, ticketId);
}

const alreadyDone = (detail: 'contractors.errors.alreadyAccepted' | 'contractors.errors.alreadyArrived' | 'contractors.errors.alreadyAgreed') => new AppError('ALREADY_POSTED', { detail });

/** The portal is a contractor user's: anyone else finds nothing there. */
export function assertContractorUser(actor: Actor): void {
  if (!actor.contractorId) throw notFound();
}

/** R2: the contractor takes the job on its portal (its own tickets only; any other is 404). */
export async function acceptTicket(deps: ContractorsDeps, actor: Actor, ticketId: string, note: string | null): Promise<TicketContractorView> {
  assertContractorUser(actor);
  const now = deps.clock();
  // Read before the transaction: one connection (PGlite) serves the transaction alone.
  const events = await deps.tickets.findEvents(actor, ticketId);
  if (events.some((e) => e.type === 'contractor_accepted')) throw alreadyDone('contractors.errors.alreadyAccepted');
  await deps.db.transaction(async (tx) => {
    await deps.tickets.lockForChange(tx, actor, ticketId);
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'contractor_accepted', details: note ? { note } : {} }, now, { touch: true });
  });
  return ticketContractor(deps, actor, ticketId);
}

/** R4: the contractor is on site: its `contractor_on_site` clock stops. */
export async function recordArrival(deps: ContractorsDeps, actor: Actor, ticketId: string, note: string | null): Promise<TicketContractorView> {
  assertContractorUser(actor);
  const now = deps.clock();
  // Read before the transaction: one connection (PGlite) serves the transaction alone.
  const events = await deps.tickets.findEvents(actor, ticketId);
  if (events.some((e) => e.type === 'contractor_arrived')) throw alreadyDone('contractors.errors.alreadyArrived');
  await deps.db.transaction(async (tx) => {
    await deps.tickets.lockForChange(tx, actor, ticketId);
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'contractor_arrived', details: note ? { note } : {} }, now, { touch: true });
  });
  return ticketContractor(deps, actor, ticketId);
}

/**
 * The contractor agrees the repair on site, after its arrival: what will be done, its work
 * quantity (工程量) and, where the ticket's estimated value is above
 * `contractors.valueThresholdFen` (the seed's 价款超过1000元: 到场协商处理), the agreed cost.
 * Once per ticket; a ticket event the centre sees whole (the customer sees what, not the cost).
 */
export async function agreeRepair(deps: ContractorsDeps, actor: Actor, ticketId: string, body: AgreeRepairBody): Promise<TicketContractorView> {
  assertContractorUser(actor);
  const now = deps.clock();
  const events = await deps.tickets.findEvents(actor, ticketId);
  if (!events.some((e) => e.type === 'contractor_arrived')) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'contractors.errors.agreeBeforeArrival' });
  if (events.some((e) => e.type === 'contractor_agreed')) throw alreadyDone('contractors.errors.alreadyAgreed');
  const facts = await repo.ticketFacts(deps.db, actor.orgId, ticketId);
  const { valueThresholdFen } = (await deps.getOrganisation(actor.orgId)).settings.contractors;
  if (facts && costRequired(facts.estimatedValueFen, valueThresholdFen) && !body.agreedCostFen) {
    throw fieldError('body.agreedCostFen', 'contractors.errors.agreedCostRequired', { code: 'required', params: { threshold: (valueThresholdFen / 100).toFixed(2) } });
  }
  await deps.db.transaction(async (tx) => {
    await deps.tickets.lockForChange(tx, actor, ticketId);
    await deps.tickets.recordEvent(
      tx,
      actor,
      ticketId,
      { type: 'contractor_agreed', details: { scope: body.scope, workQuantity: body.workQuantity, agreedCostFen: body.agreedCostFen ?? null, ...(body.note ? { note: body.note } : {}) } },
      now,
      { touch: true },
    );
  });
  return ticketContractor(deps, actor, ticketId);
}

/** The R4 clock as it stands, for a takeover's or a deduction's evidence. */
export async function onSiteClock(deps: ContractorsDeps, actor: Actor, ticketId: string) {
  const clock = (await deps.sla.clocksOf(actor, ticketId)).find((c) => c.metric === 'contractor_on_site');
  if (!clock) return null;
  return {
    metric: clock.metric,
    startedAt: clock.startedAt?.toISOString() ?? null,
    dueAt: clock.dueAt?.toISOString() ?? null,
    stoppedAt: clock.stoppedAt?.toISOString() ?? null,
    breached: clock.state === 'breached' || clock.remainingMs < 0,
  };
}

/**
 * R4: the contractor could not be reached or was late: the centre repairs it itself. The
 * takeover keeps its reason and the clock as it stood; the contractor hears of it.
 */
export async function takeOver(deps: ContractorsDeps, actor: Actor, ticketId: string, reason: string): Promise<TicketContractorView> {
  const now = deps.clock();
  const facts = await repo.ticketFacts(deps.db, actor.orgId, ticketId);
  if (!facts || !(await deps.tickets.findVisible(deps.db, actor, ticketId))) throw notFound();
  if (!facts.contractorId) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'contractors.errors.noContractor' });
  const clock = await onSiteClock(deps, actor, ticketId);
  await deps.db.transaction(async (tx) => {
    await deps.tickets.lockForChange(tx, actor, ticketId);
    const { metric: _metric, ...evidence } = clock ?? { metric: null };
    await deps.tickets.recordEvent(
      tx,
      actor,
      ticketId,
      { type: 'self_repair', details: { contractorId: facts.contractorId, reason, clock: clock ? (evidence as NonNullable<typeof clock>) : null } },
      now,
      { touch: true },
    );
    await deps.notify.enqueue(tx, {
      orgId: actor.orgId,
      topic: 'contractor.self_repair',
      recipient: `contractor:${facts.contractorId}`,
      payload: { ticketId, ticketNumber: facts.number, contractorId: facts.contractorId, reason },
      dedupeKey: `contractor.self_repair:${ticketId}:${now.toISOString()}`,
    });
  });
  return ticketContractor(deps, actor, ticketId);
}
