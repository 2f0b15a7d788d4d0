import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/*
 * Excel downloads. `sendXlsx` is how every .xlsx route answers; `streamSheet` writes a sheet
 * while its rows are read, a keyset page at a time, and each row is committed as soon as it is
 * written, so memory stays flat and an export has no row cap.
 */

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends a workbook (bytes or a stream) as a download named `name`.xlsx. */
export function sendXlsx(reply: FastifyReply, name: string, body: Buffer | Readable) {
  return reply.type(XLSX).header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.xlsx`)}`).send(body);
}

/** Rows per read when exporting: big enough to keep queries few, small enough to keep memory flat. */
export const EXPORT_PAGE = 2000;

export interface SheetColumn {
  key: string;
  header: string;
  width?: number;
  /** Money in yuan with two decimals. */
  money?: boolean;
}

export type SheetRow = Record<string, string | number | null>;

/**
 * A one-sheet workbook streamed as it is written. `pages` yields rows a page at a time; the
 * sheet is finished when it ends. A failure while reading ends the stream with that error, so
 * the download breaks instead of looking complete.
 */
export function streamSheet(name: string, columns: SheetColumn[], pages: AsyncIterable<SheetRow[]>): Readable {
  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = book.addWorksheet(name.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 14, ...(c.money ? { style: { numFmt: '#,##0.00' } } : {}) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.commit();
  void (async () => {
    try {
      for await (const rows of pages) {
        for (const row of rows) sheet.addRow(row).commit();
      }
      sheet.commit();
      await book.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

/** Fen as yuan, two decimals. */
export const yuan = (fen: number) => Number((fen / 100).toFixed(2));
