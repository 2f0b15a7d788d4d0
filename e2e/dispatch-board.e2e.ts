import { describe, expect, it } from 'vitest';
import { pickOption, settled, signIn, suite } from './support';

/**
 * The dispatch board for a dispatcher at 1366×768, in zh-CN, on a new organisation: sixteen
 * technicians with no skills or service areas set, the last of them out on a visit for the first
 * three hours of their next working day, which the board shows. The dialog starts a new visit
 * at that technician's next free time (not 09:00), the new visit comes into view on the
 * timeline and is highlighted, the queue stays beside the timeline while it scrolls, and the
 * suggestions say that skills are not set.
 */
const DISPATCHER = { username: 'paigong', password: 'Board-keeper-6613' };
const VIEWPORT = { width: 1366, height: 768 };
const TECHNICIANS = 16;
/** Sorted last, so the row is below the fold at 1366×768. */
const BUSY = `技师${TECHNICIANS}`;
let busyId = '';
let waiting = { id: '', number: '' };
let visitEnd = '';
/** The day on the board: the busy technician's next working day. */
let day = '';
let customerId = '';
let assetId = '';

interface Ticket {
  id: string;
  number: string;
  version: number;
}
interface NextFree {
  day: string;
  minute: number;
  reason: string;
}

const clock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const s = suite('dispatch-board-', async ({ api }) => {
  await api('POST', '/api/v1/users', { ...DISPATCHER, name: '吴调度', role: 'dispatcher' });
  for (let i = 1; i <= TECHNICIANS; i++) {
    const user = await api<{ id: string }>('POST', '/api/v1/users', {
      username: `jishi${i}`,
      password: 'Crew-member-2026',
      name: `技师${String(i).padStart(2, '0')}`,
      role: 'technician',
      grade: 'intermediate',
      employmentStatus: 'regular',
    });
    if (i === TECHNICIANS) busyId = user.id;
  }
  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '罗先生', phone: '13712345678', address: { city: '深圳', district: '宝安区', line: '新安街道 12 号' } });
  const asset = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'AC-2025-0042', productName: '壁挂空调', kind: 'appliance', purchasedOn: '2025-05-01' });
  customerId = customer.id;
  assetId = asset.id;
  const accepted = async (description: string) => {
    const ticket = await api<Ticket>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: asset.id, channel: 'phone', description });
    return api<Ticket>('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
  };
  // The busy technician is out for the first three hours of their next working day after today
  // (a day ahead, so the test reads the same at any hour it runs).
  const booked = await accepted('空调外机噪音大');
  const tomorrow = new Date(Date.now() + 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const opening = await api<NextFree & { start: string }>('GET', `/api/v1/dispatch/next-free?ticketId=${booked.id}&technicianId=${busyId}&day=${tomorrow}&minutes=180`);
  day = opening.day;
  const start = Date.parse(opening.start);
  visitEnd = new Date(start + 3 * 3_600_000).toISOString();
  await api('POST', '/api/v1/dispatch/assignments', { ticketId: booked.id, technicianId: busyId, plannedStart: opening.start, plannedEnd: visitEnd }, { 'if-match': String(booked.version) });
  const ticket = await accepted('空调不制冷');
  waiting = { id: ticket.id, number: ticket.number };
});

describe('the dispatch board (派工看板) at 1366×768', () => {
  it('keeps the queue in view, starts a new visit at the technician’s next free time, says skills are not set, and shows the new visit', async () => {
    const { page, errors } = await s.page({ viewport: VIEWPORT, onFailure: 'dispatch-board-failed' });
    await signIn(page, DISPATCHER);
    await page.goto('/dispatch/board');
    await page.waitForSelector('[data-testid=queue-item]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=board-row]').length === n, TECHNICIANS);
    // On to the busy technician's next working day.
    for (let i = 0; i < 10 && (await page.locator('input[data-testid=board-day], [data-testid=board-day] input').first().inputValue()) !== day; i++) await page.getByRole('button', { name: /^后\s*一\s*天$/ }).click();
    expect(await page.locator('input[data-testid=board-day], [data-testid=board-day] input').first().inputValue()).toBe(day);
    await page.locator('[data-testid=board-row]').filter({ hasText: BUSY }).locator('[data-testid=visit-block]').waitFor();

    // The timeline scrolls on its own, and the page under it too (the menu is long): the queue stays in view.
    const queueItem = page.locator('[data-testid=queue-item]').filter({ hasText: waiting.number });
    const scrolled = await page.evaluate(() => {
      const scroll = document.querySelector<HTMLElement>('[data-testid=board-scroll]')!;
      scroll.scrollTop = scroll.scrollHeight;
      window.scrollTo(0, document.body.scrollHeight);
      return { scrollTop: scroll.scrollTop, scrollable: scroll.scrollHeight > scroll.clientHeight };
    });
    expect(scrolled.scrollable).toBe(true);
    expect(scrolled.scrollTop).toBeGreaterThan(0);
    await page.waitForTimeout(200);
    const after = (await queueItem.boundingBox())!;
    expect(after.y).toBeGreaterThanOrEqual(0);
    expect(after.y + after.height).toBeLessThanOrEqual(VIEWPORT.height);
    // The last technician's row is now in view, with the hours still on top.
    expect(await page.locator('[data-testid=board-row]').filter({ hasText: BUSY }).isVisible()).toBe(true);
    await s.shot(page, '01-scrolled-queue-in-view');
    // Back to the top, as a dispatcher would start.
    await page.evaluate(() => {
      document.querySelector<HTMLElement>('[data-testid=board-scroll]')!.scrollTop = 0;
      window.scrollTo(0, 0);
    });

    // The form alternative: the queue's button, then the busy technician as lead.
    await queueItem.locator('[data-testid=queue-dispatch]').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: waiting.number });
    await dialog.waitFor();
    await settled(page);
    await pickOption(page, 'dispatch-lead', BUSY, BUSY);
    const expected = await s.api<NextFree>('GET', `/api/v1/dispatch/next-free?ticketId=${waiting.id}&technicianId=${busyId}&day=${day}&minutes=120`);
    const expectedClock = clock(expected.minute);
    await page.waitForFunction(
      ([selector, text]) => document.querySelector(selector!)?.textContent?.includes(text!),
      ['.ant-modal [data-testid=slot-start]', expectedClock] as const,
    );
    const start = (await dialog.locator('[data-testid=slot-start]').textContent())!;
    expect(start).toContain(expectedClock);
    // Not the 09:00 of old: after the visit the technician is out on.
    expect(start).not.toContain('09:00');
    // At the end of the visit the technician is out on, or later when the new visit would run into a break.
    expect(['after-visit', 'fits']).toContain(expected.reason);
    expect(expected.day).toBe(day);
    const board = await s.api<{ dayStart: string }>('GET', `/api/v1/dispatch/board?day=${expected.day}`);
    expect(expected.minute).toBeGreaterThanOrEqual((Date.parse(visitEnd) - Date.parse(board.dayStart)) / 60_000);
    expect(await dialog.locator('[data-testid=next-free]').textContent()).toMatch(/最后一个上门结束后|放得下这次上门/);

    // No skills or areas set anywhere: the suggestions say so plainly instead of scoring everyone the same.
    const notice = dialog.locator('[data-testid=suggestion-notices]');
    await notice.waitFor();
    const noticeText = (await notice.textContent())!;
    expect(noticeText).toContain('未设置技能');
    expect(noticeText).toContain('未设置服务地区');
    expect(noticeText).toContain('按负载和空闲排序');
    await s.shot(page, '02-dialog-next-free-and-notice');

    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });

    // The new visit is brought into view on the timeline and highlighted for a moment.
    const fresh = page.locator('[data-testid=visit-block].fresh');
    await fresh.waitFor();
    await page.waitForFunction(() => {
      const block = document.querySelector('[data-testid=visit-block].fresh')!.getBoundingClientRect();
      const scroll = document.querySelector('[data-testid=board-scroll]')!.getBoundingClientRect();
      return block.top >= scroll.top && block.bottom <= scroll.bottom && block.top >= 0 && block.bottom <= window.innerHeight;
    });
    expect(await page.locator('[data-testid=board-row]').filter({ hasText: BUSY }).locator('[data-testid=visit-block].fresh').count()).toBe(1);
    expect(await fresh.textContent()).toContain(expectedClock);
    await s.shot(page, '03-new-visit-in-view');
    // The highlight fades.
    await page.waitForSelector('[data-testid=visit-block].fresh', { state: 'detached', timeout: 10_000 });

    // The ticket page says when the visit is and who goes (上门安排), for the agent who takes the next call.
    await page.goto(`/tickets/${waiting.id}`);
    const visit = page.locator('[data-testid=ticket-visit]');
    await visit.waitFor();
    expect(await visit.locator('[data-testid=ticket-visit-window]').textContent()).toContain(expectedClock);
    expect(await visit.locator('[data-testid=ticket-visit-lead]').textContent()).toContain(BUSY);
    await visit.scrollIntoViewIfNeeded();
    await s.shot(page, '03b-ticket-visit-panel');
    expect(errors).toEqual([]);
  });

  it('H4: an emergency ticket’s visit starts now, to the minute', async () => {
    const created = await s.api<Ticket>('POST', '/api/v1/tickets', { customerId, assetId, channel: 'phone', description: '空调漏电，跳闸', emergency: true });
    const emergency = await s.api<Ticket>('POST', `/api/v1/tickets/${created.id}/transitions`, { action: 'accept' }, { 'if-match': String(created.version) });
    const { page, errors } = await s.page({ viewport: VIEWPORT, onFailure: 'dispatch-board-emergency-failed' });
    await signIn(page, DISPATCHER);
    await page.goto('/dispatch/board');
    const item = page.locator('[data-testid=queue-item]').filter({ hasText: emergency.number });
    await item.locator('[data-testid=queue-dispatch]').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: emergency.number });
    await dialog.waitFor();
    await settled(page);
    await dialog.locator('[data-testid=next-free]').filter({ hasText: '紧急工单：从现在开始' }).waitFor();
    const expected = await s.api<NextFree>('GET', `/api/v1/dispatch/next-free?ticketId=${emergency.id}`);
    expect(expected.reason).toBe('emergency');
    const [h, m] = (await dialog.locator('[data-testid=slot-start]').textContent())!.match(/(\d{2}):(\d{2})/)!.slice(1).map(Number) as [number, number];
    // The dialog asked a moment before this test did: the same minute, or the one before.
    expect(expected.minute - (h * 60 + m)).toBeGreaterThanOrEqual(0);
    expect(expected.minute - (h * 60 + m)).toBeLessThanOrEqual(1);
    await s.shot(page, '04-emergency-now');
    expect(errors).toEqual([]);
  });
});
