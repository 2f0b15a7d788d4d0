/**
 * Seeds an organisation with a realistic history of tickets, straight into the database
 * with set-based SQL: a million tickets through the API would take hours and would measure
 * the API rather than prepare for it.
 *
 * Everything the server derives is derived the same way here: search terms and text come
 * from `searchColumns` / `indexTerms` (computed once per distinct description, per customer
 * and per day and sequence number, then combined per ticket in SQL in the order the service
 * combines them: bigrams and trigrams first, then the digit 4-grams), numbers
 * follow the organisation's `BX-YYYYMMDD-NNNN` sequence per local day and the sequence table
 * is left where the service expects it. A sample is recomputed at the end with the service's
 * formula and compared, and on PostgreSQL the harness then has the running server create a
 * ticket and compares that too, so a search benchmark never runs on data the application
 * would not have written.
 *
 * Not seeded: SLA clocks, jobs and outbox rows for the history (the SLA module computes
 * clocks from calendars and policies; a seeded approximation would be neither exact nor
 * quiet, since overdue clocks would start firing alerts during the measurements).
 */
import { v7 as uuidv7 } from 'uuid';
import { indexTerms, normalizeSearchText } from '../shared/search-terms';
import { searchColumns } from '../server/db/search';
import {
  APPLIANCE_CATEGORIES,
  AREA_CODES,
  CATEGORIES,
  CITIES,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  FAULTS,
  GIVEN,
  MOBILE_PREFIXES,
  NOTES,
  PRODUCTS,
  ROOMS,
  SURNAMES,
  describe,
  pick,
  pickWeighted,
  rng,
  type ProductSpec,
} from './data';

/** The two engines answer raw SQL slightly differently; this is all the seed needs of either. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  kind: 'postgresql' | 'pglite';
}

export interface SeedOptions {
  orgId: string;
  tickets: number;
  customers: number;
  /** How many days of history, ending yesterday. */
  days: number;
  timeZoneOffsetHours: number;
  now: Date;
  log: (line: string) => void;
}

export interface SeedResult {
  tickets: number;
  customers: number;
  assets: number;
  seconds: { reference: number; tickets: number; analyze: number; total: number };
  /** Query values for the search benchmarks, taken from the seeded data. */
  probes: { commonWord: string; rareWord: string; phoneTail: string; number: string; phoneTailMatches: number };
  counts: Record<string, number>;
  /** Set once the running server has written a ticket to compare with (PostgreSQL). */
  searchCheck?: 'exact' | 'order';
}

const TERMS_PER_DESC = ROOMS.length * NOTES.length;
const AGENTS = 8;
const TECHNICIANS = 30;
const DAY_MS = 86_400_000;

/** Inserts rows through one JSON parameter: one statement per batch on both engines. */
async function insertJson(sql: Sql, table: string, columns: string, types: string, rows: unknown[], batch = 5000) {
  for (let i = 0; i < rows.length; i += batch) {
    await sql.query(
      `insert into ${table} (${columns}) select ${columns} from json_to_recordset($1::json) as r(${types})`,
      [JSON.stringify(rows.slice(i, i + batch))],
    );
  }
}

function localDayParts(ms: number, offsetHours: number) {
  const d = new Date(ms + offsetHours * 3_600_000);
  const iso = d.toISOString().slice(0, 10);
  return { iso, compact: iso.replaceAll('-', ''), weekday: d.getUTCDay() };
}

interface Party {
  idx: number;
  customerId: string;
  name: string;
  companyName: string | null;
  phones: string[];
  asset: { id: string; serial: string; productName: string; product: ProductSpec; purchasedOn: string } | null;
}

export async function seed(sql: Sql, options: SeedOptions): Promise<SeedResult> {
  const t0 = performance.now();
  const { orgId, log } = options;
  const random = rng(20261127);
  const nowMs = options.now.getTime();
  const offsetMs = options.timeZoneOffsetHours * 3_600_000;
  // Local midnight today; history ends the day before so today's sequence is the service's alone.
  const todayStart = Math.floor((nowMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
  const historyStart = todayStart - options.days * DAY_MS;

  const [admin] = await sql.query<{ id: string; password_hash: string }>(
    `select id, password_hash from users where org_id = $1 and role = 'admin' order by created_at limit 1`,
    [orgId],
  );
  if (!admin) throw new Error('no administrator to seed under');

  // ── Staff: hotline agents create the tickets, technicians are their assignees. ──
  const staff = [
    ...Array.from({ length: AGENTS }, (_, i) => ({ username: `agent${String(i + 1).padStart(2, '0')}`, role: 'hotline_agent' })),
    ...Array.from({ length: TECHNICIANS }, (_, i) => ({ username: `tech${String(i + 1).padStart(2, '0')}`, role: 'technician' })),
  ].map((u) => ({
    org_id: orgId,
    id: uuidv7(),
    username: u.username,
    name: `${pickWeighted(random, SURNAMES)}${pick(random, GIVEN)}${random() < 0.6 ? pick(random, GIVEN) : ''}`,
    role: u.role,
    // A real hash, so the rows look like every other user's; nobody signs in as them.
    password_hash: admin.password_hash,
    created_at: new Date(historyStart - 30 * DAY_MS).toISOString(),
  }));
  await insertJson(
    sql,
    'users',
    'org_id, id, username, name, role, password_hash, created_at, updated_at',
    'org_id uuid, id uuid, username text, name text, role text, password_hash text, created_at timestamptz, updated_at timestamptz',
    staff.map((s) => ({ ...s, updated_at: s.created_at })),
  );

  // ── Customers, their phones and (for about half) one registered appliance. ──
  const usedPhones = new Set<string>();
  const usedSerials = new Set<string>();
  const parties: Party[] = [];
  const customerRows: Record<string, unknown>[] = [];
  const phoneRows: Record<string, unknown>[] = [];
  const assetRows: Record<string, unknown>[] = [];
  for (let idx = 0; idx < options.customers; idx++) {
    const createdMs = historyStart - Math.floor(random() * 365 * DAY_MS);
    const createdAt = new Date(createdMs);
    const id = uuidv7({ msecs: createdMs });
    const company = random() < 0.12;
    const name = `${pickWeighted(random, SURNAMES)}${pick(random, GIVEN)}${random() < 0.65 ? pick(random, GIVEN) : ''}`;
    const cityIdx = Math.floor(random() * CITIES.length);
    const companyName = company ? `${CITIES[cityIdx]}${pick(random, COMPANY_WORDS)}${pick(random, COMPANY_SUFFIXES)}` : null;
    let mobile: string;
    do mobile = `${pick(random, MOBILE_PREFIXES)}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    while (usedPhones.has(mobile));
    usedPhones.add(mobile);
    const phones = [mobile];
    if (random() < 0.2) {
      const landline = `${AREA_CODES[cityIdx]}${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
      if (!usedPhones.has(landline)) {
        usedPhones.add(landline);
        phones.push(landline);
      }
    }
    const email = random() < 0.25 ? `${Math.floor(100000 + random() * 3e9)}@qq.com` : null;
    customerRows.push({
      org_id: orgId,
      id,
      kind: company ? 'company' : 'person',
      name,
      company_name: companyName,
      email,
      ...(() => {
        const s = searchColumns(name, companyName, email, ...phones);
        return { search_terms: s.searchTerms, search_text: s.searchText };
      })(),
      created_at: createdAt.toISOString(),
      updated_at: createdAt.toISOString(),
    });
    phones.forEach((phone, i) =>
      phoneRows.push({
        org_id: orgId,
        id: uuidv7({ msecs: createdMs + i }),
        customer_id: id,
        phone,
        label: i === 0 ? '手机' : '座机',
        is_primary: i === 0,
        created_at: new Date(createdMs + i).toISOString(),
      }),
    );
    let asset: Party['asset'] = null;
    if (random() < 0.45) {
      const product = pick(random, PRODUCTS);
      let serial: string;
      do serial = `${product.serialPrefix}${String(Math.floor(random() * 1e10)).padStart(10, '0')}`;
      while (usedSerials.has(serial));
      usedSerials.add(serial);
      // Bought before the history starts, so no ticket predates its appliance.
      const purchasedOn = localDayParts(historyStart - Math.floor((1 + random() * 4 * 365) * DAY_MS), options.timeZoneOffsetHours).iso;
      const assetId = uuidv7({ msecs: createdMs + 5 });
      const productName = product.name;
      const s = searchColumns(serial, productName, product.brand, product.model, null);
      assetRows.push({
        org_id: orgId,
        id: assetId,
        customer_id: id,
        kind: 'appliance',
        product_name: productName,
        brand: product.brand,
        model: product.model,
        serial_number: serial,
        purchased_on: purchasedOn,
        warranty_basis: 'purchase',
        warranty_months: product.warrantyMonths,
        search_terms: s.searchTerms,
        search_text: s.searchText,
        created_at: createdAt.toISOString(),
        updated_at: createdAt.toISOString(),
      });
      asset = { id: assetId, serial, productName, product, purchasedOn };
    }
    parties.push({ idx, customerId: id, name, companyName, phones, asset });
  }
  await insertJson(
    sql,
    'customers',
    'org_id, id, kind, name, company_name, email, search_terms, search_text, created_at, updated_at',
    'org_id uuid, id uuid, kind text, name text, company_name text, email text, search_terms text[], search_text text, created_at timestamptz, updated_at timestamptz',
    customerRows,
  );
  await insertJson(
    sql,
    'customer_phones',
    'org_id, id, customer_id, phone, label, is_primary, created_at',
    'org_id uuid, id uuid, customer_id uuid, phone text, label text, is_primary boolean, created_at timestamptz',
    phoneRows,
  );
  await insertJson(
    sql,
    'assets',
    'org_id, id, customer_id, kind, product_name, brand, model, serial_number, purchased_on, warranty_basis, warranty_months, search_terms, search_text, created_at, updated_at',
    'org_id uuid, id uuid, customer_id uuid, kind text, product_name text, brand text, model text, serial_number text, purchased_on date, warranty_basis text, warranty_months int, search_terms text[], search_text text, created_at timestamptz, updated_at timestamptz',
    assetRows,
  );

  // ── Scratch tables the ticket INSERT … SELECT draws from; dropped at the end. ──
  await sql.exec(`
    drop table if exists bench_party, bench_desc, bench_slots, bench_cats, bench_days, bench_seqs, bench_staff;
    create unlogged table bench_party (idx int primary key, customer_id uuid, asset_id uuid, cat_ord int, purchased_on date,
      warranty_months int, terms_plain text[], text_plain text, terms_asset text[], text_asset text);
    create unlogged table bench_desc (id int primary key, description text, norm text, terms text[], type text, emergency boolean);
    create unlogged table bench_cats (ord int primary key, category text, n int);
    create unlogged table bench_slots (cat_ord int, idx int, base int, primary key (cat_ord, idx));
    create unlogged table bench_days (day_idx int primary key, day date, compact text, start_ms bigint, age_days int, cnt int,
      first_i bigint, terms text[]);
    create unlogged table bench_seqs (seq int primary key, padded text, terms text[]);
    create unlogged table bench_staff (role text, ord int, id uuid, primary key (role, ord));
  `);
  const catOrd = new Map(CATEGORIES.map((c, i) => [c, i]));
  // The service joins the customer's texts and the asset's after the description, in this order.
  const partyTexts = (p: Party, withAsset: boolean) =>
    withAsset && p.asset ? [p.name, p.companyName, ...p.phones, p.asset.serial, null, p.asset.productName] : [p.name, p.companyName, ...p.phones];
  await insertJson(
    sql,
    'bench_party',
    'idx, customer_id, asset_id, cat_ord, purchased_on, warranty_months, terms_plain, text_plain, terms_asset, text_asset',
    'idx int, customer_id uuid, asset_id uuid, cat_ord int, purchased_on date, warranty_months int, terms_plain text[], text_plain text, terms_asset text[], text_asset text',
    parties.map((p) => ({
      idx: p.idx,
      customer_id: p.customerId,
      asset_id: p.asset?.id ?? null,
      cat_ord: p.asset ? catOrd.get(p.asset.product.category) : null,
      purchased_on: p.asset?.purchasedOn ?? null,
      warranty_months: p.asset?.product.warrantyMonths ?? null,
      terms_plain: indexTerms(...partyTexts(p, false)),
      text_plain: normalizeSearchText(partyTexts(p, false).filter(Boolean).join(' ')),
      terms_asset: indexTerms(...partyTexts(p, true)),
      text_asset: normalizeSearchText(partyTexts(p, true).filter(Boolean).join(' ')),
    })),
  );

  const descRows: Record<string, unknown>[] = [];
  FAULTS.forEach((fault, base) => {
    ROOMS.forEach((room, r) =>
      NOTES.forEach((note, n) => {
        const description = describe(fault, room, note);
        descRows.push({
          id: base * TERMS_PER_DESC + r * NOTES.length + n,
          description,
          norm: normalizeSearchText(description),
          terms: indexTerms(description),
          type: fault.type ?? 'repair',
          emergency: fault.emergency ?? false,
        });
      }),
    );
  });
  await insertJson(sql, 'bench_desc', 'id, description, norm, terms, type, emergency', 'id int, description text, norm text, terms text[], type text, emergency boolean', descRows);

  // Slots in proportion to weight: a uniform pick of a slot is a weighted pick of a fault.
  const SLOT = 0.02;
  const catRows: Record<string, unknown>[] = [];
  const slotRows: Record<string, unknown>[] = [];
  for (const [ord, category] of CATEGORIES.entries()) {
    let n = 0;
    FAULTS.forEach((fault, base) => {
      if (fault.category !== category) return;
      for (let k = 0; k < Math.max(1, Math.round(fault.weight / SLOT)); k++) slotRows.push({ cat_ord: ord, idx: n++, base });
    });
    catRows.push({ ord, category, n });
  }
  await insertJson(sql, 'bench_cats', 'ord, category, n', 'ord int, category text, n int', catRows);
  await insertJson(sql, 'bench_slots', 'cat_ord, idx, base', 'cat_ord int, idx int, base int', slotRows);

  // Days: busier on weekdays, busier as the business grows, a little noise.
  const weights = Array.from({ length: options.days }, (_, d) => {
    const { weekday } = localDayParts(historyStart + d * DAY_MS, options.timeZoneOffsetHours);
    return (0.6 + (0.8 * d) / options.days) * (weekday === 0 || weekday === 6 ? 0.7 : 1) * (0.85 + 0.3 * random());
  });
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  let cumulative = 0;
  let assigned = 0;
  const dayRows = weights.map((w, d) => {
    cumulative += w;
    const upTo = d === options.days - 1 ? options.tickets : Math.floor((options.tickets * cumulative) / totalWeight);
    const cnt = upTo - assigned;
    const first = assigned;
    assigned = upTo;
    const startMs = historyStart + d * DAY_MS;
    const { iso, compact } = localDayParts(startMs, options.timeZoneOffsetHours);
    return { day_idx: d, day: iso, compact, start_ms: startMs, age_days: options.days - d, cnt, first_i: first, terms: indexTerms(compact) };
  });
  await insertJson(
    sql,
    'bench_days',
    'day_idx, day, compact, start_ms, age_days, cnt, first_i, terms',
    'day_idx int, day date, compact text, start_ms bigint, age_days int, cnt int, first_i bigint, terms text[]',
    dayRows,
  );
  const maxPerDay = Math.max(...dayRows.map((d) => d.cnt));
  const seqRows = Array.from({ length: maxPerDay }, (_, k) => {
    const padded = String(k + 1).padStart(4, '0');
    return { seq: k + 1, padded, terms: indexTerms(padded) };
  });
  await insertJson(sql, 'bench_seqs', 'seq, padded, terms', 'seq int, padded text, terms text[]', seqRows);
  await insertJson(
    sql,
    'bench_staff',
    'role, ord, id',
    'role text, ord int, id uuid',
    [
      ...staff.filter((s) => s.role === 'hotline_agent').map((s, ord) => ({ role: 'agent', ord, id: s.id })),
      ...staff.filter((s) => s.role === 'technician').map((s, ord) => ({ role: 'tech', ord, id: s.id })),
    ],
  );
  await sql.exec('analyze bench_party; analyze bench_desc; analyze bench_slots; analyze bench_cats; analyze bench_days; analyze bench_seqs; analyze bench_staff;');
  const tReference = performance.now();
  log(`  reference data: ${parties.length} customers, ${assetRows.length} assets, ${descRows.length} description variants (${((tReference - t0) / 1000).toFixed(1)} s)`);

  // ── Tickets, a slice of days per statement (progress, and bounded memory on PGlite). ──
  // Secondary indexes are dropped and rebuilt from their own definitions: one sorted build
  // is several times faster than a million GIN and B-tree insertions, and ends identical.
  const rebuild = await dropSecondaryIndexes(sql, ['tickets', 'ticket_events']);
  const chunkTickets = sql.kind === 'pglite' ? 50_000 : 100_000;
  let lo = 0;
  let done = 0;
  while (lo < options.days) {
    let hi = lo;
    let n = dayRows[lo]!.cnt;
    while (hi + 1 < options.days && n + dayRows[hi + 1]!.cnt <= chunkTickets) n += dayRows[++hi]!.cnt;
    await sql.query(TICKETS_SQL, [orgId, options.customers, new Date(nowMs - 60_000).toISOString(), lo, hi]);
    await sql.query(EVENTS_SQL, [orgId, new Date(dayRows[lo]!.start_ms).toISOString(), new Date(dayRows[hi]!.start_ms + DAY_MS).toISOString()]);
    done += n;
    log(`  tickets: ${done.toLocaleString('en')} / ${options.tickets.toLocaleString('en')} (${((performance.now() - tReference) / 1000).toFixed(0)} s)`);
    lo = hi + 1;
  }
  await sql.query(
    `insert into number_sequences (org_id, prefix, day, last) select $1, 'BX', day, cnt from bench_days where cnt > 0`,
    [orgId],
  );
  const tInserted = performance.now();
  await rebuild();
  const tTickets = performance.now();
  log(`  indexes rebuilt in ${((tTickets - tInserted) / 1000).toFixed(0)} s`);

  const probes = await pickProbes(sql, orgId, parties, dayRows);
  const sampleRandom = rng(7);
  const sample = Array.from({ length: 300 }, () => {
    const d = dayRows[Math.floor(sampleRandom() * dayRows.length)]!;
    return `BX-${d.compact}-${String(1 + Math.floor(sampleRandom() * Math.max(1, d.cnt))).padStart(4, '0')}`;
  });
  await verifySample(sql, orgId, sample);
  await sql.exec('drop table bench_party, bench_desc, bench_slots, bench_cats, bench_days, bench_seqs, bench_staff;');
  // The server's autovacuum may be off (it is on the benchmark machine): a seeded database
  // without statistics or a visibility map would be measured in a state no real one is in.
  for (const table of ['tickets', 'ticket_events', 'customers', 'customer_phones', 'assets', 'users', 'number_sequences']) {
    await sql.exec(`vacuum (analyze) ${table}`);
  }
  if (sql.kind === 'postgresql') await sql.exec('checkpoint');
  const tEnd = performance.now();

  const counts: Record<string, number> = {};
  for (const row of await sql.query<{ status: string; n: number }>(
    `select status, count(*)::int as n from tickets where org_id = $1 group by status order by 2 desc`,
    [orgId],
  )) {
    counts[row.status] = Number(row.n);
  }
  return {
    tickets: options.tickets,
    customers: parties.length,
    assets: assetRows.length,
    seconds: {
      reference: (tReference - t0) / 1000,
      tickets: (tTickets - tReference) / 1000,
      analyze: (tEnd - tTickets) / 1000,
      total: (tEnd - t0) / 1000,
    },
    probes,
    counts,
  };
}

/**
 * Drops the indexes that back no constraint (primary keys stay, so foreign keys keep being
 * checked row by row) and answers a function that recreates them from `pg_indexes`.
 */
async function dropSecondaryIndexes(sql: Sql, tables: string[]): Promise<() => Promise<void>> {
  const indexes = await sql.query<{ name: string; def: string }>(
    `select i.indexname as name, i.indexdef as def from pg_indexes i
     where i.schemaname = 'public' and i.tablename in (select json_array_elements_text($1::json))
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    [JSON.stringify(tables)],
  );
  for (const i of indexes) await sql.exec(`drop index "${i.name}"`);
  return async () => {
    // More memory than the server's default makes the GIN build one pass instead of many.
    if (sql.kind === 'postgresql') await sql.exec(`set maintenance_work_mem = '512MB'`);
    for (const i of indexes) await sql.exec(i.def);
    if (sql.kind === 'postgresql') await sql.exec('reset maintenance_work_mem');
  };
}

/** Uniform in [0, 1) from a hash of the ticket's ordinal and a stream number, computed once per row in `h`. */
const STREAMS = 17;
const u = (k: number) => `h.u${k}`;
const HASHES = Array.from({ length: STREAMS }, (_, i) => `(hashint8(g.i * 32 + ${i + 1}) & 2147483647)::float8 / 2147483648.0 as u${i + 1}`).join(', ');

/**
 * One statement per slice of days. $1 org, $2 number of customers, $3 a cap for timestamps
 * (recent tickets do not finish in the future), $4/$5 the day slice.
 */
const TICKETS_SQL = `
insert into tickets (org_id, id, number, type, channel, priority, emergency, status, hold_reason, held_from,
  customer_id, asset_id, description, warranty, warranty_reason, warranty_ends_on, assignee_id, resolution,
  reported_at, accepted_at, dispatched_at, started_at, completed_at, closed_at, cancelled_at, created_by,
  search_terms, search_text, version, created_at, updated_at)
select $1::uuid,
  (lpad(to_hex(floor(extract(epoch from g.created_at) * 1000)::bigint), 12, '0') || '7'
    || lpad(to_hex(hashint8(g.i * 32 + 20)::bigint & 4095), 3, '0') || '8'
    || lpad(to_hex(hashint8(g.i * 32 + 21)::bigint & 2147483647), 8, '0') || lpad(to_hex(g.i), 7, '0'))::uuid,
  n.number, dsc.type, ch.channel,
  case when dsc.emergency then 'urgent' when ${u(16)} < 0.80 then 'normal' when ${u(16)} < 0.92 then 'high' when ${u(16)} < 0.97 then 'low' else 'urgent' end,
  dsc.emergency, st.status,
  case when st.status = 'on_hold' then 'waiting_parts' end,
  case when st.status = 'on_hold' then 'in_progress' end,
  p.customer_id, case when wa.with_asset then p.asset_id end, dsc.description,
  w.state, w.reason, w.ends_on,
  case when st.rank >= 2 then tech.id end,
  case when st.status = 'cancelled' then '客户自行解决，不需要上门' end,
  g.created_at, ts.accepted_at, ts.dispatched_at, ts.started_at, ts.completed_at, ts.closed_at, ts.cancelled_at,
  agent.id,
  -- Each piece's terms end with its digit 4-grams; the service puts every 4-gram after every
  -- other term (no other term is four characters long), in order of first appearance.
  (select array_agg(t order by length(t) = 4, o) from (
     select t, min(o) as o
     from unnest(g.terms || sq.terms || dsc.terms || case when wa.with_asset then p.terms_asset else p.terms_plain end) with ordinality as x(t, o)
     group by t) dedup),
  lower(n.number) || ' ' || dsc.norm || ' ' || case when wa.with_asset then p.text_asset else p.text_plain end,
  1 + st.rank + case when st.status = 'cancelled' then 1 else 0 end,
  g.created_at,
  greatest(g.created_at, ts.accepted_at, ts.dispatched_at, ts.started_at, ts.completed_at, ts.closed_at, ts.cancelled_at)
from (
  select d.compact, d.terms, d.age_days, d.day, s.seq, d.first_i + s.seq as i,
    to_timestamp((d.start_ms + 28800000 + ((s.seq - 0.5) / d.cnt) * 46800000) / 1000.0) as created_at
  from bench_days d, generate_series(1, d.cnt) as s(seq)
  where d.day_idx between $4::int and $5::int
) g
join bench_seqs sq on sq.seq = g.seq
-- OFFSET 0 keeps each lateral a per-row step: pulled up, its expressions would be copied
-- into every place that uses them and computed again there.
cross join lateral (select ${HASHES} offset 0) h
cross join lateral (select 'BX-' || g.compact || '-' || sq.padded as number) n
join bench_party p on p.idx = least($2::int - 1, floor($2::int * power(${u(1)}, 1.6))::int)
cross join lateral (select p.asset_id is not null and ${u(2)} < 0.7 as with_asset) wa
cross join lateral (select case when wa.with_asset then p.cat_ord when ${u(3)} < 0.6 then ${CATEGORIES.indexOf('home')}
  else floor(${u(4)} * ${APPLIANCE_CATEGORIES.length})::int end as ord) co
join bench_cats c on c.ord = co.ord
join bench_slots sl on sl.cat_ord = c.ord and sl.idx = floor(${u(5)} * c.n)::int
join bench_desc dsc on dsc.id = sl.base * ${TERMS_PER_DESC} + floor(${u(6)} * ${ROOMS.length})::int * ${NOTES.length} + floor(${u(7)} * ${NOTES.length})::int
join bench_staff agent on agent.role = 'agent' and agent.ord = floor(${u(17)} * ${AGENTS})::int
join bench_staff tech on tech.role = 'tech' and tech.ord = floor(${u(14)} * ${TECHNICIANS})::int
cross join lateral (select case
  when ${u(15)} < 0.60 then 'phone' when ${u(15)} < 0.75 then 'wechat' when ${u(15)} < 0.85 then 'web'
  when ${u(15)} < 0.92 then 'walk_in' when ${u(15)} < 0.97 then 'qr' else 'email' end as channel) ch
cross join lateral (select s.status, case s.status when 'reported' then 0 when 'accepted' then 1 when 'dispatched' then 2
    when 'in_progress' then 3 when 'on_hold' then 3 when 'completed' then 4 when 'closed' then 5 else 0 end as rank
  from (select case
    when g.age_days > 30 then (case when ${u(8)} < 0.88 then 'closed' when ${u(8)} < 0.95 then 'cancelled'
      when ${u(8)} < 0.98 then 'completed' when ${u(8)} < 0.99 then 'on_hold' else 'in_progress' end)
    when g.age_days > 7 then (case when ${u(8)} < 0.55 then 'closed' when ${u(8)} < 0.75 then 'completed'
      when ${u(8)} < 0.81 then 'cancelled' when ${u(8)} < 0.89 then 'in_progress' when ${u(8)} < 0.94 then 'on_hold'
      when ${u(8)} < 0.98 then 'dispatched' else 'accepted' end)
    else (case when ${u(8)} < 0.12 then 'reported' when ${u(8)} < 0.27 then 'accepted' when ${u(8)} < 0.47 then 'dispatched'
      when ${u(8)} < 0.72 then 'in_progress' when ${u(8)} < 0.80 then 'on_hold' when ${u(8)} < 0.92 then 'completed'
      when ${u(8)} < 0.98 then 'closed' else 'cancelled' end) end as status offset 0) s offset 0) st
cross join lateral (select
    a.accepted_at, d.dispatched_at, s.started_at, c.completed_at,
    case when st.rank >= 5 then least($3::timestamptz, c.completed_at + (1 + ${u(13)} * 3) * interval '1 day') end as closed_at,
    case when st.status = 'cancelled' then least($3::timestamptz, g.created_at + (1 + ${u(9)} * 47) * interval '1 hour') end as cancelled_at
  from (select case when st.rank >= 1 then least($3::timestamptz, g.created_at + (5 + ${u(9)} * 55) * interval '1 minute') end as accepted_at offset 0) a
  cross join lateral (select case when st.rank >= 2 then least($3::timestamptz, a.accepted_at + (30 + ${u(10)} * 210) * interval '1 minute') end as dispatched_at offset 0) d
  cross join lateral (select case when st.rank >= 3 then least($3::timestamptz, d.dispatched_at + (2 + ${u(11)} * 46) * interval '1 hour') end as started_at offset 0) s
  cross join lateral (select case when st.rank >= 4 then least($3::timestamptz, s.started_at + (40 + ${u(12)} * 200) * interval '1 minute') end as completed_at offset 0) c
  offset 0
) ts
cross join lateral (select
    case when not wa.with_asset then 'unknown' when g.day <= e.ends_on then 'in' else 'out' end as state,
    case when not wa.with_asset then 'no_start_date' when g.day <= e.ends_on then 'within_period' else 'expired' end as reason,
    case when wa.with_asset then e.ends_on end as ends_on
  from (select (p.purchased_on + p.warranty_months * interval '1 month' - interval '1 day')::date as ends_on offset 0) e
  offset 0
) w
`;

const EVENTS_SQL = `
insert into ticket_events (org_id, id, ticket_id, type, actor_id, at, from_status, to_status, details)
select org_id,
  (lpad(to_hex(floor(extract(epoch from created_at) * 1000)::bigint), 12, '0') || '7' || substr(md5(id::text), 1, 3) || '9'
    || substr(md5(id::text), 4, 15))::uuid,
  id, 'created', created_by, created_at, null, 'reported',
  jsonb_build_object('channel', channel, 'priority', priority, 'warranty', warranty, 'warrantyReason', warranty_reason)
from tickets
where org_id = $1 and created_at >= $2::timestamptz and created_at < $3::timestamptz
`;

async function pickProbes(sql: Sql, orgId: string, parties: Party[], dayRows: { day_idx: number; compact: string; cnt: number }[]) {
  // A number from the middle of the history, a phone of a customer who has called.
  const day = dayRows[Math.floor(dayRows.length / 2)]!;
  const number = `BX-${day.compact}-${String(Math.max(1, Math.floor(day.cnt / 3))).padStart(4, '0')}`;
  const [caller] = await sql.query<{ customer_id: string }>(
    `select customer_id from tickets where org_id = $1 and number = $2`,
    [orgId, number],
  );
  const party = parties.find((p) => p.customerId === caller?.customer_id) ?? parties[0]!;
  const phoneTail = party.phones[0]!.slice(-4);
  const [m] = await sql.query<{ n: number }>(
    `select count(*)::int as n from tickets where org_id = $1 and search_text like $2`,
    [orgId, `%${phoneTail}%`],
  );
  return { commonWord: '漏水', rareWord: '烧焦', phoneTail, number, phoneTailMatches: Number(m?.n ?? 0) };
}

/**
 * A new ticket's search columns as `createTicket` in tickets.service.ts computes them: the
 * number, the description, then the customer's and the asset's texts. The seed's SQL combines
 * the same pieces in the same order; `checkAgainstServer` holds this to the running code.
 */
export function ticketSearch(number: string, description: string, party: (string | null | undefined)[]) {
  return searchColumns(number, description, ...party);
}

export interface PartyRow {
  number: string;
  description: string;
  search_terms: string[];
  search_text: string;
  name: string;
  company_name: string | null;
  phones: string[];
  serial_number: string | null;
  plate: string | null;
  product_name: string | null;
}

/** Tickets with everything their search columns are made of, as the service reads it. */
export const PARTY_SQL = `select t.number, t.description, t.search_terms, t.search_text, c.name, c.company_name,
       array(select p.phone from customer_phones p where p.org_id = c.org_id and p.customer_id = c.id
             order by p.is_primary desc, p.created_at asc) as phones,
       a.serial_number, a.plate, a.product_name
     from tickets t
     join customers c on c.org_id = t.org_id and c.id = t.customer_id
     left join assets a on a.org_id = t.org_id and a.id = t.asset_id
     where t.org_id = $1`;

/** 'exact', 'order' (same terms in another order: searches find the same rows) or 'different'. */
export function compareSearch(r: PartyRow): 'exact' | 'order' | 'different' {
  const expected = ticketSearch(r.number, r.description, [r.name, r.company_name, ...r.phones, r.serial_number, r.plate, r.product_name, null, null]);
  if (expected.searchText !== r.search_text) return 'different';
  if (JSON.stringify(expected.searchTerms) === JSON.stringify(r.search_terms)) return 'exact';
  const a = [...expected.searchTerms].sort();
  const b = [...r.search_terms].sort();
  return JSON.stringify(a) === JSON.stringify(b) ? 'order' : 'different';
}

/** Recomputes a sample's search columns with the service's formula and compares. */
async function verifySample(sql: Sql, orgId: string, numbers: string[]) {
  const rows = await sql.query<PartyRow>(`${PARTY_SQL} and t.number in (select json_array_elements_text($2::json))`, [orgId, JSON.stringify(numbers)]);
  let withAsset = 0;
  for (const r of rows) {
    if (compareSearch(r) !== 'exact') {
      const expected = ticketSearch(r.number, r.description, [r.name, r.company_name, ...r.phones, r.serial_number, r.plate, r.product_name]);
      throw new Error(`seeded search columns differ from the formula for ${r.number}:\n  ${JSON.stringify(r.search_terms)}\n  ${JSON.stringify(expected.searchTerms)}\n  ${r.search_text}\n  ${expected.searchText}`);
    }
    if (r.serial_number) withAsset++;
  }
  if (rows.length === 0) throw new Error('nothing seeded');
  if (withAsset === 0 && rows.length > 50) throw new Error('no seeded ticket has an asset');
}
