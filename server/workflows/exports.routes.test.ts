import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../modules/identity';
import { customer, dispatchedTicket, reportedTicket, technician } from '../test/fixtures';
import { ADMIN_PASSWORD, createAppHarness, fixedClock, TEST_PASSWORD, type AppHarness } from '../test/harness';
import { caller } from '../test/http';

/*
 * The Excel exports of the lists: each answers the rows its list shows (same filters, same
 * visibility, same order), under the list's permission, with headers in the caller's language.
 */

let h: AppHarness;
const DAY = 86_400_000;
const M = 60_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function signIn(username: string, password = TEST_PASSWORD) {
  const response = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  return response.json().token as string;
}
const asAdmin = async () => caller(h.app, await signIn('admin', ADMIN_PASSWORD));
const as = async (actor: Actor) => caller(h.app, await signIn(actor.username));

/** The first sheet of an .xlsx answer as rows of cell text, the header row first. */
async function sheetOf(response: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }) {
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toBe(XLSX);
  expect(String(response.headers['content-disposition'])).toMatch(/^attachment; filename\*=UTF-8''.+\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  const rows: (string | number | null)[][] = [];
  book.worksheets[0]!.eachRow((row) => {
    rows.push((row.values as (string | number | null | undefined)[]).slice(1).map((v) => v ?? null));
  });
  return rows;
}

let other: { admin: Actor; customerName: string };
let wang: Awaited<ReturnType<typeof technician>>;
let supervisor: Actor;

beforeAll(async () => {
  h = await createAppHarness({ clock: fixedClock('2026-11-26T01:00:00Z') }); // Thursday 09:00 in Shanghai
  // Another organisation with a customer, a ticket on it and hours: none of it may show.
  const org = await h.services.identity.createOrganisation({ code: 'export-other', name: '别家服务中心' });
  await h.services.ensureOrganisationDefaults(org.id);
  const user = await h.services.identity.createUser(org.id, { username: 'export-other-admin', password: TEST_PASSWORD, name: '外人', role: 'admin' });
  const otherAdmin: Actor = { ...systemActor(org.id, user.id), username: user.username, name: user.name };
  const theirs = await h.services.customers.createCustomer(otherAdmin, { name: '别家客户甲', phone: '13800009999' });
  await h.services.tickets.createTicket(otherAdmin, { customerId: theirs.id, channel: 'phone', description: '别家的漏水工单' });
  other = { admin: otherAdmin, customerName: theirs.name };

  wang = await technician(h, { name: '王师傅', team: '一组' });
  supervisor = await h.actorWithRole('supervisor', { name: '周主管' });
  const own = await customer(h, { name: '导出客户甲' });
  const led = await dispatchedTicket(h, { technicianId: wang.id, customerId: own.id, description: '空调漏水' });
  await reportedTicket(h, { description: '冰箱不制冷' });
  h.clock.advance(30 * M);
  await reportedTicket(h, { description: '热水器漏水' });
  // Hours: 王师傅 travels to his job.
  await h.services.fieldwork.recordStep(wang.actor, led.id, { kind: 'depart', transport: 'company' });
  h.clock.advance(40 * M);
  await h.services.fieldwork.recordStep(wang.actor, led.id, { kind: 'arrive' });
});
afterAll(async () => {
  await h?.close();
});

describe('Excel exports of the lists', () => {
  it('the ticket list: the rows the list shows, in its order, under its filters and the caller’s scope; zh-CN headers, instants in Shanghai', async () => {
    const admin = await asAdmin();
    const rows = await sheetOf(await admin('GET', '/api/v1/tickets/export.xlsx'));
    expect(rows[0]).toEqual(['工单号', '状态', '服务时限', '截止', '优先级', '紧急', '类型', '来源', '客户', '设备', '故障描述', '质保', '负责技师', '报修时间']);
    const list = (await admin('GET', '/api/v1/tickets?pageSize=100')).json();
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.items.map((t: { number: string }) => t.number));
    expect(rows).toHaveLength(4);
    const led = rows.find((r) => r[10] === '空调漏水')!;
    expect(led).toMatchObject({ 1: '已派工', 4: '普通', 5: '否', 6: '维修', 7: '电话', 8: '导出客户甲', 12: '王师傅', 13: '2026-11-26 09:00' });
    expect(led[2]).toMatch(/ · /); // its most urgent clock, as the list's badge
    expect(rows.flat()).not.toContain(other.customerName);

    // The list's filters: a search, a status, both.
    const leaks = await sheetOf(await admin('GET', `/api/v1/tickets/export.xlsx?q=${encodeURIComponent('漏水')}`));
    expect(leaks.slice(1).map((r) => r[10]).sort()).toEqual(['热水器漏水', '空调漏水']);
    const dispatched = await sheetOf(await admin('GET', '/api/v1/tickets/export.xlsx?status=dispatched&q=' + encodeURIComponent('漏水')));
    expect(dispatched.slice(1).map((r) => r[10])).toEqual(['空调漏水']);
    // An exact identifier, as in the list.
    const byNumber = await sheetOf(await admin('GET', `/api/v1/tickets/export.xlsx?q=${encodeURIComponent(String(led[0]))}`));
    expect(byNumber.slice(1).map((r) => r[0])).toEqual([led[0]]);

    // A technician exports what their list shows: their own jobs.
    const tech = await as(wang.actor);
    const techRows = await sheetOf(await tech('GET', '/api/v1/tickets/export.xlsx'));
    const techList = (await tech('GET', '/api/v1/tickets')).json();
    expect(techRows.slice(1).map((r) => r[0])).toEqual(techList.items.map((t: { number: string }) => t.number));
    expect(techRows.slice(1).map((r) => r[10])).toEqual(['空调漏水']);

    // In English when asked; never without signing in; bad filters refused as in the list.
    const english = await sheetOf(await admin('GET', '/api/v1/tickets/export.xlsx', undefined, { headers: { 'x-locale': 'en-US' } }));
    expect(english[0]![0]).toBe('Ticket no.');
    expect((await caller(h.app, null)('GET', '/api/v1/tickets/export.xlsx')).statusCode).toBe(401);
    const bad = await admin('GET', '/api/v1/tickets/export.xlsx?status=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it('the breach queue: the whole queue in its order, by state; not for a customer', async () => {
    h.clock.advance(3 * DAY);
    const admin = await asAdmin();
    const rows = await sheetOf(await admin('GET', '/api/v1/sla/breaches/export.xlsx'));
    expect(rows[0]).toEqual(['工单号', '时限项目', '时限状态', '截止', '开始计时', '状态', '优先级', '客户', '负责技师']);
    const list = (await admin('GET', '/api/v1/sla/breaches?pageSize=200')).json().items as { number: string; metric: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.map((r) => r.number));
    expect(rows.slice(1).every((r) => r[2] === '超时')).toBe(true);
    expect(rows.flat()).not.toContain(other.customerName);
    expect(await sheetOf(await admin('GET', '/api/v1/sla/breaches/export.xlsx?state=warning'))).toHaveLength(1 + (await admin('GET', '/api/v1/sla/breaches?state=warning')).json().items.length);

    // A technician: the clocks of the jobs they lead.
    const techRows = await sheetOf(await (await as(wang.actor))('GET', '/api/v1/sla/breaches/export.xlsx'));
    expect(new Set(techRows.slice(1).map((r) => r[7]))).toEqual(new Set(['导出客户甲']));

    const owner = caller(h.app, await h.tokenFor('customer', { customerId: (await customer(h)).id }));
    expect((await owner('GET', '/api/v1/sla/breaches/export.xlsx')).statusCode).toBe(403);
  });

  it('SLA attainment: one row per metric, team and month as the table shows; not for a customer', async () => {
    const admin = await asAdmin();
    // The scanner marks the clocks past due as breached: something to count.
    await h.services.sla.scanOnce();
    const from = '2026-11-01T00:00:00+08:00';
    const to = '2027-01-01T00:00:00+08:00';
    const query = `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
    const list = (await admin('GET', `/api/v1/sla/attainment${query}`)).json().items as { metric: string; met: number; breached: number; month: string }[];
    const rows = await sheetOf(await admin('GET', `/api/v1/sla/attainment/export.xlsx${query}`));
    expect(rows[0]).toEqual(['月份', '时限项目', '班组', '按时', '超时', '达成率（%）']);
    expect(list.length).toBeGreaterThan(0);
    expect(rows).toHaveLength(1 + list.length);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual(list.map((r) => [r.month, r.met, r.breached]));
    expect((await admin('GET', '/api/v1/sla/attainment/export.xlsx')).statusCode).toBe(400);
    const owner = caller(h.app, await h.tokenFor('customer', { customerId: (await customer(h)).id }));
    expect((await owner('GET', `/api/v1/sla/attainment/export.xlsx${query}`)).statusCode).toBe(403);
  });

  it('timesheets: the entries the list shows, with names and ticket numbers; a technician only their own; by status', async () => {
    const boss = await as(supervisor);
    const rows = await sheetOf(await boss('GET', '/api/v1/time-entries/export.xlsx'));
    expect(rows[0]).toEqual(['技师', '工单号', '类别', '方式/原因', '开始', '结束', '分钟', '状态', '说明']);
    const list = (await boss('GET', '/api/v1/time-entries?limit=1000')).json().items as { minutes: number }[];
    expect(list).toHaveLength(1);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ 0: '王师傅', 3: '公司车辆', 4: '2026-11-26 09:30', 5: '2026-11-26 10:10', 6: 40, 7: '待审核' });
    expect(String(rows[1]![1])).toMatch(/\d/);
    expect(await sheetOf(await boss('GET', '/api/v1/time-entries/export.xlsx?status=approved'))).toHaveLength(1);
    // Another technician has no hours; the other organisation's admin sees none of these.
    const li = await technician(h, { name: '李师傅' });
    expect(await sheetOf(await (await as(li.actor))('GET', '/api/v1/time-entries/export.xlsx'))).toHaveLength(1);
    expect(await sheetOf(await (await as(other.admin))('GET', '/api/v1/time-entries/export.xlsx'))).toHaveLength(1);
  });

  it('customers: the list under its search, newest first, with phones and address; not for a technician', async () => {
    const admin = await asAdmin();
    const rows = await sheetOf(await admin('GET', '/api/v1/customers/export.xlsx'));
    expect(rows[0]).toEqual(['姓名/名称', '类型', '单位', '电话', '地址', '电子邮件', '创建时间']);
    const list = (await admin('GET', '/api/v1/customers?pageSize=100')).json();
    expect(rows.slice(1).map((r) => r[0])).toEqual(list.items.map((c: { name: string }) => c.name));
    expect(rows.flat()).not.toContain(other.customerName);
    const found = await sheetOf(await admin('GET', `/api/v1/customers/export.xlsx?q=${encodeURIComponent('导出客户甲')}`));
    expect(found.slice(1).map((r) => r[0])).toEqual(['导出客户甲']);
    expect(found[1]![4]).toMatch(/深圳/);
    expect(found[1]![6]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await (await as(wang.actor))('GET', '/api/v1/customers/export.xlsx')).statusCode).toBe(403);
    // The other organisation's admin exports only their own.
    const theirs = await sheetOf(await (await as(other.admin))('GET', '/api/v1/customers/export.xlsx'));
    expect(theirs.slice(1).map((r) => r[0])).toEqual([other.customerName]);
  });
});
