import { addMonths, localDate } from '../../../shared/time';

/*
 * M8 (当此单维修业务产生保修期的): the warranty a repair itself carries (维修质保期). Part of the
 * commission on a repair is held back until it ends. Its months are the charge's own when set,
 * else the organisation's `billing.repairWarrantyMonths`; 0 means the repair carries none.
 * It runs from the ticket's completion day in the organisation's time zone (the charge's day
 * while the ticket is not completed) and ends on the same date N months later (a day past the
 * end of the month clamps to its last day): the warranty holds while the day is before the end.
 */

/** The months a charge's repair carries: its own when set, else the organisation's setting. */
export function repairWarrantyMonthsOf(chargeMonths: number | null, settingMonths: number): number {
  return chargeMonths ?? settingMonths;
}

/** The day the repair's warranty ends (exclusive, ISO day in `timeZone`), or null when it carries none. */
export function repairWarrantyEndsOn(input: { months: number; completedAt: Date | null; chargedAt: Date; timeZone: string }): string | null {
  if (input.months <= 0) return null;
  return addMonths(localDate(input.completedAt ?? input.chargedAt, input.timeZone), input.months);
}
