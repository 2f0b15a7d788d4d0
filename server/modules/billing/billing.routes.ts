import type { Api } from '../../http/common';
import type { BillingService } from './billing.service';
import { paymentRoutes, type ReceiptPrinter } from './payments.routes';

/** The money of a job and mail-in repair over HTTP; each part registers its own routes here. */
export function billingRoutes(api: Api, billing: BillingService, printReceipt?: ReceiptPrinter) {
  void api;
  void billing;
  paymentRoutes(api, billing, printReceipt);
}
