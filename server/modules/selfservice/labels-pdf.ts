import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { t, type Locale } from '../../../shared/i18n';
import { AppError } from '../../errors';

/** Everything a sheet of asset labels shows, gathered by the caller (`labelPrint`). */
export interface LabelSheetPrint {
  organisation: string;
  hotline: string;
  perSheet: number;
  labels: { url: string; product: string; serialMasked: string }[];
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 24;

/** Columns for a number of labels per sheet: one for one or two, two up to eight, three from nine. */
export const columnsFor = (perSheet: number) => (perSheet <= 2 ? 1 : perSheet <= 8 ? 2 : 3);

/** A4 sheets of QR labels, `perSheet` to a sheet, with cut lines: the QR code, organisation, product, masked serial, hotline. */
export async function renderLabelSheet(content: LabelSheetPrint, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, info: { Title: t(locale, 'selfservice.label.title') } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  const perSheet = Math.max(1, content.perSheet);
  const cols = columnsFor(perSheet);
  const rows = Math.ceil(perSheet / cols);
  const cellW = (A4.width - 2 * MARGIN) / cols;
  const cellH = (A4.height - 2 * MARGIN) / rows;
  const pad = 8;
  const qrSize = Math.max(40, Math.min(cellH - 2 * pad, cellW * 0.45));
  const textW = cellW - qrSize - 3 * pad;
  const fontSize = Math.max(6, Math.min(11, cellH / 9));
  for (const [i, label] of content.labels.entries()) {
    const slot = i % perSheet;
    if (slot === 0) doc.addPage({ size: 'A4', margin: 0 }).font('cjk');
    const x = MARGIN + (slot % cols) * cellW;
    const y = MARGIN + Math.floor(slot / cols) * cellH;
    doc.save().lineWidth(0.5).dash(3, { space: 3 }).strokeColor('#999').rect(x, y, cellW, cellH).stroke().undash().restore();
    const png = await QRCode.toBuffer(label.url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: Math.round(qrSize * 3) });
    doc.image(png, x + pad, y + (cellH - qrSize) / 2, { width: qrSize, height: qrSize });
    const tx = x + qrSize + 2 * pad;
    let ty = y + pad;
    const line = (text: string, size: number, color = '#000') => {
      if (!text) return;
      doc.fontSize(size).fillColor(color);
      const h = doc.heightOfString(text, { width: textW });
      if (ty + h > y + cellH - pad) return;
      doc.text(text, tx, ty, { width: textW });
      ty += h + 2;
    };
    line(content.organisation, fontSize + 1);
    line(label.product, fontSize);
    line(t(locale, 'selfservice.label.serial', { serial: label.serialMasked || '—' }), fontSize - 1, '#333');
    if (content.hotline) line(t(locale, 'selfservice.label.hotline', { hotline: content.hotline }), fontSize, '#000');
    line(t(locale, 'selfservice.label.scan'), fontSize - 1, '#555');
  }
  if (!content.labels.length) doc.addPage({ size: 'A4', margin: 0 });
  doc.end();
  return done;
}
