import { createContext, useContext, type ComponentType } from 'react';
import type { TicketEventType } from '../../shared/domain';
import type { Ticket, TicketEvent } from './queries/tickets';

/**
 * What other features add to the ticket page, without the ticket page knowing them: panels in
 * its side column or across its width, and how the timeline tells their events. `web/app`
 * fills it; the tickets feature reads it.
 */
export interface TicketPanel {
  key: string;
  /** `side`: the column beside the details, above the timeline; `wide`: below both, full width. */
  place: 'side' | 'wide';
  /** Renders nothing when the ticket is not its kind (a workshop panel on a repair). */
  Panel: ComponentType<{ ticket: Ticket }>;
}

export type EventRenderer = ComponentType<{ event: TicketEvent }>;

export interface TicketPageParts {
  panels: readonly TicketPanel[];
  /** By event type; a type with no renderer here is told by the ticket page itself, or by its label. */
  events: Partial<Record<TicketEventType, EventRenderer>>;
}

const Parts = createContext<TicketPageParts>({ panels: [], events: {} });

export const TicketPagePartsProvider = Parts.Provider;

export function useTicketPageParts(): TicketPageParts {
  return useContext(Parts);
}
