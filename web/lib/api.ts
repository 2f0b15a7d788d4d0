import type { Problem } from '../../shared/errors';
import type { Locale } from '../../shared/i18n';

/** A record as it crosses the wire: instants arrive as ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title);
  }
  get code() {
    return this.problem.code;
  }
}

let currentLocale: Locale = 'zh-CN';
export function setApiLocale(locale: Locale) {
  currentLocale = locale;
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  ifMatch?: number;
  idempotencyKey?: string;
  form?: FormData;
}

/**
 * The one way the web talks to the server: the session cookie authenticates, the user's
 * language goes along so errors come back in it, and failures throw `ApiError` with the
 * problem document so screens branch on `code`.
 */
export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(options.query ?? {})) {
    if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  }
  const headers: Record<string, string> = { 'X-Locale': currentLocale, Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  noteServerClock(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem: Problem = data?.code ? data : { type: 'about:blank', title: response.statusText, status: response.status, code: 'INTERNAL' };
    throw new ApiError(response.status, problem);
  }
  return data as T;
}

export const newIdempotencyKey = () => crypto.randomUUID();

/** How far the server's clock is ahead of this device's, when it is by more than a little (ms). */
let serverSkewMs = 0;
function noteServerClock(response: Response) {
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isNaN(date)) return;
  // The Date header has whole seconds and the request takes time: only a skew past half a minute counts.
  const skew = date - Date.now();
  serverSkewMs = Math.abs(skew) > 30_000 ? skew : 0;
}

/** Now on the server's clock as this device last saw it: what a step recorded offline is stamped with. */
export const serverNow = () => new Date(Date.now() + serverSkewMs);
