import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { formatYuan } from '../../../shared/money';
import { AppError } from '../../errors';
import { drawTable } from '../../pdf-table';

/** Everything a printed charge sheet shows, gathered by the caller (`chargePrint`). */
export interface ChargePrint {
  organisation: string;
  ticketNumber: string;
  customer: string;
  product: string | null;
  chargedAt: string;
  basis: 'approved' | 'declined';
  lines: { no: number; kind: string; description: string; quantity: number; amountFen: number; rule: string }[];
  totalFen: number;
  signature: { signerName: string; signedAt: string; image: Buffer | null } | null;
}

/**
 * The charge sheet (收费单): the organisation, the ticket, each line with its cost and the rule
 * that priced it, the total, and the customer's signature from the delivery explanation (A6).
 */
export function renderChargeSheet(content: ChargePrint, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${t(locale, 'quotes.chargeSheet')} ${content.ticketNumber}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  doc.font('cjk');
  const money = (fen: number) => formatYuan(fen, locale);
  const row = (name: string, value: string | null) => {
    doc.fontSize(10).fillColor('#666').text(`${name}：`, { continued: true }).fillColor('#000').text(value || '—');
  };

  doc.fontSize(18).text(content.organisation, { align: 'center' });
  doc.fontSize(14).text(t(locale, 'quotes.chargeSheet'), { align: 'center' }).moveDown(0.5);
  row(t(locale, 'quotes.ticket'), content.ticketNumber);
  row(t(locale, 'quotes.customer'), content.customer);
  row(t(locale, 'quotes.product'), content.product);
  row(t(locale, 'quotes.chargedAt'), content.chargedAt);
  row(t(locale, 'quotes.basis'), t(locale, content.basis === 'approved' ? 'quotes.basisApproved' : 'quotes.basisDeclined'));

  doc.moveDown(0.6);
  const columns = [
    { title: '#', width: 28 },
    { title: t(locale, 'quotes.kind'), width: 60 },
    { title: t(locale, 'quotes.description'), width: 170 },
    { title: t(locale, 'quotes.quantity'), width: 50 },
    { title: t(locale, 'quotes.rule'), width: 100 },
    { title: t(locale, 'quotes.amount'), width: 90, align: 'right' as const },
  ];
  const left = doc.page.margins.left;
  drawTable(
    doc,
    columns,
    content.lines.map((l) => [String(l.no), enumLabel(locale, 'lineKind', l.kind), l.description, String(l.quantity), enumLabel(locale, 'quoteRule', l.rule), money(l.amountFen)]),
  );
  doc.moveDown(0.4).fontSize(12).fillColor('#000').text(`${t(locale, 'quotes.total')}：${money(content.totalFen)}`, left, doc.y, { align: 'right', width: columns.reduce((s, c) => s + c.width, 0) });

  doc.moveDown(1.5).fontSize(11);
  doc.text(t(locale, 'quotes.explainedSigned'), left, doc.y);
  if (content.signature) {
    if (content.signature.image) {
      try {
        doc.image(content.signature.image, { fit: [180, 60] });
      } catch {
        // An unreadable image still leaves the signer's name on the page.
      }
    }
    doc.text(`${content.signature.signerName}  ${content.signature.signedAt}`);
  } else {
    doc.text('______________________', left, doc.y + 20);
  }
  doc.end();
  return done;
}
