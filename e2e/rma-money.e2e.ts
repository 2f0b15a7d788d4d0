import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makePng } from '../server/png';
import { SCREENSHOTS, settled, signIn, suite, type AdminApi } from './support';

/*
 * An out-of-warranty mail-in repair and its money, walked in the browser (C3): the unit arrives
 * with photos, the warranty is decided from a purchase long ago, an estimate goes to the
 * customer, who approves it (or declines it) on their phone with a drawn signature; the unit is
 * repaired, the ticket charged, paid in two parts and the unit shipped back. A declined estimate
 * still charges shipping and insurance, and only those.
 */

const ARRIVAL = makePng(40, 30, [200, 120, 60]);
const LABEL = makePng(40, 30, [60, 160, 90]);
let approvedTicket: { id: string; number: string };
let declinedTicket: { id: string; number: string };

const s = suite('rma-money-', async ({ api }) => {
  await api('POST', '/api/v1/users', { username: 'zhaoshifu', password: 'tech-password', name: '赵师傅', role: 'technician', grade: 'senior' });
  // E7: labour per person-day, which the estimate starts from.
  await api('POST', '/api/v1/prices/rates', { unit: 'person_day', rateFen: 800_00 });
  const product = await api<{ id: string }>('POST', '/api/v1/products', { name: '净水器 W5', warrantyMonths: 12, warrantyBasis: 'purchase' });
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '孙女士', phone: '13700001111', address: { city: '广州', district: '天河区', line: '体育西路 12 号' } });
  const unit = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'W5-2021-0088', productId: product.id });
  approvedTicket = await api('POST', '/api/v1/tickets', { customerId: customer.id, assetId: unit.id, channel: 'phone', type: 'rma', description: '寄修：净水器漏水，不出水' });
  const other = await api<{ id: string }>('POST', '/api/v1/customers', { name: '钱先生', phone: '13700002222' });
  const otherUnit = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: other.id, serialNumber: 'W5-2020-0412', productId: product.id });
  declinedTicket = await api('POST', '/api/v1/tickets', { customerId: other.id, assetId: otherUnit.id, channel: 'phone', type: 'rma', description: '寄修：净水器异响' });
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * Opens an antd Select by its test id and picks the option holding `text`. A click that lands
 * while the list is still sliding in may be lost, so the list is let settle and the pick retried.
 */
async function choose(page: Page, testId: string, text: string) {
  await page.click(`[data-testid=${testId}]`);
  await page.waitForSelector(OPEN_DROPDOWN);
  for (let attempt = 0; ; attempt++) {
    await page.waitForFunction(() => !document.querySelector('.ant-select-dropdown[class*=-appear], .ant-select-dropdown[class*=-enter]'));
    await page.locator(`${OPEN_DROPDOWN} .ant-select-item-option:visible`, { hasText: text }).last().click();
    try {
      await page.waitForFunction((selector) => !document.querySelector(selector), OPEN_DROPDOWN, { timeout: 3000 });
      break;
    } catch (error) {
      if (attempt === 2) throw error;
    }
  }
  expect(await page.locator(`[data-testid=${testId}]`).innerText()).toContain(text);
}

const stage = (page: Page) => page.locator('[data-testid=rma-stage]').innerText();

/** Saves the RMA step dialog and waits for it to close. */
async function saveStep(page: Page) {
  await page.click('[data-testid=rma-dialog-ok]');
  await page.waitForSelector('[data-testid=rma-dialog-ok]', { state: 'hidden' });
  await settled(page);
}

async function drawSignature(page: Page) {
  await settled(page);
  const pad = page.locator('[data-testid=signature-pad]');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 22, box.y + box.height / 2 + (i % 2 ? -25 : 25), { steps: 4 });
  await page.mouse.up();
}

/** Photos on arrival (uploaded), then the receipt with carrier and tracking. */
async function receive(page: Page, tracking: string, photos: { name: string; buffer: Buffer }[]) {
  for (const [i, photo] of photos.entries()) {
    await page.setInputFiles('[data-testid=rma-panel] input[type=file]', { name: photo.name, mimeType: 'image/png', buffer: photo.buffer });
    await expect.poll(() => page.locator('[data-testid=rma-photo]').count()).toBe(i + 1);
  }
  await page.click('[data-testid=rma-receive]');
  await settled(page);
  await page.fill('[data-testid=rma-tracking]', tracking);
  await page.fill('[data-testid=rma-condition]', '外壳有划痕，滤芯仓渗水');
  await saveStep(page);
  await expect.poll(() => stage(page)).toBe('已收货');
  expect(await page.locator('[data-testid=rma-received]').innerText()).toContain(tracking);
}

/** The warranty decided from the customer's purchase date, typed into the picker. */
async function decideWarranty(page: Page, purchasedOn: string) {
  await page.click('[data-testid=rma-decide-warranty]');
  await settled(page);
  await page.click('[data-testid=rma-purchased-on]');
  await page.keyboard.type(purchasedOn);
  // Closes the picker with the typed day kept, without submitting the form.
  await page.click('.ant-modal-title');
  await saveStep(page);
  await expect.poll(() => stage(page)).toBe('已判定保修');
}

/** A new estimate from the editor's starting lines (labour at the rate, shipping, insurance), with the shipping and insurance priced. */
async function makeEstimate(page: Page, shippingYuan: string, insuranceYuan: string, expectedTotal: string, extra?: { description: string; yuan: string }) {
  await page.click('[data-testid=quote-new]');
  await page.waitForSelector('[data-testid=quote-line-editor]');
  await expect.poll(() => page.locator('[data-testid=quote-line-editor]').count()).toBe(3);
  const prices = page.locator('input[data-testid=quote-line-price], [data-testid=quote-line-price] input');
  await prices.nth(1).fill(shippingYuan);
  await prices.nth(2).fill(insuranceYuan);
  if (extra) {
    await page.click('[data-testid=quote-add-line]');
    await expect.poll(() => page.locator('[data-testid=quote-line-editor]').count()).toBe(4);
    await page.locator('input[data-testid=quote-line-description]').nth(3).fill(extra.description);
    await prices.nth(3).fill(extra.yuan);
  }
  await expect.poll(() => page.locator('[data-testid=quote-preview-total]').innerText()).toBe(expectedTotal);
  return async () => {
    await page.click('[data-testid=quote-save]');
    await page.waitForSelector('[data-testid=quote-current]');
    expect(await page.locator('[data-testid=quote-status]').innerText()).toBe('待确认');
    expect(await page.locator('[data-testid=quote-lines-total]').innerText()).toBe(expectedTotal);
  };
}

async function sendLink(page: Page): Promise<string> {
  await page.click('[data-testid=quote-send-link]');
  const url = await page.locator('[data-testid=quote-link-url]').inputValue();
  expect(url).toMatch(/\/q\/[A-Za-z0-9_-]{43}$/);
  return new URL(url).pathname;
}

async function pay(page: Page, yuan: string, method: string) {
  await page.click('[data-testid=payment-record]');
  await settled(page);
  await page.fill('.ant-modal input[data-testid=payment-amount], .ant-modal [data-testid=payment-amount] input', yuan);
  await choose(page, 'payment-method', method);
  await page.click('[data-testid=payment-confirm]');
  await page.waitForSelector('[data-testid=payment-confirm]', { state: 'hidden' });
  await settled(page);
}

const figure = (page: Page, key: string) => page.locator(`[data-testid=money-${key}] .ant-statistic-content`).innerText();

interface Money {
  chargedFen: number;
  collectedFen: number;
  outstandingFen: number;
}

describe('an out-of-warranty mail-in repair and its money in the browser (C3)', () => {
  it('C3: received with photos, out of warranty, estimate approved on the phone with a signature, repaired, charged, paid in two parts, shipped back with tracking', async () => {
    const { page, errors } = await s.page({ onFailure: 'rma-money-failed-desk' });
    const ticketId = approvedTicket.id;
    await signIn(page);
    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=rma-panel]');
    expect(await stage(page)).toBe('已登记');

    await receive(page, 'SF1433300011122', [
      { name: '到货外观.png', buffer: ARRIVAL },
      { name: '快递面单.png', buffer: LABEL },
    ]);
    await shot(page, '01-received');

    // Bought in May 2021 with a 12-month warranty: out of warranty, and the rule says why.
    await decideWarranty(page, '2021-05-10');
    const warranty = await page.locator('[data-testid=rma-warranty]').innerText();
    expect(warranty).toContain('保外');
    expect(warranty).toContain('质保已于 2022-05-09 到期');
    // C3: the repair waits for the customer's approved estimate.
    await page.waitForSelector('[data-testid=rma-quote-required]');
    await shot(page, '02-out-of-warranty');

    // The estimate: labour at the rate, a part bought for the job, shipping and insurance.
    const save = await makeEstimate(page, '25', '10', '¥1,195.00', { description: '更换进水电磁阀', yuan: '360' });
    // The dialog itself: a full-page shot would leave it where the page was scrolled.
    await settled(page);
    await page.locator('.ant-modal', { has: page.locator('[data-testid=quote-line-editor]') }).screenshot({ path: join(SCREENSHOTS, 'rma-money-03-estimate-editor.png') });
    await save();
    const path = await sendLink(page);
    await page.locator('[data-testid=quote-panel]').scrollIntoViewIfNeeded();
    await shot(page, '04-link-sent');

    // The customer approves on their phone, in a browser of their own, without signing in.
    const { page: phone, errors: phoneErrors } = await s.page({ phone: true, onFailure: 'rma-money-failed-phone' });
    expect(phone.viewportSize()).toEqual({ width: 390, height: 844 });
    await phone.goto(path);
    await phone.waitForSelector('[data-testid=public-quote-total]');
    expect(await phone.locator('[data-testid=public-quote-ticket]').innerText()).toBe(approvedTicket.number);
    expect(await phone.locator('[data-testid=public-quote-total]').innerText()).toBe('¥1,195.00');
    const text = await phone.locator('body').innerText();
    expect(text).toContain('净水器 W5');
    expect(text).toContain('更换进水电磁阀');
    expect(text).not.toContain('13700001111');
    expect(text).not.toContain('体育西路');
    // Valid until the same day the staff see, on the organisation's calendar.
    const validUntil = await phone.locator('[data-testid=public-quote-valid-until]').innerText();
    expect(validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await page.locator('[data-testid=quote-current]').innerText()).toContain(`有效期至 ${validUntil}`);
    await shot(phone, '05-phone-estimate');
    await phone.fill('[data-testid=signer-name]', '孙女士');
    await drawSignature(phone);
    await phone.click('[data-testid=signature-save]');
    await phone.waitForSelector('[data-testid=public-quote-done]');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, '06-phone-approved');
    expect(phoneErrors).toEqual([]);
    await phone.context().close();

    // Back at the bench: approved, signed by the customer; the unit is repaired.
    await page.reload();
    await page.waitForSelector('[data-testid=quote-current]');
    await expect.poll(() => page.locator('[data-testid=quote-status]').innerText()).toBe('已确认');
    expect(await page.locator('[data-testid=quote-current]').innerText()).toContain('孙女士');
    await page.click('[data-testid=rma-repair]');
    await settled(page);
    await choose(page, 'rma-technician', '赵师傅');
    await saveStep(page);
    await expect.poll(() => stage(page)).toBe('已维修');
    expect(await page.locator('[data-testid=rma-outcome]').innerText()).toContain('已修复');

    // Charged from the approved estimate: every line.
    await page.click('[data-testid=charge-ticket]');
    await page.waitForSelector('[data-testid=charge]');
    expect(await page.locator('[data-testid=charge-total]').innerText()).toBe('¥1,195.00');
    expect(await page.locator('[data-testid=charge] .ant-table-row').count()).toBe(4);
    await expect.poll(() => figure(page, 'charged')).toBe('¥1,195.00');
    expect(await figure(page, 'collected')).toBe('¥0.00');
    expect(await figure(page, 'outstanding')).toBe('¥1,195.00');
    await page.locator('[data-testid=charge]').scrollIntoViewIfNeeded();
    await shot(page, '07-charged');

    // Paid in two parts.
    await pay(page, '600', '微信支付');
    await expect.poll(() => figure(page, 'outstanding')).toBe('¥595.00');
    expect(await figure(page, 'collected')).toBe('¥600.00');
    const half = await api<Money>('GET', `/api/v1/tickets/${ticketId}/money`);
    expect(half).toMatchObject({ chargedFen: 1195_00, collectedFen: 600_00, outstandingFen: 595_00 });
    await pay(page, '595', '银行转账');
    await expect.poll(() => figure(page, 'outstanding')).toBe('¥0.00');
    expect(await figure(page, 'collected')).toBe('¥1,195.00');
    expect(await figure(page, 'charged')).toBe('¥1,195.00');
    const rows = await page.locator('[data-testid=payments-table] .ant-table-row').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('¥600.00');
    expect(rows[0]).toContain('微信支付');
    expect(rows[1]).toContain('¥595.00');
    expect(rows[1]).toContain('银行转账');
    await page.locator('[data-testid=money-panel]').scrollIntoViewIfNeeded();
    await shot(page, '08-paid');

    // QC, then back to the customer with its tracking number.
    await page.click('[data-testid=rma-qc-pass]');
    await expect.poll(() => stage(page)).toBe('质检合格');
    await page.click('[data-testid=rma-ship]');
    await settled(page);
    await page.fill('[data-testid=rma-tracking]', 'SF1433399988877');
    await saveStep(page);
    await expect.poll(() => stage(page)).toBe('已寄回');
    expect(await page.locator('[data-testid=rma-shipped]').innerText()).toContain('SF1433399988877');
    await page.locator('[data-testid=rma-panel]').scrollIntoViewIfNeeded();
    await shot(page, '09-shipped');

    const money = await api<Money & { netProfitFen: number }>('GET', `/api/v1/tickets/${ticketId}/money`);
    expect(money).toMatchObject({ chargedFen: 1195_00, collectedFen: 1195_00, outstandingFen: 0 });
    expect((await api<{ status: string }>('GET', `/api/v1/tickets/${ticketId}`)).status).toBe('completed');
    const rma = await api<{ steps: { step: string }[]; photos: unknown[]; warranty: { state: string; reason: string }; shipped: { trackingNumber: string } }>('GET', `/api/v1/tickets/${ticketId}/rma`);
    expect(rma.steps.map((x) => x.step)).toEqual(['received', 'warranty_decided', 'repaired', 'qc', 'shipped']);
    expect(rma.photos).toHaveLength(2);
    expect(rma.warranty).toMatchObject({ state: 'out', reason: 'expired' });
    expect(rma.shipped.trackingNumber).toBe('SF1433399988877');
    expect(errors).toEqual([]);
  });

  it('C3: an estimate the customer declines on the phone still charges shipping and insurance, and only those', async () => {
    const { page, errors } = await s.page({ onFailure: 'rma-money-failed-declined' });
    const ticketId = declinedTicket.id;
    await signIn(page);
    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=rma-panel]');
    await receive(page, 'JD0099887766', [{ name: '到货外观.png', buffer: ARRIVAL }]);
    await decideWarranty(page, '2020-03-01');
    expect(await page.locator('[data-testid=rma-warranty]').innerText()).toContain('保外');

    const save = await makeEstimate(page, '30', '15', '¥845.00');
    await save();
    const path = await sendLink(page);

    const { page: phone, errors: phoneErrors } = await s.page({ phone: true, onFailure: 'rma-money-failed-declined-phone' });
    await phone.goto(path);
    await phone.waitForSelector('[data-testid=public-quote-total]');
    expect(await phone.locator('[data-testid=public-quote-total]').innerText()).toBe('¥845.00');
    await phone.click('[data-testid=public-quote-decline]');
    await phone.waitForSelector('.ant-popconfirm:not(.ant-popover-hidden)');
    await shot(phone, '10-phone-decline-confirm');
    await phone.locator('.ant-popconfirm:not(.ant-popover-hidden) .ant-btn-primary').click();
    await phone.waitForSelector('[data-testid=public-quote-done]');
    expect(await phone.locator('[data-testid=public-quote-done]').innerText()).toContain('您已拒绝此报价');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, '11-phone-declined');
    expect(phoneErrors).toEqual([]);
    await phone.context().close();

    await page.reload();
    await page.waitForSelector('[data-testid=quote-current]');
    await expect.poll(() => page.locator('[data-testid=quote-status]').innerText()).toBe('已拒绝');

    // C3: no repair on a declined estimate.
    await page.click('[data-testid=rma-repair]');
    await settled(page);
    await page.click('[data-testid=rma-dialog-ok]');
    await page.waitForSelector('.ant-message-error');
    await page.click('.ant-modal-close');
    await page.waitForSelector('[data-testid=rma-dialog-ok]', { state: 'hidden' });
    expect(await stage(page)).toBe('已判定保修');

    // The charge: shipping ¥30.00 and insurance ¥15.00, no labour.
    await page.click('[data-testid=charge-ticket]');
    await page.waitForSelector('[data-testid=charge]');
    expect(await page.locator('[data-testid=charge] h5').innerText()).toContain('只收运费和保价费');
    const lines = await page.locator('[data-testid=charge] .ant-table-row').allInnerTexts();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('运费');
    expect(lines[0]).toContain('¥30.00');
    expect(lines[1]).toContain('保价');
    expect(lines[1]).toContain('¥15.00');
    expect(lines.join('\n')).not.toContain('人工');
    expect(await page.locator('[data-testid=charge-total]').innerText()).toBe('¥45.00');
    await expect.poll(() => figure(page, 'charged')).toBe('¥45.00');
    expect(await figure(page, 'outstanding')).toBe('¥45.00');
    await page.locator('[data-testid=charge]').scrollIntoViewIfNeeded();
    await shot(page, '12-declined-charge');

    const { charge } = await api<{ charge: { basis: string; totalFen: number; lines: { kind: string; amountFen: number }[] } }>('GET', `/api/v1/tickets/${ticketId}/charge`);
    expect(charge.basis).toBe('declined');
    expect(charge.lines.map((l) => [l.kind, l.amountFen])).toEqual([
      ['shipping', 30_00],
      ['insurance', 15_00],
    ]);
    expect(charge.totalFen).toBe(45_00);
    expect(await api<Money>('GET', `/api/v1/tickets/${ticketId}/money`)).toMatchObject({ chargedFen: 45_00, collectedFen: 0, outstandingFen: 45_00 });
    expect(errors).toEqual([]);
  });
});
