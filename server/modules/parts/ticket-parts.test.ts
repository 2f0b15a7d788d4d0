import { afterEach, describe, expect, it } from 'vitest';
import { createAppHarness, fixedClock, TEST_PASSWORD, type AppHarness } from '../../test/harness';
import { caller, codeOf, fieldsOf, refusal } from '../../test/http';
import type { Actor } from '../identity';
import { balanceOf, location, part, stock } from './parts.test-fixtures';

let h: AppHarness;
afterEach(async () => {
  await h?.close();
});

const DAY = 86_400_000;

async function login(actor: Actor) {
  const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: actor.username, password: TEST_PASSWORD } });
  return response.json().token as string;
}

/** A technician with a van, a warehouse and a depot, and a dispatched ticket on an asset in or out of warranty. */
async function setup(opts: { purchasedOn?: string } = {}) {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T00:30:00Z') });
  const tech = await h.actorWithRole('technician', { name: '李师傅' });
  const clerk = await h.actorWithRole('parts_admin', { name: '王库管' });
  const agent = await h.actorWithRole('hotline_agent', { name: '小陈' });
  const van = await location(h, '李师傅的车', 'van', tech.userId);
  const warehouse = await location(h, '中心仓库', 'warehouse');
  const depot = await location(h, '现场备件库', 'depot');
  const customer = await h.services.customers.createCustomer(h.admin, { name: '某数据中心', phone: '13900001234', address: '北京市朝阳区建国路 1 号' });
  const asset = await h.services.assets.createAsset(h.admin, { customerId: customer.id, serialNumber: 'UPS-001', productName: 'UPS 电源', purchasedOn: opts.purchasedOn ?? '2026-06-01' });
  const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, assetId: asset.id, channel: 'phone', description: 'UPS 报警' });
  const accepted = await h.services.tickets.transition(h.admin, ticket.id, ticket.version, { action: 'accept' });
  await h.services.tickets.transition(h.admin, ticket.id, accepted.version, { action: 'dispatch', technicianId: tech.userId });
  return { tech, clerk, agent, van, warehouse, depot, customer, asset, ticket };
}

describe('parts on a ticket', () => {
  it('H3: the agent names a part; reserving takes the technician’s van first, then a warehouse before a depot; cancelling releases it', async () => {
    const { agent, van, warehouse, depot, ticket } = await setup();
    const fuse = await part(h, { number: 'FU-10', name: '保险管' });
    await stock(h, van.id, [{ partId: fuse.id, quantity: 1 }]);
    await stock(h, warehouse.id, [{ partId: fuse.id, quantity: 5 }]);
    await stock(h, depot.id, [{ partId: fuse.id, quantity: 5 }]);

    const first = await h.services.parts.proposePart(agent, ticket.id, { partId: fuse.id, quantity: 1, reserve: true });
    expect(first.items[0]).toMatchObject({ status: 'reserved', locationId: van.id, proposedByName: '小陈' });
    const second = await h.services.parts.proposePart(agent, ticket.id, { partId: fuse.id, quantity: 2, reserve: true });
    expect(second.items[1]).toMatchObject({ status: 'reserved', locationId: warehouse.id });
    expect(await balanceOf(h, fuse.id, warehouse.id)).toMatchObject({ onHand: 5, reserved: 2, available: 3 });

    // Beyond what any location has: 409, and nothing is written.
    expect(await codeOf(h.services.parts.proposePart(agent, ticket.id, { partId: fuse.id, quantity: 6, reserve: true }))).toBe('INSUFFICIENT_STOCK');
    expect((await h.services.parts.partsOfTicket(agent, ticket.id)).items).toHaveLength(2);

    const cancelled = await h.services.parts.cancelPart(agent, ticket.id, second.items[1]!.id);
    expect(cancelled.items[1]!.status).toBe('cancelled');
    expect(await balanceOf(h, fuse.id, warehouse.id)).toMatchObject({ reserved: 0, available: 5 });
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('E5: in warranty a part costs the customer nothing; out of warranty the customer’s contract price, else the part’s contract price for a customer with a contract, else retail', async () => {
    const inWarranty = await setup({ purchasedOn: '2026-06-01' });
    const board = await part(h, { number: 'BD-1', name: '主控板', costPriceFen: 800_00, contractPriceFen: 1_200_00, retailPriceFen: 1_500_00 });
    const fan = await part(h, { number: 'FN-1', name: '风扇', costPriceFen: 50_00, contractPriceFen: 90_00, retailPriceFen: 120_00 });
    await stock(h, inWarranty.warehouse.id, [{ partId: board.id, quantity: 10 }, { partId: fan.id, quantity: 10 }]);
    const free = await h.services.parts.proposePart(inWarranty.agent, inWarranty.ticket.id, { partId: board.id, quantity: 1 });
    expect(free).toMatchObject({ costTotalFen: 800_00, priceTotalFen: 0 });
    expect(free.items[0]).toMatchObject({ priceBasis: 'warranty', inWarranty: true, unitPriceFen: 0, unitCostFen: 800_00 });
    await h.close();

    const out = await setup({ purchasedOn: '2020-01-01' });
    const board2 = await part(h, { number: 'BD-1', name: '主控板', costPriceFen: 800_00, contractPriceFen: 1_200_00, retailPriceFen: 1_500_00 });
    const fan2 = await part(h, { number: 'FN-1', name: '风扇', costPriceFen: 50_00, contractPriceFen: 90_00, retailPriceFen: 120_00 });
    // No contract: retail.
    let view = await h.services.parts.proposePart(out.agent, out.ticket.id, { partId: board2.id, quantity: 1 });
    expect(view.items[0]).toMatchObject({ priceBasis: 'retail', unitPriceFen: 1_500_00 });
    // The customer agrees a price for the board: it has a contract, so the fan is at its contract price.
    await h.services.parts.replaceContractPrices(h.admin, board2.id, { prices: [{ customerId: out.customer.id, priceFen: 1_000_00 }] });
    view = await h.services.parts.proposePart(out.agent, out.ticket.id, { partId: fan2.id, quantity: 2 });
    expect(view.items.map((i) => [i.partNumber, i.priceBasis, i.unitPriceFen, i.priceFen])).toEqual([
      ['BD-1', 'customer_contract', 1_000_00, 1_000_00],
      ['FN-1', 'contract', 90_00, 180_00],
    ]);
    expect(view).toMatchObject({ costTotalFen: 800_00 + 100_00, priceTotalFen: 1_000_00 + 180_00 });
  });
});

describe('requisitions and consumption', () => {
  it('H7: the technician requests the day’s parts; the parts administrator approves fewer and issues them into the van; reserved parts become issued; consumed in the work report; the old part comes back', async () => {
    const { tech, clerk, agent, van, warehouse, ticket, asset } = await setup();
    const board = await part(h, { number: 'BD-7', name: '逆变板', serialTracked: true, costPriceFen: 600_00, retailPriceFen: 1_000_00 });
    const tape = await part(h, { number: 'TP-1', name: '绝缘胶布', costPriceFen: 3_00, retailPriceFen: 8_00 });
    await stock(h, warehouse.id, [
      { partId: board.id, quantity: 2, serials: ['SN-A', 'SN-B'] },
      { partId: tape.id, quantity: 20 },
    ]);
    // The agent named the board the job needs, reserved at the warehouse (the van has none).
    const proposed = await h.services.parts.proposePart(agent, ticket.id, { partId: board.id, quantity: 1, reserve: true });
    expect(proposed.items[0]).toMatchObject({ status: 'reserved', locationId: warehouse.id });

    const requested = await h.services.parts.requestRequisition(tech, {
      note: '明早出发',
      lines: [
        { partId: board.id, quantity: 1, ticketId: ticket.id },
        { partId: tape.id, quantity: 5 },
      ],
    });
    expect(requested).toMatchObject({ status: 'requested', toLocationId: van.id, technicianName: '李师傅', forDay: '2026-11-26' });
    expect(requested.number).toMatch(/^LL-20261126-\d{4}$/);
    expect((await h.services.parts.listRequisitions(clerk, { status: 'requested' })).map((r) => r.id)).toEqual([requested.id]);

    const issued = await h.services.parts.approveRequisition(clerk, requested.id, {
      fromLocationId: warehouse.id,
      lines: [
        { lineNo: 1, quantity: 1, serials: ['SN-A'] },
        { lineNo: 2, quantity: 3 },
      ],
      issue: true,
    });
    expect(issued).toMatchObject({ status: 'issued', fromLocationId: warehouse.id, decidedByName: '王库管', issuedByName: '王库管' });
    expect(issued.lines.map((l) => [l.partNumber, l.quantity, l.issuedQuantity])).toEqual([
      ['BD-7', 1, 1],
      ['TP-1', 5, 3],
    ]);
    expect(await balanceOf(h, board.id, warehouse.id)).toMatchObject({ onHand: 1, reserved: 0, serials: ['SN-B'] });
    expect(await balanceOf(h, board.id, van.id)).toMatchObject({ onHand: 1, serials: ['SN-A'] });
    expect(await balanceOf(h, tape.id, van.id)).toMatchObject({ onHand: 3 });
    expect((await h.services.parts.partsOfTicket(agent, ticket.id)).items[0]).toMatchObject({ status: 'issued', locationId: van.id, serial: 'SN-A' });
    // Issued once only.
    expect(await codeOf(h.services.parts.issueRequisition(clerk, requested.id))).toBe('ALREADY_POSTED');
    // The printed requisition both sign; the technician may print their own.
    const pdf = await h.app.inject({ method: 'GET', url: `/api/v1/requisitions/${requested.id}/print.pdf`, headers: { authorization: `Bearer ${await login(tech)}` } });
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const other = await h.actorWithRole('technician');
    expect((await h.app.inject({ method: 'GET', url: `/api/v1/requisitions/${requested.id}/print.pdf`, headers: { authorization: `Bearer ${await login(other)}` } })).statusCode).toBe(404);

    // The technician's day shows what is carried for the job.
    const day = await h.services.parts.vanOf(tech, tech.userId);
    expect(day.jobs.find((j) => j.ticketId === ticket.id)!.parts.map((p) => [p.partNumber, p.status])).toEqual([['BD-7', 'issued']]);

    // Consumed in the work report: the board fitted with its serial, the old one's serial recorded.
    await h.services.fieldwork.recordStep(tech, ticket.id, { kind: 'depart', transport: 'company' });
    await h.services.fieldwork.recordStep(tech, ticket.id, { kind: 'arrive' });
    await h.services.fieldwork.recordStep(tech, ticket.id, { kind: 'start' });
    await h.services.fieldwork.submitWorkReport(tech, ticket.id, {
      faultFound: '逆变板烧毁',
      workDone: '更换逆变板',
      partsUsed: '另用胶布少许',
      consumed: [
        { partId: board.id, quantity: 1, serials: ['SN-A'], removedSerials: ['OLD-9'] },
        { partId: tape.id, quantity: 1 },
      ],
      instructed: ['operation', 'care', 'safety'],
      signerName: '张工',
    });
    const after = await h.services.parts.partsOfTicket(agent, ticket.id);
    expect(after.items.map((i) => [i.partNumber, i.status, i.serial, i.removedSerial, i.priceBasis])).toEqual([
      ['BD-7', 'consumed', 'SN-A', 'OLD-9', 'warranty'],
      ['TP-1', 'consumed', null, null, 'warranty'],
    ]);
    expect(after).toMatchObject({ costTotalFen: 603_00, priceTotalFen: 0 });
    // The printed work order lists them.
    const order = await h.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.id}/work-order.pdf`, headers: { authorization: `Bearer ${h.adminToken}` } });
    expect(order.statusCode, order.body.slice(0, 200)).toBe(200);
    expect(await balanceOf(h, board.id, van.id)).toMatchObject({ onHand: 0 });
    expect(await balanceOf(h, tape.id, van.id)).toMatchObject({ onHand: 2 });
    const ledger = await h.services.parts.listLedger(h.admin, { ticketId: ticket.id, page: 1, pageSize: 50 });
    expect(ledger.items.filter((l) => l.kind === 'consume').map((l) => [l.partNumber, l.onHandDelta, l.serial]).sort()).toEqual([
      ['BD-7', -1, 'SN-A'],
      ['TP-1', -1, null],
    ]);
    // The asset's part history: the serial fitted and the one taken out.
    expect((await h.services.parts.partsFittedToAsset(agent, asset.id)).map((f) => [f.partNumber, f.serial, f.removedSerial])).toEqual(
      expect.arrayContaining([['BD-7', 'SN-A', 'OLD-9']]),
    );
    expect(await balanceOf(h, board.id, van.id)).toMatchObject({ serials: [] });

    // The replaced parts are due back within the setting's days; the technician returns the board.
    const due = await h.services.parts.listOldPartReturns(clerk, { state: 'open' });
    const boardReturn = due.find((d) => d.partNumber === 'BD-7')!;
    expect(boardReturn).toMatchObject({ technicianName: '李师傅', expectedSerial: 'OLD-9', overdue: false, dueAt: new Date(Date.parse('2026-11-26T00:30:00Z') + 7 * DAY).toISOString() });
    h.clock.advance(8 * DAY);
    expect(await h.services.parts.overdueOldParts(clerk)).toEqual([expect.objectContaining({ technicianName: '李师傅', count: 2 })]);
    const back = await h.services.parts.receiveOldPart(clerk, boardReturn.id, { locationId: warehouse.id, serial: 'OLD-9', condition: 'faulty' });
    expect(back).toMatchObject({ serial: 'OLD-9', condition: 'faulty', locationName: '中心仓库', overdue: false });
    expect(await codeOf(h.services.parts.receiveOldPart(clerk, boardReturn.id, { locationId: warehouse.id, condition: 'faulty' }))).toBe('ALREADY_POSTED');

    // What is left in the van goes back to the warehouse.
    await h.services.parts.returnFromVan(tech, { toLocationId: warehouse.id, lines: [{ partId: tape.id, quantity: 2 }] });
    expect(await balanceOf(h, tape.id, warehouse.id)).toMatchObject({ onHand: 19 });
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('a rejected requisition moves nothing; a part the van never had cannot be consumed, and the work report is refused whole', async () => {
    const { tech, clerk, warehouse, ticket } = await setup();
    const fuse = await part(h, { number: 'FU-2', name: '保险管' });
    await stock(h, warehouse.id, [{ partId: fuse.id, quantity: 2 }]);
    const requested = await h.services.parts.requestRequisition(tech, { lines: [{ partId: fuse.id, quantity: 2 }] });
    const rejected = await h.services.parts.rejectRequisition(clerk, requested.id, '库存留给急修');
    expect(rejected).toMatchObject({ status: 'rejected', decisionNote: '库存留给急修' });
    expect(await codeOf(h.services.parts.issueRequisition(clerk, requested.id))).toBe('TRANSITION_NOT_ALLOWED');

    await h.services.fieldwork.recordStep(tech, ticket.id, { kind: 'depart', transport: 'company' });
    await h.services.fieldwork.recordStep(tech, ticket.id, { kind: 'arrive' });
    await h.services.fieldwork.recordStep(tech, ticket.id, { kind: 'start' });
    const refused = await refusal(
      h.services.fieldwork.submitWorkReport(tech, ticket.id, {
        faultFound: '保险管烧断',
        workDone: '更换',
        consumed: [{ partId: fuse.id, quantity: 1 }],
        instructed: ['operation', 'care', 'safety'],
        signerName: '张工',
      }),
    );
    expect(refused).toEqual({ code: 'PART_NOT_ISSUED', fields: ['body.consumed.0.partId'] });
    expect((await h.services.tickets.getTicket(h.admin, ticket.id)).status).toBe('in_progress');
    expect((await h.services.fieldwork.dayOf(tech, ticket.id)).report).toBeNull();
  });

  it('bad input answers problem+json with a stable code, and nothing is half-written', async () => {
    const { tech, clerk, agent, van, warehouse, ticket } = await setup();
    const fuse = await part(h, { number: 'FU-3', name: '保险管' });
    const board = await part(h, { number: 'BD-3', name: '主板', serialTracked: true });
    await stock(h, warehouse.id, [{ partId: fuse.id, quantity: 2 }, { partId: board.id, quantity: 1, serials: ['S-1'] }]);
    await stock(h, van.id, [{ partId: fuse.id, quantity: 1 }, { partId: board.id, quantity: 1, serials: ['S-2'] }]);
    const agentCall = caller(h.app, await login(agent));
    const techCall = caller(h.app, await login(tech));
    const clerkCall = caller(h.app, await login(clerk));
    const unknownPart = '00000000-0000-7000-8000-000000000000';

    const unknown = await agentCall('POST', `/api/v1/tickets/${ticket.id}/parts`, { partId: unknownPart, quantity: 1 });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(unknown.json())).toEqual(['body.partId']);
    expect(fieldsOf((await agentCall('POST', `/api/v1/tickets/${ticket.id}/parts`, { partId: fuse.id, quantity: 0 })).json())).toEqual(['body.quantity']);
    const fraction = await agentCall('POST', `/api/v1/tickets/${ticket.id}/parts`, { partId: fuse.id, quantity: 1.5 });
    expect(fraction.statusCode).toBe(400);
    expect(fieldsOf(fraction.json())).toEqual(['body.quantity']);
    const beyond = await agentCall('POST', `/api/v1/tickets/${ticket.id}/parts`, { partId: fuse.id, quantity: 3, reserve: true, locationId: warehouse.id });
    expect(beyond.statusCode).toBe(409);
    expect(beyond.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 2, requested: 3 });
    expect((await agentCall('GET', `/api/v1/tickets/${ticket.id}/parts`)).json().items).toEqual([]);

    const wrongSerial = await techCall('POST', `/api/v1/tickets/${ticket.id}/parts/consume`, { lines: [{ partId: board.id, quantity: 1, serials: ['S-1'] }] });
    expect(wrongSerial.statusCode).toBe(409);
    expect(wrongSerial.json().code).toBe('SERIAL_NOT_AVAILABLE');
    const tooMany = await techCall('POST', `/api/v1/tickets/${ticket.id}/parts/consume`, { lines: [{ partId: fuse.id, quantity: 2 }] });
    expect(tooMany.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 1 });
    const notIssued = await techCall('POST', `/api/v1/tickets/${ticket.id}/parts/consume`, { lines: [{ partId: (await part(h, { number: 'NEW-1' })).id, quantity: 1 }] });
    expect(notIssued.statusCode).toBe(409);
    expect(notIssued.json().code).toBe('PART_NOT_ISSUED');
    // One good line and one bad: neither is consumed.
    const mixed = await techCall('POST', `/api/v1/tickets/${ticket.id}/parts/consume`, { lines: [{ partId: fuse.id, quantity: 1 }, { partId: board.id, quantity: 1, serials: ['S-9'] }] });
    expect(mixed.json().code).toBe('SERIAL_NOT_AVAILABLE');
    expect(await balanceOf(h, fuse.id, van.id)).toMatchObject({ onHand: 1 });
    expect((await agentCall('GET', `/api/v1/tickets/${ticket.id}/parts`)).json().items).toEqual([]);

    const requisition = await techCall('POST', '/api/v1/requisitions', { lines: [{ partId: fuse.id, quantity: 2 }] });
    expect(requisition.statusCode, requisition.body).toBe(201);
    expect(fieldsOf((await techCall('POST', '/api/v1/requisitions', { lines: [{ partId: fuse.id, quantity: -1 }] })).json())).toEqual(['body.lines.0.quantity']);
    expect(fieldsOf((await techCall('POST', '/api/v1/requisitions', { lines: [{ partId: unknownPart, quantity: 1 }] })).json())).toEqual(['body.lines.0.partId']);
    expect((await techCall('POST', `/api/v1/requisitions/${requisition.json().id}/approve`, { fromLocationId: warehouse.id })).statusCode).toBe(403);
    const more = await clerkCall('POST', `/api/v1/requisitions/${requisition.json().id}/approve`, { fromLocationId: warehouse.id, lines: [{ lineNo: 1, quantity: 3 }] });
    expect(fieldsOf(more.json())).toEqual(['body.lines.0.quantity']);
    // Someone took one meanwhile: issuing both is refused whole, and the requisition stays requested.
    await h.services.parts.writeOff(h.admin, { locationId: warehouse.id, reason: '损坏', lines: [{ partId: fuse.id, quantity: 1 }] });
    const short = await clerkCall('POST', `/api/v1/requisitions/${requisition.json().id}/approve`, { fromLocationId: warehouse.id, issue: true });
    expect(short.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 1, requested: 2 });
    expect((await clerkCall('GET', `/api/v1/requisitions/${requisition.json().id}`)).json()).toMatchObject({ status: 'requested' });
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('row scope: a technician reserves, requests and consumes for their own van only, sees only their own requisitions; customers and contractors reach nothing', async () => {
    const { tech, clerk, van, warehouse, customer, asset } = await setup();
    const other = await h.actorWithRole('technician', { name: '赵师傅' });
    const otherVan = await location(h, '赵师傅的车', 'van', other.userId);
    const { ticket: othersJob } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, assetId: asset.id, channel: 'phone', description: '另一台 UPS 报警' });
    const accepted = await h.services.tickets.transition(h.admin, othersJob.id, othersJob.version, { action: 'accept' });
    await h.services.tickets.transition(h.admin, othersJob.id, accepted.version, { action: 'dispatch', technicianId: other.userId });
    const fuse = await part(h, { number: 'FU-9', name: '保险管' });
    await stock(h, van.id, [{ partId: fuse.id, quantity: 2 }]);
    await stock(h, otherVan.id, [{ partId: fuse.id, quantity: 1 }]);
    await stock(h, warehouse.id, [{ partId: fuse.id, quantity: 5 }]);
    const mine = caller(h.app, await login(tech));
    const theirs = caller(h.app, await login(other));

    // Another technician's van is not theirs to reserve from; their own van and the warehouse are.
    const fromOthersVan = await theirs('POST', `/api/v1/tickets/${othersJob.id}/parts`, { partId: fuse.id, quantity: 1, locationId: van.id });
    expect(fromOthersVan.statusCode, fromOthersVan.body).toBe(400);
    expect(fieldsOf(fromOthersVan.json())).toEqual(['body.locationId']);
    expect(await balanceOf(h, fuse.id, van.id)).toMatchObject({ reserved: 0 });
    expect((await theirs('POST', `/api/v1/tickets/${othersJob.id}/parts`, { partId: fuse.id, quantity: 1, locationId: otherVan.id })).statusCode).toBe(201);
    expect((await theirs('POST', `/api/v1/tickets/${othersJob.id}/parts`, { partId: fuse.id, quantity: 1, locationId: warehouse.id })).statusCode).toBe(201);

    // A requisition goes into the caller's own van; the other technician neither lists nor opens nor prints it.
    const requested = await mine('POST', '/api/v1/requisitions', { lines: [{ partId: fuse.id, quantity: 1 }] });
    expect(requested.json()).toMatchObject({ technicianId: tech.userId, toLocationId: van.id });
    expect((await theirs('GET', '/api/v1/requisitions')).json().items).toEqual([]);
    expect((await theirs('GET', `/api/v1/requisitions?technicianId=${tech.userId}`)).json().items).toEqual([]);
    expect((await theirs('GET', `/api/v1/requisitions/${requested.json().id}`)).statusCode).toBe(404);
    expect((await caller(h.app, await login(clerk))('GET', '/api/v1/requisitions')).json().items).toHaveLength(1);

    // Consumption comes from the caller's van: the other technician's job is not theirs, and their own van has 1 (the other is reserved).
    expect((await mine('POST', `/api/v1/tickets/${othersJob.id}/parts/consume`, { lines: [{ partId: fuse.id, quantity: 1 }] })).statusCode).toBe(404);
    expect(await balanceOf(h, fuse.id, otherVan.id)).toMatchObject({ onHand: 1 });
    // A return leaves the caller's own van only.
    const returned = await theirs('POST', '/api/v1/stock/my-van/returns', { toLocationId: warehouse.id, lines: [{ partId: fuse.id, quantity: 2 }] });
    expect(returned.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 0 });
    expect(await balanceOf(h, fuse.id, van.id)).toMatchObject({ onHand: 2 });

    for (const role of ['customer', 'contractor'] as const) {
      const outsider = caller(h.app, await h.tokenFor(role, role === 'customer' ? { customerId: customer.id } : {}));
      for (const url of ['/api/v1/parts', '/api/v1/stock', '/api/v1/stock/ledger', '/api/v1/stock/locations', '/api/v1/requisitions', '/api/v1/old-part-returns', `/api/v1/tickets/${othersJob.id}/parts`, '/api/v1/loaners', '/api/v1/stock/counts']) {
        expect((await outsider('GET', url)).statusCode, `${role} ${url}`).toBe(403);
      }
      expect((await outsider('POST', `/api/v1/tickets/${othersJob.id}/parts`, { partId: fuse.id, quantity: 1 })).statusCode).toBe(403);
    }
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });

  it('H7: parts issued for a job and returned from the van unused leave the ticket: returned, neither shown nor charged', async () => {
    const { tech, clerk, agent, van, warehouse, ticket } = await setup({ purchasedOn: '2020-01-01' });
    const fuse = await part(h, { number: 'FU-R', name: '保险管', costPriceFen: 12_00, retailPriceFen: 30_00 });
    await stock(h, warehouse.id, [{ partId: fuse.id, quantity: 2 }]);
    const requested = await h.services.parts.requestRequisition(tech, { lines: [{ partId: fuse.id, quantity: 2, ticketId: ticket.id }] });
    await h.services.parts.approveRequisition(clerk, requested.id, { fromLocationId: warehouse.id, issue: true });
    let view = await h.services.parts.partsOfTicket(agent, ticket.id);
    expect(view).toMatchObject({ costTotalFen: 24_00, priceTotalFen: 60_00 });

    await h.services.parts.returnFromVan(tech, { toLocationId: warehouse.id, lines: [{ partId: fuse.id, quantity: 1 }] });
    view = await h.services.parts.partsOfTicket(agent, ticket.id);
    expect(view.items.map((i) => [i.status, i.quantity])).toEqual([
      ['issued', 1],
      ['returned', 1],
    ]);
    expect(view).toMatchObject({ costTotalFen: 12_00, priceTotalFen: 30_00 });
    await h.services.parts.returnFromVan(tech, { toLocationId: warehouse.id, lines: [{ partId: fuse.id, quantity: 1 }] });
    view = await h.services.parts.partsOfTicket(agent, ticket.id);
    expect(view.items.map((i) => i.status)).toEqual(['returned', 'returned']);
    expect(view).toMatchObject({ costTotalFen: 0, priceTotalFen: 0 });
    expect(await balanceOf(h, fuse.id, van.id)).toMatchObject({ onHand: 0 });
    expect(await h.services.parts.ledgerMismatches(h.admin)).toEqual([]);
  });
});
