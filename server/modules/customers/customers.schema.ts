import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, pgTable, pgView, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, id, instant, orgId, searchTerms, searchText, updatedAt, version } from '../../db/columns';
import { organisations } from '../identity/identity.schema';
import type { CustomerKind } from '../../../shared/domain';

/** People and companies the organisation serves (H1, D1). */
export const customers = pgTable(
  'customers',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    kind: text('kind').$type<CustomerKind>().notNull().default('person'),
    name: text('name').notNull(),
    /** H1: the company a person works for, or a company's registered name. */
    companyName: text('company_name'),
    email: text('email'),
    notes: text('notes'),
    searchTerms: searchTerms(),
    searchText: searchText(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('customers_org_created_idx').on(t.orgId, t.createdAt.desc(), t.id.desc()),
    index('customers_search_terms_idx').using('gin', t.searchTerms),
  ],
);

/** Several phones per customer; the caller's number finds them (A2, H1). Digits only. */
export const customerPhones = pgTable(
  'customer_phones',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    phone: text('phone').notNull(),
    label: text('label'),
    isPrimary: boolean('is_primary').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('customer_phones_org_phone_idx').on(t.orgId, t.phone),
    index('customer_phones_org_customer_idx').on(t.orgId, t.customerId),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }).onDelete('cascade'),
  ],
);

/**
 * Addresses, including a property owner's unit (楼盘 / 楼栋 / 单元 / 房号, R2–R3).
 * A wrong one is marked and corrected, never silently overwritten (H6).
 */
export const customerAddresses = pgTable(
  'customer_addresses',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    label: text('label'),
    province: text('province'),
    city: text('city'),
    district: text('district'),
    line: text('line').notNull(),
    estate: text('estate'),
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
    isDefault: boolean('is_default').notNull().default(false),
    /** Set when a visit finds the address wrong (H6). */
    invalidAt: instant('invalid_at'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('customer_addresses_org_customer_idx').on(t.orgId, t.customerId),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }).onDelete('cascade'),
  ],
);

/** People to talk to at a company customer. */
export const contacts = pgTable(
  'contacts',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    title: text('title'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('contacts_org_customer_idx').on(t.orgId, t.customerId),
    index('contacts_org_phone_idx').on(t.orgId, t.phone),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }).onDelete('cascade'),
  ],
);

/** Places where a customer's assets stand: a plant, a project, a shop (E4, E9). */
export const sites = pgTable(
  'sites',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    name: text('name').notNull(),
    address: text('address'),
    /** E4: the last day of the site's O&M contract (运维合同); its assets are patrolled until then. */
    omContractUntil: day('om_contract_until'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('sites_org_customer_idx').on(t.orgId, t.customerId),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }).onDelete('cascade'),
  ],
);

/**
 * Published: a customer as other modules show and search it, with its phones (primary first).
 * The phones are a correlated subquery, computed only when a query asks for them.
 */
export const customerRefs = pgView('customer_ref_v').as((qb) =>
  qb
    .select({
      orgId: customers.orgId,
      id: customers.id,
      kind: customers.kind,
      name: customers.name,
      companyName: customers.companyName,
      phones: sql<string[]>`coalesce((select array_agg(p.phone order by p.is_primary desc, p.created_at) from customer_phones p
        where p.org_id = customers.org_id and p.customer_id = customers.id), '{}'::text[])`.as('phones'),
    })
    .from(customers),
);

/** Published: a customer's addresses, for tickets, visits and tasks. */
export const addressRefs = pgView('address_ref_v').as((qb) =>
  qb
    .select({
      orgId: customerAddresses.orgId,
      id: customerAddresses.id,
      customerId: customerAddresses.customerId,
      province: customerAddresses.province,
      city: customerAddresses.city,
      district: customerAddresses.district,
      line: customerAddresses.line,
      estate: customerAddresses.estate,
      building: customerAddresses.building,
      unit: customerAddresses.unit,
      room: customerAddresses.room,
      isDefault: customerAddresses.isDefault,
      invalidAt: customerAddresses.invalidAt,
      createdAt: customerAddresses.createdAt,
    })
    .from(customerAddresses),
);

/** Published: which customer has which phone, so an exact number finds them on the phone index. */
export const customerPhoneRefs = pgView('customer_phone_v').as((qb) =>
  qb.select({ orgId: customerPhones.orgId, customerId: customerPhones.customerId, phone: customerPhones.phone }).from(customerPhones),
);
