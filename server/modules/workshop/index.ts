/** workshop: the car workshop's reception check-in, pre-inspection, stages by team and QC (A3, A4, A6). */
export { createWorkshopService, type WorkshopService } from './workshop.service';
export { workshopRoutes } from './workshop.routes';
/** Does the workshop's flow (check-in, stages, QC) apply to this ticket? Decided from the ticket alone. */
export { applies as workshopApplies } from './workshop.deps';
