import { parentPort } from 'node:worker_threads';
import type { Locale } from '../shared/i18n';
import { AppError } from './errors';
// The worker thread loads the renderer alone, not the fieldwork module's services and routes.
// eslint-disable-next-line no-restricted-imports
import { renderWorkOrder, type WorkOrderContent } from './modules/fieldwork/work-order-pdf';
// eslint-disable-next-line no-restricted-imports
import { renderRequisition, type RequisitionPrint } from './modules/parts/requisition-pdf';
// eslint-disable-next-line no-restricted-imports
import { renderChargeSheet, type ChargePrint } from './modules/billing/charge-pdf';
// eslint-disable-next-line no-restricted-imports
import { renderReceipt, type ReceiptPrint } from './modules/billing/payments-receipt-pdf';
// eslint-disable-next-line no-restricted-imports
import { renderStatement, type StatementPrint } from './modules/contractors/statement-pdf';
// eslint-disable-next-line no-restricted-imports
import { renderMonthlyReport, type MonthlyReportPrint } from './modules/contractors/report-pdf';
// eslint-disable-next-line no-restricted-imports
import { renderPaySlip, type PaySlipPrint } from './modules/pay/pay-slip-pdf';
// eslint-disable-next-line no-restricted-imports
import { renderLabelSheet, type LabelSheetPrint } from './modules/selfservice/labels-pdf';

/**
 * A worker thread of the PDF pool (`pdf-pool.ts`): renders work orders, one at a time, so
 * that PDFKit's seconds of synchronous layout never hold up the thread that answers requests.
 */
/**
 * What to render: a work order, a requisition (H7), a charge sheet or a payment receipt, a
 * contractor's quarterly statement or a project's monthly report (R9), a pay slip, with the font and the language.
 */
export type PdfDocument = {
  fontPath: string;
  locale: Locale;
} & (
  | { content: WorkOrderContent }
  | { requisition: RequisitionPrint }
  | { charge: ChargePrint }
  | { receipt: ReceiptPrint }
  | { statement: StatementPrint }
  | { monthlyReport: MonthlyReportPrint }
  | { paySlip: PaySlipPrint }
  | { labels: LabelSheetPrint }
);

export type PdfRequest = PdfDocument & { id: number };

export type PdfReply =
  | { id: number; ok: true; pdf: Uint8Array }
  | { id: number; ok: false; error: { code?: string; detail?: string; params?: Record<string, string | number>; message: string } };

parentPort?.on('message', async (request: PdfRequest) => {
  let reply: PdfReply;
  try {
    let pdf: Buffer;
    if ('requisition' in request) pdf = await renderRequisition(request.requisition, request.fontPath, request.locale);
    else if ('charge' in request) {
      const signature = request.charge.signature;
      pdf = await renderChargeSheet({ ...request.charge, signature: signature ? { ...signature, image: signature.image ? Buffer.from(signature.image) : null } : null }, request.fontPath, request.locale);
    }
    else if ('receipt' in request) pdf = await renderReceipt(request.receipt, request.fontPath, request.locale);
    else if ('statement' in request) pdf = await renderStatement(request.statement, request.fontPath, request.locale);
    else if ('monthlyReport' in request) pdf = await renderMonthlyReport(request.monthlyReport, request.fontPath, request.locale);
    else if ('paySlip' in request) pdf = await renderPaySlip(request.paySlip, request.fontPath, request.locale);
    else if ('labels' in request) pdf = await renderLabelSheet(request.labels, request.fontPath, request.locale);
    else {
      // Structured cloning turns Buffers into plain Uint8Arrays; PDFKit wants Buffers.
      const content: WorkOrderContent = {
        ...request.content,
        signoffs: request.content.signoffs.map((s) => ({ ...s, image: s.image ? Buffer.from(s.image) : null })),
      };
      pdf = await renderWorkOrder(content, request.fontPath, request.locale);
    }
    reply = { id: request.id, ok: true, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
  } catch (error) {
    reply =
      error instanceof AppError
        ? { id: request.id, ok: false, error: { code: error.code, ...(error.detail ? { detail: error.detail } : {}), ...(error.params ? { params: error.params } : {}), message: error.message } }
        : { id: request.id, ok: false, error: { message: error instanceof Error ? error.message : String(error) } };
  }
  parentPort!.postMessage(reply);
});
