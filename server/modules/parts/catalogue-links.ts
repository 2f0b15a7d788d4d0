import { AppError, invalidReference, notFound } from '../../errors';
import type { AssetPartsView, ContractPricesBody, FitsBody, PartBrief, PartDetail, SubstituteView, SubstitutesBody } from '../../../shared/contracts/parts-catalogue';
import type { Actor } from '../identity';
import type { PartsDeps } from './parts.deps';
import * as repo from './parts.repository';
import * as links from './catalogue-links.repository';
import { customerContractPrices } from './ticket-parts.repository';
import { priceOf } from './pricing';
import { getPart } from './catalogue';

/* The catalogue's links: E5 substitutes and contract prices, A2 fits and the asset's parts. */

/** How many parts the asset lookup lists at most (a vehicle kind may fit a whole catalogue). */
const ASSET_PARTS_LIMIT = 500;

type BriefRow = Awaited<ReturnType<typeof links.substituteFor>>[number];
const toBrief = (r: BriefRow): PartBrief => ({
  id: r.id,
  number: r.number,
  name: r.name,
  category: r.category,
  unit: r.unit,
  retailPriceFen: r.retailPriceFen,
  contractPriceFen: r.contractPriceFen,
  discontinued: r.discontinued,
  onHand: Number(r.onHand),
  available: Number(r.available),
});

async function substitutesByPart(deps: PartsDeps, orgId: string, partIds: readonly string[]): Promise<Map<string, SubstituteView[]>> {
  const byPart = new Map<string, SubstituteView[]>();
  for (const row of await links.substitutesOf(deps.db, orgId, partIds)) {
    byPart.set(row.partId, [...(byPart.get(row.partId) ?? []), { ...toBrief(row), rank: row.rank }]);
  }
  return byPart;
}

/** One part with its substitutes (E5), what it stands in for, what it fits and its contract prices. */
export async function getPartDetail(deps: PartsDeps, actor: Actor, id: string): Promise<PartDetail> {
  const part = await getPart(deps, actor, id);
  const [subs, substituteFor, productIds, contractPrices, row] = await Promise.all([
    substitutesByPart(deps, actor.orgId, [id]),
    links.substituteFor(deps.db, actor.orgId, id),
    links.fitsOf(deps.db, actor.orgId, id),
    links.contractPricesOf(deps.db, actor.orgId, id),
    repo.findParts(deps.db, actor.orgId, [id]),
  ]);
  const names = productIds.length ? new Map((await deps.products.findProducts(actor)).map((p) => [p.id, p.name])) : new Map<string, string>();
  return {
    ...part,
    substitutes: subs.get(id) ?? [],
    substituteFor: substituteFor.map(toBrief),
    fits: {
      products: productIds.map((pid) => ({ id: pid, name: names.get(pid) ?? '' })).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
      kinds: (row[0]?.fitsKinds ?? []) as PartDetail['fits']['kinds'],
    },
    contractPrices,
  };
}

/**
 * E5: names the parts that replace this one, best first. A substitute must be another part of
 * the catalogue, named once; the part itself is refused.
 */
export async function replaceSubstitutes(deps: PartsDeps, actor: Actor, id: string, body: SubstitutesBody): Promise<PartDetail> {
  if (!(await repo.findParts(deps.db, actor.orgId, [id]))[0]) throw notFound('parts.errors.unknownPart');
  const fields: { field: string; code: 'invalid' | 'duplicate' | 'not_found'; message: 'parts.errors.substituteSelf' | 'parts.errors.duplicateSubstitute' | 'parts.errors.unknownPart' }[] = [];
  const seen = new Set<string>();
  body.substituteIds.forEach((sid, i) => {
    if (sid === id) fields.push({ field: `body.substituteIds.${i}`, code: 'invalid', message: 'parts.errors.substituteSelf' });
    else if (seen.has(sid)) fields.push({ field: `body.substituteIds.${i}`, code: 'duplicate', message: 'parts.errors.duplicateSubstitute' });
    seen.add(sid);
  });
  if (fields.length) throw new AppError('VALIDATION_FAILED', { fields });
  const found = new Set((await repo.findParts(deps.db, actor.orgId, body.substituteIds)).map((p) => p.id));
  const missing = body.substituteIds.findIndex((sid) => !found.has(sid));
  if (missing >= 0) throw invalidReference(`body.substituteIds.${missing}`, 'parts.errors.unknownPart');
  await deps.db.transaction((tx) => links.replaceSubstitutes(tx, actor.orgId, id, body.substituteIds));
  return getPartDetail(deps, actor, id);
}

/** A2: which products and asset kinds a part fits; both lists are replaced. */
export async function replaceFits(deps: PartsDeps, actor: Actor, id: string, body: FitsBody): Promise<PartDetail> {
  if (!(await repo.findParts(deps.db, actor.orgId, [id]))[0]) throw notFound('parts.errors.unknownPart');
  const productIds = [...new Set(body.productIds)];
  if (productIds.length) {
    const known = new Set((await deps.products.findProducts(actor)).map((p) => p.id));
    const missing = body.productIds.findIndex((pid) => !known.has(pid));
    if (missing >= 0) throw invalidReference(`body.productIds.${missing}`, 'parts.errors.unknownProduct');
  }
  await deps.db.transaction((tx) => links.replaceFits(tx, actor.orgId, id, productIds, [...new Set(body.kinds)]));
  return getPartDetail(deps, actor, id);
}

/** E5: the prices agreed with single customers for this part, replaced as a whole. */
export async function replaceContractPrices(deps: PartsDeps, actor: Actor, id: string, body: ContractPricesBody): Promise<PartDetail> {
  if (!(await repo.findParts(deps.db, actor.orgId, [id]))[0]) throw notFound('parts.errors.unknownPart');
  const seen = new Set<string>();
  const duplicate = body.prices.findIndex((p) => seen.size === seen.add(p.customerId).size);
  if (duplicate >= 0) throw new AppError('VALIDATION_FAILED', { fields: [{ field: `body.prices.${duplicate}.customerId`, code: 'duplicate', message: 'parts.errors.duplicateCustomer' }] });
  const known = new Set(await links.existingCustomers(deps.db, actor.orgId, body.prices.map((p) => p.customerId)));
  const missing = body.prices.findIndex((p) => !known.has(p.customerId));
  if (missing >= 0) throw invalidReference(`body.prices.${missing}.customerId`, 'parts.errors.unknownCustomer');
  await deps.db.transaction((tx) => links.replaceContractPrices(tx, actor.orgId, id, body.prices));
  return getPartDetail(deps, actor, id);
}

/**
 * A2: the phone number and plate find the vehicle, and the vehicle its parts: those that fit
 * its product or its kind, with retail and contract prices and what is available where. A
 * discontinued part shows its substitutes with their stock (E5).
 */
export async function partsForAsset(deps: PartsDeps, actor: Actor, assetId: string): Promise<AssetPartsView> {
  const asset = await links.findAssetRef(deps.db, actor.orgId, assetId);
  if (!asset) throw notFound();
  const rows = await links.partsFitting(deps.db, actor.orgId, asset, ASSET_PARTS_LIMIT);
  const discontinued = rows.filter((r) => r.discontinued).map((r) => r.id);
  const subs = await substitutesByPart(deps, actor.orgId, discontinued);
  const stock = await links.stockByLocation(deps.db, actor.orgId, rows.map((r) => r.id));
  const contract = new Map((await customerContractPrices(deps.db, actor.orgId, asset.customerId)).map((a) => [a.partId, a.priceFen]));
  // What the customer pays out of warranty, by the one price rule (pricing.ts); null when it is the retail price.
  const outOfWarranty = (r: (typeof rows)[number]) => {
    const price = priceOf(r, { warranty: 'out', humanDamage: false }, contract);
    return price.basis === 'retail' ? null : price.unitPriceFen;
  };
  const stockOf = new Map<string, AssetPartsView['items'][number]['stock']>();
  for (const s of stock) {
    stockOf.set(s.partId, [
      ...(stockOf.get(s.partId) ?? []),
      { locationId: s.locationId, locationName: s.locationName, locationKind: s.locationKind, onHand: s.onHand, available: Number((s.onHand - s.reserved).toFixed(3)) },
    ]);
  }
  return {
    asset: { id: asset.id, kind: asset.kind, productId: asset.productId, productName: asset.productName, plate: asset.plate, serialNumber: asset.serialNumber },
    items: rows.map((r) => ({
      ...toBrief(r),
      fitsBy: r.fitsBy,
      customerContractPriceFen: outOfWarranty(r),
      stock: stockOf.get(r.id) ?? [],
      substitutes: subs.get(r.id) ?? [],
    })),
  };
}
