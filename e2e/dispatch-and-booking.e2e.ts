import { describe, expect, it } from 'vitest';
import { settled, signIn, suite, type AdminApi } from './support';

/**
 * The dispatcher's desk at 1366×860: the dispatch board (派工看板) with its technicians and
 * queue, a ticket dragged onto a technician and another dispatched from the suggestions; the
 * appointment board (预约看板) with a booking taken on the phone; and the customer asking for
 * a time through the organisation's link on a phone, without signing in, which the desk
 * confirms from the board (S5).
 */
const techs: Record<'wang' | 'li' | 'chen', string> = { wang: '', li: '', chen: '' };
const tickets: { id: string; number: string }[] = [];
let customerId = '';
/** The organisation's day (Asia/Shanghai), as the board answers it. */
let today = '';
let tomorrow = '';

const CUSTOMER = { name: '深圳南山陈女士', phone: '13823456789' };

interface Ticket {
  id: string;
  number: string;
  version: number;
  status: string;
  assignee: { id: string } | null;
}
interface BoardVisit {
  ticketId: string;
  leadId: string;
  crewIds: string[];
  plannedStart: string;
  plannedEnd: string;
}
interface DispatchBoard {
  day: string;
  timeZone: string;
  dayStart: string;
  visits: BoardVisit[];
  queue: { ticketId: string }[];
}
interface AppointmentBoard {
  slots: {
    id: string;
    start: string;
    end: string;
    booked: number;
    appointments: { id: string; status: string; channel: string; customer: { id: string; name: string }; contactName: string | null; contactPhone: string | null; requests: string[] }[];
  }[];
}

const addDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** Minutes after the board day's local midnight of an instant. */
const minuteOf = (instant: string, dayStart: string) => (Date.parse(instant) - Date.parse(dayStart)) / 60_000;

const s = suite('dispatch-', async () => {
  await api('POST', '/api/v1/users', { username: 'diaodu', password: 'dispatch-password', name: '周调度', role: 'dispatcher' });
  const technician = async (username: string, name: string, grade: string, employmentStatus: string, profile: { regions: string[]; skills: { productLine: string; level: number }[]; vehiclePlate?: string }) => {
    const user = await api<{ id: string }>('POST', '/api/v1/users', { username, password: 'Crew-member-2026', name, role: 'technician', grade, employmentStatus });
    // The profile's first save is at version 0.
    await api('PUT', `/api/v1/dispatch/technicians/${user.id}/profile`, profile, { 'if-match': '0' });
    return user.id;
  };
  techs.wang = await technician('wang', '王师傅', 'senior', 'regular', { regions: ['深圳', '南山区'], vehiclePlate: '粤B12345', skills: [{ productLine: 'appliance', level: 3 }] });
  techs.li = await technician('li', '李师傅', 'intermediate', 'regular', { regions: ['深圳', '福田区'], skills: [{ productLine: 'appliance', level: 2 }] });
  techs.chen = await technician('chen', '陈学徒', 'junior', 'apprentice', { regions: ['南山区'], skills: [{ productLine: 'appliance', level: 1 }] });

  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { ...CUSTOMER, address: { city: '深圳', district: '南山区', line: '科技园南区 8 栋 1201 室' } });
  customerId = customer.id;
  const asset = await api<{ id: string }>('POST', '/api/v1/assets', { customerId, serialNumber: 'WD-2024-88123', productName: '滚筒洗衣机', kind: 'appliance', purchasedOn: '2025-06-01' });
  for (const description of ['洗衣机不脱水，滚筒异响', '洗衣机进水阀漏水']) {
    const ticket = await api<Ticket>('POST', '/api/v1/tickets', { customerId, assetId: asset.id, channel: 'phone', description });
    await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
    tickets.push({ id: ticket.id, number: ticket.number });
  }
  today = (await api<DispatchBoard>('GET', '/api/v1/dispatch/board')).day;
  tomorrow = addDay(today);
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

async function deskPage() {
  const desk = await s.page({ onFailure: 'dispatch-failed' });
  await signIn(desk.page, { username: 'diaodu', password: 'dispatch-password' });
  return desk;
}

describe('the dispatcher’s desk and self-service booking', () => {
  it('shows technicians and the queue, dispatches by dragging a ticket onto a technician and from the suggestions', async () => {
    const { page, errors } = await deskPage();
    await page.goto(`/dispatch/board`);
    await page.waitForSelector('[data-testid=queue-item]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=board-row]').length >= 3);

    // Three technicians on the timeline, the trainee marked as crew only; both tickets waiting.
    const rows = page.locator('[data-testid=board-row]');
    expect(await rows.count()).toBe(3);
    const rowOf = (name: string) => rows.filter({ hasText: name });
    for (const name of ['王师傅', '李师傅', '陈学徒']) expect(await rowOf(name).count()).toBe(1);
    expect(await rowOf('陈学徒').textContent()).toContain('仅协作');
    const queue = page.locator('[data-testid=queue] [data-testid=queue-item]');
    expect(await queue.count()).toBe(2);
    for (const t of tickets) expect(await queue.filter({ hasText: t.number }).count()).toBe(1);
    expect(await queue.first().textContent()).toContain(CUSTOMER.name);
    // The job is known by its asset's kind: it reads 家电, not the code.
    expect(await queue.first().textContent()).toContain('家电 · 深圳 南山区');
    expect(await page.textContent('[data-testid=queue]')).not.toContain('appliance');
    expect(await page.locator('.ant-card-head').filter({ hasText: '待派工' }).count()).toBe(1);
    expect(await page.locator('[data-testid=visit-block]').count()).toBe(0);
    // At 1366 wide the whole day, 07:00 to 21:00, fits beside the queue, each hour readable.
    const layout = await page.evaluate(() => {
      const scroll = document.querySelector('.board-scroll')!;
      const hours = [...document.querySelectorAll<HTMLElement>('.board-hours span')].filter((s) => s.offsetWidth > 0).map((s) => ({ text: s.textContent, ...s.getBoundingClientRect().toJSON() }) as { text: string; left: number; right: number });
      const names = document.querySelector('.board-name')!.getBoundingClientRect();
      return { overflow: scroll.scrollWidth - scroll.clientWidth, namesRight: names.right, right: scroll.getBoundingClientRect().right, hours };
    });
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.hours[0]).toMatchObject({ text: '07:00' });
    expect(layout.hours[0]!.left).toBeGreaterThanOrEqual(layout.namesRight);
    expect(layout.hours.at(-1)!.right).toBeLessThanOrEqual(layout.right);
    for (let i = 1; i < layout.hours.length; i++) expect(layout.hours[i]!.left).toBeGreaterThan(layout.hours[i - 1]!.right);
    await shot(page, '01-board');

    // Drag the first ticket onto 王师傅's row at 10:00 (the board runs 07:00–21:00).
    const [first, second] = tickets as [(typeof tickets)[number], (typeof tickets)[number]];
    const track = rowOf('王师傅').locator('.board-track');
    const box = (await track.boundingBox())!;
    await queue.filter({ hasText: first.number }).dragTo(track, { targetPosition: { x: box.width * ((10 - 7) / 14) + 1, y: box.height / 2 } });
    const dialog = page.locator('.ant-modal').filter({ hasText: first.number });
    await dialog.waitFor();
    await settled(page);
    // The dialog opens filled in from the drop: the technician, the day, the time.
    expect(await dialog.locator('[data-testid=dispatch-lead]').textContent()).toContain('王师傅');
    expect(await dialog.locator('[data-testid=slot-start]').textContent()).toContain('10:00');
    expect(await dialog.locator('.ant-tag', { hasText: '家电' }).count()).toBe(1);
    await dialog.locator('[data-testid=suggestions] .ant-list-item').first().waitFor();
    // 王师傅 covers 南山区 and has the higher skill: he ranks first.
    expect(await dialog.locator('[data-testid=suggestions] .ant-list-item').first().textContent()).toContain('王师傅');
    await shot(page, '02-drop-dialog');
    await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
    await dialog.waitFor({ state: 'hidden' });
    await rowOf('王师傅').locator('[data-testid=visit-block]').waitFor();
    expect(await rowOf('王师傅').locator('[data-testid=visit-block]').textContent()).toContain(CUSTOMER.name);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=queue-item]').length === 1);

    const dispatched = await api<Ticket>('GET', `/api/v1/tickets/${first.id}`);
    expect(dispatched.status).toBe('dispatched');
    expect(dispatched.assignee?.id).toBe(techs.wang);
    let board = await api<DispatchBoard>('GET', `/api/v1/dispatch/board?day=${today}`);
    const visit = board.visits.find((v) => v.ticketId === first.id)!;
    expect(visit).toMatchObject({ leadId: techs.wang, crewIds: [] });
    expect(minuteOf(visit.plannedStart, board.dayStart)).toBe(10 * 60);
    expect(minuteOf(visit.plannedEnd, board.dayStart)).toBe(12 * 60);
    await shot(page, '03-dragged');

    // The form alternative: the queue's button, the ranked suggestions, 李师傅 as lead, the apprentice as crew.
    await page.locator('[data-testid=queue-item]').filter({ hasText: second.number }).locator('[data-testid=queue-dispatch]').click();
    const form = page.locator('.ant-modal').filter({ hasText: second.number });
    await form.waitFor();
    await settled(page);
    const suggestions = form.locator('[data-testid=suggestions] .ant-list-item');
    await suggestions.filter({ hasText: '李师傅' }).waitFor();
    // The trainee is suggested as crew only: never as lead.
    expect(await suggestions.filter({ hasText: '陈学徒' }).locator('[data-testid=suggest-lead]').isDisabled()).toBe(true);
    await suggestions.filter({ hasText: '李师傅' }).locator('[data-testid=suggest-lead]').click();
    // The start moves to 李师傅's next free time and the suggestions re-rank for it: wait for both before picking the crew.
    await form.locator(`[data-testid=next-free][data-for="${techs.li}"]`).waitFor();
    await page.waitForFunction(() => !document.querySelector('.ant-modal .ant-spin-spinning'));
    await suggestions.filter({ hasText: '陈学徒' }).getByRole('button', { name: /^协\s*作$/ }).click();
    await form.locator('[data-testid=slot-start]').click();
    await page.keyboard.type('14:00');
    await page.keyboard.press('Enter');
    expect(await form.locator('[data-testid=dispatch-lead]').textContent()).toContain('李师傅');
    expect(await form.locator('[data-testid=slot-start]').textContent()).toContain('14:00');
    await form.locator('[data-testid=suggestion-score]').first().hover();
    await page.waitForSelector('.ant-tooltip .score-line');
    // Each part of the score says why, the asset's kind by its name.
    expect(await page.textContent('.ant-tooltip')).toContain('会修同类「家电」');
    await shot(page, '04-suggestions');
    await form.locator('.ant-modal-footer .ant-btn-primary').click();
    await form.waitFor({ state: 'hidden' });
    await rowOf('李师傅').locator('[data-testid=visit-block]').waitFor();
    // The apprentice's row shows the job too, as crew.
    await rowOf('陈学徒').locator('[data-testid=visit-block].crew').waitFor();
    await page.waitForSelector('[data-testid=queue]', { state: 'detached' });

    const second2 = await api<Ticket>('GET', `/api/v1/tickets/${second.id}`);
    expect(second2.status).toBe('dispatched');
    expect(second2.assignee?.id).toBe(techs.li);
    board = await api<DispatchBoard>('GET', `/api/v1/dispatch/board?day=${today}`);
    const visit2 = board.visits.find((v) => v.ticketId === second.id)!;
    expect(visit2).toMatchObject({ leadId: techs.li, crewIds: [techs.chen] });
    expect(minuteOf(visit2.plannedStart, board.dayStart)).toBe(14 * 60);
    expect(board.queue).toEqual([]);
    expect(await page.locator('[data-testid=visit-block]').count()).toBe(3);
    await page.mouse.move(0, 0);
    await shot(page, '05-board-dispatched');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a day’s slots on the appointment board and books one from the drawer', async () => {
    // Saving a template makes its weeks of slots (appointments.generateDaysAhead); off here, so today stays empty and 生成时段 makes tomorrow's.
    const org = await api<{ version: number }>('GET', '/api/v1/organisation');
    await api('PATCH', '/api/v1/organisation', { settings: { appointments: { generateDaysAhead: 0 } } }, { 'if-match': String(org.version) });
    const template = await api<{ id: string }>('POST', '/api/v1/appointments/templates', {
      name: '家电上门',
      serviceType: '上门维修',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      windows: [
        { start: '09:00', end: '11:00', capacity: 2 },
        { start: '14:00', end: '16:00', capacity: 2 },
      ],
    });
    const generated = await api<{ created: number }>('POST', `/api/v1/appointments/templates/${template.id}/generate`, { from: tomorrow, to: tomorrow });
    expect(generated.created).toBe(2);

    const { page, errors } = await deskPage();
    // Today has no slots: the board says so and links to where slots are set up.
    await page.goto(`/appointments`);
    await page.waitForSelector('text=当天没有预约时段');
    await page.click('.ant-empty >> text=预约时段设置');
    await page.waitForURL('**/appointment-templates');
    await page.waitForSelector('text=家电上门');

    await page.goto(`/appointments?day=${tomorrow}`);
    await page.waitForSelector('[data-testid=board-slot]');
    const slots = page.locator('[data-testid=board-slot]');
    expect(await slots.count()).toBe(2);
    const morning = slots.filter({ hasText: '09:00–11:00' });
    expect(await morning.textContent()).toContain('上门维修');
    expect(await morning.textContent()).toContain('0/2');
    await shot(page, '06-appointment-board');

    // Booking on the phone: the caller's number finds them, the slot is the one clicked.
    await morning.getByRole('button', { name: /在此时段预约/ }).click();
    await page.fill('[data-testid=booking-lookup]', CUSTOMER.phone);
    await page.waitForSelector('[data-testid=booking-customer]');
    expect(await page.textContent('[data-testid=booking-customer]')).toBe(CUSTOMER.name);
    expect(await page.textContent('[data-testid=booking-slot]')).toContain('09:00–11:00');
    await page.fill('[data-testid=booking-request]', '洗衣机年度保养');
    await page.click('.ant-drawer >> text=添加一项需求');
    await page.locator('[data-testid=booking-request]').nth(1).fill('检查排水管');
    await shot(page, '07-booking-drawer');
    await page.click('[data-testid=booking-save]');

    // The read-back the agent says before hanging up.
    await page.waitForSelector('.ant-modal [data-testid=read-back]');
    expect(await page.textContent('[data-testid=read-back-time]')).toContain('09:00');
    expect(await page.textContent('[data-testid=read-back-requests]')).toBe('洗衣机年度保养检查排水管');
    await settled(page);
    await shot(page, '08-read-back');
    await page.click('[data-testid=read-back-done]');
    await morning.locator('[data-testid=board-appointment]').waitFor();
    expect(await morning.locator('[data-testid=board-appointment]').textContent()).toContain(CUSTOMER.name);
    expect(await morning.textContent()).toContain('1/2');
    await page.waitForSelector('.ant-modal', { state: 'hidden' });
    await shot(page, '09-appointment-booked');

    const board = await api<AppointmentBoard>('GET', `/api/v1/appointments/board?day=${tomorrow}`);
    const booked = board.slots.find((s) => s.start === '09:00')!;
    expect(booked.appointments).toHaveLength(1);
    expect(booked.appointments[0]).toMatchObject({ status: 'booked', channel: 'phone', customer: { id: customerId }, requests: ['洗衣机年度保养', '检查排水管'] });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('W3, S5: a customer asks for a time through the organisation’s link on a phone, and the desk confirms it', async () => {
    const link = await api<{ token: string; path: string }>('POST', '/api/v1/appointments/booking-link/rotate');
    expect(link.path).toBe(`/book/${link.token}`);

    const { page: phone, errors } = await s.page({ phone: true, onFailure: 'dispatch-failed-phone' });
    await phone.goto(`${link.path}`);
    await phone.waitForSelector('[data-testid=booking-times]');
    // Not signed in: the page stands on its own.
    expect(await phone.locator('[data-testid=user-menu]').count()).toBe(0);
    const times = phone.locator('[data-testid=booking-times] .ant-radio-button-wrapper');
    expect(await times.count()).toBe(2);
    await shot(phone, '10-public-page');

    await times.filter({ hasText: '14:00–16:00' }).click();
    await phone.fill('[data-testid=booking-name]', '刘先生');
    await phone.fill('[data-testid=booking-phone]', '13912348765');
    await phone.fill('[data-testid=booking-request]', '空调不制冷\n顺便清洗滤网');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.click('[data-testid=booking-submit]');

    await phone.waitForSelector('[data-testid=booking-done]');
    const done = (await phone.textContent('[data-testid=booking-done]')) ?? '';
    // S5: a request, held until the service centre calls back; nothing about whose the number is.
    expect(done).toContain('预约申请已提交');
    expect(done).toContain('刘先生');
    expect(await phone.textContent('[data-testid=read-back-time]')).toContain(`${tomorrow}`);
    expect(await phone.textContent('[data-testid=read-back-time]')).toContain('14:00');
    expect(await phone.textContent('[data-testid=read-back-requests]')).toBe('空调不制冷顺便清洗滤网');
    expect(done).toContain('13912348765');
    expect(done).toContain('致电');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The short confirmation fits the screen: nothing to scroll.
    expect(await phone.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(844);
    await shot(phone, '11-public-requested');
    expect(errors).toEqual([]);
    await phone.close();

    // The place is held, but nobody is booked until the desk confirms.
    let board = await api<AppointmentBoard>('GET', `/api/v1/appointments/board?day=${tomorrow}`);
    let afternoon = board.slots.find((s) => s.start === '14:00')!;
    expect(afternoon.booked).toBe(1);
    expect(afternoon.appointments).toHaveLength(0);

    // The dispatcher sees the request on the appointment board, calls back, and confirms it for a new customer.
    const desk = await deskPage();
    await desk.page.goto(`/appointments?day=${tomorrow}`);
    const request = desk.page.locator('[data-testid=booking-requests] [data-testid=booking-request]').filter({ hasText: '刘先生' });
    await request.waitFor();
    expect(await request.textContent()).toContain('13912348765');
    expect(await request.textContent()).toContain('14:00–16:00');
    expect(await desk.page.locator('[data-testid=board-slot]').filter({ hasText: '14:00–16:00' }).textContent()).toContain('1 个待确认');
    await shot(desk.page, '12-booking-request');
    await request.locator('[data-testid=booking-request-confirm]').click();
    const dialog = desk.page.locator('.ant-modal').filter({ hasText: '确认 刘先生 的预约申请' });
    await dialog.waitFor();
    // No customer has the number: a new one, filled in from the request.
    expect(await dialog.textContent()).toContain('没有客户使用这个号码');
    expect(await dialog.locator('[data-testid=booking-request-name]').inputValue()).toBe('刘先生');
    expect(await dialog.locator('[data-testid=booking-request-phone]').inputValue()).toBe('13912348765');
    await settled(desk.page);
    await shot(desk.page, '13-confirm-request');
    await dialog.locator('[data-testid=booking-request-confirm-ok]').click();
    // The read-back to say on the phone.
    await desk.page.waitForSelector('.ant-modal [data-testid=read-back]');
    expect(await desk.page.textContent('.ant-modal [data-testid=read-back-time]')).toContain('14:00');
    await desk.page.click('[data-testid=read-back-done]');
    await desk.page.waitForSelector('[data-testid=booking-requests]', { state: 'detached' });
    const afternoonCard = desk.page.locator('[data-testid=board-slot]').filter({ hasText: '14:00–16:00' });
    await afternoonCard.locator('[data-testid=board-appointment]').waitFor();
    expect(await afternoonCard.locator('[data-testid=board-appointment]').textContent()).toContain('刘先生');
    expect(desk.errors).toEqual([]);
    await desk.page.close();

    // The booking is on the board, made online, for the customer the desk chose.
    board = await api<AppointmentBoard>('GET', `/api/v1/appointments/board?day=${tomorrow}`);
    afternoon = board.slots.find((s) => s.start === '14:00')!;
    expect(afternoon.booked).toBe(1);
    expect(afternoon.appointments).toHaveLength(1);
    expect(afternoon.appointments[0]).toMatchObject({ status: 'booked', channel: 'web', contactName: '刘先生', contactPhone: '13912348765', requests: ['空调不制冷', '顺便清洗滤网'] });
    const appointment = await api<{ customer: { name: string } }>('GET', `/api/v1/appointments/${afternoon.appointments[0]!.id}`);
    expect(appointment.customer.name).toBe('刘先生');
  });
});
