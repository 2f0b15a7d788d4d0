import type { WarrantyBasis, WarrantyState } from './domain';
import { addDays, addMonths } from './time';

/**
 * Warranty coverage of an asset on a given day (E1: from acceptance; C3: from purchase).
 * Pure: the caller passes the day in the organisation's time zone.
 */
export interface WarrantyTerms {
  basis: WarrantyBasis;
  purchasedOn: string | null;
  installedOn: string | null;
  acceptedOn: string | null;
  /** null: the organisation's default applies (`defaultMonths`). */
  warrantyMonths: number | null;
}

export type WarrantyReason = 'within_period' | 'expired' | 'no_start_date' | 'not_started' | 'human_damage';

export interface WarrantyDecision {
  state: WarrantyState;
  reason: WarrantyReason;
  startsOn: string | null;
  /** The last day covered, inclusive. */
  endsOn: string | null;
}

export function startDate(terms: WarrantyTerms): string | null {
  switch (terms.basis) {
    case 'acceptance':
      return terms.acceptedOn;
    case 'installation':
      return terms.installedOn;
    case 'purchase':
      return terms.purchasedOn;
  }
}

/**
 * Decides coverage on `day`. A warranty of N months from 1 March covers through the last
 * day of February N months later. Damage caused by people is never covered (E1: billed).
 */
export function decideWarranty(
  terms: WarrantyTerms,
  day: string,
  defaultMonths: number,
  humanDamage = false,
): WarrantyDecision {
  const startsOn = startDate(terms);
  const months = terms.warrantyMonths ?? defaultMonths;
  const endsOn = startsOn ? addDays(addMonths(startsOn, months), -1) : null;
  if (humanDamage) return { state: 'out', reason: 'human_damage', startsOn, endsOn };
  if (!startsOn || !endsOn) return { state: 'unknown', reason: 'no_start_date', startsOn, endsOn };
  if (day < startsOn) return { state: 'unknown', reason: 'not_started', startsOn, endsOn };
  if (day > endsOn) return { state: 'out', reason: 'expired', startsOn, endsOn };
  return { state: 'in', reason: 'within_period', startsOn, endsOn };
}

/** The basis an asset gets when its creator does not say: the most specific date it has. */
export function defaultBasis(dates: { acceptedOn?: string | null; installedOn?: string | null }): WarrantyBasis {
  if (dates.acceptedOn) return 'acceptance';
  if (dates.installedOn) return 'installation';
  return 'purchase';
}
