import { z } from 'zod';
import { CUSTOMER_KINDS } from '../domain';
import { assetView } from './assets';
import { isoDay, optionalText, phone, shortText, uuid } from './common';

export const addressInput = z.strictObject({
  label: optionalText(40),
  province: optionalText(40),
  city: optionalText(40),
  district: optionalText(40),
  line: shortText(200),
  estate: optionalText(60),
  building: optionalText(20),
  unit: optionalText(20),
  room: optionalText(20),
  isDefault: z.boolean().optional(),
});
export type AddressInput = z.infer<typeof addressInput>;

export const phoneInput = z.strictObject({ phone, label: optionalText(20) });

export const createCustomerBody = z.strictObject({
  name: shortText(100),
  phone,
  /** A one-line address, or a structured one (with a property's 楼盘 / 楼栋 / 单元 / 房号). */
  address: z.union([shortText(200), addressInput]).optional(),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  companyName: optionalText(100),
  email: z.email().nullish(),
  notes: optionalText(2000),
  /** More phones beyond the first. */
  phones: z.array(phoneInput).max(10).optional(),
});
export type CreateCustomerBody = z.infer<typeof createCustomerBody>;

export const updateCustomerBody = z.strictObject({
  name: shortText(100).optional(),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  companyName: optionalText(100),
  email: z.email().nullish(),
  notes: optionalText(2000),
});

export const phoneView = z.object({ id: uuid, phone: z.string(), label: z.string().nullable(), isPrimary: z.boolean() });
export const addressView = z.object({
  id: uuid,
  label: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  line: z.string(),
  estate: z.string().nullable(),
  building: z.string().nullable(),
  unit: z.string().nullable(),
  room: z.string().nullable(),
  isDefault: z.boolean(),
  /** H6: a visit found this address wrong. */
  invalidAt: z.date().nullable(),
  full: z.string(),
});
export const contactView = z.object({ id: uuid, name: z.string(), phone: z.string().nullable(), title: z.string().nullable() });
/** A site; `omContractUntil`: the last day of its O&M contract (E4: its assets are patrolled until then). */
export const siteView = z.object({ id: uuid, name: z.string(), address: z.string().nullable(), omContractUntil: z.string().nullable() });

export const customerView = z.object({
  id: uuid,
  kind: z.enum(CUSTOMER_KINDS),
  name: z.string(),
  companyName: z.string().nullable(),
  email: z.string().nullable(),
  notes: z.string().nullable(),
  phones: z.array(phoneView),
  addresses: z.array(addressView),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type CustomerView = z.infer<typeof customerView>;

export const contactInput = z.strictObject({ name: shortText(60), phone: phone.nullish(), title: optionalText(40) });
export const siteInput = z.strictObject({ name: shortText(100), address: optionalText(200), omContractUntil: isoDay.nullish() });
export const siteContractBody = z.strictObject({ omContractUntil: isoDay.nullable() });
export const correctAddressBody = z.strictObject({
  /** H6: mark the address wrong (the visit could not find it)… */
  invalid: z.boolean().optional(),
  /** …and/or give the corrected one. */
  correction: addressInput.optional(),
});

/** A customer with their contacts, sites and assets: the customer page. */
export const customerDetail = customerView.extend({ contacts: z.array(contactView), sites: z.array(siteView), assets: z.array(assetView) });
export type CustomerDetail = z.infer<typeof customerDetail>;

/** A2: the caller's phone, name, plate or serial; what intake and booking type while the caller is on the line. */
export const lookupQuery = z.object({ q: z.string().trim().min(1).max(100) });
/** A customer found by the lookup, with their assets, to pick the one the call is about. */
export const lookupItem = customerView.extend({ assets: z.array(assetView) });
export type LookupItem = z.infer<typeof lookupItem>;
