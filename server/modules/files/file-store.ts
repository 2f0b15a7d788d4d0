import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileTypeFromBuffer, fileTypeFromFile } from 'file-type';
import { v7 as uuidv7 } from 'uuid';
import { AppError, notFound } from '../../errors';

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
/**
 * The image type of these bytes as the store would read it (jpg, png, webp, gif, heic), or
 * null for anything else: what a public page may upload is checked before anything is made.
 */
export async function imageTypeOf(bytes: Uint8Array): Promise<string | null> {
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected ? ALLOWED[detected.ext] : undefined;
  return type?.startsWith('image/') ? type : null;
}

const TEXT_TYPES = new Set(['text/plain', 'text/csv']);
export const ALLOWED_EXTENSIONS = [...Object.keys(ALLOWED), 'txt', 'csv'];

export interface Upload {
  stream: Readable & { truncated?: boolean };
  fileName: string;
  declaredType: string;
}

/** Where a stored file's bytes are: an organisation's file by its content hash. */
export interface StoredRef {
  orgId: string;
  sha256: string;
}

/** The bytes of uploads under `DATA_DIR/files`, by organisation and content hash. */
export interface FileStore {
  /**
   * Streams an upload to disk, hashing as it goes; refuses it when it is too large or its bytes
   * are not an allowed type. Identical files are stored once per organisation.
   */
  store(orgId: string, upload: Upload): Promise<{ sha256: string; size: number; contentType: string }>;
  /** The bytes as a stream, for download; NOT_FOUND when they are gone. */
  open(ref: StoredRef): Promise<ReadStream>;
  /** The bytes whole (small images for a printed work order). */
  read(ref: StoredRef): Promise<Buffer>;
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

export function createFileStore(dataDir: string, maxBytes: number): FileStore {
  const root = join(dataDir, 'files');
  const pathOf = (ref: StoredRef) => join(root, ref.orgId, ref.sha256.slice(0, 2), ref.sha256);

  async function store(orgId: string, upload: Upload) {
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
            if (size > maxBytes) return done(new AppError('FILE_TOO_LARGE'));
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
      const target = pathOf({ orgId, sha256 });
      await mkdir(join(target, '..'), { recursive: true });
      await rename(tmp, target);
      return { sha256, size, contentType };
    } catch (error) {
      await rm(tmp, { force: true });
      if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('FILE_TOO_LARGE');
      throw error;
    }
  }

  async function open(ref: StoredRef) {
    const path = pathOf(ref);
    await stat(path).catch(() => {
      throw notFound();
    });
    return createReadStream(path);
  }

  async function read(ref: StoredRef): Promise<Buffer> {
    return readFile(pathOf(ref));
  }

  return { store, open, read };
}

/** A paper's scan or photo (a receipt, an agreement, a penalty's evidence): a PDF or an image, by its bytes. */
export const DOCUMENT_TYPES = /^(application\/pdf|image\/(png|jpeg|webp|gif|heic|heif))$/;
