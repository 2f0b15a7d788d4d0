import ExcelJS from 'exceljs';
import { PAY_LINE_KINDS } from '../../../shared/contracts/pay';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { explainLine } from '../../../shared/pay-explain';
import { localDate } from '../../../shared/time';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import type { PayDeps } from './pay.deps';
import * as repo from './pay.repository';
import { myRun, runLines } from './runs';
import type { PaySlipPrint } from './pay-slip-pdf';

/*
 * The run as payroll offices take it: an Excel workbook with a summary sheet (one row per person,
 * a column per kind of pay) and a sheet per person with every line; and each person's slip.
 */

const yuan = (fen: number) => fen / 100;

export async function runXlsx(deps: PayDeps, actor: Actor, id: string, locale: Locale): Promise<{ month: string; buffer: Buffer }> {
  const run = await repo.findRun(deps.db, actor.orgId, id);
  if (!run) throw notFound();
  const { items } = await runLines(deps, actor, id, {});
  const book = new ExcelJS.Workbook();
  const summary = book.addWorksheet(t(locale, 'pay.export.summary'));
  summary.columns = [
    { header: t(locale, 'pay.export.name'), key: 'name', width: 14 },
    { header: t(locale, 'pay.export.grade'), key: 'grade', width: 8 },
    { header: t(locale, 'pay.export.status'), key: 'status', width: 8 },
    ...PAY_LINE_KINDS.map((kind) => ({ header: enumLabel(locale, 'payLineKind', kind), key: kind, width: 12, style: { numFmt: '0.00' } })),
    { header: t(locale, 'pay.export.total'), key: 'total', width: 12, style: { numFmt: '0.00' } },
  ];
  summary.getRow(1).font = { bold: true };
  const used = new Set<string>();
  for (const person of items) {
    const byKind = Object.fromEntries(PAY_LINE_KINDS.map((kind) => [kind, yuan(person.components.filter((c) => c.kind === kind).reduce((s, c) => s + c.amountFen, 0))]));
    summary.addRow({
      name: person.name,
      grade: person.grade ? enumLabel(locale, 'grade', person.grade) : '',
      status: person.employmentStatus ? enumLabel(locale, 'employmentStatus', person.employmentStatus) : '',
      ...byKind,
      total: yuan(person.totalFen),
    });
    // Sheet names are unique, at most 31 characters, without []:*?/\.
    const base = person.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28) || person.userId.slice(0, 8);
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`;
    used.add(name);
    const sheet = book.addWorksheet(name);
    sheet.columns = [
      { header: t(locale, 'pay.export.kind'), key: 'kind', width: 14 },
      { header: t(locale, 'pay.export.rule'), key: 'rule', width: 6 },
      { header: t(locale, 'pay.export.source'), key: 'source', width: 20 },
      { header: t(locale, 'pay.export.day'), key: 'day', width: 12 },
      { header: t(locale, 'pay.export.amount'), key: 'amount', width: 12, style: { numFmt: '0.00' } },
      { header: t(locale, 'pay.export.explanation'), key: 'explanation', width: 70 },
    ];
    sheet.getRow(1).font = { bold: true };
    for (const c of person.components) {
      sheet.addRow({ kind: enumLabel(locale, 'payLineKind', c.kind), rule: c.rule, source: c.source.ticketNumber ?? '', day: c.source.on ?? '', amount: yuan(c.amountFen), explanation: explainLine(locale, c) });
    }
    sheet.addRow({ kind: t(locale, 'pay.export.total'), amount: yuan(person.totalFen) }).font = { bold: true };
  }
  return { month: run.month, buffer: Buffer.from(await book.xlsx.writeBuffer()) };
}

/** What one person's printed slip shows; `own` reads the caller's own slip of a locked run. */
export async function slipPrint(deps: PayDeps, actor: Actor, id: string, userId: string | null, locale: Locale): Promise<PaySlipPrint> {
  const run = await repo.findRun(deps.db, actor.orgId, id);
  if (!run) throw notFound();
  const person = userId === null ? await myRun(deps, actor, id) : (await runLines(deps, actor, id, { userId })).items[0];
  if (!person) throw notFound();
  const org = await deps.getOrganisation(actor.orgId);
  return {
    organisation: org.name,
    month: run.month,
    name: person.name,
    grade: person.grade ? enumLabel(locale, 'grade', person.grade) : '—',
    status: person.employmentStatus ? enumLabel(locale, 'employmentStatus', person.employmentStatus) : '—',
    locked: run.status === 'locked',
    lockedAt: run.lockedAt ? `${localDate(run.lockedAt, org.timeZone)}` : null,
    totalFen: person.totalFen,
    lines: person.components.map((c) => ({
      kind: enumLabel(locale, 'payLineKind', c.kind),
      rule: c.rule,
      source: [c.source.ticketNumber, c.source.on].filter(Boolean).join(' '),
      amountFen: c.amountFen,
      explanation: explainLine(locale, c),
    })),
  };
}
