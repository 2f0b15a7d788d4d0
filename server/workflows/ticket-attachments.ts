import { idParams, listOf } from '../../shared/contracts/common';
import { attachmentView } from '../../shared/contracts/files';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import { readUpload } from '../http/uploads';
import type { FileService } from '../modules/files';
import type { TicketService } from '../modules/tickets';

export interface TicketAttachmentDeps {
  tickets: Pick<TicketService, 'assertVisible' | 'recordEvent'>;
  files: Pick<FileService, 'list' | 'attach'>;
}

/**
 * Photos and documents on a ticket: the tickets module says who may see the ticket, the files
 * module stores the file, and the upload goes into the ticket's history in the same transaction.
 */
export function ticketAttachmentRoutes(api: Api, deps: TicketAttachmentDeps) {
  api.get('/api/v1/tickets/:id/attachments', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['tickets'], params: idParams, response: { 200: listOf(attachmentView).pick({ items: true }) } },
    handler: async (request) => {
      const actor = actorOf(request);
      await deps.tickets.assertVisible(actor, request.params.id);
      return { items: await deps.files.list(actor, 'ticket', request.params.id) };
    },
  });

  api.post('/api/v1/tickets/:id/attachments', {
    config: { permission: 'attachments.write' },
    schema: { tags: ['tickets'], summary: 'Attach a photo or document (multipart/form-data, field `file`)', params: idParams, response: { 201: attachmentView } },
    handler: async (request, reply) => {
      const actor = actorOf(request);
      await deps.tickets.assertVisible(actor, request.params.id);
      const upload = await readUpload(request);
      const attachment = await deps.files.attach(actor, { type: 'ticket', id: request.params.id, purpose: upload.purpose }, upload, (tx, a) =>
        deps.tickets.recordEvent(tx, actor, request.params.id, { type: 'attachment', details: { attachmentId: a.id, fileName: a.fileName, contentType: a.contentType } }, a.createdAt, { touch: false }),
      );
      return reply.code(201).send(attachment);
    },
  });
}
