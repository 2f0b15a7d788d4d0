import { bigint, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, orgId } from '../../db/columns';
import { organisations } from '../identity/identity.schema';

/**
 * Uploaded files (photos, proofs of purchase, manuals, signed reports). The bytes live
 * under DATA_DIR/files by content hash; this row says whose they are and what they are.
 */
export const attachments = pgTable(
  'attachments',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    /** What it belongs to: `ticket`, `asset`, `customer`. */
    ownerType: text('owner_type').notNull(),
    ownerId: uuid('owner_id').notNull(),
    /** Why it is there: `photo`, `proof_of_purchase`, `document`, `signature`… */
    purpose: text('purpose').notNull().default('document'),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('attachments_org_owner_idx').on(t.orgId, t.ownerType, t.ownerId)],
);
