import type { FastifyRequest } from 'fastify';
import { pickLocale, type Locale } from '../../shared/i18n';

/** The user's stored preference first, then the browser's Accept-Language, then zh-CN. */
export function requestLocale(request: FastifyRequest): Locale {
  return pickLocale(request.auth?.locale, request.headers['x-locale'] as string | undefined, request.headers['accept-language']);
}
