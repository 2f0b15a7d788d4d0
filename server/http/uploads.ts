import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors';
import type { Upload } from '../modules/files';

/** The one file of a multipart request (field `file`), with an optional `purpose` field before it. */
export async function readUpload(request: FastifyRequest): Promise<Upload & { purpose?: string }> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE');
  const part = await request.file();
  if (!part) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.noFile' });
  const purposeField = part.fields.purpose as { value?: unknown } | undefined;
  const purpose = typeof purposeField?.value === 'string' && /^[a-z_]{1,40}$/.test(purposeField.value) ? purposeField.value : undefined;
  return {
    stream: part.file,
    fileName: part.filename,
    declaredType: part.mimetype,
    ...(purpose ? { purpose } : {}),
  };
}
