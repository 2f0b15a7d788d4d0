import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AttainmentRow as AttainmentRowView,
  BreachRow as BreachRowView,
  CalendarMonthView,
  ExceptionBody,
  HolidayYearBody,
  HolidayYearView,
  PolicyBody,
  RecomputeStatusView,
  calendarBody,
  policyView,
  windowView,
} from '../../../shared/contracts/sla';
import { api, type Wire } from '../../lib/api';
import type { Calendar } from '../../lib/queries/calendars';
import { slaKeys } from '../../lib/query-keys';

export type Policy = Wire<z.infer<typeof policyView>>;
export type Window = z.infer<typeof windowView>;
export type MonthDay = Wire<CalendarMonthView>['days'][number];
export type HolidayYear = Wire<HolidayYearView>;
export type BreachRow = Wire<BreachRowView>;
export type AttainmentRow = Wire<AttainmentRowView>;
export type Recompute = Wire<RecomputeStatusView>;

export function useBreaches(state: 'breached' | 'warning' | undefined, page: number) {
  return useQuery({
    queryKey: slaKeys.breaches(state, page),
    queryFn: () => api<{ items: BreachRow[] }>('GET', '/api/v1/sla/breaches', { query: { state, page, pageSize: 50 } }),
    refetchInterval: 30_000,
  });
}

export function useAttainment(from: string, to: string) {
  return useQuery({ queryKey: slaKeys.attainment(from, to), queryFn: () => api<{ items: AttainmentRow[] }>('GET', '/api/v1/sla/attainment', { query: { from, to } }) });
}

export function usePolicies() {
  return useQuery({ queryKey: slaKeys.policies, queryFn: () => api<{ items: Policy[] }>('GET', '/api/v1/sla/policies') });
}

export function useSavePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ policy, body }: { policy?: Policy; body: PolicyBody }) =>
      policy ? api<Policy>('PUT', `/api/v1/sla/policies/${policy.id}`, { body, ifMatch: policy.version }) : api<Policy>('POST', '/api/v1/sla/policies', { body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: slaKeys.all });
    },
  });
}

export function useRecompute() {
  return useQuery({
    queryKey: slaKeys.recompute,
    queryFn: () => api<Recompute>('GET', '/api/v1/sla/recompute'),
    refetchInterval: (q) => (q.state.data?.job && q.state.data.job.status !== 'done' && q.state.data.job.status !== 'failed' ? 1000 : 10_000),
  });
}

export function useCalendarMonth(id: string | undefined, month: string) {
  return useQuery({
    queryKey: slaKeys.calendarMonth(id, month),
    queryFn: () => api<Wire<CalendarMonthView>>('GET', `/api/v1/calendars/${id}/month`, { query: { month } }),
    enabled: !!id,
  });
}

export function useSaveCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ calendar, body }: { calendar?: Calendar; body: z.input<typeof calendarBody> }) =>
      calendar ? api<Calendar>('PUT', `/api/v1/calendars/${calendar.id}`, { body, ifMatch: calendar.version }) : api<Calendar>('POST', '/api/v1/calendars', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: slaKeys.all }),
  });
}

export function useCalendarException(calendarId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { remove?: string; add?: ExceptionBody }) =>
      v.remove ? api('DELETE', `/api/v1/calendars/${calendarId}/exceptions/${v.remove}`) : api('POST', `/api/v1/calendars/${calendarId}/exceptions`, { body: v.add }),
    onSuccess: () => client.invalidateQueries({ queryKey: slaKeys.all }),
  });
}

export function useHolidayYears() {
  return useQuery({ queryKey: slaKeys.holidayYears, queryFn: () => api<{ items: HolidayYear[] }>('GET', '/api/v1/holiday-years') });
}

export function useSaveHolidayYear() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: HolidayYearBody) => api('PUT', `/api/v1/holiday-years/${body.year}`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: slaKeys.all }),
  });
}

export function useImportHolidays() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ file, source }: { file: File; source?: string }) => {
      const form = new FormData();
      if (source) form.append('source', source);
      form.append('file', file);
      return api<{ years: number[] }>('POST', '/api/v1/holiday-years/import', { form });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: slaKeys.all }),
  });
}
