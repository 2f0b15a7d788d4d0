import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { QrPageView, qrReportBody } from '../../../shared/contracts/selfservice';
import type { z } from 'zod';
import { AppError, invalidReference, notFound, type FieldProblem } from '../../errors';
import { imageTypeOf } from '../files';
import { systemActor, type Actor } from '../identity';
import { maskSerial, productLine } from './masking';
import { pageCount, reportCounts, takePlaces } from './public-throttle';
import * as repo from './selfservice.repository';
import type { SelfserviceDeps } from './selfservice.deps';
import { issueTrackingLinkInTx } from './tracking';

/*
 * QR codes on assets: each asset's label carries an unguessable token (144 random bits,
 * base64url), made the first time the asset's label is printed. Scanning it opens the public
 * report page (`/r/<token>`), which shows the product and a masked serial and turns what the
 * caller sends into a ticket with channel `qr` on that asset, for the asset's customer: the
 * caller's name and phone are the ticket's contact, and nothing of the customer's file is
 * shown or looked up by that phone.
 */

const newToken = () => randomBytes(18).toString('base64url');
const DAY = 86_400_000;

export interface LabelContent {
  token: string;
  product: string;
  serialMasked: string;
}

/** The assets' labels in the order asked, each with its token (made now for those without one). */
export async function labelsFor(deps: SelfserviceDeps, actor: Actor, assetIds: string[]): Promise<LabelContent[]> {
  const ids = [...new Set(assetIds)];
  const found = await repo.findAssetsForLabels(deps.db, actor.orgId, ids);
  if (found.length !== ids.length) {
    const missing = ids.findIndex((id) => !found.some((a) => a.id === id));
    throw invalidReference(`body.assetIds.${missing}`, 'errors.detail.assetNotFound');
  }
  const now = deps.clock();
  await repo.insertTokens(
    deps.db,
    found.filter((a) => !a.token).map((a) => ({ orgId: actor.orgId, assetId: a.id, token: newToken(), createdBy: actor.userId, createdAt: now })),
  );
  const withTokens = await repo.findAssetsForLabels(deps.db, actor.orgId, ids);
  const byId = new Map(withTokens.map((a) => [a.id, a]));
  return ids.map((id) => {
    const a = byId.get(id)!;
    return { token: a.token!, product: productLine(a), serialMasked: maskSerial(a.serialNumber) };
  });
}

/** The QR page: what the label's asset is, and what the organisation allows to send. */
export async function qrPage(deps: SelfserviceDeps, token: string, ip: string): Promise<QrPageView> {
  const asset = await repo.findByToken(deps.db, token);
  const org = asset ? await deps.getOrganisation(asset.orgId) : undefined;
  await takePlaces(deps, [pageCount(ip, org?.settings.selfservice)]);
  if (!asset || !org) throw notFound();
  const limits = org.settings.selfservice;
  return {
    organisation: org.name,
    hotline: limits.hotline,
    product: productLine(asset),
    serialMasked: maskSerial(asset.serialNumber),
    maxPhotos: limits.maxPhotos,
    maxPhotoBytes: limits.maxPhotoBytes,
    timeZone: org.timeZone,
  };
}

type ReportBody = z.output<typeof qrReportBody>;

/** Every photo decoded and checked by its bytes: images only, each within the size; refused per field otherwise. */
async function checkedPhotos(body: ReportBody, limits: { maxPhotos: number; maxPhotoBytes: number }) {
  const fields: FieldProblem[] = [];
  if (body.photos.length > limits.maxPhotos) fields.push({ field: 'body.photos', code: 'too_big', message: 'selfservice.validation.tooManyPhotos', params: { max: limits.maxPhotos } });
  const photos: { bytes: Buffer; fileName: string; contentType: string }[] = [];
  for (const [i, photo] of body.photos.entries()) {
    const bytes = Buffer.from(photo.data, 'base64');
    if (bytes.length === 0) fields.push({ field: `body.photos.${i}.data`, code: 'required', message: 'selfservice.validation.photoEmpty' });
    else if (bytes.length > limits.maxPhotoBytes) fields.push({ field: `body.photos.${i}.data`, code: 'too_big', message: 'selfservice.validation.photoTooLarge', params: { max: Math.floor(limits.maxPhotoBytes / 1_000_000) || 1 } });
    else {
      const contentType = await imageTypeOf(bytes);
      if (!contentType) fields.push({ field: `body.photos.${i}.data`, code: 'invalid', message: 'selfservice.validation.photoNotImage' });
      else photos.push({ bytes, fileName: [...photo.fileName].filter((c) => c >= ' ' && c !== '/' && c !== '\\').join('') || 'photo', contentType });
    }
  }
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  return photos;
}

/**
 * The caller reports a fault through the asset's label. Counted per address and per label;
 * everything is checked before the ticket is made, so a refused report leaves nothing behind.
 * The ticket is made on behalf of whoever first printed the label, with channel `qr`, on the
 * asset and for its customer; its warranty is decided as at any intake. The photos follow as
 * its attachments, and the answer carries the tracking link (also sent to the customer).
 */
/** `origin`: the address the page was opened at, for the tracking link's message. */
export async function submitReport(deps: SelfserviceDeps, token: string, ip: string, body: ReportBody, origin: string) {
  const asset = await repo.findByToken(deps.db, token);
  const org = asset ? await deps.getOrganisation(asset.orgId) : undefined;
  await takePlaces(deps, [pageCount(ip, org?.settings.selfservice)]);
  if (!asset || !org) throw notFound();
  const limits = org.settings.selfservice;
  const photos = await checkedPhotos(body, limits);
  const now = deps.clock();
  await repo.pruneThrottles(deps.db, new Date(now.getTime() - DAY));
  await takePlaces(deps, reportCounts(ip, asset.orgId, asset.assetId, limits));

  const actor = systemActor(asset.orgId, asset.createdBy);
  const description = body.preferredTime ? `${body.description}\n（期望时间：${body.preferredTime}）` : body.description;
  const { ticket } = await deps.tickets.createTicket(actor, {
    customerId: asset.customerId,
    assetId: asset.assetId,
    channel: 'qr',
    description,
    contactName: body.name,
    contactPhone: body.phone,
  });
  for (const photo of photos) {
    await deps.files.attach(actor, { type: 'ticket', id: ticket.id, purpose: 'photo' }, { stream: Readable.from(photo.bytes), fileName: photo.fileName, declaredType: photo.contentType }, (tx, a) =>
      deps.tickets.recordEvent(tx, actor, ticket.id, { type: 'attachment', details: { attachmentId: a.id, fileName: a.fileName, contentType: a.contentType } }, a.createdAt, { touch: false }),
    );
  }
  const link = await deps.db.transaction((tx) => issueTrackingLinkInTx(deps, tx, actor, { id: ticket.id, number: ticket.number, customerId: asset.customerId }, org.settings.selfservice.trackingLinkDays, origin));
  return { ticketNumber: ticket.number, trackingPath: link.path, trackingExpiresAt: link.expiresAt };
}
