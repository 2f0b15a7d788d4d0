/** billing: prices, quotes, charges, payments, invoices, an order's costs and net profit (M7), mail-in repair (C3, C5). */
export { createBillingService, type BillingService } from './billing.service';
export { billingRoutes } from './billing.routes';
/** C3: is the ticket's current quote approved? In the caller's transaction (the RMA repair step asks). */
export { quoteApprovedInTx } from './quotes';
export type { ChargePrinter } from './quotes.routes';
export type { ReceiptPrinter } from './payments.routes';
export type { OrderMoney } from './money';
