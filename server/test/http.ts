import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { AppError } from '../errors';
import type { App } from '../app';

/*
 * The one way route tests talk to the app: `inject()`, a bearer token, JSON in and out.
 */

type Method = NonNullable<InjectOptions['method']>;

export interface CallOptions {
  /** `If-Match`: the version a change is based on. */
  ifMatch?: number;
  headers?: Record<string, string>;
  /** The client's address, for limits counted per address. */
  remoteAddress?: string;
}

/** A caller bound to an app and a token: `api('POST', '/api/v1/tickets', body)`. */
export function caller(app: App, token: string | null) {
  return (method: Method, url: string, payload?: unknown, options: CallOptions = {}): Promise<LightMyRequestResponse> =>
    app.inject({
      method,
      url,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(options.ifMatch !== undefined ? { 'if-match': String(options.ifMatch) } : {}),
        ...options.headers,
      },
      ...(payload !== undefined ? { payload: payload as object } : {}),
      ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
    });
}

/** The fields a problem+json body names (`body.phone`…). */
export const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/** The code a service call fails with; fails the test when it does not fail. */
export async function codeOf(run: Promise<unknown>): Promise<string> {
  return (await refusal(run)).code;
}

/** How a service call fails: its code and the fields it names. */
export async function refusal(run: Promise<unknown>): Promise<{ code: string; fields: string[] }> {
  try {
    await run;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, fields: error.fields?.map((f) => f.field) ?? [] };
    throw error;
  }
  throw new Error('expected the call to be refused');
}

export interface Part {
  name: string;
  value: string | Buffer;
  fileName?: string;
  contentType?: string;
}

/** A multipart/form-data body for an upload route. */
export function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----shouhou-test-${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if (part.fileName !== undefined) head += `; filename="${part.fileName}"`;
    head += '\r\n';
    if (part.contentType) head += `Content-Type: ${part.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`, 'utf8'), Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** One file as the upload routes take it (field `file`). */
export const fileUpload = (bytes: Buffer, fileName: string, contentType: string, extra: Part[] = []) =>
  multipart([{ name: 'file', value: bytes, fileName, contentType }, ...extra]);
