import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import { attachmentView } from '../../../shared/contracts/files';
import { can, type Permission } from '../../../shared/permissions';
import { actorOf } from '../../http/auth';
import type { Api } from '../../http/common';
import { readUpload } from '../../http/uploads';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../identity';
import type { FileService } from './files.service';

/**
 * What reading one kind of owner takes: the permission its own route declares, and its record
 * scope (NOT_FOUND for a record the caller may not see).
 */
export interface OwnerAccess {
  permission: Permission;
  assertVisible: (actor: Actor, id: string) => Promise<unknown>;
}

/**
 * Who may see an attachment is who may read what it is attached to (S10): an asset's files
 * answer as the asset does, whatever the role.
 */
export type OwnerChecks = Record<'ticket' | 'asset' | 'customer' | 'ticket_cost' | 'contractor' | 'penalty', OwnerAccess>;

function ownerAccess(owners: OwnerChecks, ownerType: string): OwnerAccess {
  if (!Object.hasOwn(owners, ownerType)) throw notFound();
  return owners[ownerType as keyof OwnerChecks];
}

export function fileRoutes(api: Api, files: FileService, owners: OwnerChecks) {
  api.get('/api/v1/attachments/:id/content', {
    config: { authenticated: true },
    schema: { tags: ['files'], summary: 'Download an attachment', params: idParams },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      const row = await files.get(actor, request.params.id);
      const owner = ownerAccess(owners, row.ownerType);
      if (!can(actor.role, owner.permission)) throw new AppError('FORBIDDEN');
      await owner.assertVisible(actor, row.ownerId);
      reply.header('Content-Type', row.contentType);
      reply.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(row.fileName)}`);
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('Cache-Control', 'private, max-age=3600');
      return reply.send(await files.open(row));
    },
  });

  api.get('/api/v1/assets/:id/attachments', {
    config: { permission: 'assets.read' },
    schema: { tags: ['assets'], params: idParams, response: { 200: z.object({ items: z.array(attachmentView) }) } },
    handler: async (request) => {
      const actor = actorOf(request);
      await owners.asset.assertVisible(actor, request.params.id);
      return { items: await files.list(actor, 'asset', request.params.id) };
    },
  });

  api.post('/api/v1/assets/:id/attachments', {
    config: { permission: 'assets.write' },
    schema: {
      tags: ['assets'],
      summary: 'Attach a proof of purchase, manual or certificate (multipart, field `file`, optional `purpose`)',
      params: idParams,
      response: { 201: attachmentView },
    },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      if (!can(actor.role, 'assets.write')) throw new AppError('FORBIDDEN');
      await owners.asset.assertVisible(actor, request.params.id);
      const upload = await readUpload(request);
      return reply.code(201).send(await files.attach(actor, { type: 'asset', id: request.params.id, purpose: upload.purpose ?? 'document' }, upload));
    },
  });
}
