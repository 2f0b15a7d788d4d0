import { and, asc, desc, eq, exists, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { TimeEntryKind, TimeEntryStatus } from '../../../shared/contracts/fieldwork';
import type { Db } from '../../db/client';
import { updateAtVersion, type Saved } from '../../db/versioned';
import { people, type Actor } from '../identity';
import { ticketRefs, visibleTicketRefs } from '../tickets';
import { fieldSteps, signoffs, timeEntries, workReports } from './fieldwork.schema';

export type StepRow = typeof fieldSteps.$inferSelect;
export type EntryRow = typeof timeEntries.$inferSelect;
export type WorkReportRow = typeof workReports.$inferSelect;
export type SignoffRow = typeof signoffs.$inferSelect;

// --- steps ------------------------------------------------------------------------------------

/** One technician's steps on a job, in the order they happened. */
export async function findSteps(db: Db, orgId: string, ticketId: string, userId: string): Promise<StepRow[]> {
  return db
    .select()
    .from(fieldSteps)
    .where(and(eq(fieldSteps.orgId, orgId), eq(fieldSteps.ticketId, ticketId), eq(fieldSteps.userId, userId)))
    .orderBy(asc(fieldSteps.at), asc(fieldSteps.id));
}

export async function insertStep(db: Db, row: typeof fieldSteps.$inferInsert) {
  await db.insert(fieldSteps).values(row);
}

// --- work reports -----------------------------------------------------------------------------

export async function findWorkReport(db: Db, orgId: string, ticketId: string): Promise<WorkReportRow | undefined> {
  const [row] = await db.select().from(workReports).where(and(eq(workReports.orgId, orgId), eq(workReports.ticketId, ticketId)));
  return row;
}

export async function hasWorkReport(db: Db, orgId: string, ticketId: string): Promise<boolean> {
  const rows = await db.select({ id: workReports.ticketId }).from(workReports).where(and(eq(workReports.orgId, orgId), eq(workReports.ticketId, ticketId)));
  return rows.length > 0;
}

/** What a submitted report says; a second submission replaces the first. */
export type ReportContent = Omit<typeof workReports.$inferInsert, 'orgId' | 'ticketId' | 'receivedBy' | 'receivedAt' | 'callbackExplained' | 'callbackNote' | 'callbackBy' | 'callbackAt'>;

export async function upsertWorkReport(db: Db, orgId: string, ticketId: string, content: ReportContent) {
  await db
    .insert(workReports)
    .values({ orgId, ticketId, ...content })
    .onConflictDoUpdate({ target: [workReports.orgId, workReports.ticketId], set: content });
}

export async function updateWorkReport(db: Db, orgId: string, ticketId: string, changes: Partial<Omit<typeof workReports.$inferInsert, 'orgId' | 'ticketId'>>) {
  await db
    .update(workReports)
    .set(changes)
    .where(and(eq(workReports.orgId, orgId), eq(workReports.ticketId, ticketId)));
}

// --- sign-offs --------------------------------------------------------------------------------

export async function insertSignoff(db: Db, row: typeof signoffs.$inferInsert) {
  await db.insert(signoffs).values(row);
}

export async function insertSignoffs(db: Db, rows: (typeof signoffs.$inferInsert)[]) {
  if (rows.length) await db.insert(signoffs).values(rows);
}

export async function findSignoffs(db: Db, orgId: string, ticketId: string): Promise<SignoffRow[]> {
  return db
    .select()
    .from(signoffs)
    .where(and(eq(signoffs.orgId, orgId), eq(signoffs.ticketId, ticketId)))
    .orderBy(asc(signoffs.signedAt));
}

// --- time entries -----------------------------------------------------------------------------

/** One technician's entries on a job, in no particular order (re-deriving compares them). */
export async function findJobEntries(db: Db, orgId: string, ticketId: string, userId: string): Promise<EntryRow[]> {
  return db
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.orgId, orgId), eq(timeEntries.ticketId, ticketId), eq(timeEntries.userId, userId)));
}

/** Everyone's entries on a ticket, earliest first. */
export async function findTicketEntries(db: Db, orgId: string, ticketId: string): Promise<EntryRow[]> {
  return db
    .select()
    .from(timeEntries)
    .where(and(eq(timeEntries.orgId, orgId), eq(timeEntries.ticketId, ticketId)))
    .orderBy(asc(timeEntries.startedAt));
}

/**
 * Whose entries a list may show: one person's own, or those on the tickets a caller may see
 * (the tickets module's scope on `ticket_ref_v`), optionally of one person.
 */
export type EntryScope = { ownerId: string } | { ticketsVisibleTo: Actor; userId?: string | undefined };

export interface EntryFilter {
  status?: TimeEntryStatus | undefined;
  ticketId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

/** Entries of an organisation in scope, latest first. */
export async function findEntries(db: Db, orgId: string, scope: EntryScope, filter: EntryFilter): Promise<EntryRow[]> {
  return db
    .select()
    .from(timeEntries)
    .where(
      and(
        eq(timeEntries.orgId, orgId),
        filter.status ? eq(timeEntries.status, filter.status) : undefined,
        ...scoped(db, scope),
        filter.ticketId ? eq(timeEntries.ticketId, filter.ticketId) : undefined,
        filter.from ? gte(timeEntries.startedAt, filter.from) : undefined,
        filter.to ? lt(timeEntries.startedAt, filter.to) : undefined,
      ),
    )
    .orderBy(desc(timeEntries.startedAt))
    .limit(filter.limit);
}

/** An entry with what a spreadsheet shows of it: its ticket's number and its person's name. */
export interface NamedEntryRow {
  entry: EntryRow;
  ticketNumber: string | null;
  userName: string | null;
}

/**
 * The list's entries after `after` (latest first, then by id so the order is total): what an
 * export reads a keyset page at a time, under the same scope and filter as the list.
 */
export async function findEntriesAfter(db: Db, orgId: string, scope: EntryScope, filter: Omit<EntryFilter, 'limit'>, after: { startedAt: Date; id: string } | null, limit: number): Promise<NamedEntryRow[]> {
  return db
    .select({ entry: timeEntries, ticketNumber: ticketRefs.number, userName: people.name })
    .from(timeEntries)
    .leftJoin(ticketRefs, and(eq(ticketRefs.orgId, timeEntries.orgId), eq(ticketRefs.id, timeEntries.ticketId)))
    .leftJoin(people, and(eq(people.orgId, timeEntries.orgId), eq(people.id, timeEntries.userId)))
    .where(
      and(
        eq(timeEntries.orgId, orgId),
        filter.status ? eq(timeEntries.status, filter.status) : undefined,
        ...scoped(db, scope),
        filter.ticketId ? eq(timeEntries.ticketId, filter.ticketId) : undefined,
        filter.from ? gte(timeEntries.startedAt, filter.from) : undefined,
        filter.to ? lt(timeEntries.startedAt, filter.to) : undefined,
        after ? sql`(${timeEntries.startedAt}, ${timeEntries.id}) < (${after.startedAt}, ${after.id})` : undefined,
      ),
    )
    .orderBy(desc(timeEntries.startedAt), desc(timeEntries.id))
    .limit(limit);
}

function scoped(db: Db, scope: EntryScope): (SQL | undefined)[] {
  if ('ownerId' in scope) return [eq(timeEntries.userId, scope.ownerId)];
  const onVisibleTicket = exists(
    db
      .select({ one: sql`1` })
      .from(ticketRefs)
      .where(and(eq(ticketRefs.orgId, timeEntries.orgId), eq(ticketRefs.id, timeEntries.ticketId), visibleTicketRefs(scope.ticketsVisibleTo))),
  );
  return [scope.userId ? eq(timeEntries.userId, scope.userId) : undefined, onVisibleTicket];
}

export async function findEntry(db: Db, orgId: string, id: string): Promise<EntryRow | undefined> {
  const [row] = await db.select().from(timeEntries).where(and(eq(timeEntries.orgId, orgId), eq(timeEntries.id, id)));
  return row;
}

export async function insertEntries(db: Db, rows: (typeof timeEntries.$inferInsert)[]) {
  if (rows.length) await db.insert(timeEntries).values(rows);
}

export async function insertEntry(db: Db, row: typeof timeEntries.$inferInsert): Promise<EntryRow> {
  const [created] = await db.insert(timeEntries).values(row).returning();
  return created!;
}

export async function deleteEntries(db: Db, orgId: string, ids: string[]) {
  if (ids.length) await db.delete(timeEntries).where(and(eq(timeEntries.orgId, orgId), inArray(timeEntries.id, ids)));
}

/** Changes a draft still at `version` and marks it edited; undefined when it moved on or was approved. */
export async function updateDraft(
  db: Db,
  orgId: string,
  id: string,
  version: number,
  changes: { minutes?: number | undefined; kind?: TimeEntryKind | undefined; note?: string | null | undefined },
): Promise<Saved<EntryRow>> {
  const draft = and(eq(timeEntries.orgId, orgId), eq(timeEntries.id, id), eq(timeEntries.status, 'draft'));
  return updateAtVersion(db, timeEntries, draft, version, { ...changes, edited: true });
}

/** Approves a draft still at `version`; false when it moved on or was approved already. */
export async function approveDraft(db: Db, orgId: string, id: string, version: number, by: string, now: Date): Promise<boolean> {
  const draft = and(eq(timeEntries.orgId, orgId), eq(timeEntries.id, id), eq(timeEntries.status, 'draft'));
  return 'row' in (await updateAtVersion(db, timeEntries, draft, version, { status: 'approved', approvedBy: by, approvedAt: now }));
}
