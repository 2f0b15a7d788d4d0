import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { attachments } from './files.schema';

/* The files module's queries: the rows that say whose each stored file is and what it is. */

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(db: Db, row: AttachmentRow): Promise<void> {
  await db.insert(attachments).values(row);
}

/** An owner's attachments, oldest first. */
export async function findAttachments(db: Db, orgId: string, ownerType: string, ownerId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.orgId, orgId), eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)))
    .orderBy(attachments.createdAt);
}

export async function findAttachment(db: Db, orgId: string, id: string): Promise<AttachmentRow | undefined> {
  const [row] = await db.select().from(attachments).where(and(eq(attachments.orgId, orgId), eq(attachments.id, id)));
  return row;
}

/** Whether an attachment is one of a ticket's. */
export async function isTicketAttachment(db: Db, orgId: string, attachmentId: string, ticketId: string): Promise<boolean> {
  const rows = await db
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.orgId, orgId), eq(attachments.id, attachmentId), eq(attachments.ownerType, 'ticket'), eq(attachments.ownerId, ticketId)));
  return rows.length > 0;
}
