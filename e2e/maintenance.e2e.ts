import { describe, expect, it } from 'vitest';
import { addMonths, addDays, localDate } from '../shared/time';
import { pickOption, signIn, suite } from './support';

/**
 * W2: a water-resistant watch's plan on its page (保养计划): the yearly water test overdue in
 * red; recording it done moves it a year on and lists it in the history.
 */
let assetId = '';
const s = suite('maintenance-', async ({ api }) => {
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '陈女士', phone: '13600001234' });
  assetId = (
    await api<{ id: string }>('POST', '/api/v1/assets', {
      customerId: customer.id,
      kind: 'watch',
      brand: '名士',
      productName: '克里顿腕表',
      serialNumber: 'BM-2025-0777',
      purchasedOn: '2025-06-01',
      attributes: { movement: 'automatic', waterResistance: '100m' },
    })
  ).id;
});

describe('maintenance plan on the asset page', () => {
  it('W2: records a water test on a watch and sees its next one a year on', async () => {
    const { page, errors } = await s.page({ onFailure: 'maintenance-failed' });
    await signIn(page);
    await page.goto(`/assets/${assetId}`);
    await page.waitForSelector('[data-testid=maintenance-due-water_test]');
    expect(await page.locator('[data-testid=maintenance-due-water_test]').textContent()).toBe('2026-06-01');
    expect(await page.locator('[data-testid=maintenance-item-water_test]').textContent()).toContain('已逾期');
    await s.shot(page, '01-plan');

    // Two days ago on the organisation's calendar: never in the future, whatever the hour.
    const doneOn = addDays(localDate(new Date(), 'Asia/Shanghai'), -2);
    await pickOption(page, 'maintenance-kind', '防水检测');
    await page.fill('[data-testid=maintenance-note]', '100米防水合格');
    // The day typed into the picker; Enter takes it and sends the form, as a keyboard user would.
    await page.click('[data-testid=maintenance-done-on]');
    await page.keyboard.type(doneOn);
    await page.keyboard.press('Enter');
    await page.waitForFunction((day) => document.querySelector('[data-testid=maintenance-due-water_test]')?.textContent === day, addMonths(doneOn, 12));
    expect(await page.locator('[data-testid=maintenance-item-water_test]').textContent()).not.toContain('已逾期');
    expect(await page.locator('[data-testid=maintenance-history]').textContent()).toContain('100米防水合格');
    await s.shot(page, '02-recorded');

    const stored = await s.api<{ history: { kind: string; doneOn: string; note: string }[] }>('GET', `/api/v1/assets/${assetId}/maintenance`);
    expect(stored.history).toEqual([expect.objectContaining({ kind: 'water_test', doneOn, note: '100米防水合格' })]);
    expect(errors).toEqual([]);
  });
});
