import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { ATTRIBUTE_SCHEMAS, normalizePlate, type AssetView, type CreateAssetBody, type updateAssetBody } from '../../../shared/contracts/assets';
import type { AssetKind, WarrantyBasis } from '../../../shared/domain';
import { localDate } from '../../../shared/time';
import { decideWarranty, defaultBasis, type WarrantyDecision } from '../../../shared/warranty';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { searchColumns } from '../../db/search';
import { AppError, invalidReference, type FieldProblem, notFound } from '../../errors';
import type { Actor, Organisation } from '../identity';
import type { CustomerService } from '../customers';
import * as repo from './assets.repository';

/** Called inside the transaction that changed an asset, so that records copying its serial or plate can follow. */
export type AssetChangedListener = (tx: Db, orgId: string, assetId: string) => Promise<void>;

export interface AssetsOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  customers: Pick<CustomerService, 'assertExists' | 'assertAllExist' | 'assertSiteOf'>;
}

/** Checks `attributes` against the kind's schema; problems point at `body.attributes.<field>`. */
function parseAttributes(kind: AssetKind, attributes: unknown): Record<string, unknown> {
  const result = (ATTRIBUTE_SCHEMAS[kind] as z.ZodType).safeParse(attributes ?? {});
  if (result.success) return result.data as Record<string, unknown>;
  const fields: FieldProblem[] = result.error.issues.flatMap((issue): FieldProblem[] => {
    const path = ['body', 'attributes', ...issue.path.map(String)];
    // An unknown key is a problem of that key, so that the form can point at it.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...path, key].join('.'), code: issue.code, message: 'validation.unknownField', params: { keys: key } }));
    }
    return [
      {
        field: path.join('.'),
        code: issue.code,
        message: issue.code === 'invalid_value' ? 'validation.invalidOption' : 'validation.invalid',
        params: { options: 'values' in issue ? (issue.values as unknown[]).join(' | ') : '' },
      },
    ];
  });
  throw new AppError('VALIDATION_FAILED', { fields });
}

export function warrantyOf(row: Pick<repo.AssetRow, 'warrantyBasis' | 'purchasedOn' | 'installedOn' | 'acceptedOn' | 'warrantyMonths'>, day: string, defaultMonths: number, humanDamage = false): WarrantyDecision {
  return decideWarranty(
    {
      basis: row.warrantyBasis as WarrantyBasis,
      purchasedOn: row.purchasedOn,
      installedOn: row.installedOn,
      acceptedOn: row.acceptedOn,
      warrantyMonths: row.warrantyMonths,
    },
    day,
    defaultMonths,
    humanDamage,
  );
}

function searchOf(row: { serialNumber: string; productName?: string | null; brand?: string | null; model?: string | null; plate?: string | null }) {
  return searchColumns(row.serialNumber, row.productName, row.brand, row.model, row.plate);
}

/**
 * The one rule for naming an asset on a customer's behalf (a ticket, a booking): it exists in the
 * organisation and it is that customer's. For callers that already hold the asset's row.
 */
export function checkAssetOfCustomer(asset: { customerId: string } | null | undefined, customerId: string, field: string): void {
  if (!asset) throw invalidReference(field, 'errors.detail.assetNotFound');
  if (asset.customerId !== customerId) throw invalidReference(field, 'errors.detail.assetNotOfCustomer');
}

const productNotFound = (field: string) => invalidReference(field, 'errors.detail.productNotFound');

/** A new asset's row: what the body says, the product's kind, names and warranty terms where it is silent. */
function assetRow(orgId: string, input: CreateAssetBody, product: repo.ProductRow | undefined) {
  const kind = input.kind ?? product?.kind ?? 'generic';
  const attributes = parseAttributes(kind, input.attributes);
  const plate = typeof attributes.plate === 'string' ? normalizePlate(attributes.plate) : null;
  const row = {
    orgId,
    id: uuidv7(),
    customerId: input.customerId,
    productId: input.productId ?? null,
    siteId: input.siteId ?? null,
    kind,
    productName: input.productName ?? product?.name ?? null,
    brand: input.brand ?? product?.brand ?? null,
    model: input.model ?? product?.model ?? null,
    serialNumber: input.serialNumber ?? '',
    purchasedOn: input.purchasedOn ?? null,
    installedOn: input.installedOn ?? null,
    acceptedOn: input.acceptedOn ?? null,
    warrantyBasis: input.warrantyBasis ?? (product?.warrantyBasis as WarrantyBasis | null) ?? defaultBasis(input),
    warrantyMonths: input.warrantyMonths ?? product?.warrantyMonths ?? null,
    plate,
    attributes,
  };
  return { ...row, ...searchOf(row) };
}

export function createAssetService(options: AssetsOptions) {
  const { db, clock } = options;
  const changeListeners: AssetChangedListener[] = [];

  /** Other modules that copy an asset's serial or plate (a ticket's search) register here. */
  function onChanged(listener: AssetChangedListener) {
    changeListeners.push(listener);
  }

  async function toView(orgId: string, row: repo.AssetRow): Promise<AssetView> {
    const org = await options.getOrganisation(orgId);
    const warranty = warrantyOf(row, localDate(clock(), org.timeZone), org.settings.warranty.defaultMonths);
    return {
      id: row.id,
      customerId: row.customerId,
      productId: row.productId,
      siteId: row.siteId,
      kind: row.kind,
      productName: row.productName,
      brand: row.brand,
      model: row.model,
      serialNumber: row.serialNumber,
      purchasedOn: row.purchasedOn,
      installedOn: row.installedOn,
      acceptedOn: row.acceptedOn,
      warrantyBasis: row.warrantyBasis as WarrantyBasis,
      warrantyMonths: row.warrantyMonths,
      plate: row.plate,
      attributes: row.attributes as Record<string, unknown>,
      warranty,
      version: row.version,
      createdAt: row.createdAt,
    };
  }

  async function createAsset(actor: Actor, input: CreateAssetBody): Promise<AssetView> {
    await options.customers.assertExists(db, actor.orgId, input.customerId, 'body.customerId');
    const product = input.productId ? await repo.findProduct(db, actor.orgId, input.productId) : undefined;
    if (input.productId && !product) throw productNotFound('body.productId');
    if (input.siteId) await options.customers.assertSiteOf(db, actor.orgId, input.siteId, input.customerId, 'body.siteId');
    const row = assetRow(actor.orgId, input, product);
    await repo.insertAsset(db, row);
    return getAsset(actor, row.id);
  }

  /**
   * Many new assets at once (an import, the demo data), checked as `createAsset` checks each,
   * written in one statement. Answers their ids in the order given.
   */
  async function createAssets(actor: Actor, inputs: CreateAssetBody[]): Promise<string[]> {
    if (!inputs.length) return [];
    await options.customers.assertAllExist(db, actor.orgId, inputs.map((input, i) => ({ customerId: input.customerId, field: `${i}.customerId` })));
    const products = new Map((await repo.findProducts(db, actor.orgId)).map((p) => [p.id, p]));
    const rows: ReturnType<typeof assetRow>[] = [];
    for (const [i, input] of inputs.entries()) {
      const product = input.productId ? (products.get(input.productId) ?? (await repo.findProduct(db, actor.orgId, input.productId))) : undefined;
      if (input.productId && !product) throw productNotFound(`${i}.productId`);
      if (input.siteId) await options.customers.assertSiteOf(db, actor.orgId, input.siteId, input.customerId, `${i}.siteId`);
      rows.push(assetRow(actor.orgId, input, product));
    }
    await repo.insertAssets(db, rows);
    return rows.map((r) => r.id);
  }

  async function getAsset(actor: Actor, id: string): Promise<AssetView> {
    const row = await repo.findAsset(db, actor.orgId, id);
    if (!row || (actor.role === 'customer' && actor.customerId !== row.customerId)) throw notFound();
    return toView(actor.orgId, row);
  }

  async function findAssets(actor: Actor, filter: repo.AssetFilter) {
    const scoped = actor.role === 'customer' ? { ...filter, customerId: actor.customerId ?? '00000000-0000-0000-0000-000000000000' } : filter;
    const normalized = {
      ...scoped,
      ...(scoped.plate ? { plate: normalizePlate(scoped.plate) } : {}),
      ...(scoped.q ? { qPlate: normalizePlate(scoped.q) } : {}),
    };
    const { rows, total } = await repo.findAssets(db, actor.orgId, normalized);
    return { items: await Promise.all(rows.map((r) => toView(actor.orgId, r))), total };
  }

  async function updateAsset(actor: Actor, id: string, version: number, input: z.infer<typeof updateAssetBody>): Promise<AssetView> {
    await db.transaction(async (tx) => {
      const current = await repo.findAsset(tx, actor.orgId, id);
      if (!current) throw notFound();
      if (input.productId && !(await repo.findProduct(tx, actor.orgId, input.productId))) {
        throw invalidReference('body.productId', 'errors.detail.productNotFound');
      }
      if (input.siteId) await options.customers.assertSiteOf(tx, actor.orgId, input.siteId, current.customerId, 'body.siteId');
      const kind = input.kind ?? current.kind;
      const attributes = input.attributes !== undefined || input.kind ? parseAttributes(kind, input.attributes ?? current.attributes) : undefined;
      const plate = attributes ? (typeof attributes.plate === 'string' ? normalizePlate(attributes.plate) : null) : current.plate;
      const merged = { ...current, ...stripUndefined(input), kind, plate };
      savedOrThrow(await repo.updateAsset(tx, actor.orgId, id, version, {
        ...stripUndefined(input),
        kind,
        plate,
        ...(attributes ? { attributes } : {}),
        ...searchOf(merged),
      }), version);
      for (const listener of changeListeners) await listener(tx, actor.orgId, id);
    });
    return getAsset(actor, id);
  }

  async function createProduct(actor: Actor, input: { name: string; brand?: string | null | undefined; model?: string | null | undefined; category?: string | null | undefined; kind?: AssetKind | undefined; warrantyMonths?: number | null | undefined; warrantyBasis?: WarrantyBasis | null | undefined }) {
    const id = uuidv7();
    await repo.insertProduct(db, {
      orgId: actor.orgId,
      id,
      name: input.name,
      brand: input.brand ?? null,
      model: input.model ?? null,
      category: input.category ?? null,
      kind: input.kind ?? 'generic',
      warrantyMonths: input.warrantyMonths ?? null,
      warrantyBasis: input.warrantyBasis ?? null,
    });
    return { id };
  }

  async function findProducts(actor: Actor) {
    const rows = await repo.findProducts(db, actor.orgId);
    return rows.map((p) => ({ id: p.id, name: p.name, brand: p.brand, model: p.model, category: p.category, kind: p.kind, warrantyMonths: p.warrantyMonths, warrantyBasis: p.warrantyBasis as WarrantyBasis | null }));
  }

  /** For other modules: refuses an asset the organisation does not have, or one of another customer. */
  async function assertOfCustomer(tx: Db, orgId: string, assetId: string, customerId: string, field: string) {
    const asset = await repo.findAsset(tx, orgId, assetId);
    checkAssetOfCustomer(asset, customerId, field);
    return asset!;
  }

  /** For other modules (maintenance plans): a page of the assets a plan may name, by id after `afterId`. */
  async function plannableAssets(orgId: string, afterId: string | null, limit: number) {
    return (await repo.findPlannableAssets(db, orgId, afterId, limit)).map((row) => ({
      id: row.id,
      customerId: row.customerId,
      siteId: row.siteId,
      kind: row.kind,
      productName: row.productName,
      serialNumber: row.serialNumber,
      purchasedOn: row.purchasedOn,
      installedOn: row.installedOn,
      acceptedOn: row.acceptedOn,
      warrantyBasis: row.warrantyBasis,
      warrantyMonths: row.warrantyMonths,
      attributes: row.attributes as Record<string, unknown>,
    }));
  }

  return { createAsset, createAssets, getAsset, findAssets, updateAsset, createProduct, findProducts, onChanged, assertOfCustomer, plannableAssets };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export type AssetService = ReturnType<typeof createAssetService>;
