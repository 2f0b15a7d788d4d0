import type { TicketView, UpdateTicketBody } from '../../../shared/contracts/tickets';
import { normalizePhone } from '../../../shared/phone';
import { localDate } from '../../../shared/time';
import { checkAddressOfCustomer } from '../customers';
import { checkAssetOfCustomer, warrantyOf } from '../assets';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import { recordEvent } from './event-log';
import { lockForChange, saveChange } from './lifecycle';
import { loadView, searchOf } from './reads';
import * as repo from './tickets.repository';
import type { TicketDeps } from './tickets.deps';

const SIMPLE_FIELDS = ['description', 'priority', 'type', 'emergency', 'estimatedValueFen', 'humanDamage', 'contactName'] as const;

/** Edits a ticket's fields; every changed field is recorded with its before and after. */
export async function updateTicket(deps: TicketDeps, actor: Actor, id: string, version: number, input: UpdateTicketBody): Promise<TicketView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockForChange(tx, actor, id, version);
    const org = await deps.getOrganisation(actor.orgId, tx);
    const changes: Partial<repo.TicketInsert> = {};
    for (const key of SIMPLE_FIELDS) {
      if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
    }
    if (input.contactPhone !== undefined) changes.contactPhone = input.contactPhone ? normalizePhone(input.contactPhone) : null;
    const assetId = input.assetId !== undefined ? (input.assetId ?? null) : row.assetId;
    const addressId = input.addressId !== undefined ? (input.addressId ?? null) : row.addressId;
    // One read of what the ticket will point at: the checks, the warranty and the search use it.
    const references = await repo.findReferences(tx, actor.orgId, row.customerId, assetId, addressId);
    if (input.assetId !== undefined) {
      if (input.assetId) checkAssetOfCustomer(references.asset, row.customerId, 'body.assetId');
      changes.assetId = assetId;
    }
    if (input.addressId !== undefined) {
      if (input.addressId) checkAddressOfCustomer(references.address, row.customerId, 'body.addressId');
      changes.addressId = addressId;
    }
    // Coverage follows the asset and damage flags unless a person decided it.
    if (input.warrantyOverride) {
      changes.warranty = input.warrantyOverride.state;
      changes.warrantyReason = `override:${input.warrantyOverride.note}`;
    } else if (changes.assetId !== undefined || changes.humanDamage !== undefined) {
      const decision = references.asset
        ? warrantyOf(references.asset, localDate(row.reportedAt, org.timeZone), org.settings.warranty.defaultMonths, changes.humanDamage ?? row.humanDamage)
        : { state: 'unknown' as const, reason: 'no_start_date' as const, endsOn: null };
      Object.assign(changes, { warranty: decision.state, warrantyReason: decision.reason, warrantyEndsOn: decision.endsOn });
    }
    const diff: Record<string, { from: unknown; to: unknown }> = {};
    for (const [key, value] of Object.entries(changes)) {
      const before = (row as Record<string, unknown>)[key];
      if (before !== value) diff[key] = { from: before ?? null, to: value ?? null };
    }
    if (Object.keys(diff).length === 0) return;
    await saveChange(tx, row, { ...changes, ...searchOf({ ...row, ...changes }, references) }, now);
    // Priority, type, value and asset choose the SLA policy: the clocks follow the event.
    await recordEvent(deps, tx, actor, row.id, { type: 'updated', details: { changes: diff } }, now, { touch: false });
  });
  return loadView(deps, actor, id);
}

/**
 * C3: a warranty decided by another module's step (a mail-in unit's proof of purchase), in the
 * caller's transaction: the ticket's warranty, its reason and last covered day, recorded as an
 * edit with before and after.
 */
export async function setWarrantyInTx(
  deps: TicketDeps,
  tx: Parameters<typeof lockForChange>[0],
  actor: Actor,
  id: string,
  decision: { state: repo.TicketRow['warranty']; reason: string; endsOn: string | null },
  now: Date,
): Promise<void> {
  const row = await lockForChange(tx, actor, id);
  const changes = { warranty: decision.state, warrantyReason: decision.reason, warrantyEndsOn: decision.endsOn };
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(changes)) {
    const before = (row as Record<string, unknown>)[key];
    if (before !== value) diff[key] = { from: before ?? null, to: value ?? null };
  }
  if (Object.keys(diff).length === 0) return;
  await saveChange(tx, row, changes, now);
  await recordEvent(deps, tx, actor, row.id, { type: 'updated', details: { changes: diff } }, now, { touch: false });
}

/**
 * R3: a person names another responsible contractor for the ticket (or none: the developer's
 * own), with the reason, in the caller's transaction. The `contractor_changed` event moves the
 * R4 clock: a ticket without a contractor has none.
 */
export async function setContractorInTx(deps: TicketDeps, tx: Db, actor: Actor, id: string, contractorId: string | null, reason: string, now: Date): Promise<void> {
  const row = await lockForChange(tx, actor, id);
  if (row.contractorId === contractorId) return;
  await saveChange(tx, row, { contractorId }, now);
  await recordEvent(deps, tx, actor, row.id, { type: 'contractor_changed', details: { fromId: row.contractorId, toId: contractorId, reason } }, now, { touch: false });
}
