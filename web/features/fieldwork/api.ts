import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryCallbackBody, FieldStepBody, SignoffParty, TimeEntryKind, WorkReportBody } from '../../../shared/contracts/fieldwork';
import { api } from '../../app/api';

export interface FieldDay {
  ticketId: string;
  status: string;
  steps: { id: string; kind: string; at: string; transport: string | null; waitReason: string | null; note: string | null }[];
  next: string[];
  canFinish: boolean;
  report: {
    faultFound: string;
    workDone: string;
    partsUsed: string | null;
    instructed: string[];
    deliveryChecklist: string[] | null;
    signerName: string;
    signatureAttachmentId: string | null;
    photoAttachmentIds: string[];
    submittedAt: string;
    receivedAt: string | null;
    callbackExplained: boolean | null;
    callbackNote: string | null;
    callbackAt: string | null;
  } | null;
  entries: TimeEntry[];
}

export interface TimeEntry {
  id: string;
  ticketId: string;
  userId: string;
  kind: TimeEntryKind;
  transport: string | null;
  waitReason: string | null;
  startedAt: string;
  endedAt: string;
  minutes: number;
  status: 'draft' | 'approved';
  edited: boolean;
  correctsId: string | null;
  note: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  version: number;
}

export interface Signoffs {
  set: string;
  required: boolean;
  parties: SignoffParty[];
  missing: SignoffParty[];
  items: { id: string; party: SignoffParty; signerName: string; method: 'drawn' | 'typed'; attachmentId: string | null; note: string | null; signedAt: string }[];
}

export function useFieldDay(ticketId: string) {
  return useQuery({ queryKey: ['ticket', ticketId, 'field'], queryFn: () => api<FieldDay>('GET', `/api/v1/tickets/${ticketId}/field`) });
}

function useFieldMutation<V>(ticketId: string, run: (v: V) => Promise<FieldDay>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (day) => {
      client.setQueryData(['ticket', ticketId, 'field'], day);
      void client.invalidateQueries({ queryKey: ['ticket', ticketId] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

export function useFieldStep(ticketId: string) {
  return useFieldMutation(ticketId, (body: FieldStepBody) => api<FieldDay>('POST', `/api/v1/tickets/${ticketId}/field/steps`, { body }));
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
  return useQuery({ queryKey: ['ticket', ticketId, 'signoffs'], queryFn: () => api<Signoffs>('GET', `/api/v1/tickets/${ticketId}/signoffs`) });
}

export function useCollectSignoff(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { party: SignoffParty; signerName: string; attachmentId?: string; typed?: boolean }) => api<Signoffs>('POST', `/api/v1/tickets/${ticketId}/signoffs`, { body }),
    onSuccess: (s) => {
      client.setQueryData(['ticket', ticketId, 'signoffs'], s);
      void client.invalidateQueries({ queryKey: ['ticket', ticketId] });
    },
  });
}

export function useTimeEntries(filter: { status?: 'draft' | 'approved'; from?: string; to?: string }) {
  return useQuery({ queryKey: ['time-entries', filter], queryFn: () => api<{ items: TimeEntry[] }>('GET', '/api/v1/time-entries', { query: { ...filter, limit: 500 } }) });
}

export function useApproveEntries() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (items: { id: string; version: number }[]) => api<{ approved: string[]; conflicts: string[] }>('POST', '/api/v1/time-entries/approve', { body: { items } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['time-entries'] }),
  });
}

export function useEditEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, minutes, note }: { entry: TimeEntry; minutes: number; note?: string }) => api<TimeEntry>('PATCH', `/api/v1/time-entries/${entry.id}`, { body: { minutes, note }, ifMatch: entry.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['time-entries'] }),
  });
}

export function useCorrectEntry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ entry, minutes, note }: { entry: TimeEntry; minutes: number; note: string }) => api<TimeEntry>('POST', `/api/v1/time-entries/${entry.id}/corrections`, { body: { minutes, note } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['time-entries'] }),
  });
}
