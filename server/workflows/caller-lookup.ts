import { z } from 'zod';
import { assetView, type AssetView } from '../../shared/contracts/assets';
import { customerView, type CustomerView } from '../../shared/contracts/customers';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import type { Actor } from '../modules/identity';
import type { CustomerService } from '../modules/customers';
import type { AssetService } from '../modules/assets';

export interface CallerLookupDeps {
  customers: Pick<CustomerService, 'findCustomers'>;
  assets: Pick<AssetService, 'findAssets'>;
}

const lookupItem = customerView.extend({ assets: z.array(assetView) });

/**
 * Phone intake (A2, H1): whatever the caller reads out (their phone, name, company, the plate
 * or the serial) finds the customers it may be, each with their assets, in one answer. A match
 * on an asset brings its owner along even when the owner's own record does not match.
 */
export async function lookupCaller(deps: CallerLookupDeps, actor: Actor, q: string): Promise<(CustomerView & { assets: AssetView[] })[]> {
  const [byCustomer, byAsset] = await Promise.all([
    deps.customers.findCustomers(actor, { q, limit: 8, offset: 0 }),
    deps.assets.findAssets(actor, { q, limit: 8, offset: 0 }),
  ]);
  const extraIds = byAsset.items.map((a) => a.customerId).filter((id) => !byCustomer.items.some((c) => c.id === id));
  const more = extraIds.length ? await deps.customers.findCustomers(actor, { ids: [...new Set(extraIds)], limit: 8, offset: 0 }) : { items: [] };
  const found = [...byCustomer.items, ...more.items].slice(0, 10);
  const owned = found.length ? await deps.assets.findAssets(actor, { customerIds: found.map((c) => c.id), limit: 200, offset: 0 }) : { items: [] };
  return found.map((c) => ({ ...c, assets: owned.items.filter((a) => a.customerId === c.id) }));
}

export function callerLookupRoutes(api: Api, deps: CallerLookupDeps) {
  api.get('/api/v1/customers/lookup', {
    config: { permission: 'customers.read' },
    schema: {
      tags: ['customers'],
      summary: "Phone intake: the caller's phone, name, plate or serial finds customers with their assets (A2)",
      querystring: z.object({ q: z.string().trim().min(1).max(100) }),
      response: { 200: z.object({ items: z.array(lookupItem) }) },
    },
    handler: async (request) => ({ items: await lookupCaller(deps, actorOf(request), request.query.q) }),
  });
}
