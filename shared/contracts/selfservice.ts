import { z } from 'zod';
import { TICKET_STATUSES } from '../domain';
import { LINE_KINDS, PRICE_RULES, QUOTE_STATUSES, quoteDecisionBody } from './billing-quotes';
import { phone, shortText, uuid } from './common';

/*
 * The customer's own side: QR labels on assets, the public report page behind them, and the
 * ticket's tracking page with its rating. The public shapes carry no customer's data beyond
 * what the caller typed or what the link's ticket is about.
 */

/** Staff: print labels for these assets (their QR tokens are made on first print). */
export const assetLabelsBody = z.strictObject({
  assetIds: z.array(uuid).min(1).max(400),
});

/** A URL token: base64url, as the server makes them. */
export const publicTokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

/** What the QR page shows before anything is typed. */
export const qrPageView = z.object({
  organisation: z.string(),
  hotline: z.string(),
  product: z.string(),
  serialMasked: z.string(),
  maxPhotos: z.number().int(),
  maxPhotoBytes: z.number().int(),
  timeZone: z.string(),
});
export type QrPageView = z.infer<typeof qrPageView>;

/** A photo as the page sends it: base64 of the bytes; the type is read from the bytes, not from here. */
export const qrPhoto = z.strictObject({
  fileName: z.string().trim().max(120).default('photo'),
  data: z.string().max(6_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'selfservice.validation.photoEncoding' }),
});

export const qrReportBody = z.strictObject({
  description: shortText(2000),
  name: shortText(60),
  phone,
  preferredTime: z.string().trim().max(100).nullish(),
  photos: z.array(qrPhoto).max(5).default([]),
});
export type QrReportBody = z.input<typeof qrReportBody>;

/** A returning customer asks for a code sent to their phone (the answer never says whether the phone is known). */
export const phoneCodeBody = z.strictObject({ phone });
export const phoneCodeSent = z.object({ expiresInMinutes: z.number().int() });
export type PhoneCodeSent = z.infer<typeof phoneCodeSent>;

export const phoneCodeVerifyBody = z.strictObject({ phone, code: z.string().trim().regex(/^\d{6}$/, { message: 'selfservice.validation.phoneCode' }) });
/** The right code gives the form the customer's name, nothing else of their file. */
export const phoneCodeVerified = z.object({ name: z.string() });
export type PhoneCodeVerified = z.infer<typeof phoneCodeVerified>;

export const qrReportResult = z.object({
  ticketNumber: z.string(),
  trackingPath: z.string(),
  trackingExpiresAt: z.date(),
});

/** The steps a customer's timeline names, in plain words (`selfservice.step.*`). */
export const TRACKING_STEPS = [
  'created',
  'accepted',
  'dispatched',
  'on_the_way',
  'arrived',
  'in_progress',
  'on_hold',
  'resumed',
  'completed',
  'closed',
  'cancelled',
  'rescheduled',
  'reopened',
] as const;
export type TrackingStep = (typeof TRACKING_STEPS)[number];

export const trackingView = z.object({
  organisation: z.string(),
  hotline: z.string(),
  ticketNumber: z.string(),
  status: z.enum(TICKET_STATUSES),
  product: z.string().nullable(),
  serialMasked: z.string().nullable(),
  timeline: z.array(z.object({ at: z.date(), step: z.enum(TRACKING_STEPS) })),
  /**
   * The visit to expect: the ticket's planned visit (`visit`), else the appointment the ticket was
   * booked as (`booked`); `at` is the window's start, `end` its end.
   */
  appointment: z.object({ at: z.string(), end: z.string().nullable(), kind: z.enum(['visit', 'booked']) }).nullable(),
  technician: z.object({ name: z.string(), phoneMasked: z.string().nullable() }).nullable(),
  /** The ticket's current quote (its lines and total) when it has one; `open` awaits the customer's decision. */
  quote: z
    .object({
      id: uuid,
      version: z.number().int(),
      status: z.enum(QUOTE_STATUSES),
      lines: z.array(z.object({ kind: z.enum(LINE_KINDS), description: z.string(), quantity: z.number(), amountFen: z.number().int(), rule: z.enum(PRICE_RULES) })),
      totalFen: z.number().int(),
      validUntil: z.date(),
    })
    .nullable(),
  canRate: z.boolean(),
  rating: z.object({ score: z.number().int(), comment: z.string().nullable(), ratedAt: z.date() }).nullable(),
  expiresAt: z.date(),
  timeZone: z.string(),
});
export type TrackingView = z.infer<typeof trackingView>;

export const ratingBody = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).nullish(),
});

/** The customer decides the quote the tracking page showed (`quoteId`); approving needs a drawn signature. */
export const trackingQuoteDecisionBody = quoteDecisionBody.extend({ quoteId: uuid });

export const trackingLinkResult = z.object({ path: z.string(), expiresAt: z.date() });

/** Staff: a ticket's rating, as D1 and E11 read it. */
export const ticketRatingView = z.object({ score: z.number().int(), comment: z.string().nullable(), ratedAt: z.date(), followUpTaskId: uuid.nullable() }).nullable();
