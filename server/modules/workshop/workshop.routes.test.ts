import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workshopTicket } from '../../test/fixtures';
import { createAppHarness, TEST_PASSWORD, type AppHarness } from '../../test/harness';
import { caller, fileUpload } from '../../test/http';
import { makePng as png } from '../../png';

let h: AppHarness;
let admin: ReturnType<typeof caller>;

beforeAll(async () => {
  h = await createAppHarness();
  admin = caller(h.app, h.adminToken);
});
afterAll(async () => {
  await h?.close();
});

/** Calls as whoever the token is: `callAs(token)('POST', url, body, { ifMatch })`. */
const callAs = (token: string) => caller(h.app, token);

/** The administrator uploads a file to one of the workshop's upload routes. */
const upload = (url: string, bytes: Buffer, fileName: string, contentType: string) => {
  const form = fileUpload(bytes, fileName, contentType);
  return admin('POST', url, form.payload, { headers: { 'content-type': form.contentType } });
};

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
    const { id } = await workshopTicket(h);
    const base = `/api/v1/tickets/${id}/workshop`;
    expect((await admin('PUT', `${base}/check-in`, body())).statusCode).toBe(428);
    const draft = await admin('PUT', `${base}/check-in`, body(), { ifMatch: 0 });
    expect(draft.statusCode, draft.body).toBe(200);
    const version = draft.json().checkIn.version;

    const uploaded = await upload(`${base}/signature`, png(), 'signature.png', 'image/png');
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    expect(uploaded.json()).toMatchObject({ ownerType: 'ticket', ownerId: id, purpose: 'signature', contentType: 'image/png' });
    const refused = await upload(`${base}/signature`, Buffer.from('签名'), 'signature.txt', 'text/plain');
    expect(refused.statusCode).toBe(415);

    const noReminder = await admin('POST', `${base}/check-in/sign`, { ...body(uploaded.json().id), valuablesReminded: false }, { ifMatch: version });
    expect(noReminder.statusCode).toBe(400);
    expect(noReminder.headers['content-type']).toContain('application/problem+json');
    expect(noReminder.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'body.valuablesReminded', message: '须提醒客户取走车内贵重物品' }] });
    const unsigned = await admin('POST', `${base}/check-in/sign`, body(), { ifMatch: version });
    expect(unsigned.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.signatureAttachmentId', 'body.signerName']);

    const signed = await admin('POST', `${base}/check-in/sign`, body(uploaded.json().id), { ifMatch: version });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().checkIn).toMatchObject({ status: 'signed', damagePoints: [{ x: 0.5, y: 0.97, note: '刮擦' }], signature: { signerName: '刘女士' } });
    const again = await admin('PUT', `${base}/check-in`, body(), { ifMatch: signed.json().checkIn.version });
    expect(again.json()).toMatchObject({ code: 'CHECKIN_SIGNED', status: 409 });
  });

  it('A4: stages out of order are 409 STAGE_OUT_OF_ORDER, QC takes workshop.qc, and completion waits for a pass', async () => {
    const { id } = await workshopTicket(h);
    const base = `/api/v1/tickets/${id}/workshop`;
    const agent = await h.tokenFor('hotline_agent');
    expect((await callAs(agent)('PUT', `${base}/check-in`, body(), { ifMatch: 0 })).statusCode).toBe(403);
    const tech = await h.actorWithRole('technician');
    const techToken = (await admin('POST', '/api/v1/auth/login', { username: tech.username, password: TEST_PASSWORD })).json().token as string;

    const sig = (await upload(`${base}/signature`, png(), 'sig.png', 'image/png')).json();
    expect((await admin('POST', `${base}/check-in/sign`, body(sig.id), { ifMatch: 0 })).statusCode).toBe(200);
    let ticket = (await admin('GET', `/api/v1/tickets/${id}`)).json();
    for (const step of [{ action: 'accept' }, { action: 'dispatch', technicianId: tech.userId }, { action: 'start' }]) {
      ticket = (await admin('POST', `/api/v1/tickets/${id}/transitions`, step, { ifMatch: ticket.version })).json();
    }

    const outOfOrder = await callAs(techToken)('POST', `${base}/stages/paint/start`, {}, { ifMatch: 0 });
    expect(outOfOrder.statusCode).toBe(409);
    expect(outOfOrder.json()).toMatchObject({ code: 'STAGE_OUT_OF_ORDER', expected: { stage: 'body', action: 'start' } });

    let v = 0;
    const step = async (path: string, token = techToken, payload: unknown = {}) => {
      const response = await callAs(token)('POST', `${base}/${path}`, payload, { ifMatch: v });
      expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
      v = response.json().job.version;
      return response.json();
    };
    for (const stage of ['body', 'paint']) for (const action of ['start', 'finish', 'sign']) await step(`stages/${stage}/${action}`);
    expect((await callAs(techToken)('POST', `${base}/stages/body/start`, {}, { ifMatch: v - 1 })).statusCode).toBe(409);
    await step('stages/qc/start');
    expect((await callAs(techToken)('POST', `${base}/qc`, { result: 'pass' }, { ifMatch: v })).statusCode).toBe(403);

    ticket = (await admin('GET', `/api/v1/tickets/${id}`)).json();
    const early = await admin('POST', `/api/v1/tickets/${id}/transitions`, { action: 'complete' }, { ifMatch: ticket.version });
    expect(early.json()).toMatchObject({ status: 409, code: 'QC_NOT_PASSED' });

    const qc = await h.tokenFor('qc_inspector');
    const failed = await step('qc', qc, { result: 'fail', reason: '漆面流挂', backTo: 'paint' });
    expect(failed.job).toMatchObject({ currentStage: 'paint', round: 2 });
    for (const action of ['start', 'finish', 'sign']) await step(`stages/paint/${action}`);
    await step('stages/qc/start');
    const passed = await step('qc', qc, { result: 'pass' });
    expect(passed.stages.map((s: { stage: string; status: string }) => `${s.stage}:${s.status}`)).toEqual(['body:signed', 'paint:signed', 'qc:failed', 'paint:signed', 'qc:passed']);

    ticket = (await admin('GET', `/api/v1/tickets/${id}`)).json();
    expect(ticket.reworkCount).toBe(1);
    const done = await callAs(techToken)('POST', `/api/v1/tickets/${id}/transitions`, { action: 'complete' }, { ifMatch: ticket.version });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().status).toBe('completed');
  });
});
