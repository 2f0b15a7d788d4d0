import { v7 as uuidv7 } from 'uuid';
import { EXTERNAL_CREATE_FIELDS, type CreateTicketBody, type TicketView } from '../../../shared/contracts/tickets';
import { normalizePhone } from '../../../shared/phone';
import { factsOf, type TicketHistory } from '../../../shared/ticket-facts';
import { compactDay, localDate } from '../../../shared/time';
import { AppError, invalidReference } from '../../errors';
import { isExternal, type Actor } from '../identity';
import { checkAddressOfCustomer } from '../customers';
import { checkAssetOfCustomer, warrantyOf } from '../assets';
import { earlierResource, findIdempotentResource, idempotencyInsert, idempotencyLookup, isIdempotencyConflict, nextNumber, requestHash, type EarlierRequest } from '../platform';
import { signalsOf } from './ticket-history';
import { toTicketView } from './ticket-views';
import { loadView, searchOf } from './reads';
import * as repo from './tickets.repository';
import type { TicketDeps } from './tickets.deps';

export interface CreateResult {
  ticket: TicketView;
  /** True when an earlier request with the same Idempotency-Key made it. */
  replayed: boolean;
}

const IDEMPOTENCY_SCOPE = 'tickets.create';

/** S6: a customer's report carries only what a customer may say; anything else is refused by name. */
function checkExternalBody(input: CreateTicketBody) {
  const allowed = new Set<string>(EXTERNAL_CREATE_FIELDS);
  const refused = Object.keys(input).filter((key) => !allowed.has(key) && input[key as keyof CreateTicketBody] !== undefined);
  if (refused.length) {
    throw new AppError('VALIDATION_FAILED', { fields: refused.map((key) => ({ field: `body.${key}`, code: 'unrecognized_keys', message: 'validation.notForRole' })) });
  }
}

/**
 * Registers a request (R2, E13). Warranty is decided from the asset's dates on the day of
 * the report, in the organisation's time zone (E1, C3). With an idempotency key, a retry
 * returns the ticket the first attempt made.
 *
 * This is the hottest path of the system (a hotline on a busy morning, an import, a partner's
 * integration), so it is two round trips, each a prepared statement: one read of the key's
 * earlier request and everything the ticket points at, and one statement that writes the ticket
 * with everything that must exist with it. The readable number mostly comes from a block the
 * process holds; drawing a block is a third statement of its own, so the counter row's lock
 * ends at once (see `nextNumber`). A number taken by an intake that then fails is skipped,
 * never reused.
 */
export async function createTicket(deps: TicketDeps, actor: Actor, input: CreateTicketBody, idempotencyKey?: string): Promise<CreateResult> {
  const { db } = deps;
  const now = deps.clock();
  const external = isExternal(actor);
  if (external) checkExternalBody(input);
  const org = await deps.getOrganisation(actor.orgId);
  // A customer reports for themself, whatever the body says, through the portal.
  const customerId = actor.role === 'customer' ? (actor.customerId ?? '') : input.customerId;
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
  if (reportedAt.getTime() > now.getTime() + 60_000) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.reportedAt', code: 'future', message: 'validation.invalid' }] });
  }
  const id = uuidv7();
  const claim = idempotencyKey
    ? { orgId: actor.orgId, scope: IDEMPOTENCY_SCOPE, key: idempotencyKey, userId: actor.userId, requestHash: requestHash(input), resourceId: id }
    : undefined;
  const replayOf = async (earlier: string | null) => (earlier ? { ticket: await loadView(deps, actor, earlier), replayed: true } : null);
  const replay = async () => replayOf(claim ? await findIdempotentResource(db, claim) : null);

  // The look for the key and the read of the references are one statement.
  const context = await repo.findIntakeContext<EarlierRequest>(
    db,
    actor.orgId,
    customerId,
    input.assetId ?? null,
    input.addressId ?? null,
    claim ? idempotencyLookup(claim) : null,
  );
  const earlier = await replayOf(claim ? earlierResource(context.earlier, claim) : null);
  if (earlier) return earlier;

  const { references } = context;
  const { customer, asset, address } = references;
  if (!customer) throw invalidReference('body.customerId', 'errors.detail.customerNotFound');
  if (input.assetId) checkAssetOfCustomer(asset, customerId, 'body.assetId');
  if (input.addressId) checkAddressOfCustomer(address, customerId, 'body.addressId');
  const reportDay = localDate(reportedAt, org.timeZone);
  const warranty = asset
    ? warrantyOf(asset, reportDay, org.settings.warranty.defaultMonths, input.humanDamage ?? false)
    : { state: 'unknown' as const, reason: 'no_start_date' as const, endsOn: null };
  // R3: the unit and the trade name the responsible contractor (the contractors module's map).
  const trade = input.trade ?? null;
  const { contractorId } = await deps.hooks.decisionsFor(actor.orgId, { trade, address: address ?? null, reportDay, contractorId: asset?.contractorId ?? null });
  const contactPhone = input.contactPhone ? normalizePhone(input.contactPhone) : null;
  const { numberPrefix, numberDigits } = org.settings.tickets;
  const seq = await nextNumber(db, actor.orgId, numberPrefix, reportDay);
  const number = `${numberPrefix}-${compactDay(reportDay)}-${String(seq).padStart(numberDigits, '0')}`;
  const row: repo.TicketRow = {
    orgId: actor.orgId,
    id,
    number,
    type: input.type ?? 'repair',
    channel: external ? 'web' : input.channel,
    priority: input.priority ?? (input.emergency ? 'urgent' : 'normal'),
    emergency: input.emergency ?? false,
    status: 'reported',
    customerId,
    assetId: input.assetId ?? null,
    addressId: input.addressId ?? null,
    contactName: input.contactName ?? null,
    contactPhone,
    description: input.description,
    estimatedValueFen: input.estimatedValueFen ?? null,
    warranty: warranty.state,
    warrantyReason: warranty.reason,
    warrantyEndsOn: warranty.endsOn,
    humanDamage: input.humanDamage ?? false,
    contractorId,
    trade,
    reportedAt,
    createdBy: actor.userId,
    createdAt: now,
    updatedAt: now,
    holdReason: null,
    heldFrom: null,
    assigneeId: null,
    resolution: null,
    reworkCount: 0,
    chaseCount: 0,
    acceptedAt: null,
    dispatchedAt: null,
    startedAt: null,
    completedAt: null,
    closedAt: null,
    cancelledAt: null,
    version: 1,
    searchTerms: [],
    searchText: '',
  };
  Object.assign(row, searchOf(row, references));
  // The same facts every later recomputation reads (the asset's product line included).
  const history: TicketHistory = { ticketId: id, facts: factsOf(row, asset), signals: signalsOf(reportedAt, []) };
  const alongside = [...(claim ? [idempotencyInsert(db, claim)] : []), ...(await deps.hooks.contributionsFor(actor.orgId, history, now, {
      id,
      number,
      contractorId,
      trade,
      description: row.description,
      estimatedValueFen: row.estimatedValueFen,
      emergency: row.emergency,
      reportedAt,
      address: address ? { estate: address.estate, building: address.building } : null,
    }))];
  try {
    await repo.insertTicketAtomically(db, {
      ticket: row,
      event: {
        orgId: actor.orgId,
        id: uuidv7(),
        ticketId: id,
        type: 'created',
        actorId: actor.userId,
        at: now,
        toStatus: 'reported',
        details: { channel: row.channel, priority: row.priority, emergency: row.emergency, warranty: warranty.state, warrantyReason: warranty.reason },
      },
      alongside,
    });
  } catch (error) {
    // The same request at the same instant: the first one's ticket is the answer.
    if (claim && isIdempotencyConflict(error)) {
      const first = await replay();
      if (first) return first;
    }
    throw error;
  }
  return { ticket: toTicketView(actor, row, { ...references, crew: [] }), replayed: false };
}
