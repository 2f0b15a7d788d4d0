import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { AppError } from '../../errors';
import { drawTable } from '../../pdf-table';

/** Everything a printed requisition (领料单, H7) shows, gathered by the caller. */
export interface RequisitionPrint {
  organisation: string;
  number: string;
  status: string;
  forDay: string;
  technician: string;
  from: string | null;
  to: string;
  requestedAt: string;
  issuedAt: string | null;
  issuedBy: string | null;
  note: string | null;
  decisionNote: string | null;
  lines: { part: string; unit: string; ticket: string | null; requested: number; issued: number | null; serials: string[] }[];
}

/**
 * A requisition as a PDF: its lines, what was asked and what was issued, and two lines for the
 * signatures of the one who issues and the one who receives (H7: both sign). CJK font embedded.
 */
export function renderRequisition(content: RequisitionPrint, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${t(locale, 'requisitions.title')} ${content.number}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  doc.font('cjk');
  const row = (name: string, value: string | null) => {
    doc.fontSize(10).fillColor('#666').text(`${name}：`, { continued: true }).fillColor('#000').text(value || '—');
  };

  doc.fontSize(18).text(content.organisation, { align: 'center' });
  doc.fontSize(14).text(t(locale, 'requisitions.title'), { align: 'center' }).moveDown(0.5);
  row(t(locale, 'print.requisitionNumber'), content.number);
  row(t(locale, 'ticketParts.status'), enumLabel(locale, 'requisitionStatus', content.status));
  row(t(locale, 'requisitions.technician'), content.technician);
  row(t(locale, 'requisitions.forDay'), content.forDay);
  row(t(locale, 'requisitions.from'), content.from);
  row(t(locale, 'requisitions.to'), content.to);
  row(t(locale, 'print.requestedAt'), content.requestedAt);
  row(t(locale, 'print.issuedAt'), content.issuedAt);
  if (content.note) row(t(locale, 'requisitions.note'), content.note);
  if (content.decisionNote) row(t(locale, 'print.decisionNote'), content.decisionNote);

  doc.moveDown(0.6);
  const columns = [
    { title: t(locale, 'ticketParts.part'), width: 190 },
    { title: t(locale, 'requisitions.ticket'), width: 110 },
    { title: t(locale, 'requisitions.requested'), width: 60 },
    { title: t(locale, 'print.issuedQuantity'), width: 60 },
    { title: t(locale, 'ticketParts.serial'), width: 80 },
  ];
  const left = doc.page.margins.left;
  drawTable(
    doc,
    columns,
    content.lines.map((l) => [l.part, l.ticket ?? '—', `${l.requested}${l.unit}`, l.issued === null ? '—' : `${l.issued}${l.unit}`, l.serials.join(', ') || '—']),
  );

  doc.moveDown(2).fillColor('#000').fontSize(11);
  const y = doc.y;
  doc.text(`${t(locale, 'requisitions.signIssuer')}：${content.issuedBy ?? ''}`, left, y, { width: 220 });
  doc.text('______________________', left, y + 28, { width: 220 });
  doc.text(`${t(locale, 'requisitions.signReceiver')}：${content.technician}`, left + 260, y, { width: 220 });
  doc.text('______________________', left + 260, y + 28, { width: 220 });
  doc.end();
  return done;
}
