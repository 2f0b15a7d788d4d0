import { z } from 'zod';
import { ASSET_KINDS, WARRANTY_BASES, WARRANTY_STATES, WATCH_MOVEMENTS, WATER_RESISTANCE_GRADES, type AssetKind } from '../domain';
import { isoDay, optionalText, shortText, uuid } from './common';

/** A free key → value list for what an industry needs beyond the typed fields. */
const extra = z.record(z.string().max(60), z.union([z.string().max(500), z.number(), z.boolean()])).optional();

/** Typed attributes per asset kind (W1 watches, vehicles for A2, E9 equipment ledger…). */
export const ATTRIBUTE_SCHEMAS = {
  generic: z.strictObject({ extra }),
  watch: z.strictObject({
    movement: z.enum(WATCH_MOVEMENTS).optional(),
    waterResistance: z.enum(WATER_RESISTANCE_GRADES).optional(),
    reference: optionalText(60),
    caseMaterial: optionalText(60),
    extra,
  }),
  vehicle: z.strictObject({
    plate: z.string().trim().min(2).max(16),
    vin: z
      .string()
      .trim()
      .regex(/^[A-HJ-NPR-Z0-9]{17}$/i)
      .optional(),
    mileageKm: z.number().int().min(0).max(5_000_000).optional(),
    color: optionalText(30),
    engineNumber: optionalText(40),
    extra,
  }),
  equipment: z.strictObject({
    manufacturer: optionalText(100),
    location: optionalText(200),
    commissionedOn: isoDay.optional(),
    /** E9: the parameters set at commissioning. */
    commissioningParameters: z.record(z.string().max(60), z.string().max(200)).optional(),
    extra,
  }),
  machinery: z.strictObject({
    manufacturer: optionalText(100),
    engineHours: z.number().min(0).max(1_000_000).optional(),
    extra,
  }),
  appliance: z.strictObject({ extra }),
  property: z.strictObject({
    estate: optionalText(60),
    building: optionalText(20),
    unit: optionalText(20),
    room: optionalText(20),
    extra,
  }),
} satisfies Record<AssetKind, z.ZodType>;

export type AssetAttributes = { [K in AssetKind]: z.infer<(typeof ATTRIBUTE_SCHEMAS)[K]> };

export const createAssetBody = z.strictObject({
  customerId: uuid,
  /** Optional: a caller rarely reads the serial plate during the call; an empty one means not yet recorded. */
  serialNumber: z.string().trim().max(80).optional(),
  productName: optionalText(100),
  productId: uuid.nullish(),
  siteId: uuid.nullish(),
  kind: z.enum(ASSET_KINDS).optional(),
  brand: optionalText(60),
  model: optionalText(80),
  purchasedOn: isoDay.nullish(),
  installedOn: isoDay.nullish(),
  acceptedOn: isoDay.nullish(),
  warrantyBasis: z.enum(WARRANTY_BASES).optional(),
  warrantyMonths: z.number().int().min(0).max(1200).nullish(),
  /** Validated against the kind's schema in `ATTRIBUTE_SCHEMAS`. */
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type CreateAssetBody = z.infer<typeof createAssetBody>;

export const updateAssetBody = createAssetBody.omit({ customerId: true }).partial();

export const warrantyView = z.object({
  state: z.enum(WARRANTY_STATES),
  reason: z.string(),
  startsOn: z.string().nullable(),
  endsOn: z.string().nullable(),
});

export const assetView = z.object({
  id: uuid,
  customerId: uuid,
  productId: uuid.nullable(),
  siteId: uuid.nullable(),
  kind: z.enum(ASSET_KINDS),
  productName: z.string().nullable(),
  brand: z.string().nullable(),
  model: z.string().nullable(),
  serialNumber: z.string(),
  purchasedOn: z.string().nullable(),
  installedOn: z.string().nullable(),
  acceptedOn: z.string().nullable(),
  warrantyBasis: z.enum(WARRANTY_BASES),
  warrantyMonths: z.number().int().nullable(),
  plate: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()),
  /** Coverage today, in the organisation's time zone. */
  warranty: warrantyView,
  version: z.number().int(),
  createdAt: z.date(),
});
export type AssetView = z.infer<typeof assetView>;

/**
 * What a document kept with an asset is: C3 a proof of purchase (the warranty runs from it),
 * E8 manuals and acceptance certificates, E9 the ledger's other papers. The files route takes
 * it as the upload's `purpose`.
 */
export const ASSET_DOCUMENT_PURPOSES = ['proof_of_purchase', 'manual', 'certificate', 'document'] as const;
export type AssetDocumentPurpose = (typeof ASSET_DOCUMENT_PURPOSES)[number];

export const createProductBody = z.strictObject({
  name: shortText(100),
  brand: optionalText(60),
  model: optionalText(80),
  category: optionalText(60),
  kind: z.enum(ASSET_KINDS).optional(),
  warrantyMonths: z.number().int().min(0).max(1200).nullish(),
  warrantyBasis: z.enum(WARRANTY_BASES).nullish(),
});

/** Vehicle plates are matched without spaces, dots or case: 沪A·12345 = 沪a12345. */
export function normalizePlate(plate: string): string {
  return plate.normalize('NFKC').replace(/[\s·.-]/g, '').toUpperCase();
}
