import type { TicketEventBody } from '../../../shared/contracts/ticket-events';
import type { TicketEventType } from '../../../shared/domain';
import type { Signal } from '../../../shared/sla-signal';

/**
 * A ticket's history as the SLA clocks hear it. Pure: events in, signals out. Kept here, in
 * the module that writes the events, so that a new event type and what it means for the
 * clocks change together.
 */
export type HistoryEvent = TicketEventBody & { at: Date };

/** Event types that can give a signal; the others never move a clock. */
export const SIGNAL_EVENT_TYPES = [
  'transition',
  'arrived',
  'callback',
  'loaner_requested',
  'loaner_provided',
  'contractor_arrived',
  'sla_extended',
  'field_step',
] as const satisfies readonly TicketEventType[];

/**
 * Does this event change what the clocks say? Either it gives a signal, or it changes the facts
 * a policy is chosen by (an edit of priority, type, value or asset, another contractor).
 */
export function affectsClocks(event: TicketEventBody): boolean {
  return event.type === 'updated' || event.type === 'contractor_changed' || signalsOfEvent(event, 0).length > 0;
}

/** What one event says to the clocks: nothing, or a signal (a transition may say what it did and where it landed). */
function signalsOfEvent(e: TicketEventBody, at: number): Signal[] {
  switch (e.type) {
    case 'transition': {
      const out: Signal[] = [];
      const { action } = e.details;
      if (action === 'hold') out.push({ kind: 'hold', at, reason: e.details.holdReason ?? 'other' });
      else if (action === 'resume') out.push({ kind: 'resume', at });
      else if (action === 'reopen') out.push({ kind: 'reopened', at });
      if (e.to === 'accepted' && action === 'accept') out.push({ kind: 'accepted', at });
      else if (e.to === 'dispatched' && action === 'dispatch') out.push({ kind: 'dispatched', at });
      else if (e.to === 'in_progress' && action === 'start') out.push({ kind: 'started', at });
      else if (e.to === 'completed') out.push({ kind: 'completed', at });
      else if (e.to === 'closed') out.push({ kind: 'closed', at, phoneFix: e.from === 'reported' || e.from === 'accepted' });
      else if (e.to === 'cancelled') out.push({ kind: 'cancelled', at });
      return out;
    }
    case 'arrived':
    case 'callback':
    case 'loaner_requested':
    case 'loaner_provided':
    case 'contractor_arrived':
      return [{ kind: e.type, at }];
    case 'field_step':
      // The technician's own "arrived" on the phone is the arrival the clocks wait for.
      return e.details.kind === 'arrive' ? [{ kind: 'arrived', at }] : [];
    case 'sla_extended':
      return [{ kind: 'extended', at, metric: e.details.metric, reason: e.details.reason }];
    default:
      return [];
  }
}

export function signalsOf(reportedAt: Date, events: HistoryEvent[]): Signal[] {
  const signals: Signal[] = [{ kind: 'reported', at: reportedAt.getTime() }];
  for (const e of events) signals.push(...signalsOfEvent(e, e.at.getTime()));
  return signals.sort((a, b) => a.at - b.at);
}
