import type { BookingRequestStatus, ConfirmBookingRequestBody, SlotTemplateBody } from '../../../shared/contracts/appointments';
import type { Actor } from '../identity';
import { resolveDeps, type AppointmentsOptions } from './appointments.deps';
import { bookingLink, publicPage, rotateBookingLink } from './booking-link';
import { confirmBookingRequest, declineBookingRequest, listBookingRequests, submitBookingRequest } from './booking-requests';
import { board, book, getAppointment, remind, REMIND_JOB, setStatus, technicians, updateAppointment, type BookInput } from './bookings';
import { linkTicket, ticketSource } from './conversion';
import { bookedWindowOfTicket, ticketWasBooked } from './appointments.repository';
import type { Db } from '../../db/client';
import { createSlot, createTemplate, generateSlots, listSlots, listTemplates, updateSlot, updateTemplate } from './slots';

export type { AppointmentsOptions } from './appointments.deps';
export type { BookInput } from './bookings';

/**
 * The appointments module's public face. Each use case lives in its own file (slots, bookings,
 * the public booking link, the appointments' side of conversion to a ticket); this factory
 * gives them their dependencies and registers the reminder job.
 */
export function createAppointmentService(options: AppointmentsOptions) {
  const deps = resolveDeps(options);
  deps.jobs.register(REMIND_JOB, ({ job }) => remind(deps, job));

  return {
    // --- slot templates and slots ---------------------------------------------------------
    listTemplates: (actor: Actor) => listTemplates(deps, actor),
    createTemplate: (actor: Actor, body: SlotTemplateBody) => createTemplate(deps, actor, body),
    updateTemplate: (actor: Actor, id: string, version: number, body: SlotTemplateBody) => updateTemplate(deps, actor, id, version, body),
    generateSlots: (actor: Actor, templateId: string, range: { from: string; to: string }) => generateSlots(deps, actor, templateId, range),
    createSlot: (actor: Actor, body: Parameters<typeof createSlot>[2]) => createSlot(deps, actor, body),
    listSlots: (actor: Actor, query: Parameters<typeof listSlots>[2]) => listSlots(deps, actor, query),
    updateSlot: (actor: Actor, id: string, version: number, body: Parameters<typeof updateSlot>[4]) => updateSlot(deps, actor, id, version, body),

    // --- bookings and the board -----------------------------------------------------------
    book: (actor: Actor, input: BookInput, idempotencyKey?: string) => book(deps, actor, input, idempotencyKey),
    getAppointment: (actor: Actor, id: string) => getAppointment(deps, actor, id),
    updateAppointment: (actor: Actor, id: string, version: number, body: Parameters<typeof updateAppointment>[4]) => updateAppointment(deps, actor, id, version, body),
    setStatus: (actor: Actor, id: string, version: number, body: Parameters<typeof setStatus>[4]) => setStatus(deps, actor, id, version, body),
    board: (actor: Actor, query: Parameters<typeof board>[2]) => board(deps, actor, query),
    technicians: (actor: Actor) => technicians(deps, actor),

    // --- the self-service link ------------------------------------------------------------
    bookingLink: (actor: Actor) => bookingLink(deps, actor),
    rotateBookingLink: (actor: Actor) => rotateBookingLink(deps, actor),
    publicPage: (token: string, ip: string) => publicPage(deps, token, ip),
    /** S5: what the page sends is a booking request, held until staff decide it. */
    submitBookingRequest: (token: string, ip: string, body: Parameters<typeof submitBookingRequest>[3]) => submitBookingRequest(deps, token, ip, body),

    // --- booking requests, for staff --------------------------------------------------------
    listBookingRequests: (actor: Actor, query: { status: BookingRequestStatus }) => listBookingRequests(deps, actor, query),
    confirmBookingRequest: (actor: Actor, id: string, version: number, body: ConfirmBookingRequestBody) => confirmBookingRequest(deps, actor, id, version, body),
    declineBookingRequest: (actor: Actor, id: string, version: number, body: { reason?: string | null | undefined }) => declineBookingRequest(deps, actor, id, version, body),

    // --- for the appointment → ticket workflow ----------------------------------------------
    /** The appointment as it already became a ticket, or what its ticket is made from (arrived only). */
    ticketSource: (actor: Actor, id: string) => ticketSource(deps, actor, id),
    /** Links the ticket made for the appointment to it, once. */
    linkTicket: (actor: Actor, id: string, ticketId: string) => linkTicket(deps, actor, id, ticketId),
    /** W3: was this ticket made from a booked appointment? (the money of a job gives the booking discount) */
    ticketWasBooked: (tx: Db, orgId: string, ticketId: string) => ticketWasBooked(tx, orgId, ticketId),
    /** The booked window of the appointment the ticket was made from, for the customer's tracking page. */
    bookedWindowOf: (orgId: string, ticketId: string) => bookedWindowOfTicket(deps.db, orgId, ticketId),
  };
}

export type AppointmentService = ReturnType<typeof createAppointmentService>;
