import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { settled, signIn, suite, type AdminApi } from './support';
import { makePng } from '../server/png';

let techId: string;

const s = suite('workshop-', async ({ api }) => {
  techId = (await api<{ id: string }>('POST', '/api/v1/users', { username: 'banjin', password: 'tech-password', name: '李钣金', role: 'technician', grade: 'senior' })).id;
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

async function workshopTicket(name: string, phone: string, plate: string, description: string) {
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name, phone });
  const car = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: `LSV${phone}`, kind: 'vehicle', productName: '大众 帕萨特', attributes: { plate, mileageKm: 41_000 } });
  return api<{ id: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: car.id, channel: 'walk_in', type: 'workshop', description });
}

/** Accept, dispatch and start through the API: the test is about the workshop, not the lifecycle. */
async function startWork(id: string) {
  let ticket = await api<{ version: number }>('GET', `/api/v1/tickets/${id}`);
  for (const body of [{ action: 'accept' }, { action: 'dispatch', technicianId: techId }, { action: 'start' }]) {
    ticket = await api<{ version: number }>('POST', `/api/v1/tickets/${id}/transitions`, body, { 'if-match': String(ticket.version) });
  }
}

/** A signature: a few strokes drawn across the pad with the mouse. */
async function drawSignature(page: Page) {
  await settled(page);
  const box = (await page.locator('[data-testid=signature-pad]').boundingBox())!;
  const stroke = async (points: [number, number][]) => {
    await page.mouse.move(box.x + points[0]![0] * box.width, box.y + points[0]![1] * box.height);
    await page.mouse.down();
    for (const [x, y] of points.slice(1)) await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 6 });
    await page.mouse.up();
  };
  await stroke([
    [0.12, 0.6],
    [0.22, 0.3],
    [0.3, 0.7],
    [0.4, 0.35],
  ]);
  await stroke([
    [0.48, 0.5],
    [0.62, 0.45],
    [0.7, 0.65],
    [0.86, 0.4],
  ]);
}

/** Whether the canvas holds any ink: its PNG has non-white pixels. */
async function inkedPixels(page: Page) {
  return page.$eval('[data-testid=signature-pad]', (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let dark = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) dark++;
    return dark;
  });
}

async function stageStep(page: Page, stage: string, action: string) {
  await page.click(`[data-testid=stage-${stage}-${action}]`);
  await page.waitForSelector(`[data-testid=stage-${stage}-${action}]`, { state: 'detached' });
}

describe('the car workshop in the browser (A3, A4)', () => {
  it('signs a check-in with damage marked, then runs body → paint → QC fail → rework → QC pass', async () => {
    const ticket = await workshopTicket('陈先生', '13912345678', '沪A·D1234', '左前门凹陷，钣金喷漆');
    const { page, errors } = await s.page({ viewport: { width: 1366, height: 900 }, onFailure: 'workshop-failed' });
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    await page.waitForSelector('[data-testid=workshop-panel]');
    await page.waitForSelector('[data-testid=checkin-form]');

    // A3: the walk-around.
    await page.fill('[data-testid=checkin-mileage]', '42315');
    await page.click('.ant-form-item:has-text("油量") >> text=1/2');
    for (const item of ['tyres', 'glass', 'lights', 'interior']) await page.click(`[data-testid=checklist-${item}] >> text=正常`);
    await page.click('[data-testid=checklist-exterior] >> text=有损伤');
    await page.fill('[data-testid=checklist-exterior] input[type=text]', '左前门凹陷约 10 cm');
    await page.locator('[data-testid=car-diagram]').scrollIntoViewIfNeeded();
    const car = (await page.locator('[data-testid=car-diagram]').boundingBox())!;
    await page.mouse.click(car.x + car.width * 0.14, car.y + car.height * 0.45);
    await page.mouse.click(car.x + car.width * 0.78, car.y + car.height * 0.94);
    await page.fill('[data-testid=damage-note-0]', '左前门凹陷');
    await page.fill('[data-testid=damage-note-1]', '右尾灯划痕');
    await page.setInputFiles('[data-testid=checkin-form] input[type=file]', { name: 'left-door.png', mimeType: 'image/png', buffer: makePng(16, 16, [120, 130, 140]) });
    await page.waitForSelector('[data-testid=checkin-form] .ant-image');

    // Signing before the checks are done is stopped before the customer is handed the pad.
    await page.click('[data-testid=checkin-sign]');
    await page.waitForSelector('text=须提醒客户取走车内贵重物品');
    expect(await page.isVisible('[data-testid=signature-pad]')).toBe(false);

    await page.click('text=已提醒客户取走车内贵重物品');
    await page.click('text=已核对行驶证');
    await page.click('text=已核对客户电话');
    await page.click('[data-testid=checkin-form] >> text=已确认');
    await page.click('[data-testid=checkin-save]');
    await page.waitForSelector('text=已保存');
    await shot(page, '01-checkin');

    await page.click('[data-testid=checkin-sign]');
    await page.waitForSelector('[data-testid=signature-pad]');
    expect(await page.inputValue('[data-testid=checkin-signer]')).toBe('陈先生');
    expect(await page.isDisabled('[data-testid=signature-save]')).toBe(true);
    await drawSignature(page);
    expect(await inkedPixels(page)).toBeGreaterThan(50);
    await shot(page, '02-signature');
    await page.click('[data-testid=signature-save]');
    await page.waitForSelector('[data-testid=checkin-signed]');
    await page.waitForFunction(() => ((document.querySelector('[data-testid=checkin-signature]') as HTMLImageElement | null)?.naturalWidth ?? 0) > 0);
    expect(await page.locator('[data-testid=checkin-signed] [data-testid=damage-point]').count()).toBe(2);
    expect(await page.textContent('[data-testid=checkin-signed]')).toContain('陈先生 于');
    await shot(page, '03-signed');

    const state = await api<{ checkIn: { status: string; damagePoints: { x: number; y: number; note: string }[]; photoIds: string[]; valuablesReminded: boolean; signature: { signerName: string } } }>(
      'GET',
      `/api/v1/tickets/${ticket.id}/workshop`,
    );
    expect(state.checkIn).toMatchObject({ status: 'signed', valuablesReminded: true, signature: { signerName: '陈先生' } });
    expect(state.checkIn.damagePoints.map((p) => p.note)).toEqual(['左前门凹陷', '右尾灯划痕']);
    expect(state.checkIn.damagePoints[0]!.x).toBeCloseTo(0.14, 1);
    expect(state.checkIn.photoIds).toHaveLength(1);

    // A3: the technician's pre-inspection, and the customer's yes.
    await startWork(ticket.id);
    await page.reload();
    await page.click('[data-testid=workshop-tab-pre]');
    await page.fill('[data-testid=preinspection-finding]', '左前门内板变形');
    await page.fill('[data-testid=preinspection-work]', '左前门钣金喷漆');
    await page.fill('[data-testid=preinspection-cost]', '1200');
    await page.click('[data-testid=preinspection-add]');
    await page.waitForSelector('[data-testid=preinspection-list] >> text=左前门内板变形');
    await page.click('[data-testid=preinspection-list] [data-testid=preinspection-approve]');
    await page.waitForSelector('text=客户同意项目合计');

    // A4: body, then paint, each started, finished and signed.
    await page.click('[data-testid=workshop-tab-stages]');
    await page.waitForSelector('[data-testid=stage-body-start]');
    for (const stage of ['body', 'paint']) for (const action of ['start', 'finish', 'sign']) await stageStep(page, stage, action);
    await stageStep(page, 'qc', 'start');

    // QC fails: back to paint, with the reason; the ticket counts a rework.
    await page.click('[data-testid=stage-qc]');
    await page.click('.ant-modal >> text=不合格');
    await page.fill('[data-testid=qc-reason]', '漆面橘皮，与原车色差明显');
    expect(await page.textContent('.ant-modal [data-testid=qc-back-to]')).toContain('油漆');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForSelector('[data-testid=stage-paint-start]');
    await page.waitForSelector('text=返工 1 次');
    expect(await page.textContent('[data-testid=stage-timeline]')).toContain('漆面橘皮，与原车色差明显');
    await shot(page, '04-qc-failed');

    // The job cannot complete yet.
    await page.click('[data-testid=action-complete]');
    await page.waitForSelector('.ant-message >> text=质检通过后才能完工');

    // Rework, QC again, pass.
    for (const action of ['start', 'finish', 'sign']) await stageStep(page, 'paint', action);
    await stageStep(page, 'qc', 'start');
    await page.click('[data-testid=stage-qc]');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForSelector('[data-testid=stage-done]');
    const runs = await page.textContent('[data-testid=stage-timeline]');
    expect(runs).toContain('第 2 轮');
    await shot(page, '05-qc-passed');

    await page.click('[data-testid=action-complete]');
    await page.waitForSelector('[data-status=completed]');

    // A6: the adviser explains each item and its cost at delivery.
    await page.click('[data-testid=workshop-tab-delivery]');
    await page.click('.ant-checkbox-wrapper:has-text("左前门钣金喷漆")');
    await page.click('[data-testid=delivery-explained]');
    // The history shows the explanation once the ticket has been read again after the save.
    await page.waitForSelector('[data-testid=ticket-timeline] >> text=交车说明完成');
    const timeline = await page.textContent('[data-testid=ticket-timeline]');
    for (const text of ['陈先生 签字确认接车单', '钣金开工', '油漆班组长签字', '质检不合格，返回油漆返工', '质检合格', '交车说明完成']) expect(timeline).toContain(text);
    await shot(page, '06-delivery');
    expect(errors).toEqual([]);
  });

  it('takes a signature by touch on a phone-size screen', async () => {
    const ticket = await workshopTicket('林女士', '13711223344', '沪C·88888', '后保险杠刮擦');
    const { page, errors } = await s.page({ phone: true, onFailure: 'workshop-failed-phone' });
    await signIn(page);
    await page.goto(`/tickets/${ticket.id}`);
    await page.waitForSelector('[data-testid=checkin-form]');
    await page.fill('[data-testid=checkin-mileage]', '18900');
    await page.click('.ant-form-item:has-text("油量") >> text=满');
    for (const item of ['exterior', 'tyres', 'glass', 'lights', 'interior']) await page.click(`[data-testid=checklist-${item}] >> text=正常`);
    await page.click('text=已提醒客户取走车内贵重物品');
    await page.click('text=已核对行驶证');
    await page.click('text=已核对客户电话');
    await page.click('[data-testid=checkin-form] >> text=已确认');
    await page.click('[data-testid=checkin-sign]');
    await page.waitForSelector('[data-testid=signature-pad]');
    await settled(page);
    const box = (await page.locator('[data-testid=signature-pad]').boundingBox())!;
    expect(box.width).toBeLessThanOrEqual(390);

    // Real touch events through the DevTools protocol: the pad sees pointers of type "touch".
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: box.x + x * box.width, y: box.y + y * box.height }] });
    await touch('touchStart', 0.1, 0.5);
    for (let i = 1; i <= 12; i++) await touch('touchMove', 0.1 + i * 0.06, 0.5 + Math.sin(i) * 0.25);
    await touch('touchEnd', 0, 0);
    expect(await inkedPixels(page)).toBeGreaterThan(50);
    await shot(page, '07-phone-signature');
    await page.click('[data-testid=signature-save]');
    await page.waitForSelector('[data-testid=checkin-signed]');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await shot(page, '08-phone-signed');
    expect(errors).toEqual([]);
  });
});
