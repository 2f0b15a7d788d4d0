import { z } from 'zod';
import {
  appointmentStatusBody,
  appointmentView,
  boardQuery,
  boardView,
  bookAppointmentBody,
  bookingLinkView,
  bookingRequestListQuery,
  bookingRequestView,
  confirmBookingRequestBody,
  confirmedBookingRequest,
  declineBookingRequestBody,
  convertAppointmentBody,
  createSlotBody,
  generateSlotsBody,
  publicBookingBody,
  publicBookingPage,
  publicBookingResult,
  slotListQuery,
  slotTemplateBody,
  slotTemplateView,
  slotView,
  technicianChoice,
  updateAppointmentBody,
  updateSlotBody,
} from '../../../shared/contracts/appointments';
import { idParams } from '../../../shared/contracts/common';
import { actorOf } from '../../http/auth';
import { idempotencyKey, ifMatchVersion, withETag, type Api } from '../../http/common';
import type { AppointmentService } from './appointments.service';
import type { TicketConversion } from './conversion';

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

export function appointmentRoutes(api: Api, appointments: AppointmentService, conversion: TicketConversion) {
  // --- slot templates and slots ----------------------------------------------------------------

  api.get('/api/v1/appointments/templates', {
    config: { permission: 'appointments.read' },
    schema: { tags: ['appointments'], summary: 'Weekly slot templates', response: { 200: z.object({ items: z.array(slotTemplateView) }) } },
    handler: async (request) => ({ items: await appointments.listTemplates(actorOf(request)) }),
  });

  api.post('/api/v1/appointments/templates', {
    config: { permission: 'appointments.manage' },
    schema: { tags: ['appointments'], summary: 'Add a weekly slot template (weekdays, windows, places)', body: slotTemplateBody, response: { 201: slotTemplateView } },
    handler: async (request, reply) => reply.code(201).send(await appointments.createTemplate(actorOf(request), request.body)),
  });

  api.put('/api/v1/appointments/templates/:id', {
    config: { permission: 'appointments.manage' },
    schema: { tags: ['appointments'], summary: 'Change a template (If-Match); slots already made stay as they are', params: idParams, body: slotTemplateBody, response: { 200: slotTemplateView } },
    handler: async (request, reply) => withETag(reply, await appointments.updateTemplate(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/appointments/templates/:id/generate', {
    config: { permission: 'appointments.manage' },
    schema: {
      tags: ['appointments'],
      summary: 'Make the template’s slots for a range of days; existing slots are kept',
      params: idParams,
      body: generateSlotsBody,
      response: { 200: z.object({ created: z.number(), skipped: z.number() }) },
    },
    handler: async (request) => appointments.generateSlots(actorOf(request), request.params.id, request.body),
  });

  api.get('/api/v1/appointments/slots', {
    config: { permission: 'appointments.read' },
    schema: { tags: ['appointments'], summary: 'Slots between two days, with places taken', querystring: slotListQuery, response: { 200: z.object({ items: z.array(slotView) }) } },
    handler: async (request) => ({ items: await appointments.listSlots(actorOf(request), request.query) }),
  });

  api.post('/api/v1/appointments/slots', {
    config: { permission: 'appointments.manage' },
    schema: { tags: ['appointments'], summary: 'Add one slot by hand', body: createSlotBody, response: { 201: slotView } },
    handler: async (request, reply) => reply.code(201).send(await appointments.createSlot(actorOf(request), request.body)),
  });

  api.patch('/api/v1/appointments/slots/:id', {
    config: { permission: 'appointments.manage' },
    schema: { tags: ['appointments'], summary: 'Change a slot’s places or close it (If-Match); never below its bookings', params: idParams, body: updateSlotBody, response: { 200: slotView } },
    handler: async (request, reply) => withETag(reply, await appointments.updateSlot(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  // --- bookings and the board -------------------------------------------------------------------

  api.get('/api/v1/appointments/board', {
    config: { permission: 'appointments.read' },
    schema: { tags: ['appointments'], summary: '预约看板: one day’s slots with their bookings (A2)', querystring: boardQuery, response: { 200: boardView } },
    handler: async (request) => appointments.board(actorOf(request), request.query),
  });

  api.get('/api/v1/appointments/technicians', {
    config: { permission: 'appointments.manage' },
    schema: {
      tags: ['appointments'],
      summary: 'A2: technicians a caller may ask for',
      response: { 200: z.object({ items: z.array(technicianChoice) }) },
    },
    handler: async (request) => ({ items: await appointments.technicians(actorOf(request)) }),
  });

  api.post('/api/v1/appointments', {
    config: { permission: 'appointments.manage' },
    schema: {
      tags: ['appointments'],
      summary: 'Book a place (W3, A2); 409 SLOT_FULL when the last place went. The answer is what to read back. Send Idempotency-Key to make retries safe',
      headers: z.object({ 'idempotency-key': z.string().optional() }).loose(),
      body: bookAppointmentBody,
      response: { 201: appointmentView },
    },
    handler: async (request, reply) => {
      const booked = await appointments.book(actorOf(request), request.body, idempotencyKey(request));
      reply.header('Location', `/api/v1/appointments/${booked.id}`);
      return reply.code(201).send(withETag(reply, booked));
    },
  });

  api.get('/api/v1/appointments/:id', {
    config: { permission: 'appointments.read' },
    schema: { tags: ['appointments'], params: idParams, response: { 200: appointmentView } },
    handler: async (request, reply) => withETag(reply, await appointments.getAppointment(actorOf(request), request.params.id)),
  });

  api.patch('/api/v1/appointments/:id', {
    config: { permission: 'appointments.manage' },
    schema: { tags: ['appointments'], summary: 'Change requests, technician, asset or slot (If-Match)', params: idParams, body: updateAppointmentBody, response: { 200: appointmentView } },
    handler: async (request, reply) => withETag(reply, await appointments.updateAppointment(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/appointments/:id/status', {
    config: { permission: 'appointments.manage' },
    schema: { tags: ['appointments'], summary: 'Arrived, done, no-show or cancelled (If-Match); cancelling gives the place back', params: idParams, body: appointmentStatusBody, response: { 200: appointmentView } },
    handler: async (request, reply) => withETag(reply, await appointments.setStatus(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/appointments/:id/ticket', {
    // Making the ticket is the tickets module's work (server/workflows/appointment-to-ticket.ts) and needs its permission too.
    config: { permission: 'tickets.create' },
    schema: { tags: ['appointments'], summary: 'Turn an arrived appointment into a ticket linked to it (once)', params: idParams, body: convertAppointmentBody, response: { 200: appointmentView } },
    handler: async (request, reply) => withETag(reply, await conversion.convertToTicket(actorOf(request), request.params.id, request.body)),
  });

  // --- the self-service link ----------------------------------------------------------------------

  api.get('/api/v1/appointments/booking-link', {
    config: { permission: 'appointments.manage' },
    schema: { tags: ['appointments'], summary: 'The organisation’s self-service booking link (W3)', response: { 200: bookingLinkView } },
    handler: async (request) => appointments.bookingLink(actorOf(request)),
  });

  api.post('/api/v1/appointments/booking-link/rotate', {
    config: { permission: 'settings.manage' },
    schema: { tags: ['appointments'], summary: 'A new booking link; the old one stops working', response: { 200: bookingLinkView } },
    handler: async (request) => appointments.rotateBookingLink(actorOf(request)),
  });

  // --- booking requests from the public page (S5) ----------------------------------------------

  api.get('/api/v1/appointments/booking-requests', {
    config: { permission: 'appointments.manage' },
    schema: {
      tags: ['appointments'],
      summary: 'S5: booking requests from the public page; pending ones hold their place and carry the customers their phone suggests',
      querystring: bookingRequestListQuery,
      response: { 200: z.object({ items: z.array(bookingRequestView) }) },
    },
    handler: async (request) => ({ items: await appointments.listBookingRequests(actorOf(request), request.query) }),
  });

  api.post('/api/v1/appointments/booking-requests/:id/confirm', {
    config: { permission: 'appointments.manage' },
    schema: {
      tags: ['appointments'],
      summary: 'S5: confirm a booking request (If-Match) for an existing customer or a new one; the appointment takes over its place',
      params: idParams,
      body: confirmBookingRequestBody,
      response: { 200: confirmedBookingRequest },
    },
    handler: async (request) => appointments.confirmBookingRequest(actorOf(request), request.params.id, ifMatchVersion(request), request.body),
  });

  api.post('/api/v1/appointments/booking-requests/:id/decline', {
    config: { permission: 'appointments.manage' },
    schema: {
      tags: ['appointments'],
      summary: 'S5: decline a booking request (If-Match); its place goes back to the slot',
      params: idParams,
      body: declineBookingRequestBody,
      response: { 200: bookingRequestView },
    },
    handler: async (request, reply) => withETag(reply, await appointments.declineBookingRequest(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.get('/api/v1/public/booking/:token', {
    config: { public: true },
    schema: { tags: ['public'], summary: 'The self-service booking page: open slots with a place left', params: tokenParams, response: { 200: publicBookingPage } },
    handler: async (request) => appointments.publicPage(request.params.token, request.ip),
  });

  api.post('/api/v1/public/booking/:token', {
    config: { public: true },
    schema: {
      tags: ['public'],
      summary: 'W3, S5: a customer asks for a time with name and phone; it is held as a booking request until staff confirm it. 429 RATE_LIMITED past the address’s, the phone’s or the link’s allowance',
      params: tokenParams,
      body: publicBookingBody,
      response: { 201: publicBookingResult },
    },
    handler: async (request, reply) => reply.code(201).send(await appointments.submitBookingRequest(request.params.token, request.ip, request.body)),
  });
}
