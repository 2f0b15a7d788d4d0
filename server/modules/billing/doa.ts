import type { DoaBasis, RmaReportRow } from '../../../shared/contracts/billing-rma';
import { divideRounded } from '../../../shared/money';

/**
 * C5, dead on arrival: pure rules. A unit or part that fails within N days of its delivery or
 * installation (N per product, by default `billing.doaDays`) is DOA. The suggestion comes from
 * the asset's dates on receipt; staff confirm it with the fault.
 */

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (ISO days, no zone involved). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

export interface DoaSuggestion {
  suggested: boolean;
  /** Installation when the asset has an installation date, else delivery (its purchase date). */
  basis: DoaBasis | null;
  daysAfter: number | null;
  limitDays: number;
}

/**
 * Did the unit fail within `limitDays` of its installation (or, without one, its delivery)? The
 * failure day is the day the fault was reported. A day before the start says nothing.
 */
export function suggestDoa(dates: { installedOn: string | null; deliveredOn: string | null }, failedOn: string, limitDays: number): DoaSuggestion {
  const basis: DoaBasis | null = dates.installedOn ? 'installation' : dates.deliveredOn ? 'delivery' : null;
  const start = dates.installedOn ?? dates.deliveredOn;
  if (!start || !basis) return { suggested: false, basis: null, daysAfter: null, limitDays };
  const daysAfter = daysBetween(start, failedOn);
  return { suggested: daysAfter >= 0 && daysAfter <= limitDays, basis, daysAfter, limitDays };
}

/** How a unit is grouped into its batch: its lot number, else its serial range. */
export function batchOf(unit: { lotNumber: string | null; serialFrom: string | null; serialTo: string | null }): string | null {
  if (unit.lotNumber) return unit.lotNumber;
  if (unit.serialFrom || unit.serialTo) return `${unit.serialFrom ?? ''}~${unit.serialTo ?? ''}`;
  return null;
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : Number(divideRounded(BigInt(part) * 10_000n, BigInt(whole))));

/** The C5 figures of a set of units received in the month. */
export function reportRow(units: readonly { outcome: string | null; doa: boolean }[]): RmaReportRow {
  const received = units.length;
  const decided = units.filter((u) => u.outcome !== null).length;
  const succeeded = units.filter((u) => u.outcome === 'repaired' || u.outcome === 'replaced').length;
  const doa = units.filter((u) => u.doa).length;
  return { received, decided, succeeded, repairSuccessBp: rate(succeeded, decided), doa, doaRateBp: rate(doa, received) };
}
