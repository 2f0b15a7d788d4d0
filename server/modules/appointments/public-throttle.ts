import type { MessageKey } from '../../../shared/i18n';
import type { OrgSettings } from '../../../shared/settings';
import { AppError } from '../../errors';
import * as repo from './appointments.repository';
import type { AppointmentDeps } from './appointments.deps';

/*
 * S5: the public booking page's allowances, counted in the database so every server process
 * shares them: views of the open slots per address; booking requests per address, per phone
 * number, and through the organisation's link as a whole. The numbers are the organisation's
 * settings (`appointments.public*`). Each count takes its place with one atomic upsert, so a
 * parallel burst gets the limit and no more.
 */

/** One count a public request takes a place in. */
export interface PublicCount {
  key: string;
  limit: number;
  /** What the refusal says; none of them tells anything about whose the number is. */
  detail: MessageKey;
}

export const byAddress = (kind: 'page' | 'request', ip: string) => `${kind}|ip|${ip}`;
export const byPhone = (phone: string) => `request|phone|${phone}`;
/** One link per organisation: its count stays with the organisation when the token is rotated. */
export const BY_LINK = 'request|link';

/** The counts a booking request takes after its address's: its phone number's and the link's. */
export function requestCounts(limits: OrgSettings['appointments'], phone: string): PublicCount[] {
  return [
    { key: byPhone(phone), limit: limits.publicRequestsPerPhone, detail: 'errors.detail.rateLimitedPhone' },
    { key: BY_LINK, limit: limits.publicRequestsPerLink, detail: 'errors.detail.rateLimitedLink' },
  ];
}

/**
 * Takes a place in each count in turn; the first one past its limit refuses the request with
 * 429 RATE_LIMITED (and when to try again), and the counts after it are not touched, so a
 * refused request spends nothing further.
 */
export async function takePlaces(deps: AppointmentDeps, orgId: string, windowMinutes: number, counts: PublicCount[]): Promise<void> {
  const now = deps.clock();
  const windowMs = windowMinutes * 60_000;
  const since = new Date(now.getTime() - windowMs);
  await repo.pruneThrottles(deps.db, orgId, since);
  for (const count of counts) {
    const taken = await repo.takeThrottle(deps.db, orgId, count.key, now, since);
    if (taken.count > count.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((taken.windowStartedAt.getTime() + windowMs - now.getTime()) / 1000));
      throw new AppError('RATE_LIMITED', { detail: count.detail, params: { minutes: Math.ceil(retryAfterSeconds / 60) }, extensions: { retryAfterSeconds } });
    }
  }
}
