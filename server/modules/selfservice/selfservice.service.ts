import type { z } from 'zod';
import type { phoneCodeBody, phoneCodeVerifyBody, qrReportBody, ratingBody, trackingQuoteDecisionBody } from '../../../shared/contracts/selfservice';
import { AppError, notFound } from '../../errors';
import type { Actor } from '../identity';
import type { LabelSheetPrint } from './labels-pdf';
import { labelsFor, qrPage, submitReport } from './qr-reports';
import type { SelfserviceDeps } from './selfservice.deps';
import { sendPhoneCode, verifyPhoneCode } from './phone-codes';
import { createTrackingLink, decideQuote, rate, ratingOf, trackingPage } from './tracking';

/**
 * The customer's own side: QR labels on assets and the public report page behind them
 * (`qr-reports.ts`), the ticket's tracking page and its rating (`tracking.ts`).
 */
export function createSelfserviceService(deps: SelfserviceDeps) {
  /** A sheet of labels for these assets; `origin` is where the label's link points when the organisation set none. */
  async function labelPrint(actor: Actor, assetIds: string[], origin: string): Promise<LabelSheetPrint> {
    const [labels, org] = await Promise.all([labelsFor(deps, actor, assetIds), deps.getOrganisation(actor.orgId)]);
    const base = org.settings.selfservice.publicOrigin || origin;
    return {
      organisation: org.name,
      hotline: org.settings.selfservice.hotline,
      perSheet: org.settings.selfservice.labelsPerSheet,
      labels: labels.map((l) => ({ url: `${base}/r/${l.token}`, product: l.product, serialMasked: l.serialMasked })),
    };
  }

  /** The path an asset's label points to (its token made now if it has none). */
  async function qrLink(actor: Actor, assetId: string) {
    const labels = await labelsFor(deps, actor, [assetId]).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'INVALID_REFERENCE' ? notFound() : error;
    });
    return { path: `/r/${labels[0]!.token}` };
  }

  return {
    labelPrint,
    qrLink,
    qrPage: (token: string, ip: string) => qrPage(deps, token, ip),
    submitReport: (token: string, ip: string, body: z.output<typeof qrReportBody>, origin: string) => submitReport(deps, token, ip, body, origin),
    sendPhoneCode: (token: string, ip: string, body: z.output<typeof phoneCodeBody>) => sendPhoneCode(deps, token, ip, body),
    verifyPhoneCode: (token: string, ip: string, body: z.output<typeof phoneCodeVerifyBody>) => verifyPhoneCode(deps, token, ip, body),
    trackingPage: (token: string, ip: string) => trackingPage(deps, token, ip),
    decideQuote: (token: string, ip: string, body: z.output<typeof trackingQuoteDecisionBody>) => decideQuote(deps, token, ip, body),
    rate: (token: string, ip: string, body: z.output<typeof ratingBody>) => rate(deps, token, ip, body),
    createTrackingLink: (actor: Actor, ticketId: string, origin: string) => createTrackingLink(deps, actor, ticketId, origin),
    ratingOf: (actor: Actor, ticketId: string) => ratingOf(deps, actor, ticketId),
  };
}

export type SelfserviceService = ReturnType<typeof createSelfserviceService>;
