import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';

/** Query parameters whose values say nothing about a person: kept in the access log as sent. */
const PLAIN_QUERY_KEYS = new Set([
  'page',
  'pageSize',
  'limit',
  'offset',
  'sort',
  'order',
  'status',
  'role',
  'active',
  'type',
  'kind',
  'priority',
  'channel',
  'from',
  'to',
  'day',
  'date',
  'week',
  'month',
  'year',
  'view',
  'scope',
  'metric',
  'breached',
  'include',
]);

/** Long digit runs are phone numbers, ID card and serial numbers, whatever their key says. */
const LONG_DIGITS = /\d{5,}/;

/** Paths whose segments are secrets: the public booking, QR label and tracking tokens (API and the pages that show them). */
const SECRET_PATHS: [RegExp, string][] = [
  [/^(\/api\/v1\/public\/(?:booking|qr|track)\/)[^/?#]+/, '$1[token]'],
  [/^(\/(?:book|r|t)\/)[^/?#]+/, '$1[token]'],
];

/**
 * A request URL as the access log keeps it (S20): the booking token cut out of the path,
 * search terms and phone numbers cut out of the query string.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  let path = mark === -1 ? url : url.slice(0, mark);
  for (const [pattern, replacement] of SECRET_PATHS) path = path.replace(pattern, replacement);
  if (mark === -1) return path;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let decoded = value;
      try {
        decoded = decodeURIComponent(value.replaceAll('+', ' '));
      } catch {
        // Undecodable: judged as written.
      }
      return PLAIN_QUERY_KEYS.has(key) && !LONG_DIGITS.test(decoded) ? pair : `${key}=[redacted]`;
    })
    .join('&');
  return `${path}?${query}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  hostname?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/**
 * The server's logger: credentials never reach the log (headers are not logged at all), and
 * request URLs are redacted as above. `stream` lets a test read what would be written.
 */
export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    serializers: {
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        hostname: request.hostname,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
    },
  };
}
