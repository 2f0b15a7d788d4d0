import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, type AppHarness } from '../../test/harness';
import { makePng as png } from '../../png';

let h: AppHarness;
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

function multipart(bytes: Buffer, fileName: string, contentType: string) {
  const boundary = `----workshop-${Math.random().toString(16).slice(2)}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head), bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function call(method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, token: string, payload?: unknown, ifMatch?: number) {
  return h.app.inject({
    method,
    url,
    headers: { ...auth(token), ...(ifMatch !== undefined ? { 'if-match': String(ifMatch) } : {}) },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
}

async function workshopTicket() {
  const customer = (await call('POST', '/api/v1/customers', h.adminToken, { name: '刘女士', phone: '13687654321' })).json();
  const car = (await call('POST', '/api/v1/assets', h.adminToken, { customerId: customer.id, serialNumber: 'LFV2A21K6M3001234', kind: 'vehicle', productName: '奥迪 A4L', attributes: { plate: '沪B·66666' } })).json();
  const ticket = (await call('POST', '/api/v1/tickets', h.adminToken, { customerId: customer.id, assetId: car.id, channel: 'walk_in', type: 'workshop', description: '后保险杠刮擦' })).json();
  return ticket.id as string;
}

const body = (signatureAttachmentId?: string) => ({
  mileageKm: 18_900,
  fuelLevel: 'three_quarters',
  checklist: ['exterior', 'tyres', 'glass', 'lights', 'interior'].map((item) => ({ item, state: item === 'exterior' ? 'damaged' : 'ok', note: item === 'exterior' ? '后保险杠刮擦' : null })),
  damagePoints: [{ x: 0.5, y: 0.97, note: '刮擦' }],
  valuablesReminded: true,
  licenceChecked: true,
  phoneChecked: true,
  requests: [{ text: '后保险杠喷漆', confirmed: true }],
  ...(signatureAttachmentId ? { signatureAttachmentId, signerName: '刘女士' } : {}),
});

describe('the workshop API', () => {
  it('A3: a check-in is saved as a draft and signed with the customer’s PNG signature; an incomplete one is a problem+json', async () => {
    const id = await workshopTicket();
    const base = `/api/v1/tickets/${id}/workshop`;
    expect((await call('PUT', `${base}/check-in`, h.adminToken, body())).statusCode).toBe(428);
    const draft = await call('PUT', `${base}/check-in`, h.adminToken, body(), 0);
    expect(draft.statusCode, draft.body).toBe(200);
    const version = draft.json().checkIn.version;

    const form = multipart(png(), 'signature.png', 'image/png');
    const uploaded = await h.app.inject({ method: 'POST', url: `${base}/signature`, headers: { ...auth(h.adminToken), 'content-type': form.contentType }, payload: form.payload });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json()).toMatchObject({ ownerType: 'ticket', ownerId: id, purpose: 'signature', contentType: 'image/png' });
    const text = multipart(Buffer.from('签名'), 'signature.txt', 'text/plain');
    const refused = await h.app.inject({ method: 'POST', url: `${base}/signature`, headers: { ...auth(h.adminToken), 'content-type': text.contentType }, payload: text.payload });
    expect(refused.statusCode).toBe(415);

    const noReminder = await call('POST', `${base}/check-in/sign`, h.adminToken, { ...body(uploaded.json().id), valuablesReminded: false }, version);
    expect(noReminder.statusCode).toBe(400);
    expect(noReminder.headers['content-type']).toContain('application/problem+json');
    expect(noReminder.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.valuablesReminded', message: '须提醒客户取走车内贵重物品' }] });
    const unsigned = await call('POST', `${base}/check-in/sign`, h.adminToken, body(), version);
    expect(unsigned.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.signatureAttachmentId', 'body.signerName']);

    const signed = await call('POST', `${base}/check-in/sign`, h.adminToken, body(uploaded.json().id), version);
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().checkIn).toMatchObject({ status: 'signed', damagePoints: [{ x: 0.5, y: 0.97, note: '刮擦' }], signature: { signerName: '刘女士' } });
    const again = await call('PUT', `${base}/check-in`, h.adminToken, body(), signed.json().checkIn.version);
    expect(again.json()).toMatchObject({ code: 'CHECKIN_SIGNED', status: 409 });
  });

  it('A4: stages out of order are 409 STAGE_OUT_OF_ORDER, QC takes workshop.qc, and completion waits for a pass', async () => {
    const id = await workshopTicket();
    const base = `/api/v1/tickets/${id}/workshop`;
    const agent = await h.tokenFor('hotline_agent');
    expect((await call('PUT', `${base}/check-in`, agent, body(), 0)).statusCode).toBe(403);
    const tech = await h.actorWithRole('technician');
    const techToken = (await call('POST', '/api/v1/auth/login', h.adminToken, { username: tech.username, password: 'Harness-key-4821' })).json().token as string;

    const form = multipart(png(), 'sig.png', 'image/png');
    const sig = (await h.app.inject({ method: 'POST', url: `${base}/signature`, headers: { ...auth(h.adminToken), 'content-type': form.contentType }, payload: form.payload })).json();
    expect((await call('POST', `${base}/check-in/sign`, h.adminToken, body(sig.id), 0)).statusCode).toBe(200);
    let ticket = (await call('GET', `/api/v1/tickets/${id}`, h.adminToken)).json();
    for (const step of [{ action: 'accept' }, { action: 'dispatch', technicianId: tech.userId }, { action: 'start' }]) {
      ticket = (await call('POST', `/api/v1/tickets/${id}/transitions`, h.adminToken, step, ticket.version)).json();
    }

    const outOfOrder = await call('POST', `${base}/stages/paint/start`, techToken, {}, 0);
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json()).toMatchObject({ code: 'STAGE_OUT_OF_ORDER', expected: { stage: 'body', action: 'start' } });

    let v = 0;
    const step = async (path: string, token = techToken, payload: unknown = {}) => {
      const response = await call('POST', `${base}/${path}`, token, payload, v);
      expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
      v = response.json().job.version;
      return response.json();
    };
    for (const stage of ['body', 'paint']) for (const action of ['start', 'finish', 'sign']) await step(`stages/${stage}/${action}`);
    expect((await call('POST', `${base}/stages/body/start`, techToken, {}, v - 1)).statusCode).toBe(409);
    await step('stages/qc/start');
    expect((await call('POST', `${base}/qc`, techToken, { result: 'pass' }, v)).statusCode).toBe(403);

    ticket = (await call('GET', `/api/v1/tickets/${id}`, h.adminToken)).json();
    const early = await call('POST', `/api/v1/tickets/${id}/transitions`, h.adminToken, { action: 'complete' }, ticket.version);
    expect(early.json()).toMatchObject({ status: 409, code: 'QC_NOT_PASSED' });

    const qc = await h.tokenFor('qc_inspector');
    const failed = await step('qc', qc, { result: 'fail', reason: '漆面流挂', backTo: 'paint' });
    expect(failed.job).toMatchObject({ currentStage: 'paint', round: 2 });
    for (const action of ['start', 'finish', 'sign']) await step(`stages/paint/${action}`);
    await step('stages/qc/start');
    const passed = await step('qc', qc, { result: 'pass' });
    expect(passed.stages.map((s: { stage: string; status: string }) => `${s.stage}:${s.status}`)).toEqual(['body:signed', 'paint:signed', 'qc:failed', 'paint:signed', 'qc:passed']);

    ticket = (await call('GET', `/api/v1/tickets/${id}`, h.adminToken)).json();
    expect(ticket.reworkCount).toBe(1);
    const done = await call('POST', `/api/v1/tickets/${id}/transitions`, techToken, { action: 'complete' }, ticket.version);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('completed');
  });
});
