import { afterEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import type { Actor } from '../identity';
import { makePng } from '../../png';

const M = 60_000;
let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

const PNG = makePng(40, 16);

async function setup(opts: { type?: 'repair' | 'delivery' | 'installation'; kind?: 'generic' | 'property' } = {}) {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T00:30:00Z') });
  const lead = await h.actorWithRole('technician', { name: '李师傅' });
  const mate = await h.actorWithRole('technician', { name: '徒弟小赵' });
  const supervisor = await h.actorWithRole('supervisor', { name: '周主管' });
  const customer = await h.services.customers.createCustomer(h.admin, { name: '钱女士', phone: '13900001234', address: '北京市朝阳区建国路 1 号' });
  const asset = await h.services.assets.createAsset(h.admin, { customerId: customer.id, serialNumber: 'KF-001', productName: '锦绣花园 3-2-1201', kind: opts.kind ?? 'generic' });
  const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, assetId: asset.id, channel: 'phone', description: '卫生间吊顶渗水', type: opts.type ?? 'repair' });
  const act = async (action: string, more: Record<string, unknown> = {}) => {
    const t = await h.services.tickets.getTicket(h.admin, ticket.id);
    return h.services.tickets.transition(h.admin, ticket.id, t.version, { action: action as never, ...more });
  };
  await act('accept');
  await act('dispatch', { technicianId: lead.userId, crewIds: [mate.userId] });
  const step = (who: Actor, kind: string, more: Record<string, unknown> = {}) => h.services.fieldwork.recordStep(who, ticket.id, { kind: kind as never, ...more });
  const sign = async (who: Actor) => {
    const a = await h.services.files.attach(who, { type: 'ticket', id: ticket.id, purpose: 'signature' }, { stream: Readable.from([PNG]), fileName: 'signature.png', declaredType: 'image/png' });
    return a.id;
  };
  return { lead, mate, supervisor, ticket, customerId: customer.id, act, step, sign };
}

describe('a technician’s day', () => {
  it('M3, M4: a crew job from departure to signed completion gives direct and indirect hours by transport, approved by a supervisor', async () => {
    const { lead, mate, supervisor, ticket, step, sign } = await setup();
    await step(lead, 'acknowledge');
    await step(lead, 'prepare');
    h.clock.advance(30 * M);
    await step(lead, 'depart', { transport: 'company' });
    await step(mate, 'depart', { transport: 'company' });
    h.clock.advance(60 * M);
    await step(lead, 'arrive', { latitude: 39.91, longitude: 116.46, accuracyM: 20 });
    await step(mate, 'arrive');
    await step(lead, 'start');
    await step(mate, 'start');
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).status).toBe('in_progress');
    h.clock.advance(45 * M);
    await step(lead, 'wait', { waitReason: 'waiting_goods', note: '等仓库送防水涂料' });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id))).toMatchObject({ status: 'on_hold', holdReason: 'waiting_parts' });
    h.clock.advance(40 * M);
    await step(lead, 'resume');
    h.clock.advance(35 * M);
    const signature = await sign(lead);
    const day = await h.services.fieldwork.submitWorkReport(lead, ticket.id, {
      faultFound: '卫生间防水层破损',
      workDone: '重做防水层，更换吊顶两块',
      partsUsed: '防水涂料 1 桶',
      instructed: ['operation', 'care', 'safety'],
      signerName: '钱女士',
      signatureAttachmentId: signature,
    });
    expect(day.report).toMatchObject({ signerName: '钱女士' });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).status).toBe('completed');
    await step(lead, 'travel_back', { transport: 'company' });
    h.clock.advance(50 * M);
    await step(lead, 'back');

    const entries = await h.services.fieldwork.findEntries(supervisor, { ticketId: ticket.id, limit: 100 });
    const of = (user: string) => entries.filter((e) => e.userId === user).map((e) => [e.kind, e.minutes, e.transport ?? e.waitReason]).sort();
    expect(of(lead.userId)).toEqual(
      [
        ['direct', 45, null],
        ['direct', 35, null],
        ['travel', 60, 'company'],
        ['travel', 50, 'company'],
        ['wait', 40, 'waiting_goods'],
      ].sort(),
    );
    // The apprentice worked on till the lead finished: 45 + 40 + 35 minutes on site.
    expect(of(mate.userId)).toEqual([['direct', 120, null], ['travel', 60, 'company']].sort());

    const approved = await h.services.fieldwork.approveEntries(supervisor, entries.map((e) => ({ id: e.id, version: e.version })));
    expect(approved.conflicts).toEqual([]);
    const target = entries.find((e) => e.kind === 'direct')!;
    await expect(h.services.fieldwork.editEntry(supervisor, target.id, target.version + 1, { minutes: 10 })).rejects.toMatchObject({ code: 'ENTRY_APPROVED' });
    const correction = await h.services.fieldwork.correctEntry(supervisor, target.id, { minutes: -5, note: '扣除午休时间' });
    expect(correction).toMatchObject({ correctsId: target.id, minutes: -5, status: 'draft' });
  });

  it('refuses steps out of order, and steps by someone not on the crew', async () => {
    const { lead, step } = await setup();
    await expect(step(lead, 'start')).rejects.toMatchObject({ code: 'STEP_NOT_ALLOWED' });
    const stranger = await h.actorWithRole('technician');
    await expect(h.services.fieldwork.recordStep(stranger, (await h.services.tickets.findTickets(h.admin, { page: 1, pageSize: 1 } as never)).items[0]!.id, { kind: 'depart', transport: 'public' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('H8: the job finishes only when operation, care and safety were shown to the customer', async () => {
    const { lead, ticket, step } = await setup();
    await step(lead, 'arrive');
    await step(lead, 'start');
    await expect(
      h.services.fieldwork.submitWorkReport(lead, ticket.id, { faultFound: 'x', workDone: 'y', instructed: ['operation'], signerName: '钱女士' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('E10: the repair report carries the user’s signature', async () => {
    const { lead, ticket, step, sign } = await setup();
    await step(lead, 'arrive');
    await step(lead, 'start');
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, { faultFound: 'x', workDone: 'y', instructed: ['operation', 'care', 'safety'], signerName: '钱女士', signatureAttachmentId: await sign(lead) });
    const signed = await h.services.fieldwork.signoffsOf(h.admin, ticket.id);
    expect(signed).toMatchObject({ set: 'e10', missing: [], items: [{ party: 'customer', signerName: '钱女士', method: 'drawn' }] });
  });

  it('R8: a property repair closes only when the repair department, owner, supervising engineer and project department have signed, and prints with Chinese text', async () => {
    const { lead, ticket, step, sign, act } = await setup({ kind: 'property' });
    await step(lead, 'arrive');
    await step(lead, 'start');
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, { faultFound: '防水层破损', workDone: '重做防水', instructed: ['operation', 'care', 'safety'], signerName: '钱女士', signatureAttachmentId: await sign(lead) });
    await expect(act('close')).rejects.toMatchObject({ code: 'SIGNOFFS_MISSING' });
    const dispatcher = await h.actorWithRole('dispatcher');
    await h.services.fieldwork.collectSignoff(dispatcher, ticket.id, { party: 'owner', signerName: '钱女士', attachmentId: await sign(dispatcher) });
    await h.services.fieldwork.collectSignoff(dispatcher, ticket.id, { party: 'repair_department', signerName: '维修部 王经理', attachmentId: await sign(dispatcher) });
    await h.services.fieldwork.collectSignoff(dispatcher, ticket.id, { party: 'supervising_engineer', signerName: '监理 陈工', typed: true });
    await expect(act('close')).rejects.toMatchObject({ code: 'SIGNOFFS_MISSING', extensions: { missing: ['project_department'] } });
    await h.services.fieldwork.collectSignoff(dispatcher, ticket.id, { party: 'project_department', signerName: '项目部 刘工', typed: true });
    expect((await act('close')).status).toBe('closed');

    const pdf = await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/work-order.pdf`, headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload.toString('latin1');
    expect(bytes.startsWith('%PDF')).toBe(true);
    // The Chinese font travels inside the file, so 监理 and 项目部 print on any device.
    expect(bytes).toMatch(/\/FontName \/[A-Z]{6}\+WenQuanYi/);
    expect((bytes.match(/\/Subtype \/Image/g) ?? []).length).toBeGreaterThanOrEqual(3);
    if (process.env.SAVE_PDF) (await import('node:fs')).writeFileSync(process.env.SAVE_PDF, pdf.rawPayload);
  });

  it('R8: the missing sign-offs taken together (loading a history) sign each party once, each with its event, and the job then closes', async () => {
    const { lead, ticket, step, sign, act } = await setup({ kind: 'property' });
    await step(lead, 'arrive');
    await step(lead, 'start');
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, { faultFound: '防水层破损', workDone: '重做防水', instructed: ['operation', 'care', 'safety'], signerName: '钱女士', signatureAttachmentId: await sign(lead) });
    const dispatcher = await h.actorWithRole('dispatcher');
    await h.services.fieldwork.collectSignoff(dispatcher, ticket.id, { party: 'owner', signerName: '钱女士', typed: true });
    const before = await h.services.tickets.getTicket(h.admin, ticket.id);
    const asked: string[] = [];
    const signed = await h.services.fieldwork.collectMissingSignoffs(dispatcher, ticket.id, (party) => (asked.push(party), `${party} 签字人`));
    expect(signed).toEqual(['repair_department', 'supervising_engineer', 'project_department']);
    expect(asked).toEqual(signed);
    const state = await h.services.fieldwork.signoffsOf(h.admin, ticket.id);
    expect(state.missing).toEqual([]);
    const ofBatch = state.items.filter((i) => (signed as string[]).includes(i.party));
    expect(ofBatch.map((i) => [i.party, i.signerName, i.method]).sort()).toEqual(signed.map((p) => [p, `${p} 签字人`, 'typed']).sort());
    const events = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'signoff');
    expect(events.slice(-3).map((e) => e.details)).toEqual(signed.map((party) => ({ party, signerName: `${party} 签字人` })));
    // Each signature moves the ticket on, as one at a time would.
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).version).toBe(before.version + 3);
    expect(await h.services.fieldwork.collectMissingSignoffs(dispatcher, ticket.id, () => 'nobody')).toEqual([]);
    expect((await act('close')).status).toBe('closed');
  });

  it('E8: an installation closes only once the customer has signed the acceptance certificate', async () => {
    const { lead, ticket, step, sign, act } = await setup({ type: 'installation' });
    await step(lead, 'arrive');
    await step(lead, 'start');
    // Commissioned, but the customer was not there to sign: the report goes in unsigned.
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, { faultFound: '新机安装', workDone: '按调试方案安装调试，试运行正常', instructed: ['operation', 'care', 'safety'], signerName: '现场负责人' });
    const state = await h.services.fieldwork.signoffsOf(h.admin, ticket.id);
    expect(state).toMatchObject({ set: 'e8', required: true, missing: ['customer'] });
    await expect(act('close')).rejects.toMatchObject({ code: 'SIGNOFFS_MISSING', extensions: { missing: ['customer'] } });
    const dispatcher = await h.actorWithRole('dispatcher');
    await h.services.fieldwork.collectSignoff(dispatcher, ticket.id, { party: 'customer', signerName: '钱女士', attachmentId: await sign(dispatcher), note: '验收合格' });
    expect((await act('close')).status).toBe('closed');
  });

  it('M6: a delivery needs its explanation checklist, and the clerk’s receipt is recorded', async () => {
    const { lead, ticket, step, sign } = await setup({ type: 'delivery' });
    const org = await h.services.identity.getOrganisation(h.orgId);
    await step(lead, 'arrive');
    await step(lead, 'start');
    const report = { faultFound: '新机交付', workDone: '安装调试并交付', instructed: ['operation', 'care', 'safety'] as ('operation' | 'care' | 'safety')[], signerName: '钱女士', signatureAttachmentId: await sign(lead) };
    await expect(h.services.fieldwork.submitWorkReport(lead, ticket.id, { ...report, deliveryChecklist: org.settings.delivery.checklist.slice(1) })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, { ...report, deliveryChecklist: org.settings.delivery.checklist });
    const clerk = await h.actorWithRole('dispatcher');
    const received = await h.services.fieldwork.receiveDeliveryReport(clerk, ticket.id);
    expect(received.report!.receivedAt).not.toBeNull();
    const events = await h.services.tickets.findEvents(h.admin, ticket.id);
    expect(events.map((e) => e.type)).toContain('delivery_received');
  });

  it('M6: the callback records whether the machine was explained; "not explained" stands on the report for pay', async () => {
    const { lead, ticket, step, sign } = await setup({ type: 'delivery' });
    const org = await h.services.identity.getOrganisation(h.orgId);
    await step(lead, 'arrive');
    await step(lead, 'start');
    const clerk = await h.actorWithRole('dispatcher');
    // No report yet: nothing to call back about.
    await expect(h.services.fieldwork.recordDeliveryCallback(clerk, ticket.id, { explained: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, {
      faultFound: '新机交付',
      workDone: '安装调试并交付',
      instructed: ['operation', 'care', 'safety'],
      signerName: '钱女士',
      signatureAttachmentId: await sign(lead),
      deliveryChecklist: org.settings.delivery.checklist,
    });
    const first = await h.services.fieldwork.recordDeliveryCallback(clerk, ticket.id, { explained: true });
    expect(first.report).toMatchObject({ callbackExplained: true });
    const second = await h.services.fieldwork.recordDeliveryCallback(clerk, ticket.id, { explained: false, note: '用户表示未讲解保养要求' });
    expect(second.report).toMatchObject({ callbackExplained: false, callbackNote: '用户表示未讲解保养要求' });
    const callbacks = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'delivery_callback');
    expect(callbacks.map((e) => (e.details as { explained: boolean }).explained)).toEqual([true, false]);
  });

  it('the supervisor’s callback about a report is the organisation’s own: its customer reads the report without it', async () => {
    const { lead, ticket, customerId, step, sign } = await setup({ type: 'delivery' });
    const org = await h.services.identity.getOrganisation(h.orgId);
    await step(lead, 'arrive');
    await step(lead, 'start');
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, {
      faultFound: '新机交付',
      workDone: '安装调试并交付',
      instructed: ['operation', 'care', 'safety'],
      signerName: '钱女士',
      signatureAttachmentId: await sign(lead),
      deliveryChecklist: org.settings.delivery.checklist,
    });
    await h.services.fieldwork.recordDeliveryCallback(await h.actorWithRole('dispatcher'), ticket.id, { explained: false, note: '用户表示未讲解保养要求' });
    const owner = await h.actorWithRole('customer', { customerId });
    const seen = await h.services.fieldwork.dayOf(owner, ticket.id);
    expect(seen.report).toMatchObject({ workDone: '安装调试并交付', callbackExplained: null, callbackNote: null, callbackAt: null });
    const staff = await h.services.fieldwork.dayOf(h.admin, ticket.id);
    expect(staff.report).toMatchObject({ callbackExplained: false, callbackNote: '用户表示未讲解保养要求' });
  });

  it('M6: only a delivery has a callback about its explanation', async () => {
    const { lead, ticket, step, sign } = await setup({});
    await step(lead, 'arrive');
    await step(lead, 'start');
    await h.services.fieldwork.submitWorkReport(lead, ticket.id, { faultFound: '漏油', workDone: '更换密封圈', instructed: ['operation', 'care', 'safety'], signerName: '钱女士', signatureAttachmentId: await sign(lead) });
    const clerk = await h.actorWithRole('dispatcher');
    await expect(h.services.fieldwork.recordDeliveryCallback(clerk, ticket.id, { explained: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
