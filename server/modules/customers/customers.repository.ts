import { and, asc, count, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { updateAtVersion } from '../../db/versioned';
import { searchCondition } from '../../db/search';
import { contacts, customerAddresses, customerPhones, customers, sites } from './customers.schema';

export type CustomerRow = typeof customers.$inferSelect;
export type PhoneRow = typeof customerPhones.$inferSelect;
export type AddressRow = typeof customerAddresses.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;
export type SiteRow = typeof sites.$inferSelect;

export async function insertCustomer(db: Db, row: typeof customers.$inferInsert) {
  await db.insert(customers).values(row);
}
export async function insertPhones(db: Db, rows: (typeof customerPhones.$inferInsert)[]) {
  if (rows.length) await db.insert(customerPhones).values(rows);
}
export async function insertAddresses(db: Db, rows: (typeof customerAddresses.$inferInsert)[]) {
  if (rows.length) await db.insert(customerAddresses).values(rows);
}
export async function insertCustomers(db: Db, rows: (typeof customers.$inferInsert)[]) {
  if (rows.length) await db.insert(customers).values(rows);
}
export async function insertContact(db: Db, row: typeof contacts.$inferInsert) {
  await db.insert(contacts).values(row);
}
export async function insertContacts(db: Db, rows: (typeof contacts.$inferInsert)[]) {
  if (rows.length) await db.insert(contacts).values(rows);
}
export async function insertSite(db: Db, row: typeof sites.$inferInsert) {
  await db.insert(sites).values(row);
}

export async function findCustomer(db: Db, orgId: string, id: string): Promise<CustomerRow | undefined> {
  const [row] = await db.select().from(customers).where(and(eq(customers.orgId, orgId), eq(customers.id, id)));
  return row;
}

/** Which of these ids name a customer of the organisation. */
export async function findExistingIds(db: Db, orgId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: customers.id }).from(customers).where(and(eq(customers.orgId, orgId), inArray(customers.id, ids)));
  return new Set(rows.map((r) => r.id));
}

export async function findPhones(db: Db, orgId: string, customerIds: string[]): Promise<PhoneRow[]> {
  if (!customerIds.length) return [];
  return db
    .select()
    .from(customerPhones)
    .where(and(eq(customerPhones.orgId, orgId), inArray(customerPhones.customerId, customerIds)))
    .orderBy(desc(customerPhones.isPrimary), asc(customerPhones.createdAt));
}

export async function findAddresses(db: Db, orgId: string, customerIds: string[]): Promise<AddressRow[]> {
  if (!customerIds.length) return [];
  return db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.orgId, orgId), inArray(customerAddresses.customerId, customerIds)))
    .orderBy(desc(customerAddresses.isDefault), asc(customerAddresses.createdAt));
}

export async function findAddress(db: Db, orgId: string, id: string): Promise<AddressRow | undefined> {
  const [row] = await db
    .select()
    .from(customerAddresses)
    .where(and(eq(customerAddresses.orgId, orgId), eq(customerAddresses.id, id)));
  return row;
}

export async function findContacts(db: Db, orgId: string, customerId: string): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.orgId, orgId), eq(contacts.customerId, customerId)))
    .orderBy(asc(contacts.createdAt));
}

export async function findSites(db: Db, orgId: string, customerId: string): Promise<SiteRow[]> {
  return db.select().from(sites).where(and(eq(sites.orgId, orgId), eq(sites.customerId, customerId))).orderBy(asc(sites.createdAt));
}

export interface CustomerFilter {
  q?: string | undefined;
  /** Exact phone (normalised digits): the caller-ID lookup. */
  phone?: string | undefined;
  ids?: string[] | undefined;
  limit: number;
  offset: number;
}

export async function findCustomers(db: Db, orgId: string, filter: CustomerFilter) {
  const conditions: SQL[] = [eq(customers.orgId, orgId)];
  if (filter.q) conditions.push(searchCondition(customers.searchTerms, customers.searchText, filter.q));
  if (filter.ids) conditions.push(inArray(customers.id, filter.ids.length ? filter.ids : ['00000000-0000-0000-0000-000000000000']));
  if (filter.phone) {
    conditions.push(
      sql`exists (select 1 from ${customerPhones} p where p.org_id = ${customers.orgId} and p.customer_id = ${customers.id} and p.phone = ${filter.phone})`,
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    // `nulls last` as in customers_org_created_idx; a plain `desc` (nulls first) matches no index.
    db.select().from(customers).where(where).orderBy(sql`${customers.createdAt} desc nulls last`, sql`${customers.id} desc nulls last`).limit(filter.limit).offset(filter.offset),
    db.select({ n: count() }).from(customers).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The list's customers after `after` (newest first, then by id), under the same filter: what an export reads by keyset. */
export async function findCustomersAfter(db: Db, orgId: string, filter: Omit<CustomerFilter, 'limit' | 'offset'>, after: { createdAt: Date; id: string } | null, limit: number) {
  const conditions: SQL[] = [eq(customers.orgId, orgId)];
  if (filter.q) conditions.push(searchCondition(customers.searchTerms, customers.searchText, filter.q));
  if (filter.ids) conditions.push(inArray(customers.id, filter.ids.length ? filter.ids : ['00000000-0000-0000-0000-000000000000']));
  if (filter.phone) {
    conditions.push(
      sql`exists (select 1 from ${customerPhones} p where p.org_id = ${customers.orgId} and p.customer_id = ${customers.id} and p.phone = ${filter.phone})`,
    );
  }
  if (after) conditions.push(sql`(${customers.createdAt}, ${customers.id}) < (${after.createdAt}, ${after.id})`);
  return db.select().from(customers).where(and(...conditions)).orderBy(sql`${customers.createdAt} desc nulls last`, sql`${customers.id} desc nulls last`).limit(limit);
}

export async function updateCustomer(db: Db, orgId: string, id: string, version: number | null, changes: Partial<typeof customers.$inferInsert>) {
  return updateAtVersion(db, customers, and(eq(customers.orgId, orgId), eq(customers.id, id)), version, { ...changes, updatedAt: new Date() });
}

export async function setSearch(db: Db, orgId: string, id: string, search: { searchTerms: string[]; searchText: string }) {
  await db.update(customers).set(search).where(and(eq(customers.orgId, orgId), eq(customers.id, id)));
}

export async function deletePhone(db: Db, orgId: string, customerId: string, phoneId: string): Promise<boolean> {
  const rows = await db
    .delete(customerPhones)
    .where(and(eq(customerPhones.orgId, orgId), eq(customerPhones.customerId, customerId), eq(customerPhones.id, phoneId)))
    .returning({ id: customerPhones.id });
  return rows.length > 0;
}

export async function updateAddress(db: Db, orgId: string, id: string, changes: Partial<typeof customerAddresses.$inferInsert>) {
  const [row] = await db
    .update(customerAddresses)
    .set(changes)
    .where(and(eq(customerAddresses.orgId, orgId), eq(customerAddresses.id, id)))
    .returning();
  return row;
}

/** The customer a site belongs to. */
export async function findSiteCustomer(db: Db, orgId: string, siteId: string): Promise<string | undefined> {
  const [row] = await db.select({ customerId: sites.customerId }).from(sites).where(and(eq(sites.orgId, orgId), eq(sites.id, siteId)));
  return row?.customerId;
}

export async function findSite(db: Db, orgId: string, siteId: string): Promise<SiteRow | undefined> {
  const [row] = await db.select().from(sites).where(and(eq(sites.orgId, orgId), eq(sites.id, siteId)));
  return row;
}

export async function updateSite(db: Db, orgId: string, siteId: string, changes: Partial<Pick<SiteRow, 'omContractUntil'>>): Promise<SiteRow | undefined> {
  const [row] = await db.update(sites).set(changes).where(and(eq(sites.orgId, orgId), eq(sites.id, siteId))).returning();
  return row;
}

/** Sites among `ids` with an O&M contract. */
export async function findSiteContracts(db: Db, orgId: string, ids: string[]): Promise<{ id: string; omContractUntil: string }[]> {
  if (!ids.length) return [];
  const rows = await db
    .select({ id: sites.id, omContractUntil: sites.omContractUntil })
    .from(sites)
    .where(and(eq(sites.orgId, orgId), inArray(sites.id, ids), isNotNull(sites.omContractUntil)));
  return rows.map((r) => ({ id: r.id, omContractUntil: r.omContractUntil! }));
}
