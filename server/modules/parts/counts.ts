import ExcelJS from 'exceljs';
import { v7 as uuidv7 } from 'uuid';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import type {
  CountImportResult,
  CountLineBody,
  CountLineView,
  CountSummary,
  CountView,
  CreateCountBody,
  ImportProblem,
  PostCountResult,
} from '../../../shared/contracts/parts-counts';
import type { CountStatus } from '../../../shared/contracts/parts';
import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import { checkWhole, postAdjustments } from './ledger';
import * as bulk from './ledger-bulk.repository';
import { requireLocations } from './locations';
import { documentNumber } from './movements';
import { quantityFen } from '../../../shared/money';
import { readCountSheet } from './count-sheet';
import { firstSheet, IMPORT_MAX_ROWS } from './catalogue-import';
import * as repo from './counts.repository';

/**
 * Stock counts (盘点). A sheet is made for a location with a line per part on hand there,
 * expecting what the balance says at that moment. Counts are entered one line at a time (a
 * phone, by part number or scan) or from an Excel sheet; posting turns the differences into
 * 'adjust' ledger lines in one transaction, once.
 *
 * Stock keeps moving while people count. A count is what was on the shelf when that line was
 * counted, so posting compares it with the ledger at that line's `countedAt` (the sum of the
 * part's ledger lines at the location up to then), not with the sheet's first figure nor with
 * the balance at posting: an issue made after the line was counted stays an issue, and one
 * made between making the sheet and counting is already in what was on the shelf. That figure
 * is written back as the line's `expected`, so the posted sheet shows what was compared.
 */

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const num = (v: string | number) => Number(v);
const round3 = (n: number) => Number(n.toFixed(3));

function summaryOf(r: repo.CountSummaryRow): CountSummary {
  return {
    id: r.id,
    number: r.number,
    locationId: r.location_id,
    locationName: r.location_name,
    status: r.status,
    note: r.note,
    createdAt: iso(r.created_at)!,
    createdByName: r.created_by_name ?? '',
    postedAt: iso(r.posted_at),
    postedByName: r.posted_by_name,
    lines: num(r.lines),
    counted: num(r.counted),
    differences: num(r.differences),
    differenceValueFen: Math.round(num(r.difference_value_fen ?? 0)),
    version: r.version,
  };
}

export async function createCount(deps: PartsDeps, actor: Actor, body: CreateCountBody): Promise<CountSummary> {
  const [location] = await requireLocations(deps, actor, [{ id: body.locationId, field: 'body.locationId' }]);
  const at = deps.clock();
  const id = uuidv7();
  await deps.db.transaction(async (tx) => {
    await repo.insertCount(tx, {
      orgId: actor.orgId,
      id,
      number: await documentNumber(deps, tx, actor, 'PD', at),
      locationId: location!.id,
      status: 'open',
      createdBy: actor.userId,
      createdAt: at,
      note: body.note ?? null,
    });
    await repo.insertLinesFromBalances(tx, actor.orgId, id, location!.id);
  });
  return getSummary(deps, actor, id);
}

export async function listCounts(deps: PartsDeps, actor: Actor, query: { locationId?: string | undefined; status?: CountStatus | undefined }): Promise<CountSummary[]> {
  return (await repo.listCounts(deps.db, actor.orgId, query)).map(summaryOf);
}

async function getSummary(deps: PartsDeps, actor: Actor, id: string): Promise<CountSummary> {
  const [row] = await repo.listCounts(deps.db, actor.orgId, { id });
  if (!row) throw notFound('parts.counts.unknown');
  return summaryOf(row);
}

export async function getCount(
  deps: PartsDeps,
  actor: Actor,
  id: string,
  query: { q?: string | undefined; show: 'all' | 'uncounted' | 'differences'; page: number; pageSize: number },
): Promise<CountView> {
  const summary = await getSummary(deps, actor, id);
  const { items, total } = await repo.countLines(deps.db, actor.orgId, id, { q: query.q, show: query.show, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { ...summary, items: items.map(lineView), total, page: query.page, pageSize: query.pageSize };
}

function lineView(l: repo.CountLineRow): CountLineView {
  const expected = num(l.expected);
  const counted = l.counted === null ? null : num(l.counted);
  return {
    partId: l.part_id,
    partNumber: l.part_number,
    partName: l.part_name,
    unit: l.unit,
    serialTracked: l.serial_tracked,
    costPriceFen: l.cost_price_fen,
    expected,
    counted,
    difference: counted === null ? null : round3(counted - expected),
    countedByName: l.counted_by_name,
    countedAt: iso(l.counted_at),
  };
}

async function requireOpen(deps: PartsDeps, actor: Actor, id: string) {
  const count = await repo.findCount(deps.db, actor.orgId, id);
  if (!count) throw notFound('parts.counts.unknown');
  if (count.status === 'posted') throw new AppError('ALREADY_POSTED', { detail: 'parts.counts.posted' });
  if (count.status !== 'open') throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'parts.counts.notOpen' });
  return count;
}

/** One counted line from a phone: the part by id or number, the quantity on the shelf. */
export async function enterCount(deps: PartsDeps, actor: Actor, id: string, body: CountLineBody): Promise<CountLineView> {
  const count = await requireOpen(deps, actor, id);
  const [part] = body.partId ? await repo.partsByIds(deps.db, actor.orgId, [body.partId]) : await repo.partsByNumber(deps.db, actor.orgId, [body.partNumber!]);
  if (!part) throw invalidReference(body.partId ? 'body.partId' : 'body.partNumber', 'parts.errors.unknownPart');
  checkWhole(part, body.counted, 'body.counted');
  const at = deps.clock();
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockCount(tx, actor.orgId, id);
    if (locked?.status !== 'open') throw new AppError('ALREADY_POSTED', { detail: 'parts.counts.posted' });
    await repo.setCounted(tx, actor.orgId, id, count.locationId, [{ partId: part.id, counted: body.counted }], actor.userId, at);
  });
  const { items } = await repo.countLines(deps.db, actor.orgId, id, { partId: part.id, show: 'all', limit: 1, offset: 0 });
  return lineView(items[0]!);
}

/** The sheet's rows as Excel cells, row 1 first; a sheet of more rows than a catalogue import takes is refused. */
async function sheetCells(bytes: Buffer): Promise<unknown[][]> {
  const sheet = await firstSheet(bytes);
  if (sheet && sheet.actualRowCount - 1 > IMPORT_MAX_ROWS) {
    throw fieldError('body.file', 'parts.import.file.tooManyRows', { code: 'too_big', params: { max: IMPORT_MAX_ROWS, rows: sheet.actualRowCount - 1 } });
  }
  const rows: unknown[][] = [];
  sheet?.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = (row.values as unknown[]).slice(1);
  });
  return Array.from(rows, (r) => r ?? []);
}

/**
 * Counted quantities from an Excel sheet (part number, counted quantity). Every row is checked
 * first: a bad one (unknown part, text where a number goes, a negative or a fraction of a whole
 * unit, the same part twice) is listed with its line and reason, and then nothing is written.
 * With `dryRun` only the list is answered.
 */
export async function importCounts(deps: PartsDeps, actor: Actor, id: string, bytes: Buffer, dryRun: boolean): Promise<CountImportResult> {
  const count = await requireOpen(deps, actor, id);
  const { rows, problems } = readCountSheet(await sheetCells(bytes));
  const read = rows.length + problems.length;
  const found = new Map((await repo.partsByNumber(deps.db, actor.orgId, rows.map((r) => r.number))).map((p) => [p.number, p]));
  const counts: { partId: string; counted: number }[] = [];
  for (const row of rows) {
    const part = found.get(row.number);
    if (!part) problems.push({ line: row.line, message: 'parts.counts.import.unknownPart', params: { number: row.number } });
    else if (!part.divisible && !Number.isInteger(row.counted)) problems.push({ line: row.line, message: 'parts.counts.import.wholeUnit', params: { number: row.number, unit: part.unit } });
    else counts.push({ partId: part.id, counted: row.counted });
  }
  problems.sort((a, b) => a.line - b.line);
  const result = { dryRun, rows: read, applied: 0, problems };
  if (dryRun) return result;
  if (problems.length) throw importRefused(problems);
  const at = deps.clock();
  await deps.db.transaction(async (tx) => {
    const locked = await repo.lockCount(tx, actor.orgId, id);
    if (locked?.status !== 'open') throw new AppError('ALREADY_POSTED', { detail: 'parts.counts.posted' });
    for (let i = 0; i < counts.length; i += 10_000) await repo.setCounted(tx, actor.orgId, id, count.locationId, counts.slice(i, i + 10_000), actor.userId, at);
    await repo.touchCount(tx, actor.orgId, id);
  });
  return { ...result, applied: counts.length };
}

function importRefused(problems: ImportProblem[]): AppError {
  return new AppError('VALIDATION_FAILED', {
    detail: 'parts.counts.import.refused',
    params: { n: problems.length },
    fields: problems.slice(0, 200).map((p) => ({ field: `file.line.${p.line}`, code: 'invalid' as const, message: p.message as never, ...(p.params ? { params: p.params } : {}) })),
    extensions: { problems: problems.slice(0, 1000) },
  });
}

/** An empty sheet for the location's counters: number, name, unit, expected, and a column to fill in. */
export async function countSheetXlsx(deps: PartsDeps, actor: Actor, id: string, headings: { number: string; name: string; unit: string; expected: string; counted: string }): Promise<{ number: string; bytes: Buffer }> {
  const summary = await getSummary(deps, actor, id);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(summary.number);
  sheet.columns = [
    { header: headings.number, key: 'number', width: 20 },
    { header: headings.name, key: 'name', width: 30 },
    { header: headings.unit, key: 'unit', width: 8 },
    { header: headings.expected, key: 'expected', width: 12 },
    { header: headings.counted, key: 'counted', width: 12 },
  ];
  for (let page = 1; ; page++) {
    const { items } = await repo.countLines(deps.db, actor.orgId, id, { show: 'all', limit: 5_000, offset: (page - 1) * 5_000 });
    for (const l of items) sheet.addRow({ number: l.part_number, name: l.part_name, unit: l.unit, expected: num(l.expected), counted: l.counted === null ? null : num(l.counted) });
    if (items.length < 5_000) break;
  }
  return { number: summary.number, bytes: Buffer.from(await book.xlsx.writeBuffer()) };
}

/**
 * Posts the count: each counted line's difference from the ledger at its counting (see above)
 * becomes an 'adjust' line, all in one movement and one transaction through the ledger's
 * set-wise path. Uncounted lines change nothing. A second post answers 409 ALREADY_POSTED.
 */
export async function postCount(deps: PartsDeps, actor: Actor, id: string): Promise<PostCountResult> {
  const at = deps.clock();
  return deps.db.transaction(async (tx) => {
    const count = await repo.lockCount(tx, actor.orgId, id);
    if (!count) throw notFound('parts.counts.unknown');
    if (count.status === 'posted') throw new AppError('ALREADY_POSTED', { detail: 'parts.counts.posted' });
    if (count.status !== 'open') throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'parts.counts.notOpen' });
    const [location] = await requireLocations({ ...deps, db: tx }, actor, [{ id: count.locationId, field: 'locationId' }]);
    const lines = await repo.countedLines(tx, actor.orgId, id);
    const parts = new Map((await repo.partsByIds(tx, actor.orgId, lines.map((l) => l.part_id))).map((p) => [p.id, p]));
    // Lock first (nothing moves at this location for these parts until we commit), then read the ledger.
    await bulk.lockBalances(tx, actor.orgId, location!.id, lines.map((l) => l.part_id));
    const then = await bulk.onHandAt(tx, actor.orgId, location!.id, lines.map((l) => ({ partId: l.part_id, at: new Date(l.counted_at) })));
    const adjustments = [];
    const serialDifferences: string[] = [];
    let valueFen = 0;
    for (const l of lines) {
      const part = parts.get(l.part_id)!;
      const delta = round3(num(l.counted) - (then.get(l.part_id) ?? 0));
      if (delta === 0) continue;
      if (part.serial_tracked) serialDifferences.push(part.number);
      valueFen += quantityFen(delta, part.cost_price_fen);
      adjustments.push({ part: { id: part.id, number: part.number, name: part.name, unit: part.unit, serialTracked: part.serial_tracked, costPriceFen: part.cost_price_fen }, onHand: delta });
    }
    if (serialDifferences.length) {
      throw fieldError('lines', 'parts.counts.serialDifference', { params: { parts: serialDifferences.slice(0, 10).join(', ') } });
    }
    await repo.setExpected(tx, actor.orgId, id, lines.map((l) => ({ partId: l.part_id, expected: then.get(l.part_id) ?? 0 })));
    const posted = adjustments.length ? await postAdjustments(tx, actor, at, location!, adjustments, { documentId: id, reason: count.number }) : null;
    await repo.markCount(tx, actor.orgId, id, { status: 'posted', postedBy: actor.userId, postedAt: at });
    return {
      id,
      moveId: posted?.moveId ?? null,
      adjusted: adjustments.length,
      uncounted: await repo.uncountedLines(tx, actor.orgId, id),
      differenceValueFen: valueFen,
      postedAt: at.toISOString(),
    };
  });
}

/** An open count nobody will finish: it is set aside and changes nothing. */
export async function cancelCount(deps: PartsDeps, actor: Actor, id: string): Promise<CountSummary> {
  await deps.db.transaction(async (tx) => {
    const count = await repo.lockCount(tx, actor.orgId, id);
    if (!count) throw notFound('parts.counts.unknown');
    if (count.status === 'posted') throw new AppError('ALREADY_POSTED', { detail: 'parts.counts.posted' });
    await repo.markCount(tx, actor.orgId, id, { status: 'cancelled' });
  });
  return getSummary(deps, actor, id);
}
