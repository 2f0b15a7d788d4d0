/** tickets: intake from every channel, the lifecycle, events, comments, crew. */
export { createTicketService, type TicketService } from './tickets.service';
export { ticketRoutes } from './tickets.routes';
