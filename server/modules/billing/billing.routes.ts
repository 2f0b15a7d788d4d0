import type { Api } from '../../http/common';
import type { BillingService } from './billing.service';
import { rmaRoutes } from './rma.routes';

/** The money of a job and mail-in repair over HTTP; each part registers its own routes here. */
export function billingRoutes(api: Api, billing: BillingService) {
  void api;
  void billing;
  rmaRoutes(api, billing);
}
