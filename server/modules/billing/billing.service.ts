import type { Actor } from '../identity';
import type { BillingDeps } from './billing.deps';
import * as rma from './rma';
import { rmaMonthlyReport } from './rma-report';

type Rest<F> = F extends (deps: BillingDeps, actor: Actor, ...rest: infer R) => infer Out ? (actor: Actor, ...rest: R) => Out : never;

/** Binds a use case `(deps, actor, …)` to the module's deps. */
export const bind =
  <F extends (deps: BillingDeps, actor: Actor, ...rest: never[]) => unknown>(deps: BillingDeps, useCase: F): Rest<F> =>
  ((actor: Actor, ...rest: never[]) => useCase(deps, actor, ...rest)) as Rest<F>;

/**
 * The money of a job: prices (labour rates, travel, contracts), quotes the customer approves
 * (C3, E1, E5, E7, W3), the charge and its explanation at delivery (A6), payments, refunds and
 * fapiao, an order's costs and its net profit (M7); and mail-in repair (RMA, C3, C5). Each
 * part of it is its own file of use cases.
 */
export function createBillingService(deps: BillingDeps) {
  return {
    /** The deps, for the workflows and tests that compose with the module. */
    deps,
    // --- mail-in and carry-in repair (RMA, C3, C5) ---
    getRma: bind(deps, rma.getRma),
    attachRmaPhoto: bind(deps, rma.attachRmaPhoto),
    receiveRma: bind(deps, rma.receiveRma),
    decideRmaWarranty: bind(deps, rma.decideRmaWarranty),
    repairRma: bind(deps, rma.repairRma),
    qcRma: bind(deps, rma.qcRma),
    shipRma: bind(deps, rma.shipRma),
    closeRma: bind(deps, rma.closeRma),
    markDoa: bind(deps, rma.markDoa),
    shipAdvanceReplacement: bind(deps, rma.shipAdvanceReplacement),
    overdueAdvanceReplacements: bind(deps, rma.overdueAdvanceReplacements),
    setProductDoaDays: bind(deps, rma.setProductDoaDays),
    rmaMonthlyReport: bind(deps, rmaMonthlyReport),
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
