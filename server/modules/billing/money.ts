import type { TicketMoney } from '../../../shared/contracts/billing-payments';
import type { Actor } from '../identity';
import { findAccount, ordersOf } from './accounts.repository';
import type { BillingDeps } from './billing.deps';
import * as repo from './payments.repository';
import { repairWarrantyEndsOn, repairWarrantyMonthsOf } from './repair-warranty';

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

/** What the pay work (M7, M8 commission) reads of one order. */
export interface OrderMoney {
  ticketId: string;
  /** Payments net of refunds received before `asOf` (all of them when it is omitted). */
  collectedFen: number;
  /** Approved entered costs + parts at cost (as now). */
  costsFen: number;
  /** Charged − collectedFen. */
  outstandingFen: number;
  /** collectedFen − costsFen (through `moneyOf`). */
  netProfitFen: number;
  /** M8: the repair's own warranty (维修质保期) end day in the org's time zone, or null when the repair carries none. */
  repairWarrantyEndsOn: string | null;
}

/** Ticket ids are read this many at a time. */
const CHUNK = 5000;

/**
 * The pay work's read per order, set-wise: collected (as of `asOf` when given), costs, still
 * owed, net profit and the repair's warranty end of each ticket named, in the actor's
 * organisation; a constant number of queries per 5000 tickets, with no visibility check per
 * ticket (the pay work reads as finance). Ids of no ticket of the organisation are left out;
 * the rest come back in the order asked, each once.
 */
export async function ordersMoney(deps: BillingDeps, actor: Actor, ticketIds: string[], asOf?: Date): Promise<OrderMoney[]> {
  const unique = [...new Set(ticketIds)];
  if (!unique.length) return [];
  const org = await deps.getOrganisation(actor.orgId);
  const settingMonths = org.settings.billing.repairWarrantyMonths;
  const found = new Map<string, OrderMoney>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const [orders, partsCost, collectedAsOf] = await Promise.all([
      ordersOf(deps.db, actor.orgId, chunk),
      deps.parts.partsCostOfTickets(actor.orgId, chunk),
      asOf ? repo.collectedBefore(deps.db, actor.orgId, chunk, asOf).then((rows) => new Map(rows.map((r) => [r.ticketId, r.collectedFen]))) : null,
    ]);
    for (const o of orders) {
      const collectedFen = collectedAsOf ? (collectedAsOf.get(o.ticketId) ?? 0) : o.collectedFen;
      const m = moneyOf({ chargedFen: o.chargedFen, collectedFen, costsFen: o.costsFen }, partsCost.get(o.ticketId) ?? 0);
      const endsOn = o.chargeCreatedAt
        ? repairWarrantyEndsOn({ months: repairWarrantyMonthsOf(o.repairWarrantyMonths, settingMonths), completedAt: o.completedAt, chargedAt: o.chargeCreatedAt, timeZone: org.timeZone })
        : null;
      found.set(o.ticketId, { ticketId: o.ticketId, collectedFen: m.collectedFen, costsFen: m.costsFen, outstandingFen: m.outstandingFen, netProfitFen: m.netProfitFen, repairWarrantyEndsOn: endsOn });
    }
  }
  return unique.flatMap((id) => found.get(id) ?? []);
}

/**
 * The pay work's read per period: every order that received money (payments or refunds) in
 * [from, to), with what was collected in the period, and its totals as of `to` (collected,
 * still owed, net profit; costs as now). Commission is paid once the money is collected (M7),
 * so a period is the payments'. In the order the tickets first received money in the period.
 */
export async function periodMoney(deps: BillingDeps, actor: Actor, period: { from: Date; to: Date }): Promise<(OrderMoney & { collectedInPeriodFen: number })[]> {
  const received = await repo.collectedInPeriod(deps.db, actor.orgId, period.from, period.to);
  const totals = new Map((await ordersMoney(deps, actor, received.map((r) => r.ticketId), period.to)).map((m) => [m.ticketId, m]));
  return received.flatMap((r) => {
    const m = totals.get(r.ticketId);
    return m ? [{ ...m, collectedInPeriodFen: r.collectedFen }] : [];
  });
}
