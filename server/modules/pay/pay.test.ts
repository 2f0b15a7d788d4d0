import { afterEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createAppHarness, fixedClock, type AppHarness } from '../../test/harness';
import { caller, fieldsOf, fileUpload } from '../../test/http';
import { workedExampleNovember } from './pay.test-fixtures';

let h: AppHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Component = { id: string; kind: string; rule: string; amountFen: number; source: { type: string; ticketId: string | null; ticketNumber: string | null }; correctsLineId: string | null; explanation: string };
type Person = { userId: string; name: string; totalFen: number; components: Component[] };

async function finance(harness: AppHarness) {
  return caller(harness.app, await harness.tokenFor('finance'));
}

const amounts = (person: Person, kind: string) => person.components.filter((c) => c.kind === kind).map((c) => c.amountFen);

describe('the pay run over the API', () => {
  it('M2, M3, M4, M5, M6, M7, M8, M9: the worked example, from the records to a locked run; the technician sees his own lines and nobody else’s', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-09T00:00:00Z') });
    const { me, junior, apprentice, supervisor, tickets } = await workedExampleNovember(h);
    const api = await finance(h);

    const created = await api('POST', '/api/v1/pay-runs', { month: '2026-11' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ status: 'draft', month: '2026-11', monthOpen: false });
    const runId = created.json().id as string;

    const mine = (await api('GET', `/api/v1/pay-runs/${runId}/lines?userId=${me.id}`)).json().items[0] as Person;
    expect(amounts(mine, 'base')).toEqual([1500_00]);
    expect(amounts(mine, 'direct_hours').sort((a, b) => b - a)).toEqual([180_00, 0, 0]);
    expect(amounts(mine, 'indirect_hours').filter((a) => a > 0).sort((a, b) => b - a)).toEqual([20_00, 6_00]);
    expect(amounts(mine, 'delivery')).toEqual([100_00]);
    expect(amounts(mine, 'commission')).toEqual([105_00]);
    expect(amounts(mine, 'holdback')).toEqual([-15_75]);
    expect(mine.totalFen).toBe(1895_25);
    const commission = mine.components.find((c) => c.kind === 'commission')!;
    expect(commission.source).toMatchObject({ type: 'ticket', ticketId: tickets.repair.id, ticketNumber: tickets.repair.number });

    const all = (await api('GET', `/api/v1/pay-runs/${runId}/lines`)).json().items as Person[];
    const of = (id: string) => all.find((p) => p.userId === id)!;
    expect(amounts(of(supervisor.userId), 'commission')).toEqual([90_00]);
    expect(amounts(of(junior.id), 'commission')).toEqual([105_00]);
    expect(amounts(of(apprentice.id), 'commission')).toEqual([]);
    expect(of(apprentice.id).components.map((c) => c.kind)).toEqual(['base']);

    const locked = await api('POST', `/api/v1/pay-runs/${runId}/lock`);
    expect(locked.statusCode).toBe(200);
    expect(locked.json()).toMatchObject({ status: 'locked', totalFen: all.reduce((s, p) => s + p.totalFen, 0) });
    // Locked, it never changes.
    const again = await api('POST', `/api/v1/pay-runs/${runId}/recompute`);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAY_RUN_LOCKED');

    // The technician's own slip on his phone, and nobody else's.
    const own = caller(h.app, await loginAs(h, me.username));
    const runs = (await own('GET', '/api/v1/my-pay/runs')).json().items;
    expect(runs).toEqual([{ id: runId, month: '2026-11', status: 'locked', totalFen: 1895_25 }]);
    expect((await own('GET', `/api/v1/my-pay/runs/${runId}`)).json()).toMatchObject({ userId: me.id, totalFen: 1895_25 });
    expect((await own('GET', `/api/v1/pay-runs/${runId}/lines`)).statusCode).toBe(403);
    expect((await own('GET', `/api/v1/pay-runs/${runId}/lines?userId=${junior.id}`)).statusCode).toBe(403);
    const slip = await own('GET', `/api/v1/my-pay/runs/${runId}/pdf`);
    expect(slip.statusCode).toBe(200);
    expect(slip.headers['content-type']).toContain('application/pdf');
    const holdbacks = (await own('GET', '/api/v1/my-pay/holdbacks')).json();
    expect(holdbacks.balances).toMatchObject([{ userId: me.id, ticketId: tickets.repair.id, heldFen: 15_75 }]);
    expect(holdbacks.items).toMatchObject([{ move: 'held', amountFen: 15_75, month: '2026-11' }]);
  });

  it('M6, M7, M8: after November is locked, a late callback, a refund and the warranty’s end are lines of later runs naming what they correct', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-09T00:00:00Z') });
    const { me, supervisor, tickets } = await workedExampleNovember(h);
    let api = await finance(h);
    const november = (await api('POST', '/api/v1/pay-runs', { month: '2026-11' })).json().id as string;
    expect((await api('POST', `/api/v1/pay-runs/${november}/lock`)).statusCode).toBe(200);
    const novemberLines = (await api('GET', `/api/v1/pay-runs/${november}/lines?userId=${me.id}`)).json().items[0] as Person & { components: (Component & { id: string })[] };

    // December: the callback finds the delivered machine was not explained after all; 1,000 is refunded.
    h.clock.set('2026-12-10T02:00:00Z');
    await h.services.fieldwork.recordDeliveryCallback(h.admin, tickets.delivery.id, { explained: false, note: '用户说没讲解保养' });
    await h.services.billing.recordPayment(h.admin, tickets.repair.id, { amountFen: -1000_00, method: 'bank_transfer', reason: '部分退款' });
    h.clock.set('2027-01-02T02:00:00Z');
    api = await finance(h);
    const decemberRun = await api('POST', '/api/v1/pay-runs', { month: '2026-12' });
    expect(decemberRun.statusCode, decemberRun.body).toBe(201);
    const december = decemberRun.json().id as string;
    const mine = (await api('GET', `/api/v1/pay-runs/${december}/lines?userId=${me.id}`)).json().items[0] as Person;
    const corrections = mine.components.filter((c) => c.kind === 'correction');
    const deliveryLine = novemberLines.components.find((c) => c.kind === 'delivery')!;
    const commissionLine = novemberLines.components.find((c) => c.kind === 'commission')!;
    expect(corrections.map((c) => [c.amountFen, c.correctsLineId])).toEqual(
      expect.arrayContaining([
        [-100_00, deliveryLine.id],
        // Net profit 1,000.00: commission 150.00, 105.00 to the technicians, 52.50 each; 52.50 back.
        [-52_50, commissionLine.id],
      ]),
    );
    // Less commission, less held: 15 % of 52.50 (7.88) is all that stays held, so 7.87 comes back.
    expect(amounts(mine, 'holdback')).toEqual([7_87]);
    const sup = (await api('GET', `/api/v1/pay-runs/${december}/lines?userId=${supervisor.userId}`)).json().items[0] as Person;
    expect(sup.components.map((c) => [c.kind, c.amountFen])).toEqual([['correction', -45_00]]);
    expect((await api('POST', `/api/v1/pay-runs/${december}/lock`)).statusCode).toBe(200);

    // The repair's 3-month warranty ends in February: February's run releases what is still held.
    h.clock.set('2027-03-02T02:00:00Z');
    api = await finance(h);
    const february = (await api('POST', '/api/v1/pay-runs', { month: '2027-02' })).json().id as string;
    const feb = (await api('GET', `/api/v1/pay-runs/${february}/lines?userId=${me.id}`)).json().items[0] as Person;
    expect(amounts(feb, 'holdback_release')).toEqual([7_88]);
  });

  it('M8: own-error rework within the warranty, judged by the supervisor, forfeits the hold-back in the next run', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-09T00:00:00Z') });
    const { me, junior, supervisor, tickets } = await workedExampleNovember(h);
    let api = await finance(h);
    const november = (await api('POST', '/api/v1/pay-runs', { month: '2026-11' })).json().id as string;
    await api('POST', `/api/v1/pay-runs/${november}/lock`);

    h.clock.set('2026-12-05T02:00:00Z');
    const { ticket: rework } = await h.services.tickets.createTicket(h.admin, { customerId: tickets.repair.customerId, channel: 'phone', description: '变速箱又响了' });
    const judge = caller(h.app, await loginAs(h, supervisor.username));
    // The panel offers the customer's finished repair as what this ticket may rework; not the other way round.
    const candidates = (await judge('GET', `/api/v1/tickets/${rework.id}/rework-candidates`)).json().items as { ticketId: string; withinWarranty: boolean; sameAsset: boolean }[];
    expect(candidates.find((c) => c.ticketId === tickets.repair.id)).toMatchObject({ withinWarranty: true, sameAsset: false });
    const earlier = (await judge('GET', `/api/v1/tickets/${tickets.repair.id}/rework-candidates`)).json().items as { ticketId: string }[];
    expect(earlier.map((c) => c.ticketId)).not.toContain(rework.id);
    expect((await caller(h.app, await loginAs(h, me.username))('GET', `/api/v1/tickets/${rework.id}/rework-candidates`)).statusCode).toBe(403);
    const bad = await judge('PUT', `/api/v1/tickets/${rework.id}/rework-judgement`, { originalTicketId: rework.id, atFaultUserIds: [], reason: '' });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad.json())).toContain('body.reason');
    const stranger = await judge('PUT', `/api/v1/tickets/${rework.id}/rework-judgement`, { originalTicketId: tickets.repair.id, atFaultUserIds: [supervisor.userId], reason: '装配失误' });
    expect(stranger.statusCode).toBe(400);
    const judged = await judge('PUT', `/api/v1/tickets/${rework.id}/rework-judgement`, { originalTicketId: tickets.repair.id, atFaultUserIds: [me.id], reason: '齿轮装配失误' });
    expect(judged.statusCode).toBe(200);
    expect(judged.json()).toMatchObject({ originalTicketNumber: tickets.repair.number, withinWarranty: true, atFault: [{ id: me.id, name: '王师傅' }] });
    expect((await caller(h.app, await loginAs(h, me.username))('PUT', `/api/v1/tickets/${rework.id}/rework-judgement`, { originalTicketId: tickets.repair.id, atFaultUserIds: [], reason: 'x' })).statusCode).toBe(403);

    h.clock.set('2027-01-02T02:00:00Z');

    api = await finance(h);
    const decemberRun = await api('POST', '/api/v1/pay-runs', { month: '2026-12' });
    expect(decemberRun.statusCode, decemberRun.body).toBe(201);
    const december = decemberRun.json().id as string;
    const lines = (await api('GET', `/api/v1/pay-runs/${december}/lines`)).json().items as Person[];
    const mine = lines.find((p) => p.userId === me.id)!;
    expect(mine.components.filter((c) => c.kind === 'holdback_forfeit').map((c) => c.amountFen)).toEqual([0]);
    expect(lines.find((p) => p.userId === junior.id)!.components.filter((c) => c.kind.startsWith('holdback'))).toEqual([]);
    await api('POST', `/api/v1/pay-runs/${december}/lock`);
    const ledger = (await api('GET', `/api/v1/pay-holdbacks?userId=${me.id}`)).json();
    expect(ledger.items.map((m: { move: string; amountFen: number }) => [m.move, m.amountFen])).toEqual([
      ['held', 15_75],
      ['forfeited', 15_75],
    ]);
    expect(ledger.balances).toEqual([]);
  });

  it('refuses to lock an open month, a month with unapproved hours (naming them), or a second run of a locked month; Excel has a summary and a sheet per person', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-09T00:00:00Z') });
    const { me, tickets } = await workedExampleNovember(h);
    let api = await finance(h);

    h.clock.set('2026-11-28T02:00:00Z');
    const early = (await api('POST', '/api/v1/pay-runs', { month: '2026-11' })).json();
    expect(early).toMatchObject({ status: 'draft', monthOpen: true });
    const open = await api('POST', `/api/v1/pay-runs/${early.id}/lock`);
    expect(open.statusCode).toBe(409);
    expect(open.headers['content-type']).toContain('application/problem+json');
    expect(open.json().code).toBe('PAY_MONTH_OPEN');

    // An unapproved correction in November keeps the month from locking.
    h.clock.set('2026-12-02T02:00:00Z');
    api = await finance(h);
    const entry = (await h.services.fieldwork.findEntries(h.admin, { userId: me.id, limit: 100 } as never)).find((e) => e.kind === 'direct' && e.ticketId === tickets.inWarranty.id)!;
    await h.services.fieldwork.correctEntry(h.admin, entry.id, { minutes: -30, note: '午休' });
    const unapproved = await api('POST', `/api/v1/pay-runs/${early.id}/lock`);
    expect(unapproved.statusCode).toBe(409);
    expect(unapproved.json()).toMatchObject({ code: 'TIME_ENTRIES_UNAPPROVED', entries: [{ user: '王师傅' }] });
    expect((await api('GET', `/api/v1/pay-runs/${early.id}`)).json()).toMatchObject({ status: 'draft' });
    const draftEntries = (await h.services.fieldwork.findEntries(h.admin, { userId: me.id, limit: 100 } as never)).filter((e) => e.status === 'draft');
    await h.services.fieldwork.approveEntries(h.admin, draftEntries.map((e) => ({ id: e.id, version: e.version })));
    expect((await api('POST', `/api/v1/pay-runs/${early.id}/lock`)).statusCode).toBe(200);
    // The correction of 30 minutes at 15 yuan an hour is in it.
    const locked = (await api('GET', `/api/v1/pay-runs/${early.id}/lines?userId=${me.id}`)).json().items[0] as Person;
    expect(locked.totalFen).toBe(1895_25 - 7_50);

    const second = (await api('POST', '/api/v1/pay-runs', { month: '2026-11' })).json();
    const twice = await api('POST', `/api/v1/pay-runs/${second.id}/lock`);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('PAY_MONTH_LOCKED');

    // The list by month.
    const listed = (month: string) => api('GET', `/api/v1/pay-runs?month=${month}`);
    expect(((await listed('2026-11')).json().items as { id: string }[]).map((r) => r.id).sort()).toEqual([early.id, second.id].sort());
    expect((await listed('2026-10')).json().items).toEqual([]);
    expect((await api('GET', '/api/v1/pay-runs')).json().items).toHaveLength(2);
    const badMonth = await listed('2026-13');
    expect(badMonth.statusCode).toBe(400);
    expect(fieldsOf(badMonth.json())).toEqual(['querystring.month']);

    for (const body of [{ month: '2026-13' }, { month: '202611' }, {}, { month: '2026-11', extra: 1 }]) {
      const r = await api('POST', '/api/v1/pay-runs', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(r.json()).length).toBeGreaterThan(0);
    }

    const xlsx = await api('GET', `/api/v1/pay-runs/${early.id}/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    expect(book.worksheets[0]!.name).toBe('汇总');
    expect(book.worksheets.map((s) => s.name)).toContain('王师傅');
    const sheet = book.getWorksheet('王师傅')!;
    const lastRow = sheet.getRow(sheet.rowCount);
    expect(lastRow.getCell(5).value).toBe((1895_25 - 7_50) / 100);
    expect(String(sheet.getRow(2).getCell(6).value)).not.toContain('pay.explain');
    // The summary (streamed from each person's sums per kind) agrees with the person's sheet.
    const summary = book.worksheets[0]!;
    const people = (await api('GET', `/api/v1/pay-runs/${early.id}/lines`)).json().items as Person[];
    expect(summary.rowCount).toBe(1 + people.length);
    const row = [...Array(summary.rowCount).keys()].map((i) => summary.getRow(i + 1)).find((r) => r.getCell(1).value === '王师傅')!;
    expect(row.getCell(summary.columnCount).value).toBe((1895_25 - 7_50) / 100);
    expect(sheet.rowCount).toBe(1 + people.find((p) => p.name === '王师傅')!.components.length + 1);
  });

  it('A5: a penalty is recorded with its cause and evidence, confirmed, and deducted in the month of its confirmation; bad input is refused per field', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-09T00:00:00Z') });
    const { me } = await workedExampleNovember(h);
    let api = await finance(h);
    h.clock.set('2026-11-28T02:00:00Z');
    const wrong = await api('POST', '/api/v1/penalties', { userId: me.id, cause: 'wrong_phone', quantity: 2, description: '回访发现两个客户电话有误' });
    expect(wrong.statusCode).toBe(201);
    expect(wrong.json()).toMatchObject({ amountFen: 20_00, quantity: 2, confirmedAt: null });
    const other = await api('POST', '/api/v1/penalties', { userId: me.id, cause: 'other', description: '无金额' });
    expect(other.statusCode).toBe(400);
    expect(fieldsOf(other.json())).toEqual(['body.amountFen']);
    for (const body of [{ userId: me.id, description: '没有原因' }, { userId: me.id, cause: 'wrong_phone' }, { userId: me.id, cause: 'late', description: 'x' }, { userId: me.id, cause: 'other', amountFen: -5, description: 'x' }]) {
      const r = await api('POST', '/api/v1/penalties', body);
      expect(r.statusCode, JSON.stringify(body)).toBe(400);
    }
    // The evidence: a photo of the call record, checked by its bytes; a text file is refused, a stale version too.
    const financeToken = await h.tokenFor('finance');
    const evidence = (bytes: Buffer, name: string, type: string, version: number, token = financeToken) => {
      const body = fileUpload(bytes, name, type);
      return h!.app.inject({ method: 'POST', url: `/api/v1/penalties/${wrong.json().id}/evidence`, headers: { authorization: `Bearer ${token}`, 'content-type': body.contentType, 'if-match': String(version) }, payload: body.payload });
    };
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
    const notAnImage = await evidence(Buffer.from('只是文字'), '记录.png', 'image/png', wrong.json().version);
    expect([notAnImage.statusCode, notAnImage.json().code]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED']);
    const stale = await evidence(png, '通话记录.png', 'image/png', wrong.json().version + 5);
    expect(stale.statusCode).toBe(409);
    const withEvidence = await evidence(png, '通话记录.png', 'image/png', wrong.json().version);
    expect(withEvidence.statusCode, withEvidence.body).toBe(200);
    expect(withEvidence.json()).toMatchObject({ evidenceAttachmentId: expect.any(String), version: wrong.json().version + 1 });
    const content = await api('GET', `/api/v1/attachments/${withEvidence.json().evidenceAttachmentId}/content`);
    expect([content.statusCode, content.headers['content-type']]).toEqual([200, 'image/png']);
    const technician = caller(h.app, await h.tokenFor('technician'));
    expect((await technician('GET', `/api/v1/attachments/${withEvidence.json().evidenceAttachmentId}/content`)).statusCode).toBe(403);
    expect((await evidence(png, 'x.png', 'image/png', withEvidence.json().version, await h.tokenFor('technician'))).statusCode).toBe(403);

    const confirmed = await api('POST', `/api/v1/penalties/${wrong.json().id}/confirm`, undefined, { ifMatch: withEvidence.json().version });
    expect(confirmed.statusCode).toBe(200);
    const twice = await api('POST', `/api/v1/penalties/${wrong.json().id}/confirm`, undefined, { ifMatch: confirmed.json().version });
    expect(twice.json().code).toBe('PENALTY_DECIDED');
    expect((await evidence(png, '补充.png', 'image/png', confirmed.json().version)).json().code).toBe('PENALTY_DECIDED');

    h.clock.set('2026-12-02T02:00:00Z');

    api = await finance(h);
    const run = (await api('POST', '/api/v1/pay-runs', { month: '2026-11' })).json().id as string;
    const mine = (await api('GET', `/api/v1/pay-runs/${run}/lines?userId=${me.id}`)).json().items[0] as Person;
    expect(mine.components.filter((c) => c.kind === 'penalty')).toMatchObject([{ amountFen: -20_00, rule: 'A5' }]);
    expect(mine.totalFen).toBe(1895_25 - 20_00);
  });

  it('a recompute rewrites only the lines of the people whose pay changed; a run without digests is rewritten whole', async () => {
    h = await createAppHarness({ clock: fixedClock('2026-11-09T00:00:00Z') });
    const { me, junior } = await workedExampleNovember(h);
    let api = await finance(h);
    const run = (await api('POST', '/api/v1/pay-runs', { month: '2026-11' })).json().id as string;
    const linesOf = async () => new Map(((await api('GET', `/api/v1/pay-runs/${run}/lines`)).json().items as Person[]).map((p) => [p.userId, p]));
    const ids = (person: Person | undefined) => person!.components.map((c) => c.id).sort();
    const first = await linesOf();

    // Nothing changed: every line is kept as it was.
    expect((await api('POST', `/api/v1/pay-runs/${run}/recompute`)).statusCode).toBe(200);
    const same = await linesOf();
    for (const [userId, person] of first) expect(ids(same.get(userId))).toEqual(ids(person));

    // A penalty confirmed in November: his lines are written again, the others' kept.
    h.clock.set('2026-11-28T02:00:00Z');
    api = await finance(h);
    const penalty = (await api('POST', '/api/v1/penalties', { userId: me.id, cause: 'wrong_phone', quantity: 1, description: '客户电话有误' })).json();
    expect((await api('POST', `/api/v1/penalties/${penalty.id}/confirm`, undefined, { ifMatch: penalty.version })).statusCode).toBe(200);
    h.clock.set('2026-12-02T02:00:00Z');
    api = await finance(h);
    const recomputed = await api('POST', `/api/v1/pay-runs/${run}/recompute`);
    expect(recomputed.json().totalFen).toBe([...first.values()].reduce((s, p) => s + p.totalFen, 0) - 10_00);
    const after = await linesOf();
    expect(after.get(me.id)!.totalFen).toBe(1895_25 - 10_00);
    expect(after.get(me.id)!.components.filter((c) => c.kind === 'penalty')).toMatchObject([{ amountFen: -10_00, rule: 'A5' }]);
    expect(ids(after.get(me.id)).some((id) => ids(first.get(me.id)).includes(id))).toBe(false);
    expect(ids(after.get(junior.id))).toEqual(ids(first.get(junior.id)));

    // Runs computed before the digests were kept have none: the next compute rewrites them whole, once.
    await h.database.db.execute(sql`update pay_runs set line_digests = null where id = ${run}`);
    expect((await api('POST', `/api/v1/pay-runs/${run}/recompute`)).statusCode).toBe(200);
    const rewritten = await linesOf();
    expect(ids(rewritten.get(junior.id)).some((id) => ids(after.get(junior.id)).includes(id))).toBe(false);
    expect([...rewritten.values()].map((p) => [p.userId, p.totalFen])).toEqual([...after.values()].map((p) => [p.userId, p.totalFen]));
    expect((await api('POST', `/api/v1/pay-runs/${run}/recompute`)).statusCode).toBe(200);
    expect(ids((await linesOf()).get(junior.id))).toEqual(ids(rewritten.get(junior.id)));
  });

  it('M2: a negative base salary setting is refused', async () => {
    h = await createAppHarness();
    const admin = caller(h.app, await h.tokenFor('admin'));
    const org = (await admin('GET', '/api/v1/organisation')).json();
    const r = await admin('PATCH', '/api/v1/organisation', { settings: { pay: { baseSalaryFen: { junior: { regular: -100 } } } } }, { ifMatch: org.version });
    expect(r.statusCode).toBe(400);
    expect(fieldsOf(r.json()).join()).toContain('baseSalaryFen');
  });
});

async function loginAs(harness: AppHarness, username: string) {
  const r = await harness.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: 'Harness-key-4821' } });
  return r.json().token as string;
}
