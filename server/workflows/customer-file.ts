import { z } from 'zod';
import { idParams } from '../../shared/contracts/common';
import { assetView } from '../../shared/contracts/assets';
import { contactView, customerView, siteView } from '../../shared/contracts/customers';
import { actorOf } from '../http/auth';
import { withETag, type Api } from '../http/common';
import type { Actor } from '../modules/identity';
import type { CustomerService } from '../modules/customers';
import type { AssetService } from '../modules/assets';

export interface CustomerFileDeps {
  customers: Pick<CustomerService, 'getCustomerDetail'>;
  assets: Pick<AssetService, 'findAssets'>;
}

const customerDetail = customerView.extend({ contacts: z.array(contactView), sites: z.array(siteView), assets: z.array(assetView) });

/** A customer's file (D1): the record with contacts and sites, and everything of theirs the organisation services. */
export async function customerFile(deps: CustomerFileDeps, actor: Actor, id: string) {
  const detail = await deps.customers.getCustomerDetail(actor, id);
  const owned = await deps.assets.findAssets(actor, { customerId: detail.id, limit: 500, offset: 0 });
  return { ...detail, assets: owned.items };
}

export function customerFileRoutes(api: Api, deps: CustomerFileDeps) {
  api.get('/api/v1/customers/:id', {
    config: { permission: 'customers.read' },
    schema: { tags: ['customers'], summary: 'A customer with contacts, sites and assets', params: idParams, response: { 200: customerDetail } },
    handler: async (request, reply) => withETag(reply, await customerFile(deps, actorOf(request), request.params.id)),
  });
}
