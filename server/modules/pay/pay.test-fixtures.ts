import { Readable } from 'node:stream';
import { makePng } from '../../png';
import type { AppHarness } from '../../test/harness';
import { customer, technician } from '../../test/fixtures';
import type { Actor } from '../identity';

const M = 60_000;
const H = 60 * M;
const PNG = makePng(40, 16);

/**
 * The worked example of the pay rules, made through the services as it happens: an intermediate
 * regular technician's November (in-warranty hours, an out-of-warranty repair with a junior and
 * an apprentice, travel by bus and by company van, a machine delivered and explained), the
 * supervisor approving the hours, the repair charged 3,000.00 with 1,000.00 of costs and paid.
 * The clock is left on 2026-12-02 (10:00 in Shanghai), after the month.
 */
export async function workedExampleNovember(h: AppHarness) {
  h.clock.set('2026-11-09T00:00:00Z');
  const me = await technician(h, { name: '王师傅', grade: 'intermediate', employmentStatus: 'regular' });
  const junior = await technician(h, { name: '赵技工', grade: 'junior', employmentStatus: 'regular' });
  const apprentice = await technician(h, { name: '小钱', grade: 'junior', employmentStatus: 'apprentice' });
  const supervisor = await h.actorWithRole('supervisor', { name: '周主管' });
  const owner = await customer(h, { name: '孙先生' });

  const job = async (description: string, options: { warranty?: 'in' | 'out'; type?: 'repair' | 'delivery'; crew?: string[] } = {}) => {
    const { ticket: created } = await h.services.tickets.createTicket(h.admin, { customerId: owner.id, channel: 'phone', description, type: options.type ?? 'repair' });
    const ticket = options.warranty
      ? await h.services.tickets.updateTicket(h.admin, created.id, created.version, { warrantyOverride: { state: options.warranty, note: options.warranty === 'out' ? '已过保' : '保修期内' } })
      : created;
    const accepted = await h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'accept' });
    return h.services.tickets.transition(h.admin, ticket.id, accepted.version, { action: 'dispatch', technicianId: me.id, ...(options.crew ? { crewIds: options.crew } : {}) });
  };
  const step = (who: Actor, ticketId: string, kind: string, more: Record<string, unknown> = {}) => h.services.fieldwork.recordStep(who, ticketId, { kind: kind as never, ...more });
  const report = async (ticketId: string, extra: Record<string, unknown> = {}) => {
    const signature = await h.services.files.attach(me.actor, { type: 'ticket', id: ticketId, purpose: 'signature' }, { stream: Readable.from([PNG]), fileName: 'signature.png', declaredType: 'image/png' });
    return h.services.fieldwork.submitWorkReport(me.actor, ticketId, {
      faultFound: '液压管接头漏油',
      workDone: '更换接头并试机',
      instructed: ['operation', 'care', 'safety'],
      signerName: '孙先生',
      signatureAttachmentId: signature.id,
      ...extra,
    });
  };

  // In warranty: 4 h by bus there, 12 h on site, 2 h back in the company van.
  const inWarranty = await job('挖掘机动臂无力', { warranty: 'in' });
  await step(me.actor, inWarranty.id, 'depart', { transport: 'public' });
  h.clock.advance(4 * H);
  await step(me.actor, inWarranty.id, 'arrive');
  await step(me.actor, inWarranty.id, 'start');
  h.clock.advance(12 * H);
  await report(inWarranty.id);
  await step(me.actor, inWarranty.id, 'travel_back', { transport: 'company' });
  h.clock.advance(2 * H);
  await step(me.actor, inWarranty.id, 'back');

  // Out of warranty, with a junior and an apprentice: 3 h on site (no subsidy, M5).
  h.clock.set('2026-11-16T01:00:00Z');
  const repair = await job('装载机变速箱异响', { warranty: 'out', crew: [junior.id, apprentice.id] });
  await step(me.actor, repair.id, 'depart', { transport: 'company' });
  await step(me.actor, repair.id, 'arrive');
  await step(me.actor, repair.id, 'start');
  h.clock.advance(3 * H);
  await report(repair.id);

  // A new machine delivered and explained; the clerk receives the report and the callback confirms it.
  h.clock.set('2026-11-20T01:00:00Z');
  const delivery = await job('新机交机', { type: 'delivery' });
  await step(me.actor, delivery.id, 'depart', { transport: 'public' });
  await step(me.actor, delivery.id, 'arrive');
  await step(me.actor, delivery.id, 'start');
  h.clock.advance(2 * H);
  const checklist = (await h.services.identity.getOrganisation(h.orgId)).settings.delivery.checklist;
  await report(delivery.id, { deliveryChecklist: checklist });
  await h.services.fieldwork.receiveDeliveryReport(h.admin, delivery.id);
  await h.services.fieldwork.recordDeliveryCallback(h.admin, delivery.id, { explained: true });

  // The supervisor approves every entry of the month.
  const entries = await h.services.fieldwork.findEntries(supervisor, { limit: 500 } as never);
  await h.services.fieldwork.approveEntries(supervisor, entries.map((e) => ({ id: e.id, version: e.version })));

  // The repair is charged 3,000.00, costs 1,000.00 and is paid in November.
  h.clock.set('2026-11-25T02:00:00Z');
  const quote = await h.services.billing.createQuote(h.admin, repair.id, { lines: [{ kind: 'other', description: '维修费', quantity: 1, unitPriceFen: 3000_00 }] });
  await h.services.billing.decideQuote(h.admin, quote.id, { decision: 'approved' });
  await h.services.billing.chargeTicket(h.admin, repair.id);
  await h.services.billing.addCost(h.admin, repair.id, { kind: 'machining', amountFen: 1000_00, note: '外协加工' });
  await h.services.billing.recordPayment(h.admin, repair.id, { amountFen: 3000_00, method: 'bank_transfer' });

  h.clock.set('2026-12-02T02:00:00Z');
  return { me, junior, apprentice, supervisor, tickets: { inWarranty, repair, delivery } };
}
