import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { updateAtVersion, type Saved } from '../../db/versioned';
import { people } from '../identity';
import { ticketRefs } from '../tickets';
import { chargeAdjustments, charges } from './charges.schema';

export type ChargeRow = typeof charges.$inferSelect;
export type AdjustmentRow = typeof chargeAdjustments.$inferSelect;

export async function findCharge(db: Db, orgId: string, id: string, options: { lock?: boolean } = {}): Promise<ChargeRow | undefined> {
  const query = db.select().from(charges).where(and(eq(charges.orgId, orgId), eq(charges.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function findChargeOfTicket(db: Db, orgId: string, ticketId: string): Promise<ChargeRow | undefined> {
  const [row] = await db.select().from(charges).where(and(eq(charges.orgId, orgId), eq(charges.ticketId, ticketId)));
  return row;
}

export async function insertCharge(db: Db, row: typeof charges.$inferInsert) {
  await db.insert(charges).values(row);
}

export async function updateCharge(db: Db, orgId: string, id: string, version: number, changes: Partial<typeof charges.$inferInsert>): Promise<Saved<ChargeRow>> {
  return updateAtVersion(db, charges, and(eq(charges.orgId, orgId), eq(charges.id, id)), version, changes);
}

export async function listAdjustments(db: Db, orgId: string, chargeId: string) {
  return db
    .select({ adjustment: chargeAdjustments, createdByName: people.name })
    .from(chargeAdjustments)
    .leftJoin(people, and(eq(people.orgId, chargeAdjustments.orgId), eq(people.id, chargeAdjustments.createdBy)))
    .where(and(eq(chargeAdjustments.orgId, orgId), eq(chargeAdjustments.chargeId, chargeId)))
    .orderBy(asc(chargeAdjustments.createdAt), asc(chargeAdjustments.id));
}

export async function findAdjustment(db: Db, orgId: string, id: string, options: { lock?: boolean } = {}): Promise<AdjustmentRow | undefined> {
  const query = db.select().from(chargeAdjustments).where(and(eq(chargeAdjustments.orgId, orgId), eq(chargeAdjustments.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  return row;
}

export async function insertAdjustment(db: Db, row: typeof chargeAdjustments.$inferInsert) {
  await db.insert(chargeAdjustments).values(row);
}

export async function decideAdjustment(db: Db, orgId: string, id: string, changes: Partial<typeof chargeAdjustments.$inferInsert>) {
  await db.update(chargeAdjustments).set(changes).where(and(eq(chargeAdjustments.orgId, orgId), eq(chargeAdjustments.id, id)));
}

export async function personName(db: Db, orgId: string, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [row] = await db.select({ name: people.name }).from(people).where(and(eq(people.orgId, orgId), eq(people.id, id)));
  return row?.name ?? null;
}

/** When the ticket was completed (null while it is not): its repair's warranty runs from that day (M8). */
export async function completedAtOf(db: Db, orgId: string, ticketId: string): Promise<Date | null> {
  const [row] = await db.select({ completedAt: ticketRefs.completedAt }).from(ticketRefs).where(and(eq(ticketRefs.orgId, orgId), eq(ticketRefs.id, ticketId)));
  return row?.completedAt ?? null;
}
