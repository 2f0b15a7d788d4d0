import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { signIn, suite } from './support';

/*
 * Intake for 80 calls a day, at the call centre's 1366×768, with the keyboard alone: after the
 * page has loaded no click is made, only `page.keyboard`. Every key is counted; a chord
 * (Ctrl+Enter, Alt+3) is one keystroke, a Chinese character typed is one (the IME is not counted).
 * Goal: an existing caller's repair in at most 35 keystrokes; a new caller without the mouse.
 */

const AGENT = { username: 'kefu-kb', password: 'Answers-calls-7741' };
const SCREEN = { width: 1366, height: 768 };
let existingId = '';

const s = suite('intake-keyboard-', async ({ api }) => {
  await api('POST', '/api/v1/users', { ...AGENT, name: '韩客服', role: 'hotline_agent' });
  const li = await api<{ id: string }>('POST', '/api/v1/customers', { name: '李家豪', phone: '13533970043', address: '广州市天河区体育西路 101 号 12 楼' });
  existingId = li.id;
  await api('POST', '/api/v1/assets', { customerId: li.id, serialNumber: 'KFR-35GW-7781', productName: '挂式空调 KFR-35GW', purchasedOn: '2026-03-01', warrantyMonths: 36, kind: 'appliance' });
  // Another caller whose number also ends in 0043: the last four digits find both.
  await api('POST', '/api/v1/customers', { name: '欧阳敏', phone: '13822220043', address: '广州市越秀区中山五路 8 号' });
  // A slot tomorrow for the caller's preferred visit time.
  const tomorrow = new Date(Date.now() + 24 * 3600_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  await api('POST', '/api/v1/appointments/slots', { day: tomorrow, start: '14:00', end: '16:00', capacity: 3 });
});

/** The keyboard, counted. */
function counted(page: Page) {
  let keys = 0;
  return {
    get count() {
      return keys;
    },
    /** One key or chord ('Enter', 'Alt+3', 'Control+Enter'). */
    async press(key: string) {
      keys += 1;
      await page.keyboard.press(key);
    },
    /** Text, one keystroke per character. */
    async type(text: string) {
      keys += [...text].length;
      await page.keyboard.type(text);
    },
  };
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);

async function openIntake(page: Page) {
  await signIn(page, AGENT);
  await page.goto('/intake');
  await page.waitForSelector('[data-testid=intake-lookup]');
  // The lookup box has the focus on arrival: the first key is the caller's number.
  await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-lookup');
}

describe('intake with the keyboard alone', () => {
  it('期望上门时间: a slot is chosen with the keyboard and booked for the saved ticket', async () => {
    const { page, errors } = await s.page({ viewport: SCREEN, onFailure: 'intake-keyboard-failed-visit' });
    await openIntake(page);
    await page.keyboard.type('13822220043');
    await page.waitForSelector('[data-testid=intake-selected-customer]');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-description');
    await page.keyboard.type('燃气灶打不着火');
    // Description → priority → save → 期望上门时间.
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
    await page.keyboard.press('Enter');
    const field = page.locator('.ant-form-item', { hasText: '期望上门时间' });
    await page.waitForFunction(() => /14:00–16:00/.test([...document.querySelectorAll('.ant-form-item')].find((f) => f.textContent?.includes('期望上门时间'))?.textContent ?? ''));
    expect(await field.innerText()).toMatch(/14:00–16:00/);
    await s.shot(page, '00-visit-slot');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('[data-testid=intake-last-visit]');
    expect(await page.textContent('[data-testid=intake-last-visit]')).toMatch(/已预约上门：.*14:00–16:00/);
    const number = (await page.textContent('[data-testid=intake-last-number]'))!;
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const board = await s.api<{ slots: { appointments: { ticket: { number: string } | null }[] }[] }>('GET', `/api/v1/appointments/board?day=${tomorrow}`);
    expect(board.slots.flatMap((sl) => sl.appointments).map((a) => a.ticket?.number)).toContain(number);
    expect(errors).toEqual([]);
  });

  it('an existing caller’s repair goes in with at most 35 keystrokes, and the agent stays for the next call', async () => {
    const { page, errors } = await s.page({ viewport: SCREEN, onFailure: 'intake-keyboard-failed-existing' });
    await openIntake(page);
    const kb = counted(page);

    await kb.type('13533970043');
    await page.waitForSelector('[data-testid=intake-selected-customer]');
    expect(await page.textContent('[data-testid=intake-selected-customer]')).toBe('李家豪');
    await page.waitForSelector('[data-testid=caller-tickets]');
    await s.shot(page, '01-caller-found');

    await kb.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-description');
    // The caller's only asset is taken.
    expect(await page.isChecked('[data-testid=intake-asset]')).toBe(true);
    const description = '空调不制冷，外机噪音很大，开机十分钟就停机';
    // 21 characters, as in the walk's measurement (52 keystrokes before).
    expect([...description]).toHaveLength(21);
    await kb.type(description);
    await kb.press('Alt+3');
    expect(await page.isChecked('[data-testid=intake-priority] input[value=high]')).toBe(true);
    // The save button is on screen at 1366×768 (though Ctrl+Enter does not need it).
    const save = await page.locator('[data-testid=intake-save]').boundingBox();
    expect(save && save.y + save.height).toBeLessThanOrEqual(SCREEN.height);
    await s.shot(page, '02-described');

    await kb.press('Control+Enter');
    await page.waitForSelector('[data-testid=intake-last-number]');
    const number = (await page.textContent('[data-testid=intake-last-number]'))!;
    expect(number).toMatch(/^BX-\d{8}-\d{4}$/);
    expect(new URL(page.url()).pathname).toBe('/intake');
    expect(await focused(page)).toBe('intake-lookup');
    expect(await page.inputValue('[data-testid=intake-lookup]')).toBe('');
    await s.shot(page, '03-saved-next-call');

    expect(kb.count).toBeLessThanOrEqual(35);
    console.log(`existing caller: ${kb.count} keystrokes, 0 clicks`);

    const list = await s.api<{ items: { number: string; priority: string; assetId: string | null; description: string }[] }>('GET', `/api/v1/tickets?customerId=${existingId}`);
    expect(list.items.find((t) => t.number === number)).toMatchObject({ priority: 'high', description, assetId: expect.any(String) });
    expect(errors).toEqual([]);
  });

  it('a repeat call about the open ticket is a chase (催单) on it with one chord, not a second ticket', async () => {
    const { page, errors } = await s.page({ viewport: SCREEN, onFailure: 'intake-keyboard-failed-chase' });
    await openIntake(page);
    const kb = counted(page);
    await kb.type('13533970043');
    await page.waitForSelector('[data-testid=caller-ticket]');
    const number = await page.locator('[data-testid=caller-ticket]').first().getAttribute('data-number');
    await s.shot(page, '04-caller-tickets');
    await kb.press('Alt+C');
    await page.waitForSelector('[data-testid=intake-last-number]');
    expect(await page.textContent('[data-testid=intake-last-saved]')).toContain('第 1 次');
    expect(await focused(page)).toBe('intake-lookup');
    expect(kb.count).toBe(12);

    const list = await s.api<{ items: { id: string; number: string; chaseCount: number }[] }>('GET', `/api/v1/tickets?customerId=${existingId}`);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ number, chaseCount: 1 });

    // The lookup shows the count next time, and the ticket's history says so.
    await kb.type('13533970043');
    await page.waitForSelector('[data-testid=chase-count]');
    expect(await page.textContent('[data-testid=chase-count]')).toBe('催单 1 次');
    await page.goto(`/tickets/${list.items[0]!.id}`);
    await page.waitForSelector('text=催单（第 1 次');
    expect(await page.textContent('[data-testid=ticket-chase-count]')).toBe('催单 1 次');
    await s.shot(page, '05-ticket-history-chase');

    // The caller adds a second fault and another number: the saved ticket is edited, and the history says from what to what.
    await page.locator('[data-testid=ticket-edit]').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'ticket-edit-description');
    await page.keyboard.press('End');
    await page.keyboard.type('；热水器也漏水');
    await page.keyboard.press('Tab');
    await page.keyboard.type('李太太');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12');
    await page.keyboard.press('Control+Enter');
    // The phone is checked with the server's own rule before anything is sent.
    await page.waitForSelector('.ant-form-item-explain-error');
    await page.fill('[data-testid=ticket-edit-contact-phone]', '13800138000');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=edit-contactPhone]');
    expect(await page.textContent('[data-testid=edit-description]')).toContain('空调不制冷，外机噪音很大，开机十分钟就停机 → 空调不制冷，外机噪音很大，开机十分钟就停机；热水器也漏水');
    expect(await page.textContent('[data-testid=edit-contactName]')).toBe('联系人：（空） → 李太太');
    expect(await page.textContent('[data-testid=ticket-description]')).toContain('热水器也漏水');
    await s.shot(page, '06-ticket-edited-history');
    expect(errors).toEqual([]);
  });

  it('↑↓ pick among several matches and Enter takes the one pointed at', async () => {
    const { page, errors } = await s.page({ viewport: SCREEN, onFailure: 'intake-keyboard-failed-arrows' });
    await openIntake(page);
    await page.keyboard.type('0043');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=lookup-result]').length === 2);
    expect(await page.isVisible('[data-testid=intake-selected-customer]')).toBe(false);
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('[data-testid=lookup-result][data-active=true]');
    const pointed = await page.locator('[data-testid=lookup-result][data-active=true]').innerText();
    await s.shot(page, '07-arrows');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=intake-selected-customer]');
    const name = (await page.textContent('[data-testid=intake-selected-customer]'))!;
    expect(pointed).toContain(name);
    expect(await focused(page)).toBe('intake-description');
    expect(errors).toEqual([]);
  });

  it('a new caller is created and their repair saved without a mouse click, focus never lost', async () => {
    const { page, errors } = await s.page({ viewport: SCREEN, onFailure: 'intake-keyboard-failed-new' });
    await openIntake(page);
    const kb = counted(page);
    await kb.type('13912345678');
    await page.waitForSelector('text=没有找到匹配的客户');
    await kb.press('Enter');
    // The new-customer form opens with the number filled in and the name field focused.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'new-customer-name');
    expect(await page.inputValue('[data-testid=new-customer-phone]')).toBe('13912345678');
    await kb.type('赵先生');
    await kb.press('Tab');
    await kb.press('Tab');
    expect(await focused(page)).toBe('new-customer-address');
    await kb.type('上海市闵行区七莘路 1888 弄');
    // The address in parts, still by keyboard: the toggle opens them with the province focused.
    await kb.press('Tab');
    await kb.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'new-customer-province');
    await kb.type('上海市');
    await kb.press('Tab');
    await kb.type('上海市');
    await kb.press('Tab');
    await kb.type('闵行区');
    await kb.press('Tab');
    await kb.type('七莘苑');
    await kb.press('Tab');
    await kb.type('5');
    await kb.press('Tab');
    await kb.type('2');
    await kb.press('Tab');
    await kb.type('302');
    await s.shot(page, '08-new-customer');
    await kb.press('Enter');
    // Saved, the focus goes on to the description, not to the page.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'intake-description');
    expect(await page.textContent('[data-testid=intake-selected-customer]')).toBe('赵先生');
    await kb.type('洗衣机不排水，显示E21');
    await kb.press('Control+Enter');
    await page.waitForSelector('[data-testid=intake-last-number]');
    expect(await focused(page)).toBe('intake-lookup');
    await s.shot(page, '09-new-caller-saved');
    const found = await s.api<{ items: { addresses: { line: string; district: string | null; estate: string | null; building: string | null; unit: string | null; room: string | null }[] }[] }>('GET', '/api/v1/customers/lookup?q=13912345678');
    expect(found.items[0]!.addresses[0]).toMatchObject({ line: '上海市闵行区七莘路 1888 弄', district: '闵行区', estate: '七莘苑', building: '5', unit: '2', room: '302' });
    console.log(`new caller: ${kb.count} keystrokes, 0 clicks`);
    expect(errors).toEqual([]);
  });
});
