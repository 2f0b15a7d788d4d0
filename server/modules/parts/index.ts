/** parts: the catalogue, stock locations and the stock ledger (C4, C5, C6, E3, E5, H7, A2). */
export { createPartsService, type PartsService } from './parts.service';
export { partsRoutes } from './parts.routes';
export type { RequisitionPrinter } from './ticket-parts.routes';
/** For the money and pay work: a ticket's parts with their cost and price totals (E5), as the caller may see the ticket; `partsCostOfTickets` on the service gives many tickets' cost totals at once (M7). */
export type { TicketPartsView } from '../../../shared/contracts/parts-tickets';
export { priceOf } from './pricing';
