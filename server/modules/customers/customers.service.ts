import { v7 as uuidv7 } from 'uuid';
import type { CustomerKind } from '../../../shared/domain';
import type { AddressInput, CreateCustomerBody, CustomerView } from '../../../shared/contracts/customers';
import { normalizePhone } from '../../../shared/phone';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { searchColumns } from '../../db/search';
import { keysetPages } from '../../db/keyset';
import { invalidReference, notFound } from '../../errors';
import type { Actor } from '../identity';
import * as repo from './customers.repository';

/** Called inside the transaction that changed a customer, so that records copying its name can follow. */
export type CustomerChangedListener = (tx: Db, orgId: string, customerId: string) => Promise<void>;

export interface CustomersOptions {
  db: Db;
  clock: () => Date;
}

export function formatAddress(a: Pick<repo.AddressRow, 'province' | 'city' | 'district' | 'line' | 'estate' | 'building' | 'unit' | 'room'>): string {
  const unit = [a.estate, a.building && `${a.building}栋`, a.unit && `${a.unit}单元`, a.room && `${a.room}室`].filter(Boolean).join('');
  return [a.province, a.city, a.district, a.line, unit].filter(Boolean).join(' ');
}

function toAddressView(a: repo.AddressRow) {
  return {
    id: a.id,
    label: a.label,
    province: a.province,
    city: a.city,
    district: a.district,
    line: a.line,
    estate: a.estate,
    building: a.building,
    unit: a.unit,
    room: a.room,
    isDefault: a.isDefault,
    invalidAt: a.invalidAt,
    full: formatAddress(a),
  };
}

function toView(row: repo.CustomerRow, phones: repo.PhoneRow[], addresses: repo.AddressRow[]): CustomerView {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    companyName: row.companyName,
    email: row.email,
    notes: row.notes,
    phones: phones.filter((p) => p.customerId === row.id).map((p) => ({ id: p.id, phone: p.phone, label: p.label, isPrimary: p.isPrimary })),
    addresses: addresses.filter((a) => a.customerId === row.id).map(toAddressView),
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function addressRow(orgId: string, customerId: string, input: AddressInput, isDefault: boolean) {
  return {
    orgId,
    id: uuidv7(),
    customerId,
    label: input.label ?? null,
    province: input.province ?? null,
    city: input.city ?? null,
    district: input.district ?? null,
    line: input.line,
    estate: input.estate ?? null,
    building: input.building ?? null,
    unit: input.unit ?? null,
    room: input.room ?? null,
    isDefault: input.isDefault ?? isDefault,
  };
}

/** A ticket or a task goes to one of the customer's own addresses. For callers that hold the address. */
export function checkAddressOfCustomer(address: { customerId: string } | null | undefined, customerId: string, field: string): void {
  if (address?.customerId !== customerId) throw invalidReference(field, 'errors.detail.addressNotOfCustomer');
}

/** A new customer's rows: the customer, its phones (the first primary, repeats dropped) and its default address. */
function customerRows(orgId: string, input: CreateCustomerBody) {
  const id = uuidv7();
  const phones = [{ phone: input.phone, label: null as string | null | undefined }, ...(input.phones ?? [])];
  const seen = new Set<string>();
  const phoneRows = phones
    .map((p) => ({ phone: normalizePhone(p.phone), label: p.label ?? null }))
    .filter((p) => (seen.has(p.phone) ? false : (seen.add(p.phone), true)))
    .map((p, i) => ({ orgId, id: uuidv7(), customerId: id, phone: p.phone, label: p.label, isPrimary: i === 0 }));
  const address: AddressInput | undefined = typeof input.address === 'string' ? { line: input.address } : input.address;
  return {
    customer: {
      orgId,
      id,
      kind: input.kind ?? (input.companyName ? 'company' : 'person'),
      name: input.name,
      companyName: input.companyName ?? null,
      email: input.email ?? null,
      notes: input.notes ?? null,
      ...searchColumns(input.name, input.companyName, input.email, ...phoneRows.map((p) => p.phone)),
    },
    phones: phoneRows,
    address: address ? addressRow(orgId, id, address, true) : null,
  };
}

export interface ContactInput {
  name: string;
  phone?: string | null | undefined;
  title?: string | null | undefined;
}

function contactRow(orgId: string, customerId: string, input: ContactInput) {
  return { orgId, id: uuidv7(), customerId, name: input.name, phone: input.phone ? normalizePhone(input.phone) : null, title: input.title ?? null };
}

export function createCustomerService(options: CustomersOptions) {
  const { db } = options;
  const changeListeners: CustomerChangedListener[] = [];

  /** Other modules that copy a customer's name or phones (a ticket's search) register here. */
  function onChanged(listener: CustomerChangedListener) {
    changeListeners.push(listener);
  }

  /** Recomputes what search finds a customer by; runs in the caller's transaction. */
  async function reindex(tx: Db, orgId: string, customerId: string) {
    const row = await repo.findCustomer(tx, orgId, customerId);
    if (!row) return;
    const phones = await repo.findPhones(tx, orgId, [customerId]);
    await repo.setSearch(tx, orgId, customerId, searchColumns(row.name, row.companyName, row.email, ...phones.map((p) => p.phone)));
    for (const listener of changeListeners) await listener(tx, orgId, customerId);
  }

  async function createCustomer(actor: Actor, input: CreateCustomerBody): Promise<CustomerView> {
    const rows = customerRows(actor.orgId, input);
    await db.transaction(async (tx) => {
      await repo.insertCustomer(tx, rows.customer);
      await repo.insertPhones(tx, rows.phones);
      if (rows.address) await repo.insertAddresses(tx, [rows.address]);
    });
    return getCustomer(actor, rows.customer.id);
  }

  /**
   * Many new customers at once, each with its contacts (an import, the demo data): the rows
   * `createCustomer` and `addContact` write, in one transaction and a statement per table.
   * Answers each one's id and default address, in the order given.
   */
  async function createCustomers(
    actor: Actor,
    inputs: { customer: CreateCustomerBody; contacts?: ContactInput[] }[],
  ): Promise<{ id: string; addressId: string | null }[]> {
    const made = inputs.map((input) => ({ ...customerRows(actor.orgId, input.customer), contacts: input.contacts ?? [] }));
    await db.transaction(async (tx) => {
      await repo.insertCustomers(tx, made.map((m) => m.customer));
      await repo.insertPhones(tx, made.flatMap((m) => m.phones));
      await repo.insertAddresses(tx, made.flatMap((m) => (m.address ? [m.address] : [])));
      await repo.insertContacts(tx, made.flatMap((m) => m.contacts.map((c) => contactRow(actor.orgId, m.customer.id, c))));
    });
    return made.map((m) => ({ id: m.customer.id, addressId: m.address?.id ?? null }));
  }

  async function getCustomer(actor: Actor, id: string): Promise<CustomerView> {
    const row = await repo.findCustomer(db, actor.orgId, id);
    if (!row || (actor.role === 'customer' && actor.customerId !== id)) throw notFound();
    const [phones, addresses] = await Promise.all([repo.findPhones(db, actor.orgId, [id]), repo.findAddresses(db, actor.orgId, [id])]);
    return toView(row, phones, addresses);
  }

  async function getCustomerDetail(actor: Actor, id: string) {
    const customer = await getCustomer(actor, id);
    const [contacts, sites] = await Promise.all([repo.findContacts(db, actor.orgId, id), repo.findSites(db, actor.orgId, id)]);
    return {
      ...customer,
      contacts: contacts.map((c) => ({ id: c.id, name: c.name, phone: c.phone, title: c.title })),
      sites: sites.map((s) => ({ id: s.id, name: s.name, address: s.address, omContractUntil: s.omContractUntil })),
    };
  }

  async function findCustomers(actor: Actor, filter: repo.CustomerFilter) {
    const { rows, total } = await repo.findCustomers(db, actor.orgId, filter);
    const ids = rows.map((r) => r.id);
    const [phones, addresses] = await Promise.all([repo.findPhones(db, actor.orgId, ids), repo.findAddresses(db, actor.orgId, ids)]);
    return { items: rows.map((r) => toView(r, phones, addresses)), total };
  }

  /** Every customer the list would show under `filter`, in its order, a keyset page at a time (for exports). */
  async function* customerPages(actor: Actor, filter: Omit<repo.CustomerFilter, 'limit' | 'offset'>, pageSize: number) {
    const pages = keysetPages(
      (after: { createdAt: Date; id: string } | null, limit) => repo.findCustomersAfter(db, actor.orgId, filter, after, limit),
      (last) => ({ createdAt: last.createdAt, id: last.id }),
      pageSize,
    );
    for await (const rows of pages) {
      const ids = rows.map((r) => r.id);
      const [phones, addresses] = await Promise.all([repo.findPhones(db, actor.orgId, ids), repo.findAddresses(db, actor.orgId, ids)]);
      yield rows.map((r) => toView(r, phones, addresses));
    }
  }

  async function updateCustomer(
    actor: Actor,
    id: string,
    version: number,
    changes: { name?: string | undefined; kind?: CustomerKind | undefined; companyName?: string | null | undefined; email?: string | null | undefined; notes?: string | null | undefined },
  ): Promise<CustomerView> {
    await db.transaction(async (tx) => {
      savedOrThrow(await repo.updateCustomer(tx, actor.orgId, id, version, changes), version);
      await reindex(tx, actor.orgId, id);
    });
    return getCustomer(actor, id);
  }

  async function addPhone(actor: Actor, customerId: string, input: { phone: string; label?: string | null | undefined }) {
    await db.transaction(async (tx) => {
      if (!(await repo.findCustomer(tx, actor.orgId, customerId))) throw notFound();
      const phone = normalizePhone(input.phone);
      const existing = await repo.findPhones(tx, actor.orgId, [customerId]);
      if (existing.some((p) => p.phone === phone)) return;
      await repo.insertPhones(tx, [
        { orgId: actor.orgId, id: uuidv7(), customerId, phone, label: input.label ?? null, isPrimary: existing.length === 0 },
      ]);
      await repo.updateCustomer(tx, actor.orgId, customerId, null, {});
      await reindex(tx, actor.orgId, customerId);
    });
    return getCustomer(actor, customerId);
  }

  async function removePhone(actor: Actor, customerId: string, phoneId: string) {
    await db.transaction(async (tx) => {
      if (!(await repo.deletePhone(tx, actor.orgId, customerId, phoneId))) throw notFound();
      await repo.updateCustomer(tx, actor.orgId, customerId, null, {});
      await reindex(tx, actor.orgId, customerId);
    });
    return getCustomer(actor, customerId);
  }

  async function addAddress(actor: Actor, customerId: string, input: AddressInput) {
    if (!(await repo.findCustomer(db, actor.orgId, customerId))) throw notFound();
    const existing = await repo.findAddresses(db, actor.orgId, [customerId]);
    await repo.insertAddresses(db, [addressRow(actor.orgId, customerId, input, existing.length === 0)]);
    return getCustomer(actor, customerId);
  }

  /**
   * H6: a visit found an address wrong. The wrong one is kept, marked, for the record; the
   * correction becomes the default.
   */
  async function correctAddress(actor: Actor, customerId: string, addressId: string, input: { invalid?: boolean | undefined; correction?: AddressInput | undefined }) {
    await db.transaction(async (tx) => {
      const address = await repo.findAddress(tx, actor.orgId, addressId);
      if (!address || address.customerId !== customerId) throw notFound();
      if (input.invalid !== undefined) {
        await repo.updateAddress(tx, actor.orgId, addressId, {
          invalidAt: input.invalid ? options.clock() : null,
          ...(input.invalid ? { isDefault: false } : {}),
        });
      }
      if (input.correction) {
        const others = await repo.findAddresses(tx, actor.orgId, [customerId]);
        for (const other of others.filter((a) => a.isDefault)) await repo.updateAddress(tx, actor.orgId, other.id, { isDefault: false });
        await repo.insertAddresses(tx, [addressRow(actor.orgId, customerId, { ...input.correction, isDefault: true }, true)]);
      }
      await repo.updateCustomer(tx, actor.orgId, customerId, null, {});
    });
    return getCustomer(actor, customerId);
  }

  async function addContact(actor: Actor, customerId: string, input: ContactInput) {
    if (!(await repo.findCustomer(db, actor.orgId, customerId))) throw notFound();
    await repo.insertContact(db, contactRow(actor.orgId, customerId, input));
    return getCustomerDetail(actor, customerId);
  }

  async function addSite(actor: Actor, customerId: string, input: { name: string; address?: string | null | undefined; omContractUntil?: string | null | undefined }) {
    if (!(await repo.findCustomer(db, actor.orgId, customerId))) throw notFound();
    const id = uuidv7();
    await repo.insertSite(db, { orgId: actor.orgId, id, customerId, name: input.name, address: input.address ?? null, omContractUntil: input.omContractUntil ?? null });
    return { id };
  }

  /** E4: sets (or ends, with null) the last day of a site's O&M contract, under which its assets are patrolled. */
  async function setSiteContract(actor: Actor, siteId: string, input: { omContractUntil: string | null }) {
    const row = await repo.updateSite(db, actor.orgId, siteId, { omContractUntil: input.omContractUntil });
    if (!row) throw notFound();
    return { id: row.id, name: row.name, address: row.address, omContractUntil: row.omContractUntil };
  }

  /** For other modules: a site's customer and O&M contract (undefined when the organisation has no such site). */
  async function findSite(orgId: string, siteId: string, tx: Db = db) {
    const row = await repo.findSite(tx, orgId, siteId);
    return row ? { id: row.id, customerId: row.customerId, name: row.name, omContractUntil: row.omContractUntil } : undefined;
  }

  /** For other modules: the O&M contract end of each of many sites that has one. */
  async function siteContracts(orgId: string, siteIds: string[]): Promise<Map<string, string>> {
    const rows = await repo.findSiteContracts(db, orgId, [...new Set(siteIds)]);
    return new Map(rows.map((r) => [r.id, r.omContractUntil]));
  }

  /** For other modules: refuses a reference to a customer the organisation does not have. */
  async function assertExists(tx: Db, orgId: string, customerId: string, field: string) {
    if (!(await repo.findCustomer(tx, orgId, customerId))) throw invalidReference(field, 'errors.detail.customerNotFound');
  }

  /** For other modules: as `assertExists`, for many references at once (`field` names the one that fails). */
  async function assertAllExist(tx: Db, orgId: string, refs: { customerId: string; field: string }[]) {
    const found = await repo.findExistingIds(tx, orgId, [...new Set(refs.map((r) => r.customerId))]);
    const missing = refs.find((r) => !found.has(r.customerId));
    if (missing) throw invalidReference(missing.field, 'errors.detail.customerNotFound');
  }

  /** For other modules: an asset may stand only at a site of its own customer. */
  async function assertSiteOf(tx: Db, orgId: string, siteId: string, customerId: string, field: string) {
    if ((await repo.findSiteCustomer(tx, orgId, siteId)) !== customerId) throw invalidReference(field, 'errors.NOT_FOUND');
  }

  /** For other modules: refuses an address that is not this customer's. */
  async function assertAddressOf(tx: Db, orgId: string, addressId: string, customerId: string, field: string) {
    const address = await repo.findAddress(tx, orgId, addressId);
    checkAddressOfCustomer(address, customerId, field);
    return address!;
  }

  return {
    createCustomer,
    createCustomers,
    getCustomer,
    getCustomerDetail,
    findCustomers,
    customerPages,
    updateCustomer,
    addPhone,
    removePhone,
    addAddress,
    correctAddress,
    addContact,
    addSite,
    setSiteContract,
    findSite,
    siteContracts,
    onChanged,
    assertExists,
    assertAllExist,
    assertAddressOf,
    assertSiteOf,
  };
}

export type CustomerService = ReturnType<typeof createCustomerService>;
