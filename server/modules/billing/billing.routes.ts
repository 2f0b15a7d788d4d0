import type { Api } from '../../http/common';
import type { BillingService } from './billing.service';
import { quoteRoutes, type ChargePrinter } from './quotes.routes';

/** The money of a job and mail-in repair over HTTP; each part registers its own routes here. */
export function billingRoutes(api: Api, billing: BillingService, printers: { charge?: ChargePrinter } = {}) {
  quoteRoutes(api, billing, printers.charge);
}
