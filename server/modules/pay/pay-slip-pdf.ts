import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { t, type Locale } from '../../../shared/i18n';
import { formatYuan } from '../../../shared/money';
import { AppError } from '../../errors';
import { drawTable } from '../../pdf-table';

/** Everything a printed pay slip shows, gathered by the caller (`slipPrint`). */
export interface PaySlipPrint {
  organisation: string;
  month: string;
  name: string;
  grade: string;
  status: string;
  locked: boolean;
  lockedAt: string | null;
  totalFen: number;
  lines: { kind: string; rule: string; source: string; amountFen: number; explanation: string }[];
}

/** A technician's pay slip for a month: every line with its rule, source and explanation, and the total. */
export function renderPaySlip(content: PaySlipPrint, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const title = t(locale, 'pay.slip.title', { month: content.month });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${content.name} ${title}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  doc.font('cjk');
  doc.fontSize(18).text(content.organisation, { align: 'center' });
  doc.fontSize(14).text(title, { align: 'center' }).moveDown(0.5);
  doc.fontSize(10).text(t(locale, 'pay.slip.person', { name: content.name, grade: content.grade, status: content.status }));
  doc.fillColor('#666').text(content.locked && content.lockedAt ? t(locale, 'pay.slip.lockedAt', { lockedAt: content.lockedAt }) : t(locale, 'pay.slip.draft')).fillColor('#000');
  doc.moveDown(0.6);
  drawTable(
    doc,
    [
      { title: t(locale, 'pay.slip.item'), width: 80 },
      { title: t(locale, 'pay.slip.rule'), width: 36 },
      { title: t(locale, 'pay.slip.source'), width: 110 },
      { title: t(locale, 'pay.slip.amount'), width: 70, align: 'right' },
      { title: t(locale, 'pay.export.explanation'), width: 203 },
    ],
    content.lines.map((l) => [l.kind, l.rule, l.source || '—', formatYuan(l.amountFen, locale), l.explanation]),
  );
  doc.moveDown(1).fontSize(12).text(`${t(locale, 'pay.slip.total')}：${formatYuan(content.totalFen, locale)}`, { align: 'right' });
  doc.end();
  return done;
}
