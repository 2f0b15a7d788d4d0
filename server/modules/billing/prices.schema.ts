import { foreignKey, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, day, fen, id, orgId, updatedAt, version } from '../../db/columns';
import { customers } from '../customers/customers.schema';
import type { AssetKind, TechnicianGrade } from '../../../shared/domain';
import type { LabourUnit } from '../../../shared/contracts/billing-quotes';

/** E7: the organisation's labour rates, per hour or per person-day, optionally by asset kind, product line and grade. */
export const labourRates = pgTable(
  'labour_rates',
  {
    orgId: orgId(),
    id: id(),
    unit: text('unit').$type<LabourUnit>().notNull(),
    assetKind: text('asset_kind').$type<AssetKind>(),
    productLine: text('product_line'),
    grade: text('grade').$type<TechnicianGrade>(),
    rateFen: fen('rate_fen').notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.id] })],
);

/** R1: a customer's contract and the labour rates it fixes (its parts prices live in the parts catalogue). */
export const customerContracts = pgTable(
  'customer_contracts',
  {
    orgId: orgId(),
    id: id(),
    customerId: uuid('customer_id').notNull(),
    number: text('number').notNull(),
    dayRateFen: fen('day_rate_fen'),
    hourRateFen: fen('hour_rate_fen'),
    validFrom: day('valid_from'),
    validTo: day('valid_to'),
    note: text('note'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.orgId, t.id] }),
    uniqueIndex('customer_contracts_number_key').on(t.orgId, t.number),
    index('customer_contracts_customer_idx').on(t.orgId, t.customerId),
    foreignKey({ columns: [t.orgId, t.customerId], foreignColumns: [customers.orgId, customers.id] }),
  ],
);
