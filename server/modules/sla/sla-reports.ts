import type { Actor } from '../identity';
import type { SlaDeps } from './sla.deps';
import * as repo from './sla.repository';

/*
 * What the SLA pages read across tickets: the queue of clocks that need someone now, and how
 * often the promises were kept.
 */

/** Clocks past due or past a warning and still running, of the tickets the caller may see (S8). */
export async function breachQueue(deps: SlaDeps, actor: Actor, filter: { state?: 'breached' | 'warning' | undefined; limit: number; offset: number }) {
  return repo.findBreachQueue(deps.db, actor, filter, deps.clock());
}

/**
 * SLA attainment: of the clocks that ended (stopped or breached) in a period, how many met
 * their target, by metric, team (of the ticket's technician) and month in the organisation's zone.
 */
export async function attainment(deps: SlaDeps, actor: Actor, range: { from: Date; to: Date }) {
  const org = await deps.getOrganisation(actor.orgId);
  const rows = await repo.findAttainment(deps.db, actor.orgId, org.timeZone, range);
  return rows.map((r) => ({ ...r, attainmentBp: r.met + r.breached ? Math.round((r.met * 10_000) / (r.met + r.breached)) : null }));
}
