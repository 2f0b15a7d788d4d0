import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, eq } from 'drizzle-orm';
import { fileTypeFromFile } from 'file-type';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/client';
import { AppError } from '../../errors';
import type { Actor } from '../identity';
import { attachments } from './files.schema';

/** What may be uploaded: the type is read from the bytes, not taken from the client's word. */
const ALLOWED: Record<string, string> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
};
const TEXT_TYPES = new Set(['text/plain', 'text/csv']);

export const ALLOWED_EXTENSIONS = [...Object.keys(ALLOWED), 'txt', 'csv'];

export interface FilesOptions {
  db: Db;
  dataDir: string;
  maxBytes: number;
  clock: () => Date;
}

export interface Upload {
  stream: Readable & { truncated?: boolean };
  fileName: string;
  declaredType: string;
}

export type AttachmentRow = typeof attachments.$inferSelect;

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

async function isUtf8Text(path: string): Promise<boolean> {
  const bytes = await readFile(path);
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function createFileService(options: FilesOptions) {
  const root = join(options.dataDir, 'files');
  const pathOf = (orgId: string, sha256: string) => join(root, orgId, sha256.slice(0, 2), sha256);

  /**
   * Streams an upload to disk, hashing as it goes; refuses it when it is too large or its bytes
   * are not an allowed type. Identical files are stored once per organisation.
   */
  async function store(actor: Actor, upload: Upload) {
    const tmpDir = join(root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, uuidv7());
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        upload.stream,
        new Transform({
          transform(chunk: Buffer, _enc, done) {
            size += chunk.length;
            if (size > options.maxBytes) return done(new AppError('FILE_TOO_LARGE'));
            hash.update(chunk);
            done(null, chunk);
          },
        }),
        createWriteStream(tmp),
      );
      if (upload.stream.truncated) throw new AppError('FILE_TOO_LARGE');
      if (size === 0) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.noFile' });
      const detected = await fileTypeFromFile(tmp);
      let contentType: string | undefined = detected ? ALLOWED[detected.ext] : undefined;
      if (!detected && TEXT_TYPES.has(upload.declaredType) && (await isUtf8Text(tmp))) contentType = upload.declaredType;
      if (!contentType) {
        throw new AppError('FILE_TYPE_NOT_ALLOWED', {
          detail: 'errors.detail.fileType',
          params: { type: detected?.mime ?? upload.declaredType, allowed: ALLOWED_EXTENSIONS.join(', ') },
        });
      }
      const sha256 = hash.digest('hex');
      const target = pathOf(actor.orgId, sha256);
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return { sha256, size, contentType };
    } catch (error) {
      await rm(tmp, { force: true });
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE');
      throw error;
    }
  }

  /** Stores the bytes and records whose they are; `record` runs in the same transaction (e.g. a ticket event). */
  async function attach(
    actor: Actor,
    owner: { type: string; id: string; purpose?: string },
    upload: Upload,
    record?: (tx: Db, attachment: ReturnType<typeof toView>) => Promise<void>,
  ) {
    const stored = await store(actor, upload);
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
    await options.db.transaction(async (tx) => {
      await tx.insert(attachments).values(row);
      await record?.(tx, toView(row));
    });
    return toView(row);
  }

  async function list(actor: Actor, ownerType: string, ownerId: string) {
    const rows = await options.db
      .select()
      .from(attachments)
      .where(and(eq(attachments.orgId, actor.orgId), eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)))
      .orderBy(attachments.createdAt);
    return rows.map(toView);
  }

  async function get(actor: Actor, id: string) {
    const [row] = await options.db.select().from(attachments).where(and(eq(attachments.orgId, actor.orgId), eq(attachments.id, id)));
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  /** The bytes of an attachment, for download. */
  async function open_(row: AttachmentRow) {
    const path = pathOf(row.orgId, row.sha256);
    await stat(path).catch(() => {
      throw new AppError('NOT_FOUND');
    });
    return createReadStream(path);
  }

  /** Is this attachment one of this ticket's? Inside the caller's transaction. */
  async function onTicket(tx: Db, orgId: string, attachmentId: string, ticketId: string) {
    const rows = await tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(and(eq(attachments.orgId, orgId), eq(attachments.id, attachmentId), eq(attachments.ownerType, 'ticket'), eq(attachments.ownerId, ticketId)));
    return rows.length > 0;
  }

  /** The bytes of an attachment, whole (small images for a printed work order). */
  async function read(row: AttachmentRow): Promise<Buffer> {
    return readFile(pathOf(row.orgId, row.sha256));
  }

  return { attach, list, get, open: open_, onTicket, read };
}

export type FileService = ReturnType<typeof createFileService>;

