import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { formatYuan } from '../../../shared/money';
import { AppError } from '../../errors';
import { drawTable } from '../../pdf-table';

/** Everything a printed quarterly statement (R9) shows, gathered by the caller. */
export interface StatementPrint {
  organisation: string;
  contractor: string;
  quarter: string;
  fromOn: string;
  toOn: string;
  status: string;
  totalFen: number;
  issuedAt: string;
  lines: { rule: string; ticket: string | null; costBasisFen: number | null; rateBp: number | null; amountFen: number; status: string; disputeReason: string | null; answer: string | null }[];
}

/**
 * The quarter's written statement of deductions as a PDF: every line with its ticket, rule, cost
 * basis, rate and amount, what became of it, the total, and lines for both parties to sign.
 */
export function renderStatement(content: StatementPrint, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${t(locale, 'contractors.statements')} ${content.quarter}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  doc.font('cjk');
  const yuan = (fen: number | null) => (fen === null ? '—' : formatYuan(fen, locale));
  const row = (name: string, value: string) => doc.fontSize(10).fillColor('#666').text(`${name}：`, { continued: true }).fillColor('#000').text(value || '—');

  doc.fontSize(18).text(content.organisation, { align: 'center' });
  doc.fontSize(14).text(t(locale, 'contractors.statements'), { align: 'center' }).moveDown(0.5);
  row(t(locale, 'contractors.responsible'), content.contractor);
  row(t(locale, 'contractors.statement.quarter'), `${content.quarter}（${content.fromOn} – ${content.toOn}）`);
  row(t(locale, 'contractors.report.status'), enumLabel(locale, 'statementStatus', content.status));
  row(t(locale, 'contractors.statement.total'), yuan(content.totalFen));
  doc.moveDown(0.6);

  const columns = [
    { title: t(locale, 'contractors.rule'), width: 110 },
    { title: t(locale, 'contractors.ticket'), width: 110 },
    { title: t(locale, 'contractors.costBasis'), width: 70 },
    { title: t(locale, 'contractors.rate'), width: 45 },
    { title: t(locale, 'contractors.amount'), width: 70 },
    { title: t(locale, 'contractors.report.status'), width: 95 },
  ];
  const left = doc.page.margins.left;
  drawTable(
    doc,
    columns,
    content.lines.map((l) => {
      const status = [enumLabel(locale, 'statementLineStatus', l.status), l.disputeReason, l.answer].filter(Boolean).join('\n');
      return [enumLabel(locale, 'ledgerRule', l.rule), l.ticket ?? '—', yuan(l.costBasisFen), l.rateBp === null ? '—' : `${l.rateBp / 100}%`, yuan(l.amountFen), status];
    }),
  );

  doc.moveDown(2).fillColor('#000').fontSize(11);
  const y = doc.y;
  doc.text(`${content.organisation}：`, left, y, { width: 220 });
  doc.text('______________________', left, y + 28, { width: 220 });
  doc.text(`${content.contractor}：`, left + 260, y, { width: 220 });
  doc.text('______________________', left + 260, y + 28, { width: 220 });
  doc.end();
  return done;
}
