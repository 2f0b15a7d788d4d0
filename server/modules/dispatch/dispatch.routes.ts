import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import {
  assignmentBody,
  boardQuery,
  boardView,
  certificateBody,
  examBody,
  examView,
  leaveBody,
  leaveUpdateBody,
  moveBody,
  nextFreeQuery,
  nextFreeView,
  profileBody,
  suggestionQuery,
  suggestionsView,
  technicianProfile,
  technicianQuery,
  technicianSummary,
  visitView,
  ticketVisitView,
  myVisitsQuery,
  myVisitsView,
} from '../../../shared/contracts/dispatch';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import type { DispatchService } from './dispatch.service';

const itemParams = z.object({ id: uuid, itemId: uuid });

export function dispatchRoutes(api: Api, dispatch: DispatchService) {
  api.get('/api/v1/dispatch/board', {
    config: { permission: 'dispatch.read' },
    schema: {
      tags: ['dispatch'],
      summary: 'The dispatch board for a day: technicians with availability and leave, their visits, and the unassigned queue by SLA urgency',
      querystring: boardQuery,
      response: { 200: boardView },
    },
    handler: async (request) => dispatch.board(actorOf(request), request.query),
  });

  api.get('/api/v1/tickets/:id/visit', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['dispatch'], summary: 'The ticket’s planned visit (上门安排): its window and who goes; null when none is planned', params: idParams, response: { 200: ticketVisitView } },
    handler: async (request) => dispatch.ticketVisit(actorOf(request), request.params.id),
  });

  api.get('/api/v1/my-visits', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['dispatch'], summary: 'The caller’s own planned visits (led or as crew) starting in [from, to), in time order: 我的一天', querystring: myVisitsQuery, response: { 200: myVisitsView } },
    handler: async (request) => {
      const { from, to } = request.query;
      return dispatch.myVisits(actorOf(request), from ? new Date(from) : undefined, to ? new Date(to) : undefined);
    },
  });

  api.get('/api/v1/dispatch/suggestions', {
    config: { permission: 'dispatch.read' },
    schema: {
      tags: ['dispatch'],
      summary: 'Technicians for a ticket in a window, ranked by skill, region, load, availability and SLA urgency, each score explained',
      querystring: suggestionQuery,
      response: { 200: suggestionsView },
    },
    handler: async (request) => dispatch.suggest(actorOf(request), request.query),
  });

  api.get('/api/v1/dispatch/next-free', {
    config: { permission: 'dispatch.read' },
    schema: {
      tags: ['dispatch'],
      summary: 'A new visit’s default start: the technician’s next free time on the day (after their last visit, or now rounded up to the quarter hour), in the organisation’s time zone and the working calendar; now for an emergency',
      querystring: nextFreeQuery,
      response: { 200: nextFreeView },
    },
    handler: async (request) => dispatch.nextFree(actorOf(request), request.query),
  });

  api.post('/api/v1/dispatch/assignments', {
    config: { permission: 'dispatch.manage' },
    schema: {
      tags: ['dispatch'],
      summary: 'Dispatch a ticket to a technician and crew with a planned window (If-Match: the ticket’s version)',
      body: assignmentBody,
      response: { 201: visitView },
    },
    handler: async (request, reply) => reply.code(201).send(withETag(reply, await dispatch.assign(actorOf(request), ifMatchVersion(request), request.body))),
  });

  api.patch('/api/v1/dispatch/visits/:id', {
    config: { permission: 'dispatch.manage' },
    schema: {
      tags: ['dispatch'],
      summary: 'Move a visit to another time (H4: with the customer’s consent) or technician (If-Match: the visit’s version)',
      params: idParams,
      body: moveBody,
      response: { 200: visitView },
    },
    handler: async (request, reply) => withETag(reply, await dispatch.moveVisit(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.get('/api/v1/dispatch/technicians', {
    config: { permission: 'dispatch.read' },
    schema: { tags: ['dispatch'], summary: 'Active technicians with their profiles (M1)', querystring: technicianQuery, response: { 200: z.object({ items: z.array(technicianSummary) }) } },
    handler: async (request) => ({ items: await dispatch.listTechnicians(actorOf(request), request.query) }),
  });

  api.get('/api/v1/dispatch/technicians/:id', {
    config: { permission: 'dispatch.read' },
    schema: { tags: ['dispatch'], summary: 'A technician’s profile: skills, certificates, exams (T1), leave', params: idParams, response: { 200: technicianProfile } },
    handler: async (request, reply) => withETag(reply, await dispatch.getTechnician(actorOf(request), request.params.id)),
  });

  api.put('/api/v1/dispatch/technicians/:id/profile', {
    config: { permission: 'dispatch.manage' },
    schema: {
      tags: ['dispatch'],
      summary: 'Set regions, vehicle, calendar and skills (If-Match: the profile’s version, 0 before the first save)',
      params: idParams,
      body: profileBody,
      response: { 200: technicianProfile },
    },
    handler: async (request, reply) => withETag(reply, await dispatch.saveProfile(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.post('/api/v1/dispatch/technicians/:id/certificates', {
    config: { permission: 'dispatch.manage' },
    schema: { tags: ['dispatch'], params: idParams, body: certificateBody, response: { 201: technicianProfile } },
    handler: async (request, reply) => reply.code(201).send(await dispatch.addCertificate(actorOf(request), request.params.id, request.body)),
  });

  api.delete('/api/v1/dispatch/technicians/:id/certificates/:itemId', {
    config: { permission: 'dispatch.manage' },
    schema: { tags: ['dispatch'], params: itemParams, response: { 200: technicianProfile } },
    handler: async (request) => dispatch.removeCertificate(actorOf(request), request.params.id, request.params.itemId),
  });

  api.post('/api/v1/dispatch/technicians/:id/exams', {
    config: { permission: 'dispatch.manage' },
    schema: { tags: ['dispatch'], summary: 'T1: record a written skills test; the attempt is counted by the server (M10 pays a first-attempt pass)', params: idParams, body: examBody, response: { 201: examView } },
    handler: async (request, reply) => reply.code(201).send(await dispatch.recordExam(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/dispatch/technicians/:id/leaves', {
    config: { permission: 'dispatch.manage' },
    schema: { tags: ['dispatch'], params: idParams, body: leaveBody, response: { 201: technicianProfile } },
    handler: async (request, reply) => reply.code(201).send(await dispatch.addLeave(actorOf(request), request.params.id, request.body)),
  });

  api.patch('/api/v1/dispatch/technicians/:id/leaves/:itemId', {
    config: { permission: 'dispatch.manage' },
    schema: { tags: ['dispatch'], summary: 'Change or approve a leave (If-Match: the leave’s version)', params: itemParams, body: leaveUpdateBody, response: { 200: technicianProfile } },
    handler: async (request) => dispatch.updateLeave(actorOf(request), request.params.id, request.params.itemId, ifMatchVersion(request), request.body),
  });

  api.delete('/api/v1/dispatch/technicians/:id/leaves/:itemId', {
    config: { permission: 'dispatch.manage' },
    schema: { tags: ['dispatch'], params: itemParams, response: { 200: technicianProfile } },
    handler: async (request) => dispatch.removeLeave(actorOf(request), request.params.id, request.params.itemId),
  });
}
