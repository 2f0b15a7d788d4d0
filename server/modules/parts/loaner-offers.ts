import type { LoanerMatch } from '../../../shared/contracts/parts-loaners';

/** A unit as the ranking sees it: its product and where its pool is. */
export interface OfferCandidate {
  productId: string;
  locationName: string;
  serial: string;
  latitude: number | null;
  longitude: number | null;
}

export interface Point {
  latitude: number;
  longitude: number;
}

/** Great-circle distance in kilometres; close enough to say which pool or depot is nearer (loaner offers, H3 reservations). */
export function distanceKm(a: Point, b: Point): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * E3: "a loaner unit of equal or better specification". Units of the asset's own product come
 * first, then those of the products marked as its equivalents, in the order they were marked
 * (best first); units of any other product are not offered. Within one product the pool nearest
 * `near` comes first when both have coordinates (pools without come after those with), otherwise
 * by pool name; then by serial, so the order is the same on every call. Pure.
 */
export function rankOffers<U extends OfferCandidate>(units: readonly U[], productId: string, equivalentIds: readonly string[], near: Point | null): (U & { match: LoanerMatch })[] {
  const productRank = new Map<string, number>([[productId, 0]]);
  equivalentIds.forEach((id, i) => {
    if (!productRank.has(id)) productRank.set(id, i + 1);
  });
  const distance = (u: U) => (near && u.latitude !== null && u.longitude !== null ? distanceKm(near, { latitude: u.latitude, longitude: u.longitude }) : Number.POSITIVE_INFINITY);
  return units
    .filter((u) => productRank.has(u.productId))
    .map((u) => ({ u, rank: productRank.get(u.productId)!, km: distance(u) }))
    .sort((a, b) => a.rank - b.rank || a.km - b.km || a.u.locationName.localeCompare(b.u.locationName, 'zh-CN') || a.u.serial.localeCompare(b.u.serial))
    .map(({ u }) => ({ ...u, match: u.productId === productId ? ('same' as const) : ('equivalent' as const) }));
}
