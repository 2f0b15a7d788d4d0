import { afterAll, beforeAll } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { ROLES, type Role } from '../../shared/domain';
import { makePng } from '../png';
import { addOrganisation } from '../organisations';
import { ADMIN_PASSWORD, createAppHarness, TEST_PASSWORD, type AppHarness } from '../test/harness';

/**
 * The world the security suites probe: organisation A (the harness's) with two customers and
 * their records, a signed-in user of every role, and a second organisation B made the way
 * `npx shouhou org add` makes one. Built through the API, as a user would.
 */
export interface World {
  h: AppHarness;
  /** The administrator of A, signed in after the world's clock moved on (the harness's token has expired by then). */
  adminToken: string;
  tokens: Record<Role, string>;
  /** Org A's records: `mine` belong to the customer user's customer, `other` to another customer. */
  a: {
    customerMine: string;
    customerOther: string;
    phoneOther: string;
    addressOther: string;
    assetOther: string;
    /** A site of `customerOther` under an O&M contract (E4: its patrols). */
    siteOther: string;
    ticketMine: string;
    ticketOther: string;
    attachmentOther: string;
    assetAttachment: string;
    calendar: string;
    policy: string;
    slot: string;
    appointmentOther: string;
    technician: string;
    user: string;
    bookingToken: string;
    /** Spare parts: a part, a warehouse, the crew technician's van, a transfer in transit, the crew technician's requisition, a count, a loaner, a part on `ticketOther`. */
    part: string;
    warehouse: string;
    crewVan: string;
    transfer: string;
    requisition: string;
    count: string;
    product: string;
    loaner: string;
    ticketPart: string;
  };
  b: { orgId: string; adminToken: string };
  call(token: string | null, method: string, url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** Every /api route in the OpenAPI document, with who it says may call it. */
export interface RouteCase {
  method: string;
  /** The OpenAPI form: `/api/v1/tickets/{id}`. */
  path: string;
  permission?: string | undefined;
  authenticated?: boolean | undefined;
  public?: boolean | undefined;
}

export async function routesOf(w: World): Promise<RouteCase[]> {
  const doc = (await w.call(null, 'GET', '/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
  const declared = new Map(w.h.app.routeAccess.map((r) => [`${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`, r]));
  const cases: RouteCase[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const method of Object.keys(methods)) {
      const access = declared.get(`${method.toUpperCase()} ${path}`);
      if (!access) throw new Error(`${method} ${path} is in the OpenAPI document but not among the routes`);
      cases.push({ method: method.toUpperCase(), path, permission: access.permission, authenticated: access.authenticated, public: access.public });
    }
  }
  // openapi.json hides itself; every other route must be in it, or the suites would miss it.
  const documented = new Set(cases.map((c) => `${c.method} ${c.path}`));
  const missing = [...declared.keys()].filter((k) => k.startsWith('GET /api/') || k.includes(' /api/')).filter((k) => !documented.has(k) && k !== 'GET /api/openapi.json');
  if (missing.length) throw new Error(`routes missing from the OpenAPI document: ${missing.join(', ')}`);
  return cases;
}

/** Routes that answer with a server-sent event stream. */
const EVENT_STREAM = /\/stream$/;

const bearer = (token: string | null): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

export async function createWorld(): Promise<World> {
  const h = await createAppHarness();
  const call: World['call'] = async (token, method, url, payload, headers = {}) => {
    const options: InjectOptions = {
      method: method as InjectOptions['method'],
      url,
      headers: { ...bearer(token), ...headers },
      ...(payload === undefined ? {} : typeof payload === 'string' || Buffer.isBuffer(payload) ? { payload } : { payload: payload as object }),
    };
    if (!EVENT_STREAM.test(url.split('?')[0]!)) return h.app.inject(options);
    // A server-sent event stream never ends by itself: its answer is its head (and, refused, its
    // problem document); then the suite hangs up.
    const response = await h.app.inject({ ...options, payloadAsStream: true });
    const stream = response.stream();
    let body = '';
    if (response.statusCode === 200) stream.destroy();
    else for await (const chunk of stream) body += String(chunk);
    return { statusCode: response.statusCode, headers: response.headers, body, payload: body, json: () => JSON.parse(body || 'null') } as unknown as LightMyRequestResponse;
  };
  const admin = h.adminToken;
  const ok = async (response: Promise<LightMyRequestResponse>, what: string) => {
    const r = await response;
    if (r.statusCode >= 300) throw new Error(`${what}: ${r.statusCode} ${r.body}`);
    return r.json();
  };

  const mine = await ok(call(admin, 'POST', '/api/v1/customers', { name: '本人客户', phone: '13800000001' }), 'customer');
  const other = await ok(call(admin, 'POST', '/api/v1/customers', { name: '他人客户', phone: '13800000002' }), 'customer');
  const otherView = await ok(call(admin, 'GET', `/api/v1/customers/${other.id}`), 'customer view');
  const address = await ok(call(admin, 'POST', `/api/v1/customers/${other.id}/addresses`, { line: '北京市朝阳区某路 1 号' }), 'address');
  const asset = await ok(call(admin, 'POST', '/api/v1/assets', { customerId: other.id, serialNumber: 'SN-OTHER-1', productName: '洗衣机' }), 'asset');
  const site = await ok(call(admin, 'POST', `/api/v1/customers/${other.id}/sites`, { name: '他人泵房', omContractUntil: '2027-12-31' }), 'site');
  const ticketMine = await ok(call(admin, 'POST', '/api/v1/tickets', { customerId: mine.id, channel: 'phone', description: '本人的报修' }), 'ticket');
  const ticketOther = await ok(call(admin, 'POST', '/api/v1/tickets', { customerId: other.id, channel: 'phone', description: '他人的报修', assetId: asset.id }), 'ticket');
  const png = makePng();
  const multipart = (boundary: string) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="invoice.png"\r\nContent-Type: image/png\r\n\r\n`),
      png,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
  const upload = (url: string) => ok(call(admin, 'POST', url, multipart('WORLD'), { 'content-type': 'multipart/form-data; boundary=WORLD' }), `upload ${url}`);
  const attachment = await upload(`/api/v1/tickets/${ticketOther.id}/attachments`);
  const assetAttachment = await upload(`/api/v1/assets/${asset.id}/attachments`);
  const calendars = await ok(call(admin, 'GET', '/api/v1/calendars'), 'calendars');
  const policies = await ok(call(admin, 'GET', '/api/v1/sla/policies'), 'policies');
  const slot = await ok(call(admin, 'POST', '/api/v1/appointments/slots', { day: '2026-12-05', start: '09:00', end: '10:00', capacity: 5, serviceType: 'repair', team: null }), 'slot');
  const appointment = await ok(call(admin, 'POST', '/api/v1/appointments', { slotId: slot.id, customerId: other.id, requests: ['保养'] }), 'appointment');
  const bookingToken = (await ok(call(admin, 'GET', '/api/v1/appointments/booking-link'), 'booking link')).token as string;

  // Another customer's job, dispatched to a second technician who records travel: time
  // entries that no external role should see (S7).
  const crewToken = await h.tokenFor('technician');
  const crewId = (await ok(call(crewToken, 'GET', '/api/v1/auth/me'), 'me')).id as string;
  const version = async () => (await ok(call(admin, 'GET', `/api/v1/tickets/${ticketOther.id}`), 'ticket')).version as number;
  await ok(call(admin, 'POST', `/api/v1/tickets/${ticketOther.id}/transitions`, { action: 'accept' }, { 'if-match': String(await version()) }), 'accept');
  await ok(call(admin, 'POST', `/api/v1/tickets/${ticketOther.id}/transitions`, { action: 'dispatch', technicianId: crewId }, { 'if-match': String(await version()) }), 'dispatch');
  await ok(call(crewToken, 'POST', `/api/v1/tickets/${ticketOther.id}/field/steps`, { kind: 'depart', transport: 'company' }), 'depart');
  h.clock.advance(45 * 60_000);
  await ok(call(crewToken, 'POST', `/api/v1/tickets/${ticketOther.id}/field/steps`, { kind: 'arrive' }), 'arrive');
  // Days later: every clock of the world's open tickets is past its target, so the breach queue is full (S8).
  h.clock.advance(3 * 24 * 3_600_000);

  const adminToken = (await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } })).json().token as string;
  const tokens = { admin: adminToken } as Record<Role, string>;
  for (const role of ROLES) {
    if (role === 'admin') continue;
    tokens[role] = await h.tokenFor(role, role === 'customer' ? { customerId: mine.id } : undefined);
  }
  const technician = (await ok(call(tokens.technician, 'GET', '/api/v1/auth/me'), 'me')).id as string;
  const user = (await ok(call(tokens.finance, 'GET', '/api/v1/auth/me'), 'me')).id as string;

  // Spare parts of A: stock in a warehouse, a transfer to the crew technician's van, their requisition, a count, a loaner, a part on their job.
  const part = await ok(call(adminToken, 'POST', '/api/v1/parts', { number: 'WORLD-1', name: '压缩机电容', category: '电气件', unit: '个', costPriceFen: 12_00, retailPriceFen: 30_00 }), 'part');
  const warehouse = await ok(call(adminToken, 'POST', '/api/v1/stock/locations', { name: '中心仓库', kind: 'warehouse' }), 'warehouse');
  const crewVan = await ok(call(adminToken, 'POST', '/api/v1/stock/locations', { name: '技师的车', kind: 'van', ownerUserId: crewId }), 'van');
  await ok(call(adminToken, 'POST', '/api/v1/stock/receipts', { locationId: warehouse.id, lines: [{ partId: part.id, quantity: 5 }] }), 'receipt');
  const transfer = await ok(call(adminToken, 'POST', '/api/v1/stock/transfers', { fromLocationId: warehouse.id, toLocationId: crewVan.id, lines: [{ partId: part.id, quantity: 1 }] }), 'transfer');
  const crewLogin = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: (await ok(call(adminToken, 'GET', `/api/v1/users/${crewId}`), 'crew')).username, password: TEST_PASSWORD } });
  const requisition = await ok(call(crewLogin.json().token, 'POST', '/api/v1/requisitions', { lines: [{ partId: part.id, quantity: 1, ticketId: ticketOther.id }] }), 'requisition');
  const count = await ok(call(adminToken, 'POST', '/api/v1/stock/counts', { locationId: warehouse.id }), 'count');
  const product = await ok(call(adminToken, 'POST', '/api/v1/products', { name: '备用机型' }), 'product');
  const loaner = await ok(call(adminToken, 'POST', '/api/v1/loaners', { productId: product.id, serial: 'LOAN-1', homeLocationId: warehouse.id }), 'loaner');
  const ticketParts = await ok(call(adminToken, 'POST', `/api/v1/tickets/${ticketOther.id}/parts`, { partId: part.id, quantity: 1 }), 'ticket part');

  const orgB = await addOrganisation(h.services, { name: '乙方服务中心', code: 'orgb', adminUsername: 'b_admin', adminPassword: 'Second-tenant-6604' });
  const login = await h.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'b_admin', password: 'Second-tenant-6604', organisation: 'orgb' } });
  return {
    h,
    adminToken,
    tokens,
    a: {
      customerMine: mine.id,
      customerOther: other.id,
      phoneOther: otherView.phones?.[0]?.id ?? otherView.id,
      addressOther: address.id ?? otherView.id,
      assetOther: asset.id,
      siteOther: site.id,
      ticketMine: ticketMine.id,
      ticketOther: ticketOther.id,
      attachmentOther: attachment.id,
      assetAttachment: assetAttachment.id,
      calendar: calendars.items?.[0]?.id ?? calendars[0]?.id,
      policy: policies.items?.[0]?.id ?? policies[0]?.id,
      slot: slot.id,
      appointmentOther: appointment.id,
      technician,
      user,
      bookingToken,
      part: part.id,
      warehouse: warehouse.id,
      crewVan: crewVan.id,
      transfer: transfer.id,
      requisition: requisition.id,
      count: count.id,
      product: product.id,
      loaner: loaner.id,
      ticketPart: ticketParts.items[0].id,
    },
    b: { orgId: orgB.organisation.id, adminToken: login.json().token },
    call,
  };
}

/** A URL for a route, its parameters filled from `ids` by the path's own words. */
export function fill(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const before = path.slice(0, path.indexOf(`{${name}}`));
    const owner = before.split('/').filter(Boolean).at(-1) ?? '';
    return encodeURIComponent(ids[`${owner}.${name}`] ?? ids[name] ?? ids.default!);
  });
}

/** Org A's ids by the path segment before the parameter, for `fill`. */
export function idsOf(w: World): Record<string, string> {
  return {
    default: '01a22ac8-0000-7000-8000-000000000000',
    'tickets.id': w.a.ticketOther,
    'customers.id': w.a.customerOther,
    'addresses.addressId': w.a.addressOther,
    'phones.phoneId': w.a.phoneOther,
    'assets.id': w.a.assetOther,
    'sites.id': w.a.siteOther,
    'attachments.id': w.a.attachmentOther,
    'calendars.id': w.a.calendar,
    'policies.id': w.a.policy,
    'slots.id': w.a.slot,
    'appointments.id': w.a.appointmentOther,
    'technicians.id': w.a.technician,
    'users.id': w.a.user,
    'booking.token': w.a.bookingToken,
    'holiday-years.year': '2026',
    'parts.id': w.a.part,
    'parts.partLineId': w.a.ticketPart,
    'locations.id': w.a.warehouse,
    'transfers.id': w.a.transfer,
    'requisitions.id': w.a.requisition,
    'counts.id': w.a.count,
    'products.id': w.a.product,
    'loaners.id': w.a.loaner,
    stage: 'body',
  };
}

/** A suite's world and its routes: made once before the suite's tests, closed after them. */
export function worldOfSuite(): { readonly w: World; readonly routes: RouteCase[] } {
  const suite = {} as { w: World; routes: RouteCase[] };
  beforeAll(async () => {
    suite.w = await createWorld();
    suite.routes = await routesOf(suite.w);
  });
  afterAll(async () => {
    await suite.w?.h.close();
  });
  return suite;
}
