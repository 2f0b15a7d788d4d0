import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { PayPerson } from '../../../shared/contracts/pay';
import { PAY_LINE_KINDS } from '../../../shared/contracts/pay';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { explainLine } from '../../../shared/pay-explain';
import { localDate } from '../../../shared/time';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import type { PayDeps } from './pay.deps';
import * as repo from './pay.repository';
import { byName, componentOf, myRun, personHeader, runLines, sortComponents } from './runs';
import type { PaySlipPrint } from './pay-slip-pdf';

/*
 * The run as payroll offices take it: an Excel workbook with a summary sheet (one row per person,
 * a column per kind of pay) and a sheet per person with every line; and each person's slip.
 */

const yuan = (fen: number) => fen / 100;

/**
 * The run as Excel, streamed: the summary sheet from each person's sums per kind (one grouped
 * query), then each person's sheet from their own lines, written and committed before the next
 * person's are read. A month has some 400,000 lines: built whole in memory the workbook took
 * gigabytes. The summary and the sheets are separate reads: an export of a draft that is being
 * recomputed at that moment can mix the two computations (a locked run never changes).
 */
export async function runXlsx(deps: PayDeps, actor: Actor, id: string, locale: Locale): Promise<{ month: string; stream: Readable }> {
  const run = await repo.findRun(deps.db, actor.orgId, id);
  if (!run) throw notFound();
  const header = await personHeader(deps, actor.orgId, run.month);
  const people = new Map<string, Omit<PayPerson, 'components'> & { byKind: Map<string, number> }>();
  for (const total of await repo.totalsOf(deps.db, actor.orgId, run.id)) {
    let person = people.get(total.userId);
    if (!person) {
      person = { ...header(total.userId), totalFen: 0, byKind: new Map() };
      people.set(total.userId, person);
    }
    person.totalFen += total.amountFen;
    person.byKind.set(total.kind, (person.byKind.get(total.kind) ?? 0) + total.amountFen);
  }
  const ordered = [...people.values()].sort(byName);

  const out = new PassThrough();
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const summary = book.addWorksheet(t(locale, 'pay.export.summary'));
  summary.columns = [
    { header: t(locale, 'pay.export.name'), key: 'name', width: 14 },
    { header: t(locale, 'pay.export.grade'), key: 'grade', width: 8 },
    { header: t(locale, 'pay.export.status'), key: 'status', width: 8 },
    ...PAY_LINE_KINDS.map((kind) => ({ header: enumLabel(locale, 'payLineKind', kind), key: kind, width: 12, style: { numFmt: '0.00' } })),
    { header: t(locale, 'pay.export.total'), key: 'total', width: 12, style: { numFmt: '0.00' } },
  ];
  boldHeader(summary);
  for (const person of ordered) {
    summary
      .addRow({
        name: person.name,
        grade: person.grade ? enumLabel(locale, 'grade', person.grade) : '',
        status: person.employmentStatus ? enumLabel(locale, 'employmentStatus', person.employmentStatus) : '',
        ...Object.fromEntries(PAY_LINE_KINDS.map((kind) => [kind, yuan(person.byKind.get(kind) ?? 0)])),
        total: yuan(person.totalFen),
      })
      .commit();
  }
  summary.commit();

  void (async () => {
    try {
      const used = new Set<string>();
      for (const person of ordered) {
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
        boldHeader(sheet);
        const components = sortComponents((await repo.linesOf(deps.db, actor.orgId, run.id, person.userId)).map(componentOf));
        for (const c of components) {
          sheet.addRow({ kind: enumLabel(locale, 'payLineKind', c.kind), rule: c.rule, source: c.source.ticketNumber ?? '', day: c.source.on ?? '', amount: yuan(c.amountFen), explanation: explainLine(locale, c) }).commit();
        }
        const total = sheet.addRow({ kind: t(locale, 'pay.export.total'), amount: yuan(person.totalFen) });
        total.font = { bold: true };
        total.commit();
        sheet.commit();
      }
      await book.commit();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return { month: run.month, stream: out };
}

function boldHeader(sheet: ExcelJS.Worksheet) {
  const row = sheet.getRow(1);
  row.font = { bold: true };
  row.commit();
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
