import { z } from 'zod';
import { uuid } from './common';

export const attachmentView = z.object({
  id: uuid,
  ownerType: z.string(),
  ownerId: uuid,
  purpose: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  createdAt: z.date(),
});
export type AttachmentView = z.infer<typeof attachmentView>;
