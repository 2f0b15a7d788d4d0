import { describe, expect, it } from 'vitest';
import { judge } from './known-open';
import { fill, idsOf, worldOfSuite, type RouteCase } from './world';

/**
 * Tenancy: organisation B (made as `npx shouhou org add` makes one) calls every route with
 * organisation A's ids and gets nothing of A's: 404 for a read, no 2xx for a change; B's
 * lists hold none of A's ids; and a body that names one of A's records is refused.
 */
const suite = worldOfSuite();

describe('tenancy', () => {
  it('organisation B reaches none of organisation A’s records, by id, in lists or by reference in a body', { timeout: 240_000 }, async () => {
    const { w, routes } = suite;
    const ids = idsOf(w);
    const foreign = Object.values(w.a);
    const results: { name: string; failed: boolean; detail?: string }[] = [];
    const name = (route: RouteCase, what = '') => `b_admin ${route.method} ${route.path}${what}`;
    for (const route of routes) {
      if (route.public || (route.method === 'POST' && route.path === '/api/v1/auth/logout')) continue;
      if (route.path.includes('{')) {
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const response = await w.call(w.b.adminToken, route.method, fill(route.path, ids), body, { 'if-match': '1' });
        const status = response.statusCode;
        // A read answers 404, or 400 when a required query parameter is missing (nothing was looked up).
        const queryOnly = status === 400 && (response.json().errors ?? []).every((e: { field: string }) => e.field.startsWith('querystring'));
        const failed = route.method === 'GET' ? status !== 404 && !queryOnly : (status >= 200 && status < 300) || status >= 500;
        results.push({ name: name(route), failed, detail: `${status} ${response.body.slice(0, 120)}` });
      } else if (route.method === 'GET') {
        const response = await w.call(w.b.adminToken, 'GET', route.path);
        const leaked = foreign.filter((id) => response.body.includes(id));
        results.push({ name: name(route), failed: leaked.length > 0 || response.statusCode >= 500, detail: `${response.statusCode} holds ${leaked.join(', ')}` });
      }
    }

    // References in bodies: B's own records with one of A's ids among them.
    const b = (method: string, url: string, payload: unknown) => w.call(w.b.adminToken, method, url, payload);
    const bCustomer = (await b('POST', '/api/v1/customers', { name: '乙方客户', phone: '13700000001' })).json().id as string;
    const references: [string, Promise<{ statusCode: number; body: string }>][] = [
      [' foreign customerId', b('POST', '/api/v1/tickets', { customerId: w.a.customerOther, channel: 'phone', description: '跨机构' })],
      [' foreign assetId', b('POST', '/api/v1/tickets', { customerId: bCustomer, assetId: w.a.assetOther, channel: 'phone', description: '跨机构' })],
      [' foreign customerId', b('POST', '/api/v1/assets', { customerId: w.a.customerOther, serialNumber: 'SN-B-1' })],
      [' foreign slotId', b('POST', '/api/v1/appointments', { slotId: w.a.slot, customerId: bCustomer, requests: ['保养'] })],
      [' foreign customerId', b('POST', '/api/v1/users', { username: 'b_cust', password: 'Tenant-user-5512', name: '乙方客户用户', role: 'customer', customerId: w.a.customerOther })],
      [' foreign calendarId', b('POST', '/api/v1/sla/policies', { name: '跨机构日历', rank: 99, calendarId: w.a.calendar, targets: [{ metric: 'first_response', minutes: 60, mode: 'business' }] })],
    ];
    const labelled: [string, string, Promise<{ statusCode: number; body: string }>][] = references.map(([what, pending], i) => [
      ['POST /api/v1/tickets', 'POST /api/v1/tickets', 'POST /api/v1/assets', 'POST /api/v1/appointments', 'POST /api/v1/users', 'POST /api/v1/sla/policies'][i]!,
      what,
      pending,
    ]);
    // Spare parts: B's own part and warehouse beside one of A's.
    const bPart = (await b('POST', '/api/v1/parts', { number: 'B-1', name: '乙方配件', category: '电气件', unit: '个', costPriceFen: 1, retailPriceFen: 2 })).json().id as string;
    const bStore = (await b('POST', '/api/v1/stock/locations', { name: '乙方仓库', kind: 'warehouse' })).json().id as string;
    expect([typeof bPart, typeof bStore]).toEqual(['string', 'string']);
    const parts: [string, string, Promise<{ statusCode: number; body: string }>][] = [
      ['POST /api/v1/stock/receipts', ' foreign partId', b('POST', '/api/v1/stock/receipts', { locationId: bStore, lines: [{ partId: w.a.part, quantity: 1 }] })],
      ['POST /api/v1/stock/receipts', ' foreign locationId', b('POST', '/api/v1/stock/receipts', { locationId: w.a.warehouse, lines: [{ partId: bPart, quantity: 1 }] })],
      ['POST /api/v1/stock/issues', ' foreign fromLocationId', b('POST', '/api/v1/stock/issues', { fromLocationId: w.a.warehouse, toLocationId: bStore, lines: [{ partId: w.a.part, quantity: 1 }] })],
      ['POST /api/v1/stock/transfers', ' foreign toLocationId', b('POST', '/api/v1/stock/transfers', { fromLocationId: bStore, toLocationId: w.a.crewVan, lines: [{ partId: bPart, quantity: 1 }] })],
      ['POST /api/v1/stock/counts', ' foreign locationId', b('POST', '/api/v1/stock/counts', { locationId: w.a.warehouse })],
      ['PUT /api/v1/parts/{id}/substitutes', ' foreign substituteId', b('PUT', `/api/v1/parts/${bPart}/substitutes`, { substituteIds: [w.a.part] })],
      ['PUT /api/v1/parts/{id}/contract-prices', ' foreign customerId', b('PUT', `/api/v1/parts/${bPart}/contract-prices`, { prices: [{ customerId: w.a.customerOther, priceFen: 1 }] })],
      ['PUT /api/v1/stock/reorder-rules', ' foreign partId', b('PUT', '/api/v1/stock/reorder-rules', { partId: w.a.part, locationId: bStore, reorderPoint: 1, reorderQuantity: 1 })],
      ['POST /api/v1/loaners', ' foreign productId', b('POST', '/api/v1/loaners', { productId: w.a.product, serial: 'B-LOAN', homeLocationId: bStore })],
    ];
    labelled.push(...parts);
    for (const [route, what, pending] of labelled) {
      const response = await pending;
      results.push({ name: `b_admin ${route}${what}`, failed: response.statusCode < 300 || response.statusCode >= 500, detail: `${response.statusCode} ${response.body.slice(0, 120)}` });
    }

    const { unexpected, fixed } = judge('tenancy', results);
    expect(unexpected).toEqual([]);
    expect(fixed).toEqual([]);
    expect(results.length).toBeGreaterThan(80);
  });
});
