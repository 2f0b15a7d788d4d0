import type { FastifyInstance, FastifyRequest } from 'fastify';
import { can, type Permission } from '../../shared/permissions';
import { AppError } from '../errors';
import type { Actor, IdentityService } from '../modules/identity';

export const SESSION_COOKIE = 'shouhou_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated actor; set on every route that is not public. */
    auth: Actor | null;
    authVia: 'cookie' | 'bearer' | null;
  }
  interface FastifyContextConfig {
    /**
     * Who may call a route. Every /api route says one of: the permission it needs, that any
     * signed-in user may (`authenticated`), or that anyone may (`public`).
     */
    permission?: Permission;
    authenticated?: boolean;
    public?: boolean;
  }
}

/** The actor of an authenticated route; routes that are not public always have one. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw new AppError('UNAUTHENTICATED');
  return request.auth;
}

/** The token of an `Authorization: Bearer …` header; the scheme is case-insensitive (RFC 9110). */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(' ');
  return scheme?.toLowerCase() === 'bearer' && value ? value.trim() : undefined;
}

/**
 * Compares as URLs, so that a default port written out on one side only (`Host: example.com:443`
 * from a proxy, `Origin: https://example.com` from the browser) still counts as the same site.
 */
function sameHost(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const from = new URL(origin);
    return new URL(`${from.protocol}//${host}`).host === from.host;
  } catch {
    return false;
  }
}

type RouteAccess = { permission?: Permission; authenticated?: boolean; public?: boolean };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a user whose password an administrator reset may still call. */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /api/v1/auth/me', 'POST /api/v1/auth/password', 'POST /api/v1/auth/logout']);

/** Who may call one /api route, as it declared it: what the authorization tests are generated from. */
export interface DeclaredAccess extends RouteAccess {
  method: string;
  url: string;
}

export function registerAuth(app: FastifyInstance, identity: IdentityService): DeclaredAccess[] {
  app.decorateRequest('auth', null);
  app.decorateRequest('authVia', null);
  const declared: DeclaredAccess[] = [];

  // Refuse to start with a route that forgot to say who may call it.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const config = route.config as RouteAccess | undefined;
    if (!config?.permission && !config?.public && !config?.authenticated) {
      throw new Error(`route ${route.method} ${route.url} declares no permission, authenticated or public`);
    }
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      declared.push({ method, url: route.url, permission: config.permission, authenticated: config.authenticated, public: config.public });
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config as RouteAccess | undefined;
    if (!request.routeOptions.url?.startsWith('/api/')) return;
    const bearer = bearerToken(request);
    const cookie = request.cookies?.[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (token) {
      request.auth = await identity.authenticate(token);
      request.authVia = request.auth ? (bearer ? 'bearer' : 'cookie') : null;
    }
    if (config?.public) return;
    if (!request.auth) throw new AppError('UNAUTHENTICATED');
    // A cookie rides along on cross-site requests; a bearer token does not. Changes made with a
    // cookie must come from this site.
    if (request.authVia === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const origin = request.headers.origin;
      if (origin && !sameHost(origin, request.host)) throw new AppError('FORBIDDEN');
    }
    if (config?.permission && !can(request.auth.role, config.permission)) throw new AppError('FORBIDDEN');
    // After an administrator's reset the user may only read who they are, set a password, or leave.
    if (request.auth.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) throw new AppError('PASSWORD_CHANGE_REQUIRED');
  });
  return declared;
}
