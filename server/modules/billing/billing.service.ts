import type { Actor } from '../identity';
import type { BillingDeps } from './billing.deps';
import * as payments from './payments';
import * as invoices from './invoices';
import * as costs from './costs';
import * as money from './money';
import * as receivables from './receivables';

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
    // --- payments, fapiao, costs, net profit (M7), receivables -------------------------------
    recordPayment: bind(deps, payments.recordPayment),
    listPayments: bind(deps, payments.listPayments),
    receiptOf: bind(deps, payments.receiptOf),
    listInvoices: bind(deps, invoices.listInvoices),
    requestInvoice: bind(deps, invoices.requestInvoice),
    issueInvoice: bind(deps, invoices.issueInvoice),
    reverseInvoice: bind(deps, invoices.reverseInvoice),
    addCost: bind(deps, costs.addCost),
    attachReceipt: bind(deps, costs.attachReceipt),
    assertCostVisible: bind(deps, costs.assertCostVisible),
    ticketCosts: bind(deps, costs.ticketCosts),
    listCosts: bind(deps, costs.listCosts),
    approveCost: bind(deps, costs.approveCost),
    rejectCost: bind(deps, costs.rejectCost),
    ticketMoney: bind(deps, money.ticketMoney),
    /** M7, for the pay work: collected, costs, still owed and net profit per order, and per period. */
    ordersMoney: bind(deps, money.ordersMoney),
    periodMoney: bind(deps, money.periodMoney),
    listReceivables: bind(deps, receivables.listReceivables),
    receivablesSummary: bind(deps, receivables.receivablesSummary),
    exportReceivables: bind(deps, receivables.exportReceivables),
    exportCosts: bind(deps, receivables.exportCosts),
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
