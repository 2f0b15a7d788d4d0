import type { HoldReason, SlaMetric } from './domain';

/**
 * What happened to a ticket, reduced to what SLA clocks listen to. The tickets module makes
 * these from its events; the SLA engine makes clocks from them. Instants are epoch ms.
 */
export type Signal =
  | { kind: 'reported' | 'accepted' | 'dispatched' | 'started' | 'arrived' | 'completed' | 'cancelled' | 'reopened' | 'resume'; at: number }
  | { kind: 'callback' | 'loaner_requested' | 'loaner_provided' | 'contractor_arrived'; at: number }
  | { kind: 'closed'; at: number; phoneFix: boolean }
  | { kind: 'hold'; at: number; reason: HoldReason }
  | { kind: 'extended'; at: number; metric: SlaMetric; reason: string };
