import { and, eq, sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgTable, pgView, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, id, orgId, searchTerms, searchText, updatedAt, version } from '../../db/columns';
import { organisations } from '../identity/identity.schema';
import { customers, sites } from '../customers/customers.schema';
import type { AssetKind, WarrantyBasis } from '../../../shared/domain';

/** What the organisation services: a model, with its default warranty terms. */
export const products = pgTable(
  'products',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    name: text('name').notNull(),
    brand: text('brand'),
    model: text('model'),
    /** Product line, for skills and reports (T1, C5). */
    category: text('category'),
    kind: text('kind').$type<AssetKind>().notNull().default('generic'),
    warrantyMonths: integer('warranty_months'),
    warrantyBasis: text('warranty_basis').$type<WarrantyBasis>(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] }), index('products_org_name_idx').on(t.orgId, t.name)],
);

/**
 * One serviced thing: a watch, a vehicle, a machine, an installed system, a flat.
 * Typed per-industry fields live in `attributes`, validated by `asset-attributes.ts`.
 */
export const assets = pgTable(
  'assets',
  {
    orgId: orgId().references(() => organisations.id),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    productId: uuid('product_id'),
    siteId: uuid('site_id'),
    kind: text('kind').$type<AssetKind>().notNull().default('generic'),
    productName: text('product_name'),
    brand: text('brand'),
    model: text('model'),
    /** Empty while not yet recorded (taken on the phone, read off the plate at the visit). */
    serialNumber: text('serial_number').notNull(),
    purchasedOn: day('purchased_on'),
    installedOn: day('installed_on'),
    acceptedOn: day('accepted_on'),
    /** Which date the warranty runs from (E1 acceptance, C3 purchase). */
    warrantyBasis: text('warranty_basis').$type<WarrantyBasis>().notNull().default('purchase'),
    /** null: the product's, else the organisation's default. */
    warrantyMonths: integer('warranty_months'),
    /** Vehicle plate, normalised, pulled out of attributes so that a caller's plate finds it (A2). */
    plate: text('plate'),
    attributes: jsonb('attributes').notNull().default({}),
    /** The contractor responsible for it (R3); the contractors module owns that table. */
    contractorId: uuid('contractor_id'),
    searchTerms: searchTerms(),
    searchText: searchText(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    index('assets_org_customer_idx').on(t.orgId, t.customerId),
    index('assets_org_serial_idx').on(t.orgId, t.serialNumber),
    index('assets_org_plate_idx').on(t.orgId, t.plate),
    index('assets_search_terms_idx').using('gin', t.searchTerms),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
    foreignKey({ columns: [t.orgId, t.productId], foreignColumns: [products.orgId, products.id] }),
    foreignKey({ columns: [t.orgId, t.siteId], foreignColumns: [sites.orgId, sites.id] }),
  ],
);

/** Published: an asset as other modules show it and decide by it (warranty terms, product line). */
export const assetRefs = pgView('asset_ref_v').as((qb) =>
  qb
    .select({
      orgId: assets.orgId,
      id: assets.id,
      customerId: assets.customerId,
      kind: assets.kind,
      serialNumber: assets.serialNumber,
      productId: assets.productId,
      productName: assets.productName,
      brand: assets.brand,
      model: assets.model,
      plate: assets.plate,
      purchasedOn: assets.purchasedOn,
      installedOn: assets.installedOn,
      acceptedOn: assets.acceptedOn,
      warrantyBasis: assets.warrantyBasis,
      warrantyMonths: assets.warrantyMonths,
      contractorId: assets.contractorId,
      /** The product line (T1, C5): skills, SLA policies and reports group by it. */
      productCategory: sql<string | null>`${products.category}`.as('product_category'),
    })
    .from(assets)
    .leftJoin(products, and(eq(products.orgId, assets.orgId), eq(products.id, assets.productId))),
);

/** Published: a product as other modules name it (a loaner pool's product, the parts that fit it). */
export const productRefs = pgView('product_ref_v').as((qb) =>
  qb
    .select({
      orgId: products.orgId,
      id: products.id,
      name: products.name,
      brand: products.brand,
      model: products.model,
      category: products.category,
      kind: products.kind,
    })
    .from(products),
);
