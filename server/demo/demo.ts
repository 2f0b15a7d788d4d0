import { Readable } from 'node:stream';
import { createAssetBody, type CreateAssetBody } from '../../shared/contracts/assets';
import { createCustomerBody, type AddressInput, type CreateCustomerBody } from '../../shared/contracts/customers';
import { createUserBody } from '../../shared/contracts/identity';
import { createTicketBody, transitionBody, type CreateTicketBody, type TicketView, type TransitionBody } from '../../shared/contracts/tickets';
import type { AssetKind, CustomerKind, HoldReason, Priority, TicketStatus, TicketType } from '../../shared/domain';
import { addDays, localDate } from '../../shared/time';
import { mayLead } from '../../shared/dispatch';
import { FUEL_LEVELS } from '../../shared/workshop';
import { enumLabel, t } from '../../shared/i18n';
import { AppError } from '../errors';
import { makePng } from '../png';
import type { Actor } from '../modules/identity';
import type { PastStep } from '../modules/tickets';
import { workshopApplies } from '../modules/workshop';
import type { Services } from '../services';
import * as cat from './catalogue';
import type { Estate, Fault, FaultGroup, Industry, ProductSpec } from './catalogue';
import { lineOutput, type DemoOutput } from './output';
import { mixSeed, Random } from './random';
import { dailyHours, fitBefore, loadTargets, Plan, reportInstant, type Step, type Targets, type WorkHours } from './timeline';

/**
 * Demo data for every organisation of the requirements' seed: staff, products, customers with
 * their assets, and tickets walked through their lifecycle. Everything goes through the
 * services, so every rule, search index and event is the one real use produces.
 */

type Person = { id: string; name: string };

interface DemoAsset {
  id: string;
  spec: ProductSpec;
  /** Days between the start of the asset's warranty (its owner's first day with it) and now. */
  sinceDays: number;
}

interface DemoCustomer {
  id: string;
  industry: Industry;
  kind: CustomerKind;
  cityIndex: number;
  addressId: string | null;
  contact: { name: string; phone: string } | null;
  unit: { estate: Estate; building: string; unit: string; room: string } | null;
  assets: DemoAsset[];
}

/** `reopened`: rework under way; `reworked`: reopened, done again and closed. */
type Outcome = 'reported' | 'accepted' | 'dispatched' | 'in_progress' | 'on_hold' | 'completed' | 'closed' | 'closed_phone' | 'cancelled' | 'reopened' | 'reworked';

/** Customers, or the assets of customers, drawn before they are written together. */
const ROWS_PER_BATCH = 100;

/** Tickets walked before their clocks are worked out together. */
const TICKETS_PER_BATCH = 50;

/** Installation, delivery and first-service tickets are for assets younger than this. */
const NEW_ASSET_DAYS = 120;

const CUSTOMER_INDUSTRIES: readonly (readonly [Industry, number])[] = [
  ['appliance', 24],
  ['property', 20],
  ['vehicle', 16],
  ['watch', 12],
  ['equipment', 10],
  ['machinery', 9],
  ['rma', 9],
];

/**
 * Today's tickets are mostly open, this week's partly; this month's are done but for a long
 * wait for parts, a confirmation still to come or rework; older ones are all finished.
 */
const OUTCOMES_BY_AGE: readonly (readonly [number, readonly (readonly [Outcome, number])[]])[] = [
  [2, [['reported', 25], ['accepted', 15], ['dispatched', 20], ['in_progress', 15], ['on_hold', 5], ['completed', 8], ['closed', 5], ['closed_phone', 5], ['cancelled', 2]]],
  [7, [['reported', 1], ['accepted', 3], ['dispatched', 6], ['in_progress', 10], ['on_hold', 10], ['completed', 12], ['closed', 42], ['closed_phone', 6], ['cancelled', 5], ['reopened', 3], ['reworked', 2]]],
  [30, [['on_hold', 2], ['completed', 2], ['closed', 73], ['closed_phone', 7], ['cancelled', 6], ['reopened', 4], ['reworked', 6]]],
  [Infinity, [['closed', 80], ['closed_phone', 7], ['cancelled', 6], ['reworked', 7]]],
];

const MOBILE_PREFIXES = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '180', '181', '182', '183', '185', '186', '187', '188', '189'];
const VIN_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const UPPER_DIGITS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

/**
 * `setClock` sets the clock the services stamp with. Given, every step of a ticket happens at
 * its simulated instant, so that the SLA clocks, the breach queue and the attainment report
 * have a history to measure; without it, everything happens now.
 */
export async function generateDemo(
  services: Services,
  actor: Actor,
  options: { customers: number; tickets: number; seed: number },
  output: DemoOutput | ((line: string) => void),
  setClock: (at: Date) => void = () => {},
): Promise<string> {
  const out = typeof output === 'function' ? lineOutput(output) : output;
  try {
    return await generate(services, actor, options, out, setClock);
  } finally {
    out.end();
  }
}

async function generate(services: Services, actor: Actor, options: { customers: number; tickets: number; seed: number }, out: DemoOutput, setClock: (at: Date) => void): Promise<string> {
  const started = Date.now();
  const { locale } = out;
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isInteger(value) || value < 0) throw new Error(t(locale, 'cli.demo.badNumber', { name, value: String(value) }));
  }
  if (options.tickets > 0 && options.customers === 0) throw new Error(t(locale, 'cli.demo.needCustomers'));

  const org = await services.identity.getOrganisation(actor.orgId);
  const before = await services.customers.findCustomers(actor, { limit: 1, offset: 0 });
  // A second run into the same database draws a different stream, so it adds new people
  // instead of repeating the first run's names, phones and serial numbers.
  const rng = new Random(mixSeed(options.seed, before.total));
  const phones = new PhoneBook(rng, before.total > 0 ? (phone) => services.customers.findCustomers(actor, { phone, limit: 1, offset: 0 }).then((r) => r.total > 0) : null);
  // A flat has one owner: its unit code is the property asset's serial number.
  const unitTaken =
    before.total > 0 ? (serialNumber: string) => services.assets.findAssets(actor, { serialNumber, limit: 1, offset: 0 }).then((r) => r.total > 0) : async () => false;

  const staff = await ensureStaff(services, actor);
  const productIds = await ensureProducts(services, actor);
  out.note(t(locale, 'cli.demo.staff', { total: staff.total, created: staff.created, products: productIds.size }));
  if (staff.pools.all.length === 0) out.note(t(locale, 'cli.demo.noTechnician'));

  // ─── Customers ─────────────────────────────────────────────────────────────
  const customers: DemoCustomer[] = [];
  const takenUnits = new Set<string>();
  const companyNames = new Set<string>();
  const elapsed = () => Date.now() - started;
  // Drawn one by one (a name, a phone no one has), written a hundred at a time.
  for (let from = 0; from < options.customers; from += ROWS_PER_BATCH) {
    const drawn: DrawnCustomer[] = [];
    for (let i = from; i < Math.min(options.customers, from + ROWS_PER_BATCH); i++) drawn.push(await drawCustomer(rng, phones, takenUnits, unitTaken, companyNames));
    const made = await services.customers.createCustomers(
      actor,
      drawn.map((d) => ({ customer: d.body, contacts: d.contact ? [d.contact] : [] })),
    );
    for (const [i, d] of drawn.entries()) customers.push({ ...d.customer, id: made[i]!.id, addressId: made[i]!.addressId });
    out.progress('customers', customers.length, options.customers, elapsed());
  }

  // The services stamp with their own clock, which may not be this process's: the first
  // ticket, reported now, tells what "now" is, so that no report lies in the future.
  let anchorTicket: TicketView | undefined;
  let now = new Date();
  if (options.tickets > 0) {
    const first = customers[0]!;
    const body: CreateTicketBody = createTicketBody.parse({ customerId: first.id, channel: 'phone', type: 'consultation', description: rng.pick(cat.CONSULTATIONS) });
    anchorTicket = (await services.tickets.createTicket(actor, body)).ticket;
    now = anchorTicket.reportedAt;
  }
  const today = localDate(now, org.timeZone);

  // ─── Assets ────────────────────────────────────────────────────────────────
  let assetCount = 0;
  for (let from = 0; from < customers.length; from += ROWS_PER_BATCH) {
    const drawn: { customer: DemoCustomer; asset: DrawnAsset }[] = [];
    for (const customer of customers.slice(from, from + ROWS_PER_BATCH)) {
      for (const spec of assetSpecsFor(rng, customer)) drawn.push({ customer, asset: drawAsset(rng, customer, spec, productIds, today) });
    }
    const ids = await services.assets.createAssets(actor, drawn.map((d) => d.asset.body));
    for (const [i, { customer, asset }] of drawn.entries()) customer.assets.push({ id: ids[i]!, spec: asset.spec, sinceDays: asset.sinceDays });
    assetCount += drawn.length;
    out.progress('assets', Math.min(customers.length, from + ROWS_PER_BATCH), customers.length, elapsed());
  }

  // ─── Tickets ───────────────────────────────────────────────────────────────
  const statusCounts = new Map<TicketStatus, number>();
  const hours: WorkHours = {
    field: dailyHours(org.timeZone, 8 * 60, 20 * 60),
    office: (await services.calendars.businessCalendar(actor.orgId, null)) ?? dailyHours(org.timeZone, 9 * 60, 18 * 60),
  };
  const [supervisor] = (await services.identity.findUsers(actor, { role: 'supervisor', active: true, limit: 1, offset: 0 })).items;
  const walker = new Walker(services, actor, rng, staff.pools, {
    approver: supervisor ? { ...actor, userId: supervisor.id, username: supervisor.username, name: supervisor.name, role: 'supervisor' } : null,
    targetsOf: await loadTargets(services, actor),
    hours,
    now: now.getTime(),
    seed: mixSeed(options.seed, before.total, 0x7153),
    setClock,
  });
  try {
    // The clocks of each stretch of tickets are worked out once, from their whole histories,
    // not again after every step; nothing reads them before the final scan.
    for (let from = 0; from < options.tickets; from += TICKETS_PER_BATCH) {
      await services.sla.deferClocks(async () => {
        for (let i = from; i < Math.min(options.tickets, from + TICKETS_PER_BATCH); i++) {
          const status =
            i === 0 && anchorTicket ? await walker.walkConsultation(anchorTicket, true) : await createAndWalkTicket(services, actor, rng, walker, customers, now, org.timeZone, setClock);
          statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
          out.progress('tickets', i + 1, options.tickets, elapsed());
        }
      });
    }
  } finally {
    if (anchorTicket) setClock(now);
  }

  // Breaches in the simulated past get their alerts and escalations now, as a scanner catching up would give them.
  let alerts = 0;
  for (let fired = await services.sla.scanOnce(); fired > 0; fired = await services.sla.scanOnce()) alerts += fired;
  const seconds = () => (elapsed() / 1000).toFixed(1);
  if (options.tickets > 0) out.note(t(locale, 'cli.demo.alerts', { alerts, seconds: seconds() }));

  const byStatus = [...statusCounts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([s, n]) => `${enumLabel(locale, 'status', s)} ${n}`)
    .join(locale === 'zh-CN' ? '，' : ', ');
  return t(locale, 'cli.demo.summary', {
    seconds: seconds(),
    seed: options.seed,
    staff: staff.total,
    created: staff.created,
    password: cat.DEMO_PASSWORD,
    products: productIds.size,
    customers: customers.length,
    assets: assetCount,
    tickets: options.tickets,
    byStatus: byStatus ? t(locale, 'cli.demo.byStatus', { list: byStatus }) : '',
    alerts,
  });
}

// ─── Staff and products ──────────────────────────────────────────────────────

/** A technician the demo dispatches to; trainees go along as crew only (M1). */
type Technician = Person & { mayLead: boolean };

interface StaffPools {
  byIndustry: Map<Industry, Technician[]>;
  all: Technician[];
}

async function ensureStaff(services: Services, actor: Actor) {
  const existing = new Map((await services.identity.findUsers(actor, { limit: 10_000, offset: 0 })).items.map((u) => [u.username, u]));
  const pools: StaffPools = { byIndustry: new Map(), all: [] };
  let created = 0;
  for (const [i, spec] of cat.STAFF.entries()) {
    let user = existing.get(spec.username);
    if (!user) {
      try {
        user = await services.identity.createUser(actor.orgId, {
          ...createUserBody.parse({
            username: spec.username,
            password: cat.DEMO_PASSWORD,
            name: spec.name,
            role: spec.role,
            phone: `1391760${String(i + 1).padStart(4, '0')}`,
            grade: spec.grade ?? null,
            employmentStatus: spec.employmentStatus ?? null,
          }),
          // The demo's teams are made by name on first use, as an administrator would make them.
          team: spec.team ?? null,
        });
        created += 1;
      } catch (error) {
        // Someone made the same username meanwhile: use theirs.
        if (!(error instanceof AppError && error.code === 'ALREADY_EXISTS')) throw error;
        user = (await services.identity.findUsers(actor, { q: spec.username, limit: 50, offset: 0 })).items.find((u) => u.username === spec.username);
        if (!user) throw error;
      }
    }
    // Staff made before teams existed join theirs; a team someone chose since is theirs to keep.
    if (spec.team && user.team == null) user = await services.identity.updateUser(actor, user.id, null, { team: spec.team });
    // Only active technicians can take a dispatch; a reused username may now be something else.
    if (spec.industry && user.active && user.role === 'technician') {
      const person = { id: user.id, name: user.name, mayLead: mayLead(user.employmentStatus) };
      pools.all.push(person);
      pools.byIndustry.set(spec.industry, [...(pools.byIndustry.get(spec.industry) ?? []), person]);
    }
  }
  return { pools, created, total: cat.STAFF.length };
}

async function ensureProducts(services: Services, actor: Actor): Promise<Map<ProductSpec, string>> {
  const key = (p: { brand: string | null; name: string; model: string | null }) => `${p.brand ?? ''}|${p.name}|${p.model ?? ''}`;
  const existing = new Map((await services.assets.findProducts(actor)).map((p) => [key(p), p.id]));
  const ids = new Map<ProductSpec, string>();
  for (const spec of cat.PRODUCTS) {
    let id = existing.get(key(spec));
    if (!id) {
      id = (
        await services.assets.createProduct(actor, {
          name: spec.name,
          brand: spec.brand,
          model: spec.model,
          category: spec.category,
          kind: spec.kind,
          warrantyMonths: spec.warrantyMonths,
          warrantyBasis: spec.warrantyBasis,
        })
      ).id;
    }
    ids.set(spec, id);
  }
  return ids;
}

// ─── Customers ───────────────────────────────────────────────────────────────

/** Hands out phone numbers no demo customer has yet. */
class PhoneBook {
  private readonly used = new Set<string>();

  constructor(
    private readonly rng: Random,
    /** Set when the database already has customers, whose numbers must not be reused. */
    private readonly takenInDatabase: ((phone: string) => Promise<boolean>) | null,
  ) {}

  async mobile(): Promise<string> {
    for (;;) {
      const phone = this.rng.pick(MOBILE_PREFIXES) + this.rng.digits(8);
      if (await this.claim(phone)) return phone;
    }
  }

  /** A landline as people write it (`021-68881234`). */
  async landline(city: cat.City): Promise<string> {
    for (;;) {
      const length = city.areaCode.length === 3 ? 8 : this.rng.chance(0.7) ? 8 : 7;
      const local = String(this.rng.int(2, 8)) + this.rng.digits(length - 1);
      if (await this.claim(city.areaCode + local)) return `${city.areaCode}-${local}`;
    }
  }

  private async claim(digits: string): Promise<boolean> {
    if (this.used.has(digits)) return false;
    this.used.add(digits);
    return !(this.takenInDatabase && (await this.takenInDatabase(digits)));
  }
}

function personName(rng: Random): string {
  const male = rng.chance(0.5);
  const given = rng.chance(0.6) ? (male ? cat.GIVEN_MALE_DOUBLE : cat.GIVEN_FEMALE_DOUBLE) : male ? cat.GIVEN_MALE : cat.GIVEN_FEMALE;
  return rng.weighted(cat.SURNAMES) + rng.pick(given);
}

function email(rng: Random): string {
  if (rng.chance(0.5)) return `${rng.int(1, 9)}${rng.digits(rng.int(7, 9))}@qq.com`;
  return `${rng.fromAlphabet('abcdefghijklmnopqrstuvwxyz', rng.int(4, 8))}${rng.digits(rng.int(0, 4))}@${rng.pick(['163.com', '126.com', 'sina.com', 'foxmail.com'])}`;
}

function kindFor(rng: Random, industry: Industry): CustomerKind {
  switch (industry) {
    case 'equipment':
      return 'company';
    case 'machinery':
      // Many excavators belong to their operator (个体机主), not to a firm.
      return rng.chance(0.8) ? 'company' : 'person';
    case 'rma':
      return rng.chance(0.55) ? 'company' : 'person';
    case 'vehicle':
      return rng.chance(0.08) ? 'company' : 'person';
    default:
      return 'person';
  }
}

/** A customer drawn but not yet written: its body, its contact, and what the demo keeps of it. */
interface DrawnCustomer {
  body: CreateCustomerBody;
  contact: { name: string; phone: string; title: string } | null;
  customer: Omit<DemoCustomer, 'id' | 'addressId'>;
}

async function drawCustomer(
  rng: Random,
  phones: PhoneBook,
  takenUnits: Set<string>,
  unitTaken: (serialNumber: string) => Promise<boolean>,
  companyNames: Set<string>,
): Promise<DrawnCustomer> {
  const industry = rng.weighted(CUSTOMER_INDUSTRIES);
  const kind = kindFor(rng, industry);
  let cityIndex = rng.int(0, cat.CITIES.length - 1);
  let unit: DemoCustomer['unit'] = null;
  let address: AddressInput;
  let name: string;
  let contact: { name: string; phone: string; title: string } | null = null;
  const extraPhones: { phone: string; label: string }[] = [];

  if (industry === 'property') {
    const estate = rng.pick(cat.ESTATES);
    const pickUnit = () => {
      const building = String(rng.int(1, estate.buildings));
      const unitNo = String(rng.int(1, estate.units));
      const room = `${rng.int(2, estate.floors)}${String(rng.int(1, 4)).padStart(2, '0')}`;
      return { building, unitNo, room, key: `${estate.code}-${building}-${unitNo}-${room}` };
    };
    let picked = pickUnit();
    for (;;) {
      if (!takenUnits.has(picked.key)) {
        takenUnits.add(picked.key);
        if (!(await unitTaken(picked.key))) break;
      }
      picked = pickUnit();
    }
    const { building, unitNo, room } = picked;
    cityIndex = estate.cityIndex;
    const city = cat.CITIES[cityIndex]!;
    unit = { estate, building, unit: unitNo, room };
    address = { label: '房产', province: city.province, city: city.city, district: estate.district, line: estate.line, estate: estate.name, building, unit: unitNo, room };
    name = personName(rng);
  } else {
    const city = cat.CITIES[cityIndex]!;
    const district = rng.pick(city.districts);
    const street = `${rng.pick(district.streets)}${rng.int(1, 999)}号`;
    if (kind === 'company') {
      const group = industry as 'machinery' | 'equipment' | 'rma' | 'vehicle';
      do name = `${city.short}${rng.pick(cat.COMPANY_WORDS)}${rng.pick(cat.COMPANY_SUFFIXES[group])}`;
      while (companyNames.has(name) && companyNames.size < 5000);
      companyNames.add(name);
      const line = group === 'equipment' || group === 'machinery' ? street : `${street}${rng.pick(cat.OFFICE_BUILDINGS)}${rng.int(2, 30)}层`;
      address = { label: '单位', province: city.province, city: city.city, district: district.name, line };
      contact = { name: personName(rng), phone: await phones.mobile(), title: rng.pick(cat.CONTACT_TITLES[group]) };
      if (rng.chance(0.5)) extraPhones.push({ phone: await phones.landline(city), label: '总机' });
    } else {
      const line = `${street}${rng.pick(cat.COMPOUNDS)}${rng.int(1, 30)}号楼${rng.int(1, 6)}单元${rng.int(1, 25)}${String(rng.int(1, 4)).padStart(2, '0')}室`;
      address = { label: '家', province: city.province, city: city.city, district: district.name, line };
      name = personName(rng);
      if (rng.chance(0.15)) extraPhones.push(rng.chance(0.5) ? { phone: await phones.landline(city), label: '家庭' } : { phone: await phones.mobile(), label: '备用' });
    }
  }

  const body = createCustomerBody.parse({
    name,
    phone: await phones.mobile(),
    address,
    kind,
    ...(rng.chance(kind === 'company' ? 0.5 : 0.25) ? { email: email(rng) } : {}),
    ...(rng.chance(0.1) ? { notes: rng.pick(cat.CUSTOMER_NOTES) } : {}),
    ...(extraPhones.length ? { phones: extraPhones } : {}),
  });
  return { body, contact, customer: { industry, kind, cityIndex, contact, unit, assets: [] } };
}

// ─── Assets ──────────────────────────────────────────────────────────────────

const specsOf = (industry: Industry, pred: (p: ProductSpec) => boolean = () => true) => cat.PRODUCTS.filter((p) => p.industry === industry && pred(p));

function assetSpecsFor(rng: Random, customer: DemoCustomer): ProductSpec[] {
  const { industry } = customer;
  const first = industry === 'property' ? specsOf('property', (p) => p.estate === customer.unit!.estate.name)[0]! : rng.pick(specsOf(industry));
  const specs = [first];
  if (customer.kind === 'company' ? rng.chance(0.5) : rng.chance(industry === 'property' ? 0.35 : 0.25)) {
    // A second asset: a firm's further machine or system, a household's appliance.
    const second =
      customer.kind === 'company' ? rng.pick(specsOf(industry)) : industry === 'appliance' || industry === 'property' ? rng.pick(specsOf('appliance')) : rng.pick(specsOf(rng.chance(0.5) ? industry : 'appliance'));
    specs.push(second);
  }
  return specs;
}

/** A VIN with its check digit (position 9) computed as ISO 3779 / GB 16735 require. */
function vin(rng: Random, wmi: string, purchasedOn: string): string {
  const yearCodes: Record<string, string> = { '2019': 'K', '2020': 'L', '2021': 'M', '2022': 'N', '2023': 'P', '2024': 'R', '2025': 'S', '2026': 'T', '2027': 'V' };
  const chars = (wmi + rng.fromAlphabet(VIN_ALPHABET, 5) + '0' + (yearCodes[purchasedOn.slice(0, 4)] ?? 'T') + rng.fromAlphabet(VIN_ALPHABET, 1) + rng.digits(6)).split('');
  const values: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  const sum = chars.reduce((acc, c, i) => acc + (/\d/.test(c) ? Number(c) : values[c]!) * weights[i]!, 0);
  const check = sum % 11;
  chars[8] = check === 10 ? 'X' : String(check);
  return chars.join('');
}

function plate(rng: Random, city: cat.City, electric: boolean): string {
  const prefix = rng.pick(city.plates);
  const body = electric ? `D${rng.digits(5)}` : rng.chance(0.3) ? rng.fromAlphabet('ABCDEFGHJKLMNPQRSTUVWXYZ', 1) + rng.digits(4) : rng.digits(5);
  // People write plates both ways; search treats them as one.
  return rng.chance(0.5) ? `${prefix}·${body}` : `${prefix}${body}`;
}

function commissioningParameters(rng: Random, group: FaultGroup): Record<string, string> {
  switch (group) {
    case 'cctv':
      return { 通道数: `${rng.pick([16, 32, 64])}路`, 分辨率: rng.pick(['4MP', '8MP']), 编码: 'H.265', 录像保存: `${rng.pick([30, 60, 90])}天` };
    case 'access':
      return { 开门延时: `${rng.int(3, 8)}秒`, 通讯方式: 'TCP/IP', 识别方式: rng.pick(['IC卡', 'IC卡 + 人脸', '人脸 + 二维码']) };
    default:
      return { 输出电压: '380V/220V', 后备时间: `${rng.pick([15, 30, 60])}分钟`, 电池组: `${rng.pick([32, 40])}节 12V ${rng.pick([65, 100])}Ah` };
  }
}

/** An asset drawn but not yet written. */
interface DrawnAsset {
  body: CreateAssetBody;
  spec: ProductSpec;
  sinceDays: number;
}

function drawAsset(rng: Random, customer: DemoCustomer, spec: ProductSpec, productIds: Map<ProductSpec, string>, today: string): DrawnAsset {
  const ago = (days: number) => addDays(today, -days);
  const city = cat.CITIES[customer.cityIndex]!;
  // Ownership spread over five years, so some are in warranty and some long out of it, and a
  // few bought lately, which installation and delivery tickets need.
  const newest = spec.industry === 'equipment' ? 60 : 20;
  const purchasedAgo =
    spec.industry === 'property' ? customer.unit!.estate.handedOverDaysAgo + rng.int(90, 500) : rng.int(newest, rng.chance(0.1) ? NEW_ASSET_DAYS + 30 : 1825);
  let sinceDays = purchasedAgo;
  let serialNumber: string;
  let attributes: Record<string, unknown>;
  const dates: { purchasedOn: string; installedOn?: string; acceptedOn?: string } = { purchasedOn: ago(purchasedAgo) };

  switch (spec.industry) {
    case 'watch':
      serialNumber = spec.brand.startsWith('名士') ? rng.digits(7) : `${rng.int(1, 9)}${rng.digits(6)}`;
      attributes = { ...spec.watch!, reference: spec.model };
      break;
    case 'machinery': {
      const installedAgo = purchasedAgo - rng.int(1, 10);
      dates.installedOn = ago(installedAgo);
      sinceDays = installedAgo;
      serialNumber = `${spec.serialPrefix}${dates.purchasedOn.slice(0, 4)}${rng.digits(5)}`;
      attributes = { manufacturer: spec.brand, engineHours: Math.round((installedAgo / 365) * rng.int(800, 2200)) };
      break;
    }
    case 'property': {
      const u = customer.unit!;
      const acceptedAgo = u.estate.handedOverDaysAgo - rng.int(0, 45);
      dates.acceptedOn = ago(acceptedAgo);
      sinceDays = acceptedAgo;
      serialNumber = `${u.estate.code}-${u.building}-${u.unit}-${u.room}`;
      attributes = { estate: u.estate.name, building: u.building, unit: u.unit, room: u.room, extra: { 交付标准: '精装修' } };
      break;
    }
    case 'equipment': {
      const installedAgo = purchasedAgo - rng.int(7, 15);
      const acceptedAgo = installedAgo - rng.int(3, 10);
      dates.installedOn = ago(installedAgo);
      dates.acceptedOn = ago(acceptedAgo);
      sinceDays = acceptedAgo;
      serialNumber = `${spec.serialPrefix}${dates.installedOn.replaceAll('-', '')}${rng.fromAlphabet(UPPER_DIGITS, 6)}`;
      attributes = {
        manufacturer: spec.brand,
        location: rng.pick(cat.EQUIPMENT_LOCATIONS),
        commissionedOn: ago(acceptedAgo + rng.int(1, 3)),
        commissioningParameters: commissioningParameters(rng, spec.faults),
      };
      break;
    }
    case 'rma':
      serialNumber = `${spec.serialPrefix}${rng.fromAlphabet(UPPER_DIGITS, 10)}`;
      attributes = { extra: { 发票号码: rng.digits(8), 购买渠道: rng.pick(['京东自营', '天猫旗舰店', '线下经销商', '企业集采']) } };
      break;
    case 'vehicle': {
      const electric = spec.vehicle!.electric === true;
      serialNumber = vin(rng, spec.vehicle!.wmi, dates.purchasedOn);
      attributes = {
        plate: plate(rng, city, electric),
        vin: serialNumber,
        mileageKm: Math.round((purchasedAgo / 365) * rng.int(8000, 22000)) + rng.int(10, 500),
        color: rng.pick(cat.VEHICLE_COLORS),
        engineNumber: electric ? `TZ220XS${rng.digits(7)}` : `${rng.fromAlphabet('CDEGJ', 1)}${rng.fromAlphabet('ABCDEFGHJKLMNPRSTUVWXYZ', 2)}${rng.digits(6)}`,
      };
      break;
    }
    case 'appliance':
      serialNumber = `${spec.serialPrefix}${rng.digits(11)}`;
      if (spec.faults !== 'washer') {
        const installedAgo = Math.max(1, purchasedAgo - rng.int(0, 5));
        dates.installedOn = ago(installedAgo);
      }
      attributes = { extra: { 安装位置: spec.faults === 'washer' ? rng.pick(['阳台', '卫生间']) : rng.pick(cat.APPLIANCE_ROOMS) } };
      break;
  }

  const body = createAssetBody.parse({
    customerId: customer.id,
    productId: productIds.get(spec),
    serialNumber,
    kind: spec.kind,
    warrantyBasis: spec.warrantyBasis,
    warrantyMonths: spec.warrantyMonths,
    ...dates,
    attributes,
  });
  return { body, spec, sinceDays };
}

// ─── Tickets ─────────────────────────────────────────────────────────────────

const ON_SITE: ReadonlySet<Industry> = new Set(['machinery', 'property', 'equipment', 'appliance']);

/**
 * When the report came in: mostly weeks to four months ago, some this week, some today, at an
 * hour people call. `ageDays` and every draw depend on the seed alone, not on the hour the
 * demo runs at, so one seed gives the same tickets in the same states whenever it runs.
 */
function reportTime(rng: Random, now: Date, timeZone: string, maxDays: number, emergency: boolean): { at: Date; ageDays: number } {
  const bucket = rng.next();
  const [from, to] = bucket < 0.12 ? [0, 2] : bucket < 0.27 ? [2, 7] : bucket < 0.5 ? [7, 30] : [30, 120];
  // Two days' margin keeps the report after the asset's start even when moved back a day.
  const upper = Math.max(0, Math.min(to, maxDays - 2));
  const lower = Math.min(from, upper);
  const ageDays = lower + rng.next() * (upper - lower);
  return { at: new Date(reportInstant(rng, now.getTime(), timeZone, ageDays, emergency)), ageDays };
}

function priorityFor(rng: Random, emergency: boolean): Priority {
  return emergency ? 'urgent' : rng.weighted([['low', 15], ['normal', 60], ['high', 20], ['urgent', 5]]);
}

function valueFor(rng: Random, industry: Industry, type: TicketType): number | undefined {
  if (type !== 'repair' && type !== 'rma' && type !== 'workshop') return undefined;
  if (industry === 'property') {
    if (!rng.chance(0.7)) return undefined;
    // R4: half under the ¥1000 line (24 h to arrive), half over it (36 h).
    return (rng.chance(0.5) ? rng.int(50, 1000) : rng.int(1001, 8000)) * 100;
  }
  if (!rng.chance(0.4)) return undefined;
  const [min, max] = cat.VALUE_RANGES[industry];
  return rng.int(min / 100, max / 100) * 100;
}

function noteFor(rng: Random, kind: CustomerKind, industry: Industry, type: TicketType): string {
  if (type !== 'repair' && type !== 'complaint') return '';
  const r = rng.next();
  if (r < 0.55) return '';
  if (r < 0.7) return rng.pick(cat.NOTES_ANY);
  if (!ON_SITE.has(industry)) return '';
  return rng.pick(kind === 'company' ? cat.NOTES_SITE : cat.NOTES_HOME);
}

async function createAndWalkTicket(
  services: Services,
  actor: Actor,
  rng: Random,
  walker: Walker,
  customers: DemoCustomer[],
  now: Date,
  timeZone: string,
  setClock: (at: Date) => void,
): Promise<TicketStatus> {
  const customer = rng.pick(customers);
  const asset = customer.assets.length > 0 && rng.chance(0.94) ? rng.pick(customer.assets) : null;
  const contact = customer.contact ? { contactName: customer.contact.name, contactPhone: customer.contact.phone } : {};
  if (!asset) {
    const { at, ageDays } = reportTime(rng, now, timeZone, 120, false);
    const body = createTicketBody.parse({ customerId: customer.id, channel: 'phone', type: 'consultation', description: rng.pick(cat.CONSULTATIONS), reportedAt: at.toISOString(), ...contact });
    setClock(at);
    const { ticket } = await services.tickets.createTicket(actor, body);
    return walker.walkConsultation(ticket, ageDays >= 1 || rng.chance(0.5));
  }

  const industry = asset.spec.industry;
  const complaint = rng.chance(0.03);
  const faults = cat.FAULTS[asset.spec.faults].filter((x) => !x.newOnly || asset.sinceDays <= NEW_ASSET_DAYS);
  const fault: Fault = complaint ? { text: '投诉：上次维修后问题复发，对服务态度不满意', type: 'complaint' } : rng.pick(faults);
  const type = fault.type ?? 'repair';
  const emergency = fault.emergency ?? false;
  // E1: damage caused by people is billed; it happens to things that can be dropped or cut.
  const humanDamage = type === 'repair' || type === 'rma' || type === 'workshop' ? (industry === 'appliance' || industry === 'rma' || industry === 'watch' || industry === 'equipment') && rng.chance(0.04) : false;
  const damageNote = industry === 'equipment' ? '线缆被施工挖断，属人为损坏。' : '客户自述不慎摔落。';
  const description = [`${fault.text}。`, humanDamage ? damageNote : '', noteFor(rng, customer.kind, industry, type)].join('');
  const { at, ageDays } = reportTime(rng, now, timeZone, asset.sinceDays, emergency);
  const estimatedValueFen = valueFor(rng, industry, type);
  const body = createTicketBody.parse({
    customerId: customer.id,
    assetId: asset.id,
    channel: rng.weighted(cat.CHANNELS_BY_INDUSTRY[industry]),
    description,
    type,
    priority: priorityFor(rng, emergency),
    emergency,
    humanDamage,
    reportedAt: at.toISOString(),
    ...(estimatedValueFen !== undefined ? { estimatedValueFen } : {}),
    ...(ON_SITE.has(industry) && customer.addressId ? { addressId: customer.addressId } : {}),
    ...contact,
  });
  setClock(at);
  const { ticket } = await services.tickets.createTicket(actor, body);
  const outcomes = OUTCOMES_BY_AGE.find(([maxAge]) => ageDays < maxAge)![1];
  return walker.walk(ticket, rng.weighted(outcomes), industry, asset.spec.faults);
}

/** The car workshop's flow is the workshop module's to decide; no need to ask it for a ticket it cannot apply to. */
const appliesTo = (t: TicketView) => workshopApplies({ type: t.type, assetKind: (t.asset?.kind as AssetKind | undefined) ?? null });

function pastStep(step: Step): PastStep {
  const at = new Date(step.at);
  switch (step.kind) {
    case 'go':
      return { at, kind: 'transition', input: transitionBody.parse(step.body) };
    case 'comment':
      return { at, kind: 'comment', body: step.body, internal: step.internal };
    case 'field':
      return { at, kind: 'field', type: step.type, note: step.note };
    case 'extend':
      return { at, kind: 'extend', metric: step.metric, reason: step.reason };
  }
}

/** The instants of an on-site job the technicians' hours are drawn from. */
interface WorkDay {
  arrived: number | null;
  started: number | null;
  completed: number | null;
}

const MINUTE_MS = 60_000;

interface Timing {
  /** Who approves the technicians' hours (a service supervisor), if the organisation has one. */
  approver: Actor | null;
  targetsOf: (ticket: TicketView) => Targets;
  hours: WorkHours;
  /** The real now, fixed when the demo began: nothing is planned after it. */
  now: number;
  /** Seeds each ticket's own stream of durations. */
  seed: number;
  setClock: (at: Date) => void;
}

/**
 * Takes a ticket along the lifecycle to where the demo wants it, as staff would: what happens
 * is drawn from the demo's stream, when it happens from the ticket's own (`Plan`), and every
 * step is taken with the clock at its instant.
 */
class Walker {
  private walked = 0;

  constructor(
    private readonly services: Services,
    private readonly actor: Actor,
    private readonly rng: Random,
    private readonly pools: StaffPools,
    private readonly timing: Timing,
  ) {}

  private plan(ticket: TicketView, industry: Industry | null): Plan {
    const durations = new Random(mixSeed(this.timing.seed, this.walked++));
    const onSite = industry !== null && ON_SITE.has(industry);
    return new Plan(durations, this.timing.targetsOf(ticket), this.timing.hours, ticket.reportedAt.getTime(), this.timing.now, { onSite, emergency: ticket.emergency });
  }

  private async run(ticket: TicketView, plan: Plan): Promise<TicketStatus> {
    const steps = fitBefore(plan.steps, plan.reportedAt, this.timing.now);
    // The ticket's steps are written together, each at its instant; only the steps of other
    // modules come between them: a car's check-in before it is accepted, its stages and QC
    // before it is completed, and the sign-offs (and a car's delivery) before a completed job
    // closes. The workshop's reopening of a car job takes the clock's time, so it goes first
    // in its own stretch, with the clock at its instant.
    const car = appliesTo(ticket);
    // C3: a paid mail-in repair starts only once its estimate is approved.
    const paid = ticket.type === 'rma' && (ticket.warranty === 'out' || ticket.humanDamage);
    let state = { status: ticket.status, version: ticket.version };
    // When the lead reached the site, began and finished: the day their hours come from.
    const day: WorkDay = { arrived: null, started: null, completed: null };
    let pending: PastStep[] = [];
    const flush = async () => {
      if (pending.length) state = await this.services.tickets.recordPastSteps(this.actor, ticket.id, pending);
      pending = [];
    };
    for (const step of steps) {
      const action = step.kind === 'go' ? step.body.action : null;
      if (step.kind === 'field' && step.type === 'arrived') day.arrived ??= step.at;
      if (action === 'start') day.started ??= step.at;
      if (action === 'complete') day.completed = step.at;
      const between = action === 'close' || (car && (action === 'accept' || action === 'complete' || action === 'reopen')) || (paid && action === 'start');
      if (between) {
        await flush();
        this.timing.setClock(new Date(step.at));
        if (car && action === 'accept') await this.checkIn(ticket);
        if (paid && action === 'start') await this.estimateApproved(ticket);
        if (car && action === 'complete') await this.passWorkshop(ticket);
        if (action === 'close' && state.status === 'completed') {
          await this.handOver(ticket);
          if (plan.onSite) await this.recordWork(ticket, day, step.at);
        }
      }
      pending.push(pastStep(step));
    }
    await flush();
    return state.status;
  }

  /** C3: the estimate of a paid mail-in repair, made and approved by the customer at the counter (once). */
  private async estimateApproved(t: TicketView): Promise<void> {
    const billing = this.services.billing;
    if ((await billing.listQuotes(this.actor, t.id)).some((q) => q.status === 'approved')) return;
    const repairFen = Math.max(100_00, Math.round((t.estimatedValueFen ?? 300_00) / 100) * 100);
    const quote = await billing.createQuote(this.actor, t.id, {
      lines: [
        { kind: 'labour', description: '检测维修', quantity: 1, unitPriceFen: repairFen },
        { kind: 'shipping', description: '回寄运费', quantity: 1, unitPriceFen: 20_00 },
      ],
    });
    await billing.decideQuote(this.actor, quote.id, { decision: 'approved' });
  }

  /** A3: a car is checked in at reception, walked round and signed for, before work is accepted. */
  private async checkIn(t: TicketView): Promise<void> {
    const workshop = this.services.workshop;
    if (!appliesTo(t)) return;
    const state = await workshop.getState(this.actor, t.id);
    if (!state.applies || state.checkIn?.status === 'signed') return;
    const signature = await workshop.attachFile(this.actor, t.id, 'signature', { stream: Readable.from([makePng()]), fileName: 'signature.png', declaredType: 'image/png' });
    await workshop.signCheckIn(this.actor, t.id, state.checkIn?.version ?? 0, {
      mileageKm: this.rng.int(3_000, 120_000),
      fuelLevel: this.rng.pick(FUEL_LEVELS),
      checklist: state.checklistItems.map((item) => ({ item, state: 'ok' as const })),
      damagePoints: [],
      photoIds: [],
      valuablesReminded: true,
      licenceChecked: true,
      phoneChecked: true,
      requests: [{ text: t.description.slice(0, 200), confirmed: true }],
      remarks: null,
      signatureAttachmentId: signature.id,
      signerName: t.customer.name,
    });
  }

  /** A4: each stage of a car job is started, finished and signed, then QC passes it. */
  private async passWorkshop(t: TicketView): Promise<void> {
    await this.services.workshop.passStages(this.actor, t.id);
  }

  /** R8, E8, A6: everyone who must sign a visited job signs; a car's work is explained at delivery. */
  private async handOver(t: TicketView): Promise<void> {
    await this.services.fieldwork.collectMissingSignoffs(this.actor, t.id, (party) => (party === 'owner' || party === 'customer' ? t.customer.name : personName(this.rng)));
    if (!appliesTo(t)) return;
    const state = await this.services.workshop.getState(this.actor, t.id);
    if (state.applies && !state.job.deliveryExplainedAt) {
      await this.services.workshop.explainDelivery(this.actor, t.id, state.job.version, { explainedItemIds: state.preInspection.filter((i) => i.customerApproved === true).map((i) => i.id) });
    }
  }


  /**
   * M3 to M7: the crew's day on an on-site job (out from the base, on site, at work, back), the
   * hours it gives approved by a supervisor, and, for work out of warranty, the quote the
   * customer agreed, the charge and what was paid: what a month's pay run reads.
   */
  private async recordWork(t: TicketView, day: WorkDay, closeAt: number): Promise<void> {
    const { arrived, started, completed } = day;
    if (arrived === null || started === null || completed === null || !(arrived <= started && started < completed)) return;
    const ticket = await this.services.tickets.getTicket(this.actor, t.id);
    const transport = this.rng.chance(0.7) ? ('company' as const) : ('public' as const);
    const out = this.rng.int(20, 80) * MINUTE_MS;
    const home = this.rng.int(20, 80) * MINUTE_MS;
    for (const member of ticket.crew) {
      await this.services.fieldwork.recordPastDay(this.actor, t.id, member.id, [
        { kind: 'depart', at: new Date(arrived - out), transport },
        { kind: 'arrive', at: new Date(arrived) },
        { kind: 'start', at: new Date(started) },
        { kind: 'finish', at: new Date(completed) },
        { kind: 'travel_back', at: new Date(completed + 10 * MINUTE_MS), transport },
        { kind: 'back', at: new Date(completed + 10 * MINUTE_MS + home) },
      ]);
    }
    const approver = this.timing.approver;
    if (approver) {
      const drafts = await this.services.fieldwork.findEntries(this.actor, { ticketId: t.id, status: 'draft', limit: 100 });
      if (drafts.length) await this.services.fieldwork.approveEntries(approver, drafts.map((e) => ({ id: e.id, version: e.version })));
    }
    if (ticket.warranty === 'out' && ticket.type === 'repair') await this.chargeAndCollect(t, closeAt);
  }

  /** M7: labour and parts quoted and agreed, charged before closing; most pay in full, some in part, a few not yet. */
  private async chargeAndCollect(t: TicketView, closeAt: number): Promise<void> {
    const billing = this.services.billing;
    if (await billing.chargeOfTicket(this.actor, t.id)) return;
    const labourFen = this.rng.int(3, 30) * 50_00;
    const partsFen = this.rng.chance(0.6) ? this.rng.int(1, 20) * 25_00 : 0;
    const quote = await billing.createQuote(this.actor, t.id, {
      lines: [
        { kind: 'labour', description: '上门维修人工', quantity: 1, unitPriceFen: labourFen },
        ...(partsFen ? [{ kind: 'part' as const, description: '更换配件', quantity: 1, unitPriceFen: partsFen }] : []),
      ],
    });
    await billing.decideQuote(this.actor, quote.id, { decision: 'approved' });
    const charge = await billing.chargeTicket(this.actor, t.id);
    const paid = this.rng.weighted<'full' | 'part' | 'none'>([
      ['full', 7],
      ['part', 2],
      ['none', 1],
    ]);
    if (paid === 'none') return;
    this.timing.setClock(new Date(closeAt));
    const amountFen = paid === 'full' ? charge.totalFen : Math.max(100, Math.round(charge.totalFen / 2 / 100) * 100);
    await billing.recordPayment(this.actor, t.id, { amountFen, method: this.rng.pick(['wechat_pay', 'alipay', 'bank_transfer', 'cash'] as const), reference: null, reason: null });
  }

  private crewFor(industry: Industry): { technicianId: string; crewIds: string[] } | null {
    const pool = this.pools.byIndustry.get(industry) ?? this.pools.all;
    const leads = pool.some((p) => p.mayLead) ? pool.filter((p) => p.mayLead) : this.pools.all.filter((p) => p.mayLead);
    if (leads.length === 0) return null;
    const lead = this.rng.pick(leads);
    const crewChance = industry === 'machinery' ? 0.45 : industry === 'property' || industry === 'equipment' ? 0.35 : 0.1;
    const others = pool.filter((p) => p.id !== lead.id);
    const crew = others.length > 0 && this.rng.chance(crewChance) ? this.rng.sample(others, this.rng.int(1, Math.min(2, others.length))) : [];
    return { technicianId: lead.id, crewIds: crew.map((p) => p.id) };
  }

  /** Accepted and sent to a technician; answers the lead. */
  private dispatch(plan: Plan, industry: Industry, recent = false): string {
    plan.accept();
    const crew = this.crewFor(industry)!;
    plan.dispatch({ action: 'dispatch', ...crew }, recent);
    if (this.rng.chance(0.25)) plan.comment(this.rng.pick(cat.COMMENTS), this.rng.chance(0.5));
    return crew.technicianId;
  }

  private holdBody(industry: Industry, group: FaultGroup): TransitionBody {
    const holdReason: HoldReason = this.rng.weighted<HoldReason>([
      ['waiting_parts', 5],
      ['waiting_customer', 3],
      ['waiting_contractor', industry === 'property' ? 4 : 0],
      ['other', 1],
    ]);
    const reason =
      holdReason === 'waiting_parts'
        ? `等待配件：${this.rng.pick(cat.PARTS[group])}（已向厂家订货）`
        : holdReason === 'waiting_customer'
          ? this.rng.pick(cat.WAITING_CUSTOMER)
          : holdReason === 'waiting_contractor'
            ? '已通知施工责任单位，等待其到场'
            : this.rng.pick(cat.WAITING_OTHER);
    return { action: 'hold', holdReason, reason };
  }

  private start(plan: Plan): void {
    plan.start(this.rng.pick(cat.ARRIVAL_NOTES));
  }

  private complete(plan: Plan): void {
    plan.complete({ extension: this.rng.pick(cat.EXTENSION_REASONS), loanerRequest: this.rng.pick(cat.LOANER_REQUESTS), loanerDelivery: this.rng.pick(cat.LOANER_DELIVERIES) });
  }

  /** From a new ticket to completed, with a wait on the way now and then. */
  private work(plan: Plan, industry: Industry, group: FaultGroup): void {
    this.dispatch(plan, industry);
    this.start(plan);
    if (this.rng.chance(0.2)) plan.hold(this.holdBody(industry, group), true);
    this.complete(plan);
  }

  private close(plan: Plan): void {
    plan.close({ action: 'close', ...(this.rng.chance(0.5) ? { reason: this.rng.pick(cat.CLOSE_NOTES) } : {}) });
  }

  /** H3: a question answered, or a simple fault solved, on the phone. */
  async walkConsultation(ticket: TicketView, answered: boolean): Promise<TicketStatus> {
    if (!answered) return ticket.status;
    const plan = this.plan(ticket, null);
    plan.closeOnPhone({ action: 'close', reason: '已电话答复客户咨询' }, this.rng.pick(cat.CALLBACK_NOTES));
    return this.run(ticket, plan);
  }

  async walk(ticket: TicketView, wanted: Outcome, industry: Industry, group: FaultGroup): Promise<TicketStatus> {
    const rng = this.rng;
    // Without anyone to dispatch to, work stops at the desk.
    const outcome: Outcome = !this.pools.all.some((p) => p.mayLead) && !['reported', 'accepted', 'closed_phone', 'cancelled'].includes(wanted) ? 'accepted' : wanted;
    const plan = this.plan(ticket, industry);
    switch (outcome) {
      case 'reported':
        break;
      case 'accepted':
        plan.accept();
        break;
      case 'dispatched': {
        const lead = this.dispatch(plan, industry, true);
        const other = (this.pools.byIndustry.get(industry) ?? []).filter((p) => p.id !== lead && p.mayLead);
        if (rng.chance(0.1) && other.length > 0) {
          plan.redispatch({ action: 'dispatch', technicianId: rng.pick(other).id, reason: '原技师请假，改派' });
        }
        break;
      }
      case 'in_progress':
        this.dispatch(plan, industry);
        this.start(plan);
        break;
      case 'on_hold':
        this.dispatch(plan, industry);
        if (rng.chance(0.6)) this.start(plan);
        plan.hold(this.holdBody(industry, group), false);
        break;
      case 'completed':
        this.work(plan, industry, group);
        break;
      case 'closed':
        this.work(plan, industry, group);
        this.close(plan);
        break;
      case 'closed_phone':
        if (rng.chance(0.5)) plan.accept();
        plan.closeOnPhone({ action: 'close', reason: rng.pick(cat.PHONE_FIXES[group]) }, rng.pick(cat.CALLBACK_NOTES));
        break;
      case 'cancelled': {
        const stage = this.pools.all.length === 0 ? rng.int(0, 1) : rng.int(0, 3);
        if (stage === 1) plan.accept();
        if (stage >= 2) this.dispatch(plan, industry);
        if (stage === 3) plan.hold(this.holdBody(industry, group), false);
        plan.cancel({ action: 'cancel', reason: rng.pick(cat.CANCEL_REASONS) });
        break;
      }
      case 'reopened':
      case 'reworked': {
        this.work(plan, industry, group);
        this.close(plan);
        // Rework goes back to the technician who did the job; rework still under way is recent.
        const open = outcome === 'reopened';
        plan.reopen({ action: 'reopen', reason: rng.pick(cat.REOPEN_REASONS) }, open);
        // H4 takes a ticket waiting for a visit from its technician once the first visit was
        // late, and the final scan would do so now: rework there starts at once.
        if (!open || rng.chance(0.45) || plan.lateFirstVisit) this.start(plan);
        if (!open) {
          this.complete(plan);
          this.close(plan);
        }
        break;
      }
    }
    return this.run(ticket, plan);
  }
}
