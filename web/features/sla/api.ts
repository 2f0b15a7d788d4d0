import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ClockBadge, ClockView, HolidayYearBody, PolicyBody, calendarBody, policyView } from '../../../shared/contracts/sla';
import type { SlaMetric, SlaState } from '../../../shared/domain';
import { api, type Wire } from '../../app/api';

export type Clock = Wire<ClockView>;
export type Badge = Wire<ClockBadge>;
export type Policy = Wire<z.infer<typeof policyView>>;
export type Window = { start: number; end: number };
export interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  weekly: '24x7' | Record<string, Window[]>;
  statutoryHolidays: boolean;
  isDefault: boolean;
  team: string | null;
  region: string | null;
  version: number;
  exceptions: { id: string; on: string; kind: 'closed' | 'open'; windows?: Window[]; name?: string }[];
}
export interface MonthDay {
  day: string;
  windows: Window[];
  kind: 'holiday' | 'makeup' | 'exception' | 'open' | 'closed';
  name: string | null;
}
export type HolidayYear = HolidayYearBody & { custom: boolean };
export interface BreachRow {
  ticketId: string;
  number: string;
  ticketStatus: string;
  priority: string;
  customerName: string;
  assigneeName: string | null;
  metric: SlaMetric;
  state: SlaState;
  dueAt: string | null;
  startedAt: string | null;
  firedBp: number | null;
}
export interface AttainmentRow {
  metric: SlaMetric;
  team: string | null;
  month: string;
  met: number;
  breached: number;
  attainmentBp: number | null;
}

export function useTicketClocks(ticketId: string) {
  return useQuery({ queryKey: ['ticket', ticketId, 'sla'], queryFn: () => api<{ items: Clock[] }>('GET', `/api/v1/tickets/${ticketId}/sla`), refetchInterval: 60_000 });
}

export function useFieldEvent(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { type: string; note?: string }) => api('POST', `/api/v1/tickets/${ticketId}/field-events`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['ticket', ticketId] }),
  });
}

export function useExtendClock(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { metric: SlaMetric; reason: string }) => api('POST', `/api/v1/tickets/${ticketId}/sla/extend`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['ticket', ticketId] }),
  });
}

export function useBreaches(state: 'breached' | 'warning' | undefined, page: number) {
  return useQuery({
    queryKey: ['sla', 'breaches', state, page],
    queryFn: () => api<{ items: BreachRow[] }>('GET', '/api/v1/sla/breaches', { query: { state, page, pageSize: 50 } }),
    refetchInterval: 30_000,
  });
}

export function useAttainment(from: string, to: string) {
  return useQuery({ queryKey: ['sla', 'attainment', from, to], queryFn: () => api<{ items: AttainmentRow[] }>('GET', '/api/v1/sla/attainment', { query: { from, to } }) });
}

export function usePolicies() {
  return useQuery({ queryKey: ['sla', 'policies'], queryFn: () => api<{ items: Policy[] }>('GET', '/api/v1/sla/policies') });
}

export function useSavePolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ policy, body }: { policy?: Policy; body: PolicyBody }) =>
      policy ? api<Policy>('PUT', `/api/v1/sla/policies/${policy.id}`, { body, ifMatch: policy.version }) : api<Policy>('POST', '/api/v1/sla/policies', { body }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['sla'] });
    },
  });
}

export function useRecompute() {
  return useQuery({
    queryKey: ['sla', 'recompute'],
    queryFn: () => api<{ job: { id: string; status: string; done: number; total: number | null; startedAt: string | null; finishedAt: string | null; reason: string | null } | null }>('GET', '/api/v1/sla/recompute'),
    refetchInterval: (q) => (q.state.data?.job && q.state.data.job.status !== 'done' && q.state.data.job.status !== 'failed' ? 1000 : 10_000),
  });
}

export function useCalendars() {
  return useQuery({ queryKey: ['sla', 'calendars'], queryFn: () => api<{ items: Calendar[] }>('GET', '/api/v1/calendars') });
}

export function useCalendarMonth(id: string | undefined, month: string) {
  return useQuery({
    queryKey: ['sla', 'calendars', id, month],
    queryFn: () => api<{ month: string; known: boolean; days: MonthDay[] }>('GET', `/api/v1/calendars/${id}/month`, { query: { month } }),
    enabled: !!id,
  });
}

export function useSaveCalendar() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ calendar, body }: { calendar?: Calendar; body: z.input<typeof calendarBody> }) =>
      calendar ? api<Calendar>('PUT', `/api/v1/calendars/${calendar.id}`, { body, ifMatch: calendar.version }) : api<Calendar>('POST', '/api/v1/calendars', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sla'] }),
  });
}

export function useCalendarException(calendarId: string | undefined) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { remove?: string; add?: { on: string; kind: 'closed' | 'open'; windows?: Window[]; name?: string } }) =>
      v.remove ? api('DELETE', `/api/v1/calendars/${calendarId}/exceptions/${v.remove}`) : api('POST', `/api/v1/calendars/${calendarId}/exceptions`, { body: v.add }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sla'] }),
  });
}

export function useHolidayYears() {
  return useQuery({ queryKey: ['sla', 'holiday-years'], queryFn: () => api<{ items: HolidayYear[] }>('GET', '/api/v1/holiday-years') });
}

export function useSaveHolidayYear() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: HolidayYearBody) => api('PUT', `/api/v1/holiday-years/${body.year}`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sla'] }),
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
    onSuccess: () => client.invalidateQueries({ queryKey: ['sla'] }),
  });
}

export function useHealth() {
  return useQuery({
    queryKey: ['health'],
    queryFn: () => api<{ status: string; database: string; holidayDataMissing: number[]; warnings: string[] }>('GET', '/api/health'),
    staleTime: 5 * 60_000,
  });
}
