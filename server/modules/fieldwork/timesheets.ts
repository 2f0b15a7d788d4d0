import type { Readable } from 'node:stream';
import { v7 as uuidv7 } from 'uuid';
import type { TimeEntryKind, TransportMode, WaitReason } from '../../../shared/contracts/fieldwork';
import { enumLabel, t, type Locale } from '../../../shared/i18n';
import { localDateTime } from '../../../shared/time';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, notFound } from '../../errors';
import { keysetPages } from '../../db/keyset';
import { EXPORT_PAGE, streamSheet } from '../../http/xlsx';
import { isExternal, type Actor } from '../identity';
import * as repo from './fieldwork.repository';
import type { FieldworkDeps } from './fieldwork.deps';
import { deriveTimeEntries, type Step } from './time-entries';

/*
 * Time entries (M3, M4): drafts derived from each technician's steps, listed, adjusted and
 * approved by a supervisor, and corrected by a new entry once approved.
 */

export const toStep = (r: repo.StepRow): Step => ({
  kind: r.kind as Step['kind'],
  at: r.at.getTime(),
  transport: (r.transport as TransportMode | null) ?? null,
  waitReason: (r.waitReason as WaitReason | null) ?? null,
});

/**
 * An entry as the API shows it. Customers and contractors see the hours on their own jobs, as
 * the printed work order shows them, but not the note (a supervisor's reason for a change).
 */
export function entryView(r: repo.EntryRow, viewer?: Pick<Actor, 'role'>) {
  return {
    id: r.id,
    ticketId: r.ticketId,
    userId: r.userId,
    kind: r.kind as TimeEntryKind,
    transport: r.transport as TransportMode | null,
    waitReason: r.waitReason as WaitReason | null,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    minutes: r.minutes,
    status: r.status as 'draft' | 'approved',
    edited: r.edited,
    correctsId: r.correctsId,
    note: viewer && isExternal(viewer) ? null : r.note,
    approvedBy: r.approvedBy,
    approvedAt: r.approvedAt,
    version: r.version,
  };
}
export type TimeEntryView = ReturnType<typeof entryView>;

/**
 * Replaces a technician's derived drafts for a job with what the steps now say. Approved
 * entries and drafts a supervisor edited stay as they are.
 */
export async function rederive(tx: Db, orgId: string, ticketId: string, userId: string) {
  const derived = deriveTimeEntries((await repo.findSteps(tx, orgId, ticketId, userId)).map(toStep));
  const existing = await repo.findJobEntries(tx, orgId, ticketId, userId);
  const kept = existing.filter((e) => e.status === 'approved' || e.edited || e.correctsId);
  await repo.deleteEntries(
    tx,
    orgId,
    existing.filter((e) => !kept.includes(e)).map((e) => e.id),
  );
  const covered = (d: { kind: string; startedAt: number }) => kept.some((k) => k.kind === d.kind && k.startedAt.getTime() === d.startedAt && !k.correctsId);
  await repo.insertEntries(
    tx,
    derived
      .filter((d) => !covered(d))
      .map((d) => ({
        orgId,
        id: uuidv7(),
        ticketId,
        userId,
        kind: d.kind,
        transport: d.transport,
        waitReason: d.waitReason,
        startedAt: new Date(d.startedAt),
        endedAt: new Date(d.endedAt),
        minutes: d.minutes,
      })),
  );
}

export interface EntryListFilter extends repo.EntryFilter {
  userId?: string | undefined;
}

/**
 * S7: a technician lists their own entries, wherever they worked; everyone else lists the
 * entries on the tickets they may see: supervisors and office staff the organisation's, a
 * customer or contractor only those on their own jobs (without notes).
 */
export async function findEntries(deps: FieldworkDeps, actor: Actor, filter: EntryListFilter) {
  const { userId, ...rest } = filter;
  const scope: repo.EntryScope = actor.role === 'technician' ? { ownerId: actor.userId } : { ticketsVisibleTo: actor, userId };
  const rows = await repo.findEntries(deps.db, actor.orgId, scope, rest);
  return rows.map((r) => entryView(r, actor));
}

/**
 * The same entries as `findEntries`, as Excel, read a keyset page at a time and written as they
 * are read. Instants in the organisation's zone; notes left out where the list leaves them out.
 */
export async function exportEntries(deps: FieldworkDeps, actor: Actor, locale: Locale, filter: Omit<EntryListFilter, 'limit'>): Promise<Readable> {
  const { userId, ...rest } = filter;
  const scope: repo.EntryScope = actor.role === 'technician' ? { ownerId: actor.userId } : { ticketsVisibleTo: actor, userId };
  const { timeZone } = await deps.getOrganisation(actor.orgId);
  const pages = keysetPages(
    (after: { startedAt: Date; id: string } | null, limit) => repo.findEntriesAfter(deps.db, actor.orgId, scope, rest, after, limit),
    (last) => ({ startedAt: last.entry.startedAt, id: last.entry.id }),
    EXPORT_PAGE,
  );
  async function* rows() {
    for await (const page of pages) {
      yield page.map((r) => {
        const e = entryView(r.entry, actor);
        return {
          technician: r.userName ?? '',
          ticket: r.ticketNumber ?? '',
          kind: enumLabel(locale, 'timeEntryKind', e.kind) + (e.correctsId ? ` (${t(locale, 'timesheet.correction')})` : ''),
          detail: e.transport ? enumLabel(locale, 'transport', e.transport) : e.waitReason ? enumLabel(locale, 'waitReason', e.waitReason) : '',
          from: localDateTime(e.startedAt, timeZone),
          to: localDateTime(e.endedAt, timeZone),
          minutes: e.minutes,
          status: t(locale, e.status === 'approved' ? 'timesheet.approved' : 'timesheet.draft'),
          note: e.note ?? '',
        };
      });
    }
  }
  return streamSheet(
    t(locale, 'nav.timesheets'),
    [
      { key: 'technician', header: t(locale, 'timesheet.technician'), width: 12 },
      { key: 'ticket', header: t(locale, 'ticket.number'), width: 20 },
      { key: 'kind', header: t(locale, 'timesheet.kind'), width: 12 },
      { key: 'detail', header: t(locale, 'timesheet.detail'), width: 12 },
      { key: 'from', header: t(locale, 'timesheet.from'), width: 17 },
      { key: 'to', header: t(locale, 'timesheet.to'), width: 17 },
      { key: 'minutes', header: t(locale, 'timesheet.minutes'), width: 8 },
      { key: 'status', header: t(locale, 'ticket.status'), width: 8 },
      { key: 'note', header: t(locale, 'timesheet.note'), width: 30 },
    ],
    rows(),
  );
}

/** A supervisor adjusts a draft (M3: the hours are "as approved"). */
export async function editEntry(
  deps: FieldworkDeps,
  actor: Actor,
  id: string,
  version: number,
  changes: { minutes?: number | undefined; kind?: TimeEntryKind | undefined; note?: string | null | undefined },
) {
  const row = await repo.findEntry(deps.db, actor.orgId, id);
  if (!row) throw notFound();
  if (row.status === 'approved') throw new AppError('ENTRY_APPROVED');
  return entryView(savedOrThrow(await repo.updateDraft(deps.db, actor.orgId, id, version, changes), version));
}

/** Approves drafts at the versions the supervisor saw; a draft that changed since is left and reported. */
export async function approveEntries(deps: FieldworkDeps, actor: Actor, items: { id: string; version: number }[]) {
  const now = deps.clock();
  const approved: string[] = [];
  const conflicts: string[] = [];
  await deps.db.transaction(async (tx) => {
    for (const item of items) {
      (await repo.approveDraft(tx, actor.orgId, item.id, item.version, actor.userId, now) ? approved : conflicts).push(item.id);
    }
  });
  return { approved, conflicts };
}

/** An approved entry is corrected by a new entry of the difference, with the reason. */
export async function correctEntry(deps: FieldworkDeps, actor: Actor, id: string, body: { minutes: number; note: string }) {
  const row = await repo.findEntry(deps.db, actor.orgId, id);
  if (!row) throw notFound();
  const created = await repo.insertEntry(deps.db, {
    orgId: actor.orgId,
    id: uuidv7(),
    ticketId: row.ticketId,
    userId: row.userId,
    kind: row.kind,
    transport: row.transport,
    waitReason: row.waitReason,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    minutes: body.minutes,
    correctsId: row.id,
    note: body.note,
    edited: true,
  });
  return entryView(created);
}
