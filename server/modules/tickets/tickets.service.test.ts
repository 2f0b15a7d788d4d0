import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketListQuery } from '../../../shared/contracts/tickets';
import { queryRows } from '../../db/client';
import { createHarness, type Harness } from '../../test/harness';
import { acceptedTicket, asset, customer, dispatchedTicket, reportedTicket, technician } from '../../test/fixtures';
import { refusal } from '../../test/http';
import { createTicketService } from './tickets.service';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('list totals', () => {
  it('counts a list exactly up to its bound and a search up to a smaller one, and says when it stopped', async () => {
    const customer = await h.services.customers.createCustomer(h.admin, { name: '计数测试客户', phone: '13900004321' });
    for (const description of ['厨房水管漏水', '卫生间漏水', '阳台漏水', '空调不制冷']) {
      await h.services.tickets.createTicket(h.admin, { customerId: customer.id, channel: 'phone', description });
    }
    const bounded = createTicketService({
      db: h.database.db,
      clock: h.clock,
      getOrganisation: h.services.identity.getOrganisation,
      customers: h.services.customers,
      assets: h.services.assets,
      staff: h.services.identity,
      countLimit: 3,
      searchCountLimit: 2,
    });
    const all = await bounded.findTickets(h.admin, ticketListQuery.parse({}));
    expect(all).toMatchObject({ total: 3, totalExact: false });
    expect(all.items).toHaveLength(4);
    const leaks = await bounded.findTickets(h.admin, ticketListQuery.parse({ q: '漏水' }));
    expect(leaks).toMatchObject({ total: 2, totalExact: false });
    expect(leaks.items).toHaveLength(3);
    const cold = await bounded.findTickets(h.admin, ticketListQuery.parse({ q: '制冷' }));
    expect(cold).toMatchObject({ total: 1, totalExact: true });
  });
});

describe('intake channels', () => {
  it('E13: the hotline registers tickets from phone, fax and e-mail, at any hour, and lists them by channel', async () => {
    const customer = await h.services.customers.createCustomer(h.admin, { name: '渠道测试客户', phone: '13900005678' });
    // 03:00 in Shanghai: the hotline answers around the clock.
    h.clock.set('2026-11-27T19:00:00Z');
    for (const channel of ['phone', 'fax', 'email'] as const) {
      const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, channel, description: `经${channel}报修：设备无法启动` });
      expect(ticket).toMatchObject({ channel, status: 'reported' });
    }
    const faxed = await h.services.tickets.findTickets(h.admin, ticketListQuery.parse({ channel: 'fax', customerId: customer.id }));
    expect(faxed.items.map((t) => t.channel)).toEqual(['fax']);
    const events = await h.services.tickets.findEvents(h.admin, faxed.items[0]!.id);
    expect(events[0]).toMatchObject({ type: 'created', details: { channel: 'fax' } });
  });
});

describe('the ticket’s rules, by the requirement that sets them', () => {
  it('R2: an owner’s report by phone or in writing is registered as a ticket at once, numbered by the day it was made', async () => {
    const owner = await customer(h);
    h.clock.set('2026-11-30T01:15:00Z');
    const byPhone = (await h.services.tickets.createTicket(h.admin, { customerId: owner.id, channel: 'phone', description: '卫生间天花板渗水' })).ticket;
    // A letter written on the 27th and entered on the 30th is the 27th's ticket.
    const inWriting = (await h.services.tickets.createTicket(h.admin, { customerId: owner.id, channel: 'written', description: '来信：阳台门关不严', reportedAt: '2026-11-27T06:00:00Z' })).ticket;
    expect(byPhone).toMatchObject({ channel: 'phone', status: 'reported' });
    expect(byPhone.number).toMatch(/^BX-20261130-\d{4}$/);
    expect(inWriting).toMatchObject({ channel: 'written', status: 'reported' });
    expect(inWriting.number).toMatch(/^BX-20261127-\d{4}$/);
    const history = await h.services.tickets.findEvents(h.admin, inWriting.id);
    expect(history).toEqual([expect.objectContaining({ type: 'created', to: 'reported', details: expect.objectContaining({ channel: 'written' }) })]);
  });

  it('E1: an edit that marks damage caused by people takes the ticket out of warranty; a person’s override stands with its note', async () => {
    const owner = await customer(h);
    const machine = await asset(h, owner.id, { acceptedOn: '2026-01-10', warrantyBasis: 'acceptance', warrantyMonths: 24 });
    h.clock.set('2026-11-30T02:00:00Z');
    const ticket = await reportedTicket(h, { customerId: owner.id, assetId: machine.id });
    expect(ticket).toMatchObject({ warranty: 'in', warrantyReason: 'within_period', warrantyEndsOn: '2028-01-09' });
    const damaged = await h.services.tickets.updateTicket(h.admin, ticket.id, ticket.version, { humanDamage: true });
    expect(damaged).toMatchObject({ warranty: 'out', warrantyReason: 'human_damage', humanDamage: true });
    const overridden = await h.services.tickets.updateTicket(h.admin, ticket.id, damaged.version, { warrantyOverride: { state: 'in', note: '经鉴定非人为' } });
    expect(overridden).toMatchObject({ warranty: 'in', warrantyReason: 'override:经鉴定非人为' });
    const edits = (await h.services.tickets.findEvents(h.admin, ticket.id)).filter((e) => e.type === 'updated');
    expect(edits.map((e) => (e.type === 'updated' ? Object.keys(e.details.changes).sort() : []))).toEqual([
      ['humanDamage', 'warranty', 'warrantyReason'],
      ['warranty', 'warrantyReason'],
    ]);
  });

  it('a customer may cancel their own report until the service desk has accepted it', async () => {
    const owner = await customer(h);
    const self = await h.actorWithRole('customer', { customerId: owner.id });
    const first = await reportedTicket(h, { customerId: owner.id });
    const cancelled = await h.services.tickets.transition(self, first.id, first.version, { action: 'cancel', reason: '已自行修好' });
    expect(cancelled).toMatchObject({ status: 'cancelled', resolution: '已自行修好' });
    const second = await acceptedTicket(h, { customerId: owner.id });
    const refused = await refusal(h.services.tickets.transition(self, second.id, second.version, { action: 'cancel', reason: '不修了' }));
    expect(refused.code).toBe('FORBIDDEN');
    expect((await h.services.tickets.getTicket(self, second.id)).allowedActions).toEqual([]);
  });

  it('M1: a trainee goes along as crew but never leads; the crew is recorded for the commission split', async () => {
    const lead = await technician(h, { name: '老王' });
    const apprentice = await technician(h, { name: '小李', employmentStatus: 'apprentice' });
    const ticket = await acceptedTicket(h);
    const refused = await refusal(h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'dispatch', technicianId: apprentice.id }));
    expect(refused).toEqual({ code: 'INVALID_REFERENCE', fields: ['body.technicianId'] });
    const dispatched = await h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'dispatch', technicianId: lead.id, crewIds: [apprentice.id] });
    expect(dispatched.assignee).toEqual({ id: lead.id, name: '老王' });
    expect(dispatched.crew).toEqual([
      { id: lead.id, name: '老王', isLead: true },
      { id: apprentice.id, name: '小李', isLead: false },
    ]);
    // Someone who is not a technician cannot be sent at all.
    const agent = await h.actorWithRole('hotline_agent');
    const notStaff = await refusal(h.services.tickets.setCrew(h.admin, ticket.id, dispatched.version, lead.id, [agent.userId]));
    expect(notStaff).toEqual({ code: 'INVALID_REFERENCE', fields: ['body.memberIds.0'] });
  });

  it('a reopened job counts as rework and goes back to the technician who did it', async () => {
    const tech = await technician(h);
    const ticket = await dispatchedTicket(h, { technicianId: tech.id });
    let current = ticket;
    for (const action of ['start', 'complete', 'close'] as const) current = await h.services.tickets.transition(h.admin, ticket.id, current.version, { action });
    const reopened = await h.services.tickets.transition(h.admin, ticket.id, current.version, { action: 'reopen', reason: '客户反映仍漏水' });
    expect(reopened).toMatchObject({ status: 'dispatched', reworkCount: 1, closedAt: null, completedAt: null, assignee: { id: tech.id } });
  });

  it('H4: a late technician is taken off a job not yet started, and the job returns to the queue; a started one is left alone', async () => {
    const waiting = await dispatchedTicket(h);
    expect(await h.services.tickets.systemReassign(h.orgId, waiting.id, 'SLA: dispatch_to_arrival')).toBe(true);
    const back = await h.services.tickets.getTicket(h.admin, waiting.id);
    expect(back).toMatchObject({ status: 'accepted', assignee: null });
    const last = (await h.services.tickets.findEvents(h.admin, waiting.id)).at(-1)!;
    expect(last).toMatchObject({ type: 'transition', from: 'dispatched', to: 'accepted', actor: null, details: { action: 'sla_reassign', reason: 'SLA: dispatch_to_arrival' } });
    const started = await dispatchedTicket(h);
    await h.services.tickets.transition(h.admin, started.id, started.version, { action: 'start' });
    expect(await h.services.tickets.systemReassign(h.orgId, started.id, 'SLA: dispatch_to_arrival')).toBe(false);
    expect((await h.services.tickets.getTicket(h.admin, started.id)).status).toBe('in_progress');
  });

  it('a change based on an old version is refused with the version the ticket has now', async () => {
    const ticket = await reportedTicket(h);
    const edited = await h.services.tickets.updateTicket(h.admin, ticket.id, ticket.version, { description: '洗衣机不脱水，有异响' });
    try {
      await h.services.tickets.updateTicket(h.admin, ticket.id, ticket.version, { description: '覆盖别人的修改' });
      expect.unreachable('a stale version must be refused');
    } catch (error) {
      expect(error).toMatchObject({ code: 'VERSION_CONFLICT', extensions: { currentVersion: edited.version } });
    }
  });
});

describe('searching by an exact identifier', () => {
  it('a ticket number, a caller’s full number, a serial or a plate as typed finds their tickets; otherwise the words search', async () => {
    const owner = await customer(h, { phone: '13766665555' });
    const car = await asset(h, owner.id, { kind: 'vehicle', serialNumber: 'LFV2A21K6M3009999', attributes: { plate: '粤B·12345' } });
    const first = await reportedTicket(h, { customerId: owner.id, assetId: car.id, description: '空调不出风' });
    const second = await reportedTicket(h, { customerId: owner.id, description: '热水器不点火' });
    const other = await reportedTicket(h, { description: '来电人 137 6666 5555 代邻居报修' });
    const ids = async (q: string) => (await h.services.tickets.findTickets(h.admin, ticketListQuery.parse({ q }))).items.map((t) => t.id).sort();
    expect(await ids(first.number.toLowerCase())).toEqual([first.id]);
    // The caller's own tickets; a neighbour's report that only mentions the number is not theirs.
    expect(await ids('+86 137-6666-5555')).toEqual([first.id, second.id].sort());
    expect(await ids('+86 137-6666-5555')).not.toContain(other.id);
    expect(await ids('lfv2a21k6m3009999')).toEqual([first.id]);
    expect(await ids('粤B12345')).toEqual([first.id]);
    // Nobody has this number as their own: the words of the descriptions still find it.
    const onlyInText = await reportedTicket(h, { description: '联系电话 18800001111' });
    expect(await ids('18800001111')).toEqual([onlyInText.id]);
  });
});

describe('searching by digits', () => {
  it('a phone’s last four digits finds exactly the tickets whose texts hold them, wherever they stand', async () => {
    const tail = '4729';
    const caller = await customer(h, { phone: `1390000${tail}` });
    const byPhone = await reportedTicket(h, { customerId: caller.id, description: '洗衣机漏水' });
    const inText = await reportedTicket(h, { description: `门牌 ${tail}0 号，屋内漏水` });
    const fullWidth = await reportedTicket(h, { description: '分机 ４７２９ 转维修' });
    const owner = await customer(h);
    const inSerial = await reportedTicket(h, { customerId: owner.id, description: '空调不制冷', assetId: (await asset(h, owner.id, { serialNumber: `KFR${tail}X` })).id });
    // The digits' trigrams (472, 729) but never the four together: not a match.
    const nearMiss = await reportedTicket(h, { description: '编号 4723 与 1729，472 9' });
    const ids = async (q: string) => (await h.services.tickets.findTickets(h.admin, ticketListQuery.parse({ q }))).items.map((t) => t.id).sort();
    // What a LIKE over every ticket's text answers (other tests' tickets included).
    const like = async (needle: string) =>
      (await queryRows<{ id: string }>(h.database.db, sql`select id from tickets where org_id = ${h.orgId} and search_text like ${`%${needle}%`}`)).map((r) => r.id).sort();
    const expected = await like(tail);
    expect(expected).toEqual(expect.arrayContaining([byPhone.id, inText.id, fullWidth.id, inSerial.id]));
    expect(expected).not.toContain(nearMiss.id);
    expect(await ids(tail)).toEqual(expected);
    expect(await ids('４７２９')).toEqual(expected);
    expect((await h.services.tickets.findTickets(h.admin, ticketListQuery.parse({ q: tail }))).total).toBe(expected.length);
    // Longer runs, and digits among letters, still confirmed by the text.
    for (const q of [`${tail}0`, `0${tail}`, `kfr${tail}`, '4723 与']) expect(await ids(q), q).toEqual(await like(q));
    expect(await ids(`kfr${tail}`)).toEqual([inSerial.id]);
    expect(await ids('4723 与')).toEqual([nearMiss.id]);
  });
});

describe('a ticket’s past, written at once', () => {
  it('writes each step at its own instant, through the lifecycle’s checks, and answers where the ticket stands', async () => {
    const ticket = await reportedTicket(h);
    const tech = await technician(h);
    const at = (hours: number) => new Date(ticket.reportedAt.getTime() + hours * 3_600_000);
    const state = await h.services.tickets.recordPastSteps(h.admin, ticket.id, [
      { at: at(1), kind: 'transition', input: { action: 'accept' } },
      { at: at(2), kind: 'transition', input: { action: 'dispatch', technicianId: tech.id } },
      { at: at(2.5), kind: 'comment', body: '已约好上门时间', internal: true },
      { at: at(4), kind: 'field', type: 'arrived', note: null },
      { at: at(4.2), kind: 'transition', input: { action: 'start' } },
    ]);
    const view = await h.services.tickets.getTicket(h.admin, ticket.id);
    expect(state).toEqual({ status: 'in_progress', version: view.version });
    expect(view.acceptedAt).toEqual(at(1));
    expect(view.dispatchedAt).toEqual(at(2));
    expect(view.startedAt).toEqual(at(4.2));
    const events = await h.services.tickets.findEvents(h.admin, ticket.id);
    expect(events.slice(1).map((e) => [e.type, e.at.getTime()])).toEqual([
      ['transition', at(1).getTime()],
      ['transition', at(2).getTime()],
      ['comment', at(2.5).getTime()],
      ['arrived', at(4).getTime()],
      ['transition', at(4.2).getTime()],
    ]);
    // A step the lifecycle refuses refuses them all.
    await expect(h.services.tickets.recordPastSteps(h.admin, ticket.id, [
      { at: at(5), kind: 'transition', input: { action: 'complete' } },
      { at: at(6), kind: 'transition', input: { action: 'accept' } },
    ])).rejects.toMatchObject({ code: 'TRANSITION_NOT_ALLOWED' });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).status).toBe('in_progress');
  });
});
