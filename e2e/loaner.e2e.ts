import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pickOption, settled, signIn, suite, type AdminApi } from './support';

const DISPATCHER = { username: 'diaodu', password: 'dispatch-password' };
const CLERK = { username: 'beijian', password: 'parts-password' };
let ticketId: string;
let ticketNumber: string;
let customerId: string;
let machineId: string;

const s = suite('loaner-', async ({ api }) => {
  await api('POST', '/api/v1/users', { ...DISPATCHER, name: '周调度', role: 'dispatcher' });
  await api('POST', '/api/v1/users', { ...CLERK, name: '吴备件', role: 'parts_admin' });
  await api('POST', '/api/v1/users', { username: 'liushifu', password: 'tech-password', name: '刘师傅', role: 'technician', grade: 'senior' });

  // E3: a pool holding the machine's own model and a better one; the better one is its equivalent.
  const a = await api<{ id: string }>('POST', '/api/v1/products', { name: '离心机 A100', kind: 'equipment' });
  const b = await api<{ id: string }>('POST', '/api/v1/products', { name: '离心机 A200（升级型）', kind: 'equipment' });
  const central = await api<{ id: string }>('POST', '/api/v1/stock/locations', { name: '中心仓库', kind: 'warehouse' });
  const depot = await api<{ id: string }>('POST', '/api/v1/stock/locations', { name: '园区现场备件库', kind: 'depot' });
  await api('POST', '/api/v1/loaners', { productId: b.id, serial: 'B-001', homeLocationId: depot.id });
  await api('POST', '/api/v1/loaners', { productId: a.id, serial: 'A-001', homeLocationId: central.id });
  await api('PUT', `/api/v1/products/${a.id}/loaner-equivalents`, { equivalentIds: [b.id] });
  await api('POST', '/api/v1/parts', { number: 'FLT-100', name: '离心机密封圈', category: '密封件', unit: '个', costPriceFen: 35_00, retailPriceFen: 80_00 });
  await api('POST', '/api/v1/parts', { number: 'MTR-200', name: '离心机电机', category: '电气件', unit: '台', costPriceFen: 1_200_00, retailPriceFen: 2_000_00, serialTracked: true });

  const customer = await api<{ id: string }>('POST', '/api/v1/customers', { name: '华南检测中心', phone: '13822223333' });
  const machine = await api<{ id: string }>('POST', '/api/v1/assets', { customerId: customer.id, serialNumber: 'CF-2026-0815', kind: 'equipment', productId: a.id });
  const ticket = await api<{ id: string; number: string; version: number }>('POST', '/api/v1/tickets', { customerId: customer.id, assetId: machine.id, channel: 'phone', description: '离心机无法启动，实验样品待处理' });
  ticketId = ticket.id;
  customerId = customer.id;
  machineId = machine.id;
  ticketNumber = ticket.number;
  await api('POST', `/api/v1/tickets/${ticket.id}/transitions`, { action: 'accept' }, { 'if-match': String(ticket.version) });
  // Not cleared in time: the loaner is asked for, and its 48-hour clock runs.
  await api('POST', `/api/v1/tickets/${ticket.id}/field-events`, { type: 'loaner_requested', note: '客户急需设备' });
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

const confirmPopover = (page: Page) => page.locator('.ant-popover:not(.ant-popover-hidden) .ant-btn-primary').click();

describe('loaners and stock in the browser (E3, C4)', () => {
  it('E3: a dispatcher lends the same model from the pool, the loaner clock stops, the ticket does not close until it is back', async () => {
    const { page, errors } = await s.page({ onFailure: 'loaner-failed' });
    await signIn(page, DISPATCHER);
    await page.goto(`/tickets/${ticketId}`);
    await page.waitForSelector('[data-testid=loaner-panel]');
    await page.waitForSelector('[data-testid=loaner-offer-A-001]');
    // The same model first, then the better one.
    const offers = await page.locator('[data-testid^=loaner-offer-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(offers).toEqual(['loaner-offer-A-001', 'loaner-offer-B-001']);
    await expect.poll(() => page.locator('[data-testid=clock-loaner_delivery]').innerText()).toContain('计时中');
    await shot(page, '01-offers');

    await page.click('[data-testid=loaner-lend-A-001]');
    await settled(page);
    await shot(page, '02-lend-dialog');
    await page.click('[data-testid=loaner-lend-confirm]');
    await page.waitForSelector('[data-testid=loaner-current]');
    expect(await page.locator('[data-testid=loaner-current]').innerText()).toContain('离心机 A100（A-001）');
    await expect.poll(() => page.locator('[data-testid=clock-loaner_delivery]').innerText()).toContain('按时');
    await shot(page, '03-lent-clock-met');

    // Closing with the loaner out says which loaner holds it.
    await page.click('[data-testid=action-close]');
    await settled(page);
    await page.fill('[data-testid=transition-reason]', '电话指导后设备恢复运行');
    await page.click('.ant-modal-footer .ant-btn-primary');
    const error = page.locator('.ant-message-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('备用机 离心机 A100（序列号 A-001）尚未归还，归还后才能结单或取消');
    await shot(page, '04-close-refused');
    await page.click('.ant-modal-footer .ant-btn:not(.ant-btn-primary)');

    // Taken back: the ticket closes.
    await page.click('[data-testid=loaner-return]');
    await confirmPopover(page);
    await page.waitForSelector('[data-testid=loaner-current]', { state: 'detached' });
    await page.click('[data-testid=action-close]');
    await settled(page);
    await page.fill('[data-testid=transition-reason]', '电话指导后设备恢复运行');
    await page.click('.ant-modal-footer .ant-btn-primary');
    await expect.poll(async () => (await api<{ status: string }>('GET', `/api/v1/tickets/${ticketId}`)).status).toBe('closed');
    await shot(page, '05-closed');
    expect(errors).toEqual([]);
  });

  it('E3: the pool page shows who has each loaner and until when; the overdue filter lists only the late ones', async () => {
    // A second fault on the same machine: the better model goes out this time.
    const second = await api<{ id: string; number: string }>('POST', '/api/v1/tickets', { customerId, assetId: machineId, channel: 'phone', description: '离心机再次停机' });
    const pool = await api<{ items: { id: string; serial: string }[] }>('GET', '/api/v1/loaners');
    await api('POST', `/api/v1/tickets/${second.id}/loaners`, { loanerId: pool.items.find((l) => l.serial === 'B-001')!.id });

    const { page, errors } = await s.page({ onFailure: 'loaner-pool-failed' });
    await signIn(page, CLERK);
    await page.goto('/loaners');
    const row = page.locator('[data-testid=loaners-table] tr', { hasText: 'B-001' });
    await row.waitFor();
    expect(await row.innerText()).toContain(second.number);
    expect(await row.innerText()).toContain('华南检测中心');
    await page.waitForSelector('[data-testid=loaners-table] >> text=A-001');
    await shot(page, '06-pool');
    await page.click('[data-testid=loaner-overdue-only]');
    await page.waitForSelector('[data-testid=loaners-table] >> text=暂无备用机');
    expect(errors).toEqual([]);
    expect(ticketNumber).toMatch(/^BX-/);
  });

  it('C4: the parts administrator receives stock, sends a transfer the depot receives, issues a serial-tracked part and writes one off', async () => {
    const { page, errors } = await s.page({ onFailure: 'stock-failed' });
    await signIn(page, CLERK);
    await page.goto('/stock');
    await page.waitForSelector('[data-testid=stock-table]');

    // A receipt: two lines, a serial-tracked motor with its serials, unit cost in yuan.
    await page.click('[data-testid=stock-receipt]');
    await settled(page);
    await pickOption(page, 'movement-location', '中心仓库');
    await pickOption(page, 'line-part-0', 'FLT-100', 'FLT');
    await page.fill('[data-testid=line-quantity-0]', '10');
    await page.fill('[data-testid=line-cost-0]', '32.5');
    await page.click('text=添加一行');
    await pickOption(page, 'line-part-1', 'MTR-200', 'MTR');
    await page.fill('[data-testid=line-quantity-1]', '2');
    await page.click('[data-testid=line-serials-1]');
    await page.keyboard.type('M-0001');
    await page.keyboard.press('Enter');
    await page.keyboard.type('M-0002');
    await page.keyboard.press('Enter');
    await shot(page, '07-receipt-form');
    await page.click('[data-testid=movement-submit]');
    await page.locator('.ant-message-success', { hasText: '已过账：RK-' }).waitFor();
    await page.waitForSelector('[data-testid=stock-table] >> text=M-0001');
    await shot(page, '08-stock-after-receipt');

    // A transfer to the depot: in transit until received there.
    await page.goto('/stock/transfers');
    await page.click('[data-testid=transfer-new]');
    await settled(page);
    await pickOption(page, 'movement-from', '中心仓库');
    await pickOption(page, 'movement-to', '园区现场备件库');
    await pickOption(page, 'line-part-0', 'FLT-100', 'FLT');
    await page.fill('[data-testid=line-quantity-0]', '4');
    await page.click('[data-testid=movement-submit]');
    await page.locator('.ant-message-success', { hasText: '已过账：DB-' }).waitFor();
    const receive = page.locator('[data-testid^=transfer-receive-]');
    await receive.waitFor();
    await shot(page, '09-transfer-in-transit');
    const inTransit = await api<{ items: { locationName: string; inTransit: number; onHand: number }[] }>('GET', '/api/v1/stock?nonZero=true');
    expect(inTransit.items.find((i) => i.locationName === '园区现场备件库')).toMatchObject({ inTransit: 4, onHand: 0 });

    await receive.click();
    await confirmPopover(page);
    await page.locator('.ant-message-success', { hasText: '已收货' }).waitFor();
    const after = await api<{ items: { partNumber: string; locationName: string; inTransit: number; onHand: number }[] }>('GET', '/api/v1/stock?nonZero=true');
    expect(after.items.filter((i) => i.partNumber === 'FLT-100').map((i) => [i.locationName, i.onHand, i.inTransit])).toEqual([
      ['中心仓库', 6, 0],
      ['园区现场备件库', 4, 0],
    ]);

    // An issue of one serial-tracked motor to the depot, and a seal written off there.
    await page.goto('/stock');
    await page.click('[data-testid=stock-issue]');
    await settled(page);
    await pickOption(page, 'movement-from', '中心仓库');
    await pickOption(page, 'movement-to', '园区现场备件库');
    await pickOption(page, 'line-part-0', 'MTR-200', 'MTR');
    await page.fill('[data-testid=line-quantity-0]', '1');
    await page.click('[data-testid=line-serials-0]');
    await page.keyboard.type('M-0002');
    await page.keyboard.press('Enter');
    await page.click('[data-testid=movement-submit]');
    await page.locator('.ant-message-success', { hasText: '已过账' }).waitFor();
    await page.click('[data-testid=stock-write-off]');
    await settled(page);
    await pickOption(page, 'movement-location', '园区现场备件库');
    await page.fill('[data-testid=movement-reason]', '安装时损坏');
    await pickOption(page, 'line-part-0', 'FLT-100', 'FLT');
    await page.fill('[data-testid=line-quantity-0]', '1');
    await page.click('[data-testid=movement-submit]');
    await page.locator('.ant-message-success', { hasText: '已过账' }).waitFor();

    await pickOption(page, 'stock-filter-location', '园区现场备件库');
    await page.waitForSelector('[data-testid=stock-table] >> text=M-0002');
    await shot(page, '10-depot-stock');
    const depot = await api<{ items: { partNumber: string; locationName: string; onHand: number; serials: string[] }[] }>('GET', '/api/v1/stock?nonZero=true');
    expect(depot.items.filter((i) => i.locationName === '园区现场备件库').map((i) => [i.partNumber, i.onHand, i.serials])).toEqual([
      ['FLT-100', 3, []],
      ['MTR-200', 1, ['M-0002']],
    ]);

    await page.goto('/stock/ledger');
    await page.waitForSelector('[data-testid=ledger-table] >> text=调拨入库');
    await pickOption(page, 'ledger-filter-kind', '报废');
    await expect.poll(() => page.locator('[data-testid=ledger-table] tr.ant-table-row').count()).toBe(1);
    expect(await page.locator('[data-testid=ledger-table] tr.ant-table-row').innerText()).toContain('安装时损坏');
    await shot(page, '11-ledger-write-offs');
    expect(errors).toEqual([]);
  });

  it('the parts administrator adds a technician’s van with its owner, renames it and retires it', async () => {
    const { page, errors } = await s.page({ onFailure: 'locations-failed' });
    await signIn(page, CLERK);
    await page.goto('/stock/locations');
    await page.waitForSelector('[data-testid=locations-table] >> text=中心仓库');
    await page.click('[data-testid=location-new]');
    await settled(page);
    await page.fill('[data-testid=location-name]', '刘师傅的车');
    await pickOption(page, 'location-kind', '技术员车辆/工具包');
    // A van belongs to a technician: saving without one is refused on the form.
    await page.click('.ant-modal-footer .ant-btn-primary');
    await page.waitForSelector('text=车辆/工具包须指定所属技术员');
    await pickOption(page, 'location-owner', '刘师傅');
    await shot(page, '12-van-form');
    await page.click('.ant-modal-footer .ant-btn-primary');
    const row = page.locator('[data-testid=locations-table] tr', { hasText: '刘师傅的车' });
    await row.waitFor();
    const owned = async (name: string) => (await api<{ items: { name: string; ownerName: string | null; kind: string; active: boolean }[] }>('GET', '/api/v1/stock/locations?includeInactive=true')).items.find((l) => l.name === name);
    expect(await owned('刘师傅的车')).toMatchObject({ kind: 'van', ownerName: '刘师傅' });
    expect(await row.locator('td').nth(2).innerText()).toBe('刘师傅');

    await row.locator('button').nth(0).click();
    await settled(page);
    await page.fill('[data-testid=location-name]', '刘师傅的车（沪B·12345）');
    await page.click('.ant-modal-footer .ant-btn-primary');
    const renamed = page.locator('[data-testid=locations-table] tr', { hasText: '沪B·12345' });
    await renamed.waitFor();
    expect(await owned('刘师傅的车（沪B·12345）')).toMatchObject({ ownerName: '刘师傅' });
    await shot(page, '13-locations');
    await renamed.locator('button').nth(1).click();
    await confirmPopover(page);
    await renamed.waitFor({ state: 'detached' });
    expect(await owned('刘师傅的车（沪B·12345）')).toMatchObject({ active: false });
    expect(errors).toEqual([]);
  });
});
