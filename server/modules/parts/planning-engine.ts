/**
 * Planning rules (C4, C5, C6), pure: no I/O, `now` and months passed in. Quantities are
 * decimals of at most three places; money is integer fen (rounded half away from zero).
 */
import { quantityFen } from '../../../shared/money';

const q3 = (n: number) => Number(n.toFixed(3));

// --- months ----------------------------------------------------------------------------------

/** A calendar month as `YYYY-MM`. */
export type Month = string;

export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months before `month`, oldest first (not including `month`). */
export function monthsBefore(month: Month, count: number): Month[] {
  return Array.from({ length: count }, (_, i) => addMonths(month, i - count));
}

// --- C4: purchase suggestions ----------------------------------------------------------------

export interface ReorderPosition {
  partId: string;
  locationId: string;
  reorderPoint: number;
  reorderQuantity: number;
  onHand: number;
  reserved: number;
  inTransit: number;
  costPriceFen: number;
}

export interface PurchaseSuggestion extends ReorderPosition {
  /** What the location can count on: on hand less reserved, plus what is on its way. */
  position: number;
  /** Whole multiples of the reorder quantity, enough to bring the position back to the point. */
  suggested: number;
  valueFen: number;
}

/**
 * C4 (each month's needs are met): a part whose stock position at a location is below its
 * reorder point is suggested for purchase, in multiples of its reorder quantity until the
 * position reaches the point again (at least one).
 */
export function purchaseSuggestions(positions: readonly ReorderPosition[]): PurchaseSuggestion[] {
  const out: PurchaseSuggestion[] = [];
  for (const p of positions) {
    const position = q3(p.onHand - p.reserved + p.inTransit);
    if (position >= p.reorderPoint) continue;
    const lots = Math.max(1, Math.ceil(q3((p.reorderPoint - position) / p.reorderQuantity)));
    const suggested = q3(lots * p.reorderQuantity);
    out.push({ ...p, position, suggested, valueFen: quantityFen(suggested, p.costPriceFen) });
  }
  return out;
}

// --- C4: slow-moving stock -------------------------------------------------------------------

export interface StockHolding {
  partId: string;
  locationId: string;
  onHand: number;
  costPriceFen: number;
  /** The part's last consumption anywhere (null: never consumed). */
  lastConsumedAt: Date | null;
  /** When the part first came into stock (its first receipt or arrival). */
  firstStockedAt: Date | null;
}

export interface SlowMover extends StockHolding {
  /** Days since the part was last consumed, or since it came into stock when it never was. */
  idleDays: number;
  valueFen: number;
}

const DAY_MS = 86_400_000;

/**
 * C4 (slow-moving stock is found and cleared): stock on hand of a part that nobody has consumed
 * for `days` days, anywhere, valued at cost. A part that arrived less than `days` ago and was
 * never consumed is not slow yet. Largest value first.
 */
export function slowMoving(holdings: readonly StockHolding[], now: Date, days: number): SlowMover[] {
  const out: SlowMover[] = [];
  for (const h of holdings) {
    if (h.onHand <= 0) continue;
    const since = h.lastConsumedAt ?? h.firstStockedAt;
    if (!since) continue;
    const idleDays = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
    if (idleDays < days) continue;
    out.push({ ...h, idleDays, valueFen: quantityFen(h.onHand, h.costPriceFen) });
  }
  return out.sort((a, b) => b.valueFen - a.valueFen || b.idleDays - a.idleDays);
}

// --- C4, C5: unusual usage -------------------------------------------------------------------

export type UsageSubject = 'technician' | 'product' | 'customer';

export interface MonthlyUsage {
  subject: UsageSubject;
  subjectId: string;
  partId: string;
  month: Month;
  quantity: number;
}

export interface UnusualUsage {
  subject: UsageSubject;
  subjectId: string;
  partId: string;
  month: Month;
  quantity: number;
  /** The subject's own monthly average of this part over the months before (months without any count as zero). */
  average: number;
  /** quantity ÷ average in basis points; null when there was no history at all. */
  factorBp: number | null;
}

export interface UnusualUsageRule {
  /** Above this multiple of its own average, in basis points (30,000 = three times). */
  factorBp: number;
  /** …and at least this many units. */
  minimum: number;
  /** The average is taken over this many months before the month. */
  historyMonths: number;
}

/**
 * C4, C5 (unusual parts usage is flagged): a technician, product or customer whose consumption
 * of a part in `month` is above `factorBp` times its own monthly average over the
 * `historyMonths` before it, and at least `minimum` units. A subject with no history at all is
 * flagged at the minimum: anything is far above nothing.
 */
export function unusualUsage(usage: readonly MonthlyUsage[], month: Month, rule: UnusualUsageRule): UnusualUsage[] {
  const history = new Set(monthsBefore(month, rule.historyMonths));
  const current = new Map<string, MonthlyUsage & { before: number }>();
  const before = new Map<string, number>();
  const keyOf = (u: MonthlyUsage) => `${u.subject}|${u.subjectId}|${u.partId}`;
  for (const u of usage) {
    const key = keyOf(u);
    if (u.month === month) current.set(key, { ...u, quantity: q3((current.get(key)?.quantity ?? 0) + u.quantity), before: 0 });
    else if (history.has(u.month)) before.set(key, (before.get(key) ?? 0) + u.quantity);
  }
  const out: UnusualUsage[] = [];
  for (const [key, u] of current) {
    if (u.quantity < rule.minimum) continue;
    const average = q3((before.get(key) ?? 0) / rule.historyMonths);
    // Compared in integers: quantity × 10,000 > factor × average.
    if (average > 0 && u.quantity * 10_000 <= rule.factorBp * average) continue;
    out.push({
      subject: u.subject,
      subjectId: u.subjectId,
      partId: u.partId,
      month,
      quantity: u.quantity,
      average,
      factorBp: average > 0 ? Math.round((u.quantity / average) * 10_000) : null,
    });
  }
  return out.sort((a, b) => (b.factorBp ?? Infinity) - (a.factorBp ?? Infinity) || b.quantity - a.quantity);
}

// --- C6: forecast and budget -----------------------------------------------------------------

/**
 * C6: next months' consumption of a part by a seasonal moving average: each forecast month
 * is the mean of the same calendar month and its two neighbours (a centred three-month
 * window) over every year of history there is, so a summer peak stays in summer and one odd
 * month is smoothed by the months beside it. Months without consumption count as zero.
 * `history` maps `YYYY-MM` to quantity for the months `historyMonths` before `from`.
 */
export function seasonalForecast(history: ReadonlyMap<Month, number>, from: Month, historyMonths: number, horizon = 12): { month: Month; quantity: number }[] {
  const window = monthsBefore(from, historyMonths);
  const byCalendarMonth = new Map<number, number[]>();
  for (const m of window) {
    const calendar = Number(m.slice(5, 7));
    byCalendarMonth.set(calendar, [...(byCalendarMonth.get(calendar) ?? []), history.get(m) ?? 0]);
  }
  const meanOf = (calendar: number) => {
    const values = byCalendarMonth.get(calendar);
    return values?.length ? values.reduce((s, v) => s + v, 0) / values.length : null;
  };
  const overall = window.length ? window.reduce((s, m) => s + (history.get(m) ?? 0), 0) / window.length : 0;
  return Array.from({ length: horizon }, (_, i) => {
    const month = addMonths(from, i);
    const calendar = Number(month.slice(5, 7));
    const around = [calendar === 1 ? 12 : calendar - 1, calendar, calendar === 12 ? 1 : calendar + 1].map(meanOf).filter((v): v is number => v !== null);
    // A history shorter than a year lacks some calendar months: those take the overall mean.
    const quantity = around.length ? around.reduce((s, v) => s + v, 0) / around.length : overall;
    return { month, quantity: q3(quantity) };
  });
}

export interface BudgetLine {
  partId: string;
  categoryId: string;
  quantity: number;
  costPriceFen: number;
  valueFen: number;
}

/**
 * C6: next year's spare-parts budget per part: its forecast quantity for the year, grown by
 * `growthBp` (0 = the history repeats), at today's cost price; and per category, the sum.
 */
export function budget(
  forecasts: readonly { partId: string; categoryId: string; costPriceFen: number; months: readonly { quantity: number }[] }[],
  growthBp: number,
): { parts: BudgetLine[]; categories: { categoryId: string; valueFen: number; quantity: number }[]; totalFen: number } {
  const parts = forecasts.map((f) => {
    const quantity = q3((f.months.reduce((s, m) => s + m.quantity, 0) * (10_000 + growthBp)) / 10_000);
    return { partId: f.partId, categoryId: f.categoryId, quantity, costPriceFen: f.costPriceFen, valueFen: quantityFen(quantity, f.costPriceFen) };
  });
  const categories = new Map<string, { categoryId: string; valueFen: number; quantity: number }>();
  for (const p of parts) {
    const c = categories.get(p.categoryId) ?? { categoryId: p.categoryId, valueFen: 0, quantity: 0 };
    c.valueFen += p.valueFen;
    c.quantity = q3(c.quantity + p.quantity);
    categories.set(p.categoryId, c);
  }
  return {
    parts: parts.sort((a, b) => b.valueFen - a.valueFen),
    categories: [...categories.values()].sort((a, b) => b.valueFen - a.valueFen),
    totalFen: parts.reduce((s, p) => s + p.valueFen, 0),
  };
}
