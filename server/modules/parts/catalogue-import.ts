import ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import { v7 as uuidv7 } from 'uuid';
import { ASSET_KINDS, type AssetKind } from '../../../shared/domain';
import { t, type Locale, type MessageKey, type MessageParams } from '../../../shared/i18n';
import { IMPORT_COLUMNS, type ImportColumn, type ImportMode } from '../../../shared/contracts/parts-catalogue';
import { MAX_FEN } from '../../../shared/contracts/parts';
import { AppError } from '../../errors';
import { isUniqueViolation } from '../../db/errors';
import type { Actor } from '../identity';
import type { Upload } from '../files';
import type { PartsDeps } from './parts.deps';
import * as repo from './catalogue-import.repository';

/*
 * The catalogue in Excel, as people keep it: a template, a dry run that lists every bad row with
 * its line and reason before anything is written, then the import in one transaction with
 * progress; and the export. Columns are found by their header in either language.
 */

/** Rows one import takes at most (the 20,000-row catalogue measured in bench/parts-import.ts fits well). */
export const IMPORT_MAX_ROWS = 50_000;
/** Bad rows a report lists at most; the count says how many more. */
const REPORT_MAX_ERRORS = 1_000;
/** Rows written per statement; progress is reported after each. */
const BATCH = 1_000;
const LENGTHS: Partial<Record<ImportColumn, number>> = { number: 60, name: 200, category: 60, unit: 10, note: 500 };
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '有']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '无', '']);

export interface RowProblem {
  line: number;
  column: ImportColumn | null;
  code: string;
  message: MessageKey;
  params: MessageParams;
}

export interface ImportPlan {
  rows: repo.ImportPartRow[];
  creates: number;
  updates: number;
  mode: ImportMode;
  withKinds: boolean;
  problems: RowProblem[];
  rowCount: number;
}

const columnLabel = (locale: Locale, column: ImportColumn) => t(locale, `parts.import.column.${column}`);
const normaliseHeader = (text: string) => text.replace(/[*＊\s]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();

/** Every way a column's header may be written: its key and its label in each language. */
const HEADERS = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.flatMap(({ key }) => [key, columnLabel('zh-CN', key), columnLabel('en-US', key)].map((h) => [normaliseHeader(h), key] as const)),
);

const KIND_NAMES = new Map<string, AssetKind>(
  ASSET_KINDS.flatMap((kind) => [kind, t('zh-CN', `enum.assetKind.${kind}`), t('en-US', `enum.assetKind.${kind}`)].map((n) => [n.toLowerCase(), kind] as const)),
);

/** A cell's value as exceljs gives it (rich text, formulas, hyperlinks) reduced to what it shows. */
function plain(value: ExcelJS.CellValue): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return plain(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

const text = (v: string | number | boolean | null) => (v === null ? '' : String(v).trim());

/** A workbook larger than this is refused before it is read (a 20,000-row catalogue is about 1.5 MB). */
export const WORKBOOK_MAX_BYTES = 20 * 1024 * 1024;

/** Reads an uploaded workbook whole (the catalogue's, a count's), refusing one too large or not an Excel workbook by its bytes. */
export async function readWorkbookUpload(upload: Upload, maxBytes = WORKBOOK_MAX_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of upload.stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new AppError('FILE_TOO_LARGE');
    chunks.push(chunk as Buffer);
  }
  if (upload.stream.truncated) throw new AppError('FILE_TOO_LARGE');
  const bytes = Buffer.concat(chunks);
  if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', { detail: 'errors.detail.noFile' });
  const type = await fileTypeFromBuffer(bytes);
  if (type?.ext !== 'xlsx') throw new AppError('FILE_TYPE_NOT_ALLOWED', { detail: 'parts.import.file.notXlsx' });
  return bytes;
}

interface SheetRow {
  line: number;
  cells: Partial<Record<ImportColumn, string | number | boolean | null>>;
}

/** The first sheet of an uploaded workbook (the catalogue's, a count's), or 400 naming the file when ExcelJS cannot read it. */
export async function firstSheet(bytes: Buffer): Promise<ExcelJS.Worksheet | undefined> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', { detail: 'parts.import.file.unreadable', fields: [{ field: 'body.file', code: 'malformed', message: 'parts.import.file.unreadable' }], cause: error });
  }
  return book.worksheets[0];
}

async function readSheet(bytes: Buffer): Promise<{ columns: Set<ImportColumn>; rows: SheetRow[] }> {
  const sheet = await firstSheet(bytes);
  if (!sheet) throw new AppError('VALIDATION_FAILED', { detail: 'parts.import.file.empty', fields: [{ field: 'body.file', code: 'required', message: 'parts.import.file.empty' }] });
  const byIndex = new Map<number, ImportColumn>();
  sheet.getRow(1).eachCell((cell, index) => {
    const key = HEADERS.get(normaliseHeader(text(plain(cell.value))));
    if (key && ![...byIndex.values()].includes(key)) byIndex.set(index, key);
  });
  const columns = new Set(byIndex.values());
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.key)).map((c) => c.key);
  if (missing.length) {
    throw new AppError('VALIDATION_FAILED', {
      detail: 'parts.import.file.missingColumns',
      params: { columns: missing.map((c) => columnLabel('zh-CN', c)).join('、') },
      fields: [{ field: 'body.file', code: 'required', message: 'parts.import.file.missingColumns', params: { columns: missing.join(', ') } }],
    });
  }
  if (sheet.actualRowCount - 1 > IMPORT_MAX_ROWS) {
    const params = { max: IMPORT_MAX_ROWS, rows: sheet.actualRowCount - 1 };
    throw new AppError('VALIDATION_FAILED', { detail: 'parts.import.file.tooManyRows', params, fields: [{ field: 'body.file', code: 'too_big', message: 'parts.import.file.tooManyRows', params }] });
  }
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return;
    const cells: SheetRow['cells'] = {};
    let filled = false;
    for (const [index, key] of byIndex) {
      const value = plain(row.getCell(index).value);
      cells[key] = value;
      if (text(value) !== '') filled = true;
    }
    if (filled) rows.push({ line, cells });
  });
  if (rows.length === 0) throw new AppError('VALIDATION_FAILED', { detail: 'parts.import.file.empty', fields: [{ field: 'body.file', code: 'required', message: 'parts.import.file.empty' }] });
  return { columns, rows };
}

/** A price in yuan (a number, or text that is one) as fen; a problem's message key otherwise. */
function priceOf(value: string | number | boolean | null): { fen: number } | { problem: MessageKey; code: string } | null {
  let yuan: number;
  if (value === null || text(value) === '') return null;
  if (typeof value === 'number') yuan = value;
  else {
    const written = text(value).replace(/^[¥￥]/, '').replace(/,/g, '');
    if (!/^-?\d+(\.\d+)?$/.test(written)) return { problem: 'parts.import.row.notANumber', code: 'invalid_type' };
    yuan = Number(written);
  }
  if (!Number.isFinite(yuan)) return { problem: 'parts.import.row.notANumber', code: 'invalid_type' };
  if (yuan < 0) return { problem: 'parts.import.row.negative', code: 'too_small' };
  const fen = Math.round(yuan * 100);
  if (Math.abs(fen - yuan * 100) > 1e-6 * Math.max(1, yuan)) return { problem: 'parts.import.row.tooManyDecimals', code: 'invalid_format' };
  if (fen > MAX_FEN) return { problem: 'parts.import.row.tooLarge', code: 'too_big' };
  return { fen };
}

function flagOf(value: string | number | boolean | null): boolean | null | 'bad' {
  if (typeof value === 'boolean') return value;
  const written = text(value).toLowerCase();
  if (written === '') return null;
  if (YES.has(written)) return true;
  if (NO.has(written)) return false;
  return 'bad';
}

/**
 * The dry run: reads the workbook and checks every row against the file and the catalogue
 * (C4: the category must exist; a number may appear once; prices are non-negative numbers of
 * yuan with at most two decimals), collecting every problem. Writes nothing.
 */
export async function planImport(deps: PartsDeps, actor: Actor, bytes: Buffer, mode: ImportMode): Promise<ImportPlan> {
  const { columns, rows } = await readSheet(bytes);
  const org = await deps.getOrganisation(actor.orgId);
  const divisibleUnits = new Set(org.settings.parts.divisibleUnits);
  const categories = await repo.categoryIdsByName(deps.db, actor.orgId);
  const numbers = rows.map((r) => text(r.cells.number ?? null)).filter(Boolean);
  const existing = await repo.partsByNumber(deps.db, actor.orgId, [...new Set(numbers)]);
  const firstLine = new Map<string, number>();
  const problems: RowProblem[] = [];
  const out: repo.ImportPartRow[] = [];
  let creates = 0;
  let updates = 0;
  const now = deps.clock();

  for (const { line, cells } of rows) {
    const before = problems.length;
    const problem = (column: ImportColumn | null, message: MessageKey, code: string, params: MessageParams = {}) =>
      problems.push({ line, column, code, message, params: { ...(column ? { column: columnLabel('zh-CN', column) } : {}), ...params } });
    const strings: Partial<Record<ImportColumn, string>> = {};
    for (const { key, required } of IMPORT_COLUMNS) {
      if (!columns.has(key)) continue;
      const value = text(cells[key] ?? null);
      if (required && value === '') problem(key, 'parts.import.row.required', 'required');
      const max = LENGTHS[key];
      if (max && value.length > max) problem(key, 'parts.import.row.tooLong', 'too_big', { max });
      strings[key] = value;
    }
    const number = strings.number ?? '';
    if (number) {
      const first = firstLine.get(number);
      if (first !== undefined) problem('number', 'parts.import.row.duplicateInFile', 'duplicate', { value: number, other: first });
      else firstLine.set(number, line);
    }
    const current = number ? existing.get(number) : undefined;
    if (current && mode === 'create_only') problem('number', 'parts.import.row.numberExists', 'taken', { value: number });
    const categoryId = strings.category ? categories.get(strings.category) : undefined;
    if (strings.category && !categoryId) problem('category', 'parts.import.row.unknownCategory', 'not_found', { value: strings.category });

    const prices: Partial<Record<'costPrice' | 'retailPrice' | 'contractPrice', number | null>> = {};
    for (const column of ['costPrice', 'retailPrice', 'contractPrice'] as const) {
      if (!columns.has(column)) continue;
      const parsed = priceOf(cells[column] ?? null);
      if (parsed && 'problem' in parsed) problem(column, parsed.problem, parsed.code, { value: text(cells[column] ?? null).slice(0, 40) });
      else prices[column] = parsed?.fen ?? null;
    }
    const flags: Partial<Record<'divisible' | 'serialTracked' | 'discontinued', boolean | null>> = {};
    for (const column of ['divisible', 'serialTracked', 'discontinued'] as const) {
      if (!columns.has(column)) continue;
      const flag = flagOf(cells[column] ?? null);
      if (flag === 'bad') problem(column, 'parts.import.row.badFlag', 'invalid_value', { value: text(cells[column] ?? null).slice(0, 40) });
      else flags[column] = flag;
    }
    const divisible = flags.divisible ?? divisibleUnits.has(strings.unit ?? '');
    const serialTracked = flags.serialTracked ?? false;
    if (serialTracked && divisible) problem(flags.divisible ? 'divisible' : 'serialTracked', 'parts.import.row.serialDivisible', 'invalid');
    if (current && current.onHand > 0 && current.serialTracked !== serialTracked) problem('serialTracked', 'parts.import.row.serialTrackedInStock', 'invalid', { value: number });

    const kinds: AssetKind[] = [];
    for (const name of (strings.fitsKinds ?? '').split(/[,，、;；\s]+/).filter(Boolean)) {
      const kind = KIND_NAMES.get(name.toLowerCase());
      if (kind) kinds.push(kind);
      else problem('fitsKinds', 'parts.import.row.unknownKind', 'invalid_value', { value: name.slice(0, 40) });
    }

    if (problems.length > before) continue;
    if (current) updates += 1;
    else creates += 1;
    out.push({
      orgId: actor.orgId,
      id: current?.id ?? uuidv7(),
      number,
      name: strings.name!,
      categoryId: categoryId!,
      unit: strings.unit!,
      divisible,
      costPriceFen: prices.costPrice!,
      retailPriceFen: prices.retailPrice!,
      contractPriceFen: prices.contractPrice ?? null,
      serialTracked,
      discontinued: flags.discontinued ?? false,
      fitsKinds: [...new Set(kinds)],
      note: strings.note || null,
      createdAt: now,
      updatedAt: now,
    });
  }
  return { rows: out, creates, updates, mode, withKinds: columns.has('fitsKinds'), problems, rowCount: rows.length };
}

/** The dry run's report, in the reader's language. */
export function reportOf(plan: ImportPlan, locale: Locale) {
  return {
    rows: plan.rowCount,
    creates: plan.creates,
    updates: plan.updates,
    errors: plan.problems.slice(0, REPORT_MAX_ERRORS).map((p) => ({
      line: p.line,
      column: p.column,
      code: p.code,
      message: t(locale, p.message, { ...p.params, ...(p.column ? { column: columnLabel(locale, p.column) } : {}) }),
    })),
    errorsTruncated: plan.problems.length > REPORT_MAX_ERRORS,
  };
}

/** A plan with bad rows is refused whole: 400 naming each bad cell as `file.<line>.<column>`. */
export function assertClean(plan: ImportPlan): void {
  if (plan.problems.length === 0) return;
  throw new AppError('VALIDATION_FAILED', {
    detail: 'parts.import.file.badRows',
    params: { count: plan.problems.length },
    fields: plan.problems.slice(0, REPORT_MAX_ERRORS).map((p) => ({ field: `file.${p.line}.${p.column ?? 'row'}`, code: 'invalid', message: p.message, params: p.params })),
  });
}

/**
 * Writes a clean plan in one transaction, in batches, calling `progress` after each: either
 * every row is written or none. A number another user added since the dry run refuses the
 * whole import (create-only).
 */
export async function runImport(deps: PartsDeps, _actor: Actor, plan: ImportPlan, progress: (done: number, total: number) => void = () => {}) {
  assertClean(plan);
  const started = performance.now();
  const total = plan.rows.length;
  progress(0, total);
  try {
    await deps.db.transaction(async (tx) => {
      for (let i = 0; i < total; i += BATCH) {
        await repo.upsertParts(tx, plan.rows.slice(i, i + BATCH), { update: plan.mode === 'update_existing', withKinds: plan.withKinds });
        progress(Math.min(total, i + BATCH), total);
      }
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('ALREADY_EXISTS', { detail: 'parts.import.failed' });
    throw error;
  }
  return { created: plan.creates, updated: plan.updates, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}

function styleHeader(sheet: ExcelJS.Worksheet) {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The template to download: the header row (required columns marked *) and a sheet of notes. */
export async function importTemplate(deps: PartsDeps, actor: Actor, locale: Locale): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t(locale, 'parts.import.sheet'));
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: `${columnLabel(locale, c.key)}${c.required ? '*' : ''}`, key: c.key, width: c.key === 'name' || c.key === 'note' ? 28 : 16 }));
  styleHeader(sheet);
  const categories = [...(await repo.categoryIdsByName(deps.db, actor.orgId)).keys()].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const notes = book.addWorksheet(t(locale, 'parts.import.notesSheet'));
  notes.getColumn(1).width = 110;
  for (const line of [
    t(locale, 'parts.import.notes.required'),
    t(locale, 'parts.import.notes.prices'),
    t(locale, 'parts.import.notes.flags'),
    t(locale, 'parts.import.notes.categories', { categories: categories.join(locale === 'zh-CN' ? '、' : ', ') }),
    t(locale, 'parts.import.notes.kinds', { kinds: ASSET_KINDS.map((k) => t(locale, `enum.assetKind.${k}`)).join(locale === 'zh-CN' ? '、' : ', ') }),
  ]) {
    notes.addRow([line]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The catalogue as a workbook in the template's columns (so it imports again), with each part's stock total. */
export async function exportCatalogue(deps: PartsDeps, actor: Actor, locale: Locale, query: { categoryId?: string | undefined }): Promise<Buffer> {
  const rows = await repo.exportRows(deps.db, actor.orgId, query.categoryId);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(t(locale, 'parts.import.sheet'));
  sheet.columns = [
    ...IMPORT_COLUMNS.map((c) => ({ header: columnLabel(locale, c.key), key: c.key, width: c.key === 'name' || c.key === 'note' ? 28 : 14 })),
    { header: columnLabel(locale, 'stockTotal' as ImportColumn), key: 'stockTotal', width: 12 },
  ];
  styleHeader(sheet);
  const yes = locale === 'zh-CN' ? '是' : 'Y';
  const no = locale === 'zh-CN' ? '否' : 'N';
  for (const r of rows) {
    sheet.addRow({
      number: r.number,
      name: r.name,
      category: r.category,
      unit: r.unit,
      costPrice: r.costPriceFen / 100,
      retailPrice: r.retailPriceFen / 100,
      contractPrice: r.contractPriceFen === null ? null : r.contractPriceFen / 100,
      divisible: r.divisible ? yes : no,
      serialTracked: r.serialTracked ? yes : no,
      discontinued: r.discontinued ? yes : no,
      fitsKinds: r.fitsKinds.map((k) => t(locale, `enum.assetKind.${k as AssetKind}`)).join(locale === 'zh-CN' ? '、' : ', '),
      note: r.note,
      stockTotal: Number(r.stockTotal),
    });
  }
  for (const key of ['costPrice', 'retailPrice', 'contractPrice']) sheet.getColumn(key).numFmt = '0.00';
  return Buffer.from(await book.xlsx.writeBuffer());
}
