import type { Harness } from '../../test/harness';
import type { CreatePartBody } from '../../../shared/contracts/parts';

/** A part of the catalogue, with defaults a test can override. */
export async function part(h: Harness, extra: Partial<CreatePartBody> = {}) {
  return h.services.parts.createPart(h.admin, {
    number: extra.number ?? `P-${Math.random().toString(36).slice(2, 8)}`,
    name: '压缩机电容',
    category: '电气件',
    unit: '个',
    costPriceFen: 12_00,
    retailPriceFen: 30_00,
    ...extra,
  });
}

export async function location(h: Harness, name: string, kind: 'warehouse' | 'depot' | 'van' | 'customer' = 'warehouse', ownerUserId?: string) {
  return h.services.parts.createLocation(h.admin, { name, kind, ownerUserId: ownerUserId ?? null });
}

/** Receives stock of parts into a location. */
export async function stock(h: Harness, locationId: string, lines: { partId: string; quantity: number; serials?: string[] }[]) {
  return h.services.parts.receive(h.admin, { locationId, lines });
}

/** What a part has at a location: on hand, reserved, available, in transit. */
export async function balanceOf(h: Harness, partId: string, locationId: string) {
  const [item] = await h.services.parts.listStock(h.admin, { partId, locationId });
  return item ?? { onHand: 0, reserved: 0, available: 0, inTransit: 0, serials: [] as string[] };
}
