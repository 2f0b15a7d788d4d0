import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { settled, signIn, suite, type AdminApi } from './support';

const CONTRACTOR = { username: 'fangshui2', password: 'contractor-password-2' };
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
let ticketId: string;
let contractorId: string;

const s = suite('contractors-portal-', async ({ api }) => {
  contractorId = (await api<{ id: string }>('POST', '/api/v1/contractors', { name: '深圳市防水工程有限公司', repairPhone: '13800000001', responsiblePerson: '王经理' })).id;
  await api('POST', `/api/v1/contractors/${contractorId}/responsibilities`, { estate: '翠湖花园', building: '3栋', trade: 'waterproofing', warrantyEndsOn: '2031-06-30' });
  await api('POST', `/api/v1/contractors/${contractorId}/deposit`, { amountFen: 10_000_00 });
  // S18: the portal user is made from the contractor (its existence checked there).
  await api('POST', `/api/v1/contractors/${contractorId}/users`, { ...CONTRACTOR, name: '防水公司报修员' });
  const owner = await api<{ id: string; addresses: { id: string }[] }>('POST', '/api/v1/customers', {
    name: '李业主',
    phone: '13912345678',
    address: { city: '深圳', line: '翠湖路 1 号', estate: '翠湖花园', building: '3栋', unit: '2单元', room: '1201' },
  });
  // Above ¥1000.00: agreeing the repair names its cost.
  const ticket = await api<{ id: string }>('POST', '/api/v1/tickets', {
    customerId: owner.id,
    addressId: owner.addresses[0]!.id,
    channel: 'phone',
    description: '卫生间漏水到楼下，吊顶发霉',
    trade: 'waterproofing',
    estimatedValueFen: 1_500_00,
  });
  ticketId = ticket.id;
  // R8: the repair is signed off by all four parties before it can be settled from the deposit.
  for (const [party, signerName] of [['repair_department', '维修部 王经理'], ['owner', '李业主'], ['supervising_engineer', '监理 陈工'], ['project_department', '项目部 赵经理']]) {
    await api('POST', `/api/v1/tickets/${ticket.id}/signoffs`, { party, signerName, typed: true });
  }
});
const api = <T>(...args: Parameters<AdminApi>) => s.api<T>(...args);
const shot = s.shot;

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

describe('the contractor’s portal: agreeing the repair and countersigning its work quantity (R2, R4, R7)', () => {
  it('R7: the contractor accepts, arrives, agrees the repair with its cost and uploads a completion photo; the centre uploads the delegation agreement; the contractor countersigns the delegated fee, which then comes off the deposit', async () => {
    const portal = await s.page({ onFailure: 'contractors-portal-failed-portal' });
    await signIn(portal.page, CONTRACTOR);
    await portal.page.goto(`/tickets/${ticketId}`);
    await portal.page.waitForSelector('[data-testid=ticket-contractor]');
    await portal.page.click('[data-testid=portal-accept]');
    await portal.page.waitForSelector('[data-testid=portal-accept]', { state: 'detached' });
    await portal.page.click('[data-testid=portal-arrive]');
    await portal.page.waitForSelector('[data-testid=portal-arrive]', { state: 'detached' });

    // Agree the repair: what, how much of it and, above ¥1000.00, the cost.
    await portal.page.click('[data-testid=portal-agree]');
    await settled(portal.page);
    await portal.page.fill('[data-testid=agree-scope]', '卫生间地面防水层拆除重做，吊顶修补');
    await portal.page.fill('[data-testid=agree-quantity]', '防水 6 m²，吊顶 2 m²');
    await portal.page.fill('[data-testid=agree-cost]', '1800');
    await portal.page.click('.ant-modal-footer .ant-btn-primary');
    await portal.page.waitForSelector('[data-testid=contractor-agreement]');
    expect(await portal.page.locator('[data-testid=contractor-agreement]').innerText()).toContain('1,800.00');

    // A completion photo, kept on the ticket.
    await portal.page.setInputFiles('[data-testid=ticket-contractor] input[type=file]', { name: '完工照片.png', mimeType: 'image/png', buffer: PNG });
    await portal.page.waitForSelector('.ant-message-success');
    await shot(portal.page, '01-agreed-photo');
    const files = await api<{ items: { fileName: string; purpose: string }[] }>('GET', `/api/v1/tickets/${ticketId}/attachments`);
    expect(files.items).toContainEqual(expect.objectContaining({ fileName: '完工照片.png', purpose: 'completion_photo' }));

    // The centre sees the agreement on the ticket.
    const admin = await s.page({ onFailure: 'contractors-portal-failed-admin' });
    await signIn(admin.page);
    await admin.page.goto(`/tickets/${ticketId}`);
    await admin.page.waitForSelector('[data-testid=contractor-agreement]');
    expect(await admin.page.locator('[data-testid=contractor-agreement]').innerText()).toContain('防水 6 m²');

    // R7: the written agreement, uploaded with its period on the contractor's page.
    await admin.page.goto(`/contractors/${contractorId}`);
    await admin.page.waitForSelector('[data-testid=contractor-agreements]');
    const year = new Date().getUTCFullYear();
    await admin.page.fill('[data-testid=agreement-starts]', `${year}-01-01`);
    await admin.page.fill('[data-testid=agreement-ends]', `${year}-12-31`);
    await admin.page.setInputFiles('[data-testid=contractor-agreements] input[type=file]', { name: '委托维修协议.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n') });
    await admin.page.click('[data-testid=agreement-upload]');
    await admin.page.waitForSelector('[data-testid=contractor-agreements] a:has-text("委托维修协议.pdf")');
    const agreements = await api<{ items: { id: string }[] }>('GET', `/api/v1/contractors/${contractorId}/agreements`);
    expect(agreements.items).toHaveLength(1);

    // The delegated fee waits for the contractor's countersignature.
    const fee = await api<{ id: string | null; pendingCountersignature: boolean }>('POST', `/api/v1/contractors/${contractorId}/deductions`, {
      ticketId,
      rule: 'R7',
      costBasisFen: 1_800_00,
      agreementId: agreements.items[0]!.id,
      workQuantity: '防水 6 m²，吊顶 2 m²',
    });
    expect(fee).toMatchObject({ id: null, pendingCountersignature: true });
    await admin.page.reload();
    await admin.page.waitForSelector('[data-testid=contractor-pending-fees]');
    await shot(admin.page, '02-agreement-pending-fee');
    expect((await api<{ balanceFen: number }>('GET', `/api/v1/contractors/${contractorId}/ledger`)).balanceFen).toBe(10_000_00);

    // The contractor countersigns it on its portal with a drawn signature.
    await portal.page.goto('/portal/statements');
    await portal.page.waitForSelector('[data-testid=portal-countersigns]');
    await portal.page.click('[data-testid=countersign-open]');
    await settled(portal.page);
    await portal.page.fill('[data-testid=countersign-signer]', '王经理');
    await drawSignature(portal.page);
    await portal.page.click('[data-testid=signature-save]');
    await portal.page.waitForSelector('[data-testid=countersign-open]', { state: 'detached' });
    await shot(portal.page, '03-countersigned');

    const ledger = await api<{ balanceFen: number; pending: unknown[]; items: { rule: string; countersignature: { signerName: string } | null }[] }>('GET', `/api/v1/contractors/${contractorId}/ledger`);
    expect(ledger.pending).toEqual([]);
    expect(ledger.items.at(-1)).toMatchObject({ rule: 'R7', countersignature: { signerName: '王经理' } });
    expect(ledger.balanceFen).toBeLessThan(10_000_00);
    await admin.page.reload();
    await admin.page.waitForSelector('[data-testid=contractor-ledger]');
    await shot(admin.page, '04-ledger-countersigned');
    expect([...portal.errors, ...admin.errors]).toEqual([]);
  });
});
