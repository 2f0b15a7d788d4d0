import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import { createFileStore, type Upload } from './file-store';
import * as repo from './files.repository';
import type { AttachmentRow } from './files.repository';

export interface FilesOptions {
  db: Db;
  dataDir: string;
  maxBytes: number;
  clock: () => Date;
}

function toView(row: AttachmentRow) {
  return {
    id: row.id,
    ownerType: row.ownerType,
    ownerId: row.ownerId,
    purpose: row.purpose,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt,
  };
}

/**
 * The files module's public face: the bytes go to the file store (`file-store.ts`), the row
 * that says whose they are to the repository. Who may see a file is its owner's question
 * (`files.routes.ts`, `server/workflows/ticket-attachments.ts`).
 */
export function createFileService(options: FilesOptions) {
  const { db } = options;
  const files = createFileStore(options.dataDir, options.maxBytes);

  /** Stores the bytes and records whose they are; `record` runs in the same transaction (e.g. a ticket event). */
  async function attach(
    actor: Actor,
    owner: { type: string; id: string; purpose?: string },
    upload: Upload,
    record?: (tx: Db, attachment: ReturnType<typeof toView>) => Promise<void>,
  ) {
    const stored = await files.store(actor.orgId, upload);
    const row: AttachmentRow = {
      orgId: actor.orgId,
      id: uuidv7(),
      ownerType: owner.type,
      ownerId: owner.id,
      purpose: owner.purpose ?? 'document',
      fileName: upload.fileName.slice(0, 200) || 'file',
      contentType: stored.contentType,
      sizeBytes: stored.size,
      sha256: stored.sha256,
      uploadedBy: actor.userId,
      createdAt: options.clock(),
    };
    await db.transaction(async (tx) => {
      await repo.insertAttachment(tx, row);
      await record?.(tx, toView(row));
    });
    return toView(row);
  }

  async function list(actor: Actor, ownerType: string, ownerId: string) {
    return (await repo.findAttachments(db, actor.orgId, ownerType, ownerId)).map(toView);
  }

  async function get(actor: Actor, id: string) {
    const row = await repo.findAttachment(db, actor.orgId, id);
    if (!row) throw notFound();
    return row;
  }

  /** Is this attachment one of this ticket's? Inside the caller's transaction. */
  async function onTicket(tx: Db, orgId: string, attachmentId: string, ticketId: string) {
    return repo.isTicketAttachment(tx, orgId, attachmentId, ticketId);
  }

  return {
    attach,
    list,
    get,
    /** The bytes of an attachment, for download. */
    open: (row: AttachmentRow) => files.open(row),
    onTicket,
    /** The bytes of an attachment, whole (small images for a printed work order). */
    read: (row: AttachmentRow) => files.read(row),
  };
}

export type FileService = ReturnType<typeof createFileService>;
