import type { Api } from '../http/common';
import type { Services } from '../services';
import { callerLookupRoutes } from './caller-lookup';
import { customerExportRoutes } from './customer-export';
import { customerFileRoutes } from './customer-file';
import { ticketAttachmentRoutes } from './ticket-attachments';
import { ticketListRoutes } from './ticket-list';
import { ticketVisitRoutes } from './ticket-visit';
import { globalSearchRoutes } from './global-search';
import { workbenchRoutes } from './workbench';

/**
 * Use cases that span modules without belonging to either, one file each: each takes the
 * services it composes and registers its routes here.
 */
export function workflowRoutes(api: Api, services: Services, clock: () => Date) {
  callerLookupRoutes(api, services);
  customerFileRoutes(api, services);
  customerExportRoutes(api, services);
  ticketListRoutes(api, services);
  ticketAttachmentRoutes(api, services);
  ticketVisitRoutes(api, services);
  workbenchRoutes(api, { ...services, clock });
  globalSearchRoutes(api, services);
}
