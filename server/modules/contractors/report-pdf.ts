import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { formatYuan } from '../../../shared/money';
import { AppError } from '../../errors';
import { drawTable } from '../../pdf-table';

/** What the printed monthly report shows (R9): the totals, the summary by trade and contractor, the group complaints. */
export interface MonthlyReportPrint {
  organisation: string;
  estate: string;
  month: string;
  totals: { tickets: number; onTime: number; late: number; pending: number; developerOwn: number; deductedFen: number };
  groups: { trade: string | null; contractor: string | null; tickets: number; onTime: number; late: number; pending: number; deductedFen: number }[];
  clusters: { building: string; trade: string; tickets: number }[];
}

/**
 * A project's monthly repair report as a PDF: its figures and the summary by trade and
 * contractor. The repair ledger of every ticket is the Excel export (a month may hold thousands).
 */
export function renderMonthlyReport(content: MonthlyReportPrint, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${t(locale, 'contractors.report.title')} ${content.estate} ${content.month}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  doc.font('cjk');
  const none = t(locale, 'contractors.report.developerOwn');
  doc.fontSize(18).text(content.organisation, { align: 'center' });
  doc.fontSize(14).text(`${t(locale, 'contractors.report.title')} · ${content.estate} · ${content.month}`, { align: 'center' }).moveDown(0.6);
  const c = content.totals;
  doc
    .fontSize(10)
    .text(
      [
        `${t(locale, 'contractors.report.tickets')} ${c.tickets}`,
        `${t(locale, 'contractors.report.onTime')} ${c.onTime}`,
        `${t(locale, 'contractors.report.late')} ${c.late}`,
        `${t(locale, 'contractors.report.pending')} ${c.pending}`,
        `${none} ${c.developerOwn}`,
        `${t(locale, 'contractors.report.deducted')} ${formatYuan(c.deductedFen, locale)}`,
      ].join('    '),
    )
    .moveDown(0.6);
  const columns = [
    { title: t(locale, 'contractors.trade'), width: 70 },
    { title: t(locale, 'contractors.responsible'), width: 150 },
    { title: t(locale, 'contractors.report.tickets'), width: 50 },
    { title: t(locale, 'contractors.report.onTime'), width: 55 },
    { title: t(locale, 'contractors.report.late'), width: 45 },
    { title: t(locale, 'contractors.report.pending'), width: 55 },
    { title: t(locale, 'contractors.report.deducted'), width: 75 },
  ];
  const left = doc.page.margins.left;
  drawTable(
    doc,
    columns,
    content.groups.map((g) => [g.trade ? enumLabel(locale, 'trade', g.trade) : '—', g.contractor ?? none, String(g.tickets), String(g.onTime), String(g.late), String(g.pending), formatYuan(g.deductedFen, locale)]),
  );
  if (content.clusters.length) {
    doc.moveDown(1).fillColor('#c00').fontSize(11).text(t(locale, 'contractors.report.clusters'), left);
    doc.fillColor('#000').fontSize(10);
    for (const cl of content.clusters) doc.text(`${cl.building} ${enumLabel(locale, 'trade', cl.trade)}：${cl.tickets}`, left);
  }
  doc.end();
  return done;
}
