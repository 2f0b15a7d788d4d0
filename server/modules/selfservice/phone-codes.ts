import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { phoneCodeBody, PhoneCodeSent, phoneCodeVerifyBody, PhoneCodeVerified } from '../../../shared/contracts/selfservice';
import { AppError, notFound } from '../../errors';
import { pageCount, phoneCodeCounts, takePlaces } from './public-throttle';
import * as repo from './selfservice.repository';
import type { SelfserviceDeps } from './selfservice.deps';

/*
 * A returning customer on an asset's QR page: they type their phone and ask for a code; when
 * that phone is one of the asset's customer's, a 6-digit code goes to the customer through the
 * outbox (`selfservice.phone_code`, SMS). The answer is the same whether or not the phone is
 * known, so a stranger holding the label learns nothing from it. The right code, typed within
 * `phoneCodeMinutes` and `phoneCodeMaxTries`, gives the page the customer's name, nothing more.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const hashOf = (salt: string, code: string) => createHash('sha256').update(`${salt}:${code}`).digest('hex');

async function assetOf(deps: SelfserviceDeps, token: string, ip: string) {
  const asset = await repo.findByToken(deps.db, token);
  const org = asset ? await deps.getOrganisation(asset.orgId) : undefined;
  await takePlaces(deps, [pageCount(ip, org?.settings.selfservice)]);
  if (!asset || !org) throw notFound();
  return { asset, limits: org.settings.selfservice };
}

/** Asks for a code: counted per address and per phone; sent only when the phone is the asset's customer's. */
export async function sendPhoneCode(deps: SelfserviceDeps, token: string, ip: string, body: z.output<typeof phoneCodeBody>): Promise<PhoneCodeSent> {
  const { asset, limits } = await assetOf(deps, token, ip);
  const phone = repo.phoneDigits(body.phone);
  const now = deps.clock();
  await repo.pruneThrottles(deps.db, new Date(now.getTime() - DAY));
  await takePlaces(deps, phoneCodeCounts(ip, asset.orgId, phone, limits));
  const customer = await repo.findCustomerByPhone(deps.db, asset.orgId, asset.customerId, phone);
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16).toString('base64url');
  const id = uuidv7();
  const expiresAt = new Date(now.getTime() + limits.phoneCodeMinutes * MINUTE);
  await deps.db.transaction(async (tx) => {
    await repo.prunePhoneCodes(tx, new Date(now.getTime() - DAY));
    await repo.insertPhoneCode(tx, { orgId: asset.orgId, id, assetId: asset.assetId, phone, customerId: customer?.id ?? null, salt, codeHash: hashOf(salt, code), expiresAt, createdAt: now });
    if (customer) {
      await deps.notify.enqueue(tx, {
        orgId: asset.orgId,
        topic: 'selfservice.phone_code',
        recipient: `customer:${customer.id}`,
        payload: { code, minutes: limits.phoneCodeMinutes, channel: 'sms' },
        dedupeKey: `phone-code:${id}`,
      });
    }
  });
  return { expiresInMinutes: limits.phoneCodeMinutes };
}

/**
 * Checks a code: the latest asked for this label and phone. Wrong: PHONE_CODE_WRONG with the
 * tries left; expired, used, or out of tries: PHONE_CODE_EXPIRED (ask a new one). A phone that
 * is not the customer's never matches, and says the same as a wrong code.
 */
export async function verifyPhoneCode(deps: SelfserviceDeps, token: string, ip: string, body: z.output<typeof phoneCodeVerifyBody>): Promise<PhoneCodeVerified> {
  const { asset, limits } = await assetOf(deps, token, ip);
  const phone = repo.phoneDigits(body.phone);
  const now = deps.clock();
  const outcome = await deps.db.transaction(async (tx) => {
    const row = await repo.latestPhoneCode(tx, asset.orgId, asset.assetId, phone);
    if (!row || row.usedAt || row.expiresAt.getTime() <= now.getTime() || row.tries >= limits.phoneCodeMaxTries) return { kind: 'expired' as const };
    const given = Buffer.from(hashOf(row.salt, body.code));
    const right = row.customerId !== null && timingSafeEqual(given, Buffer.from(row.codeHash));
    if (!right) {
      await repo.updatePhoneCode(tx, asset.orgId, row.id, { tries: row.tries + 1 });
      return { kind: 'wrong' as const, triesLeft: limits.phoneCodeMaxTries - row.tries - 1 };
    }
    await repo.updatePhoneCode(tx, asset.orgId, row.id, { usedAt: now, tries: row.tries + 1 });
    return { kind: 'right' as const, customerId: row.customerId! };
  });
  if (outcome.kind === 'expired') throw new AppError('PHONE_CODE_EXPIRED', { detail: 'selfservice.errors.phoneCodeExpired' });
  if (outcome.kind === 'wrong') {
    if (outcome.triesLeft <= 0) throw new AppError('PHONE_CODE_EXPIRED', { detail: 'selfservice.errors.phoneCodeTries' });
    throw new AppError('PHONE_CODE_WRONG', {
      detail: 'selfservice.errors.phoneCodeWrong',
      params: { left: outcome.triesLeft },
      fields: [{ field: 'body.code', code: 'invalid', message: 'selfservice.errors.phoneCodeWrong', params: { left: outcome.triesLeft } }],
      extensions: { triesLeft: outcome.triesLeft },
    });
  }
  const customer = await repo.findCustomerByPhone(deps.db, asset.orgId, outcome.customerId, phone);
  // The phone left the customer's file since the code was sent: as good as expired.
  if (!customer) throw new AppError('PHONE_CODE_EXPIRED', { detail: 'selfservice.errors.phoneCodeExpired' });
  return { name: customer.name };
}
