import type { Api } from '../../http/common';
import type { BillingService } from './billing.service';
import { quoteRoutes, type ChargePrinter } from './quotes.routes';
import { paymentRoutes, type ReceiptPrinter } from './payments.routes';
import { rmaRoutes } from './rma.routes';

/** The printed charge sheet and payment receipt, rendered by the PDF pool (see `server/app.ts`). */
export interface BillingPrinters {
  charge?: ChargePrinter;
  receipt?: ReceiptPrinter;
}

/** The money of a job and mail-in repair over HTTP; each part registers its own routes here. */
export function billingRoutes(api: Api, billing: BillingService, printers: BillingPrinters = {}) {
  quoteRoutes(api, billing, printers.charge);
  paymentRoutes(api, billing, printers.receipt);
  rmaRoutes(api, billing);
}
