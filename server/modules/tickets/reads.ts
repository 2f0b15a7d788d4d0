import type { SQL } from 'drizzle-orm';
import type { TicketListQuery, TicketView } from '../../../shared/contracts/tickets';
import { factsOf, type TicketHistory } from '../../../shared/ticket-facts';
import type { Db } from '../../db/client';
import { searchColumns } from '../../db/search';
import { notFound } from '../../errors';
import type { Actor } from '../identity';
import { exactIdentifierOf } from './exact-search';
import { signalsOf } from './ticket-history';
import { keysetPages } from '../../db/keyset';
import { toListItem, toTicketView } from './ticket-views';
import * as repo from './tickets.repository';
import { systemVisibility, visibilityOf, type TicketDeps } from './tickets.deps';

/** The ticket as this actor may see it, with what it points at. */
export async function loadView(deps: Pick<TicketDeps, 'db'>, actor: Actor, id: string, tx: Db = deps.db): Promise<TicketView> {
  const row = await repo.findTicket(tx, visibilityOf(actor), id);
  if (!row) throw notFound();
  const [references, crew] = await Promise.all([repo.findReferences(tx, actor.orgId, row.customerId, row.assetId, row.addressId), repo.findCrew(tx, actor.orgId, row.id)]);
  return toTicketView(actor, row, { ...references, crew });
}

function filterOf(actor: Actor, query: Omit<TicketListQuery, 'page' | 'pageSize'>) {
  return {
    q: query.q,
    status: query.status,
    priority: query.priority,
    type: query.type,
    channel: query.channel,
    warranty: query.warranty,
    customerId: query.customerId,
    assetId: query.assetId,
    assigneeId: query.assigneeId === 'me' ? actor.userId : query.assigneeId,
    createdBy: query.createdBy === 'me' ? actor.userId : query.createdBy,
    emergency: query.emergency,
    chased: query.chased,
    reportedFrom: query.reportedFrom ? new Date(query.reportedFrom) : undefined,
    reportedTo: query.reportedTo ? new Date(query.reportedTo) : undefined,
  };
}

export async function findTickets(deps: Pick<TicketDeps, 'db' | 'countLimit' | 'searchCountLimit'>, actor: Actor, query: TicketListQuery) {
  const filter: repo.TicketFilter = {
    ...filterOf(actor, query),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
    countLimit: query.q ? deps.searchCountLimit : deps.countLimit,
  };
  // An exact identifier goes straight to its b-tree; only when nothing has it does the
  // substring search look for it inside descriptions and names.
  const exact = query.q ? exactIdentifierOf(query.q) : null;
  const found = exact ? await repo.findTickets(deps.db, visibilityOf(actor), { ...filter, exact }) : null;
  const { items, total, totalExact } = found && found.total > 0 ? found : await repo.findTickets(deps.db, visibilityOf(actor), filter);
  return { items: items.map(toListItem), total, totalExact, page: query.page, pageSize: query.pageSize };
}

/**
 * Every ticket the list would show under the same filter and visibility, in its order, a keyset
 * page at a time: what an export reads. An exact identifier is tried first, as in the list.
 */
export async function* ticketPages(deps: Pick<TicketDeps, 'db'>, actor: Actor, query: Omit<TicketListQuery, 'page' | 'pageSize'>, pageSize: number) {
  const filter = filterOf(actor, query);
  const v = visibilityOf(actor);
  const exact = query.q ? exactIdentifierOf(query.q) : null;
  let chosen = exact ? { ...filter, exact } : filter;
  const read = async (after: repo.ListCursor | null, limit: number) => {
    const rows = await repo.findTicketsAfter(deps.db, v, chosen, after, limit);
    if (after || rows.length || chosen === filter) return rows;
    // Nothing has that exact identifier: the words search, as the list falls back to it.
    chosen = filter;
    return repo.findTicketsAfter(deps.db, v, chosen, null, limit);
  };
  for await (const rows of keysetPages(read, (last) => ({ reportedAt: last.reportedAt, id: last.id }), pageSize)) yield rows.map(toListItem);
}

/** What other modules know of a ticket they work on: its state, who leads it, what it is on. */
export interface TicketRef {
  id: string;
  number: string;
  type: repo.TicketRow['type'];
  status: repo.TicketRow['status'];
  customerId: string;
  addressId: string | null;
  assigneeId: string | null;
  assetId: string | null;
  assetKind: repo.AssetRef['kind'] | null;
  /** Whether the job is in warranty, and whether people caused the damage (E1: billed): what a part costs the customer (E5). */
  warranty: repo.TicketRow['warranty'];
  humanDamage: boolean;
  version: number;
}

async function refOf(tx: Db, row: repo.TicketRow): Promise<TicketRef> {
  const asset = row.assetId ? (await repo.findReferences(tx, row.orgId, row.customerId, row.assetId, null)).asset : null;
  return {
    id: row.id,
    number: row.number,
    type: row.type,
    status: row.status,
    customerId: row.customerId,
    addressId: row.addressId,
    assigneeId: row.assigneeId,
    assetId: row.assetId,
    assetKind: asset?.kind ?? null,
    warranty: row.warranty,
    humanDamage: row.humanDamage,
    version: row.version,
  };
}

/** For other modules: the ticket if the actor may see it, inside their transaction. */
export async function findVisible(tx: Db, actor: Actor, id: string): Promise<TicketRef | undefined> {
  const row = await repo.findTicket(tx, visibilityOf(actor), id);
  return row ? refOf(tx, row) : undefined;
}

/** For other modules: the ticket if the actor may see it, NOT_FOUND otherwise. */
export async function getVisible(tx: Db, actor: Actor, id: string): Promise<TicketRef> {
  const ref = await findVisible(tx, actor, id);
  if (!ref) throw notFound();
  return ref;
}

/**
 * For other modules' queries over `ticket_ref_v`: the tickets this actor may see, as a
 * condition (the same scopes as every ticket read here), so a queue of theirs shows no more.
 */
export function visibleTicketRefs(actor: Actor): SQL {
  return repo.visibleRefs(visibilityOf(actor));
}

/** For the SLA module: tickets with their facts and clock signals. */
export async function historiesOf(tx: Db, orgId: string, ids: string[]): Promise<TicketHistory[]> {
  const { rows, events } = await repo.findHistories(tx, orgId, ids);
  return rows.map((r) => ({
    ticketId: r.id,
    facts: factsOf(r, r.assetKind ? { kind: r.assetKind, productCategory: r.productCategory } : null),
    signals: signalsOf(r.reportedAt, events.get(r.id) ?? []),
  }));
}

/** What a ticket's search finds it by: its own words and those of its customer and asset. */
export function searchOf(
  ticket: Pick<repo.TicketRow, 'number' | 'description' | 'contactName' | 'contactPhone'>,
  references: Pick<repo.References, 'customer' | 'asset'>,
) {
  const { customer, asset } = references;
  return searchColumns(
    ticket.number,
    ticket.description,
    customer?.name,
    customer?.companyName,
    ...(customer?.phones ?? []),
    asset?.serialNumber,
    asset?.plate,
    asset?.productName,
    ticket.contactName,
    ticket.contactPhone,
  );
}

/** A customer's or asset's names and numbers are part of its tickets' search: they follow a change. */
export async function reindexTicketsOf(tx: Db, orgId: string, by: { customerId?: string; assetId?: string }) {
  const ids = await repo.findTicketIdsOf(tx, orgId, by);
  for (const ticketId of ids) {
    const row = await repo.findTicket(tx, systemVisibility(orgId), ticketId);
    if (!row) continue;
    const references = await repo.findReferences(tx, orgId, row.customerId, row.assetId, null);
    await repo.setSearch(tx, orgId, ticketId, searchOf(row, references));
  }
}
