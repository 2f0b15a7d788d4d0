import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignCheckInBody } from '../../../shared/contracts/workshop';
import type { TicketAction } from '../../../shared/domain';
import { technician, workshopTicket } from '../../test/fixtures';
import { createHarness, type Harness } from '../../test/harness';
import { codeOf, refusal } from '../../test/http';
import type { Actor } from '../identity';
import { makePng as png } from '../../png';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const upload = (bytes: Buffer, fileName = 'signature.png') => ({ stream: Readable.from([bytes]), fileName, declaredType: 'image/png' });
/** The fields a refused call names. */
const fieldsRefused = async (run: Promise<unknown>) => (await refusal(run)).fields;

const CHECKLIST = ['exterior', 'tyres', 'glass', 'lights', 'interior'].map((item) => ({ item, state: 'ok' as const }));

async function setup() {
  const { actor: tech } = await technician(h, { name: '李钣金' });
  const ticket = await workshopTicket(h);
  const w = h.services.workshop;
  const act = async (action: TicketAction, more: Record<string, unknown> = {}, actor: Actor = h.admin) => {
    const current = await h.services.tickets.getTicket(h.admin, ticket.id);
    return h.services.tickets.transition(actor, ticket.id, current.version, { action, ...more });
  };
  const state = () => w.getState(h.admin, ticket.id);
  const signature = async () => (await w.attachFile(h.admin, ticket.id, 'signature', upload(png()))).id;
  const complete = async (extra: Partial<SignCheckInBody> = {}): Promise<SignCheckInBody> => ({
    mileageKm: 42_315,
    fuelLevel: 'half',
    checklist: CHECKLIST,
    damagePoints: [],
    photoIds: [],
    valuablesReminded: true,
    licenceChecked: true,
    phoneChecked: true,
    requests: [{ text: '左前门钣金喷漆', confirmed: true }],
    remarks: null,
    signatureAttachmentId: await signature(),
    signerName: '陈先生',
    ...extra,
  });
  /** Signs a check-in and starts work on the ticket, so that stages may begin. */
  const ready = async () => {
    await w.signCheckIn(h.admin, ticket.id, 0, await complete());
    await act('accept');
    await act('dispatch', { technicianId: tech.userId });
    await act('start');
  };
  const version = async () => (await state()).job.version;
  const stage = async (name: string, action: 'start' | 'finish' | 'sign', actor: Actor = h.admin, extra: Record<string, unknown> = {}) => {
    const v = await version();
    if (action === 'start') return w.startStage(actor, ticket.id, name, v, extra);
    if (action === 'finish') return w.finishStage(actor, ticket.id, name, v, null);
    return w.signStage(actor, ticket.id, name, v, null);
  };
  const through = async (...names: string[]) => {
    for (const name of names) for (const a of ['start', 'finish', 'sign'] as const) await stage(name, a);
  };
  return { tech, ticket, w, act, state, signature, complete, ready, version, stage, through };
}

describe('workshop reception (A3)', () => {
  it('A3: a check-in counts as signed only with the valuables reminder confirmed and the customer’s signature', async () => {
    const { ticket, w, state, complete } = await setup();
    await w.saveCheckInDraft(h.admin, ticket.id, 0, { ...(await complete()), signatureAttachmentId: undefined, signerName: undefined } as never);
    const draft = (await state()).checkIn!;
    expect(draft).toMatchObject({ status: 'draft', revision: 1, signature: null });

    expect(await fieldsRefused(w.signCheckIn(h.admin, ticket.id, draft.version, await complete({ valuablesReminded: false })))).toEqual(['body.valuablesReminded']);
    expect(await fieldsRefused(w.signCheckIn(h.admin, ticket.id, draft.version, await complete({ signatureAttachmentId: null })))).toEqual(['body.signatureAttachmentId']);
    expect(await fieldsRefused(w.signCheckIn(h.admin, ticket.id, draft.version, await complete({ requests: [{ text: '顺便洗车', confirmed: false }] })))).toEqual([
      'body.requests.0.confirmed',
    ]);
    expect((await state()).checkIn).toMatchObject({ status: 'draft', version: draft.version });

    const signed = (await w.signCheckIn(h.admin, ticket.id, draft.version, await complete())).checkIn!;
    expect(signed).toMatchObject({ status: 'signed', valuablesReminded: true, signature: { signerName: '陈先生', collectedBy: { id: h.admin.userId } } });
    expect(signed.signature!.signedAt.toISOString()).toBe(h.clock().toISOString());

    // Signed once; read-only after.
    expect(await codeOf(w.saveCheckInDraft(h.admin, ticket.id, signed.version, { ...(await complete()), mileageKm: 1 } as never))).toBe('CHECKIN_SIGNED');
    expect(await codeOf(w.signCheckIn(h.admin, ticket.id, signed.version, await complete()))).toBe('CHECKIN_SIGNED');
  });

  it('A3: a signature must be the customer’s PNG on this ticket', async () => {
    const { ticket, w, complete } = await setup();
    const photo = await w.attachFile(h.admin, ticket.id, 'checkin_photo', upload(png(), 'front.png'));
    expect(await codeOf(w.signCheckIn(h.admin, ticket.id, 0, await complete({ signatureAttachmentId: photo.id })))).toBe('INVALID_REFERENCE');
    expect(await codeOf(w.attachFile(h.admin, ticket.id, 'signature', { stream: Readable.from([Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')]), fileName: 'x.pdf', declaredType: 'application/pdf' }))).toBe(
      'FILE_TYPE_NOT_ALLOWED',
    );
  });

  it('A3: the damage marked on the car, the checklist, photos and each confirmed request are kept with the signature', async () => {
    const { ticket, w, complete } = await setup();
    const photo = await w.attachFile(h.admin, ticket.id, 'checkin_photo', upload(png(), 'left-door.png'));
    const body = await complete({
      checklist: [
        { item: 'exterior', state: 'damaged', note: '左前门凹陷约 10 cm' },
        { item: 'tyres', state: 'ok' },
        { item: 'glass', state: 'ok' },
        { item: 'lights', state: 'damaged', note: '右尾灯裂纹' },
        { item: 'interior', state: 'ok' },
      ],
      damagePoints: [
        { x: 0.18, y: 0.36, note: '凹陷' },
        { x: 0.8, y: 0.95, note: '尾灯裂纹' },
      ],
      photoIds: [photo.id],
      requests: [
        { text: '左前门钣金喷漆', confirmed: true },
        { text: '更换右尾灯', confirmed: true },
      ],
    });
    const view = await w.signCheckIn(h.admin, ticket.id, 0, body);
    expect(view.checkIn).toMatchObject({
      mileageKm: 42_315,
      fuelLevel: 'half',
      damagePoints: body.damagePoints,
      photoIds: [photo.id],
      requests: body.requests,
    });
    expect(view.checkIn!.checklist.filter((c) => c.state === 'damaged').map((c) => [c.item, c.note])).toEqual([
      ['exterior', '左前门凹陷约 10 cm'],
      ['lights', '右尾灯裂纹'],
    ]);
    const events = await h.services.tickets.findEvents(h.admin, ticket.id);
    expect(events.find((e) => e.type === 'workshop')?.details).toMatchObject({ kind: 'checkin_signed', damaged: ['exterior', 'lights'], damagePoints: 2 });
    // A walk-around item the organisation does not check is refused, not stored.
    expect(await fieldsRefused(w.saveCheckInDraft(h.admin, ticket.id, 0, { ...body, checklist: [{ item: 'roof_box', state: 'ok' }] } as never))).toEqual(['body.checklist.0.item']);
  });

  it('A3: a correction is a new revision with its reason; the signed one it replaces is kept', async () => {
    const { ticket, w, complete, state } = await setup();
    const first = (await w.signCheckIn(h.admin, ticket.id, 0, await complete())).checkIn!;
    const corrected = await w.correctCheckIn(h.admin, ticket.id, first.version, '里程数录入错误');
    expect(corrected.checkIn).toMatchObject({ revision: 2, status: 'draft', correctionReason: '里程数录入错误', mileageKm: 42_315, signature: null });
    const second = (await w.signCheckIn(h.admin, ticket.id, corrected.checkIn!.version, await complete({ mileageKm: 43_215 }))).checkIn!;
    expect(second).toMatchObject({ revision: 2, status: 'signed', mileageKm: 43_215 });
    expect((await state()).checkInHistory).toMatchObject([{ revision: 1, status: 'superseded', mileageKm: 42_315 }]);
  });

  it('A3: the technician’s pre-inspection records each finding, the work, its estimate and the customer’s answer', async () => {
    const { ticket, w, tech, act } = await setup();
    await act('accept');
    await act('dispatch', { technicianId: tech.userId });
    await w.addPreInspectionItem(tech, ticket.id, { finding: '左前门内板变形', recommendedWork: '钣金修复', estimatedCostFen: 80_000 });
    const view = await w.addPreInspectionItem(tech, ticket.id, { finding: '前刹车片剩余 2 mm', recommendedWork: '更换前刹车片', estimatedCostFen: 45_000, customerApproved: false });
    expect(view.preInspection).toMatchObject([
      { finding: '左前门内板变形', recommendedWork: '钣金修复', estimatedCostFen: 80_000, customerApproved: null, recordedBy: { id: tech.userId, name: '李钣金' } },
      { finding: '前刹车片剩余 2 mm', customerApproved: false },
    ]);
    const item = view.preInspection[0]!;
    const decided = await w.updatePreInspectionItem(h.admin, ticket.id, item.id, item.version, { customerApproved: true });
    expect(decided.preInspection[0]).toMatchObject({ customerApproved: true, version: item.version + 1 });
    expect(await codeOf(w.updatePreInspectionItem(h.admin, ticket.id, item.id, item.version, { customerApproved: false }))).toBe('VERSION_CONFLICT');
  });
});

describe('workshop stages (A4)', () => {
  it('A4: stages refuse to go out of order: body, then paint, then QC, each started, finished and signed', async () => {
    const { ticket, w, act, complete, tech, stage, state } = await setup();
    await act('accept');
    await act('dispatch', { technicianId: tech.userId });
    await act('start');
    // Nothing starts before the customer has signed the check-in.
    expect(await codeOf(stage('body', 'start'))).toBe('STAGE_OUT_OF_ORDER');
    await w.signCheckIn(h.admin, ticket.id, 0, await complete());

    expect(await codeOf(stage('paint', 'start'))).toBe('STAGE_OUT_OF_ORDER');
    expect(await codeOf(w.recordQc(h.admin, ticket.id, 0, { result: 'pass' }))).toBe('STAGE_OUT_OF_ORDER');
    await stage('body', 'start');
    expect(await codeOf(stage('body', 'sign'))).toBe('STAGE_OUT_OF_ORDER');
    expect(await codeOf(stage('paint', 'start'))).toBe('STAGE_OUT_OF_ORDER');
    await stage('body', 'finish');
    expect(await codeOf(stage('paint', 'start'))).toBe('STAGE_OUT_OF_ORDER');
    expect((await state()).next).toEqual({ stage: 'body', action: 'sign' });
    await stage('body', 'sign');
    expect(await codeOf(stage('body', 'start'))).toBe('STAGE_OUT_OF_ORDER');
    await stage('paint', 'start');
    expect((await state()).stages.map((s) => [s.stage, s.status])).toEqual([
      ['body', 'signed'],
      ['paint', 'in_progress'],
    ]);
    // A stale version is a conflict, not a second start.
    expect(await codeOf(w.finishStage(h.admin, ticket.id, 'paint', 1, null))).toBe('VERSION_CONFLICT');
  });

  it('A4: a stage is signed by its team lead, the job’s lead technician, a supervisor or a QC inspector, and says who', async () => {
    const { ticket, ready, stage, tech } = await setup();
    await ready();
    const painter = await h.actorWithRole('technician', { name: '周油漆' });
    const helper = await h.actorWithRole('technician', { name: '吴学徒' });
    // Both on the crew, so both see the job.
    const current = await h.services.tickets.getTicket(h.admin, ticket.id);
    await h.services.tickets.setCrew(h.admin, ticket.id, current.version, tech.userId, [painter.userId, helper.userId]);
    const qc = await h.actorWithRole('qc_inspector', { name: '郑质检' });
    await stage('body', 'start', tech);
    await stage('body', 'finish', tech);
    expect(await codeOf(stage('body', 'sign', helper))).toBe('FORBIDDEN');
    const body = await stage('body', 'sign', qc);
    expect(body.stages[0]).toMatchObject({ startedBy: { id: tech.userId }, finishedBy: { id: tech.userId }, signedBy: { id: qc.userId, name: '郑质检' } });
    await stage('paint', 'start', helper, { teamLeadId: painter.userId });
    await stage('paint', 'finish', helper);
    expect(await codeOf(stage('paint', 'sign', helper))).toBe('FORBIDDEN');
    const signed = await stage('paint', 'sign', painter);
    expect(signed.stages[1]).toMatchObject({ teamLead: { id: painter.userId }, signedBy: { id: painter.userId, name: '周油漆' } });
    expect(signed.stages[1]!.signedAt!.toISOString()).toBe(h.clock().toISOString());
    expect(signed.next).toEqual({ stage: 'qc', action: 'start' });
    // The job's lead technician signs too, without being named.
    await stage('qc', 'start', tech);
    expect(signed.job.plan).toEqual(['body', 'paint', 'qc']);
  });

  it('A4: a QC failure sends the job back to the chosen stage, with its reason, and counts a rework on the ticket', async () => {
    const { ticket, w, ready, through, stage, version, state } = await setup();
    await ready();
    await through('body', 'paint');
    await stage('qc', 'start');
    expect(await fieldsRefused(w.recordQc(h.admin, ticket.id, await version(), { result: 'fail', reason: null, backTo: 'qc' }))).toEqual(['body.reason', 'body.backTo']);
    const failed = await w.recordQc(h.admin, ticket.id, await version(), { result: 'fail', reason: '漆面有橘皮、色差', backTo: 'paint' });
    expect(failed.job).toMatchObject({ currentStage: 'paint', round: 2, qcPassedAt: null });
    expect(failed.next).toEqual({ stage: 'paint', action: 'start' });
    expect(failed.stages.at(-1)).toMatchObject({ stage: 'qc', round: 1, status: 'failed', result: 'fail', reason: '漆面有橘皮、色差', backTo: 'paint' });
    const ticketNow = await h.services.tickets.getTicket(h.admin, ticket.id);
    expect(ticketNow.reworkCount).toBe(1);
    const rework = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'rework');
    expect(rework.map((e) => e.details)).toEqual([{ source: 'workshop_qc', round: 1, reason: '漆面有橘皮、色差', backTo: 'paint' }]);

    // Round 2 redoes paint, not body, then QC again.
    expect(await codeOf(stage('body', 'start'))).toBe('STAGE_OUT_OF_ORDER');
    await through('paint');
    await stage('qc', 'start');
    const passed = await w.recordQc(h.admin, ticket.id, await version(), { result: 'pass' });
    expect(passed.job).toMatchObject({ currentStage: null, round: 2, qcPassedBy: { id: h.admin.userId } });
    expect(passed.next).toBeNull();
    expect((await state()).stages.map((s) => `${s.stage}${s.round}:${s.status}`)).toEqual([
      'body1:signed',
      'paint1:signed',
      'qc1:failed',
      'paint2:signed',
      'qc2:passed',
    ]);
  });

  it('A4: a failure sent back to body redoes body and paint before QC', async () => {
    const { ticket, w, ready, through, stage, version } = await setup();
    await ready();
    await through('body', 'paint');
    await stage('qc', 'start');
    await w.recordQc(h.admin, ticket.id, await version(), { result: 'fail', reason: '门缝不均', backTo: 'body' });
    await through('body');
    expect(await codeOf(stage('qc', 'start'))).toBe('STAGE_OUT_OF_ORDER');
    await through('paint');
    expect((await stage('qc', 'start')).next).toEqual({ stage: 'qc', action: 'qc' });
  });

  it('A4: the remaining stages taken together (loading a history) are what one step at a time writes, and need the check-in first', async () => {
    const { ticket, w, act, tech, complete, through, stage, version, state } = await setup();
    await act('accept');
    await act('dispatch', { technicianId: tech.userId });
    await act('start');
    expect(await codeOf(w.passStages(h.admin, ticket.id))).toBe('STAGE_OUT_OF_ORDER');
    await w.signCheckIn(h.admin, ticket.id, 0, await complete());
    // The step-at-a-time way first, up to a QC failure: rework goes back to paint.
    await through('body', 'paint');
    await stage('qc', 'start');
    await w.recordQc(h.admin, ticket.id, await version(), { result: 'fail', reason: '色差', backTo: 'paint' });
    const before = await state();
    const ticketBefore = await h.services.tickets.getTicket(h.admin, ticket.id);
    // paint start, finish, sign; qc start, pass.
    expect(await w.passStages(h.admin, ticket.id)).toBe(5);
    const after = await state();
    expect(after.next).toBeNull();
    expect(after.job.qcPassedAt).toEqual(h.clock());
    expect(after.job.version).toBe(before.job.version + 5);
    expect(after.stages.filter((s) => s.round === 2).map((s) => [s.stage, s.status])).toEqual([
      ['paint', 'signed'],
      ['qc', 'passed'],
    ]);
    const events = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'workshop').slice(-5);
    expect(events.map((e) => e.details)).toEqual([
      { kind: 'stage_started', stage: 'paint', round: 2 },
      { kind: 'stage_finished', stage: 'paint', round: 2 },
      { kind: 'stage_signed', stage: 'paint', round: 2, next: 'qc' },
      { kind: 'stage_started', stage: 'qc', round: 2 },
      { kind: 'qc_passed', round: 2 },
    ]);
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).version).toBe(ticketBefore.version + 5);
    expect(await w.passStages(h.admin, ticket.id)).toBe(0);
    expect((await act('complete')).status).toBe('completed');
  });

  it('A4: the job completes only after QC passed', async () => {
    const { ticket, w, ready, through, stage, version, act } = await setup();
    await ready();
    expect(await codeOf(act('complete'))).toBe('QC_NOT_PASSED');
    await through('body', 'paint');
    await stage('qc', 'start');
    expect(await codeOf(act('complete'))).toBe('QC_NOT_PASSED');
    await w.recordQc(h.admin, ticket.id, await version(), { result: 'fail', reason: '色差', backTo: 'paint' });
    expect(await codeOf(act('complete'))).toBe('QC_NOT_PASSED');
    await through('paint');
    await stage('qc', 'start');
    await w.recordQc(h.admin, ticket.id, await version(), { result: 'pass' });
    expect((await act('complete')).status).toBe('completed');
    // Other tickets are not the workshop's business.
    const other = (await h.services.tickets.createTicket(h.admin, { customerId: (await h.services.tickets.getTicket(h.admin, ticket.id)).customerId, channel: 'phone', description: '咨询保养价格' })).ticket;
    expect((await w.getState(h.admin, other.id)).applies).toBe(false);
    expect(await codeOf(w.addPreInspectionItem(h.admin, other.id, { finding: 'x', recommendedWork: 'y' }))).toBe('TRANSITION_NOT_ALLOWED');
  });

  it('A4: the stage plan is the organisation’s setting, copied to the job when its first stage starts', async () => {
    const { ticket, w, ready, through, stage, version, state } = await setup();
    const org = await h.services.identity.getOrganisation(h.orgId);
    await h.services.identity.updateOrganisation(h.admin, org.version, { settings: { workshop: { stagePlan: 'mechanical,wash,qc' } } });
    await ready();
    expect((await state()).job.plan).toEqual(['mechanical', 'wash', 'qc']);
    await through('mechanical');
    const later = await h.services.identity.getOrganisation(h.orgId);
    await h.services.identity.updateOrganisation(h.admin, later.version, { settings: {} });
    expect((await state()).job.plan).toEqual(['mechanical', 'wash', 'qc']);
    await through('wash');
    await stage('qc', 'start');
    expect((await w.recordQc(h.admin, ticket.id, await version(), { result: 'pass' })).job.qcPassedAt).not.toBeNull();
  });
});

describe('delivery (A6)', () => {
  it('A6: the adviser explains every approved item and its cost before the car is handed back', async () => {
    const { ticket, w, ready, through, stage, version, act, state } = await setup();
    await ready();
    const withItems = await w.addPreInspectionItem(h.admin, ticket.id, { finding: '左前门凹陷', recommendedWork: '钣金喷漆', estimatedCostFen: 120_000, customerApproved: true });
    await w.addPreInspectionItem(h.admin, ticket.id, { finding: '雨刮老化', recommendedWork: '更换雨刮', estimatedCostFen: 9_000, customerApproved: false });
    const approved = withItems.preInspection[0]!;
    await through('body', 'paint');
    await stage('qc', 'start');
    await w.recordQc(h.admin, ticket.id, await version(), { result: 'pass' });
    await act('complete');
    expect(await codeOf(act('close'))).toBe('TRANSITION_NOT_ALLOWED');
    expect(await fieldsRefused(w.explainDelivery(h.admin, ticket.id, await version(), { explainedItemIds: [] }))).toEqual(['body.explainedItemIds']);
    const explained = await w.explainDelivery(h.admin, ticket.id, await version(), { explainedItemIds: [approved.id], note: '客户确认费用' });
    expect(explained.job).toMatchObject({ deliveryNote: '客户确认费用', deliveryExplainedBy: { id: h.admin.userId } });
    expect(explained.preInspection.map((i) => i.explainedAt !== null)).toEqual([true, false]);
    expect((await act('close')).status).toBe('closed');
    expect((await state()).job.deliveryExplainedAt).not.toBeNull();
  });

  it('A4: a reopened job goes back to QC before it can complete again', async () => {
    const { ticket, w, ready, through, stage, version, act, state } = await setup();
    await ready();
    await through('body', 'paint');
    await stage('qc', 'start');
    await w.recordQc(h.admin, ticket.id, await version(), { result: 'pass' });
    await act('complete');
    await act('reopen', { reason: '客户反映漆面起泡' });
    expect((await state()).job).toMatchObject({ currentStage: 'qc', round: 2, qcPassedAt: null });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).reworkCount).toBe(1);
  });
});
