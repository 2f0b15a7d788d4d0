import { v7 as uuidv7 } from 'uuid';
import type { InvoiceView, IssueInvoiceBody, RequestInvoiceBody, ReverseInvoiceBody } from '../../../shared/contracts/billing-payments';
import { formatYuan } from '../../../shared/money';
import { AppError, fieldError, notFound } from '../../errors';
import type { Actor } from '../identity';
import { findAccount } from './accounts.repository';
import type { BillingDeps } from './billing.deps';
import * as repo from './payments.repository';

/*
 * Fapiao (发票). A customer asks for one: the buyer's title and tax number, 普票 or 专票, and the
 * amount, which is the ticket's charge. The finance office issues it outside the system and
 * records its number and date here. A red-letter reversal (红字发票) is its own row with the
 * negative amount, naming the invoice it reverses; after it, a new request may be made.
 * Nothing is deleted.
 */

function toView(row: repo.InvoiceRow, reversedById: string | null): InvoiceView {
  const status: InvoiceView['status'] = row.reversesId ? 'reversal' : reversedById ? 'reversed' : row.number ? 'issued' : 'requested';
  return {
    id: row.id,
    ticketId: row.ticketId,
    kind: row.kind,
    buyerTitle: row.buyerTitle,
    buyerTaxNumber: row.buyerTaxNumber,
    amountFen: row.amountFen,
    status,
    reversesId: row.reversesId,
    reversedById,
    reason: row.reason,
    number: row.number,
    issuedOn: row.issuedOn,
    requestedAt: row.requestedAt,
    issuedAt: row.issuedAt,
    version: row.version,
  };
}

function viewsOf(rows: repo.InvoiceRow[]): InvoiceView[] {
  const reversedBy = new Map(rows.filter((r) => r.reversesId).map((r) => [r.reversesId!, r.id]));
  return rows.map((r) => toView(r, reversedBy.get(r.id) ?? null));
}

export async function listInvoices(deps: BillingDeps, actor: Actor, ticketId: string): Promise<InvoiceView[]> {
  await deps.tickets.getVisible(deps.db, actor, ticketId);
  return viewsOf(await repo.ticketInvoices(deps.db, actor.orgId, ticketId));
}

async function viewOf(deps: BillingDeps, actor: Actor, ticketId: string, id: string): Promise<InvoiceView> {
  const found = viewsOf(await repo.ticketInvoices(deps.db, actor.orgId, ticketId)).find((v) => v.id === id);
  if (!found) throw notFound('invoices.errors.unknown');
  return found;
}

/**
 * A customer's request for a fapiao. Its amount must be the ticket's charge
 * (INVOICE_TOTAL_MISMATCH), a 专票 needs the buyer's tax number, and a ticket holds one fapiao
 * at a time that is not reversed.
 */
export async function requestInvoice(deps: BillingDeps, actor: Actor, ticketId: string, body: RequestInvoiceBody): Promise<InvoiceView> {
  if (body.kind === 'special' && !body.buyerTaxNumber) throw fieldError('body.buyerTaxNumber', 'invoices.errors.specialNeedsTaxNumber', { code: 'required' });
  const now = deps.clock();
  const id = uuidv7();
  await deps.db.transaction(async (tx) => {
    await deps.tickets.lockForChange(tx, actor, ticketId);
    const ticket = await deps.tickets.getVisible(tx, actor, ticketId);
    const charged = (await findAccount(tx, actor.orgId, ticketId))?.chargedFen ?? 0;
    if (body.amountFen !== charged) {
      throw new AppError('INVOICE_TOTAL_MISMATCH', {
        detail: 'invoices.errors.totalMismatch',
        params: { charged: formatYuan(charged) },
        fields: [{ field: 'body.amountFen', code: 'invalid', message: 'invoices.errors.totalMismatch', params: { charged: formatYuan(charged) } }],
        extensions: { chargedFen: charged },
      });
    }
    const open = viewsOf(await repo.ticketInvoices(tx, actor.orgId, ticketId)).find((v) => v.status === 'requested' || v.status === 'issued');
    if (open) throw new AppError('INVOICE_STATE', { detail: 'invoices.errors.open', extensions: { invoiceId: open.id } });
    await repo.insertInvoice(tx, {
      orgId: actor.orgId,
      id,
      ticketId,
      customerId: ticket.customerId,
      kind: body.kind,
      buyerTitle: body.buyerTitle,
      buyerTaxNumber: body.buyerTaxNumber ?? null,
      amountFen: body.amountFen,
      requestedBy: actor.userId,
      requestedAt: now,
    });
  });
  return viewOf(deps, actor, ticketId, id);
}

/** The finance office issued the fapiao: its number and date. */
export async function issueInvoice(deps: BillingDeps, actor: Actor, id: string, body: IssueInvoiceBody): Promise<InvoiceView> {
  const now = deps.clock();
  const ticketId = await deps.db.transaction(async (tx) => {
    const row = await repo.lockInvoice(tx, actor.orgId, id);
    if (!row || !(await deps.tickets.findVisible(tx, actor, row.ticketId))) throw notFound('invoices.errors.unknown');
    if (row.number || row.reversesId) throw new AppError('INVOICE_STATE', { detail: 'invoices.errors.notRequested' });
    await repo.markIssued(tx, actor.orgId, id, { number: body.number, issuedOn: body.issuedOn, issuedBy: actor.userId, issuedAt: now });
    return row.ticketId;
  });
  return viewOf(deps, actor, ticketId, id);
}

/** A red-letter reversal of an issued fapiao: a row of its own, the negative amount, its own number. */
export async function reverseInvoice(deps: BillingDeps, actor: Actor, id: string, body: ReverseInvoiceBody): Promise<InvoiceView> {
  const now = deps.clock();
  const reversalId = uuidv7();
  const ticketId = await deps.db.transaction(async (tx) => {
    const row = await repo.lockInvoice(tx, actor.orgId, id);
    if (!row || !(await deps.tickets.findVisible(tx, actor, row.ticketId))) throw notFound('invoices.errors.unknown');
    if (!row.number || row.reversesId || (await repo.reversalOf(tx, actor.orgId, id))) throw new AppError('INVOICE_STATE', { detail: 'invoices.errors.notIssued' });
    await repo.insertInvoice(tx, {
      orgId: actor.orgId,
      id: reversalId,
      ticketId: row.ticketId,
      customerId: row.customerId,
      kind: row.kind,
      buyerTitle: row.buyerTitle,
      buyerTaxNumber: row.buyerTaxNumber,
      amountFen: -row.amountFen,
      reversesId: row.id,
      reason: body.reason,
      number: body.number,
      issuedOn: body.issuedOn,
      requestedBy: actor.userId,
      requestedAt: now,
      issuedBy: actor.userId,
      issuedAt: now,
    });
    return row.ticketId;
  });
  return viewOf(deps, actor, ticketId, reversalId);
}
