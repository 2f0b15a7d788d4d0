import type { TicketAction, TicketStatus } from './domain';

/**
 * The ticket lifecycle as a transition table. The server decides with it; the web shows the
 * buttons it allows. Pure: no I/O, no clock.
 */
interface Rule {
  from: readonly TicketStatus[];
  /** Where the action leads; `resume` and `reopen` depend on the ticket, see `targetOf`. */
  to: TicketStatus | 'held_from' | 'rework';
  needsTechnician?: boolean;
  needsReason?: boolean | ((from: TicketStatus) => boolean);
}

export const TRANSITIONS: Record<TicketAction, Rule> = {
  accept: { from: ['reported'], to: 'accepted' },
  // Dispatching an already dispatched ticket sends it to another technician.
  dispatch: { from: ['accepted', 'dispatched'], to: 'dispatched', needsTechnician: true, needsReason: (from) => from === 'dispatched' },
  start: { from: ['dispatched'], to: 'in_progress' },
  hold: { from: ['accepted', 'dispatched', 'in_progress'], to: 'on_hold', needsReason: true },
  resume: { from: ['on_hold'], to: 'held_from' },
  complete: { from: ['in_progress'], to: 'completed' },
  // H3: a fault solved on the phone closes without a visit, and says how it was solved.
  close: { from: ['reported', 'accepted', 'completed'], to: 'closed', needsReason: (from) => from !== 'completed' },
  cancel: { from: ['reported', 'accepted', 'dispatched', 'on_hold'], to: 'cancelled', needsReason: true },
  reopen: { from: ['completed', 'closed'], to: 'rework', needsReason: true },
};

export interface TicketState {
  status: TicketStatus;
  /** The status a ticket on hold returns to. */
  heldFrom: TicketStatus | null;
  assigneeId: string | null;
}

export interface TransitionInput {
  action: TicketAction;
  technicianId?: string | null;
  reason?: string | null;
}

export type TransitionDecision =
  | { ok: true; from: TicketStatus; to: TicketStatus; rework: boolean }
  | { ok: false; code: 'TRANSITION_NOT_ALLOWED' }
  | { ok: false; code: 'VALIDATION_FAILED'; field: 'technicianId' | 'reason' };

export function decideTransition(ticket: TicketState, input: TransitionInput): TransitionDecision {
  const rule = TRANSITIONS[input.action];
  const from = ticket.status;
  if (!rule.from.includes(from)) return { ok: false, code: 'TRANSITION_NOT_ALLOWED' };
  if (rule.needsTechnician && !input.technicianId) return { ok: false, code: 'VALIDATION_FAILED', field: 'technicianId' };
  const needsReason = typeof rule.needsReason === 'function' ? rule.needsReason(from) : rule.needsReason === true;
  if (needsReason && !input.reason?.trim()) return { ok: false, code: 'VALIDATION_FAILED', field: 'reason' };
  return { ok: true, from, to: targetOf(rule, ticket), rework: rule.to === 'rework' };
}

function targetOf(rule: Rule, ticket: TicketState): TicketStatus {
  switch (rule.to) {
    case 'held_from':
      return ticket.heldFrom ?? 'accepted';
    case 'rework':
      // Rework goes back to the technician who did the job, or to the dispatch queue.
      return ticket.assigneeId ? 'dispatched' : 'accepted';
    default:
      return rule.to;
  }
}

/** The actions a ticket's state allows, in the order the UI shows them. */
export function allowedActions(status: TicketStatus): TicketAction[] {
  return (Object.keys(TRANSITIONS) as TicketAction[]).filter((action) => TRANSITIONS[action].from.includes(status));
}

// --- status groups: named once, used in TypeScript and (with `inArray`) in SQL ------------------

/** States where no more work happens unless the ticket is reopened. */
export const FINAL_STATUSES = ['closed', 'cancelled'] as const satisfies readonly TicketStatus[];

/** States where work is still to be done: everything but the final ones. */
export const OPEN_STATUSES = ['reported', 'accepted', 'dispatched', 'in_progress', 'on_hold', 'completed'] as const satisfies readonly TicketStatus[];

/**
 * States a dispatched ticket passes through once someone is sent: its planned visit belongs on
 * the board until it is cancelled, even after the work is done (the board shows the day as it went).
 */
export const VISITED_STATUSES = ['dispatched', 'in_progress', 'on_hold', 'completed', 'closed'] as const satisfies readonly TicketStatus[];

/** Membership in a status group, typed: `isIn(FINAL_STATUSES, ticket.status)`. */
export function isIn(group: readonly TicketStatus[], status: TicketStatus): boolean {
  return group.includes(status);
}
