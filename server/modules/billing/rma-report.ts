import ExcelJS from 'exceljs';
import type { RmaReport } from '../../../shared/contracts/billing-rma';
import { t, type Locale } from '../../../shared/i18n';
import { addMonths, localInstant } from '../../../shared/time';
import type { Actor } from '../identity';
import type { BillingDeps } from './billing.deps';
import { batchOf, reportRow } from './doa';
import * as repo from './rma.repository';

/**
 * C5, the month's mail-in repairs: units received in the organisation's month (its time zone),
 * the repair success rate, and the DOA count and rate per product and per batch (lot number or
 * serial range). Rates are basis points.
 */
export async function rmaMonthlyReport(deps: BillingDeps, actor: Actor, month: string): Promise<RmaReport> {
  const org = await deps.getOrganisation(actor.orgId);
  const first = `${month}-01`;
  const from = new Date(localInstant(first, 0, org.timeZone));
  const to = new Date(localInstant(addMonths(first, 1), 0, org.timeZone));
  const units = await repo.receivedBetween(deps.db, actor.orgId, from, to);

  const byProduct = new Map<string, typeof units>();
  const byBatch = new Map<string, typeof units>();
  for (const unit of units) {
    const product = unit.productId ?? `name:${unit.productName ?? ''}`;
    byProduct.set(product, [...(byProduct.get(product) ?? []), unit]);
    const batch = `${product}|${batchOf(unit) ?? ''}`;
    byBatch.set(batch, [...(byBatch.get(batch) ?? []), unit]);
  }
  const name = (u: (typeof units)[number]) => ({ productId: u.productId, productName: u.productName });
  return {
    month,
    timeZone: org.timeZone,
    total: reportRow(units),
    byProduct: [...byProduct.values()]
      .map((group) => ({ ...name(group[0]!), ...reportRow(group) }))
      .sort((a, b) => b.received - a.received || (a.productName ?? '').localeCompare(b.productName ?? '')),
    byBatch: [...byBatch.values()]
      .map((group) => ({ ...name(group[0]!), batch: batchOf(group[0]!), ...reportRow(group) }))
      .sort((a, b) => (a.productName ?? '').localeCompare(b.productName ?? '') || (a.batch ?? '').localeCompare(b.batch ?? '')),
  };
}

const percent = (bp: number | null) => (bp === null ? null : bp / 100);

/** The report as an Excel workbook: one sheet per product, one per batch. */
export async function rmaReportWorkbook(report: RmaReport, locale: Locale): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const figures = ['billing.rma.report.received', 'billing.rma.report.decided', 'billing.rma.report.succeeded', 'billing.rma.report.successRate', 'billing.rma.report.doa', 'billing.rma.report.doaRate'] as const;
  const values = (r: RmaReport['total']) => [r.received, r.decided, r.succeeded, percent(r.repairSuccessBp), r.doa, percent(r.doaRateBp)];
  const sheet = (title: string, headings: string[], rows: (string | number | null)[][]) => {
    const s = book.addWorksheet(title.slice(0, 31));
    s.addRow(headings).font = { bold: true };
    for (const row of rows) s.addRow(row);
    s.columns.forEach((c) => {
      c.width = 16;
    });
  };
  const heads = figures.map((k) => t(locale, k));
  sheet(
    t(locale, 'billing.rma.report.byProduct'),
    [t(locale, 'billing.rma.report.product'), ...heads],
    [...report.byProduct.map((r) => [r.productName ?? '', ...values(r)]), [t(locale, 'billing.rma.report.total'), ...values(report.total)]],
  );
  sheet(
    t(locale, 'billing.rma.report.byBatch'),
    [t(locale, 'billing.rma.report.product'), t(locale, 'billing.rma.report.batch'), ...heads],
    report.byBatch.map((r) => [r.productName ?? '', r.batch ?? '', ...values(r)]),
  );
  return Buffer.from(await book.xlsx.writeBuffer());
}
