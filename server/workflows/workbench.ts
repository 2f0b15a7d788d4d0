import { PRIORITIES, type SlaMetric, type TicketStatus } from '../../shared/domain';
import { can } from '../../shared/permissions';
import type { TicketListQuery } from '../../shared/contracts/tickets';
import { ticketListQuery } from '../../shared/contracts/tickets';
import type { Figure, SetupStep, WorkbenchView } from '../../shared/contracts/workbench';
import { workbenchView } from '../../shared/contracts/workbench';
import { dayBounds, localDate } from '../../shared/time';
import { actorOf } from '../http/auth';
import type { Api } from '../http/common';
import type { Services } from '../services';
import type { Actor } from '../modules/identity';

export type WorkbenchDeps = Pick<Services, 'identity' | 'tickets' | 'sla' | 'dispatch' | 'billing' | 'fieldwork' | 'calendars' | 'appointments'>;

/** Counting stops here on the lists that are not counted by the ticket list (breaches, approvals). */
const COUNT_CAP = 500;
/** The statuses of a ticket someone still has to act on. */
const OPEN: TicketStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'on_hold'];

/**
 * A figure counted by the ticket list itself, under the filter its link opens: the number on
 * the card and the list behind it can never disagree. `params` are the list's query string.
 */
async function ticketFigure(deps: WorkbenchDeps, actor: Actor, params: Record<string, string>): Promise<Figure> {
  const query: TicketListQuery = ticketListQuery.parse({ ...params, page: '1', pageSize: '1' });
  const list = await deps.tickets.findTickets(actor, query);
  return { count: list.total, capped: list.totalExact === false, tickets: params, path: null };
}

const pageFigure = (count: number, path: string): Figure => ({ count: Math.min(count, COUNT_CAP), capped: count > COUNT_CAP, tickets: null, path });

async function agentCards(deps: WorkbenchDeps, actor: Actor, dayStart: Date) {
  const [createdToday, myOpen, chased, toAccept, toClose] = await Promise.all([
    ticketFigure(deps, actor, { createdBy: 'me', reportedFrom: dayStart.toISOString() }),
    ticketFigure(deps, actor, { createdBy: 'me', status: OPEN.join(',') }),
    // Callers chasing (催单) a repair still open: the calls an agent should get ahead of.
    ticketFigure(deps, actor, { chased: 'true', status: OPEN.join(',') }),
    // The hotline accepts what was reported and calls back what the technicians completed (H3).
    ticketFigure(deps, actor, { status: 'reported' }),
    ticketFigure(deps, actor, { status: 'completed' }),
  ]);
  return { createdToday, myOpen, chased, toAccept, toClose };
}

async function dispatcherCards(deps: WorkbenchDeps, actor: Actor, warnBp: number, now: Date) {
  const [queue, emergencies, board, ...byPriority] = await Promise.all([
    ticketFigure(deps, actor, { status: 'accepted' }),
    ticketFigure(deps, actor, { status: 'accepted', emergency: 'true' }),
    deps.dispatch.board(actor, {}),
    ...[...PRIORITIES].reverse().map((p) => ticketFigure(deps, actor, { status: 'accepted', priority: p })),
  ]);
  const teamOf = new Map(board.technicians.map((t) => [t.id, t.team]));
  const nameOf = new Map(board.technicians.map((t) => [t.id, t.name]));
  const teams = new Map<string | null, { technicians: number; visits: number; plannedMinutes: number }>();
  const entry = (team: string | null) => teams.get(team) ?? teams.set(team, { technicians: 0, visits: 0, plannedMinutes: 0 }).get(team)!;
  for (const t of board.technicians) {
    const e = entry(t.team);
    e.technicians += 1;
    e.plannedMinutes += t.plannedMinutes;
  }
  for (const v of board.visits) if (v.status !== 'cancelled') entry(teamOf.get(v.leadId) ?? null).visits += 1;
  const atRisk = board.visits
    .filter((v) => v.status === 'planned')
    .map((v) => {
      const reason = v.sla?.state === 'breached' ? ('breached' as const) : v.sla && v.sla.usedBp >= warnBp ? ('warning' as const) : v.plannedStart < now && v.ticketStatus === 'dispatched' ? ('late' as const) : null;
      return reason && { ticketId: v.ticketId, number: v.ticketNumber, customerName: v.customerName, status: v.ticketStatus, plannedStart: v.plannedStart, plannedEnd: v.plannedEnd, technicianName: nameOf.get(v.leadId) ?? null, reason };
    })
    .filter((v) => v !== null)
    .sort((a, b) => a.plannedStart.getTime() - b.plannedStart.getTime());
  // Dispatched with no planned window: only the board's queue knows (no ticket-list filter does), so the figure opens the board.
  const waiting = board.queue.filter((q) => q.status === 'dispatched').length;
  const unscheduled: Figure = { count: waiting, capped: board.queueTotal > board.queueLimit && waiting > 0, tickets: null, path: '/dispatch/board' };
  return {
    queue,
    emergencies,
    unscheduled,
    byPriority: [...PRIORITIES].reverse().map((priority, i) => ({ priority, figure: byPriority[i]! })),
    teams: [...teams.entries()]
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b, 'zh-CN')))
      .map(([team, e]) => ({ team, ...e, path: team ? `/dispatch/board?team=${encodeURIComponent(team)}` : '/dispatch/board' })),
    atRisk,
  };
}

async function supervisorCards(deps: WorkbenchDeps, actor: Actor, timeZone: string, targetBp: number, now: Date) {
  const monthStart = new Date(dayBounds(`${localDate(now, timeZone).slice(0, 7)}-01`, timeZone).start);
  const [breached, warning, emergenciesOpen, costs, entries, attainment] = await Promise.all([
    deps.sla.breachQueue(actor, { state: 'breached', limit: COUNT_CAP + 1, offset: 0 }),
    deps.sla.breachQueue(actor, { state: 'warning', limit: COUNT_CAP + 1, offset: 0 }),
    ticketFigure(deps, actor, { emergency: 'true', status: OPEN.join(',') }),
    can(actor.role, 'costs.approve') && can(actor.role, 'finance.read') ? deps.billing.listCosts(actor, { status: 'pending' }) : null,
    can(actor.role, 'timesheets.approve') ? deps.fieldwork.findEntries(actor, { status: 'draft', limit: COUNT_CAP + 1 }) : null,
    deps.sla.attainment(actor, { from: monthStart, to: now }),
  ]);
  const byMetric = new Map<string, { met: number; breached: number }>();
  for (const r of attainment) {
    const m = byMetric.get(r.metric) ?? { met: 0, breached: 0 };
    byMetric.set(r.metric, { met: m.met + r.met, breached: m.breached + r.breached });
  }
  const ratio = (met: number, missed: number) => (met + missed ? Math.round((met * 10_000) / (met + missed)) : null);
  const met = attainment.reduce((n, r) => n + r.met, 0);
  const missed = attainment.reduce((n, r) => n + r.breached, 0);
  return {
    breached: pageFigure(breached.length, '/sla/breaches?state=breached'),
    warning: pageFigure(warning.length, '/sla/breaches?state=warning'),
    emergenciesOpen,
    costApprovals: costs && pageFigure(costs.length, '/costs/approvals'),
    timesheets: entries && pageFigure(entries.length, '/timesheets'),
    attainment: {
      bp: ratio(met, missed),
      targetBp,
      met,
      breached: missed,
      byMetric: [...byMetric.entries()].map(([metric, m]) => ({ metric: metric as SlaMetric, ...m, bp: ratio(m.met, m.breached) })),
      path: '/sla/attainment',
    },
  };
}

/** The first-run checklist, each step judged from the organisation's own data. */
async function setupSteps(deps: WorkbenchDeps, actor: Actor, today: string) {
  const org = await deps.identity.getOrganisation(actor.orgId);
  const [calendars, missing, policies, users, teams, templates, slots] = await Promise.all([
    deps.calendars.listCalendars(actor),
    deps.calendars.missingYears(actor.orgId),
    deps.sla.listPolicies(actor),
    deps.identity.findUsers(actor, { active: true, limit: 1, offset: 0 }),
    deps.identity.listTeams(actor, { active: true }),
    deps.appointments.listTemplates(actor),
    deps.appointments.listSlots(actor, { from: today, to: addDaysIso(today, 14) }),
  ]);
  const activePolicies = policies.filter((p) => p.active).length;
  const steps: { step: SetupStep; done: boolean; detail: number | null; path: string }[] = [
    // Named, and its trades or its settings chosen: the organisation was looked at, not just made.
    { step: 'organisation', done: org.industries.length > 0 || org.version > 1, detail: null, path: '/settings' },
    { step: 'calendar', done: calendars.length > 0, detail: calendars.length, path: '/sla/calendars' },
    { step: 'holidays', done: missing.length === 0, detail: missing[0] ?? null, path: '/sla/holidays' },
    { step: 'policies', done: activePolicies > 0, detail: activePolicies, path: '/sla/policies' },
    // Somebody besides the administrator who set it up.
    { step: 'users', done: users.total > 1, detail: users.total, path: '/users' },
    { step: 'teams', done: teams.length > 0, detail: teams.length, path: '/users' },
    { step: 'appointmentTemplates', done: templates.some((t) => t.active), detail: templates.length, path: '/appointment-templates' },
    // The link works from the first ask; it is worth sending once it has open slots to offer.
    { step: 'bookingLink', done: slots.some((s) => s.open), detail: slots.length, path: '/appointment-templates' },
  ];
  return { steps };
}

const addDaysIso = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The landing page's figures for the caller's role, each only where the role may read what it
 * counts: an agent's, a dispatcher's, a supervisor's (and an administrator's, with the setup
 * checklist). Everything is the caller's organisation's, seen as the caller sees tickets.
 */
export async function workbench(deps: WorkbenchDeps, actor: Actor, now: Date): Promise<WorkbenchView> {
  const org = await deps.identity.getOrganisation(actor.orgId);
  const day = localDate(now, org.timeZone);
  const dayStart = new Date(dayBounds(day, org.timeZone).start);
  const role = actor.role;
  const may = (p: Parameters<typeof can>[1]) => can(role, p);
  const [agent, dispatcher, supervisor, setup] = await Promise.all([
    role === 'hotline_agent' && may('tickets.create') ? agentCards(deps, actor, dayStart) : null,
    role === 'dispatcher' && may('dispatch.read')
      ? dispatcherCards(deps, actor, Math.max(...org.settings.sla.warnAtBp, 0) || 7500, now)
      : null,
    (role === 'supervisor' || role === 'admin') && may('sla.read') ? supervisorCards(deps, actor, org.timeZone, org.settings.sla.attainmentTargetBp, now) : null,
    role === 'admin' && may('settings.manage') && may('sla.manage') && may('users.manage') ? setupSteps(deps, actor, day) : null,
  ]);
  return { role, day, dayStart, agent, dispatcher, supervisor, setup };
}

export function workbenchRoutes(api: Api, deps: WorkbenchDeps & { clock: () => Date }) {
  api.get('/api/v1/me/workbench', {
    // Every signed-in user has a workbench; each card asks for the permission of what it counts.
    config: { authenticated: true },
    schema: { tags: ['workbench'], summary: "The landing page's figures for the caller's role, each with the ticket-list filter or page behind it", response: { 200: workbenchView } },
    handler: async (request) => workbench(deps, actorOf(request), deps.clock()),
  });
}
