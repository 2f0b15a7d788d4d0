import { v7 as uuidv7 } from 'uuid';
import type { ReworkCandidatesView, ReworkJudgementBody, ReworkJudgementView } from '../../../shared/contracts/pay';
import { localDate } from '../../../shared/time';
import { fieldError, invalidReference, notFound } from '../../errors';
import type { Actor } from '../identity';
import type { PayDeps } from './pay.deps';
import * as repo from './pay.repository';

/*
 * M8: a repair's hold-back is forfeited when rework within its warranty is the technician's own
 * error. The supervisor says so on the rework ticket: which repair it reworks, who was at fault
 * (only people who took part in that repair), and why. The next pay run applies it.
 */

async function view(deps: PayDeps, actor: Actor, row: repo.JudgementRow): Promise<ReworkJudgementView> {
  const [tickets, names, [money], { timeZone }] = await Promise.all([
    repo.ticketBasics(deps.db, actor.orgId, [row.originalTicketId, row.reworkTicketId]),
    repo.namesOf(deps.db, actor.orgId, [...row.atFaultUserIds, row.decidedBy]),
    deps.billing.ordersMoney(actor, [row.originalTicketId]),
    deps.getOrganisation(actor.orgId),
  ]);
  const original = tickets.find((t) => t.id === row.originalTicketId);
  const rework = tickets.find((t) => t.id === row.reworkTicketId);
  const warrantyEndsOn = money?.repairWarrantyEndsOn ?? null;
  const reportedOn = rework ? localDate(rework.reportedAt, timeZone) : null;
  return {
    id: row.id,
    reworkTicketId: row.reworkTicketId,
    originalTicketId: row.originalTicketId,
    originalTicketNumber: original?.number ?? '',
    atFault: row.atFaultUserIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    reason: row.reason,
    warrantyEndsOn,
    withinWarranty: warrantyEndsOn !== null && reportedOn !== null && reportedOn < warrantyEndsOn,
    decidedBy: { id: row.decidedBy, name: names.get(row.decidedBy) ?? '' },
    decidedAt: row.decidedAt.toISOString(),
  };
}

export async function judgementOf(deps: PayDeps, actor: Actor, reworkTicketId: string): Promise<ReworkJudgementView> {
  const row = await repo.findJudgement(deps.db, actor.orgId, reworkTicketId);
  if (!row) throw notFound();
  return view(deps, actor, row);
}

/** Records (or replaces) the judgement on a rework ticket. */
export async function judgeRework(deps: PayDeps, actor: Actor, reworkTicketId: string, body: ReworkJudgementBody): Promise<ReworkJudgementView> {
  const tickets = await repo.ticketBasics(deps.db, actor.orgId, [reworkTicketId, body.originalTicketId]);
  const rework = tickets.find((t) => t.id === reworkTicketId);
  if (!rework) throw notFound();
  if (body.originalTicketId === reworkTicketId) throw fieldError('body.originalTicketId', 'pay.errors.sameTicket');
  const original = tickets.find((t) => t.id === body.originalTicketId);
  if (!original) throw invalidReference('body.originalTicketId', 'pay.errors.unknownTicket');
  if (original.reportedAt >= rework.reportedAt) throw fieldError('body.originalTicketId', 'pay.errors.originalAfterRework');
  const { crew } = await repo.orderFacts(deps.db, actor.orgId, [original.id], 'UTC');
  const names = await repo.namesOf(deps.db, actor.orgId, body.atFaultUserIds);
  body.atFaultUserIds.forEach((userId, i) => {
    if (!crew.some((m) => m.userId === userId)) throw fieldError(`body.atFaultUserIds.${i}`, 'pay.errors.notInCrew', { params: { name: names.get(userId) ?? userId } });
  });
  await repo.upsertJudgement(deps.db, {
    orgId: actor.orgId,
    id: uuidv7(),
    reworkTicketId,
    originalTicketId: original.id,
    atFaultUserIds: [...new Set(body.atFaultUserIds)],
    reason: body.reason,
    decidedBy: actor.userId,
    decidedAt: deps.clock(),
  });
  return judgementOf(deps, actor, reworkTicketId);
}

/** How many earlier jobs the panel offers. */
const CANDIDATE_LIMIT = 5;

/** The earlier jobs a ticket may rework, with each repair's warranty and whether the ticket came within it. */
export async function reworkCandidatesOf(deps: PayDeps, actor: Actor, ticketId: string): Promise<ReworkCandidatesView> {
  const found = await repo.reworkCandidates(deps.db, actor.orgId, ticketId, CANDIDATE_LIMIT);
  if (!found) throw notFound();
  const [money, { timeZone }] = await Promise.all([
    deps.billing.ordersMoney(
      actor,
      found.rows.map((r) => r.id),
    ),
    deps.getOrganisation(actor.orgId),
  ]);
  const reportedOn = localDate(found.reportedAt, timeZone);
  return {
    items: found.rows.map((r) => {
      const warrantyEndsOn = money.find((m) => m.ticketId === r.id)?.repairWarrantyEndsOn ?? null;
      return {
        ticketId: r.id,
        number: r.number,
        type: r.type,
        completedAt: r.completedAt.toISOString(),
        sameAsset: found.sameAsset,
        warrantyEndsOn,
        withinWarranty: warrantyEndsOn !== null && reportedOn < warrantyEndsOn,
      };
    }),
  };
}
