import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { formatYuan } from '../../../shared/money';
import { AppError } from '../../errors';
import type { ReceiptPrint } from './payments';

export type { ReceiptPrint };

/**
 * A payment's receipt (or a refund's voucher) as a PDF: the organisation, the ticket and its
 * customer, the payment with who received it, the ticket's charged lines where there are any,
 * what is still owed, and a line for the signature. CJK font (WenQuanYi) embedded.
 */
export function renderReceipt(content: ReceiptPrint, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const p = content.payment;
  const title = t(locale, p.refund ? 'receipt.refundTitle' : 'receipt.title');
  const doc = new PDFDocument({ size: 'A5', layout: 'landscape', margin: 36, info: { Title: `${title} ${content.ticketNumber}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  doc.font('cjk');
  const yuan = (fen: number) => formatYuan(fen, locale);
  const row = (name: string, value: string | null) => {
    doc.fontSize(10).fillColor('#666').text(`${name}：`, { continued: true }).fillColor('#000').text(value || '—');
  };

  doc.fontSize(16).text(content.organisation, { align: 'center' });
  doc.fontSize(13).text(title, { align: 'center' }).moveDown(0.5);
  row(t(locale, 'receipt.ticket'), content.ticketNumber);
  row(t(locale, 'receipt.customer'), content.customer);
  row(t(locale, 'payments.amount'), yuan(p.amountFen));
  row(t(locale, 'payments.method'), enumLabel(locale, 'paymentMethod', p.method));
  if (p.reference) row(t(locale, 'payments.reference'), p.reference);
  if (p.reason) row(t(locale, 'payments.reason'), p.reason);
  row(t(locale, 'payments.receivedAt'), p.receivedAt);
  row(t(locale, 'payments.receivedBy'), p.receivedBy);

  if (content.lines.length) {
    doc.moveDown(0.5).fontSize(11).fillColor('#1668dc').text(t(locale, 'receipt.lines')).fillColor('#000');
    for (const line of content.lines) doc.fontSize(9).text(`${line.description}    ${yuan(line.amountFen)}`);
  }
  doc.moveDown(0.5);
  row(t(locale, 'money.charged'), yuan(content.chargedFen));
  row(t(locale, 'money.collected'), yuan(content.collectedFen));
  row(t(locale, 'money.outstanding'), yuan(content.chargedFen - content.collectedFen));

  doc.moveDown(1.5).fontSize(11).text(`${t(locale, 'receipt.signature')}：______________________`);
  doc.end();
  return done;
}
