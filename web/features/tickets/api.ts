import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AttachmentView } from '../../../shared/contracts/files';
import type {
  commentView,
  CreateTicketBody,
  TicketEventView,
  TicketListItem,
  TicketView,
  TransitionBody,
  UpdateTicketBody,
} from '../../../shared/contracts/tickets';
import type { ClockBadge } from '../../../shared/contracts/sla';
import { api, newIdempotencyKey, type Wire } from '../../app/api';

export type Ticket = Wire<TicketView>;
export type TicketRow = Wire<TicketListItem> & { sla: Wire<ClockBadge> | null };
export type TicketEvent = Wire<TicketEventView>;
export type Comment = Wire<z.infer<typeof commentView>>;
export type Attachment = Wire<AttachmentView>;

export interface TicketFilter {
  q?: string;
  status?: string;
  priority?: string;
  type?: string;
  channel?: string;
  warranty?: string;
  customerId?: string;
  assetId?: string;
  assigneeId?: string;
  page: number;
  pageSize: number;
}

export function useTickets(filter: TicketFilter) {
  return useQuery({
    queryKey: ['tickets', filter],
    queryFn: () => api<{ items: TicketRow[]; total: number; totalExact?: boolean }>('GET', '/api/v1/tickets', { query: { ...filter } }),
    placeholderData: keepPreviousData,
  });
}

export function useTicket(id: string) {
  return useQuery({ queryKey: ['ticket', id], queryFn: () => api<Ticket>('GET', `/api/v1/tickets/${id}`) });
}

export function useTicketEvents(id: string) {
  return useQuery({ queryKey: ['ticket', id, 'events'], queryFn: () => api<{ items: TicketEvent[] }>('GET', `/api/v1/tickets/${id}/events`) });
}

export function useComments(id: string) {
  return useQuery({ queryKey: ['ticket', id, 'comments'], queryFn: () => api<{ items: Comment[] }>('GET', `/api/v1/tickets/${id}/comments`) });
}

export function useAttachments(id: string) {
  return useQuery({ queryKey: ['ticket', id, 'attachments'], queryFn: () => api<{ items: Attachment[] }>('GET', `/api/v1/tickets/${id}/attachments`) });
}

/** Creates a ticket; the key is made once per form, so a double click or a retry makes one ticket. */
export function useCreateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateTicketBody; key?: string }) =>
      api<Ticket>('POST', '/api/v1/tickets', { body, idempotencyKey: key ?? newIdempotencyKey() }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tickets'] }),
  });
}

function useTicketMutation<V>(run: (ticket: Ticket, vars: V) => Promise<Ticket>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ticket, vars }: { ticket: Ticket; vars: V }) => run(ticket, vars),
    onSuccess: (updated) => {
      client.setQueryData(['ticket', updated.id], updated);
      void client.invalidateQueries({ queryKey: ['ticket', updated.id] });
      void client.invalidateQueries({ queryKey: ['tickets'] });
    },
  });
}

export function useTransition() {
  return useTicketMutation<TransitionBody>((ticket, body) => api<Ticket>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { body, ifMatch: ticket.version }));
}

export function useUpdateTicket() {
  return useTicketMutation<UpdateTicketBody>((ticket, body) => api<Ticket>('PATCH', `/api/v1/tickets/${ticket.id}`, { body, ifMatch: ticket.version }));
}

export function useAddComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; internal?: boolean }) => api<Comment>('POST', `/api/v1/tickets/${id}/comments`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['ticket', id] }),
  });
}

export function useUploadAttachment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return api<Attachment>('POST', `/api/v1/tickets/${id}/attachments`, { form });
    },
    onSuccess: () => client.invalidateQueries({ queryKey: ['ticket', id] }),
  });
}
