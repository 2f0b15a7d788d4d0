import type { Readable } from 'node:stream';
import type { CostView, ReceivablesPage, ReceivablesQuery, ReceivablesSummary } from '../../../shared/contracts/billing-payments';
import { t, type Locale } from '../../../shared/i18n';
import { localDate } from '../../../shared/time';
import { fieldError } from '../../errors';
import { keysetPages } from '../../db/keyset';
import { EXPORT_PAGE, streamSheet, yuan } from '../../http/xlsx';
import type { Actor } from '../identity';
import type { BillingDeps } from './billing.deps';
import { costView, monthRange } from './costs';
import * as repo from './payments.repository';
import { ageingColumns, ageingEdges, columnOf, columnRange, daysSince } from './receivables-ageing';
import * as owed from './receivables.repository';

/*
 * Receivables: the tickets with money still owed, oldest charge first, paged by keyset so that
 * a page costs the same at any depth; the ageing summary by the organisation's columns
 * (`billing.ageingBucketDays`) on its calendar; and Excel exports of receivables and of costs
 * written while they are read, a page at a time, so a month of 100,000 rows never sits in memory.
 */

interface Cursor {
  at: Date;
  ticketId: string;
}

const encode = (c: Cursor) => Buffer.from(`${c.at.toISOString()}|${c.ticketId}`).toString('base64url');

function decode(after: string): Cursor {
  const [at, ticketId] = Buffer.from(after, 'base64url').toString().split('|');
  const date = new Date(at ?? '');
  if (!ticketId || !/^[0-9a-f-]{36}$/i.test(ticketId) || Number.isNaN(date.getTime())) throw fieldError('query.after', 'validation.invalid');
  return { at: date, ticketId };
}

async function scope(deps: BillingDeps, actor: Actor, query: Pick<ReceivablesQuery, 'customerId' | 'ageing' | 'chargedMonth'>) {
  const org = await deps.getOrganisation(actor.orgId);
  const now = deps.clock();
  const bucketDays = org.settings.billing.ageingBucketDays;
  const edges = ageingEdges(now, org.timeZone, bucketDays);
  if (query.ageing !== undefined && query.ageing > bucketDays.length) throw fieldError('query.ageing', 'validation.invalid');
  const month: { from?: Date; to?: Date } = query.chargedMonth ? monthRange(query.chargedMonth, org.timeZone) : {};
  const column: { from?: Date; to?: Date } = query.ageing !== undefined ? columnRange(query.ageing, edges) : {};
  const from = [month.from, column.from].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  const to = [month.to, column.to].filter((d): d is Date => !!d).sort((a, b) => a.getTime() - b.getTime())[0];
  return { org, now, bucketDays, edges, filter: { customerId: query.customerId, from, to } satisfies owed.OwedFilter };
}

function itemOf(r: owed.OwedRow, now: Date, timeZone: string, bucketDays: readonly number[]) {
  const days = daysSince(r.chargedAt, now, timeZone);
  return {
    ticketId: r.ticketId,
    ticketNumber: r.ticketNumber,
    customerId: r.customerId,
    customerName: r.customerName,
    chargedFen: r.chargedFen,
    collectedFen: r.collectedFen,
    outstandingFen: r.chargedFen - r.collectedFen,
    chargedAt: r.chargedAt,
    days,
    ageing: columnOf(days, bucketDays),
  };
}

/** One page of the tickets with money owed, oldest charge first; `next` continues it. */
export async function listReceivables(deps: BillingDeps, actor: Actor, query: ReceivablesQuery): Promise<ReceivablesPage> {
  const { org, now, bucketDays, filter } = await scope(deps, actor, query);
  const limit = query.limit;
  const rows = await owed.owedPage(deps.db, actor.orgId, filter, query.after ? decode(query.after) : null, limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => itemOf(r, now, org.timeZone, bucketDays)),
    next: rows.length > limit && last ? encode({ at: last.chargedAt, ticketId: last.ticketId }) : null,
  };
}

/** The ageing columns and the totals per customer (largest first), under the same filters. */
export async function receivablesSummary(deps: BillingDeps, actor: Actor, query: Pick<ReceivablesQuery, 'customerId' | 'ageing' | 'chargedMonth'>): Promise<ReceivablesSummary> {
  const { org, now, bucketDays, edges, filter } = await scope(deps, actor, query);
  const rows = await owed.owedByCustomerAndAgeing(deps.db, actor.orgId, filter, edges);
  const columns = ageingColumns(bucketDays).map((c) => ({ ...c, tickets: 0, outstandingFen: 0 }));
  const customers = new Map<string, ReceivablesSummary['customers'][number]>();
  for (const r of rows) {
    const column = columns[r.column]!;
    column.tickets += r.tickets;
    column.outstandingFen += r.outstandingFen;
    let c = customers.get(r.customerId);
    if (!c) {
      c = { customerId: r.customerId, customerName: r.customerName, tickets: 0, outstandingFen: 0, byAgeing: columns.map(() => 0) };
      customers.set(r.customerId, c);
    }
    c.tickets += r.tickets;
    c.outstandingFen += r.outstandingFen;
    c.byAgeing[r.column]! += r.outstandingFen;
  }
  return {
    day: localDate(now, org.timeZone),
    columns,
    totalFen: columns.reduce((s, c) => s + c.outstandingFen, 0),
    tickets: columns.reduce((s, c) => s + c.tickets, 0),
    customers: [...customers.values()].sort((a, b) => b.outstandingFen - a.outstandingFen || a.customerName.localeCompare(b.customerName)).slice(0, 500),
  };
}

/** Receivables as Excel, streamed: read a page, write its rows, read the next. */
export async function exportReceivables(deps: BillingDeps, actor: Actor, locale: Locale, query: Pick<ReceivablesQuery, 'customerId' | 'ageing' | 'chargedMonth'>): Promise<Readable> {
  const { org, now, bucketDays, filter } = await scope(deps, actor, query);
  const columns = ageingColumns(bucketDays);
  const label = (c: (typeof columns)[number]) =>
    c.toDays === null ? t(locale, 'receivables.ageingOlder', { from: c.fromDays - 1 }) : t(locale, 'receivables.ageingColumn', { from: c.fromDays, to: c.toDays });
  const pages = keysetPages(
    (after: Cursor | null, limit) => owed.owedPage(deps.db, actor.orgId, filter, after, limit),
    (last) => ({ at: last.chargedAt, ticketId: last.ticketId }),
    EXPORT_PAGE,
  );
  async function* rows() {
    for await (const page of pages) {
      yield page.map((r) => {
        const item = itemOf(r, now, org.timeZone, bucketDays);
        return {
          ticket: item.ticketNumber,
          customer: item.customerName,
          chargedAt: localDate(item.chargedAt, org.timeZone),
          charged: yuan(item.chargedFen),
          collected: yuan(item.collectedFen),
          outstanding: yuan(item.outstandingFen),
          days: item.days,
          ageing: label(columns[item.ageing]!),
        };
      });
    }
  }
  return streamSheet(
    t(locale, 'receivables.title'),
    [
      { header: t(locale, 'receivables.ticket'), key: 'ticket', width: 18 },
      { header: t(locale, 'receivables.customer'), key: 'customer', width: 28 },
      { header: t(locale, 'receivables.chargedAt'), key: 'chargedAt', width: 12 },
      { header: t(locale, 'receivables.charged'), key: 'charged', width: 12, money: true },
      { header: t(locale, 'receivables.collected'), key: 'collected', width: 12, money: true },
      { header: t(locale, 'receivables.outstanding'), key: 'outstanding', width: 12, money: true },
      { header: t(locale, 'receivables.days'), key: 'days', width: 8 },
      { header: t(locale, 'receivables.ageing'), key: 'ageing', width: 14 },
    ],
    rows(),
  );
}

/** An order's costs as Excel (M7), streamed the same way: by month of entry, status or ticket. */
export async function exportCosts(deps: BillingDeps, actor: Actor, locale: Locale, query: { status?: CostView['status'] | undefined; ticketId?: string | undefined; month?: string | undefined }): Promise<Readable> {
  const org = await deps.getOrganisation(actor.orgId);
  const range = query.month ? monthRange(query.month, org.timeZone) : {};
  const filter: repo.CostFilter = { status: query.status, ticketId: query.ticketId, ...range };
  const pages = keysetPages(
    (after: { at: Date; id: string } | null, limit) => repo.costsPage(deps.db, actor.orgId, filter, after, limit),
    (last) => ({ at: last.cost.enteredAt, id: last.cost.id }),
    EXPORT_PAGE,
  );
  async function* rows() {
    for await (const page of pages) {
      const names = await repo.namesOf(
        deps.db,
        actor.orgId,
        page.map((r) => r.cost.enteredBy),
      );
      yield page.map((r) => {
        const v = costView(r.cost, r.ticketNumber, names);
        return {
          ticket: v.ticketNumber,
          kind: t(locale, `enum.costKind.${v.kind}`),
          amount: yuan(v.amountFen),
          status: t(locale, `enum.costStatus.${v.status}`),
          enteredBy: v.enteredBy.name,
          enteredAt: localDate(v.enteredAt, org.timeZone),
          note: v.note ?? '',
          rejectReason: v.rejectReason ?? '',
        };
      });
    }
  }
  return streamSheet(
    t(locale, 'costs.title'),
    [
      { header: t(locale, 'costs.ticket'), key: 'ticket', width: 18 },
      { header: t(locale, 'costs.kind'), key: 'kind', width: 14 },
      { header: t(locale, 'costs.amount'), key: 'amount', width: 12, money: true },
      { header: t(locale, 'costs.status'), key: 'status', width: 10 },
      { header: t(locale, 'costs.enteredBy'), key: 'enteredBy', width: 14 },
      { header: t(locale, 'costs.enteredAt'), key: 'enteredAt', width: 12 },
      { header: t(locale, 'costs.note'), key: 'note', width: 30 },
      { header: t(locale, 'costs.rejectReason'), key: 'rejectReason', width: 24 },
    ],
    rows(),
  );
}
