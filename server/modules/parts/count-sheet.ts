import type { ImportProblem } from '../../../shared/contracts/parts-counts';

/**
 * Reading a count sheet as people fill it in: a row per part with its number and the quantity
 * counted. Columns are found by their heading (the sheet this module exports has them); a
 * sheet without headings is read as number in A, counted in B. Pure: the service resolves the
 * numbers against the catalogue.
 */

export const NUMBER_HEADINGS = ['配件编号', '编号', '料号', 'part number', 'number', 'part no', 'part no.'];
export const COUNTED_HEADINGS = ['实盘数量', '实盘数', '盘点数量', 'counted', 'counted quantity', 'quantity'];

export interface SheetRow {
  /** The row's number in the file (1 is the first row), as the person sees it in Excel. */
  line: number;
  number: string;
  counted: number;
}

/** A cell as exceljs gives it, reduced to a number, a string or nothing. */
export function cellValue(cell: unknown): string | number | null {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string') return cell.trim() === '' ? null : cell.trim();
  if (typeof cell === 'boolean') return String(cell);
  if (cell instanceof Date) return cell.toISOString();
  if (typeof cell === 'object') {
    const o = cell as { result?: unknown; richText?: { text: string }[]; text?: unknown };
    if ('result' in o) return cellValue(o.result);
    if (Array.isArray(o.richText)) return cellValue(o.richText.map((r) => r.text).join(''));
    if (typeof o.text === 'string') return cellValue(o.text);
  }
  return String(cell as string);
}

const norm = (v: string | number | null) => (v === null ? '' : String(v).trim().toLowerCase());

/** Rows of cells (row 1 first) → the rows to count, and every row that cannot be read, with why. */
export function readCountSheet(cells: readonly (readonly unknown[])[]): { rows: SheetRow[]; problems: ImportProblem[] } {
  const values = cells.map((row) => row.map(cellValue));
  const header = values[0] ?? [];
  let numberCol = header.findIndex((v) => NUMBER_HEADINGS.includes(norm(v)));
  let countedCol = header.findIndex((v) => COUNTED_HEADINGS.includes(norm(v)));
  let first = 1;
  if (numberCol < 0 || countedCol < 0) {
    numberCol = 0;
    countedCol = 1;
    // No headings: the first row is data unless its quantity is not a number (a heading we do not know).
    first = typeof header[1] === 'number' || (typeof header[1] === 'string' && isNumeric(header[1])) ? 0 : 1;
  }
  const rows: SheetRow[] = [];
  const problems: ImportProblem[] = [];
  const seen = new Map<string, number>();
  for (let i = first; i < values.length; i++) {
    const line = i + 1;
    const row = values[i] ?? [];
    const number = row[numberCol];
    const counted = row[countedCol];
    if ((number === null || number === undefined) && (counted === null || counted === undefined)) continue;
    if (number === null || number === undefined) {
      problems.push({ line, message: 'parts.counts.import.noNumber' });
      continue;
    }
    const partNumber = String(number).trim();
    if (counted === null || counted === undefined) {
      problems.push({ line, message: 'parts.counts.import.noCount', params: { number: partNumber } });
      continue;
    }
    const quantity = typeof counted === 'number' ? counted : isNumeric(counted) ? Number(counted) : NaN;
    if (Number.isNaN(quantity)) {
      problems.push({ line, message: 'parts.counts.import.notANumber', params: { number: partNumber, value: String(counted).slice(0, 40) } });
      continue;
    }
    if (quantity < 0) {
      problems.push({ line, message: 'parts.counts.import.negative', params: { number: partNumber } });
      continue;
    }
    if (Math.abs(Math.round(quantity * 1000) - quantity * 1000) > 1e-6 || quantity > 10_000_000) {
      problems.push({ line, message: 'parts.counts.import.tooPrecise', params: { number: partNumber } });
      continue;
    }
    const earlier = seen.get(partNumber);
    if (earlier !== undefined) {
      problems.push({ line, message: 'parts.counts.import.duplicate', params: { number: partNumber, line: earlier } });
      continue;
    }
    seen.set(partNumber, line);
    rows.push({ line, number: partNumber, counted: Number(quantity.toFixed(3)) });
  }
  return { rows, problems };
}

function isNumeric(s: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(s.trim());
}
