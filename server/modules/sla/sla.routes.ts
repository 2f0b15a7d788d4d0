import { z } from 'zod';
import { idParams } from '../../../shared/contracts/common';
import { attainmentQuery, attainmentRow, breachQuery, breachRow, clockView, policyBody, policyView, recomputeStatusView, ticketPolicyView } from '../../../shared/contracts/sla';
import { t } from '../../../shared/i18n';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, withETag, type Api } from '../../http/common';
import { requestLocale } from '../../http/locale';
import { sendXlsx } from '../../http/xlsx';
import type { SlaService } from './sla.service';

export function slaRoutes(api: Api, sla: SlaService) {
  api.get('/api/v1/tickets/:id/sla', {
    config: { permission: 'tickets.read' },
    schema: {
      tags: ['sla'],
      summary: 'The ticket’s SLA clocks with their reason trails, and (staff) the policy it is counted by',
      params: idParams,
      response: { 200: z.object({ items: z.array(clockView), policy: ticketPolicyView.nullable() }) },
    },
    handler: async (request) => {
      const [items, policy] = await Promise.all([sla.clocksOf(actorOf(request), request.params.id), sla.policyOfTicket(actorOf(request), request.params.id)]);
      return { items, policy };
    },
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
      response: { 200: recomputeStatusView },
    },
    handler: async (request) => ({ job: await sla.recomputeStatus(actorOf(request)) }),
  });

  api.get('/api/v1/sla/breaches', {
    config: { permission: 'sla.read' },
    schema: {
      tags: ['sla'],
      summary: 'The breach queue: running clocks past due or past a warning, most urgent first',
      querystring: breachQuery,
      response: { 200: z.object({ items: z.array(breachRow) }) },
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
      querystring: attainmentQuery,
      response: { 200: z.object({ items: z.array(attainmentRow) }) },
    },
    handler: async (request) => ({ items: await sla.attainment(actorOf(request), { from: new Date(request.query.from), to: new Date(request.query.to) }) }),
  });

  api.get('/api/v1/sla/breaches/export.xlsx', {
    config: { permission: 'sla.read' },
    schema: { tags: ['sla'], summary: 'The whole breach queue as Excel under the same state filter, most urgent first (streamed)', querystring: breachQuery.pick({ state: true }) },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      return sendXlsx(reply, t(locale, 'nav.breaches'), await sla.exportBreaches(actorOf(request), locale, request.query.state));
    },
  });

  api.get('/api/v1/sla/attainment/export.xlsx', {
    config: { permission: 'sla.read' },
    schema: { tags: ['sla'], summary: 'SLA attainment by metric, team and month as Excel', querystring: attainmentQuery },
    handler: async (request, reply) => {
      const locale = requestLocale(request);
      return sendXlsx(reply, t(locale, 'nav.attainment'), await sla.exportAttainment(actorOf(request), locale, { from: new Date(request.query.from), to: new Date(request.query.to) }));
    },
  });
}
