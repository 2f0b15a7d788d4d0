import type { TicketMoney } from '../../../shared/contracts/billing-payments';
import type { Actor } from '../identity';
import { findAccount } from './accounts.repository';
import type { BillingDeps } from './billing.deps';
import * as repo from './payments.repository';

/*
 * M7: a ticket's money for finance and supervisors, never for a customer: what it was charged,
 * what was collected, what is still owed, its costs (the parts consumed on it at cost, from the
 * parts module, plus the approved costs entered here) and its net profit = collected − costs.
 */

/** One ticket's money (M7). */
export async function ticketMoney(deps: BillingDeps, actor: Actor, ticketId: string): Promise<TicketMoney> {
  await deps.tickets.getVisible(deps.db, actor, ticketId);
  const [account, parts, pendingCostsFen] = await Promise.all([
    findAccount(deps.db, actor.orgId, ticketId),
    deps.parts.partsOfTicket(actor, ticketId),
    repo.pendingCostsOf(deps.db, actor.orgId, ticketId),
  ]);
  return moneyOf(account ?? { chargedFen: 0, collectedFen: 0, costsFen: 0 }, parts.costTotalFen, pendingCostsFen);
}

/** The one formula: costs = approved entered costs + parts at cost; net profit = collected − costs. */
export function moneyOf(account: { chargedFen: number; collectedFen: number; costsFen: number }, partsCostFen: number, pendingCostsFen = 0): TicketMoney {
  const costsFen = account.costsFen + partsCostFen;
  return {
    chargedFen: account.chargedFen,
    collectedFen: account.collectedFen,
    outstandingFen: account.chargedFen - account.collectedFen,
    costsFen,
    enteredCostsFen: account.costsFen,
    partsCostFen,
    pendingCostsFen,
    netProfitFen: account.collectedFen - costsFen,
  };
}

/** What the pay work (M7 commission) reads of one order. */
export interface OrderMoney {
  ticketId: string;
  collectedFen: number;
  costsFen: number;
  outstandingFen: number;
  netProfitFen: number;
}

/** The pay work's read per ticket: collected, costs, still owed and net profit of each order named. */
export async function ordersMoney(deps: BillingDeps, actor: Actor, ticketIds: string[]): Promise<OrderMoney[]> {
  const out: OrderMoney[] = [];
  for (const ticketId of ticketIds) {
    const m = await ticketMoney(deps, actor, ticketId);
    out.push({ ticketId, collectedFen: m.collectedFen, costsFen: m.costsFen, outstandingFen: m.outstandingFen, netProfitFen: m.netProfitFen });
  }
  return out;
}

/**
 * The pay work's read per period: every order that received money in [from, to), with what
 * was collected in the period, and its totals as of now (collected, costs, still owed, net
 * profit). Commission is paid once the money is collected (M7), so a period is the payments'.
 */
export async function periodMoney(deps: BillingDeps, actor: Actor, period: { from: Date; to: Date }): Promise<(OrderMoney & { collectedInPeriodFen: number })[]> {
  const received = await repo.collectedInPeriod(deps.db, actor.orgId, period.from, period.to);
  const totals = new Map((await ordersMoney(deps, actor, received.map((r) => r.ticketId))).map((m) => [m.ticketId, m]));
  return received.map((r) => ({ ...totals.get(r.ticketId)!, collectedInPeriodFen: r.collectedFen }));
}
