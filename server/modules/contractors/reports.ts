import ExcelJS from 'exceljs';
import type { MonthlyReportView, OnSiteOutcome } from '../../../shared/contracts/contractors';
import { t, type Locale } from '../../../shared/i18n';
import { addMonths, localInstant } from '../../../shared/time';
import type { Actor } from '../identity';
import type { ContractorsDeps } from './contractors.deps';
import * as repo from './contractors.repository';
import type { MonthlyReportPrint } from './report-pdf';

/**
 * R9: the monthly repair report of a project (tickets by trade and contractor, on time or late,
 * what was deducted) and its repair ledger (台账), in the browser and as Excel; and the group
 * complaints of the month (many tickets on one building's trade within `groupComplaintDays`).
 */

type Clock = Awaited<ReturnType<ContractorsDeps['sla']['metricClocks']>>[number];

/** On time: the contractor arrived before its clock was due; late: after, or not yet and past due. */
function outcomeOf(clock: Clock | undefined, now: Date): OnSiteOutcome {
  if (!clock) return 'none';
  const due = clock.dueAt?.getTime();
  if (clock.stoppedAt) return due !== undefined && clock.stoppedAt.getTime() > due ? 'late' : clock.state === 'breached' ? 'late' : 'on_time';
  if (clock.state === 'breached' || (due !== undefined && due < now.getTime())) return 'late';
  return 'pending';
}

export async function monthlyReport(deps: ContractorsDeps, actor: Actor, query: { estate: string; month: string }): Promise<MonthlyReportView> {
  const org = await deps.getOrganisation(actor.orgId);
  const first = `${query.month}-01`;
  const from = new Date(localInstant(first, 0, org.timeZone));
  const to = new Date(localInstant(addMonths(first, 1), 0, org.timeZone));
  const now = deps.clock();
  const rows = await repo.ticketsOfEstate(deps.db, actor.orgId, query.estate, from, to);
  const clocks = new Map((await deps.sla.metricClocks(actor.orgId, rows.map((r) => r.id), 'contractor_on_site')).map((c) => [c.ticketId, c]));
  const tickets = rows.map((r) => {
    const clock = clocks.get(r.id);
    const onSite = r.contractorId ? outcomeOf(clock, now) : 'none';
    return { ...r, onSite, arrivedAt: clock?.stoppedAt && clock.state !== 'cancelled' ? clock.stoppedAt : null };
  });
  const groups = new Map<string, MonthlyReportView['groups'][number]>();
  const totals = { tickets: 0, onTime: 0, late: 0, pending: 0, developerOwn: 0, deductedFen: 0 };
  for (const ticket of tickets) {
    const key = `${ticket.trade ?? ''}|${ticket.contractorId ?? ''}`;
    const group = groups.get(key) ?? { trade: ticket.trade, contractorId: ticket.contractorId, contractorName: ticket.contractorName, tickets: 0, onTime: 0, late: 0, pending: 0, deductedFen: 0 };
    groups.set(key, group);
    for (const sum of [group, totals]) {
      sum.tickets += 1;
      if (ticket.onSite === 'on_time') sum.onTime += 1;
      if (ticket.onSite === 'late') sum.late += 1;
      if (ticket.onSite === 'pending') sum.pending += 1;
      sum.deductedFen += ticket.deductedFen;
    }
    if (!ticket.contractorId) totals.developerOwn += 1;
  }
  const { groupComplaintTickets, groupComplaintDays } = org.settings.contractors;
  // The group-complaint window: the last `groupComplaintDays` up to the month's end (or now, within the month).
  const until = new Date(Math.min(to.getTime(), now.getTime() + 1));
  const since = new Date(until.getTime() - groupComplaintDays * 86_400_000);
  const clusters = (await repo.clustersSince(deps.db, actor.orgId, query.estate, since, until, groupComplaintTickets)).map((c) => ({
    building: c.building,
    trade: c.trade,
    tickets: c.tickets,
    firstAt: c.firstAt,
    lastAt: c.lastAt,
  }));
  return {
    estate: query.estate,
    month: query.month,
    totals,
    groups: [...groups.values()].sort((a, b) => (a.trade ?? '').localeCompare(b.trade ?? '') || (a.contractorName ?? '').localeCompare(b.contractorName ?? '', 'zh-CN')),
    tickets: tickets.map(({ id, number, reportedAt, building, unit, room, trade, contractorId, contractorName, status, onSite, arrivedAt, deductedFen }) => ({
      id,
      number,
      reportedAt,
      building,
      unit,
      room,
      trade,
      contractorId,
      contractorName,
      status,
      onSite,
      arrivedAt,
      deductedFen,
    })),
    clusters,
  };
}

function styleHeader(sheet: ExcelJS.Worksheet) {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF3F8' } };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

/** The same report as a workbook: the summary by trade and contractor, and the repair ledger. */
export async function monthlyReportXlsx(deps: ContractorsDeps, actor: Actor, locale: Locale, query: { estate: string; month: string }): Promise<Buffer> {
  const report = await monthlyReport(deps, actor, query);
  const org = await deps.getOrganisation(actor.orgId);
  const trade = (v: string | null) => (v ? t(locale, `enum.trade.${v}` as never) : '');
  const none = t(locale, 'contractors.none');
  const book = new ExcelJS.Workbook();
  const summary = book.addWorksheet(t(locale, 'contractors.report.summary'));
  summary.columns = [
    { header: t(locale, 'contractors.trade'), key: 'trade', width: 14 },
    { header: t(locale, 'contractors.responsible'), key: 'contractor', width: 30 },
    { header: t(locale, 'contractors.report.tickets'), key: 'tickets', width: 10 },
    { header: t(locale, 'contractors.report.onTime'), key: 'onTime', width: 10 },
    { header: t(locale, 'contractors.report.late'), key: 'late', width: 10 },
    { header: t(locale, 'contractors.report.pending'), key: 'pending', width: 10 },
    { header: t(locale, 'contractors.report.deducted'), key: 'deducted', width: 14 },
  ];
  styleHeader(summary);
  for (const g of report.groups) {
    summary.addRow({ trade: trade(g.trade), contractor: g.contractorName ?? none, tickets: g.tickets, onTime: g.onTime, late: g.late, pending: g.pending, deducted: g.deductedFen / 100 });
  }
  summary.getColumn('deducted').numFmt = '0.00';
  const ledger = book.addWorksheet(t(locale, 'contractors.report.ledger'));
  ledger.columns = [
    { header: t(locale, 'contractors.ticket'), key: 'number', width: 20 },
    { header: t(locale, 'contractors.report.reportedAt'), key: 'reportedAt', width: 18 },
    { header: t(locale, 'contractors.building'), key: 'building', width: 10 },
    { header: t(locale, 'contractors.report.unitRoom'), key: 'unitRoom', width: 14 },
    { header: t(locale, 'contractors.trade'), key: 'trade', width: 12 },
    { header: t(locale, 'contractors.responsible'), key: 'contractor', width: 28 },
    { header: t(locale, 'contractors.report.status'), key: 'status', width: 10 },
    { header: t(locale, 'contractors.report.onSite'), key: 'onSite', width: 10 },
    { header: t(locale, 'contractors.report.deducted'), key: 'deducted', width: 12 },
  ];
  styleHeader(ledger);
  const time = new Intl.DateTimeFormat('sv-SE', { timeZone: org.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  for (const row of report.tickets) {
    ledger.addRow({
      number: row.number,
      reportedAt: time.format(row.reportedAt),
      building: row.building ?? '',
      unitRoom: [row.unit, row.room].filter(Boolean).join(' '),
      trade: trade(row.trade),
      contractor: row.contractorName ?? none,
      status: t(locale, `enum.status.${row.status}` as never),
      onSite: t(locale, `enum.onSite.${row.onSite}` as never),
      deducted: row.deductedFen / 100,
    });
  }
  ledger.getColumn('deducted').numFmt = '0.00';
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** What the printed monthly report shows. */
export async function monthlyReportPrint(deps: ContractorsDeps, actor: Actor, query: { estate: string; month: string }): Promise<MonthlyReportPrint> {
  const report = await monthlyReport(deps, actor, query);
  const org = await deps.getOrganisation(actor.orgId);
  return {
    organisation: org.name,
    estate: report.estate,
    month: report.month,
    totals: report.totals,
    groups: report.groups.map((g) => ({ trade: g.trade, contractor: g.contractorName, tickets: g.tickets, onTime: g.onTime, late: g.late, pending: g.pending, deductedFen: g.deductedFen })),
    clusters: report.clusters.map((c) => ({ building: c.building, trade: c.trade, tickets: c.tickets })),
  };
}
