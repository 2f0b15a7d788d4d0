import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { drawSignature, signIn, suite } from './support';

/*
 * The technician's phone at 390×844: 我的一天 by visit time (the next one on top, the
 * emergency marked, tomorrow's below), and steps tapped in a dead spot kept on the phone and
 * sent when the signal returns, stamped at the tapped time, not at reconnection; a report and
 * its photo made offline arrive together.
 */
const ids = { first: '', emergency: '', tomorrow: '' };
const SHANGHAI_MS = 8 * 3600_000;
const H = 3600_000;
/** A 1×1 PNG, standing in for the camera's photo. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const s = suite('offline-', async ({ api }) => {
  const tech = await api<{ id: string }>('POST', '/api/v1/users', { username: 'heliang', password: 'He-liang-2026', name: '何亮', role: 'technician', grade: 'intermediate' });
  const now = Date.now();
  // The organisation's day (Asia/Shanghai): today's visits start between its start and now.
  const todayStart = Math.floor((now + SHANGHAI_MS) / (24 * H)) * 24 * H - SHANGHAI_MS;
  const firstStart = Math.max(todayStart, now - H);
  const plan = async (name: string, phone: string, description: string, start: number, emergency = false) => {
    const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name, phone, address: `上海市徐汇区漕溪北路 ${phone.slice(-3)} 号` });
    const asset = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: `CH-${phone.slice(-4)}`, productName: '螺杆式冷水机组', kind: 'equipment' });
    const ticket = await api<{ id: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: asset.id, channel: 'phone', description, ...(emergency ? { emergency: true } : {}) });
    const accepted = await api<{ version: number }>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
    await api('POST', '/api/v1/dispatch/assignments', { ticketId: ticket.id, technicianId: tech.id, plannedStart: new Date(start).toISOString(), plannedEnd: new Date(start + 2 * H).toISOString() }, { 'if-match': String(accepted.version) });
    return ticket.id;
  };
  // Planned in an order different from the day's, so the list's order is the visits' own.
  ids.tomorrow = await plan('华东医院后勤处', '02164000111', '冷水机组年度保养', todayStart + 24 * H + 10 * H);
  ids.emergency = await plan('徐汇数据中心', '02164000222', '机房空调停机，温度上升', firstStart + 60_000, true);
  ids.first = await plan('漕河泾大厦物业', '02164000333', '冷水机组高压报警', firstStart);
});
const shot = s.shot;

async function tap(page: Page, kind: string, choice?: string) {
  await page.waitForSelector(`[data-testid=step-${kind}]`);
  await page.click(`[data-testid=step-${kind}]`);
  if (choice) {
    await page.click(`[data-testid=step-choice] >> text=${choice}`);
    await page.click('.ant-modal-footer .ant-btn-primary');
  }
}

interface FieldStep {
  kind: string;
  at: string;
  receivedAt: string | null;
  lateFlagged: boolean;
}

describe('the technician’s phone without signal', () => {
  it('lists the day by visit time, keeps arrive and start offline, and sends them stamped at the tapped time', async () => {
    const { page: phone, errors } = await s.page({ phone: true, onFailure: 'offline-failed' });
    await signIn(phone, { username: 'heliang', password: 'He-liang-2026' });
    await phone.waitForURL('**/my-day');
    await phone.waitForSelector('[data-testid=my-day-today] [data-testid=my-job]');
    await phone.waitForSelector('[data-testid=my-day-tomorrow] [data-testid=my-job]');
    // Today: the next visit on top, the emergency marked; tomorrow's in its own section.
    const today = await phone.$$eval('[data-testid=my-day-today] [data-testid=my-job]', (cards) => cards.map((c) => c.textContent ?? ''));
    expect(today).toHaveLength(2);
    expect(today[0]).toContain('漕河泾大厦物业');
    expect(today[0]).toContain('下一个');
    expect(today[1]).toContain('徐汇数据中心');
    expect(today[1]).toContain('紧急');
    expect(today[0]).toMatch(/\d\d:\d\d–\d\d:\d\d/);
    expect(await phone.textContent('[data-testid=my-day-tomorrow]')).toContain('华东医院后勤处');
    expect(await phone.textContent('h4')).toContain('我的一天');
    await shot(phone, '01-my-day');

    await phone.click('[data-testid=my-next-job]');
    await phone.waitForSelector('[data-testid=field-customer]');
    // The step buttons sit in the thumb zone, at least 44 px tall; the phone number is a 44 px target.
    await phone.waitForSelector('[data-testid=step-depart]');
    const bar = (await (await phone.$('[data-testid=thumb-bar]'))!.boundingBox())!;
    expect(bar.y + bar.height).toBeGreaterThan(844 * 0.8);
    for (const button of await phone.$$('[data-testid=thumb-bar] .ant-btn')) expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect((await (await phone.$('[data-testid=field-phone]'))!.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    // No SLA controls for a technician.
    expect(await phone.$('[data-testid=field-event-select]')).toBeNull();
    expect(await phone.$('text=延长时限')).toBeNull();
    await tap(phone, 'depart', '公司车辆');
    await phone.waitForSelector('[data-testid=step-arrive]');
    await shot(phone, '02-job-departed');
    // The app shell is kept on the phone once the service worker runs.
    await phone.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    // A basement car park: no signal.
    await phone.context().setOffline(true);
    const tappedArrive = Date.now();
    await tap(phone, 'arrive');
    await phone.waitForSelector('[data-testid=offline-banner] >> text=离线 · 1 条待发送');
    await tap(phone, 'start');
    const tappedStart = Date.now();
    await phone.waitForSelector('[data-testid=offline-banner] >> text=离线 · 2 条待发送');
    expect(await phone.$$('[data-testid=pending-step]')).toHaveLength(2);
    // What comes after the start is offered while the start waits to be sent.
    await phone.waitForSelector('[data-testid=step-finish]');
    await shot(phone, '03-offline-two-waiting');
    // Still no signal a while later; the page reloads from what the phone kept.
    await phone.waitForTimeout(6_000);
    await phone.reload();
    await phone.waitForSelector('[data-testid=offline-banner] >> text=离线 · 2 条待发送');
    await phone.waitForSelector('[data-testid=field-customer]');
    await shot(phone, '04-offline-reloaded');
    await phone.waitForTimeout(4_000);

    // The signal returns: the phone sends what it kept, oldest first.
    const reconnected = Date.now();
    await phone.context().setOffline(false);
    await phone.waitForSelector('[data-testid=offline-banner]', { state: 'detached', timeout: 20_000 });
    await phone.waitForFunction(() => document.querySelectorAll('[data-testid=pending-step]').length === 0);
    await shot(phone, '05-sent');

    const field = (await (await phone.request.get(`/api/v1/tickets/${ids.first}/field`)).json()) as { steps: FieldStep[] };
    const arrive = field.steps.find((x) => x.kind === 'arrive')!;
    const start = field.steps.find((x) => x.kind === 'start')!;
    // Stamped at the tapped time, not at reconnection; the server's receipt kept beside it.
    expect(Math.abs(Date.parse(arrive.at) - tappedArrive)).toBeLessThan(3_000);
    expect(Date.parse(arrive.at)).toBeLessThan(reconnected - 8_000);
    expect(Date.parse(arrive.receivedAt!)).toBeGreaterThanOrEqual(reconnected - 1_000);
    expect(Math.abs(Date.parse(start.at) - tappedStart)).toBeLessThan(3_000);
    expect(arrive.lateFlagged).toBe(false);
    // The arrival clock stopped at the tapped time.
    const sla = (await (await phone.request.get(`/api/v1/tickets/${ids.first}/sla`)).json()) as { items: { metric: string; stoppedAt: string | null }[] };
    const arrival = sla.items.find((c) => c.metric === 'dispatch_to_arrival');
    expect(arrival?.stoppedAt).toBe(arrive.at);

    // 完工 opens the report, and 返回 leads back to the steps.
    const finish = await phone.$('[data-testid=step-finish]');
    expect(await finish!.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toMatch(/rgb\(255, 77, 79\)|rgb\(245, 34, 45\)/);
    await finish!.click();
    await phone.waitForSelector('[data-testid=finish-back]');
    await phone.click('[data-testid=finish-back]');
    await phone.waitForSelector('[data-testid=step-wait]');

    // The report, its signature and the finish are kept offline too, and finishing offers the next job.
    await phone.click('[data-testid=step-finish]');
    await phone.context().setOffline(true);
    await phone.fill('[data-testid=report-fault]', '高压开关误报，冷凝器脏堵');
    await phone.fill('[data-testid=report-work]', '清洗冷凝器，校验高压开关，试机正常');
    // A photo of the cleaned condenser, taken without signal: kept with the report.
    await phone.setInputFiles('[data-testid=report-photos] input[type=file]', { name: '冷凝器清洗后.png', mimeType: 'image/png', buffer: PHOTO });
    await phone.locator('[data-testid=report-photos] .ant-upload-list-item', { hasText: '冷凝器清洗后.png' }).waitFor();
    for (const item of ['操作方法', '日常保养', '安全注意事项']) await phone.click(`[data-testid=report-instructed] >> text=${item}`);
    await phone.fill('[data-testid=report-signer]', '张经理');
    await drawSignature(phone);
    await phone.waitForSelector('.ant-alert-success >> text=待发送');
    const tappedFinish = Date.now();
    await phone.click('[data-testid=report-submit]');
    await phone.waitForSelector('[data-testid=offline-banner] >> text=离线 · 1 条待发送');
    await phone.waitForSelector('[data-testid=next-job]');
    await shot(phone, '06a-offline-report-kept');
    await phone.waitForTimeout(3_000);
    await phone.context().setOffline(false);
    await phone.waitForSelector('[data-testid=offline-banner]', { state: 'detached', timeout: 20_000 });
    const done = (await (await phone.request.get(`/api/v1/tickets/${ids.first}/field`)).json()) as {
      steps: FieldStep[];
      report: { signatureAttachmentId: string | null; photoAttachmentIds: string[]; submittedAt: string } | null;
    };
    expect(done.report?.signatureAttachmentId).toBeTruthy();
    // The photo kept offline arrived with the report, as a photo on the ticket.
    expect(done.report?.photoAttachmentIds).toHaveLength(1);
    const attachments = (await (await phone.request.get(`/api/v1/tickets/${ids.first}/attachments`)).json()) as { items: { id: string; purpose: string; fileName: string; contentType: string }[] };
    expect(attachments.items.find((a) => a.id === done.report!.photoAttachmentIds[0])).toMatchObject({ purpose: 'photo', fileName: '冷凝器清洗后.png', contentType: 'image/png' });
    expect(Math.abs(Date.parse(done.report!.submittedAt) - tappedFinish)).toBeLessThan(3_000);
    expect(Math.abs(Date.parse(done.steps.find((x) => x.kind === 'finish')!.at) - tappedFinish)).toBeLessThan(3_000);
    await phone.waitForSelector('[data-testid=step-travel_back]');
    await shot(phone, '06-finished-next-job');
    await phone.click('[data-testid=next-job]');
    await phone.waitForURL(`**/my-day/${ids.emergency}`);
    await phone.waitForSelector('[data-testid=field-customer] >> text=徐汇数据中心');
    await shot(phone, '07-next-job');

    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The page logs failed requests while offline, but raises nothing.
    expect(errors).toEqual([]);
  });

  it('shows a supervisor the step that reached the server late, on the ticket', async () => {
    // The late flag itself is tested in server/modules/fieldwork/offline-steps.test.ts; here the
    // ticket's history names the offline step with its receipt.
    const { page: desk } = await s.page({ onFailure: 'offline-failed-desk' });
    await signIn(desk);
    await desk.goto(`/tickets/${ids.first}`);
    await desk.waitForSelector('[data-testid=field-step-late]');
    expect(await desk.textContent('[data-testid=field-step-late]')).toContain('离线记录');
    await shot(desk, '08-ticket-history');
  });
});
