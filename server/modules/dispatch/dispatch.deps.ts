import { MAX_VISIT_MINUTES } from '../../../shared/dispatch';
import type { Db } from '../../db/client';
import { fieldError } from '../../errors';
import type { CalendarService } from '../calendar';
import type { IdentityService, Organisation } from '../identity';
import type { SlaService } from '../sla';
import type { TicketService } from '../tickets';
import type { Interval } from './availability';

/** What the dispatch module is made with (see `server/services.ts`); every use case gets it as it is. */
export interface DispatchDeps {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  /** Each technician's working hours; a profile names its calendar. */
  calendars: Pick<CalendarService, 'businessCalendar' | 'getCalendar'>;
  /** The tickets module, in the board's transaction: the ticket's lock, and every change with its own events. */
  tickets: Pick<TicketService, 'lockForChange' | 'transitionInTx' | 'setCrewInTx' | 'recordEvent' | 'crewOf' | 'assertVisible'>;
  /** Who obtained a customer's consent to a new time (H4). */
  staff: Pick<IdentityService, 'findPerson' | 'namesOf'>;
  /** The most urgent running SLA clock of each ticket, for the queue's order and the suggestions. */
  sla: Pick<SlaService, 'badgesFor'>;
}

/** The longest visit the board plans; a day's reads look back this far for visits that run into it. */
export const MAX_VISIT_MS = MAX_VISIT_MINUTES * 60_000;

export const uniq = (ids: readonly string[]) => [...new Set(ids)];

/** A planned window must end after it starts, within MAX_VISIT_MINUTES. */
export function checkWindow(startIso: string, endIso: string): Interval {
  const start = new Date(startIso).getTime();
  const end = new Date(endIso).getTime();
  if (end <= start) throw fieldError('body.plannedEnd', 'errors.detail.visitEndsBeforeStart', { code: 'too_small' });
  if (end - start > MAX_VISIT_MS) {
    throw fieldError('body.plannedEnd', 'errors.detail.visitTooLong', { code: 'too_big', params: { hours: MAX_VISIT_MINUTES / 60 } });
  }
  return { start, end };
}
