import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { updateAtVersion, type Saved } from '../../db/versioned';
import { customerRefs } from '../customers';
import { customerContracts, labourRates } from './prices.schema';

export type LabourRateRow = typeof labourRates.$inferSelect;
export type ContractRow = typeof customerContracts.$inferSelect;

export async function listRates(db: Db, orgId: string): Promise<LabourRateRow[]> {
  return db.select().from(labourRates).where(eq(labourRates.orgId, orgId)).orderBy(asc(labourRates.unit), asc(labourRates.createdAt));
}

export async function insertRate(db: Db, row: typeof labourRates.$inferInsert) {
  const [saved] = await db.insert(labourRates).values(row).returning();
  return saved!;
}

export async function updateRate(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof labourRates.$inferInsert>): Promise<Saved<LabourRateRow>> {
  return updateAtVersion(db, labourRates, and(eq(labourRates.orgId, orgId), eq(labourRates.id, id)), version, changes);
}

export async function deleteRate(db: Db, orgId: string, id: string): Promise<boolean> {
  const rows = await db.delete(labourRates).where(and(eq(labourRates.orgId, orgId), eq(labourRates.id, id))).returning({ id: labourRates.id });
  return rows.length > 0;
}

const contractColumns = { contract: customerContracts, customerName: customerRefs.name };

export async function listContracts(db: Db, orgId: string, customerIds?: string[]) {
  const where = customerIds ? and(eq(customerContracts.orgId, orgId), inArray(customerContracts.customerId, customerIds)) : eq(customerContracts.orgId, orgId);
  return db
    .select(contractColumns)
    .from(customerContracts)
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, customerContracts.orgId), eq(customerRefs.id, customerContracts.customerId)))
    .where(where)
    .orderBy(asc(customerContracts.number));
}

export async function findContract(db: Db, orgId: string, id: string) {
  const [row] = await db
    .select(contractColumns)
    .from(customerContracts)
    .innerJoin(customerRefs, and(eq(customerRefs.orgId, customerContracts.orgId), eq(customerRefs.id, customerContracts.customerId)))
    .where(and(eq(customerContracts.orgId, orgId), eq(customerContracts.id, id)));
  return row;
}

export async function customerExists(db: Db, orgId: string, customerId: string): Promise<boolean> {
  const [row] = await db.select({ id: customerRefs.id }).from(customerRefs).where(and(eq(customerRefs.orgId, orgId), eq(customerRefs.id, customerId)));
  return row !== undefined;
}

export async function insertContract(db: Db, row: typeof customerContracts.$inferInsert) {
  await db.insert(customerContracts).values(row);
}

export async function updateContract(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof customerContracts.$inferInsert>): Promise<Saved<ContractRow>> {
  return updateAtVersion(db, customerContracts, and(eq(customerContracts.orgId, orgId), eq(customerContracts.id, id)), version, changes);
}
