/** billing: prices, quotes, charges, payments, invoices, an order's costs and net profit (M7), mail-in repair (C3, C5). */
export { createBillingService, type BillingService } from './billing.service';
export { billingRoutes } from './billing.routes';
export type { ReceiptPrinter } from './payments.routes';
export type { OrderMoney } from './money';
