import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of the UI and the API (S13). The built UI loads only its own
 * scripts; Ant Design injects <style> elements at run time (CSS-in-JS), so styles need
 * 'unsafe-inline'; signatures and photos are drawn from data: and blob: URLs; ECharts draws on
 * a canvas, which CSP does not govern. Nothing may frame the UI (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** A year, with subdomains: what browsers keep once they have seen HTTPS from this site. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Security headers on every response, the UI's pages, its files and the API alike:
 * CSP, `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`
 * (the public booking link carries its token in the path) and helmet's cross-origin isolation
 * headers. HSTS only on requests that came over HTTPS through a trusted proxy (TRUST_PROXY):
 * on plain HTTP (a LAN install) it would lock browsers out of the site.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
    return payload;
  });
}
