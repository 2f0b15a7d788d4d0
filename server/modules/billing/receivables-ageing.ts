import { addDays, localDate, localInstant } from '../../../shared/time';

/*
 * Receivables ageing on the organisation's calendar: a charge's age is the number of the
 * organisation's days between the day it was charged and today (charged today: 0). The columns
 * come from `billing.ageingBucketDays`: [30, 60, 90] gives 0–30, 31–60, 61–90 and over 90.
 */

export interface AgeingColumn {
  index: number;
  fromDays: number;
  toDays: number | null;
}

export function ageingColumns(bucketDays: readonly number[]): AgeingColumn[] {
  return [
    ...bucketDays.map((to, i) => ({ index: i, fromDays: i === 0 ? 0 : bucketDays[i - 1]! + 1, toDays: to })),
    { index: bucketDays.length, fromDays: (bucketDays.at(-1) ?? -1) + 1, toDays: null },
  ];
}

/** Whole days of the zone's calendar from the charge's day to today's. */
export function daysSince(chargedAt: Date, now: Date, timeZone: string): number {
  return Math.round((Date.parse(localDate(now, timeZone)) - Date.parse(localDate(chargedAt, timeZone))) / 86_400_000);
}

export function columnOf(days: number, bucketDays: readonly number[]): number {
  const i = bucketDays.findIndex((to) => days <= to);
  return i === -1 ? bucketDays.length : i;
}

/**
 * Where the columns meet, as instants, newest first: a charge at or after `edges[i]` is at most
 * `bucketDays[i]` days old (the local midnight starting the day that many days before today).
 */
export function ageingEdges(now: Date, timeZone: string, bucketDays: readonly number[]): Date[] {
  const today = localDate(now, timeZone);
  return bucketDays.map((d) => new Date(localInstant(addDays(today, -d), 0, timeZone)));
}

/** The charged-at range of one column: [from, to). */
export function columnRange(column: number, edges: Date[]): { from?: Date; to?: Date } {
  return { ...(column < edges.length ? { from: edges[column]! } : {}), ...(column > 0 ? { to: edges[Math.min(column, edges.length) - 1]! } : {}) };
}
