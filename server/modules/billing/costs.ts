import { v7 as uuidv7 } from 'uuid';
import type { AddCostBody, CostView } from '../../../shared/contracts/billing-payments';
import { can } from '../../../shared/permissions';
import { localInstant } from '../../../shared/time';
import type { Db } from '../../db/client';
import { AppError, assertVersion, notFound } from '../../errors';
import type { FileService } from '../files';
import { DOCUMENT_TYPES } from '../files';
import type { Actor } from '../identity';
import { addToAccount } from './accounts.repository';
import type { BillingDeps } from './billing.deps';
import * as repo from './payments.repository';

/*
 * M7: an order's costs. A technician enters what the job cost (machining, travel, vehicle,
 * tolls, shipping, a part bought outside stock, other) with a photo of the receipt; it waits
 * for someone holding `costs.approve`, who approves it (it then counts in the ticket's costs)
 * or rejects it with a reason. Entered by someone who may approve, it is approved at once.
 * Like a time entry, a decided cost does not change.
 */

type Upload = Parameters<FileService['attach']>[2];


export function costView(row: repo.CostRow, ticketNumber: string, names: Map<string, string>): CostView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber,
    kind: row.kind,
    amountFen: row.amountFen,
    note: row.note,
    status: row.status,
    enteredBy: { id: row.enteredBy, name: names.get(row.enteredBy) ?? '' },
    enteredAt: row.enteredAt,
    decidedBy: row.decidedBy ? { id: row.decidedBy, name: names.get(row.decidedBy) ?? '' } : null,
    decidedAt: row.decidedAt,
    rejectReason: row.rejectReason,
    receiptId: row.receiptId,
    version: row.version,
  };
}

async function viewsOf(db: Db, orgId: string, rows: repo.ListedCost[]): Promise<CostView[]> {
  const names = await repo.namesOf(
    db,
    orgId,
    rows.flatMap((r) => [r.cost.enteredBy, ...(r.cost.decidedBy ? [r.cost.decidedBy] : [])]),
  );
  return rows.map((r) => costView(r.cost, r.ticketNumber, names));
}

async function viewOf(deps: BillingDeps, actor: Actor, id: string): Promise<CostView> {
  const row = await repo.findCost(deps.db, actor.orgId, id);
  if (!row) throw notFound('costs.errors.unknown');
  const ticket = await deps.tickets.getVisible(deps.db, actor, row.ticketId);
  return (await viewsOf(deps.db, actor.orgId, [{ cost: row, ticketNumber: ticket.number }]))[0]!;
}

/** A technician adds costs to jobs they are on; others to any ticket they may see. */
async function assertMayEnter(deps: BillingDeps, tx: Db, actor: Actor, ticketId: string) {
  if (actor.role !== 'technician') return;
  const crew = await deps.tickets.crewOf(tx, actor.orgId, ticketId);
  if (!crew.some((c) => c.id === actor.userId)) throw notFound();
}

/** M7: a cost of the order; pending, or approved at once when its author may approve costs. */
export async function addCost(deps: BillingDeps, actor: Actor, ticketId: string, body: AddCostBody): Promise<CostView> {
  const now = deps.clock();
  const id = uuidv7();
  const approved = can(actor.role, 'costs.approve');
  await deps.db.transaction(async (tx) => {
    await deps.tickets.lockForChange(tx, actor, ticketId);
    const ticket = await deps.tickets.getVisible(tx, actor, ticketId);
    await assertMayEnter(deps, tx, actor, ticketId);
    await repo.insertCost(tx, {
      orgId: actor.orgId,
      id,
      ticketId,
      customerId: ticket.customerId,
      kind: body.kind,
      amountFen: body.amountFen,
      note: body.note ?? null,
      status: approved ? 'approved' : 'pending',
      enteredBy: actor.userId,
      enteredAt: now,
      ...(approved ? { decidedBy: actor.userId, decidedAt: now } : {}),
    });
    if (approved) await addToAccount(tx, { orgId: actor.orgId, ticketId, customerId: ticket.customerId }, { costsFen: body.amountFen }, now);
  });
  return viewOf(deps, actor, id);
}

/** The receipt's photo (or PDF), stored with the files module; only while the cost is pending, or by its approver. */
export async function attachReceipt(deps: BillingDeps, actor: Actor, costId: string, upload: Upload): Promise<CostView> {
  const row = await repo.findCost(deps.db, actor.orgId, costId);
  if (!row || !(await deps.tickets.findVisible(deps.db, actor, row.ticketId))) throw notFound('costs.errors.unknown');
  if (row.status !== 'pending' && !can(actor.role, 'costs.approve')) throw new AppError('COST_DECIDED', { detail: 'costs.errors.decided' });
  await deps.files.attach(actor, { type: 'ticket_cost', id: costId, purpose: 'receipt' }, upload, async (tx, attachment) => {
    if (!DOCUMENT_TYPES.test(attachment.contentType)) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', { detail: 'costs.errors.receiptType', params: { type: attachment.contentType, allowed: 'jpg, png, webp, gif, heic, pdf' } });
    }
    await repo.setReceipt(tx, actor.orgId, costId, attachment.id);
  });
  return viewOf(deps, actor, costId);
}

/** Who may see a cost's receipt: those who may see its ticket (the files module asks). */
export async function assertCostVisible(deps: BillingDeps, actor: Actor, costId: string): Promise<void> {
  const row = await repo.findCost(deps.db, actor.orgId, costId);
  if (!row || !(await deps.tickets.findVisible(deps.db, actor, row.ticketId))) throw notFound();
  if (actor.role === 'technician' && row.enteredBy !== actor.userId) await assertMayEnter(deps, deps.db, actor, row.ticketId);
}

/** A ticket's costs; a technician sees those they entered. */
export async function ticketCosts(deps: BillingDeps, actor: Actor, ticketId: string): Promise<CostView[]> {
  await deps.tickets.getVisible(deps.db, actor, ticketId);
  const rows = await repo.listCosts(deps.db, actor.orgId, { ticketId, ...(can(actor.role, 'finance.read') ? {} : { enteredBy: actor.userId }) });
  return viewsOf(deps.db, actor.orgId, rows);
}

/** The costs of the organisation: the approval queue (`status=pending`, oldest first), or by ticket and month. */
export async function listCosts(deps: BillingDeps, actor: Actor, query: { status?: CostView['status'] | undefined; ticketId?: string | undefined; month?: string | undefined }): Promise<CostView[]> {
  const org = await deps.getOrganisation(actor.orgId);
  const range = query.month ? monthRange(query.month, org.timeZone) : {};
  const rows = await repo.listCosts(deps.db, actor.orgId, { status: query.status, ticketId: query.ticketId, ...range });
  return viewsOf(deps.db, actor.orgId, rows);
}

/** A month of the organisation's calendar as instants [from, to). */
export function monthRange(month: string, timeZone: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return { from: new Date(localInstant(`${month}-01`, 0, timeZone)), to: new Date(localInstant(next, 0, timeZone)) };
}

async function decide(deps: BillingDeps, actor: Actor, id: string, version: number | undefined, outcome: { status: 'approved' } | { status: 'rejected'; reason: string }): Promise<CostView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await repo.lockCost(tx, actor.orgId, id);
    if (!row || !(await deps.tickets.findVisible(tx, actor, row.ticketId))) throw notFound('costs.errors.unknown');
    if (row.status !== 'pending') throw new AppError('COST_DECIDED', { detail: 'costs.errors.decided' });
    if (version !== undefined) assertVersion(row.version, version);
    await repo.decideCost(tx, actor.orgId, id, { status: outcome.status, decidedBy: actor.userId, decidedAt: now, rejectReason: outcome.status === 'rejected' ? outcome.reason : null });
    if (outcome.status === 'approved') await addToAccount(tx, { orgId: actor.orgId, ticketId: row.ticketId, customerId: row.customerId }, { costsFen: row.amountFen }, now);
  });
  return viewOf(deps, actor, id);
}

/** M7: approves a pending cost; it counts in the ticket's costs from now. */
export const approveCost = (deps: BillingDeps, actor: Actor, id: string, version?: number) => decide(deps, actor, id, version, { status: 'approved' });

/** Rejects a pending cost, with the reason; it never counts. */
export const rejectCost = (deps: BillingDeps, actor: Actor, id: string, reason: string, version?: number) => decide(deps, actor, id, version, { status: 'rejected', reason });
