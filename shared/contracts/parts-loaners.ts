import { z } from 'zod';
import { instant, optionalText, uuid } from './common';
import { LOANER_STATUSES, serial } from './parts';

/**
 * E3: loaner units. A unit belongs to the pool of a stock location and is of a product; lent to
 * a ticket's customer it is "with customer" until it comes back to its pool. Products marked as
 * equivalents of another (equal or better specification) are offered after its own units.
 */

export const createLoanerBody = z.strictObject({
  productId: uuid,
  serial,
  /** The pool it belongs to and returns to. */
  homeLocationId: uuid,
  note: optionalText(),
});
export type CreateLoanerBody = z.infer<typeof createLoanerBody>;

/** Move a unit to another pool, retire it or bring it back into use; never while it is lent. */
export const updateLoanerBody = z.strictObject({
  homeLocationId: uuid.optional(),
  retired: z.boolean().optional(),
  note: optionalText(),
});
export type UpdateLoanerBody = z.infer<typeof updateLoanerBody>;

export const loanerView = z.object({
  id: uuid,
  productId: uuid,
  productName: z.string(),
  serial: z.string(),
  homeLocationId: uuid,
  homeLocationName: z.string(),
  status: z.enum(LOANER_STATUSES),
  ticketId: uuid.nullable(),
  ticketNumber: z.string().nullable(),
  customerId: uuid.nullable(),
  customerName: z.string().nullable(),
  lentAt: instant.nullable(),
  dueAt: instant.nullable(),
  /** Lent and past its due date. */
  overdue: z.boolean(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type LoanerView = z.infer<typeof loanerView>;

export const loanerListQuery = z.object({
  status: z.enum(LOANER_STATUSES).optional(),
  locationId: uuid.optional(),
  productId: uuid.optional(),
  /** Only units lent and past their due date, the longest overdue first. */
  overdue: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

/** How an offered unit matches the ticket's asset: the same product, or one marked equal or better. */
export const LOANER_MATCHES = ['same', 'equivalent'] as const;
export type LoanerMatch = (typeof LOANER_MATCHES)[number];

export const loanerOffer = loanerView.extend({ match: z.enum(LOANER_MATCHES) });
export type LoanerOffer = z.infer<typeof loanerOffer>;

export const ticketLoanersQuery = z.object({
  /** Pools nearest this location first (by its coordinates); otherwise by name. */
  nearLocationId: uuid.optional(),
});

/** A ticket's loaner: the one out with its customer, and what the pools offer for its asset. */
export const ticketLoaners = z.object({
  current: loanerView.nullable(),
  productId: uuid.nullable(),
  offers: z.array(loanerOffer),
});
export type TicketLoaners = z.infer<typeof ticketLoaners>;

export const lendLoanerBody = z.strictObject({
  loanerId: uuid,
  /** By default `settings.parts.loanerDays` from now. */
  dueAt: instant.nullish(),
  note: optionalText(),
});
export type LendLoanerBody = z.infer<typeof lendLoanerBody>;

export const returnLoanerBody = z.strictObject({ note: optionalText() });

/** The products that may stand in for one, best first. */
export const loanerEquivalentsBody = z.strictObject({ equivalentIds: z.array(uuid).max(50) });
export const loanerEquivalentsView = z.object({
  productId: uuid,
  equivalents: z.array(z.object({ productId: uuid, productName: z.string(), rank: z.number().int() })),
});
export type LoanerEquivalentsView = z.infer<typeof loanerEquivalentsView>;

