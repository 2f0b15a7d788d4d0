/** tickets: intake from every channel, the lifecycle, events, comments, crew. */
export { createTicketService, type TicketService } from './tickets.service';
export type { PastStep } from './past-steps';
export { ticketRoutes } from './tickets.routes';
export { visibleTicketRefs, type TicketRef } from './reads';
export type { RecordedEvent, TransitionGuard } from './ticket-hooks';
export { affectsClocks } from './ticket-history';
/** Published view: other modules read tickets through it, never through the tables. */
export { ticketRefs, ticketCrewRefs } from './tickets.schema';
