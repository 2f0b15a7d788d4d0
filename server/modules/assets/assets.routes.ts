import { z } from 'zod';
import { assetView, createAssetBody, createProductBody, updateAssetBody } from '../../../shared/contracts/assets';
import { idParams, listOf, pageQuery, uuid } from '../../../shared/contracts/common';
import { ASSET_KINDS, WARRANTY_BASES } from '../../../shared/domain';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import type { AssetService } from './assets.service';

const productView = z.object({
  id: uuid,
  name: z.string(),
  brand: z.string().nullable(),
  model: z.string().nullable(),
  category: z.string().nullable(),
  kind: z.enum(ASSET_KINDS),
  warrantyMonths: z.number().int().nullable(),
  warrantyBasis: z.enum(WARRANTY_BASES).nullable(),
});

export function assetRoutes(api: Api, assets: AssetService) {
  api.post('/api/v1/assets', {
    config: { permission: 'assets.write' },
    schema: { tags: ['assets'], summary: 'Register an asset (W1, E9, vehicles)', body: createAssetBody, response: { 201: assetView } },
    handler: async (request, reply) => reply.code(201).send(await assets.createAsset(actorOf(request), request.body)),
  });

  api.get('/api/v1/assets', {
    config: { permission: 'assets.read' },
    schema: {
      tags: ['assets'],
      summary: 'Search assets by serial number, plate, product; or list a customer’s',
      querystring: pageQuery.extend({
        q: z.string().trim().max(100).optional(),
        customerId: uuid.optional(),
        serialNumber: z.string().max(80).optional(),
        plate: z.string().max(16).optional(),
      }),
      response: { 200: listOf(assetView) },
    },
    handler: async (request) => {
      const { page, pageSize, q, ...rest } = request.query;
      const result = await assets.findAssets(actorOf(request), { ...rest, q: q || undefined, limit: pageSize, offset: (page - 1) * pageSize });
      return { ...result, page, pageSize };
    },
  });

  api.get('/api/v1/assets/:id', {
    config: { permission: 'assets.read' },
    schema: { tags: ['assets'], params: idParams, response: { 200: assetView } },
    handler: async (request, reply) => withETag(reply, await assets.getAsset(actorOf(request), request.params.id)),
  });

  api.patch('/api/v1/assets/:id', {
    config: { permission: 'assets.write' },
    schema: { tags: ['assets'], summary: 'Change an asset (If-Match)', params: idParams, body: updateAssetBody, response: { 200: assetView } },
    handler: async (request, reply) =>
      withETag(reply, await assets.updateAsset(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.get('/api/v1/products', {
    config: { permission: 'assets.read' },
    schema: { tags: ['assets'], response: { 200: z.object({ items: z.array(productView) }) } },
    handler: async (request) => ({ items: await assets.findProducts(actorOf(request)) }),
  });

  api.post('/api/v1/products', {
    config: { permission: 'assets.write' },
    schema: { tags: ['assets'], body: createProductBody, response: { 201: z.object({ id: uuid }) } },
    handler: async (request, reply) => reply.code(201).send(await assets.createProduct(actorOf(request), request.body)),
  });
}
