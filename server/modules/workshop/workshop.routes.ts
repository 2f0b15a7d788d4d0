import { idParams } from '../../../shared/contracts/common';
import { attachmentView } from '../../../shared/contracts/files';
import {
  checkInDraftBody,
  correctCheckInBody,
  deliveryBody,
  itemParams,
  preInspectionItemBody,
  qcBody,
  signCheckInBody,
  stageNoteBody,
  stageParams,
  startStageBody,
  updatePreInspectionItemBody,
  workshopView,
} from '../../../shared/contracts/workshop';
import { actorOf } from '../../http/auth';
import { ifMatchVersion, type Api } from '../../http/common';
import { readUpload } from '../../http/uploads';
import type { WorkshopService } from './workshop.service';

const tags = ['workshop'];

export function workshopRoutes(api: Api, workshop: WorkshopService) {
  api.get('/api/v1/tickets/:id/workshop', {
    config: { permission: 'tickets.read' },
    schema: {
      tags,
      summary: 'The workshop job of a ticket: check-in, pre-inspection, stages and what may happen next (A3, A4)',
      params: idParams,
      response: { 200: workshopView },
    },
    handler: async (request) => workshop.getState(actorOf(request), request.params.id),
  });

  api.put('/api/v1/tickets/:id/workshop/check-in', {
    config: { permission: 'workshop.act' },
    schema: {
      tags,
      summary: 'A3: save the check-in draft (If-Match: the check-in’s version, 0 for the first); a signed check-in is read-only',
      params: idParams,
      body: checkInDraftBody,
      response: { 200: workshopView },
    },
    handler: async (request) => workshop.saveCheckInDraft(actorOf(request), request.params.id, ifMatchVersion(request), request.body),
  });

  api.post('/api/v1/tickets/:id/workshop/check-in/sign', {
    config: { permission: 'workshop.act' },
    schema: {
      tags,
      summary: 'A3: the customer signs the check-in (If-Match); it must be complete, with the valuables reminder and a signature',
      params: idParams,
      body: signCheckInBody,
      response: { 200: workshopView },
    },
    handler: async (request) => workshop.signCheckIn(actorOf(request), request.params.id, ifMatchVersion(request), request.body),
  });

  api.post('/api/v1/tickets/:id/workshop/check-in/corrections', {
    config: { permission: 'workshop.act' },
    schema: {
      tags,
      summary: 'A3: correct a signed check-in: a new draft revision with the reason, to be signed again (If-Match: the signed version)',
      params: idParams,
      body: correctCheckInBody,
      response: { 201: workshopView },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await workshop.correctCheckIn(actorOf(request), request.params.id, ifMatchVersion(request), request.body.reason)),
  });

  api.post('/api/v1/tickets/:id/workshop/photos', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A3: a walk-around photo (multipart/form-data, field `file`); name it in the check-in’s photoIds', params: idParams, response: { 201: attachmentView } },
    handler: async (request, reply) => reply.code(201).send(await workshop.attachFile(actorOf(request), request.params.id, 'checkin_photo', await readUpload(request))),
  });

  api.post('/api/v1/tickets/:id/workshop/signature', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A3: the customer’s signature as a PNG (multipart/form-data, field `file`); then sign with its id', params: idParams, response: { 201: attachmentView } },
    handler: async (request, reply) => reply.code(201).send(await workshop.attachFile(actorOf(request), request.params.id, 'signature', await readUpload(request))),
  });

  api.post('/api/v1/tickets/:id/workshop/pre-inspection', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A3: record a pre-inspection finding, the work it needs, its estimate and the customer’s answer', params: idParams, body: preInspectionItemBody, response: { 201: workshopView } },
    handler: async (request, reply) => reply.code(201).send(await workshop.addPreInspectionItem(actorOf(request), request.params.id, request.body)),
  });

  api.patch('/api/v1/tickets/:id/workshop/pre-inspection/:itemId', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A3: change a pre-inspection item or record the customer’s answer (If-Match: the item’s version)', params: itemParams, body: updatePreInspectionItemBody, response: { 200: workshopView } },
    handler: async (request) =>
      workshop.updatePreInspectionItem(actorOf(request), request.params.id, request.params.itemId, ifMatchVersion(request), request.body),
  });

  api.post('/api/v1/tickets/:id/workshop/stages/:stage/start', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A4: start the current stage (If-Match: the job’s version, 0 before the first stage)', params: stageParams, body: startStageBody, response: { 200: workshopView } },
    handler: async (request) => workshop.startStage(actorOf(request), request.params.id, request.params.stage, ifMatchVersion(request), request.body),
  });

  api.post('/api/v1/tickets/:id/workshop/stages/:stage/finish', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A4: the team finished the current stage (If-Match)', params: stageParams, body: stageNoteBody, response: { 200: workshopView } },
    handler: async (request) => workshop.finishStage(actorOf(request), request.params.id, request.params.stage, ifMatchVersion(request), request.body.note ?? null),
  });

  api.post('/api/v1/tickets/:id/workshop/stages/:stage/sign', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A4: the team lead signs the finished stage; the job moves to the next (If-Match)', params: stageParams, body: stageNoteBody, response: { 200: workshopView } },
    handler: async (request) => workshop.signStage(actorOf(request), request.params.id, request.params.stage, ifMatchVersion(request), request.body.note ?? null),
  });

  api.post('/api/v1/tickets/:id/workshop/qc', {
    config: { permission: 'workshop.qc' },
    schema: {
      tags,
      summary: 'A4: final QC passes the job, or fails it back to an earlier stage with the reason and counts a rework (If-Match)',
      params: idParams,
      body: qcBody,
      response: { 200: workshopView },
    },
    handler: async (request) => workshop.recordQc(actorOf(request), request.params.id, ifMatchVersion(request), request.body),
  });

  api.post('/api/v1/tickets/:id/workshop/delivery', {
    config: { permission: 'workshop.act' },
    schema: { tags, summary: 'A6: the adviser explained each approved item and its cost at delivery (If-Match: the job’s version)', params: idParams, body: deliveryBody, response: { 200: workshopView } },
    handler: async (request) => workshop.explainDelivery(actorOf(request), request.params.id, ifMatchVersion(request), request.body),
  });
}
