import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { applyRate } from '../../../shared/money';
import { createAppHarness, fixedClock, TEST_PASSWORD, type AppHarness } from '../../test/harness';
import { caller, codeOf, fileUpload } from '../../test/http';
import type { Actor } from '../identity';

const H = 3_600_000;
/** A one-pixel PNG: a drawn signature or a photo as the portal sends it. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
/** Sessions outlast the clock's jumps past a deadline. */
const long = { config: { sessionHours: 24 * 30 } };
let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/**
 * A property developer's estate: 3栋's waterproofing belongs to one contractor, its plumbing to
 * another; an owner of 3栋 2单元 1201.
 */
async function estate(harness: AppHarness) {
  const api = caller(harness.app, harness.adminToken);
  const make = async (name: string, phone: string) => {
    const res = await api('POST', '/api/v1/contractors', { name, repairPhone: phone, responsiblePerson: '王经理' });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const waterproofing = await make('深圳市防水工程有限公司', '13800000001');
  const plumbing = await make('鹏城水电安装公司', '13800000002');
  const map = (id: string, body: Record<string, unknown>) => api('POST', `/api/v1/contractors/${id}/responsibilities`, body);
  expect((await map(waterproofing, { estate: '翠湖花园', building: '3栋', trade: 'waterproofing', warrantyEndsOn: '2031-06-30' })).statusCode).toBe(201);
  expect((await map(plumbing, { estate: '翠湖花园', building: '3栋', trade: 'plumbing', warrantyEndsOn: '2026-06-30' })).statusCode).toBe(201);
  const owner = await harness.services.customers.createCustomer(harness.admin, {
    name: '李业主',
    phone: '13912345678',
    address: { city: '深圳', line: '翠湖路 1 号', estate: '翠湖花园', building: '3栋', unit: '2单元', room: '1201' },
  });
  const addressId = owner.addresses[0]!.id;
  const report = async (body: Record<string, unknown> = {}) => {
    const res = await api('POST', '/api/v1/tickets', { customerId: owner.id, addressId, channel: 'phone', description: '卫生间漏水到楼下', trade: 'waterproofing', ...body });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; number: string; contractorId: string | null };
  };
  const contractorUser = async (contractorId: string) => {
    const user = await harness.services.identity.createUser(harness.orgId, { username: `c${contractorId.slice(-6)}`, password: TEST_PASSWORD, name: '施工单位账号', role: 'contractor', contractorId });
    const login = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: TEST_PASSWORD } });
    const actor: Actor = { orgId: harness.orgId, userId: user.id, username: user.username, name: user.name, role: 'contractor', locale: null, customerId: null, contractorId };
    return { actor, api: caller(harness.app, login.json().token as string) };
  };
  /** R8: the four parties sign the repair off (the fieldwork module's own use case), all but `except`. */
  const signOff = async (ticketId: string, except: string[] = []) => {
    const signers = { repair_department: '维修部 王经理', owner: '李业主', supervising_engineer: '监理 陈工', project_department: '项目部 赵经理' } as const;
    for (const [party, signerName] of Object.entries(signers)) {
      if (!except.includes(party)) await harness.services.fieldwork.collectSignoff(harness.admin, ticketId, { party: party as keyof typeof signers, signerName, typed: true });
    }
  };
  return { api, waterproofing, plumbing, owner, addressId, report, contractorUser, signOff };
}

describe('contractors: the register and the responsibility map', () => {
  it('R1: a repair contract per project fixes its unit prices, its warranty per trade (R10) and the deposit', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const res = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/contracts`, {
      estate: '翠湖花园',
      scope: '3栋、4栋屋面及卫生间防水',
      unitPrices: [{ item: '卫生间防水重做', unit: '平方米', priceFen: 120_00 }],
      warrantyTerms: [{ trade: 'waterproofing', months: 60 }],
      depositFen: 50_000_00,
      depositDueOn: '2031-07-01',
    });
    expect(res.statusCode).toBe(201);
    const detail = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}`)).json();
    expect(detail.contracts[0]).toMatchObject({ estate: '翠湖花园', unitPrices: [{ priceFen: 120_00 }], warrantyTerms: [{ trade: 'waterproofing', months: 60 }], depositFen: 50_000_00 });
    expect(detail.responsibilities).toHaveLength(1);
    const twice = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/contracts`, {
      estate: '翠湖花园', scope: 'x', warrantyTerms: [{ trade: 'waterproofing', months: 60 }, { trade: 'waterproofing', months: 24 }], depositFen: 0,
    });
    expect(twice.statusCode).toBe(400);
  });

  it('R3: every contractor registers a repair phone and a responsible person; a second line for the same building and trade in an overlapping period is 409 RESPONSIBILITY_OVERLAP', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const missing = await w.api('POST', '/api/v1/contractors', { name: '无电话公司', responsiblePerson: '张三' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain('body.repairPhone');
    const taken = await w.api('POST', '/api/v1/contractors', { name: '深圳市防水工程有限公司', repairPhone: '13800000009', responsiblePerson: '张三' });
    expect(taken.statusCode).toBe(400);

    const overlap = await w.api('POST', `/api/v1/contractors/${w.plumbing}/responsibilities`, { estate: '翠湖花园', building: '3栋', trade: 'waterproofing', warrantyEndsOn: '2030-01-01' });
    expect(overlap.statusCode).toBe(409);
    expect(overlap.json()).toMatchObject({ code: 'RESPONSIBILITY_OVERLAP', contractorId: w.waterproofing });
    // After the first line's period, another contractor may follow.
    const after = await w.api('POST', `/api/v1/contractors/${w.plumbing}/responsibilities`, { estate: '翠湖花园', building: '3栋', trade: 'waterproofing', startsOn: '2031-07-01', warrantyEndsOn: '2035-06-30' });
    expect(after.statusCode).toBe(201);
    const bad = await w.api('POST', `/api/v1/contractors/${w.plumbing}/responsibilities`, { estate: '翠湖花园', building: '5栋', trade: 'roofing', warrantyEndsOn: 'soon' });
    expect(bad.statusCode).toBe(400);
    expect((await w.api('POST', `/api/v1/contractors/01a22ac8-0000-7000-8000-0000000000aa/responsibilities`, { estate: 'a', building: 'b', trade: 'facade', warrantyEndsOn: '2030-01-01' })).statusCode).toBe(404);
  });

  it('R3: a ticket on a unit with a trade finds its contractor by itself, and its R4 clock runs; an agent changes it with a reason', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const ticket = await w.report();
    expect(ticket.contractorId).toBe(w.waterproofing);
    const sla = (await w.api('GET', `/api/v1/tickets/${ticket.id}/sla`)).json();
    const clock = (sla.items ?? sla).find((c: { metric: string }) => c.metric === 'contractor_on_site');
    expect(clock).toMatchObject({ state: 'running' });
    const responsible = (await w.api('GET', `/api/v1/tickets/${ticket.id}/contractor`)).json();
    expect(responsible).toMatchObject({ trade: 'waterproofing', contractor: { id: w.waterproofing, repairPhone: '13800000001' }, warrantyEnded: false });

    const agent = caller(h.app, await h.tokenFor('hotline_agent'));
    const noReason = await agent('PUT', `/api/v1/tickets/${ticket.id}/contractor`, { contractorId: w.plumbing });
    expect(noReason.statusCode).toBe(400);
    const changed = await agent('PUT', `/api/v1/tickets/${ticket.id}/contractor`, { contractorId: w.plumbing, reason: '现场查明是水管渗漏' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().contractor.id).toBe(w.plumbing);
    const events = (await w.api('GET', `/api/v1/tickets/${ticket.id}/events`)).json();
    expect((events.items ?? events).at(-1)).toMatchObject({ type: 'contractor_changed', details: { fromId: w.waterproofing, toId: w.plumbing, reason: '现场查明是水管渗漏' } });
    const outbox = await h.services.notify.list(h.orgId, { topic: 'contractor.ticket_assigned', limit: 10 });
    expect(outbox.map((m) => m.recipient).sort()).toEqual([`contractor:${w.plumbing}`, `contractor:${w.waterproofing}`].sort());
  });

  it('R10: after the trade’s warranty ends the ticket is the developer’s own: no contractor, no R4 clock', async () => {
    h = await createAppHarness({ ...long, clock: fixedClock('2026-11-27T02:00:00Z') });
    const w = await estate(h);
    const ticket = await w.report({ trade: 'plumbing' });
    expect(ticket.contractorId).toBeNull();
    const sla = (await w.api('GET', `/api/v1/tickets/${ticket.id}/sla`)).json();
    expect((sla.items ?? sla).some((c: { metric: string }) => c.metric === 'contractor_on_site')).toBe(false);
    expect((await w.api('GET', `/api/v1/tickets/${ticket.id}/contractor`)).json()).toMatchObject({ contractor: null, warrantyEnded: true });
  });
});

describe('contractors: notices and the portal', () => {
  it('R2: registering the ticket notifies its contractor at the same moment, through the outbox', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const ticket = await w.report();
    const [message] = await h.services.notify.list(h.orgId, { topic: 'contractor.ticket_assigned', limit: 10 });
    expect(message).toMatchObject({ recipient: `contractor:${w.waterproofing}`, payload: { ticketId: ticket.id, ticketNumber: ticket.number, trade: 'waterproofing' } });
    // Written in the ticket's own statement: no ticket without its notice, no notice without its ticket.
    expect(await h.services.notify.list(h.orgId, { topic: 'contractor.ticket_assigned', limit: 10 })).toHaveLength(1);
  });

  it('R2: a contractor user sees its own tickets, accepts and records arrival; another contractor’s ticket is 404', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const ticket = await w.report();
    const mine = await w.contractorUser(w.waterproofing);
    const other = await w.contractorUser(w.plumbing);
    expect((await mine.api('GET', `/api/v1/tickets/${ticket.id}`)).statusCode).toBe(200);
    expect((await other.api('GET', `/api/v1/tickets/${ticket.id}`)).statusCode).toBe(404);
    expect((await other.api('GET', `/api/v1/tickets/${ticket.id}/contractor`)).statusCode).toBe(404);
    expect((await other.api('POST', `/api/v1/tickets/${ticket.id}/contractor/accept`, {})).statusCode).toBe(404);
    const list = (await mine.api('GET', '/api/v1/tickets')).json();
    expect(list.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);

    const accepted = await mine.api('POST', `/api/v1/tickets/${ticket.id}/contractor/accept`, {});
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json().acceptedAt).not.toBeNull();
    expect((await mine.api('POST', `/api/v1/tickets/${ticket.id}/contractor/accept`, {})).statusCode).toBe(409);
    h.clock.advance(5 * H);
    expect((await mine.api('POST', `/api/v1/tickets/${ticket.id}/contractor/arrive`, {})).statusCode).toBe(200);
    const clock = (await h.services.sla.clocksOf(h.admin, ticket.id)).find((c) => c.metric === 'contractor_on_site');
    expect(clock).toMatchObject({ state: 'met' });
    // The portal is a contractor user's: staff find nothing there.
    expect((await w.api('POST', `/api/v1/tickets/${ticket.id}/contractor/accept`, {})).statusCode).toBe(404);
    expect((await caller(h.app, await h.tokenFor('hotline_agent'))('POST', `/api/v1/tickets/${ticket.id}/contractor/accept`, {})).statusCode).toBe(403);
  });

  it('R4: the contractor has 24 h up to and including ¥1000.00 and 36 h above (settings contractors.*)', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const settings = (await h.services.identity.getOrganisation(h.orgId)).settings.contractors;
    const at = async (value: number) => {
      const ticket = await w.report({ estimatedValueFen: value });
      const clock = (await h!.services.sla.clocksOf(h!.admin, ticket.id)).find((c) => c.metric === 'contractor_on_site')!;
      return (clock.dueAt!.getTime() - clock.startedAt!.getTime()) / 60_000;
    };
    expect(settings.valueThresholdFen).toBe(1000_00);
    expect(await at(settings.valueThresholdFen)).toBe(settings.onSiteFastMinutes);
    expect(await at(settings.valueThresholdFen + 1)).toBe(settings.onSiteSlowMinutes);
    expect([settings.onSiteFastMinutes, settings.onSiteSlowMinutes]).toEqual([24 * 60, 36 * 60]);
  });

  it('R4: late or unreachable, the centre takes the repair over, with the reason and the clock as evidence', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const ticket = await w.report({ estimatedValueFen: 500_00 });
    h.clock.advance(25 * H);
    const took = await w.api('POST', `/api/v1/tickets/${ticket.id}/self-repair`, { reason: '电话无人接听，超时未到场' });
    expect(took.statusCode).toBe(200);
    expect(took.json().selfRepair).toMatchObject({ reason: '电话无人接听，超时未到场' });
    const events = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'self_repair');
    expect(events[0]).toMatchObject({ details: { contractorId: w.waterproofing, clock: { breached: true } } });
  });
});

describe('contractors: the deposit ledger', () => {
  async function late(harness: AppHarness, w: Awaited<ReturnType<typeof estate>>) {
    const ticket = await w.report({ estimatedValueFen: 800_00 });
    harness.clock.advance(25 * H);
    for (let fired = await harness.services.sla.scanOnce(); fired > 0; fired = await harness.services.sla.scanOnce());
    return ticket;
  }

  it('R6: where the centre repaired because the contractor missed its deadline, 200 % of the cost is deducted (setting), with the clock as evidence', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 10_000_00 })).statusCode).toBe(201);
    const ticket = await late(h, w);
    await w.signOff(ticket.id);
    const rate = (await h.services.identity.getOrganisation(h.orgId)).settings.contractors.defaultDeductionRateBp;
    expect(rate).toBe(20_000);
    const res = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R6', costBasisFen: 650_00 });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ amountFen: applyRate(650_00, rate), balanceFen: 10_000_00 - 1300_00, exceedsDeposit: false });
    const ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.balanceFen).toBe(8700_00);
    expect(ledger.items[1]).toMatchObject({ rule: 'R6', amountFen: -1300_00, ticketId: ticket.id, costBasisFen: 650_00, rateBp: 20_000, evidence: { clock: { breached: true } } });
  });

  it('R6: a contractor that was not late is not charged: 409 DEDUCTION_NOT_DUE', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const ticket = await w.report();
    const res = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R6', costBasisFen: 100_00 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DEDUCTION_NOT_DUE');
  });

  it('R5: an emergency repaired by the centre deducts 100 % of the actual cost (setting)', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 5_000_00 });
    const ticket = await w.report({ emergency: true });
    await w.signOff(ticket.id);
    const rate = (await h.services.identity.getOrganisation(h.orgId)).settings.contractors.emergencyDeductionRateBp;
    expect(rate).toBe(10_000);
    const res = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R5', costBasisFen: 1234_56 });
    expect(res.statusCode).toBe(201);
    expect(res.json().amountFen).toBe(applyRate(1234_56, rate));
    expect(res.json().amountFen).toBe(1234_56);
    const twice = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R5', costBasisFen: 1234_56 });
    expect(twice.statusCode).toBe(409);
  });

  it('R5: a deduction on a ticket without a cost is 422 DEDUCTION_WITHOUT_COST; on another contractor’s ticket 422 INVALID_REFERENCE', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const ticket = await w.report({ emergency: true });
    const none = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R5' });
    expect(none.statusCode).toBe(422);
    expect(none.json().code).toBe('DEDUCTION_WITHOUT_COST');
    const zero = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R5', costBasisFen: 0 });
    expect(zero.json().code).toBe('DEDUCTION_WITHOUT_COST');
    const theirs = await w.api('POST', `/api/v1/contractors/${w.plumbing}/deductions`, { ticketId: ticket.id, rule: 'R5', costBasisFen: 100 });
    expect(theirs.json().code).toBe('INVALID_REFERENCE');
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 0 })).statusCode).toBe(400);
  });

  it('R5: a deduction larger than the deposit is written and flagged; the balance is the sum of the ledger, and a correction is a new line with its reason', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 500_00 });
    const ticket = await w.report({ emergency: true });
    await w.signOff(ticket.id);
    const res = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R5', costBasisFen: 800_00 });
    expect(res.json()).toMatchObject({ balanceFen: -300_00, exceedsDeposit: true });
    const lineId = res.json().id as string;
    const tooMuch = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/ledger/${lineId}/corrections`, { amountFen: 900_00, reason: '重复计算' });
    expect(tooMuch.statusCode).toBe(400);
    const fixed = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/ledger/${lineId}/corrections`, { amountFen: 200_00, reason: '材料费重复计算' });
    expect(fixed.statusCode).toBe(201);
    const ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.items.map((l: { rule: string; amountFen: number }) => [l.rule, l.amountFen])).toEqual([
      ['deposit', 500_00],
      ['R5', -800_00],
      ['correction', 200_00],
    ]);
    expect(ledger.balanceFen).toBe(-100_00);
    expect(ledger.items[1].exceedsDeposit).toBe(true);
    expect(ledger.items[2]).toMatchObject({ correctsId: lineId, note: '材料费重复计算', ticketId: ticket.id });
  });

  it('R7: a delegated repair’s fee, countersigned by the contractor, is paid from the deposit under an uploaded agreement covering the report day', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 1_000_00 });
    const ticket = await w.report();
    await w.signOff(ticket.id);
    const file = await h.services.files.attach(h.admin, { type: 'ticket', id: ticket.id, purpose: 'document' }, { fileName: 'agreement.pdf', contentType: 'application/pdf', stream: Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]) } as never);
    const agreement = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/agreements`, { attachmentId: file.id, startsOn: '2026-01-01', endsOn: '2026-12-31' });
    expect(agreement.statusCode).toBe(201);
    const noAgreement = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R7', costBasisFen: 300_00 });
    expect(noAgreement.statusCode).toBe(400);
    const rate = (await h.services.identity.getOrganisation(h.orgId)).settings.contractors.delegatedFeeRateBp;
    const res = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R7', costBasisFen: 300_00, agreementId: agreement.json().id, workQuantity: '卫生间防水 2 m²' });
    expect(res.statusCode).toBe(201);
    const fee = applyRate(300_00, rate);
    expect(res.json()).toMatchObject({ id: null, pendingCountersignature: true, amountFen: fee, balanceFen: 1_000_00 });
    // Not in the balance until the contractor countersigns it; asked twice it is 409.
    let ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.balanceFen).toBe(1_000_00);
    expect(ledger.pending).toMatchObject([{ id: res.json().countersignId, rule: 'R7', amountFen: fee, workQuantity: '卫生间防水 2 m²', ledgerLineId: null }]);
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R7', costBasisFen: 300_00, agreementId: agreement.json().id })).json().code).toBe('ALREADY_POSTED');
    const portal = await w.contractorUser(w.waterproofing);
    const signed = await portal.api('POST', `/api/v1/portal/countersignatures/${res.json().countersignId}/sign`, { signature: { signerName: '王经理', png: PNG } });
    expect(signed.statusCode).toBe(200);
    expect(signed.json().countersignature).toMatchObject({ signerName: '王经理' });
    ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.balanceFen).toBe(1_000_00 - fee);
    expect(ledger.pending).toEqual([]);
    expect(ledger.items[1]).toMatchObject({ rule: 'R7', amountFen: -fee, evidence: { agreementId: agreement.json().id, workQuantity: '卫生间防水 2 m²' }, countersignature: { signerName: '王经理' } });
  });

  it('R8: a ticket enters settlement only when all four parties have signed: with the project department still to sign a deduction or a delegated fee is 409 SIGNOFFS_MISSING naming it and writes nothing; once it signs, both are accepted', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 5_000_00 });
    const ticket = await w.report({ emergency: true });
    const file = await h.services.files.attach(h.admin, { type: 'ticket', id: ticket.id, purpose: 'document' }, { fileName: 'agreement.pdf', contentType: 'application/pdf', stream: Readable.from([Buffer.from('%PDF-1.4\n%%EOF\n')]) } as never);
    const agreementId = (await w.api('POST', `/api/v1/contractors/${w.waterproofing}/agreements`, { attachmentId: file.id, startsOn: '2026-01-01', endsOn: '2026-12-31' })).json().id as string;
    await w.signOff(ticket.id, ['project_department']);

    const r5 = { ticketId: ticket.id, rule: 'R5', costBasisFen: 400_00 };
    const r7 = { ticketId: ticket.id, rule: 'R7', costBasisFen: 300_00, agreementId };
    for (const body of [r5, r7]) {
      const refused = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, body);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'SIGNOFFS_MISSING', missing: ['project_department'] });
      expect(refused.json().detail).toContain('项目部');
      expect(refused.json().detail).toContain(ticket.number);
    }
    let ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.items.map((l: { rule: string }) => l.rule)).toEqual(['deposit']);
    expect(ledger.pending).toEqual([]);
    expect(ledger.balanceFen).toBe(5_000_00);

    await h.services.fieldwork.collectSignoff(h.admin, ticket.id, { party: 'project_department', signerName: '项目部 赵经理', typed: true });
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, r5)).statusCode).toBe(201);
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, r7)).statusCode).toBe(201);
    ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.items.map((l: { rule: string }) => l.rule)).toEqual(['deposit', 'R5']);
    expect(ledger.pending).toHaveLength(1);
  });

  it('R7: the written agreement is uploaded with its period (PDF or image, checked by the files module) and listed on the contractor', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const send = (id: string, query: string, bytes: Buffer, name: string, type: string) => {
      const body = fileUpload(bytes, name, type);
      return h!.app.inject({ method: 'POST', url: `/api/v1/contractors/${id}/agreements/upload?${query}`, headers: { authorization: `Bearer ${h!.adminToken}`, 'content-type': body.contentType }, payload: body.payload });
    };
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n');
    const ok = await send(w.waterproofing, 'startsOn=2026-01-01&endsOn=2026-12-31&note=' + encodeURIComponent('2026 年度委托'), pdf, '委托协议.pdf', 'application/pdf');
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ contractorId: w.waterproofing, startsOn: '2026-01-01', endsOn: '2026-12-31', fileName: '委托协议.pdf', note: '2026 年度委托' });
    const listed = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/agreements`)).json();
    expect(listed.items.map((a: { id: string }) => a.id)).toEqual([ok.json().id]);
    const content = await w.api('GET', `/api/v1/attachments/${ok.json().attachmentId}/content`);
    expect(content.statusCode).toBe(200);
    // Bad input: a text file, an end before the start, no period, an unknown contractor, no file.
    const text = await send(w.waterproofing, 'startsOn=2026-01-01&endsOn=2026-12-31', Buffer.from('just words'), 'agreement.txt', 'text/plain');
    expect(text.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(text.statusCode).toBeLessThan(500);
    const backwards = await send(w.waterproofing, 'startsOn=2026-12-31&endsOn=2026-01-01', pdf, 'a.pdf', 'application/pdf');
    expect([backwards.statusCode, backwards.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await send(w.waterproofing, 'startsOn=2026-01-01', pdf, 'a.pdf', 'application/pdf')).statusCode).toBe(400);
    expect((await send('00000000-0000-7000-8000-000000000000', 'startsOn=2026-01-01&endsOn=2026-12-31', pdf, 'a.pdf', 'application/pdf')).statusCode).toBe(404);
    const json = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/agreements/upload?startsOn=2026-01-01&endsOn=2026-12-31`, { file: 'x' });
    expect(json.statusCode).toBe(415);
    expect((await w.api('GET', `/api/v1/contractors/${w.waterproofing}/agreements`)).json().items).toHaveLength(1);
  });

  it('R9: the deposit balance per contractor is always the sum of its ledger (list and detail agree)', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 300_00 });
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 200_00 });
    const list = (await w.api('GET', '/api/v1/contractors')).json();
    expect(list.items.find((c: { id: string }) => c.id === w.waterproofing).balanceFen).toBe(500_00);
    expect((await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json().balanceFen).toBe(500_00);
    expect(await codeOf(h.services.contractors.ledgerOf(h.admin, '01a22ac8-0000-7000-8000-0000000000aa'))).toBe('NOT_FOUND');
  });
});

describe('contractors: the monthly report and group complaints', () => {
  it('R9: a project’s monthly report counts tickets by trade and contractor, on time or late, with what was deducted, and exports to Excel', async () => {
    h = await createAppHarness({ ...long, clock: fixedClock('2026-11-03T02:00:00Z') });
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 5_000_00 });
    const onTime = await w.report();
    const late = await w.report({ description: '外墙渗水', estimatedValueFen: 500_00 });
    const own = await w.report({ trade: 'plumbing' });
    const mine = await w.contractorUser(w.waterproofing);
    h.clock.advance(2 * H);
    await mine.api('POST', `/api/v1/tickets/${onTime.id}/contractor/arrive`, {});
    h.clock.advance(30 * H);
    for (let fired = await h.services.sla.scanOnce(); fired > 0; fired = await h.services.sla.scanOnce());
    await w.signOff(late.id);
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: late.id, rule: 'R6', costBasisFen: 400_00 })).statusCode).toBe(201);

    const res = await w.api('GET', `/api/v1/contractor-reports/monthly?estate=${encodeURIComponent('翠湖花园')}&month=2026-11`);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.totals).toEqual({ tickets: 3, onTime: 1, late: 1, pending: 0, developerOwn: 1, deductedFen: 800_00 });
    expect(report.groups).toContainEqual(expect.objectContaining({ trade: 'waterproofing', contractorId: w.waterproofing, tickets: 2, onTime: 1, late: 1, deductedFen: 800_00 }));
    expect(report.tickets.map((t: { id: string; onSite: string }) => [t.id, t.onSite])).toEqual([
      [onTime.id, 'on_time'],
      [late.id, 'late'],
      [own.id, 'none'],
    ]);
    expect((await w.api('GET', `/api/v1/contractor-reports/monthly?estate=${encodeURIComponent('翠湖花园')}&month=2026-12`)).json().totals.tickets).toBe(0);
    expect((await w.api('GET', '/api/v1/contractor-reports/monthly?estate=x&month=2026-13')).statusCode).toBe(400);

    const xlsx = await w.api('GET', `/api/v1/contractor-reports/monthly.xlsx?estate=${encodeURIComponent('翠湖花园')}&month=2026-11`);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['汇总', '维修台账']);
    expect(book.worksheets[1]!.rowCount).toBe(4);
    const pdf = await w.api('GET', `/api/v1/contractor-reports/monthly.pdf?estate=${encodeURIComponent('翠湖花园')}&month=2026-11`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('R9: many tickets on one building’s trade within a short time (settings: 5 in 30 days) are flagged to the repair manager', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const { groupComplaintTickets, groupComplaintDays } = (await h.services.identity.getOrganisation(h.orgId)).settings.contractors;
    expect([groupComplaintTickets, groupComplaintDays]).toEqual([5, 30]);
    for (let i = 0; i < groupComplaintTickets - 1; i++) {
      await w.report();
      h.clock.advance(24 * H);
    }
    expect(await h.services.notify.list(h.orgId, { topic: 'contractor.group_complaint', limit: 10 })).toHaveLength(0);
    await w.report();
    const [flag] = await h.services.notify.list(h.orgId, { topic: 'contractor.group_complaint', limit: 10 });
    expect(flag).toMatchObject({ recipient: 'role:supervisor', payload: { estate: '翠湖花园', building: '3栋', trade: 'waterproofing', tickets: 5 } });
    await w.report();
    expect(await h.services.notify.list(h.orgId, { topic: 'contractor.group_complaint', limit: 10 })).toHaveLength(1);
    const month = new Date(h.clock()).toISOString().slice(0, 7);
    const report = (await w.api('GET', `/api/v1/contractor-reports/monthly?estate=${encodeURIComponent('翠湖花园')}&month=${month}`)).json();
    expect(report.clusters[0]).toMatchObject({ building: '3栋', trade: 'waterproofing', tickets: 6 });
  });
});

describe('contractors: the quarterly statement', () => {
  it('R9: the quarter’s statement lists every deduction; the contractor disputes one line, the centre accepts it (a reversing line) and the statement closes; a closed statement takes no dispute', async () => {
    h = await createAppHarness({ ...long, clock: fixedClock('2026-11-03T02:00:00Z') });
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 10_000_00 });
    const first = await w.report({ emergency: true });
    const second = await w.report({ emergency: true, description: '水管爆裂' });
    await w.signOff(first.id);
    await w.signOff(second.id);
    const one = (await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: first.id, rule: 'R5', costBasisFen: 300_00 })).json();
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: second.id, rule: 'R5', costBasisFen: 200_00 });

    const issued = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/statements`, { quarter: '2026-Q4' });
    expect(issued.statusCode).toBe(201);
    const statement = issued.json();
    expect(statement).toMatchObject({ status: 'open', totalFen: 500_00, fromOn: '2026-10-01', toOn: '2027-01-01' });
    expect(statement.lines).toHaveLength(2);
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/statements`, { quarter: '2026-Q4' })).statusCode).toBe(409);
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/statements`, { quarter: '2026-Q5' })).statusCode).toBe(400);
    const [sent] = await h.services.notify.list(h.orgId, { topic: 'contractor.statement', limit: 5 });
    expect(sent).toMatchObject({ recipient: `contractor:${w.waterproofing}` });

    const mine = await w.contractorUser(w.waterproofing);
    const other = await w.contractorUser(w.plumbing);
    expect((await other.api('GET', `/api/v1/portal/statements/${statement.id}`)).statusCode).toBe(404);
    expect((await mine.api('GET', '/api/v1/portal/statements')).json().items).toHaveLength(1);
    const line = statement.lines.find((l: { ledgerLineId: string }) => l.ledgerLineId === one.id);
    const disputed = await mine.api('POST', `/api/v1/portal/statements/${statement.id}/lines/${line.id}/dispute`, { reason: '该处渗漏为业主自行改造所致' });
    expect(disputed.statusCode).toBe(200);
    expect((await mine.api('POST', `/api/v1/portal/statements/${statement.id}/lines/${line.id}/dispute`, { reason: '再次' })).statusCode).toBe(409);
    const confirmed = (await mine.api('POST', `/api/v1/portal/statements/${statement.id}/confirm`)).json();
    expect(confirmed.status).toBe('open');
    expect(confirmed.lines.map((l: { status: string }) => l.status).sort()).toEqual(['confirmed', 'disputed']);

    const decided = await w.api('POST', `/api/v1/contractor-statements/${statement.id}/lines/${line.id}/decision`, { accept: true, answer: '经核实为业主改造，冲回' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'closed' });
    const ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.items.at(-1)).toMatchObject({ rule: 'correction', amountFen: 300_00, correctsId: one.id, note: '经核实为业主改造，冲回' });
    expect(ledger.balanceFen).toBe(10_000_00 - 200_00);
    // R9: the written statement, as a PDF, for the centre and the contractor alike; not for another contractor.
    const pdf = await mine.api('GET', `/api/v1/portal/statements/${statement.id}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await w.api('GET', `/api/v1/contractor-statements/${statement.id}/pdf`)).statusCode).toBe(200);
    expect((await other.api('GET', `/api/v1/portal/statements/${statement.id}/pdf`)).statusCode).toBe(404);
    const late = await mine.api('POST', `/api/v1/portal/statements/${statement.id}/lines/${line.id}/dispute`, { reason: '还有异议' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('STATEMENT_CLOSED');
  });
});

describe('contractors: agreeing the repair, completion photos and countersigned work quantities', () => {
  it('R4: after arriving, the contractor agrees the repair: what, its work quantity (工程量) and, above ¥1000.00 (contractors.valueThresholdFen), the cost; the centre sees it on the ticket', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const threshold = (await h.services.identity.getOrganisation(h.orgId)).settings.contractors.valueThresholdFen;
    expect(threshold).toBe(1000_00);
    const small = await w.report({ estimatedValueFen: threshold });
    const large = await w.report({ estimatedValueFen: threshold + 1 });
    const mine = await w.contractorUser(w.waterproofing);
    const other = await w.contractorUser(w.plumbing);
    const agree = (api: typeof mine.api, id: string, body: Record<string, unknown>) => api('POST', `/api/v1/tickets/${id}/contractor/agree`, body);
    const body = { scope: '卫生间地面防水层重做', workQuantity: '6 m²' };
    // Not before arrival; not another contractor's ticket; not staff.
    const early = await agree(mine.api, small.id, body);
    expect([early.statusCode, early.json().code]).toEqual([409, 'TRANSITION_NOT_ALLOWED']);
    expect((await agree(other.api, small.id, body)).statusCode).toBe(404);
    expect((await agree(w.api, small.id, body)).statusCode).toBe(404);
    for (const t of [small, large]) expect((await mine.api('POST', `/api/v1/tickets/${t.id}/contractor/arrive`, {})).statusCode).toBe(200);
    // Bad input: no scope, an unknown field, a negative cost.
    expect((await agree(mine.api, small.id, { workQuantity: '6 m²' })).statusCode).toBe(400);
    expect((await agree(mine.api, small.id, { ...body, extra: 1 })).statusCode).toBe(400);
    expect((await agree(mine.api, small.id, { ...body, agreedCostFen: -5 })).statusCode).toBe(400);
    // Up to and including ¥1000.00 the cost may be left out…
    const done = await agree(mine.api, small.id, body);
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ agreement: { scope: body.scope, workQuantity: '6 m²', agreedCostFen: null }, costRequired: false });
    expect((await agree(mine.api, small.id, body)).json().code).toBe('ALREADY_POSTED');
    // …above it, the cost is agreed too.
    const noCost = await agree(mine.api, large.id, body);
    expect([noCost.statusCode, noCost.json().errors?.[0]?.field]).toEqual([400, 'body.agreedCostFen']);
    expect((await agree(mine.api, large.id, { ...body, agreedCostFen: 1_800_00 })).json()).toMatchObject({ agreement: { agreedCostFen: 1_800_00 }, costRequired: true });
    // The centre sees it on the ticket and in its history.
    expect((await w.api('GET', `/api/v1/tickets/${large.id}/contractor`)).json().agreement).toMatchObject({ scope: body.scope, workQuantity: '6 m²', agreedCostFen: 1_800_00 });
    const events = (await h.services.tickets.findEvents(h.admin, large.id)).filter((e) => e.type === 'contractor_agreed');
    expect(events).toMatchObject([{ details: { scope: body.scope, workQuantity: '6 m²', agreedCostFen: 1_800_00 } }]);
  });

  it('R2: the contractor uploads completion photos to its own ticket on the portal; another contractor cannot', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const ticket = await w.report();
    const mine = await w.contractorUser(w.waterproofing);
    const other = await w.contractorUser(w.plumbing);
    const photo = Buffer.from(PNG, 'base64');
    const send = (token: string) => {
      const body = fileUpload(photo, '完工.png', 'image/png', [{ name: 'purpose', value: 'completion_photo' }]);
      return h!.app.inject({ method: 'POST', url: `/api/v1/tickets/${ticket.id}/attachments`, headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType }, payload: body.payload });
    };
    const login = async (username: string) => (await h!.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } })).json().token as string;
    const up = await send(await login(mine.actor.username));
    expect(up.statusCode).toBe(201);
    expect((await send(await login(other.actor.username))).statusCode).toBe(404);
    const files = (await w.api('GET', `/api/v1/tickets/${ticket.id}/attachments`)).json();
    expect(files.items.map((f: { fileName: string }) => f.fileName)).toContain('完工.png');
  });

  it('R6: a deduction carries its work quantity (工程量); the contractor countersigns it on the portal with a drawn signature (or disputes it in its statement)', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deposit`, { amountFen: 10_000_00 });
    const ticket = await w.report({ estimatedValueFen: 800_00 });
    h.clock.advance(25 * H);
    for (let fired = await h.services.sla.scanOnce(); fired > 0; fired = await h.services.sla.scanOnce());
    await w.signOff(ticket.id);
    const res = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/deductions`, { ticketId: ticket.id, rule: 'R6', costBasisFen: 650_00, workQuantity: '防水涂料 6 m²，人工 1 工日' });
    expect(res.statusCode).toBe(201);
    // R6 counts at once (the contractor may dispute it); the countersignature is asked alongside.
    expect(res.json()).toMatchObject({ pendingCountersignature: false, amountFen: 1300_00, balanceFen: 8700_00 });
    expect(res.json().id).not.toBeNull();
    const id = res.json().countersignId as string;
    let ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.items[1]).toMatchObject({ rule: 'R6', evidence: { workQuantity: '防水涂料 6 m²，人工 1 工日' }, countersignature: null });
    expect(ledger.pending).toEqual([]);
    const mine = await w.contractorUser(w.waterproofing);
    const other = await w.contractorUser(w.plumbing);
    expect((await mine.api('GET', '/api/v1/portal/countersignatures')).json().items).toMatchObject([{ id, ticketId: ticket.id, rule: 'R6', workQuantity: '防水涂料 6 m²，人工 1 工日', amountFen: 1300_00, countersignature: null }]);
    expect((await other.api('GET', '/api/v1/portal/countersignatures')).json().items).toEqual([]);
    const sign = (api: typeof mine.api, body: unknown) => api('POST', `/api/v1/portal/countersignatures/${id}/sign`, body);
    // Bad input: another contractor's (404), the administrator (404: not a contractor's user), no signature, not a PNG.
    expect((await sign(other.api, { signature: { signerName: '张', png: PNG } })).statusCode).toBe(404);
    expect((await sign(w.api, { signature: { signerName: '张', png: PNG } })).statusCode).toBe(404);
    expect((await sign(mine.api, {})).statusCode).toBe(400);
    expect((await sign(mine.api, { signature: { signerName: '王', png: 'not base64!' } })).statusCode).toBe(400);
    const notPng = await sign(mine.api, { signature: { signerName: '王', png: Buffer.from('hello').toString('base64') } });
    expect(notPng.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    expect(notPng.statusCode).toBeLessThan(500);
    const signed = await sign(mine.api, { signature: { signerName: '王经理', png: PNG } });
    expect(signed.statusCode).toBe(200);
    expect((await sign(mine.api, { signature: { signerName: '王经理', png: PNG } })).json().code).toBe('ALREADY_POSTED');
    ledger = (await w.api('GET', `/api/v1/contractors/${w.waterproofing}/ledger`)).json();
    expect(ledger.balanceFen).toBe(8700_00);
    expect(ledger.items[1].countersignature).toMatchObject({ signerName: '王经理', attachmentId: signed.json().countersignature.attachmentId });
  });

  it('S18: a contractor’s portal user is made from the contractor’s page; a contractor that is not the organisation’s is refused', async () => {
    h = await createAppHarness(long);
    const w = await estate(h);
    const made = await w.api('POST', `/api/v1/contractors/${w.waterproofing}/users`, { username: 'fangshui01', password: TEST_PASSWORD, name: '防水公司值班' });
    expect(made.statusCode).toBe(201);
    expect(made.json()).toMatchObject({ role: 'contractor', contractorId: w.waterproofing });
    const unknown = '00000000-0000-7000-8000-000000000000';
    expect((await w.api('POST', `/api/v1/contractors/${unknown}/users`, { username: 'ghost01', password: TEST_PASSWORD, name: '无' })).statusCode).toBe(404);
    // Through the users' own route too: identity asks the contractors module.
    const direct = await w.api('POST', '/api/v1/users', { username: 'ghost02', password: TEST_PASSWORD, name: '无', role: 'contractor', contractorId: unknown });
    expect([direct.statusCode, direct.json().code, direct.json().errors?.[0]?.field]).toEqual([422, 'INVALID_REFERENCE', 'body.contractorId']);
    // Bad input: a role may not be chosen here, a username twice is 409.
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/users`, { username: 'x02', password: TEST_PASSWORD, name: 'x', role: 'admin' })).statusCode).toBe(400);
    expect((await w.api('POST', `/api/v1/contractors/${w.waterproofing}/users`, { username: 'fangshui01', password: TEST_PASSWORD, name: '再来' })).statusCode).toBe(409);
    // A supervisor without users.manage cannot.
    expect((await caller(h.app, await h.tokenFor('supervisor'))('POST', `/api/v1/contractors/${w.waterproofing}/users`, { username: 'sup01', password: TEST_PASSWORD, name: 's' })).statusCode).toBe(403);
  });
});
