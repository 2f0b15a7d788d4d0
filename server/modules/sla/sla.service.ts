import { AsyncLocalStorage } from 'node:async_hooks';
import type { PolicyBody } from '../../../shared/contracts/sla';
import type { SlaMetric } from '../../../shared/domain';
import type { TicketHistory } from '../../../shared/ticket-facts';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import { affectsClocks } from '../tickets';
import { badgesFor, clocksOf, insertsForNewTicket, policyOfTicket, metricClocks, onTicketChanged, refreshPending, refreshTickets, type PendingClocks } from './clocks';
import { createPolicy, createPolicyCache, ensureDefaults, followSettings, listPolicies, updatePolicy } from './policies';
import { RECOMPUTE_JOB, recomputeOpenTickets, recomputeStatus, scheduleRecompute } from './recompute';
import { scanOnce } from './sla-alerts';
import { attainment, breachQueue } from './sla-reports';
import { exportAttainment, exportBreaches } from './sla-exports';
import type { Locale } from '../../../shared/i18n';
import type { SlaDeps, SlaOptions } from './sla.deps';

export type { ListedPolicy, Policy, SlaOptions } from './sla.deps';

/**
 * The SLA module's public face. Each job lives in its own file (policies, clocks, the
 * recomputation, the alert scanner, the reports); this factory gives them their dependencies
 * and registers the module on the modules whose changes move its clocks.
 */
export function createSlaService(options: SlaOptions) {
  const deps: SlaDeps = { ...options, log: options.log ?? (() => {}), policies: createPolicyCache(options.db) };

  // Work run through `deferClocks` leaves its tickets' clocks for the end (see below).
  const deferring = new AsyncLocalStorage<PendingClocks>();
  // A ticket's clocks follow its history, in the transaction that wrote it; a new ticket's are written with it.
  options.tickets.onEvent(async (tx, { orgId, ticketId, event, now }) => {
    if (!affectsClocks(event)) return;
    const pending = deferring.getStore();
    if (pending) {
      const ofOrg = pending.get(orgId) ?? new Map<string, Date>();
      ofOrg.set(ticketId, now);
      pending.set(orgId, ofOrg);
      return;
    }
    await onTicketChanged(deps, tx, orgId, ticketId, now);
  });
  options.tickets.contributeToCreation((orgId, history, now) => insertsForNewTicket(deps, orgId, history, now));
  // A changed calendar or holiday year moves every open clock measured on it.
  options.calendars.onChanged(async (orgId, reason) => void (await scheduleRecompute(deps, deps.db, orgId, reason)));
  // The template policies follow the settings' minutes they were made from (issue 7).
  options.identity.onSettingsChanged(followSettings(deps));
  options.jobs.register(RECOMPUTE_JOB, (context) => recomputeOpenTickets(deps, context));

  return {
    ensureDefaults: (actor: Actor) => ensureDefaults(deps, actor),
    refreshTickets: (tx: Db, orgId: string, histories: TicketHistory[], now: Date, fresh = false) => refreshTickets(deps, tx, orgId, histories, now, fresh),
    /**
     * Runs `work`, which writes a stretch of tickets' history in the past (the demo), with the
     * clocks of the tickets it changes recomputed once at its end, each as at its last event
     * that moves clocks, instead of after every event: the same clocks, for one read and one
     * write. Only the events `work` itself records wait; nobody else's. Nothing may read those
     * tickets' clocks (alerts, the breach queue, H4's reassignment) until it returns.
     */
    deferClocks: async <T>(work: () => Promise<T>): Promise<T> => {
      const pending: PendingClocks = new Map();
      try {
        return await deferring.run(pending, work);
      } finally {
        await refreshPending(deps, pending);
      }
    },
    clocksOf: (actor: Actor, ticketId: string) => clocksOf(deps, actor, ticketId),
    policyOfTicket: (actor: Actor, ticketId: string) => policyOfTicket(deps, actor, ticketId),
    scanOnce: (limit?: number) => scanOnce(deps, limit),
    scheduleRecompute: (orgId: string, reason: string) => scheduleRecompute(deps, deps.db, orgId, reason),
    recomputeStatus: (actor: Actor) => recomputeStatus(deps, actor),
    listPolicies: (actor: Actor) => listPolicies(deps, actor),
    createPolicy: (actor: Actor, body: PolicyBody) => createPolicy(deps, actor, body),
    updatePolicy: (actor: Actor, id: string, version: number, body: PolicyBody) => updatePolicy(deps, actor, id, version, body),
    breachQueue: (actor: Actor, filter: Parameters<typeof breachQueue>[2]) => breachQueue(deps, actor, filter),
    attainment: (actor: Actor, range: { from: Date; to: Date }) => attainment(deps, actor, range),
    exportBreaches: (actor: Actor, locale: Locale, state: 'breached' | 'warning' | undefined) => exportBreaches(deps, actor, locale, state),
    exportAttainment: (actor: Actor, locale: Locale, range: { from: Date; to: Date }) => exportAttainment(deps, actor, locale, range),
    /** One metric's clock of each ticket, for reports (R9). */
    metricClocks: (orgId: string, ticketIds: string[], metric: SlaMetric) => metricClocks(deps, orgId, ticketIds, metric),
    /** The most urgent running clock of each ticket, for lists. */
    badgesFor: (orgId: string, ticketIds: string[]) => badgesFor(deps, orgId, ticketIds),
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
