/** fieldwork: a technician's day on a job, work reports, time entries, sign-offs and printed work orders. */
export { createFieldworkService, type FieldworkService } from './fieldwork.service';
export { fieldworkRoutes, type WorkOrderSources } from './fieldwork.routes';
export type { WorkOrderContent } from './work-order-pdf';
export type { WorkReportListener } from './work-reports';
/** Published views: pay reads time entries and received reports through these. */
export { timeEntryRefs, receivedReportRefs } from './fieldwork.schema';
