import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AttachmentView } from '../../../shared/contracts/files';
import type { ChaseBody, commentBody, commentView, CreateTicketBody, TransitionBody, UpdateTicketBody } from '../../../shared/contracts/tickets';
import { api, newIdempotencyKey, type Wire } from '../../lib/api';
import type { Ticket, TicketEvent } from '../../lib/queries/tickets';
import { appointmentKeys, ticketKeys } from '../../lib/query-keys';
import type { AppointmentView, SlotView } from '../../../shared/contracts/appointments';

export type Comment = Wire<z.infer<typeof commentView>>;
export type Attachment = Wire<AttachmentView>;

export function useTicketEvents(id: string) {
  return useQuery({ queryKey: ticketKeys.events(id), queryFn: () => api<{ items: TicketEvent[] }>('GET', `/api/v1/tickets/${id}/events`) });
}

export function useComments(id: string) {
  return useQuery({ queryKey: ticketKeys.comments(id), queryFn: () => api<{ items: Comment[] }>('GET', `/api/v1/tickets/${id}/comments`) });
}

export function useAttachments(id: string) {
  return useQuery({ queryKey: ticketKeys.attachments(id), queryFn: () => api<{ items: Attachment[] }>('GET', `/api/v1/tickets/${id}/attachments`) });
}

/** Creates a ticket; the key is made once per form, so a double click or a retry makes one ticket. */
export function useCreateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ body, key }: { body: CreateTicketBody; key?: string }) =>
      api<Ticket>('POST', '/api/v1/tickets', { body, idempotencyKey: key ?? newIdempotencyKey() }),
    onSuccess: () => client.invalidateQueries({ queryKey: ticketKeys.lists }),
  });
}

function useTicketMutation<V>(run: (ticket: Ticket, vars: V) => Promise<Ticket>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ticket, vars }: { ticket: Ticket; vars: V }) => run(ticket, vars),
    onSuccess: (updated) => {
      client.setQueryData(ticketKeys.detail(updated.id), updated);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(updated.id) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
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
    mutationFn: (body: z.input<typeof commentBody>) => api<Comment>('POST', `/api/v1/tickets/${id}/comments`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
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
    onSuccess: () => client.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
  });
}

/** A repeat call about an open ticket (催单): counted on it, no new ticket. */
export function useChaseTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ChaseBody }) => api<Ticket>('POST', `/api/v1/tickets/${id}/chases`, { body }),
    onSuccess: (updated) => {
      client.setQueryData(ticketKeys.detail(updated.id), updated);
      void client.invalidateQueries({ queryKey: ticketKeys.detail(updated.id) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

export type OpenSlot = Wire<SlotView>;

/** Appointment slots of the coming days with a place left: what a caller may ask for at intake. */
export function useOpenSlots(from: string, to: string, enabled: boolean) {
  return useQuery({
    queryKey: appointmentKeys.slots(from, to),
    queryFn: () => api<{ items: OpenSlot[] }>('GET', '/api/v1/appointments/slots', { query: { from, to } }),
    enabled,
    staleTime: 30_000,
  });
}

/** 期望上门时间: books the chosen slot for the ticket just saved and links it. */
export function useBookVisit() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ ticketId, slotId }: { ticketId: string; slotId: string }) => api<Wire<AppointmentView>>('POST', `/api/v1/tickets/${ticketId}/visit`, { body: { slotId } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: appointmentKeys.all });
      void client.invalidateQueries({ queryKey: ticketKeys.all });
    },
  });
}
