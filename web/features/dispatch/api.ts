import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  assignmentBody,
  BoardView,
  CertificateBody,
  ExamBody,
  leaveBody,
  LeaveUpdateBody,
  moveBody,
  NextFreeView,
  profileBody,
  SuggestionView,
  TechnicianProfile,
  VisitView,
  TicketVisitView,
  suggestionsView,
  technicianSummary,
} from '../../../shared/contracts/dispatch';
import { api, type Wire } from '../../lib/api';
import { dispatchKeys, ticketKeys, userKeys } from '../../lib/query-keys';
import type { gradeChangeBody, gradeChangeView } from '../../../shared/contracts/identity';

export type Board = Wire<BoardView>;
export type BoardTechnician = Board['technicians'][number];
export type Visit = Wire<VisitView>;
export type QueueItem = Board['queue'][number];
export type Suggestion = Wire<SuggestionView>;
export type Suggestions = Wire<z.infer<typeof suggestionsView>>;
export type Profile = Wire<TechnicianProfile>;
export type NextFree = Wire<NextFreeView>;
export type TechnicianSummary = Wire<z.infer<typeof technicianSummary>>;

export interface BoardFilter {
  day: string;
  team?: string | undefined;
  region?: string | undefined;
}

export function useBoard(filter: BoardFilter) {
  return useQuery({
    queryKey: dispatchKeys.board(filter),
    queryFn: () => api<Board>('GET', '/api/v1/dispatch/board', { query: { ...filter } }),
    placeholderData: keepPreviousData,
    // Other dispatchers move things too.
    refetchInterval: 60_000,
  });
}

export function useSuggestions(ticketId: string | undefined, plannedStart: string | undefined, plannedEnd: string | undefined) {
  return useQuery({
    queryKey: dispatchKeys.suggestions(ticketId, plannedStart, plannedEnd),
    queryFn: () => api<Suggestions>('GET', '/api/v1/dispatch/suggestions', { query: { ticketId, plannedStart, plannedEnd } }),
    enabled: !!ticketId && !!plannedStart && !!plannedEnd,
    placeholderData: keepPreviousData,
  });
}

/**
 * Where a new visit should start by default: the technician's next free time on the day (now,
 * for an emergency), worked out by the server in the organisation's time zone and calendar.
 */
export function useNextFree(ticketId: string | undefined, technicianId: string | undefined, day: string | undefined, minutes: number | undefined) {
  return useQuery({
    queryKey: dispatchKeys.nextFree(ticketId, technicianId, day, minutes),
    queryFn: () => api<NextFree>('GET', '/api/v1/dispatch/next-free', { query: { ticketId, technicianId, day, minutes } }),
    enabled: !!ticketId,
    // "Now" moves on: a cached answer is not reused for a later dialog.
    gcTime: 0,
    staleTime: 0,
  });
}

function useInvalidateBoard() {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: dispatchKeys.all });
    void client.invalidateQueries({ queryKey: ticketKeys.lists });
    void client.invalidateQueries({ queryKey: ticketKeys.all });
  };
}

/** Dispatches a queued ticket with a window; `version` is the ticket's, as the board last saw it. */
export function useAssign() {
  const invalidate = useInvalidateBoard();
  return useMutation({
    mutationFn: ({ version, body }: { version: number; body: z.input<typeof assignmentBody> }) =>
      api<Visit>('POST', '/api/v1/dispatch/assignments', { body, ifMatch: version }),
    onSettled: invalidate,
  });
}

export function useMoveVisit() {
  const invalidate = useInvalidateBoard();
  return useMutation({
    mutationFn: ({ visit, body }: { visit: Visit; body: z.input<typeof moveBody> }) => api<Visit>('PATCH', `/api/v1/dispatch/visits/${visit.id}`, { body, ifMatch: visit.version }),
    onSettled: invalidate,
  });
}

export function useTechnicians(filter: { team?: string; region?: string } = {}) {
  return useQuery({
    queryKey: dispatchKeys.technicianList(filter),
    queryFn: () => api<{ items: TechnicianSummary[] }>('GET', '/api/v1/dispatch/technicians', { query: filter }),
  });
}

export function useTechnician(id: string) {
  return useQuery({ queryKey: dispatchKeys.technician(id), queryFn: () => api<Profile>('GET', `/api/v1/dispatch/technicians/${id}`) });
}

function useProfileMutation<V>(run: (profile: Profile, vars: V) => Promise<Profile | unknown>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ profile, vars }: { profile: Profile; vars: V }) => run(profile, vars),
    onSettled: (_data, _error, { profile }) => {
      void client.invalidateQueries({ queryKey: dispatchKeys.technician(profile.id) });
      void client.invalidateQueries({ queryKey: dispatchKeys.technicians });
      void client.invalidateQueries({ queryKey: dispatchKeys.boards });
    },
  });
}

const base = (p: Profile) => `/api/v1/dispatch/technicians/${p.id}`;

export const useSaveProfile = () => useProfileMutation<z.input<typeof profileBody>>((p, body) => api<Profile>('PUT', `${base(p)}/profile`, { body, ifMatch: p.version }));
export const useAddCertificate = () => useProfileMutation<CertificateBody>((p, body) => api<Profile>('POST', `${base(p)}/certificates`, { body }));
export const useRemoveCertificate = () => useProfileMutation<string>((p, id) => api<Profile>('DELETE', `${base(p)}/certificates/${id}`));
export const useRecordExam = () => useProfileMutation<ExamBody>((p, body) => api('POST', `${base(p)}/exams`, { body }));
export const useAddLeave = () => useProfileMutation<z.input<typeof leaveBody>>((p, body) => api<Profile>('POST', `${base(p)}/leaves`, { body }));
export const useUpdateLeave = () =>
  useProfileMutation<{ id: string; version: number; body: LeaveUpdateBody }>((p, v) => api<Profile>('PATCH', `${base(p)}/leaves/${v.id}`, { body: v.body, ifMatch: v.version }));
export const useRemoveLeave = () => useProfileMutation<string>((p, id) => api<Profile>('DELETE', `${base(p)}/leaves/${id}`));

export type GradeChange = Wire<z.infer<typeof gradeChangeView>>;

/** M1: the grade and employment status over time, newest first. */
export function useGradeHistory(userId: string) {
  return useQuery({ queryKey: dispatchKeys.grades(userId), queryFn: () => api<{ items: GradeChange[] }>('GET', `/api/v1/users/${userId}/grades`) });
}

/** M1: a change from a day; today's pair on the profile, the board and the list follows when it is due. */
export function useRecordGradeChange(userId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof gradeChangeBody>) => api<{ items: GradeChange[] }>('POST', `/api/v1/users/${userId}/grades`, { body }),
    onSuccess: (result) => {
      client.setQueryData(dispatchKeys.grades(userId), result);
      void client.invalidateQueries({ queryKey: dispatchKeys.all });
      void client.invalidateQueries({ queryKey: userKeys.lists });
    },
  });
}

/** A ticket's planned visit, or null; refreshed with everything dispatch after an assignment. */
export function useTicketVisit(ticketId: string) {
  return useQuery({ queryKey: dispatchKeys.ticketVisit(ticketId), queryFn: () => api<Wire<TicketVisitView>>('GET', `/api/v1/tickets/${ticketId}/visit`), select: (d) => d.visit });
}
