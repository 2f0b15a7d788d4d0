import { useQuery } from '@tanstack/react-query';
import type { CalendarView } from '../../../shared/contracts/sla';
import { api, type Wire } from '../api';
import { slaKeys } from '../query-keys';

export type Calendar = Wire<CalendarView>;

/** Working calendars: SLA policies count business time on them, technicians work by one. */
export function useCalendars() {
  return useQuery({ queryKey: slaKeys.calendars, queryFn: () => api<{ items: Calendar[] }>('GET', '/api/v1/calendars') });
}
