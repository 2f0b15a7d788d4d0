import { z } from 'zod';
import {
  forecastQuery,
  forecastView,
  purchaseSuggestionList,
  reorderRuleBody,
  reorderRuleKey,
  reorderRuleQuery,
  reorderRuleView,
  slowMovingList,
  slowMovingQuery,
  unusualUsageList,
  unusualUsageQuery,
} from '../../../shared/contracts/parts-planning';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { actorOf } from '../../http/auth';
import { sendXlsx, yuan } from '../../http/xlsx';
import type { Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import type { PartsService } from './parts.service';
import { workbook } from './planning';


const h = (locale: Locale, ...keys: Parameters<typeof t>[1][]) => keys.map((k) => t(locale, k));

/** Planning (C4, C5, C6): reorder rules, purchase suggestions, slow-moving stock, unusual usage, forecast and budget, each exportable. */
export function planningRoutes(api: Api, parts: PartsService) {
  const tags = ['stock'];
  api.get('/api/v1/stock/reorder-rules', {
    config: { permission: 'parts.read' },
    schema: { tags, summary: 'C4: reorder points and quantities per part and location, with the stock there', querystring: reorderRuleQuery, response: { 200: z.object({ items: z.array(reorderRuleView) }) } },
    handler: async (request) => ({ items: await parts.listReorderRules(actorOf(request), request.query) }),
  });

  api.put('/api/v1/stock/reorder-rules', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C4: set a part’s reorder point and quantity at a location', body: reorderRuleBody, response: { 200: reorderRuleView } },
    handler: async (request) => parts.setReorderRule(actorOf(request), request.body),
  });

  api.delete('/api/v1/stock/reorder-rules', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'Remove a reorder rule', querystring: reorderRuleKey, response: { 204: z.undefined() } },
    handler: async (request, reply) => {
      await parts.deleteReorderRule(actorOf(request), request.query);
      return reply.code(204).send();
    },
  });

  api.get('/api/v1/stock/purchase-suggestions', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C4: what is below its reorder point now, how much to buy, and when the daily list last ran', querystring: slowMovingQuery, response: { 200: purchaseSuggestionList } },
    handler: async (request) => parts.listPurchaseSuggestions(actorOf(request), request.query),
  });

  api.get('/api/v1/stock/purchase-suggestions.xlsx', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C4: the purchase suggestions as Excel', querystring: slowMovingQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const list = await parts.listPurchaseSuggestions(actorOf(request), request.query);
      const bytes = await workbook([
        {
          name: t(locale, 'parts.planning.suggestions'),
          headings: h(locale, 'parts.counts.column.number', 'parts.counts.column.name', 'parts.planning.column.location', 'parts.counts.column.unit', 'parts.planning.column.reorderPoint', 'parts.planning.column.position', 'parts.planning.column.suggested', 'parts.planning.column.costYuan', 'parts.planning.column.valueYuan'),
          rows: list.items.map((i) => [i.partNumber, i.partName, i.locationName, i.unit, i.reorderPoint, i.position, i.suggested, yuan(i.costPriceFen), yuan(i.valueFen)]),
        },
      ]);
      return sendXlsx(reply, t(locale, 'parts.planning.suggestions'), bytes);
    },
  });

  api.get('/api/v1/stock/slow-moving', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C4: stock not consumed for `settings.parts.slowMovingDays`, with its value, per location', querystring: slowMovingQuery, response: { 200: slowMovingList } },
    handler: async (request) => parts.listSlowMoving(actorOf(request), request.query),
  });

  api.get('/api/v1/stock/slow-moving.xlsx', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C4: slow-moving stock as Excel', querystring: slowMovingQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const list = await parts.listSlowMoving(actorOf(request), request.query);
      const bytes = await workbook([
        {
          name: t(locale, 'parts.planning.slowMoving'),
          headings: h(locale, 'parts.counts.column.number', 'parts.counts.column.name', 'parts.planning.column.category', 'parts.planning.column.location', 'parts.planning.column.onHand', 'parts.counts.column.unit', 'parts.planning.column.idleDays', 'parts.planning.column.valueYuan'),
          rows: list.items.map((i) => [i.partNumber, i.partName, i.category, i.locationName, i.onHand, i.unit, i.idleDays, yuan(i.valueFen)]),
        },
      ]);
      return sendXlsx(reply, t(locale, 'parts.planning.slowMoving'), bytes);
    },
  });

  api.get('/api/v1/stock/unusual-usage', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C4, C5: technicians, products and customers whose consumption of a part in a month is far above their own history', querystring: unusualUsageQuery, response: { 200: unusualUsageList } },
    handler: async (request) => parts.listUnusualUsage(actorOf(request), request.query),
  });

  api.get('/api/v1/stock/unusual-usage.xlsx', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C4, C5: unusual usage as Excel', querystring: unusualUsageQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const list = await parts.listUnusualUsage(actorOf(request), request.query);
      const bytes = await workbook([
        {
          name: list.month,
          headings: h(locale, 'parts.planning.column.subject', 'parts.planning.column.subjectName', 'parts.counts.column.number', 'parts.counts.column.name', 'parts.planning.column.quantity', 'parts.planning.column.average', 'parts.planning.column.factor'),
          rows: list.items.map((i) => [enumLabel(locale, 'usageSubject', i.subject), i.subjectName, i.partNumber, i.partName, i.quantity, i.average, i.factorBp === null ? null : i.factorBp / 10_000]),
        },
      ]);
      return sendXlsx(reply, `${t(locale, 'parts.planning.unusualUsage')} ${list.month}`, bytes);
    },
  });

  api.get('/api/v1/stock/forecast', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C6: each part’s monthly forecast for twelve months and next year’s budget per part and category, with the assumptions', querystring: forecastQuery, response: { 200: forecastView } },
    handler: async (request) => parts.forecastAndBudget(actorOf(request), request.query),
  });

  api.get('/api/v1/stock/forecast.xlsx', {
    config: { permission: 'parts.manage' },
    schema: { tags, summary: 'C6: forecast, budget and assumptions as Excel', querystring: forecastQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      const f = await parts.forecastAndBudget(actorOf(request), request.query);
      const a = f.assumptions;
      const bytes = await workbook([
        {
          name: t(locale, 'parts.planning.forecast'),
          headings: [...h(locale, 'parts.counts.column.number', 'parts.counts.column.name', 'parts.planning.column.category', 'parts.counts.column.unit'), ...f.months, ...h(locale, 'parts.planning.column.budgetQuantity', 'parts.planning.column.costYuan', 'parts.planning.column.budgetYuan')],
          rows: f.parts.map((p) => [p.partNumber, p.partName, p.category, p.unit, ...p.forecast, p.budgetQuantity, yuan(p.costPriceFen), yuan(p.budgetFen)]),
        },
        {
          name: t(locale, 'parts.planning.budgetByCategory'),
          headings: h(locale, 'parts.planning.column.category', 'parts.planning.column.budgetQuantity', 'parts.planning.column.budgetYuan'),
          rows: [...f.categories.map((c) => [c.category, c.quantity, yuan(c.budgetFen)]), [t(locale, 'parts.planning.total'), null, yuan(f.totalFen)]],
        },
        {
          name: t(locale, 'parts.planning.assumptions'),
          headings: h(locale, 'parts.planning.assumptions'),
          rows: [
            [t(locale, 'parts.planning.assumption.method')],
            [t(locale, 'parts.planning.assumption.history', { from: a.historyFrom, to: a.historyTo, months: a.historyMonths })],
            [t(locale, 'parts.planning.assumption.horizon', { from: a.forecastFrom, to: a.forecastTo })],
            [t(locale, 'parts.planning.assumption.growth', { percent: a.growthBp / 100 })],
            [t(locale, 'parts.planning.assumption.cost', { day: a.costPriceOn })],
            [t(locale, 'parts.planning.assumption.consumption')],
          ],
        },
      ]);
      return sendXlsx(reply, t(locale, 'parts.planning.forecast'), bytes);
    },
  });
}
