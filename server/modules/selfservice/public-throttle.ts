import type { MessageKey } from '../../../shared/i18n';
import { orgSettingsSchema, type OrgSettings } from '../../../shared/settings';
import { AppError } from '../../errors';
import * as repo from './selfservice.repository';
import type { SelfserviceDeps } from './selfservice.deps';

/*
 * The public QR and tracking pages' allowances, counted in the database so every server
 * process shares them: every request per address (300 a minute by default), and reports per
 * address and per label. Staff routes never take a place here, so a busy address on the
 * public pages does not slow the office behind the same router.
 */

const DEFAULTS = orgSettingsSchema.parse({}).selfservice;

export interface Count {
  key: string;
  limit: number;
  windowMinutes: number;
  detail: MessageKey;
}

/** The count every public request takes, with the organisation's numbers when the token names one. */
export function pageCount(ip: string, limits: OrgSettings['selfservice'] = DEFAULTS): Count {
  return { key: `page|ip|${ip}`, limit: limits.publicRequestsPerAddress, windowMinutes: limits.publicWindowMinutes, detail: 'errors.detail.rateLimited' };
}

/** What a report takes besides: its address's and its label's reports. */
export function reportCounts(ip: string, orgId: string, assetId: string, limits: OrgSettings['selfservice']): Count[] {
  return [
    { key: `report|ip|${ip}`, limit: limits.reportsPerAddress, windowMinutes: limits.reportWindowMinutes, detail: 'errors.detail.rateLimited' },
    { key: `report|asset|${orgId}|${assetId}`, limit: limits.reportsPerToken, windowMinutes: limits.reportWindowMinutes, detail: 'selfservice.errors.tooManyReports' },
  ];
}

/** What asking for a phone code takes: its address's and its phone's asks (the phone counted across the organisation). */
export function phoneCodeCounts(ip: string, orgId: string, phoneDigits: string, limits: OrgSettings['selfservice']): Count[] {
  return [
    { key: `code|ip|${ip}`, limit: limits.phoneCodesPerAddress, windowMinutes: limits.phoneCodeWindowMinutes, detail: 'selfservice.errors.tooManyCodes' },
    { key: `code|phone|${orgId}|${phoneDigits}`, limit: limits.phoneCodesPerPhone, windowMinutes: limits.phoneCodeWindowMinutes, detail: 'selfservice.errors.tooManyCodes' },
  ];
}

/** Takes a place in each count in turn; the first past its limit refuses with 429 RATE_LIMITED and when to try again. */
export async function takePlaces(deps: Pick<SelfserviceDeps, 'db' | 'clock'>, counts: Count[]): Promise<void> {
  const now = deps.clock();
  for (const count of counts) {
    const windowMs = count.windowMinutes * 60_000;
    const taken = await repo.takeThrottle(deps.db, count.key, now, new Date(now.getTime() - windowMs));
    if (taken.count > count.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((taken.windowStartedAt.getTime() + windowMs - now.getTime()) / 1000));
      throw new AppError('RATE_LIMITED', { detail: count.detail, params: { minutes: Math.ceil(retryAfterSeconds / 60) }, extensions: { retryAfterSeconds } });
    }
  }
}
