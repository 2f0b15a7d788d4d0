import type { PolicyBody } from '../../../shared/contracts/sla';
import type { TicketHistory } from '../../../shared/ticket-facts';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import { affectsClocks } from '../tickets';
import { badgesFor, clocksOf, insertsForNewTicket, onTicketChanged, refreshTickets } from './clocks';
import { createPolicy, createPolicyCache, ensureDefaults, followSettings, listPolicies, updatePolicy } from './policies';
import { RECOMPUTE_JOB, recomputeOpenTickets, recomputeStatus, scheduleRecompute } from './recompute';
import { scanOnce } from './sla-alerts';
import { attainment, breachQueue } from './sla-reports';
import type { SlaDeps, SlaOptions } from './sla.deps';

export type { ListedPolicy, Policy, SlaOptions } from './sla.deps';

/**
 * The SLA module's public face. Each job lives in its own file (policies, clocks, the
 * recomputation, the alert scanner, the reports); this factory gives them their dependencies
 * and registers the module on the modules whose changes move its clocks.
 */
export function createSlaService(options: SlaOptions) {
  const deps: SlaDeps = { ...options, log: options.log ?? (() => {}), policies: createPolicyCache(options.db) };

  // A ticket's clocks follow its history, in the transaction that wrote it; a new ticket's are written with it.
  options.tickets.onEvent(async (tx, { orgId, ticketId, event, now }) => {
    if (affectsClocks(event)) await onTicketChanged(deps, tx, orgId, ticketId, now);
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
    clocksOf: (actor: Actor, ticketId: string) => clocksOf(deps, actor, ticketId),
    scanOnce: (limit?: number) => scanOnce(deps, limit),
    scheduleRecompute: (orgId: string, reason: string) => scheduleRecompute(deps, deps.db, orgId, reason),
    recomputeStatus: (actor: Actor) => recomputeStatus(deps, actor),
    listPolicies: (actor: Actor) => listPolicies(deps, actor),
    createPolicy: (actor: Actor, body: PolicyBody) => createPolicy(deps, actor, body),
    updatePolicy: (actor: Actor, id: string, version: number, body: PolicyBody) => updatePolicy(deps, actor, id, version, body),
    breachQueue: (actor: Actor, filter: Parameters<typeof breachQueue>[2]) => breachQueue(deps, actor, filter),
    attainment: (actor: Actor, range: { from: Date; to: Date }) => attainment(deps, actor, range),
    /** The most urgent running clock of each ticket, for lists. */
    badgesFor: (orgId: string, ticketIds: string[]) => badgesFor(deps, orgId, ticketIds),
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
