/** sla: policies, clocks per ticket and metric, alerts that fire once, attainment. */
export { createSlaService, type Policy, type SlaOptions, type SlaService } from './sla.service';
export { slaRoutes } from './sla.routes';
/** The rule that picks a ticket's policy (the demo's timeline reads it too). */
export { choosePolicy } from './policy-match';
