import { v7 as uuidv7 } from 'uuid';
import type { PaymentView, RecordPaymentBody, TicketPayments } from '../../../shared/contracts/billing-payments';
import { formatYuan } from '../../../shared/money';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../identity';
import { addToAccount, findAccount } from './accounts.repository';
import type { BillingDeps } from './billing.deps';
import { chargeOfTicket } from './charges';
import * as repo from './payments.repository';

/*
 * Payments and refunds on a ticket. Nothing is charged to a card or a wallet from here: staff
 * record what was received (cash, bank transfer, WeChat Pay, Alipay, card) with its reference
 * and who received it. A refund is a negative payment with its reason, never more than what was
 * paid. Each is one row, its amount added to the ticket's account and written to the ticket's
 * history in the same transaction.
 */

function toView(row: repo.PaymentRow, names: Map<string, string>): PaymentView {
  return {
    id: row.id,
    ticketId: row.ticketId,
    amountFen: row.amountFen,
    method: row.method,
    reference: row.reference,
    reason: row.reason,
    refund: row.amountFen < 0,
    receivedBy: { id: row.receivedBy, name: names.get(row.receivedBy) ?? '' },
    receivedAt: row.receivedAt,
  };
}

/**
 * Records money received (amount above zero) or paid back (below zero, with a reason). A
 * cancelled ticket takes no payment (TICKET_CANCELLED) but may still refund; a refund above what
 * was paid is refused (REFUND_EXCEEDS_PAID). Either refusal writes nothing.
 */
export async function recordPayment(deps: BillingDeps, actor: Actor, ticketId: string, body: RecordPaymentBody): Promise<PaymentView> {
  const now = deps.clock();
  const id = uuidv7();
  const refund = body.amountFen < 0;
  await deps.db.transaction(async (tx) => {
    const locked = await deps.tickets.lockForChange(tx, actor, ticketId);
    const ticket = await deps.tickets.getVisible(tx, actor, ticketId);
    if (!refund && locked.status === 'cancelled') {
      throw new AppError('TICKET_CANCELLED', { detail: 'payments.errors.ticketCancelled', params: { number: ticket.number } });
    }
    if (refund) {
      const paid = (await findAccount(tx, actor.orgId, ticketId))?.collectedFen ?? 0;
      if (-body.amountFen > paid) {
        throw new AppError('REFUND_EXCEEDS_PAID', {
          detail: 'payments.errors.refundExceedsPaid',
          params: { paid: formatYuan(paid) },
          fields: [{ field: 'body.amountFen', code: 'too_big', message: 'payments.errors.refundExceedsPaid', params: { paid: formatYuan(paid) } }],
          extensions: { paidFen: paid },
        });
      }
    }
    await repo.insertPayment(tx, {
      orgId: actor.orgId,
      id,
      ticketId,
      customerId: ticket.customerId,
      amountFen: body.amountFen,
      method: body.method,
      reference: body.reference ?? null,
      reason: body.reason ?? null,
      receivedBy: actor.userId,
      receivedAt: now,
    });
    await addToAccount(tx, { orgId: actor.orgId, ticketId, customerId: ticket.customerId }, { collectedFen: body.amountFen }, now);
    await deps.tickets.recordEvent(
      tx,
      actor,
      ticketId,
      { type: 'payment', details: { paymentId: id, amountFen: body.amountFen, method: body.method, refund, ...(body.reason ? { reason: body.reason } : {}) } },
      now,
      { touch: false },
    );
  });
  const row = await repo.findPayment(deps.db, actor.orgId, id);
  return toView(row!, await repo.namesOf(deps.db, actor.orgId, [actor.userId]));
}

/** A ticket's payments and refunds, oldest first, with what was charged and what is still owed. */
export async function listPayments(deps: BillingDeps, actor: Actor, ticketId: string): Promise<TicketPayments> {
  await deps.tickets.getVisible(deps.db, actor, ticketId);
  const [rows, account] = await Promise.all([repo.ticketPayments(deps.db, actor.orgId, ticketId), findAccount(deps.db, actor.orgId, ticketId)]);
  const names = await repo.namesOf(
    deps.db,
    actor.orgId,
    rows.map((r) => r.receivedBy),
  );
  const chargedFen = account?.chargedFen ?? 0;
  const collectedFen = account?.collectedFen ?? 0;
  return { items: rows.map((r) => toView(r, names)), chargedFen, collectedFen, outstandingFen: chargedFen - collectedFen };
}

/** Everything a printed receipt shows, gathered for the PDF pool. */
export interface ReceiptPrint {
  organisation: string;
  ticketNumber: string;
  customer: string;
  payment: { amountFen: number; method: string; reference: string | null; reason: string | null; receivedBy: string; receivedAt: string; refund: boolean };
  chargedFen: number;
  collectedFen: number;
  lines: { description: string; amountFen: number }[];
}

/** The receipt of one payment or refund: the organisation, the ticket, the payment and the ticket's lines where there are any. */
export async function receiptOf(deps: BillingDeps, actor: Actor, paymentId: string): Promise<ReceiptPrint> {
  const row = await repo.findPayment(deps.db, actor.orgId, paymentId);
  if (!row) throw notFound();
  const ticket = await deps.tickets.findVisible(deps.db, actor, row.ticketId);
  if (!ticket) throw notFound();
  const [org, names, account, customer] = await Promise.all([
    deps.getOrganisation(actor.orgId),
    repo.namesOf(deps.db, actor.orgId, [row.receivedBy]),
    findAccount(deps.db, actor.orgId, row.ticketId),
    repo.customerName(deps.db, actor.orgId, ticket.customerId),
  ]);
  const at = new Intl.DateTimeFormat('zh-CN', { timeZone: org.timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(row.receivedAt);
  return {
    organisation: org.name,
    ticketNumber: ticket.number,
    customer: customer ?? '',
    payment: { amountFen: row.amountFen, method: row.method, reference: row.reference, reason: row.reason, receivedBy: names.get(row.receivedBy) ?? '', receivedAt: at, refund: row.amountFen < 0 },
    chargedFen: account?.chargedFen ?? 0,
    collectedFen: account?.collectedFen ?? 0,
    lines: ((await chargeOfTicket(deps, actor, row.ticketId))?.lines ?? []).map((l) => ({ description: l.description, amountFen: l.amountFen })),
  };
}
