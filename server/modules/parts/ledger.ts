import { v7 as uuidv7 } from 'uuid';
import { AppError, fieldError } from '../../errors';
import type { Db } from '../../db/client';
import type { Actor } from '../identity';
import type { MoveKind } from '../../../shared/contracts/parts';
import * as repo from './parts.repository';
import * as bulk from './ledger-bulk.repository';

/**
 * One line of a movement: what changes at one location for one part. A unit leaving is a
 * negative `onHand`; reserving it is a positive `reserved`. `serials` name the units of a
 * serial-tracked part (one each); the ledger gets one line per serial.
 */
export interface LedgerLine {
  kind: MoveKind;
  part: repo.PartRow;
  location: repo.LocationRow;
  onHand?: number;
  reserved?: number;
  inTransit?: number;
  serials?: readonly string[] | undefined;
  unitCostFen?: number | null;
  ticketId?: string | null;
  documentId?: string | null;
  reason?: string | null;
}

export interface Posted {
  moveId: string;
  at: Date;
  lines: number;
}

const sign = (n: number) => (n > 0 ? 1 : n < 0 ? -1 : 0);

/**
 * Posts a movement inside the caller's transaction: every balance it touches, then its ledger
 * lines. Balances are changed in one order (part, then location) whatever the order of the
 * lines, so that two movements over the same stock wait for each other instead of deadlocking.
 * A line that would take a balance below zero, or take what is reserved, throws
 * INSUFFICIENT_STOCK naming what is available, and the caller's transaction rolls back:
 * nothing of the movement is written.
 */
export async function postMovement(tx: Db, actor: Actor, at: Date, lines: readonly LedgerLine[], moveId: string = uuidv7()): Promise<Posted> {
  const changes = new Map<string, repo.BalanceChange & { line: LedgerLine }>();
  for (const line of lines) {
    const key = `${line.part.id}:${line.location.id}`;
    const change = changes.get(key) ?? { partId: line.part.id, locationId: line.location.id, onHand: 0, reserved: 0, inTransit: 0, consumed: false, line };
    change.onHand += line.onHand ?? 0;
    change.reserved += line.reserved ?? 0;
    change.inTransit += line.inTransit ?? 0;
    change.consumed ||= line.kind === 'consume';
    changes.set(key, change);
  }
  // Byte order of the ids, the order PostgreSQL sorts uuids in (and `postAdjustments` locks in).
  const ordered = [...changes.values()]
    .filter((c) => c.onHand !== 0 || c.reserved !== 0 || c.inTransit !== 0)
    .sort((a, b) => (a.partId === b.partId ? (a.locationId < b.locationId ? -1 : 1) : a.partId < b.partId ? -1 : 1));
  // One statement for every balance that exists; what it did not change is either new (made
  // here when the change only adds) or refused.
  const applied = await repo.applyToBalances(tx, actor.orgId, ordered, at);
  for (const change of ordered) {
    if (applied.has(`${change.partId}:${change.locationId}`)) continue;
    const takes = change.onHand < 0 || change.reserved !== 0 || change.inTransit < 0;
    if (takes) throw await insufficient(tx, actor, change);
    await repo.addToBalance(tx, actor.orgId, change, at);
  }

  const rows: repo.MoveRow[] = [];
  for (const line of lines) {
    const base = {
      orgId: actor.orgId,
      moveId,
      kind: line.kind,
      partId: line.part.id,
      locationId: line.location.id,
      unitCostFen: line.unitCostFen ?? null,
      ticketId: line.ticketId ?? null,
      documentId: line.documentId ?? null,
      reason: line.reason ?? null,
      actorId: actor.userId,
      at,
    };
    const onHand = line.onHand ?? 0;
    const reserved = line.reserved ?? 0;
    const inTransit = line.inTransit ?? 0;
    if (line.serials?.length) {
      // One ledger line per unit, so that a serial's history is its lines.
      for (const serial of line.serials) {
        rows.push({ ...base, id: uuidv7(), serial, onHandDelta: sign(onHand), reservedDelta: sign(reserved), inTransitDelta: sign(inTransit) });
      }
    } else {
      rows.push({ ...base, id: uuidv7(), serial: null, onHandDelta: onHand, reservedDelta: reserved, inTransitDelta: inTransit });
    }
  }
  await repo.insertMoves(tx, rows);
  return { moveId, at, lines: rows.length };
}

async function insufficient(tx: Db, actor: Actor, change: repo.BalanceChange & { line: LedgerLine }): Promise<AppError> {
  const balance = await repo.findBalance(tx, actor.orgId, change.partId, change.locationId);
  const { part, location } = change.line;
  // What the line asked for: units out of the location, or units to reserve there.
  const requested = change.onHand < 0 ? -change.onHand : change.reserved > 0 ? change.reserved : -change.inTransit;
  const available = change.inTransit < 0 && change.onHand >= 0 ? balance.inTransit : balance.onHand - balance.reserved;
  return new AppError('INSUFFICIENT_STOCK', {
    detail: 'parts.errors.insufficient',
    params: { part: `${part.number} ${part.name}`, location: location.name, available, requested, unit: part.unit },
    extensions: { partId: part.id, locationId: location.id, available, requested, onHand: balance.onHand, reserved: balance.reserved },
  });
}

/** A fraction only of a part whose unit is divisible (metres, litres); `field` names the quantity. */
export function checkWhole(part: Pick<repo.PartRow, 'divisible' | 'unit'>, quantity: number, field: string): void {
  if (!part.divisible && !Number.isInteger(quantity)) throw fieldError(field, 'parts.errors.wholeUnit', { params: { unit: part.unit } });
}

/**
 * Checks a quantity against its part: a fraction only where the unit is divisible, and for a
 * serial-tracked part exactly one serial per unit (and none for any other part).
 */
export function checkQuantity(part: repo.PartRow, quantity: number, serials: readonly string[] | undefined, field: string): void {
  checkWhole(part, quantity, `${field}.quantity`);
  if (part.serialTracked) {
    if (!serials || serials.length !== quantity || new Set(serials).size !== serials.length) throw fieldError(`${field}.serials`, 'parts.errors.serialsCount');
  } else if (serials?.length) {
    throw fieldError(`${field}.serials`, 'parts.errors.serialsNotTracked');
  }
}

/** One part's change of on-hand stock at the location of a bulk adjustment. */
export interface Adjustment {
  part: Pick<repo.PartRow, 'id' | 'number' | 'name' | 'unit' | 'serialTracked' | 'costPriceFen'>;
  onHand: number;
}

/**
 * The set-wise twin of `postMovement` for adjustments of on-hand stock at one location (a
 * count's differences): the balances are locked in part order, checked, changed and their
 * ledger lines written in four statements whatever the number of lines, inside the caller's
 * transaction. The same invariants hold: nothing goes below zero or below what is reserved
 * (INSUFFICIENT_STOCK naming the first part that would, and nothing is written), every line is
 * in the ledger, and the balances stay the sums of their lines. Serial-tracked parts are not
 * adjusted here: their units move by serial, through `postMovement`.
 */
export async function postAdjustments(
  tx: Db,
  actor: Actor,
  at: Date,
  location: repo.LocationRow,
  adjustments: readonly Adjustment[],
  common: { documentId: string | null; reason: string | null },
  moveId: string = uuidv7(),
): Promise<Posted> {
  const lines = adjustments.filter((a) => a.onHand !== 0);
  if (lines.some((a) => a.part.serialTracked)) throw new Error('postAdjustments: serial-tracked parts move by serial');
  if (new Set(lines.map((a) => a.part.id)).size !== lines.length) throw new Error('postAdjustments: one line per part');
  const sorted = [...lines].sort((a, b) => a.part.id.localeCompare(b.part.id));
  const balances = await bulk.lockBalances(tx, actor.orgId, location.id, sorted.map((a) => a.part.id));
  for (const a of sorted) {
    if (a.onHand > 0) continue;
    const balance = balances.get(a.part.id) ?? { onHand: 0, reserved: 0 };
    const left = Number((balance.onHand + a.onHand).toFixed(3));
    if (left < 0 || left < balance.reserved) {
      throw new AppError('INSUFFICIENT_STOCK', {
        detail: 'parts.errors.insufficient',
        params: { part: `${a.part.number} ${a.part.name}`, location: location.name, available: balance.onHand - balance.reserved, requested: -a.onHand, unit: a.part.unit },
        extensions: { partId: a.part.id, locationId: location.id, available: balance.onHand - balance.reserved, requested: -a.onHand, onHand: balance.onHand, reserved: balance.reserved },
      });
    }
  }
  await bulk.addOnHand(tx, actor.orgId, location.id, sorted.map((a) => ({ partId: a.part.id, onHand: a.onHand })), at);
  await bulk.insertOnHandMoves(
    tx,
    { orgId: actor.orgId, moveId, kind: 'adjust', locationId: location.id, documentId: common.documentId, reason: common.reason, actorId: actor.userId, at },
    sorted.map((a) => ({ id: uuidv7(), partId: a.part.id, onHand: a.onHand, unitCostFen: a.part.costPriceFen })),
  );
  return { moveId, at, lines: sorted.length };
}
