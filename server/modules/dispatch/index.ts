/** dispatch: technicians' profiles (M1, T1), availability and leave, planned visits, the dispatch board and its suggestions (H4). */
export { createDispatchService, type DispatchService } from './dispatch.service';
export { dispatchRoutes } from './dispatch.routes';
/** Published view: exam results (T1) for M10's bonus. */
export { examResultRefs } from './dispatch.schema';
