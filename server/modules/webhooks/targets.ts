import { lookup, type LookupAddress } from 'node:dns';
import { promises as dnsPromises } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress, urlProblem } from './webhook-engine';

/*
 * Where a webhook may go, and the one request that goes there. The host is resolved when a
 * subscription is made and again by the connection itself (its `lookup`), so a name that
 * later resolves to a private address is refused at delivery too, not only at subscription.
 */

export type TargetProblem = 'invalid' | 'scheme' | 'private' | 'unresolved';

const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/** Why this URL may not be a target (null: it may), resolving its host. */
export async function targetProblem(raw: string, allowPrivate: boolean): Promise<TargetProblem | null> {
  const problem = urlProblem(raw);
  if (problem) return problem;
  if (allowPrivate) return null;
  const host = hostOf(new URL(raw));
  if (isIP(host)) return isPrivateAddress(host) ? 'private' : null;
  let addresses: LookupAddress[];
  try {
    addresses = await dnsPromises.lookup(host, { all: true, verbatim: true });
  } catch {
    return 'unresolved';
  }
  if (addresses.length === 0) return 'unresolved';
  return addresses.some((a) => isPrivateAddress(a.address)) ? 'private' : null;
}

/** A resolver for the connection that refuses private addresses, whatever the name said at subscription. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const list = addresses as unknown as LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad || list.length === 0) return callback(Object.assign(new Error(`refused target address ${bad?.address ?? hostname}`), { code: 'ETARGETREFUSED' }), '', 0);
    if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

export interface PostResult {
  statusCode: number | null;
  error: string | null;
}

/** POSTs the body; answers the status, or why there is none. Redirects are not followed. */
export function postJson(raw: string, headers: Record<string, string>, body: string, options: { allowPrivate: boolean; timeoutMs: number }): Promise<PostResult> {
  return new Promise((resolve) => {
    const url = new URL(raw);
    const host = hostOf(url);
    if (!options.allowPrivate && isIP(host) && isPrivateAddress(host)) return resolve({ statusCode: null, error: `refused target address ${host}` });
    const client = url.protocol === 'https:' ? https : http;
    let settled = false;
    // The whole exchange, not only each silence, ends at the timeout: a receiver that drips its answer is cut off.
    const deadline = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    const done = (result: PostResult) => {
      clearTimeout(deadline);
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), 'user-agent': 'Shouhou-Webhooks/1', ...headers },
        timeout: options.timeoutMs,
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        // The answer's body is not kept; it is read so the connection can close.
        response.resume();
        response.on('end', () => done({ statusCode: response.statusCode ?? null, error: null }));
        response.on('error', () => done({ statusCode: response.statusCode ?? null, error: null }));
      },
    );
    request.on('timeout', () => {
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`));
    });
    request.on('error', (error) => done({ statusCode: null, error: error.message.slice(0, 500) }));
    request.end(body);
  });
}
