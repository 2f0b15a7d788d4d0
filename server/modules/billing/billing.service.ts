import type { Actor } from '../identity';
import type { BillingDeps } from './billing.deps';
import * as prices from './prices';
import * as quotes from './quotes';
import * as links from './quote-links';
import * as charges from './charges';
import * as payments from './payments';
import * as invoices from './invoices';
import * as costs from './costs';
import * as money from './money';
import * as receivables from './receivables';
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
  // C3: paid work does not start before its quote is approved.
  deps.tickets.guardTransitions((tx, _actor, ticket, action) => quotes.guardPaidWork(tx, ticket, action));
  return {
    /** The deps, for the workflows and tests that compose with the module. */
    deps,

    // --- prices, quotes and the charge ---------------------------------------------------------
    getPrices: bind(deps, prices.getPrices),
    createRate: bind(deps, prices.createRate),
    updateRate: bind(deps, prices.updateRate),
    deleteRate: bind(deps, prices.deleteRate),
    createContract: bind(deps, prices.createContract),
    updateContract: bind(deps, prices.updateContract),
    quoteDraft: bind(deps, quotes.quoteDraft),
    previewQuote: bind(deps, quotes.previewQuote),
    createQuote: bind(deps, quotes.createQuote),
    listQuotes: bind(deps, quotes.listQuotes),
    getQuote: bind(deps, quotes.getQuote),
    decideQuote: bind(deps, quotes.decideQuote),
    markCustomerCaused: bind(deps, quotes.markCustomerCaused),
    customerCausedOf: (actor: Actor, ticketId: string) => quotes.customerCausedOf(deps, actor, ticketId),
    createQuoteLink: bind(deps, links.createLink),
    publicQuote: (token: string, ip: string) => links.publicQuote(deps, token, ip),
    decideQuoteByLink: (token: string, ip: string, body: Parameters<typeof links.decideByLink>[3]) => links.decideByLink(deps, token, ip, body),
    /** The tracking page (selfservice): the ticket's current quote for its customer, and their decision on it. */
    quoteForCustomer: (orgId: string, ticketId: string) => links.quoteForCustomer(deps, orgId, ticketId),
    decideQuoteForCustomer: (orgId: string, ticketId: string, onBehalfOf: string, quoteId: string, body: Parameters<typeof links.decideForCustomer>[5]) =>
      links.decideForCustomer(deps, orgId, ticketId, onBehalfOf, quoteId, body),
    chargeOfTicket: bind(deps, charges.chargeOfTicket),
    chargeTicket: bind(deps, charges.chargeTicket),
    adjustCharge: bind(deps, charges.adjustCharge),
    decideAdjustment: bind(deps, charges.decideAdjustment),
    explainCharge: bind(deps, charges.explainCharge),
    setRepairWarranty: bind(deps, charges.setRepairWarranty),
    chargePrint: bind(deps, charges.chargePrint),
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
