/** sla: policies, clocks per ticket and metric, alerts that fire once, attainment. */
export { createSlaService, type SlaService } from './sla.service';
export { slaRoutes } from './sla.routes';
