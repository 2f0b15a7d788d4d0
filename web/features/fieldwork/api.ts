import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  approveTimeEntriesResult,
  CorrectTimeEntryBody,
  DeliveryCallbackBody,
  EditTimeEntryBody,
  FieldDayView,
  FieldStepBody,
  SignoffBody,
  SignoffsView,
  TimeEntryStatus,
  TimeEntryView,
  WorkReportBody,
} from '../../../shared/contracts/fieldwork';
import type { MyVisitsView } from '../../../shared/contracts/dispatch';
import { api, ApiError, serverNow, type Wire } from '../../lib/api';
import { enqueue, hasPending, markOffline } from './outbox';
import { fieldworkKeys, ticketKeys } from '../../lib/query-keys';

export type FieldDay = Wire<FieldDayView>;
export type TimeEntry = Wire<TimeEntryView>;
export type Signoffs = Wire<SignoffsView>;

export function useFieldDay(ticketId: string) {
  return useQuery({ queryKey: fieldworkKeys.day(ticketId), queryFn: () => api<FieldDay>('GET', `/api/v1/tickets/${ticketId}/field`) });
}

function useFieldMutation<V>(ticketId: string, run: (v: V) => Promise<FieldDay>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (day) => {
      client.setQueryData(fieldworkKeys.day(ticketId), day);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

/**
 * Records a step. Without signal (or while earlier steps still wait to be sent) the step is
 * kept on the phone with the time it was tapped, and the answer is null: the outbox sends it.
 */
export function useFieldStep(ticketId: string, userId: string) {
  const client = useQueryClient();
  return useMutation({
    // Not paused while offline (React Query's default): without signal the step goes to the outbox.
    networkMode: 'always',
    mutationFn: async (body: FieldStepBody): Promise<FieldDay | null> => {
      const clientAt = serverNow().toISOString();
      const keep = async () => {
        await enqueue({ type: 'step', ticketId, userId, body: { ...body, clientAt } });
        return null;
      };
      if (!navigator.onLine || hasPending(userId)) return keep();
      try {
        return await api<FieldDay>('POST', `/api/v1/tickets/${ticketId}/field/steps`, { body });
      } catch (e) {
        if (e instanceof ApiError) throw e;
        markOffline();
        return keep();
      }
    },
    onSuccess: (day) => {
      if (!day) return;
      client.setQueryData(fieldworkKeys.day(ticketId), day);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

export function useWorkReport(ticketId: string) {
  return useFieldMutation(ticketId, (body: WorkReportBody) => api<FieldDay>('POST', `/api/v1/tickets/${ticketId}/field/report`, { body }));
}

export function useDeliveryCallback(ticketId: string) {
  return useFieldMutation(ticketId, (body: DeliveryCallbackBody) => api<FieldDay>('POST', `/api/v1/tickets/${ticketId}/delivery-report/callback`, { body }));
}

export function useReceiveDelivery(ticketId: string) {
  return useFieldMutation(ticketId, () => api<FieldDay>('POST', `/api/v1/tickets/${ticketId}/delivery-report/receive`));
}

/** Uploads a signature or photo to the ticket and answers the attachment's id. */
export async function uploadToTicket(ticketId: string, blob: Blob, fileName: string, purpose: string): Promise<string> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', blob, fileName);
  const attachment = await api<{ id: string }>('POST', `/api/v1/tickets/${ticketId}/attachments`, { form });
  return attachment.id;
}

export function useSignoffs(ticketId: string) {
  return useQuery({ queryKey: fieldworkKeys.signoffs(ticketId), queryFn: () => api<Signoffs>('GET', `/api/v1/tickets/${ticketId}/signoffs`) });
}

export function useCollectSignoff(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SignoffBody) => api<Signoffs>('POST', `/api/v1/tickets/${ticketId}/signoffs`, { body }),
    onSuccess: (s) => {
      client.setQueryData(fieldworkKeys.signoffs(ticketId), s);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
    },
  });
}

export function useTimeEntries(filter: { status?: TimeEntryStatus; from?: string; to?: string }) {
  return useQuery({ queryKey: fieldworkKeys.timeEntryList(filter), queryFn: () => api<{ items: TimeEntry[] }>('GET', '/api/v1/time-entries', { query: { ...filter, limit: 500 } }) });
}

export function useApproveEntries() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (items: { id: string; version: number }[]) => api<z.infer<typeof approveTimeEntriesResult>>('POST', '/api/v1/time-entries/approve', { body: { items } }),
    onSuccess: () => client.invalidateQueries({ queryKey: fieldworkKeys.timeEntries }),
  });
}

export function useEditEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, ...body }: { entry: TimeEntry } & EditTimeEntryBody) => api<TimeEntry>('PATCH', `/api/v1/time-entries/${entry.id}`, { body, ifMatch: entry.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: fieldworkKeys.timeEntries }),
  });
}

export function useCorrectEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, ...body }: { entry: TimeEntry } & CorrectTimeEntryBody) => api<TimeEntry>('POST', `/api/v1/time-entries/${entry.id}/corrections`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: fieldworkKeys.timeEntries }),
  });
}

export type MyVisit = Wire<MyVisitsView>['items'][number];

/** The signed-in technician's planned visits (led or as crew) today and tomorrow in the organisation's zone, in time order. */
export const myVisitsQuery = () => ({ queryKey: [...fieldworkKeys.myVisits, 'today'], queryFn: () => api<Wire<MyVisitsView>>('GET', '/api/v1/my-visits') });
export function useMyVisits() {
  return useQuery(myVisitsQuery());
}
