import { z } from 'zod';
import { contactAttemptBody, contactAttemptView, taskListQuery, taskView } from '../../../shared/contracts/appointments';
import { idParams } from '../../../shared/contracts/common';
import { assetMaintenanceView, maintenanceRecordBody, maintenanceRecordView, patrolBody, patrolView } from '../../../shared/contracts/maintenance';
import { actorOf } from '../../http/auth';
import type { Api } from '../../http/common';
import type { CareService } from './care.service';

/** Calls to a ticket's customer (H5, H6) and the follow-up tasks they raise. */
export function careRoutes(api: Api, care: CareService) {
  api.get('/api/v1/tickets/:id/contact-attempts', {
    config: { permission: 'contacts.log' },
    schema: { tags: ['tickets'], summary: 'Calls to the customer about this ticket, newest first', params: idParams, response: { 200: z.object({ items: z.array(contactAttemptView) }) } },
    handler: async (request) => ({ items: await care.listAttempts(actorOf(request), request.params.id) }),
  });

  api.post('/api/v1/tickets/:id/contact-attempts', {
    config: { permission: 'contacts.log' },
    schema: {
      tags: ['tickets'],
      summary: 'H5, H6: log a call and its outcome; no answer sets a retry reminder, repeated failures tell the clerk, a wrong address raises a task',
      params: idParams,
      body: contactAttemptBody,
      response: { 201: contactAttemptView },
    },
    handler: async (request, reply) => reply.code(201).send(await care.logAttempt(actorOf(request), request.params.id, request.body)),
  });

  api.get('/api/v1/follow-up-tasks', {
    config: { permission: 'customers.write' },
    schema: { tags: ['appointments'], summary: 'Follow-up tasks (H6: correct a customer’s address), most urgent first', querystring: taskListQuery, response: { 200: z.object({ items: z.array(taskView) }) } },
    handler: async (request) => ({ items: await care.listTasks(actorOf(request), request.query) }),
  });

  api.post('/api/v1/follow-up-tasks/:id/done', {
    config: { permission: 'customers.write' },
    schema: { tags: ['appointments'], summary: 'Mark a task done', params: idParams, response: { 200: taskView } },
    handler: async (request) => care.completeTask(actorOf(request), request.params.id),
  });

  api.get('/api/v1/assets/:id/maintenance', {
    config: { permission: 'assets.read' },
    schema: { tags: ['assets'], summary: 'W2, E4: the asset’s maintenance plan (each item’s due day, last done, rule and setting) and its maintenance history', params: idParams, response: { 200: assetMaintenanceView } },
    handler: async (request) => care.assetMaintenance(actorOf(request), request.params.id),
  });

  api.post('/api/v1/assets/:id/maintenance', {
    config: { permission: 'assets.write' },
    schema: { tags: ['assets'], summary: 'W2, E4: record maintenance done on the asset (its open reminders of that kind are done with it)', params: idParams, body: maintenanceRecordBody, response: { 201: maintenanceRecordView } },
    handler: async (request, reply) => reply.code(201).send(await care.recordMaintenance(actorOf(request), request.params.id, request.body)),
  });

  api.post('/api/v1/sites/:id/patrols', {
    config: { permission: 'assets.write' },
    schema: { tags: ['customers'], summary: 'E4: record a patrol of the site, one finding per asset; a fault becomes a ticket on its asset', params: idParams, body: patrolBody, response: { 201: patrolView } },
    handler: async (request, reply) => reply.code(201).send(await care.recordPatrol(actorOf(request), request.params.id, request.body)),
  });
}
