import type { AssetKind, Channel, HoldReason, Priority, SlaMetric, TicketStatus, TicketType, WarrantyState } from '../../../shared/domain';
import type { Signal } from '../../../shared/sla-signal';

/**
 * A ticket's history as the SLA clocks hear it. Pure: events in, signals out. Kept here, in
 * the module that writes the events, so that a new event type and what it means for the
 * clocks change together.
 */
export interface HistoryEvent {
  type: string;
  at: Date;
  fromStatus: string | null;
  toStatus: string | null;
  details: Record<string, unknown>;
}

export interface TicketHistory {
  ticketId: string;
  /** What the policy conditions and the clocks read of the ticket itself. */
  facts: {
    priority: Priority;
    channel: Channel;
    type: TicketType;
    emergency: boolean;
    warranty: WarrantyState;
    estimatedValueFen: number | null;
    customerId: string;
    assetKind: AssetKind | null;
    productCategory: string | null;
    hasContractor: boolean;
  };
  signals: Signal[];
}

export function signalsOf(reportedAt: Date, events: HistoryEvent[]): Signal[] {
  const signals: Signal[] = [{ kind: 'reported', at: reportedAt.getTime() }];
  for (const e of events) {
    const at = e.at.getTime();
    switch (e.type) {
      case 'transition': {
        const action = e.details.action;
        const to = e.toStatus as TicketStatus | null;
        if (action === 'hold') signals.push({ kind: 'hold', at, reason: (e.details.holdReason as HoldReason) ?? 'other' });
        else if (action === 'resume') signals.push({ kind: 'resume', at });
        else if (action === 'reopen') signals.push({ kind: 'reopened', at });
        if (to === 'accepted' && action === 'accept') signals.push({ kind: 'accepted', at });
        else if (to === 'dispatched' && action === 'dispatch') signals.push({ kind: 'dispatched', at });
        else if (to === 'in_progress' && action === 'start') signals.push({ kind: 'started', at });
        else if (to === 'completed') signals.push({ kind: 'completed', at });
        else if (to === 'closed') signals.push({ kind: 'closed', at, phoneFix: e.fromStatus === 'reported' || e.fromStatus === 'accepted' });
        else if (to === 'cancelled') signals.push({ kind: 'cancelled', at });
        break;
      }
      case 'arrived':
      case 'callback':
      case 'loaner_requested':
      case 'loaner_provided':
      case 'contractor_arrived':
        signals.push({ kind: e.type, at });
        break;
      case 'field_step':
        // The technician's own "arrived" on the phone is the arrival the clocks wait for.
        if (e.details.kind === 'arrive') signals.push({ kind: 'arrived', at });
        break;
      case 'sla_extended':
        signals.push({ kind: 'extended', at, metric: e.details.metric as SlaMetric, reason: String(e.details.reason ?? '') });
        break;
      default:
        break;
    }
  }
  return signals.sort((a, b) => a.at - b.at);
}
