import type { AssetKind, Channel, Priority, TicketType, WarrantyState } from './domain';
import type { Signal } from './sla-signal';

/**
 * What SLA policies choose by and clocks read of a ticket itself (its history is the signals).
 * Built in one place, `factsOf`, from the ticket and its asset, at intake and at every
 * recomputation alike, so that a policy cannot be chosen at one and not the other.
 */
export interface TicketFacts {
  priority: Priority;
  channel: Channel;
  type: TicketType;
  emergency: boolean;
  warranty: WarrantyState;
  /** R4 picks the contractor's deadline by it. */
  estimatedValueFen: number | null;
  customerId: string;
  assetKind: AssetKind | null;
  /** The asset's product line (its product's category). */
  productCategory: string | null;
  hasContractor: boolean;
}

/** The ticket columns facts come from. */
export interface FactsTicket {
  priority: Priority;
  channel: Channel;
  type: TicketType;
  emergency: boolean;
  warranty: WarrantyState;
  estimatedValueFen: number | null;
  customerId: string;
  contractorId: string | null;
}

/** The asset columns facts come from; none when the ticket has no asset. */
export interface FactsAsset {
  kind: AssetKind;
  productCategory: string | null;
}

export function factsOf(ticket: FactsTicket, asset: FactsAsset | null | undefined): TicketFacts {
  return {
    priority: ticket.priority,
    channel: ticket.channel,
    type: ticket.type,
    emergency: ticket.emergency,
    warranty: ticket.warranty,
    estimatedValueFen: ticket.estimatedValueFen,
    customerId: ticket.customerId,
    assetKind: asset?.kind ?? null,
    productCategory: asset?.productCategory ?? null,
    hasContractor: ticket.contractorId !== null,
  };
}

/** A ticket as SLA clocks hear it: its facts and what happened to it. */
export interface TicketHistory {
  ticketId: string;
  facts: TicketFacts;
  signals: Signal[];
}
