import { z } from 'zod';
import { idParams, uuid } from '../../../shared/contracts/common';
import { clockView, policyBody, policyView } from '../../../shared/contracts/sla';
import { SLA_METRICS, SLA_STATES } from '../../../shared/domain';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import type { SlaService } from './sla.service';

export function slaRoutes(api: Api, sla: SlaService) {
  api.get('/api/v1/tickets/:id/sla', {
    config: { permission: 'tickets.read' },
    schema: { tags: ['sla'], summary: 'The ticket’s SLA clocks with their reason trails', params: idParams, response: { 200: z.object({ items: z.array(clockView) }) } },
    handler: async (request) => ({ items: await sla.clocksOf(actorOf(request), request.params.id) }),
  });

  api.get('/api/v1/sla/policies', {
    config: { permission: 'sla.read' },
    schema: { tags: ['sla'], response: { 200: z.object({ items: z.array(policyView) }) } },
    handler: async (request) => ({ items: await sla.listPolicies(actorOf(request)) }),
  });

  api.post('/api/v1/sla/policies', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['sla'], summary: 'Add a policy; open tickets are recomputed in the background', body: policyBody, response: { 201: policyView } },
    handler: async (request, reply) => reply.code(201).send(await sla.createPolicy(actorOf(request), request.body)),
  });

  api.put('/api/v1/sla/policies/:id', {
    config: { permission: 'sla.manage' },
    schema: { tags: ['sla'], summary: 'Change a policy (If-Match); open tickets are recomputed in the background', params: idParams, body: policyBody, response: { 200: policyView } },
    handler: async (request, reply) => withETag(reply, await sla.updatePolicy(actorOf(request), request.params.id, ifMatchVersion(request), request.body)),
  });

  api.get('/api/v1/sla/recompute', {
    config: { permission: 'sla.read' },
    schema: {
      tags: ['sla'],
      summary: 'Progress of the latest background recomputation',
      response: {
        200: z.object({
          job: z
            .object({ id: uuid, status: z.string(), done: z.number(), total: z.number().nullable(), startedAt: z.date().nullable(), finishedAt: z.date().nullable(), reason: z.string().nullable() })
            .nullable(),
        }),
      },
    },
    handler: async (request) => ({ job: await sla.recomputeStatus(actorOf(request)) }),
  });

  api.get('/api/v1/sla/breaches', {
    config: { permission: 'sla.read' },
    schema: {
      tags: ['sla'],
      summary: 'The breach queue: running clocks past due or past a warning, most urgent first',
      querystring: z.object({
        state: z.enum(['breached', 'warning']).optional(),
        page: z.coerce.number().int().min(1).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              ticketId: uuid,
              number: z.string(),
              ticketStatus: z.string(),
              priority: z.string(),
              customerName: z.string(),
              assigneeName: z.string().nullable(),
              metric: z.enum(SLA_METRICS),
              state: z.enum(SLA_STATES),
              dueAt: z.date().nullable(),
              startedAt: z.date().nullable(),
              firedBp: z.number().nullable(),
            }),
          ),
        }),
      },
    },
    handler: async (request) => {
      const q = request.query;
      return { items: await sla.breachQueue(actorOf(request), { state: q.state, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }) };
    },
  });

  api.get('/api/v1/sla/attainment', {
    config: { permission: 'sla.read' },
    schema: {
      tags: ['sla'],
      summary: 'SLA attainment by metric, team and month',
      querystring: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) }),
      response: {
        200: z.object({
          items: z.array(z.object({ metric: z.enum(SLA_METRICS), team: z.string().nullable(), month: z.string(), met: z.number(), breached: z.number(), attainmentBp: z.number().nullable() })),
        }),
      },
    },
    handler: async (request) => ({ items: await sla.attainment(actorOf(request), { from: new Date(request.query.from), to: new Date(request.query.to) }) }),
  });
}
