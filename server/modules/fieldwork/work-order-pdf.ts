import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { AppError } from '../../errors';
import { formatYuan } from '../../../shared/money';

/** Everything a printed work order shows, gathered by the caller. */
export interface WorkOrderContent {
  organisation: string;
  number: string;
  status: string;
  type: string;
  reportedAt: string;
  completedAt: string | null;
  customer: { name: string; phones: string[]; address: string | null };
  asset: string | null;
  description: string;
  warranty: string;
  crew: { name: string; isLead: boolean }[];
  report: { faultFound: string; workDone: string; partsUsed: string | null; instructed: string[]; signerName: string } | null;
  /** The parts consumed on the job, with what the customer pays (E5), when the caller may see them. */
  parts?: { label: string; quantity: string; priceFen: number }[];
  partsPriceFen?: number;
  hours: { name: string; kind: string; minutes: number; status: string }[];
  signoffs: { party: string; signerName: string; signedAt: string; image: Buffer | null }[];
  missingParties: string[];
}

/**
 * A work order as a PDF, in Chinese (or English), with the signatures drawn or typed. The CJK
 * font is embedded: the file reads the same on any printer or phone.
 */
export function renderWorkOrder(content: WorkOrderContent, fontPath: string, locale: Locale): Promise<Buffer> {
  if (!existsSync(fontPath)) throw new AppError('SERVICE_UNAVAILABLE', { detail: 'errors.detail.pdfFontMissing', params: { path: fontPath } });
  const doc = new PDFDocument({ size: 'A4', margin: 48, info: { Title: `${t(locale, 'print.title')} ${content.number}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.registerFont('cjk', fontPath, 'WenQuanYiMicroHei');
  doc.font('cjk');
  const label = (list: string, value: string) => enumLabel(locale, list, value);
  const row = (name: string, value: string) => {
    doc.fontSize(10).fillColor('#666').text(`${name}：`, { continued: true }).fillColor('#000').text(value || '—');
  };
  const section = (title: string) => {
    doc.moveDown(0.6).fontSize(12).fillColor('#1668dc').text(title).moveDown(0.2).fillColor('#000');
  };

  doc.fontSize(18).text(content.organisation, { align: 'center' });
  doc.fontSize(14).text(t(locale, 'print.title'), { align: 'center' }).moveDown(0.5);
  row(t(locale, 'ticket.number'), content.number);
  row(t(locale, 'ticket.type'), label('ticketType', content.type));
  row(t(locale, 'ticket.status'), label('status', content.status));
  row(t(locale, 'ticket.reportedAt'), content.reportedAt);
  row(t(locale, 'ticket.completedAt'), content.completedAt ?? '');

  section(t(locale, 'print.customer'));
  row(t(locale, 'ticket.customer'), content.customer.name);
  row(t(locale, 'customer.phones'), content.customer.phones.join(t(locale, 'common.listSeparator')));
  row(t(locale, 'ticket.address'), content.customer.address ?? '');
  row(t(locale, 'ticket.asset'), content.asset ?? '');
  row(t(locale, 'ticket.warranty'), label('warranty', content.warranty));
  row(t(locale, 'ticket.description'), content.description);

  section(t(locale, 'print.work'));
  row(t(locale, 'ticket.crew'), content.crew.map((c) => (c.isLead ? `${c.name}（${t(locale, 'print.lead')}）` : c.name)).join(t(locale, 'common.listSeparator')));
  if (content.report) {
    row(t(locale, 'field.faultFound'), content.report.faultFound);
    row(t(locale, 'field.workDone'), content.report.workDone);
    row(t(locale, 'field.partsUsed'), content.report.partsUsed ?? '');
    row(t(locale, 'field.instructed'), content.report.instructed.map((i) => label('instruction', i)).join(t(locale, 'common.listSeparator')));
  }
  if (content.parts?.length) {
    section(t(locale, 'ticketParts.title'));
    for (const p of content.parts) doc.fontSize(10).text(`${p.label}  × ${p.quantity}  ${formatYuan(p.priceFen)}`);
    row(t(locale, 'ticketParts.priceTotal'), formatYuan(content.partsPriceFen ?? 0));
  }
  if (content.hours.length) {
    section(t(locale, 'print.hours'));
    for (const h of content.hours) {
      doc.fontSize(10).text(`${h.name}  ${label('timeEntryKind', h.kind)}  ${(h.minutes / 60).toFixed(2)} h  ${h.status === 'approved' ? t(locale, 'timesheet.approved') : t(locale, 'timesheet.draft')}`);
    }
  }

  section(t(locale, 'print.signatures'));
  for (const s of content.signoffs) {
    doc.fontSize(10).text(`${label('signoffParty', s.party)}：${s.signerName}    ${s.signedAt}`);
    if (s.image) {
      try {
        doc.image(s.image, { fit: [180, 60] });
      } catch {
        // An unreadable image still leaves the typed name on the page.
      }
    }
    doc.moveDown(0.3);
  }
  for (const party of content.missingParties) doc.fontSize(10).fillColor('#cf1322').text(`${label('signoffParty', party)}：${t(locale, 'print.notSigned')}`).fillColor('#000');
  doc.end();
  return done;
}
