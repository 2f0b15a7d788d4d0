import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../shared/phone';
import { asset, customer, technician } from '../../test/fixtures';
import { createAppHarness, TEST_PASSWORD, type AppHarness } from '../../test/harness';
import { caller, fieldsOf } from '../../test/http';
import { outboxOf } from '../../test/inspect';
import { maskPhone, maskSerial } from './masking';

/*
 * The customer's own side over HTTP: an asset's QR label, the report page behind it, the
 * ticket's tracking link and its rating.
 */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const DAY = 86_400_000;

let h: AppHarness;
let staff: ReturnType<typeof caller>;
const anon = () => caller(h.app, null);
let addressCounter = 0;
/** A fresh client address per test, so the per-address allowances do not cross tests. */
const freshIp = () => `203.0.113.${++addressCounter}`;

beforeAll(async () => {
  h = await createAppHarness();
  staff = caller(h.app, h.adminToken);
  await h.services.identity.updateOrganisation(h.admin, (await h.services.identity.getOrganisation(h.orgId)).version, { settings: { selfservice: { hotline: '400-800-1234' } } });
});
afterAll(async () => {
  await h?.close();
});

/** An asset of a new customer, and the token its label carries. */
async function labelledAsset(extra: { purchasedOn?: string; phone?: string } = {}) {
  const owner = await customer(h, { name: '林女士', ...(extra.phone ? { phone: extra.phone } : {}) });
  const unit = await asset(h, owner.id, { productName: '燃气热水器', brand: '万和', model: 'JSQ24', serialNumber: 'WH2024000123', purchasedOn: extra.purchasedOn ?? '2026-03-01' });
  const sheet = await h.services.selfservice.labelPrint(h.admin, [unit.id], 'http://shouhou.test');
  const token = sheet.labels[0]!.url.split('/r/')[1]!;
  return { owner, unit, token };
}

const report = (over: Record<string, unknown> = {}) => ({
  description: '热水器打不着火，显示 E1',
  name: '林女士',
  phone: '13912345678',
  preferredTime: '周六上午',
  photos: [{ fileName: 'fault.png', data: PNG.toString('base64') }],
  ...over,
});

async function ticketsOfAsset(assetId: string) {
  return (await h.services.tickets.findTickets(h.admin, { assetId, page: 1, pageSize: 20 } as never)).items;
}

describe('QR labels', () => {
  it('prints a label sheet as an A4 PDF; every asset gets an unguessable token once', async () => {
    const owner = await customer(h);
    const a = await asset(h, owner.id);
    const b = await asset(h, owner.id);
    const pdf = await staff('POST', '/api/v1/asset-labels', { assetIds: [a.id, b.id] });
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const first = await h.services.selfservice.labelPrint(h.admin, [a.id, b.id], 'http://x');
    const again = await h.services.selfservice.labelPrint(h.admin, [a.id], 'http://x');
    expect(again.labels[0]!.url).toBe(first.labels[0]!.url);
    const token = first.labels[0]!.url.split('/r/')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(token).not.toContain(a.id);
    expect(first.labels[0]!.serialMasked).not.toBe(a.serialNumber);
    // A technician reads assets but does not print their labels.
    const tech = caller(h.app, await h.tokenFor('technician'));
    expect((await tech('POST', '/api/v1/asset-labels', { assetIds: [a.id] })).statusCode).toBe(403);
  });

  it('masks serials and phones', () => {
    expect(maskSerial('WH2024000123')).toBe('******0123');
    expect(maskSerial('AB1')).toBe('**1');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

describe('the QR report page', () => {
  it('makes a ticket with channel qr on the asset, for its customer, with the photo, warranty and a tracking link sent to the customer', async () => {
    const { owner, unit, token } = await labelledAsset();
    const ip = freshIp();
    const page = await anon()('GET', `/api/v1/public/qr/${token}`, undefined, { remoteAddress: ip });
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({ organisation: '测试服务中心', hotline: '400-800-1234', product: '万和 燃气热水器 JSQ24', serialMasked: '******0123' });
    expect(page.body).not.toContain('林女士');
    expect(page.body).not.toContain('WH2024000123');

    const sent = await anon()('POST', `/api/v1/public/qr/${token}`, report(), { remoteAddress: ip });
    expect(sent.statusCode, sent.body).toBe(201);
    const result = sent.json();
    expect(result.trackingPath).toMatch(/^\/t\/[A-Za-z0-9_-]{43}$/);

    const [ticket] = await ticketsOfAsset(unit.id);
    const view = await h.services.tickets.getTicket(h.admin, ticket!.id);
    expect(view).toMatchObject({ number: result.ticketNumber, channel: 'qr', customer: { id: owner.id }, contactName: '林女士', contactPhone: '13912345678', warranty: 'in' });
    expect(view.description).toContain('周六上午');
    const photos = await h.services.files.list(h.admin, 'ticket', ticket!.id);
    expect(photos).toMatchObject([{ contentType: 'image/png', purpose: 'photo' }]);
    const messages = await outboxOf(h, 'ticket.tracking_link');
    expect(messages.find((m) => (m.payload as { ticketId: string }).ticketId === ticket!.id)).toMatchObject({ recipient: `customer:${owner.id}`, payload: { path: result.trackingPath } });
    // The message's link is whole (the address the page came to), so it opens from a phone.
    expect((messages.find((m) => (m.payload as { ticketId: string }).ticketId === ticket!.id)!.payload as { url: string }).url).toMatch(new RegExp(`^https?://[^/]+${result.trackingPath}$`));
  });

  it('refuses hostile input per field and makes no ticket', async () => {
    const { unit, token } = await labelledAsset();
    const ip = freshIp();
    const post = (body: unknown) => anon()('POST', `/api/v1/public/qr/${token}`, body, { remoteAddress: ip });

    const empty = await post(report({ description: '  ', name: '', phone: 'abc' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('application/problem+json');
    expect(fieldsOf(empty.json()).sort()).toEqual(['body.description', 'body.name', 'body.phone']);

    const script = Buffer.from('<script>alert(1)</script>').toString('base64');
    const notImage = await post(report({ photos: [{ fileName: 'x.png', data: script }] }));
    expect(notImage.statusCode).toBe(400);
    expect(fieldsOf(notImage.json())).toEqual(['body.photos.0.data']);

    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF').toString('base64');
    expect(fieldsOf((await post(report({ photos: [{ fileName: 'a.pdf', data: pdf }] }))).json())).toEqual(['body.photos.0.data']);

    const tooMany = await post(report({ photos: Array.from({ length: 4 }, () => ({ fileName: 'p.png', data: PNG.toString('base64') })) }));
    expect(fieldsOf(tooMany.json())).toEqual(['body.photos']);

    const extra = await post({ ...report(), customerId: unit.customerId });
    expect(extra.statusCode).toBe(400);
    expect(await ticketsOfAsset(unit.id)).toHaveLength(0);
  });

  it('answers 404 for an unknown token, and a token names only its own organisation’s asset', async () => {
    expect((await anon()('GET', '/api/v1/public/qr/AAAAAAAAAAAAAAAAAAAAAAAA', undefined, { remoteAddress: freshIp() })).statusCode).toBe(404);
    expect((await anon()('POST', '/api/v1/public/qr/AAAAAAAAAAAAAAAAAAAAAAAA', report(), { remoteAddress: freshIp() })).statusCode).toBe(404);

    const other = await h.services.identity.createOrganisation({ code: `qr${Date.now()}`, name: '别家服务中心' });
    const otherAdminUser = await h.services.identity.createUser(other.id, { username: `qradmin${Date.now()}`, password: TEST_PASSWORD, name: '别家管理员', role: 'admin' });
    const otherAdmin = { ...h.admin, orgId: other.id, userId: otherAdminUser.id };
    const theirCustomer = await h.services.customers.createCustomer(otherAdmin, { name: '别家客户', phone: '13700001111', address: { city: '广州', district: '天河区', line: '体育西路1号' } });
    const theirAsset = await h.services.assets.createAsset(otherAdmin, { customerId: theirCustomer.id, serialNumber: 'OTHER-0001', productName: '空调' });
    // Our staff cannot print (so cannot learn) the token of another organisation's asset.
    const refused = await staff('POST', '/api/v1/asset-labels', { assetIds: [theirAsset.id] });
    expect(refused.statusCode).toBe(422);
    expect(fieldsOf(refused.json())).toEqual(['body.assetIds.0']);
    // Its own token reports into its own organisation, never into ours.
    const theirToken = (await h.services.selfservice.labelPrint(otherAdmin, [theirAsset.id], 'http://x')).labels[0]!.url.split('/r/')[1]!;
    const page = await anon()('GET', `/api/v1/public/qr/${theirToken}`, undefined, { remoteAddress: freshIp() });
    expect(page.json().organisation).toBe('别家服务中心');
    const ours = await staff('GET', `/api/v1/tickets?assetId=${theirAsset.id}`);
    expect(ours.json().items ?? []).toHaveLength(0);
  });

  it('counts reports per label and per address (429 with Retry-After, no ticket)', async () => {
    const { unit, token } = await labelledAsset();
    for (let i = 0; i < 3; i++) expect((await anon()('POST', `/api/v1/public/qr/${token}`, report({ photos: [] }), { remoteAddress: freshIp() })).statusCode).toBe(201);
    const fourth = await anon()('POST', `/api/v1/public/qr/${token}`, report({ photos: [] }), { remoteAddress: freshIp() });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.headers['content-type']).toContain('application/problem+json');
    expect(await ticketsOfAsset(unit.id)).toHaveLength(3);
  });

  it('throttles 300 requests a minute from one address to the public pages, without affecting staff', async () => {
    const { token } = await labelledAsset();
    const ip = freshIp();
    for (let i = 0; i < 300; i++) {
      const r = await anon()('GET', `/api/v1/public/qr/${token}`, undefined, { remoteAddress: ip });
      if (r.statusCode !== 200) throw new Error(`request ${i + 1}: ${r.statusCode}`);
    }
    const refused = await anon()('GET', `/api/v1/public/qr/${token}`, undefined, { remoteAddress: ip });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Unknown tokens count too: a guesser is stopped at the same place.
    expect((await anon()('GET', '/api/v1/public/track/AAAAAAAAAAAAAAAAAAAAAAAA', undefined, { remoteAddress: ip })).statusCode).toBe(429);
    // Staff behind the same address work on.
    expect((await staff('GET', '/api/v1/tickets', undefined, { remoteAddress: ip })).statusCode).toBe(200);
    // Another address is not affected, and the window passes.
    expect((await anon()('GET', `/api/v1/public/qr/${token}`, undefined, { remoteAddress: freshIp() })).statusCode).toBe(200);
    h.clock.advance(61_000);
    expect((await anon()('GET', `/api/v1/public/qr/${token}`, undefined, { remoteAddress: ip })).statusCode).toBe(200);
  });
});

describe('a returning customer’s phone code on the QR page', () => {
  let phoneCounter = 0;
  /** A number no other test's customer holds. */
  const freshPhone = () => `1375${String(1_000_000 + ++phoneCounter * 7).slice(-7)}`;
  /** The codes sent by SMS to the customer's numbers. */
  const codesTo = async (c: { phones: { phone: string }[] }) =>
    (await outboxOf(h, 'selfservice.phone_code')).filter((m) => c.phones.some((p) => m.recipient === `sms:${normalizePhone(p.phone)}`)).map((m) => (m.payload as { code: string }).code);

  it('sends a 6-digit code through the outbox only to the asset’s customer; the right code answers the name alone, once', async () => {
    const phone = freshPhone();
    const { owner, token } = await labelledAsset({ phone });
    const ip = freshIp();
    const post = (path: string, body: unknown) => anon()('POST', `/api/v1/public/qr/${token}${path}`, body, { remoteAddress: ip, headers: { 'accept-language': 'zh-CN' } });

    // Typed with spaces and the country code: still the number on file.
    const asked = await post('/phone-code', { phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` });
    expect(asked.statusCode, asked.body).toBe(202);
    expect(asked.json()).toEqual({ expiresInMinutes: 10 });
    const [code] = await codesTo(owner);
    expect(code).toMatch(/^\d{6}$/);

    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await post('/phone-code/check', { phone, code: wrongCode });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json()).toMatchObject({ code: 'PHONE_CODE_WRONG', detail: '验证码不正确，还可以再试 4 次', triesLeft: 4 });

    const right = await post('/phone-code/check', { phone, code });
    expect(right.statusCode, right.body).toBe(200);
    expect(right.json()).toEqual({ name: '林女士' });

    // Used: a second check is refused, as is a malformed code.
    const again = await post('/phone-code/check', { phone, code });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ code: 'PHONE_CODE_EXPIRED', detail: '验证码已过期或已使用，请重新获取' });
    const malformed = await post('/phone-code/check', { phone, code: '12ab' });
    expect(malformed.statusCode).toBe(400);
    expect(fieldsOf(malformed.json())).toEqual(['body.code']);
  });

  it('answers a stranger’s phone exactly as a known one, sends nothing, and no code matches it', async () => {
    const { owner, token } = await labelledAsset({ phone: freshPhone() });
    // Another customer's number is no better than an unknown one: only the asset's customer counts.
    const someoneElse = await customer(h, { phone: freshPhone() });
    const ip = freshIp();
    for (const phone of [freshPhone(), someoneElse.phones[0]!.phone]) {
      const asked = await anon()('POST', `/api/v1/public/qr/${token}/phone-code`, { phone }, { remoteAddress: ip });
      expect(asked.statusCode).toBe(202);
      expect(asked.json()).toEqual({ expiresInMinutes: 10 });
      const guess = await anon()('POST', `/api/v1/public/qr/${token}/phone-code/check`, { phone, code: '123456' }, { remoteAddress: ip });
      expect(guess.statusCode).toBe(422);
      expect(guess.json().code).toBe('PHONE_CODE_WRONG');
    }
    expect(await codesTo(owner)).toEqual([]);
    expect(await codesTo(someoneElse)).toEqual([]);
  });

  it('a code expires after its minutes, and after the tries allowed', async () => {
    const phone = freshPhone();
    const { owner, token } = await labelledAsset({ phone });
    const ip = freshIp();
    const ask = () => anon()('POST', `/api/v1/public/qr/${token}/phone-code`, { phone }, { remoteAddress: ip });
    const check = (code: string) => anon()('POST', `/api/v1/public/qr/${token}/phone-code/check`, { phone, code }, { remoteAddress: ip });

    await ask();
    const [first] = await codesTo(owner);
    h.clock.advance(10 * 60_000 + 1);
    expect((await check(first!)).json()).toMatchObject({ code: 'PHONE_CODE_EXPIRED' });

    await ask();
    const second = (await codesTo(owner)).find((c) => c !== first) ?? first!;
    const wrongCode = second === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) expect((await check(wrongCode)).statusCode).toBe(422);
    const fifth = await check(wrongCode);
    expect(fifth.statusCode).toBe(410);
    expect(fifth.json()).toMatchObject({ code: 'PHONE_CODE_EXPIRED', detail: '验证码输错次数过多，请重新获取' });
    expect((await check(second)).statusCode).toBe(410);
  });

  it('counts codes per phone (429), whatever the address', async () => {
    const phone = freshPhone();
    const { token } = await labelledAsset({ phone });
    for (let i = 0; i < 3; i++) expect((await anon()('POST', `/api/v1/public/qr/${token}/phone-code`, { phone }, { remoteAddress: freshIp() })).statusCode).toBe(202);
    const fourth = await anon()('POST', `/api/v1/public/qr/${token}/phone-code`, { phone }, { remoteAddress: freshIp(), headers: { 'accept-language': 'zh-CN' } });
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json()).toMatchObject({ code: 'RATE_LIMITED', detail: '获取验证码过于频繁，请稍后再试' });
    expect((await anon()('POST', '/api/v1/public/qr/AAAAAAAAAAAAAAAAAAAAAAAA/phone-code', { phone }, { remoteAddress: freshIp() })).statusCode).toBe(404);
  });
});

describe('the tracking page and rating', () => {
  async function reported() {
    const made = await labelledAsset();
    const sent = (await anon()('POST', `/api/v1/public/qr/${made.token}`, report(), { remoteAddress: freshIp() })).json();
    const [ticket] = await ticketsOfAsset(made.unit.id);
    return { ...made, trackToken: (sent.trackingPath as string).slice(3), ticketId: ticket!.id };
  }

  async function complete(ticketId: string, technicianId: string) {
    let t = await h.services.tickets.getTicket(h.admin, ticketId);
    for (const input of [{ action: 'accept' }, { action: 'dispatch', technicianId }, { action: 'start' }, { action: 'complete' }] as const) {
      t = await h.services.tickets.transition(h.admin, ticketId, t.version, input as never);
    }
    return t;
  }

  it('shows the timeline in plain steps, the technician with a masked phone, no personal data', async () => {
    const { trackToken, ticketId } = await reported();
    const tech = await technician(h, { name: '王师傅' });
    await complete(ticketId, tech.id);
    const page = await anon()('GET', `/api/v1/public/track/${trackToken}`, undefined, { remoteAddress: freshIp() });
    expect(page.statusCode, page.body).toBe(200);
    const view = page.json();
    expect(view.timeline.map((s: { step: string }) => s.step)).toEqual(['created', 'accepted', 'dispatched', 'in_progress', 'completed']);
    expect(view).toMatchObject({ status: 'completed', technician: { name: '王师傅' }, canRate: true, rating: null, hotline: '400-800-1234', serialMasked: '******0123' });
    expect(page.body).not.toContain('13912345678');
    expect(page.body).not.toContain('林女士');
    expect(page.body).not.toContain('WH2024000123');
  });

  it('D1: a rating of 2 is stored once per ticket and opens a follow-up task for the supervisor', async () => {
    const { trackToken, ticketId } = await reported();
    const ip = freshIp();
    const early = await anon()('POST', `/api/v1/public/track/${trackToken}/rating`, { score: 4 }, { remoteAddress: ip });
    expect(early.statusCode).toBe(409);
    await complete(ticketId, (await technician(h)).id);
    expect((await anon()('POST', `/api/v1/public/track/${trackToken}/rating`, { score: 6 }, { remoteAddress: ip })).statusCode).toBe(400);
    const rated = await anon()('POST', `/api/v1/public/track/${trackToken}/rating`, { score: 2, comment: '师傅迟到了两个小时' }, { remoteAddress: ip });
    expect(rated.statusCode, rated.body).toBe(200);
    expect(rated.json().rating).toMatchObject({ score: 2, comment: '师傅迟到了两个小时' });

    const supervisor = caller(h.app, await h.tokenFor('supervisor'));
    const tasks = (await supervisor('GET', '/api/v1/follow-up-tasks?kind=low_rating')).json().items as { kind: string; ticket: { id: string } | null; note: string }[];
    const task = tasks.find((t) => t.ticket?.id === ticketId);
    expect(task).toMatchObject({ kind: 'low_rating', note: '2/5：师傅迟到了两个小时' });
    expect((await outboxOf(h, 'rating.low')).some((m) => m.recipient === 'role:supervisor' && (m.payload as { ticketId: string }).ticketId === ticketId)).toBe(true);

    // Changed before close: still one rating, still one open task.
    await anon()('POST', `/api/v1/public/track/${trackToken}/rating`, { score: 1 }, { remoteAddress: ip });
    const stored = (await staff('GET', `/api/v1/tickets/${ticketId}/rating`)).json().rating;
    expect(stored).toMatchObject({ score: 1 });
    const again = (await supervisor('GET', '/api/v1/follow-up-tasks?kind=low_rating')).json().items as { ticket: { id: string } | null }[];
    expect(again.filter((t) => t.ticket?.id === ticketId)).toHaveLength(1);
  });

  it('E11: a good rating opens no task, and staff read it on the ticket', async () => {
    const { trackToken, ticketId } = await reported();
    await complete(ticketId, (await technician(h)).id);
    await anon()('POST', `/api/v1/public/track/${trackToken}/rating`, { score: 5 }, { remoteAddress: freshIp() });
    expect((await staff('GET', `/api/v1/tickets/${ticketId}/rating`)).json().rating).toMatchObject({ score: 5, followUpTaskId: null });
  });

  it('shows the planned visit’s date and window until the work is done', async () => {
    const { trackToken, ticketId } = await reported();
    const tech = await technician(h, { name: '赵师傅' });
    let t = await h.services.tickets.getTicket(h.admin, ticketId);
    t = await h.services.tickets.transition(h.admin, ticketId, t.version, { action: 'accept' } as never);
    const start = new Date(h.clock().getTime() + DAY);
    const end = new Date(start.getTime() + 2 * 3_600_000);
    await h.services.dispatch.assign(h.admin, t.version, { ticketId, technicianId: tech.id, crewIds: [], plannedStart: start.toISOString(), plannedEnd: end.toISOString() } as never);
    const view = (await anon()('GET', `/api/v1/public/track/${trackToken}`, undefined, { remoteAddress: freshIp() })).json();
    expect(view.appointment).toEqual({ at: start.toISOString(), end: end.toISOString(), kind: 'visit' });
    expect(view.technician).toMatchObject({ name: '赵师傅' });
    expect(view.quote).toBeNull();
    // Done: nothing more to wait for.
    t = await h.services.tickets.getTicket(h.admin, ticketId);
    t = await h.services.tickets.transition(h.admin, ticketId, t.version, { action: 'start' } as never);
    await h.services.tickets.transition(h.admin, ticketId, t.version, { action: 'complete' } as never);
    expect((await anon()('GET', `/api/v1/public/track/${trackToken}`, undefined, { remoteAddress: freshIp() })).json().appointment).toBeNull();
  });

  it('shows the booked appointment’s window when the ticket was made from one and no visit is planned', async () => {
    const { owner, trackToken, ticketId } = await reported();
    const day = new Date(h.clock().getTime() + 2 * DAY).toISOString().slice(0, 10);
    const slot = await h.services.appointments.createSlot(h.admin, { day, start: '14:00', end: '16:00', capacity: 2 } as never);
    const booked = await h.services.appointments.book(h.admin, { slotId: slot.id, customerId: owner.id, requests: ['检修'], channel: 'phone' });
    await h.services.appointments.linkTicket(h.admin, booked.id, ticketId);
    const view = (await anon()('GET', `/api/v1/public/track/${trackToken}`, undefined, { remoteAddress: freshIp() })).json();
    expect(view.appointment).toEqual({ at: new Date(slot.startsAt).toISOString(), end: new Date(slot.endsAt).toISOString(), kind: 'booked' });
  });

  it('shows the quote awaiting the customer, who approves it with a signature or declines it through the tracking link', async () => {
    const { trackToken, ticketId } = await reported();
    const ip = freshIp();
    const quoteLines = [{ kind: 'other', description: '更换点火针', quantity: 1, unitPriceFen: 120_00 }];
    const made = await staff('POST', `/api/v1/tickets/${ticketId}/quotes`, { lines: quoteLines, requiresApproval: true });
    expect(made.statusCode, made.body).toBe(201);
    const quoteId = made.json().id as string;

    const page = (await anon()('GET', `/api/v1/public/track/${trackToken}`, undefined, { remoteAddress: ip })).json();
    expect(page.quote).toMatchObject({ id: quoteId, version: 1, status: 'open', totalFen: 120_00, lines: [{ description: '更换点火针', amountFen: 120_00 }] });

    const decide = (body: unknown) => anon()('POST', `/api/v1/public/track/${trackToken}/quote-decision`, body, { remoteAddress: ip, headers: { 'accept-language': 'zh-CN' } });
    const unsigned = await decide({ quoteId, decision: 'approved' });
    expect(unsigned.statusCode).toBe(400);
    expect(fieldsOf(unsigned.json())).toEqual(['body.signature']);
    // A quote of another ticket is not this link's to decide.
    const other = await reported();
    const theirs = (await staff('POST', `/api/v1/tickets/${other.ticketId}/quotes`, { lines: quoteLines })).json().id as string;
    expect((await decide({ quoteId: theirs, decision: 'declined' })).statusCode).toBe(404);

    const approved = await decide({ quoteId, decision: 'approved', signature: { signerName: '林女士', png: `data:image/png;base64,${PNG.toString('base64')}` } });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().quote).toMatchObject({ id: quoteId, status: 'approved' });
    const quote = (await staff('GET', `/api/v1/quotes/${quoteId}`)).json();
    expect(quote).toMatchObject({ status: 'approved', signature: { signerName: '林女士' } });
    const events = await h.services.tickets.findEvents(h.admin, ticketId);
    expect(events.filter((e) => e.type === 'quote').map((e) => e.details)).toContainEqual(expect.objectContaining({ kind: 'decided', decision: 'approved', via: 'link' }));

    const twice = await decide({ quoteId, decision: 'declined' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('QUOTE_DECIDED');

    // The other ticket's customer declines theirs from their own page.
    const declined = await anon()('POST', `/api/v1/public/track/${other.trackToken}/quote-decision`, { quoteId: theirs, decision: 'declined' }, { remoteAddress: freshIp() });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().quote).toMatchObject({ status: 'declined' });
  });

  it('staff make a tracking link for any ticket they see; it is sent to the customer', async () => {
    const owner = await customer(h);
    const { ticket } = await h.services.tickets.createTicket(h.admin, { customerId: owner.id, channel: 'phone', description: '空调不制冷' });
    const made = await staff('POST', `/api/v1/tickets/${ticket.id}/tracking-link`);
    expect(made.statusCode, made.body).toBe(201);
    const view = await anon()('GET', `/api/v1/public/track/${(made.json().path as string).slice(3)}`, undefined, { remoteAddress: freshIp() });
    expect(view.json()).toMatchObject({ ticketNumber: ticket.number, status: 'reported', product: null, timeline: [{ step: 'created' }] });
    expect((await outboxOf(h, 'ticket.tracking_link')).some((m) => m.recipient === `customer:${owner.id}`)).toBe(true);
  });
  it('an expired link answers 410 with the hotline; an unknown one 404', async () => {
    const { trackToken } = await reported();
    h.clock.advance(31 * DAY);
    const expired = await anon()('GET', `/api/v1/public/track/${trackToken}`, undefined, { remoteAddress: freshIp(), headers: { 'accept-language': 'zh-CN' } });
    expect(expired.statusCode).toBe(410);
    expect(expired.headers['content-type']).toContain('application/problem+json');
    expect(expired.json().detail).toContain('400-800-1234');
    expect((await anon()('POST', `/api/v1/public/track/${trackToken}/rating`, { score: 5 }, { remoteAddress: freshIp() })).statusCode).toBe(410);
    expect((await anon()('GET', `/api/v1/public/track/${'B'.repeat(43)}`, undefined, { remoteAddress: freshIp() })).statusCode).toBe(404);
  });

});
