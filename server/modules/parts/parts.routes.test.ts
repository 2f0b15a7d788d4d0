import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHarness, TEST_PASSWORD, type AppHarness } from '../../test/harness';
import { caller, fieldsOf } from '../../test/http';

let h: AppHarness;
beforeAll(async () => {
  h = await createAppHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('parts and stock over HTTP', () => {
  it('A2: the parts administrator stocks a part and an agent looks up its price and stock', async () => {
    const clerk = caller(h.app, await h.tokenFor('parts_admin'));
    const agent = caller(h.app, await h.tokenFor('hotline_agent'));
    const created = await clerk('POST', '/api/v1/parts', { number: 'BP-0451', name: '前刹车片', category: '制动系统', unit: '套', costPriceFen: 180_00, retailPriceFen: 420_00, contractPriceFen: 360_00 });
    expect(created.statusCode, created.body).toBe(201);
    const partId = created.json().id as string;
    const warehouse = await clerk('POST', '/api/v1/stock/locations', { name: '总仓', kind: 'warehouse' });
    expect(warehouse.statusCode, warehouse.body).toBe(201);
    const receipt = await clerk('POST', '/api/v1/stock/receipts', { locationId: warehouse.json().id, lines: [{ partId, quantity: 6, unitCostFen: 175_00 }] });
    expect(receipt.statusCode, receipt.body).toBe(201);
    expect(receipt.json().number).toMatch(/^RK-\d{8}-\d{4}$/);

    const stock = await agent('GET', `/api/v1/stock?partId=${partId}`);
    expect(stock.json().items).toEqual([expect.objectContaining({ partId, locationId: warehouse.json().id, onHand: 6, reserved: 0, available: 6 })]);
    const looked = (await agent('GET', '/api/v1/parts?q=刹车')).json();
    expect(looked.items).toEqual([expect.objectContaining({ number: 'BP-0451', retailPriceFen: 420_00, available: 6 })]);
    expect((await agent('POST', '/api/v1/stock/receipts', { locationId: warehouse.json().id, lines: [{ partId, quantity: 1 }] })).statusCode).toBe(403);
  });

  it('an issue beyond what is available answers 409 with what is left, and moves nothing', async () => {
    const clerk = caller(h.app, await h.tokenFor('parts_admin'));
    const partId = (await clerk('POST', '/api/v1/parts', { number: 'F-200', name: '滤芯', category: '耗材', unit: '个', costPriceFen: 20_00, retailPriceFen: 45_00 })).json().id;
    const from = (await clerk('POST', '/api/v1/stock/locations', { name: '二号仓', kind: 'warehouse' })).json().id;
    const to = (await clerk('POST', '/api/v1/stock/locations', { name: '李师傅的车', kind: 'van' })).json().id;
    await clerk('POST', '/api/v1/stock/receipts', { locationId: from, lines: [{ partId, quantity: 2 }] });

    const refused = await clerk('POST', '/api/v1/stock/issues', { fromLocationId: from, toLocationId: to, lines: [{ partId, quantity: 3 }] });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'INSUFFICIENT_STOCK', available: 2, requested: 3 });
    expect(refused.json().detail).toContain('可用 2');
    expect((await clerk('GET', `/api/v1/stock?partId=${partId}&locationId=${to}`)).json().items).toEqual([]);

    const issued = await clerk('POST', '/api/v1/stock/issues', { fromLocationId: from, toLocationId: to, lines: [{ partId, quantity: 2 }] });
    expect(issued.statusCode, issued.body).toBe(201);
    expect((await clerk('GET', `/api/v1/stock?partId=${partId}&locationId=${to}`)).json().items[0]).toMatchObject({ onHand: 2, available: 2 });
  });

  it('a technician sees the warehouse and their own van, not a colleague’s; a dispatcher sees every location', async () => {
    const clerk = caller(h.app, await h.tokenFor('parts_admin'));
    const li = await h.actorWithRole('technician', { name: '李师傅' });
    const zhang = await h.actorWithRole('technician', { name: '张师傅' });
    const login = async (username: string) => (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password: TEST_PASSWORD } })).json().token as string;
    const liApi = caller(h.app, await login(li.username));
    const dispatcher = caller(h.app, await h.tokenFor('dispatcher'));
    const partId = (await clerk('POST', '/api/v1/parts', { number: 'V-1', name: '保险丝', category: '电气件', unit: '个', costPriceFen: 100, retailPriceFen: 300 })).json().id;
    const store = (await clerk('POST', '/api/v1/stock/locations', { name: '四号仓', kind: 'warehouse' })).json().id;
    const liVan = (await clerk('POST', '/api/v1/stock/locations', { name: '李师傅的包', kind: 'van', ownerUserId: li.userId })).json().id;
    const zhangVan = (await clerk('POST', '/api/v1/stock/locations', { name: '张师傅的包', kind: 'van', ownerUserId: zhang.userId })).json().id;
    await clerk('POST', '/api/v1/stock/receipts', { locationId: store, lines: [{ partId, quantity: 9 }] });
    for (const van of [liVan, zhangVan]) await clerk('POST', '/api/v1/stock/issues', { fromLocationId: store, toLocationId: van, lines: [{ partId, quantity: 2 }] });

    const seen = async (who: typeof liApi) => ((await who('GET', `/api/v1/stock?partId=${partId}`)).json().items as { locationId: string }[]).map((i) => i.locationId).sort();
    expect(await seen(liApi)).toEqual([store, liVan].sort());
    expect(await seen(dispatcher)).toEqual([store, liVan, zhangVan].sort());
    const ledger = (await liApi('GET', `/api/v1/stock/ledger?partId=${partId}`)).json();
    expect(ledger.items.some((l: { locationId: string }) => l.locationId === zhangVan)).toBe(false);
    expect(ledger.total).toBe(ledger.items.length);
  });

  it('bad input answers problem+json naming each field, in the caller’s language', async () => {
    const clerk = caller(h.app, await h.tokenFor('parts_admin'));
    const partId = (await clerk('POST', '/api/v1/parts', { number: 'X-1', name: '螺丝', category: '紧固件', unit: '个', costPriceFen: 10, retailPriceFen: 50 })).json().id;
    const loc = (await clerk('POST', '/api/v1/stock/locations', { name: '三号仓', kind: 'warehouse' })).json().id;
    const zero = await clerk('POST', '/api/v1/stock/receipts', { locationId: loc, lines: [{ partId, quantity: 0 }] });
    expect(zero.statusCode).toBe(400);
    expect(fieldsOf(zero.json())).toEqual(['body.lines.0.quantity']);
    const fraction = await clerk('POST', '/api/v1/stock/receipts', { locationId: loc, lines: [{ partId, quantity: 0.5 }] }, { headers: { 'accept-language': 'en-US' } });
    expect(fraction.statusCode).toBe(400);
    expect(fraction.json().errors[0]).toMatchObject({ field: 'body.lines.0.quantity', message: '个 is counted in whole units only' });
    const same = await clerk('POST', '/api/v1/stock/issues', { fromLocationId: loc, toLocationId: loc, lines: [{ partId, quantity: 1 }] });
    expect(fieldsOf(same.json())).toEqual(['body.toLocationId']);
    const unknown = await clerk('POST', '/api/v1/stock/issues', { fromLocationId: loc, toLocationId: '00000000-0000-7000-8000-000000000000', lines: [{ partId, quantity: 1 }] });
    expect(unknown.statusCode).toBe(422);
    expect(fieldsOf(unknown.json())).toEqual(['body.toLocationId']);
    const duplicate = await clerk('POST', '/api/v1/parts', { number: 'X-1', name: '螺丝', category: '紧固件', unit: '个', costPriceFen: 10, retailPriceFen: 50 });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().errors[0]).toMatchObject({ field: 'body.number', code: 'taken' });
    const negative = await clerk('POST', '/api/v1/parts', { number: 'X-2', name: '螺母', category: '紧固件', unit: '个', costPriceFen: -1, retailPriceFen: 50 });
    expect(fieldsOf(negative.json())).toEqual(['body.costPriceFen']);
  });

  it('a price beyond what a price column holds answers 400 naming the field, never 500', async () => {
    const clerk = caller(h.app, await h.tokenFor('parts_admin'));
    const tooMuch = 3_000_000_000;
    const created = await clerk('POST', '/api/v1/parts', { number: 'OV-1', name: '压缩机', category: '整机', unit: '台', costPriceFen: tooMuch, retailPriceFen: 1 });
    expect(created.statusCode, created.body).toBe(400);
    expect(fieldsOf(created.json())).toEqual(['body.costPriceFen']);
    const partId = (await clerk('POST', '/api/v1/parts', { number: 'OV-2', name: '压缩机', category: '整机', unit: '台', costPriceFen: 1, retailPriceFen: 1 })).json().id;
    const loc = (await clerk('POST', '/api/v1/stock/locations', { name: '溢出仓', kind: 'warehouse' })).json().id;
    const receipt = await clerk('POST', '/api/v1/stock/receipts', { locationId: loc, lines: [{ partId, quantity: 1, unitCostFen: tooMuch }] });
    expect(receipt.statusCode, receipt.body).toBe(400);
    expect(fieldsOf(receipt.json())).toEqual(['body.lines.0.unitCostFen']);
    const agreed = await clerk('PUT', `/api/v1/parts/${partId}/contract-prices`, { prices: [{ customerId: '00000000-0000-7000-8000-000000000001', priceFen: tooMuch }] });
    expect(agreed.statusCode, agreed.body).toBe(400);
    expect(fieldsOf(agreed.json())).toEqual(['body.prices.0.priceFen']);
    // The most a unit may cost, ten million times on one ticket, is refused by its quantity, not answered 500.
    const dear = (await clerk('POST', '/api/v1/parts', { number: 'OV-3', name: '整机', category: '整机', unit: '台', costPriceFen: 1_000_000_000, retailPriceFen: 1_000_000_000 })).json().id;
    const customer = await h.services.customers.createCustomer(h.admin, { name: '某客户', phone: '13900004321' });
    const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: customer.id, channel: 'phone', description: '报修' });
    const proposed = await clerk('POST', `/api/v1/tickets/${ticket.id}/parts`, { partId: dear, quantity: 10_000_000 });
    expect(proposed.statusCode, proposed.body).toBe(400);
    expect(fieldsOf(proposed.json())).toEqual(['body.quantity']);
  });
});
