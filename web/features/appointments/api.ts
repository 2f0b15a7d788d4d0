import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AppointmentStatus,
  AppointmentView,
  BookAppointmentBody,
  BookingRequestView,
  ConfirmBookingRequestBody,
  ContactAttemptView,
  ContactOutcome,
  SlotTemplateBody,
  SlotTemplateView,
  SlotView,
  TaskView,
  TechnicianChoice as TechnicianChoiceView,
  boardView,
  bookingLinkView,
  publicBookingPage,
  publicBookingResult,
} from '../../../shared/contracts/appointments';
import type { Priority, TicketType } from '../../../shared/domain';
import { api, newIdempotencyKey, type Wire } from '../../lib/api';
import { appointmentKeys, customerKeys, ticketKeys } from '../../lib/query-keys';

export type Appointment = Wire<AppointmentView>;
export type Slot = Wire<SlotView>;
export type SlotTemplate = Wire<SlotTemplateView>;
export type Board = Wire<z.infer<typeof boardView>>;
export type BoardSlot = Board['slots'][number];
export type BookingLink = Wire<z.infer<typeof bookingLinkView>>;
export type PublicPage = Wire<z.infer<typeof publicBookingPage>>;
export type PublicResult = Wire<z.infer<typeof publicBookingResult>>;
export type ContactAttempt = Wire<ContactAttemptView>;
export type Task = Wire<TaskView>;
export type TechnicianChoice = Wire<TechnicianChoiceView>;
export type BookingRequest = Wire<BookingRequestView>;

export function useBoard(day: string, serviceType?: string) {
  return useQuery({
    queryKey: appointmentKeys.board(day, serviceType ?? null),
    queryFn: () => api<Board>('GET', '/api/v1/appointments/board', { query: { day, serviceType } }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
}

/** Slots of a range of days: where a booking can move to. */
export function useSlots(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: appointmentKeys.slots(from, to),
    queryFn: () => api<{ items: Slot[] }>('GET', '/api/v1/appointments/slots', { query: { from, to } }),
    enabled,
  });
}

function useAppointmentMutation<V>(run: (vars: V) => Promise<Appointment>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => client.invalidateQueries({ queryKey: appointmentKeys.all }),
  });
}

/** Books a place; the key is made once per booking form, so a double click books once. */
export function useBook() {
  return useAppointmentMutation(({ body, key }: { body: BookAppointmentBody; key?: string }) =>
    api<Appointment>('POST', '/api/v1/appointments', { body, idempotencyKey: key ?? newIdempotencyKey() }),
  );
}

export function useSetStatus() {
  return useAppointmentMutation(({ appointment, status, reason }: { appointment: Appointment; status: AppointmentStatus; reason?: string }) =>
    api<Appointment>('POST', `/api/v1/appointments/${appointment.id}/status`, { body: { status, reason }, ifMatch: appointment.version }),
  );
}

export function useUpdateAppointment() {
  return useAppointmentMutation(
    ({ appointment, body }: { appointment: Appointment; body: { slotId?: string; requests?: string[]; technicianId?: string | null; note?: string | null } }) =>
      api<Appointment>('PATCH', `/api/v1/appointments/${appointment.id}`, { body, ifMatch: appointment.version }),
  );
}

export function useConvertToTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ appointment, type, priority }: { appointment: Appointment; type?: TicketType; priority?: Priority }) =>
      api<Appointment>('POST', `/api/v1/appointments/${appointment.id}/ticket`, { body: { type, priority } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: appointmentKeys.all });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

export function useTemplates() {
  return useQuery({ queryKey: appointmentKeys.templates, queryFn: () => api<{ items: SlotTemplate[] }>('GET', '/api/v1/appointments/templates') });
}

export function useSaveTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ template, body }: { template?: SlotTemplate; body: SlotTemplateBody }) =>
      template
        ? api<SlotTemplate>('PUT', `/api/v1/appointments/templates/${template.id}`, { body, ifMatch: template.version })
        : api<SlotTemplate>('POST', '/api/v1/appointments/templates', { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: appointmentKeys.templates }),
  });
}

export function useGenerateSlots() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ templateId, from, to }: { templateId: string; from: string; to: string }) =>
      api<{ created: number; skipped: number }>('POST', `/api/v1/appointments/templates/${templateId}/generate`, { body: { from, to } }),
    onSuccess: () => client.invalidateQueries({ queryKey: appointmentKeys.all }),
  });
}

export function useUpdateSlot() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ slot, body }: { slot: Pick<Slot, 'id' | 'version'>; body: { capacity?: number; open?: boolean } }) =>
      api<Slot>('PATCH', `/api/v1/appointments/slots/${slot.id}`, { body, ifMatch: slot.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: appointmentKeys.all }),
  });
}

export function useBookingLink(enabled: boolean) {
  return useQuery({ queryKey: appointmentKeys.bookingLink, queryFn: () => api<BookingLink>('GET', '/api/v1/appointments/booking-link'), enabled });
}

export function useRotateBookingLink() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<BookingLink>('POST', '/api/v1/appointments/booking-link/rotate'),
    onSuccess: (link) => client.setQueryData(appointmentKeys.bookingLink, link),
  });
}

// --- booking requests from the public page (S5) -------------------------------------------------

/** Pending booking requests, oldest first, each with the customers its phone suggests. */
export function useBookingRequests(enabled: boolean) {
  return useQuery({
    queryKey: appointmentKeys.bookingRequests,
    queryFn: () => api<{ items: BookingRequest[] }>('GET', '/api/v1/appointments/booking-requests', { query: { status: 'pending' } }),
    enabled,
    refetchInterval: 60_000,
  });
}

/** A confirmation makes an appointment (and perhaps a customer): the board and the lookups change. */
export function useConfirmBookingRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ request, body }: { request: BookingRequest; body: ConfirmBookingRequestBody }) =>
      api<{ request: BookingRequest; appointment: Appointment }>('POST', `/api/v1/appointments/booking-requests/${request.id}/confirm`, { body, ifMatch: request.version }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: appointmentKeys.all });
      void client.invalidateQueries({ queryKey: customerKeys.lookups });
    },
  });
}

export function useDeclineBookingRequest() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ request, reason }: { request: BookingRequest; reason?: string }) =>
      api<BookingRequest>('POST', `/api/v1/appointments/booking-requests/${request.id}/decline`, { body: { reason }, ifMatch: request.version }),
    onSuccess: () => client.invalidateQueries({ queryKey: appointmentKeys.all }),
  });
}

// --- the public page ------------------------------------------------------------------------

export function usePublicPage(token: string) {
  return useQuery({ queryKey: appointmentKeys.publicPage(token), queryFn: () => api<PublicPage>('GET', `/api/v1/public/booking/${token}`), staleTime: 30_000 });
}

export function usePublicBook(token: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; phone: string; slotId: string; request: string }) => api<PublicResult>('POST', `/api/v1/public/booking/${token}`, { body }),
    onSettled: () => client.invalidateQueries({ queryKey: appointmentKeys.publicPage(token) }),
  });
}

// --- contact attempts and tasks ---------------------------------------------------------------

export function useContactAttempts(ticketId: string, enabled: boolean) {
  return useQuery({
    queryKey: appointmentKeys.contactAttempts(ticketId),
    queryFn: () => api<{ items: ContactAttempt[] }>('GET', `/api/v1/tickets/${ticketId}/contact-attempts`),
    enabled,
  });
}

export function useLogAttempt(ticketId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { outcome: ContactOutcome; note?: string }) => api<ContactAttempt>('POST', `/api/v1/tickets/${ticketId}/contact-attempts`, { body }),
    onSuccess: () => {
      // The attempt is also in the ticket's timeline.
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: appointmentKeys.tasks });
    },
  });
}

export function useTasks(status: 'open' | 'done') {
  return useQuery({ queryKey: appointmentKeys.taskList(status), queryFn: () => api<{ items: Task[] }>('GET', '/api/v1/follow-up-tasks', { query: { status } }) });
}

export function useCompleteTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Task>('POST', `/api/v1/follow-up-tasks/${id}/done`),
    onSuccess: () => client.invalidateQueries({ queryKey: appointmentKeys.tasks }),
  });
}

export function useTechnicianChoices(enabled: boolean) {
  return useQuery({
    queryKey: appointmentKeys.technicians,
    queryFn: () => api<{ items: TechnicianChoice[] }>('GET', '/api/v1/appointments/technicians'),
    enabled,
    staleTime: 60_000,
  });
}
