import type { TicketEventBody } from '../../../shared/contracts/ticket-events';
import type { SlaAction } from '../../../shared/domain';
import type { Db } from '../../db/client';
import { refreshTickets } from './clocks';
import type { Policy, SlaDeps } from './sla.deps';
import * as repo from './sla.repository';

/*
 * The breach scanner: fires thresholds that are due, each (ticket, metric, threshold) once,
 * recorded in `sla_alerts` under its key, with its messages in the outbox under theirs.
 * Several processes may scan at once: SKIP LOCKED shares the rows and the keys make a repeat
 * do nothing. What a threshold does is the policy's list of actions, each one entry below.
 */

/** One threshold firing, as an action sees it. */
interface Firing {
  deps: SlaDeps;
  tx: Db;
  alert: repo.DueClock;
  ticket: { number: string; assigneeId: string | null } | undefined;
  /** What every message about it carries. */
  payload: Record<string, unknown>;
  /** The outbox key of this action's message: one per ticket, metric, threshold and action. */
  key: string;
  now: Date;
  /** Asks for the ticket to be taken from its technician once the alerts are committed. */
  reassignAfter(): void;
}

/** What the system itself writes into a ticket's history; it does not count as a change of the ticket. */
function systemEvent(f: Pick<Firing, 'deps' | 'tx' | 'alert' | 'now'>, event: TicketEventBody) {
  return f.deps.tickets.recordEvent(f.tx, { orgId: f.alert.orgId, userId: null }, f.alert.ticketId, event, f.now, { touch: false });
}

function message(f: Firing, topic: string, recipient: string, payload = f.payload) {
  return f.deps.notify.enqueue(f.tx, { orgId: f.alert.orgId, topic, recipient, payload, dedupeKey: f.key });
}

const isBreach = (bp: number) => bp >= 10_000;

/** What each action does when its threshold fires. */
const ACTIONS: Record<SlaAction, (f: Firing) => Promise<unknown>> = {
  // The ticket's technician hears of it; a ticket nobody leads goes to the dispatchers.
  notify: (f) => message(f, isBreach(f.alert.bp) ? 'sla.breached' : 'sla.warning', f.ticket?.assigneeId ? `user:${f.ticket.assigneeId}` : 'role:dispatcher'),
  escalate: async (f) => {
    await message(f, 'sla.escalated', 'role:supervisor');
    await systemEvent(f, { type: 'escalated', details: { metric: f.alert.metric, bp: f.alert.bp, to: 'supervisor' } });
  },
  // H4: the dispatchers hear of it now; the ticket leaves its technician after this transaction.
  reassign: async (f) => {
    await message(f, 'sla.reassign', 'role:dispatcher');
    f.reassignAfter();
  },
  // R4: the department may now repair it itself; R6: the deduction rate for settlement.
  contractor_default: async (f) => {
    const org = await f.deps.getOrganisation(f.alert.orgId, f.tx);
    const details = { metric: f.alert.metric, deductionRateBp: org.settings.contractors.defaultDeductionRateBp };
    await systemEvent(f, { type: 'contractor_default', details });
    await message(f, 'contractor.default', 'role:supervisor', { ...f.payload, ...details });
  },
  // E3: the request starts the loaner's own clock.
  request_loaner: async (f) => {
    await systemEvent(f, { type: 'loaner_requested', details: { metric: f.alert.metric } });
    await message(f, 'loaner.requested', 'role:parts_admin');
  },
};

/** The actions a threshold of a policy names; a breach with none named still tells someone. */
function actionsAt(policy: Policy | undefined, alert: repo.DueClock): SlaAction[] {
  const named = policy?.actions.filter((a) => a.metric === alert.metric && a.atBp === alert.bp).map((a) => a.action) ?? [];
  return named.length === 0 && isBreach(alert.bp) ? ['notify'] : named;
}

/** One pass of the scanner over at most `limit` due thresholds; answers how many fired. */
export async function scanOnce(deps: SlaDeps, limit = 200): Promise<number> {
  const now = deps.clock();
  let fired = 0;
  const reassign: repo.DueClock[] = [];
  await deps.db.transaction(async (tx) => {
    const due = await repo.claimDueClocks(tx, now, limit);
    const byOrg = new Map<string, repo.DueClock[]>();
    for (const d of due) byOrg.set(d.orgId, [...(byOrg.get(d.orgId) ?? []), d]);
    for (const [orgId, alerts] of byOrg) {
      const policies = await deps.policies.of(orgId, tx);
      const ticketIds = [...new Set(alerts.map((a) => a.ticketId))];
      const numbers = await deps.tickets.ticketNumbers(tx, orgId, ticketIds);
      for (const alert of alerts) {
        if (!(await repo.insertAlert(tx, { ...alert, firedAt: now }))) continue;
        fired++;
        const policy = policies.find((p) => p.id === alert.policyId);
        const ticket = numbers.get(alert.ticketId);
        const actions = actionsAt(policy, alert);
        await systemEvent({ deps, tx, alert, now }, { type: 'sla_alert', details: { metric: alert.metric, bp: alert.bp, actions } });
        const payload = { ticketId: alert.ticketId, ticketNumber: ticket?.number, metric: alert.metric, bp: alert.bp, dueAt: alert.dueAt, policy: policy?.name };
        for (const action of actions) {
          const key = `sla:${alert.ticketId}:${alert.metric}:${alert.bp}:${action}`;
          await ACTIONS[action]({ deps, tx, alert, ticket, payload, key, now, reassignAfter: () => reassign.push(alert) });
        }
        await repo.setAlertActions(tx, alert, actions);
      }
      // What fired (and events it wrote) moves each clock on to its next threshold.
      await refreshTickets(deps, tx, orgId, await deps.tickets.historiesOf(tx, orgId, ticketIds), now);
    }
  });
  // Taking a ticket from a technician changes the ticket: its own transaction, after this one.
  for (const r of reassign) {
    // The alert and its message are committed; a failed reassignment is logged for the dispatcher's eye, not lost.
    await deps.tickets.systemReassign(r.orgId, r.ticketId, `SLA: ${r.metric}`).catch((error: unknown) => {
      deps.log('sla reassignment failed', { orgId: r.orgId, ticketId: r.ticketId, metric: r.metric, error: error instanceof Error ? error.message : String(error) });
    });
  }
  return fired;
}
