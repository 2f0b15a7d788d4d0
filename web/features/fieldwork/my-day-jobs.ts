import type { TicketFilter } from '../../lib/queries/tickets';

/** The technician's open jobs: what "我的一天" lists, and what its route asks for ahead of the page. */
export const MY_DAY_JOBS: TicketFilter = { status: 'dispatched,in_progress,on_hold,completed', page: 1, pageSize: 50 };
