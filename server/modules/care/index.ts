/** care: calls to customers and what they raise (H5, H6), follow-up tasks; callbacks, surveys, complaints and reminders join here. */
export { createCareService, type CareService } from './care.service';
export { careRoutes } from './care.routes';
