import ExcelJS from 'exceljs';
import { notFound } from '../../errors';
import { localDate, localInstant } from '../../../shared/time';
import type {
  ForecastView,
  PurchaseSuggestionView,
  ReorderRuleBody,
  ReorderRuleView,
  SlowMovingView,
  UnusualUsageView,
} from '../../../shared/contracts/parts-planning';
import { systemActor, type Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import { requireLocations } from './locations';
import { requireParts } from './catalogue';
import * as repo from './planning.repository';
import { addMonths, budget, monthsBefore, purchaseSuggestions, seasonalForecast, slowMoving, unusualUsage, type MonthlyUsage, type UsageSubject } from './planning-engine';

/**
 * Planning (C4, C5, C6): reorder rules and the purchase suggestions drawn from them every day,
 * slow-moving stock, unusual usage, the monthly forecast and next year's budget. The rules are
 * in `planning-engine.ts`; this file reads, calls them and names what they return.
 */

export const SUGGESTIONS_JOB = 'parts.purchase-suggestions';
/** The daily list is drawn at this local hour, before the working day. */
const DAILY_HOUR = 6;

const num = (v: string | number) => Number(v);
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function ruleView(r: repo.ReorderRow): ReorderRuleView {
  return {
    partId: r.part_id,
    partNumber: r.part_number,
    partName: r.part_name,
    unit: r.unit,
    locationId: r.location_id,
    locationName: r.location_name,
    reorderPoint: num(r.reorder_point),
    reorderQuantity: num(r.reorder_quantity),
    onHand: num(r.on_hand),
    available: Number((num(r.on_hand) - num(r.reserved)).toFixed(3)),
    inTransit: num(r.in_transit),
  };
}

export async function listReorderRules(deps: PartsDeps, actor: Actor, query: { locationId?: string | undefined; partId?: string | undefined }): Promise<ReorderRuleView[]> {
  return (await repo.listReorderRules(deps.db, actor.orgId, query)).map(ruleView);
}

/** Sets (or changes) a part's reorder point and quantity at a location; the daily list starts with the first rule. */
export async function setReorderRule(deps: PartsDeps, actor: Actor, body: ReorderRuleBody): Promise<ReorderRuleView> {
  await requireLocations(deps, actor, [{ id: body.locationId, field: 'body.locationId' }]);
  await requireParts(deps.db, actor, [{ id: body.partId, field: 'body.partId' }]);
  await deps.db.transaction(async (tx) => {
    await repo.upsertReorderRule(tx, actor.orgId, body);
    await scheduleDaily(deps, tx, actor.orgId);
  });
  const [view] = await listReorderRules(deps, actor, { partId: body.partId, locationId: body.locationId });
  return view!;
}

export async function deleteReorderRule(deps: PartsDeps, actor: Actor, key: { partId: string; locationId: string }): Promise<void> {
  if (!(await repo.deleteReorderRule(deps.db, actor.orgId, key.partId, key.locationId))) throw notFound('parts.planning.unknownRule');
}

/** The next daily run: tomorrow's DAILY_HOUR in the organisation's zone (or today's, if it is still ahead). */
async function scheduleDaily(deps: PartsDeps, tx: PartsDeps['db'], orgId: string) {
  if (!deps.jobs) return;
  const org = await deps.getOrganisation(orgId, tx);
  const now = deps.clock();
  const today = localDate(now, org.timeZone);
  let runAt = new Date(localInstant(today, DAILY_HOUR * 60, org.timeZone));
  if (runAt <= now) runAt = new Date(runAt.getTime() + 86_400_000);
  await deps.jobs.enqueue(tx, { orgId, kind: SUGGESTIONS_JOB, runAt, coalesce: true });
}

/** C4: what is below its reorder point now, with how much to buy and its value at cost. */
export async function listPurchaseSuggestions(deps: PartsDeps, actor: Actor, query: { locationId?: string | undefined } = {}) {
  const rows = await repo.listReorderRules(deps.db, actor.orgId, query);
  const byKey = new Map(rows.map((r) => [`${r.part_id}:${r.location_id}`, r]));
  const suggestions = purchaseSuggestions(
    rows.map((r) => ({
      partId: r.part_id,
      locationId: r.location_id,
      reorderPoint: num(r.reorder_point),
      reorderQuantity: num(r.reorder_quantity),
      onHand: num(r.on_hand),
      reserved: num(r.reserved),
      inTransit: num(r.in_transit),
      costPriceFen: r.cost_price_fen,
    })),
  );
  const items: PurchaseSuggestionView[] = suggestions.map((s) => ({
    ...ruleView(byKey.get(`${s.partId}:${s.locationId}`)!),
    position: s.position,
    suggested: s.suggested,
    costPriceFen: s.costPriceFen,
    valueFen: s.valueFen,
  }));
  const ran = deps.jobs ? await deps.jobs.latestDone(actor.orgId, SUGGESTIONS_JOB) : undefined;
  return {
    items,
    totalFen: items.reduce((s, i) => s + i.valueFen, 0),
    dailyRunAt: ran?.finishedAt ? ran.finishedAt.toISOString() : null,
    dailyCount: ran ? ((ran.result as { count?: number } | null)?.count ?? null) : null,
  };
}

/**
 * The daily job: lists the organisation's purchase suggestions (kept as the job's result, so
 * the list of each morning stays readable), then queues tomorrow's run.
 */
export async function runDailySuggestions(deps: PartsDeps, context: { job: { orgId: string | null } }) {
  const orgId = context.job.orgId;
  if (!orgId) return { count: 0 };
  const list = await listPurchaseSuggestions(deps, systemActor(orgId, ''));
  await deps.db.transaction((tx) => scheduleDaily(deps, tx, orgId));
  return {
    count: list.items.length,
    totalFen: list.totalFen,
    items: list.items.slice(0, 2_000).map((i) => ({ partNumber: i.partNumber, locationName: i.locationName, position: i.position, suggested: i.suggested, valueFen: i.valueFen })),
  };
}

/** C4: stock nobody consumed for `settings.parts.slowMovingDays`, with its value, per location. */
export async function listSlowMoving(deps: PartsDeps, actor: Actor, query: { locationId?: string | undefined }) {
  const org = await deps.getOrganisation(actor.orgId);
  const days = org.settings.parts.slowMovingDays;
  const rows = await repo.holdings(deps.db, actor.orgId, query);
  const byKey = new Map(rows.map((r) => [`${r.part_id}:${r.location_id}`, r]));
  const found = slowMoving(
    rows.map((r) => ({
      partId: r.part_id,
      locationId: r.location_id,
      onHand: num(r.on_hand),
      costPriceFen: r.cost_price_fen,
      lastConsumedAt: r.last_consumed_at ? new Date(r.last_consumed_at) : null,
      firstStockedAt: r.first_stocked_at ? new Date(r.first_stocked_at) : null,
    })),
    deps.clock(),
    days,
  );
  const items: SlowMovingView[] = found.map((f) => {
    const r = byKey.get(`${f.partId}:${f.locationId}`)!;
    return {
      partId: f.partId,
      partNumber: r.part_number,
      partName: r.part_name,
      category: r.category,
      unit: r.unit,
      locationId: f.locationId,
      locationName: r.location_name,
      onHand: f.onHand,
      costPriceFen: f.costPriceFen,
      valueFen: f.valueFen,
      lastConsumedAt: iso(r.last_consumed_at),
      idleDays: f.idleDays,
    };
  });
  return { days, items, totalFen: items.reduce((s, i) => s + i.valueFen, 0) };
}

/**
 * C4, C5: technicians, products and customers whose consumption of a part in a month (the
 * last whole month by default) is far above their own history, for the parts administrator.
 */
export async function listUnusualUsage(deps: PartsDeps, actor: Actor, query: { month?: string | undefined }) {
  const org = await deps.getOrganisation(actor.orgId);
  const rule = org.settings.parts;
  const month = query.month ?? addMonths(localDate(deps.clock(), org.timeZone).slice(0, 7), -1);
  const from = new Date(localInstant(`${monthsBefore(month, rule.unusualUsageHistoryMonths)[0]!}-01`, 0, org.timeZone));
  const rows = await repo.usageBySubject(deps.db, actor.orgId, from, org.timeZone);
  const usage: MonthlyUsage[] = rows.map((r) => ({ subject: r.subject, subjectId: r.subject_id, partId: r.part_id, month: r.month, quantity: num(r.quantity) }));
  const flagged = unusualUsage(usage, month, { factorBp: rule.unusualUsageFactorBp, minimum: rule.unusualUsageMinimum, historyMonths: rule.unusualUsageHistoryMonths });
  const ids = (subject: UsageSubject) => [...new Set(flagged.filter((f) => f.subject === subject).map((f) => f.subjectId))];
  const names = await repo.subjectNames(deps.db, actor.orgId, { technician: ids('technician'), product: ids('product'), customer: ids('customer') });
  const parts = await repo.partNames(deps.db, actor.orgId, [...new Set(flagged.map((f) => f.partId))]);
  const items: UnusualUsageView[] = flagged.map((f) => ({
    ...f,
    subjectName: names.get(f.subjectId) ?? '',
    partNumber: parts.get(f.partId)?.number ?? '',
    partName: parts.get(f.partId)?.name ?? '',
    unit: parts.get(f.partId)?.unit ?? '',
  }));
  return { month, factorBp: rule.unusualUsageFactorBp, minimum: rule.unusualUsageMinimum, historyMonths: rule.unusualUsageHistoryMonths, items };
}

/**
 * C6: each consumed part's monthly forecast for the next twelve months (seasonal moving
 * average over `settings.parts.forecastHistoryMonths`), and next year's budget per part and
 * category at today's cost prices, grown by `growthBp`; the assumptions travel with it.
 */
export async function forecastAndBudget(deps: PartsDeps, actor: Actor, query: { growthBp: number; categoryId?: string | undefined }): Promise<ForecastView> {
  const org = await deps.getOrganisation(actor.orgId);
  const historyMonths = org.settings.parts.forecastHistoryMonths;
  const today = localDate(deps.clock(), org.timeZone);
  // The current month is not over: the history ends with the last whole month, and the forecast starts now.
  const forecastFrom = today.slice(0, 7);
  const window = monthsBefore(forecastFrom, historyMonths);
  const from = new Date(localInstant(`${window[0]!}-01`, 0, org.timeZone));
  const to = new Date(localInstant(`${forecastFrom}-01`, 0, org.timeZone));
  const rows = await repo.monthlyConsumption(deps.db, actor.orgId, from, to, org.timeZone, query.categoryId);
  const byPart = new Map<string, { row: repo.MonthlyConsumptionRow; history: Map<string, number> }>();
  for (const r of rows) {
    const entry = byPart.get(r.part_id) ?? { row: r, history: new Map<string, number>() };
    entry.history.set(r.month, num(r.quantity));
    byPart.set(r.part_id, entry);
  }
  const forecasts = [...byPart.values()].map(({ row, history }) => ({ row, history, months: seasonalForecast(history, forecastFrom, historyMonths) }));
  const planned = budget(
    forecasts.map((f) => ({ partId: f.row.part_id, categoryId: f.row.category_id, costPriceFen: f.row.cost_price_fen, months: f.months })),
    query.growthBp,
  );
  const byId = new Map(forecasts.map((f) => [f.row.part_id, f]));
  const categoryNames = new Map(rows.map((r) => [r.category_id, r.category]));
  return {
    assumptions: {
      method: 'seasonal_moving_average_3',
      historyFrom: window[0]!,
      historyTo: window.at(-1)!,
      historyMonths,
      forecastFrom,
      forecastTo: addMonths(forecastFrom, 11),
      growthBp: query.growthBp,
      costPriceOn: today,
    },
    months: Array.from({ length: 12 }, (_, i) => addMonths(forecastFrom, i)),
    parts: planned.parts.map((p) => {
      const f = byId.get(p.partId)!;
      return {
        partId: p.partId,
        partNumber: f.row.part_number,
        partName: f.row.part_name,
        categoryId: p.categoryId,
        category: f.row.category,
        unit: f.row.unit,
        costPriceFen: p.costPriceFen,
        history: window.map((m) => f.history.get(m) ?? 0),
        forecast: f.months.map((m) => m.quantity),
        budgetQuantity: p.quantity,
        budgetFen: p.valueFen,
      };
    }),
    categories: planned.categories.map((c) => ({ categoryId: c.categoryId, category: categoryNames.get(c.categoryId) ?? '', quantity: c.quantity, budgetFen: c.valueFen })),
    totalFen: planned.totalFen,
  };
}

/** A sheet of rows under headings, as an .xlsx file. */
export async function workbook(sheets: { name: string; headings: string[]; rows: (string | number | null)[][] }[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name.slice(0, 31));
    sheet.addRow(s.headings).font = { bold: true };
    for (const row of s.rows) sheet.addRow(row);
    sheet.columns.forEach((column) => {
      column.width = 14;
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
