import { v7 as uuidv7 } from 'uuid';
import type {
  CreateTicketBody,
  TicketEventView,
  TicketListItem,
  TicketListQuery,
  TicketView,
  TransitionBody,
  UpdateTicketBody,
} from '../../../shared/contracts/tickets';
import type { AssetKind, Channel, HoldReason, Priority, SlaMetric, TicketAction, TicketEventType, TicketStatus, TicketType, WarrantyState } from '../../../shared/domain';
import { can, ROLE_GRANTS, transitionPermission } from '../../../shared/permissions';
import { allowedActions, decideTransition } from '../../../shared/ticket-lifecycle';
import { compactDay, localDate } from '../../../shared/time';
import { normalizePhone } from '../../../shared/phone';
import type { SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { searchColumns } from '../../db/search';
import { AppError } from '../../errors';
import type { Actor, Organisation } from '../identity';
import { warrantyOf, type AssetService } from '../assets';
import { formatAddress, type CustomerService } from '../customers';
import { findIdempotentResource, idempotencyInsert, isIdempotencyConflict, requestHash } from '../platform/idempotency';
import * as repo from './tickets.repository';
import { signalsOf, type TicketHistory } from './ticket-history';

export interface TicketsOptions {
  db: Db;
  clock: () => Date;
  getOrganisation: (orgId: string, tx?: Db) => Promise<Organisation>;
  customers: Pick<CustomerService, 'findForReference' | 'findAddressOf'>;
  assets: Pick<AssetService, 'findForReference'>;
  /** Is this user someone a ticket can be dispatched to? */
  findTechnician: (tx: Db, orgId: string, userId: string) => Promise<{ id: string; name: string; mayLead?: boolean } | undefined>;
  /** The largest total a list counts exactly. */
  countLimit?: number;
  /**
   * The same for a search. A common word matches a large share of all tickets; counting ten
   * thousand of them took 100 ms at a million tickets, a thousand takes 10 ms, and nobody pages
   * past a thousand search results: they search more precisely.
   */
  searchCountLimit?: number;
  /**
   * Called in the transaction of every change to a ticket's history, so that derived state
   * (SLA clocks) never disagrees with it. A new ticket comes with its history in hand.
   */
  onChanged?: (tx: Db, orgId: string, ticketId: string, now: Date, history?: TicketHistory) => Promise<void>;
  /** R8, E8: refuses to close a visited ticket whose required signatures are missing. */
  beforeClose?: (tx: Db, orgId: string, ticketId: string) => Promise<void>;
  /**
   * A4: the workshop refuses to complete a job whose QC has not passed, and sends a reopened
   * job back to QC. Called in the transition's transaction before the ticket changes.
   */
  beforeTransition?: (tx: Db, actor: Actor, ticket: { id: string; type: string; status: string; assetId: string | null }, action: TicketAction) => Promise<void>;
  /** Rows that must exist with a new ticket (its SLA clocks), written in the same statement. */
  derivedOnCreate?: (orgId: string, history: TicketHistory, now: Date) => Promise<SQLWrapper[]>;
}

export interface CreateResult {
  ticket: TicketView;
  /** True when an earlier request with the same Idempotency-Key made it. */
  replayed: boolean;
}

const IDEMPOTENCY_SCOPE = 'tickets.create';

/** Events people record by hand that the SLA clocks listen to. */
export const FIELD_EVENT_TYPES = ['arrived', 'callback', 'loaner_requested', 'loaner_provided', 'contractor_arrived'] as const;
export type FieldEventType = (typeof FIELD_EVENT_TYPES)[number];

function visibilityOf(actor: Actor): repo.Visibility {
  return {
    orgId: actor.orgId,
    scope: ROLE_GRANTS[actor.role].ticketScope,
    userId: actor.userId,
    customerId: actor.customerId,
    contractorId: actor.contractorId,
  };
}

/** What a ticket's search finds it by: its own words and those of its customer and asset. */
async function ticketSearch(
  options: TicketsOptions,
  tx: Db,
  orgId: string,
  t: Pick<repo.TicketRow, 'number' | 'description' | 'customerId' | 'assetId' | 'contactName' | 'contactPhone'>,
) {
  const customer = await options.customers.findForReference(tx, orgId, t.customerId);
  const asset = t.assetId ? await options.assets.findForReference(tx, orgId, t.assetId) : undefined;
  return searchColumns(
    t.number,
    t.description,
    customer?.name,
    customer?.companyName,
    ...(customer?.phones ?? []),
    asset?.serialNumber,
    asset?.plate,
    asset?.productName,
    t.contactName,
    t.contactPhone,
  );
}

export function createTicketService(options: TicketsOptions) {
  const { db, clock } = options;
  const countLimit = options.countLimit ?? 10_000;
  const searchCountLimit = options.searchCountLimit ?? 1_000;

  async function loadView(actor: Actor, id: string, tx: Db = db): Promise<TicketView> {
    const row = await repo.findTicket(tx, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    const [customer, asset, crew, address] = await Promise.all([
      options.customers.findForReference(tx, actor.orgId, row.customerId),
      row.assetId ? options.assets.findForReference(tx, actor.orgId, row.assetId) : undefined,
      repo.findCrew(tx, actor.orgId, row.id),
      row.addressId ? options.customers.findAddressOf(tx, actor.orgId, row.addressId) : undefined,
    ]);
    return toView(actor, row, { customer, asset, crew, address });
  }

  function toView(
    actor: Actor,
    row: repo.TicketRow,
    related: {
      customer: { id: string; name: string; companyName: string | null; phones: string[] } | null | undefined;
      asset: { id: string; serialNumber: string; productName: string | null; brand: string | null; model: string | null; plate: string | null; kind: string } | null | undefined;
      crew: { id: string; name: string; isLead: boolean }[];
      address: Parameters<typeof formatAddress>[0] | null | undefined;
    },
  ): TicketView {
    const { customer, asset, crew, address } = related;
    const lead = crew.find((c) => c.id === row.assigneeId);
    return {
      id: row.id,
      number: row.number,
      type: row.type as TicketType,
      channel: row.channel as Channel,
      priority: row.priority as Priority,
      emergency: row.emergency,
      status: row.status as TicketStatus,
      holdReason: row.holdReason as HoldReason | null,
      customerId: row.customerId,
      customer: customer
        ? { id: customer.id, name: customer.name, companyName: customer.companyName, phones: customer.phones }
        : { id: row.customerId, name: '', companyName: null, phones: [] },
      assetId: row.assetId,
      asset: asset
        ? { id: asset.id, serialNumber: asset.serialNumber, productName: asset.productName, brand: asset.brand, model: asset.model, plate: asset.plate, kind: asset.kind }
        : null,
      addressId: row.addressId,
      address: address ? formatAddress(address) : null,
      contactName: row.contactName,
      contactPhone: row.contactPhone,
      description: row.description,
      estimatedValueFen: row.estimatedValueFen,
      warranty: row.warranty as WarrantyState,
      warrantyReason: row.warrantyReason,
      warrantyEndsOn: row.warrantyEndsOn,
      humanDamage: row.humanDamage,
      contractorId: row.contractorId,
      assignee: lead ? { id: lead.id, name: lead.name } : null,
      crew,
      resolution: row.resolution,
      reworkCount: row.reworkCount,
      reportedAt: row.reportedAt,
      acceptedAt: row.acceptedAt,
      dispatchedAt: row.dispatchedAt,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
      closedAt: row.closedAt,
      cancelledAt: row.cancelledAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      version: row.version,
      allowedActions: allowedActions(row.status as TicketStatus).filter(
        (a) => can(actor.role, transitionPermission(a)) && (actor.role !== 'customer' || row.status === 'reported'),
      ),
    };
  }

  /**
   * Registers a request (R2, E13). Warranty is decided from the asset's dates on the day of
   * the report, in the organisation's time zone (E1, C3). With an idempotency key, a retry
   * returns the ticket the first attempt made.
   *
   * This is the hottest path of the system (a hotline on a busy morning, an import, a partner's
   * integration), so it is four round trips: a look for the key, one read of everything the
   * ticket points at, the readable number (its own statement, so its row lock ends at once and
   * concurrent intakes do not queue behind each other's commits), and one statement that writes
   * the ticket with everything that must exist with it. A number taken by an intake that then
   * fails is skipped, never reused.
   */
  async function createTicket(actor: Actor, input: CreateTicketBody, idempotencyKey?: string): Promise<CreateResult> {
    const now = clock();
    const org = await options.getOrganisation(actor.orgId);
    // A customer reports for themself, whatever the body says.
    const customerId = actor.role === 'customer' ? (actor.customerId ?? '') : input.customerId;
    const reportedAt = input.reportedAt ? new Date(input.reportedAt) : now;
    if (reportedAt.getTime() > now.getTime() + 60_000) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'body.reportedAt', code: 'future', message: 'validation.invalid' }] });
    }
    const id = uuidv7();
    const claim = idempotencyKey
      ? { orgId: actor.orgId, scope: IDEMPOTENCY_SCOPE, key: idempotencyKey, userId: actor.userId, requestHash: requestHash(input), resourceId: id }
      : undefined;
    const replay = async () => {
      const earlier = claim ? await findIdempotentResource(db, claim) : null;
      return earlier ? { ticket: await loadView(actor, earlier), replayed: true } : null;
    };
    const earlier = await replay();
    if (earlier) return earlier;

    const { customer, asset, address } = await repo.findIntakeReferences(db, actor.orgId, customerId, input.assetId ?? null, input.addressId ?? null);
    if (!customer) {
      throw new AppError('INVALID_REFERENCE', {
        detail: 'errors.detail.customerNotFound',
        fields: [{ field: 'body.customerId', code: 'not_found', message: 'errors.detail.customerNotFound' }],
      });
    }
    if (input.assetId && (!asset || asset.customerId !== customerId)) {
      const message = asset ? 'errors.detail.assetNotOfCustomer' : 'errors.detail.assetNotFound';
      throw new AppError('INVALID_REFERENCE', { detail: message, fields: [{ field: 'body.assetId', code: 'not_found', message }] });
    }
    if (input.addressId && address?.customerId !== customerId) {
      throw new AppError('INVALID_REFERENCE', {
        fields: [{ field: 'body.addressId', code: 'not_found', message: 'errors.detail.addressNotOfCustomer' }],
      });
    }
    const reportDay = localDate(reportedAt, org.timeZone);
    const warranty = asset
      ? warrantyOf(asset, reportDay, org.settings.warranty.defaultMonths, input.humanDamage ?? false)
      : { state: 'unknown' as const, reason: 'no_start_date' as const, endsOn: null };
    const contactPhone = input.contactPhone ? normalizePhone(input.contactPhone) : null;
    const { numberPrefix, numberDigits } = org.settings.tickets;
    const seq = await repo.nextNumber(db, actor.orgId, numberPrefix, reportDay);
    const number = `${numberPrefix}-${compactDay(reportDay)}-${String(seq).padStart(numberDigits, '0')}`;
    const search = searchColumns(
      number,
      input.description,
      customer.name,
      customer.companyName,
      ...customer.phones,
      asset?.serialNumber,
      asset?.plate,
      asset?.productName,
      input.contactName,
      contactPhone,
    );
    const row: repo.TicketRow = {
      orgId: actor.orgId,
      id,
      number,
      type: input.type ?? 'repair',
      channel: actor.role === 'customer' ? 'web' : input.channel,
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
      contractorId: asset?.contractorId ?? null,
      reportedAt,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
      ...search,
      holdReason: null,
      heldFrom: null,
      assigneeId: null,
      resolution: null,
      reworkCount: 0,
      acceptedAt: null,
      dispatchedAt: null,
      startedAt: null,
      completedAt: null,
      closedAt: null,
      cancelledAt: null,
      version: 1,
    };
    const history: TicketHistory = {
      ticketId: id,
      facts: {
        priority: row.priority as Priority,
        channel: row.channel as Channel,
        type: row.type as TicketType,
        emergency: row.emergency,
        warranty: row.warranty as WarrantyState,
        estimatedValueFen: row.estimatedValueFen,
        customerId,
        assetKind: (asset?.kind as AssetKind | undefined) ?? null,
        productCategory: null,
        hasContractor: row.contractorId !== null,
      },
      signals: signalsOf(reportedAt, []),
    };
    const alongside = [...(claim ? [idempotencyInsert(db, claim)] : []), ...((await options.derivedOnCreate?.(actor.orgId, history, now)) ?? [])];
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
    return {
      ticket: toView(actor, row, { customer, asset, crew: [], address }),
      replayed: false,
    };
  }

  async function getTicket(actor: Actor, id: string): Promise<TicketView> {
    return loadView(actor, id);
  }

  async function findTickets(actor: Actor, query: TicketListQuery) {
    const { items, total, totalExact } = await repo.findTickets(db, visibilityOf(actor), {
      q: query.q,
      status: query.status,
      priority: query.priority,
      type: query.type,
      channel: query.channel,
      warranty: query.warranty,
      customerId: query.customerId,
      assetId: query.assetId,
      assigneeId: query.assigneeId === 'me' ? actor.userId : query.assigneeId,
      emergency: query.emergency,
      reportedFrom: query.reportedFrom ? new Date(query.reportedFrom) : undefined,
      reportedTo: query.reportedTo ? new Date(query.reportedTo) : undefined,
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
      countLimit: query.q ? searchCountLimit : countLimit,
    });
    const list: TicketListItem[] = items.map((r) => ({
      id: r.id,
      number: r.number,
      type: r.type as TicketType,
      channel: r.channel as Channel,
      priority: r.priority as Priority,
      emergency: r.emergency,
      status: r.status as TicketStatus,
      customerId: r.customerId,
      customerName: r.customerName,
      assetId: r.assetId,
      assetLabel: r.assetId ? [r.assetProduct, r.assetPlate ?? r.assetSerial].filter(Boolean).join(' · ') : null,
      description: r.description,
      warranty: r.warranty as WarrantyState,
      assignee: r.assigneeId ? { id: r.assigneeId, name: r.assigneeName ?? '' } : null,
      reportedAt: r.reportedAt,
      updatedAt: r.updatedAt,
      version: r.version,
    }));
    return { items: list, total, totalExact, page: query.page, pageSize: query.pageSize };
  }

  /** Loads a ticket for a change and checks the caller's `If-Match` version. */
  async function loadForChange(tx: Db, actor: Actor, id: string, version: number) {
    const row = await repo.findTicket(tx, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    if (row.version !== version) {
      throw new AppError('VERSION_CONFLICT', {
        detail: 'errors.detail.versionConflict',
        params: { current: row.version, given: version },
        extensions: { currentVersion: row.version },
      });
    }
    return row;
  }

  async function saveChange(tx: Db, actor: Actor, row: repo.TicketRow, changes: Partial<repo.TicketInsert>, now: Date) {
    const updated = await repo.updateTicket(tx, actor.orgId, row.id, row.version, { ...changes, updatedAt: now });
    // Someone changed it between our read and our write: the same answer as a stale If-Match.
    if (!updated) throw new AppError('VERSION_CONFLICT', { extensions: { currentVersion: row.version + 1 } });
    return updated;
  }

  async function writeEvent(
    tx: Db,
    actor: Actor | { orgId: string; userId: null },
    ticketId: string,
    type: TicketEventType,
    at: Date,
    extra: { from?: string; to?: string; details?: Record<string, unknown> } = {},
  ) {
    await repo.insertEvent(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      ticketId,
      type,
      actorId: actor.userId,
      at,
      fromStatus: extra.from ?? null,
      toStatus: extra.to ?? null,
      details: extra.details ?? {},
    });
  }

  /** Moves a ticket through its lifecycle (`shared/ticket-lifecycle.ts`), writing the event in the same transaction. */
  async function transition(actor: Actor, id: string, version: number, input: TransitionBody): Promise<TicketView> {
    if (!can(actor.role, transitionPermission(input.action))) throw new AppError('FORBIDDEN');
    const now = clock();
    await db.transaction(async (tx) => {
      const row = await loadForChange(tx, actor, id, version);
      await applyTransition(tx, actor, row, input, now);
    });
    return loadView(actor, id);
  }

  /**
   * A transition a step of field work implies (starting work starts the job, finishing it
   * completes it), in the caller's transaction, on the ticket as it stands: the step is the intent.
   */
  async function transitionInTx(tx: Db, actor: Actor, id: string, input: TransitionBody, now: Date) {
    if (!can(actor.role, transitionPermission(input.action))) throw new AppError('FORBIDDEN');
    const row = await repo.findTicket(tx, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    await applyTransition(tx, actor, row, input, now);
  }

  async function applyTransition(tx: Db, actor: Actor, row: repo.TicketRow, input: TransitionBody, now: Date) {
    const decision = decideTransition(
      { status: row.status as TicketStatus, heldFrom: row.heldFrom as TicketStatus | null, assigneeId: row.assigneeId },
      { action: input.action, technicianId: input.technicianId ?? null, reason: input.reason ?? null },
    );
    if (!decision.ok) {
      if (decision.code === 'VALIDATION_FAILED') {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: `body.${decision.field}`, code: 'required', message: 'validation.required' }] });
      }
      throw new AppError('TRANSITION_NOT_ALLOWED', {
        detail: 'errors.detail.transition',
        params: { status: row.status, action: input.action },
        extensions: { ticketStatus: row.status, action: input.action, allowedActions: allowedActions(row.status as TicketStatus) },
      });
    }
    if (actor.role === 'customer' && row.status !== 'reported') {
      throw new AppError('FORBIDDEN', { detail: 'errors.detail.customerCancelOnlyReported' });
    }
    // R8, E8: a visited job closes only when everyone who must sign has signed.
    if (input.action === 'close' && row.status === 'completed') await options.beforeClose?.(tx, actor.orgId, row.id);
    await options.beforeTransition?.(tx, actor, row, input.action);
    const changes = await changesFor(tx, actor, row, input, decision.to, now);
    await saveChange(tx, actor, row, { ...changes, status: decision.to }, now);
    const details: Record<string, unknown> = { action: input.action };
    if (input.reason) details.reason = input.reason;
    if (input.action === 'hold') details.holdReason = input.holdReason ?? 'other';
    if (input.action === 'dispatch') details.technicianId = input.technicianId;
    await writeEvent(tx, actor, row.id, 'transition', now, { from: decision.from, to: decision.to, details });
    await options.onChanged?.(tx, actor.orgId, row.id, now);
  }

  /** Events other modules record about a ticket (a field step, a signature), in their transaction. */
  async function recordEvent(tx: Db, actor: Actor, id: string, type: TicketEventType, details: Record<string, unknown>, now: Date, affectsClocks = false) {
    await writeEvent(tx, actor, id, type, now, { details });
    await repo.touchTicket(tx, actor.orgId, id, now);
    if (affectsClocks) await options.onChanged?.(tx, actor.orgId, id, now);
  }

  async function crewOf(tx: Db, orgId: string, ticketId: string) {
    return repo.findCrew(tx, orgId, ticketId);
  }

  async function assetKindOf(tx: Db, orgId: string, assetId: string): Promise<AssetKind | null> {
    const asset = await options.assets.findForReference(tx, orgId, assetId);
    return (asset?.kind as AssetKind | undefined) ?? null;
  }

  /**
   * A4: a QC failure sends a workshop job back for rework. Counts it on the ticket and records
   * why, in the caller's transaction.
   */
  async function recordRework(tx: Db, actor: Actor, id: string, details: Record<string, unknown>, now: Date) {
    const row = await repo.findTicket(tx, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    await saveChange(tx, actor, row, { reworkCount: row.reworkCount + 1 }, now);
    await writeEvent(tx, actor, id, 'rework', now, { details });
  }

  /** For other modules: the ticket as the actor may see it, inside their transaction. */
  async function findVisible(tx: Db, actor: Actor, id: string) {
    return repo.findTicket(tx, visibilityOf(actor), id);
  }

  async function changesFor(
    tx: Db,
    actor: Actor,
    row: repo.TicketRow,
    input: TransitionBody,
    to: TicketStatus,
    now: Date,
  ): Promise<Partial<repo.TicketInsert>> {
    const action: TicketAction = input.action;
    switch (action) {
      case 'accept':
        return { acceptedAt: now };
      case 'dispatch': {
        const lead = await options.findTechnician(tx, actor.orgId, input.technicianId!);
        if (!lead) throw technicianNotFound('body.technicianId');
        if (lead.mayLead === false) throw traineeCannotLead('body.technicianId');
        const members = input.crewIds ?? [];
        for (const [i, memberId] of members.entries()) {
          if (!(await options.findTechnician(tx, actor.orgId, memberId))) throw technicianNotFound(`body.crewIds.${i}`);
        }
        await repo.replaceCrew(tx, actor.orgId, row.id, lead.id, members);
        return { assigneeId: lead.id, dispatchedAt: now };
      }
      case 'start':
        return { startedAt: row.startedAt ?? now };
      case 'hold':
        return { holdReason: input.holdReason ?? 'other', heldFrom: row.status };
      case 'resume':
        return { holdReason: null, heldFrom: null };
      case 'complete':
        return { completedAt: now };
      case 'close':
        return { closedAt: now, ...(row.status !== 'completed' ? { resolution: input.reason ?? null } : {}) };
      case 'cancel':
        return { cancelledAt: now, resolution: input.reason ?? null };
      case 'reopen':
        return { reworkCount: row.reworkCount + 1, completedAt: null, closedAt: null, ...(to === 'dispatched' ? { dispatchedAt: now } : {}) };
    }
  }

  /** M1: apprentices and trial workers go along as crew; see `mayLead` in shared/dispatch.ts. */
  function traineeCannotLead(field: string) {
    return new AppError('INVALID_REFERENCE', {
      detail: 'errors.detail.traineeCannotLead',
      fields: [{ field, code: 'trainee', message: 'errors.detail.traineeCannotLead' }],
    });
  }

  function technicianNotFound(field: string) {
    return new AppError('INVALID_REFERENCE', {
      detail: 'errors.detail.technicianNotFound',
      fields: [{ field, code: 'not_found', message: 'errors.detail.technicianNotFound' }],
    });
  }

  /** Edits a ticket's fields; every changed field is recorded with its before and after. */
  async function updateTicket(actor: Actor, id: string, version: number, input: UpdateTicketBody): Promise<TicketView> {
    const now = clock();
    await db.transaction(async (tx) => {
      const row = await loadForChange(tx, actor, id, version);
      const org = await options.getOrganisation(actor.orgId, tx);
      const changes: Partial<repo.TicketInsert> = {};
      const simple = ['description', 'priority', 'type', 'emergency', 'estimatedValueFen', 'humanDamage', 'contactName'] as const;
      for (const key of simple) {
        if (input[key] !== undefined) (changes as Record<string, unknown>)[key] = input[key];
      }
      if (input.contactPhone !== undefined) changes.contactPhone = input.contactPhone ? normalizePhone(input.contactPhone) : null;
      if (input.assetId !== undefined) {
        const asset = input.assetId ? await options.assets.findForReference(tx, actor.orgId, input.assetId) : undefined;
        if (input.assetId && asset?.customerId !== row.customerId) {
          throw new AppError('INVALID_REFERENCE', { fields: [{ field: 'body.assetId', code: 'not_found', message: 'errors.detail.assetNotOfCustomer' }] });
        }
        changes.assetId = input.assetId ?? null;
      }
      if (input.addressId !== undefined) {
        const address = input.addressId ? await options.customers.findAddressOf(tx, actor.orgId, input.addressId) : undefined;
        if (input.addressId && address?.customerId !== row.customerId) {
          throw new AppError('INVALID_REFERENCE', { fields: [{ field: 'body.addressId', code: 'not_found', message: 'errors.detail.addressNotOfCustomer' }] });
        }
        changes.addressId = input.addressId ?? null;
      }
      // Coverage follows the asset and damage flags unless a person decided it.
      if (input.warrantyOverride) {
        changes.warranty = input.warrantyOverride.state;
        changes.warrantyReason = `override:${input.warrantyOverride.note}`;
      } else if (changes.assetId !== undefined || changes.humanDamage !== undefined) {
        const assetId = changes.assetId !== undefined ? changes.assetId : row.assetId;
        const asset = assetId ? await options.assets.findForReference(tx, actor.orgId, assetId) : undefined;
        const decision = asset
          ? warrantyOf(asset, localDate(row.reportedAt, org.timeZone), org.settings.warranty.defaultMonths, changes.humanDamage ?? row.humanDamage)
          : { state: 'unknown' as const, reason: 'no_start_date' as const, endsOn: null };
        Object.assign(changes, { warranty: decision.state, warrantyReason: decision.reason, warrantyEndsOn: decision.endsOn });
      }
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      for (const [key, value] of Object.entries(changes)) {
        const before = (row as Record<string, unknown>)[key];
        if (before !== value) diff[key] = { from: before ?? null, to: value ?? null };
      }
      if (Object.keys(diff).length === 0) return;
      const merged = { ...row, ...changes };
      const search = await ticketSearch(options, tx, actor.orgId, merged);
      await saveChange(tx, actor, row, { ...changes, ...search }, now);
      await writeEvent(tx, actor, row.id, 'updated', now, { details: { changes: diff } });
      // Priority, type, value and asset choose the SLA policy.
      await options.onChanged?.(tx, actor.orgId, row.id, now);
    });
    return loadView(actor, id);
  }

  /** Sets who works a job: one lead and the crew (M9). */
  async function setCrew(actor: Actor, id: string, version: number, leadId: string, memberIds: string[]) {
    const now = clock();
    await db.transaction(async (tx) => {
      const row = await loadForChange(tx, actor, id, version);
      await applyCrew(tx, actor, row, leadId, memberIds, now);
    });
    return loadView(actor, id);
  }

  /** The crew change of the dispatch board, in its transaction, on the ticket as it stands. */
  async function setCrewInTx(tx: Db, actor: Actor, id: string, leadId: string, memberIds: string[], now: Date) {
    const row = await repo.findTicket(tx, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    await applyCrew(tx, actor, row, leadId, memberIds, now);
  }

  async function applyCrew(tx: Db, actor: Actor, row: repo.TicketRow, leadId: string, memberIds: string[], now: Date) {
    for (const [i, userId] of [leadId, ...memberIds].entries()) {
      const found = await options.findTechnician(tx, actor.orgId, userId);
      if (!found) throw technicianNotFound(i === 0 ? 'body.leadId' : `body.memberIds.${i - 1}`);
      if (i === 0 && found.mayLead === false) throw traineeCannotLead('body.leadId');
    }
    await repo.replaceCrew(tx, actor.orgId, row.id, leadId, memberIds);
    await saveChange(tx, actor, row, { assigneeId: leadId }, now);
    await writeEvent(tx, actor, row.id, 'assigned', now, { details: { leadId, memberIds, previousLeadId: row.assigneeId } });
  }

  /**
   * H4: a visit moved to another time, with the customer's word on it (or the note that they
   * asked for it), in the dispatch board's transaction.
   */
  async function recordRescheduled(tx: Db, actor: Actor, id: string, details: Record<string, unknown>, now: Date) {
    await writeEvent(tx, actor, id, 'rescheduled', now, { details });
    await repo.touchTicket(tx, actor.orgId, id, now);
  }

  async function findEvents(actor: Actor, id: string): Promise<TicketEventView[]> {
    const row = await repo.findTicket(db, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    const rows = await repo.findEvents(db, actor.orgId, id);
    const external = actor.role === 'customer' || actor.role === 'contractor';
    return rows
      .filter(({ event }) => !(external && event.type === 'comment' && (event.details as { internal?: boolean }).internal))
      .map(({ event, actorName }) => ({
        id: event.id,
        type: event.type as TicketEventType,
        actor: event.actorId ? { id: event.actorId, name: actorName ?? '' } : null,
        at: event.at,
        ...(event.fromStatus ? { from: event.fromStatus as TicketStatus } : {}),
        ...(event.toStatus ? { to: event.toStatus as TicketStatus } : {}),
        details: event.details as Record<string, unknown>,
      }));
  }

  async function addComment(actor: Actor, id: string, input: { body: string; internal?: boolean | undefined }) {
    const now = clock();
    const external = actor.role === 'customer' || actor.role === 'contractor';
    const internal = external ? false : (input.internal ?? false);
    const commentId = uuidv7();
    await db.transaction(async (tx) => {
      const row = await repo.findTicket(tx, visibilityOf(actor), id);
      if (!row) throw new AppError('NOT_FOUND');
      await repo.insertComment(tx, { orgId: actor.orgId, id: commentId, ticketId: id, authorId: actor.userId, body: input.body, internal, createdAt: now });
      await writeEvent(tx, actor, id, 'comment', now, { details: { commentId, internal, excerpt: input.body.slice(0, 80) } });
    });
    return { id: commentId, author: { id: actor.userId, name: actor.name }, body: input.body, internal, createdAt: now };
  }

  async function findComments(actor: Actor, id: string) {
    const row = await repo.findTicket(db, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
    const external = actor.role === 'customer' || actor.role === 'contractor';
    const rows = await repo.findComments(db, actor.orgId, id, !external);
    return rows.map(({ comment, authorName }) => ({
      id: comment.id,
      author: { id: comment.authorId, name: authorName },
      body: comment.body,
      internal: comment.internal,
      createdAt: comment.createdAt,
    }));
  }

  /** For the files module: may this actor see and add files on this ticket? Records the upload as an event. */
  async function assertVisible(actor: Actor, id: string) {
    const row = await repo.findTicket(db, visibilityOf(actor), id);
    if (!row) throw new AppError('NOT_FOUND');
  }

  async function recordAttachment(tx: Db, actor: Actor, id: string, details: Record<string, unknown>) {
    await writeEvent(tx, actor, id, 'attachment', clock(), { details });
  }

  /**
   * Records what happened in the field or on the phone that clocks listen to: the technician
   * or the contractor arrived, the customer was called back, a loaner was asked for or
   * delivered. Each is an event; the clocks follow in the same transaction.
   */
  async function recordFieldEvent(actor: Actor, id: string, type: FieldEventType, note: string | null): Promise<TicketView> {
    const now = clock();
    await db.transaction(async (tx) => {
      const row = await repo.findTicket(tx, visibilityOf(actor), id);
      if (!row) throw new AppError('NOT_FOUND');
      await writeEvent(tx, actor, id, type, now, { details: note ? { note } : {} });
      await repo.updateTicket(tx, actor.orgId, id, row.version, { updatedAt: now });
      await options.onChanged?.(tx, actor.orgId, id, now);
    });
    return loadView(actor, id);
  }

  /** C1: a special case may take the extended target, with its reason on the record. */
  async function extendClock(actor: Actor, id: string, metric: SlaMetric, reason: string): Promise<TicketView> {
    const now = clock();
    await db.transaction(async (tx) => {
      const row = await repo.findTicket(tx, visibilityOf(actor), id);
      if (!row) throw new AppError('NOT_FOUND');
      await writeEvent(tx, actor, id, 'sla_extended', now, { details: { metric, reason } });
      await options.onChanged?.(tx, actor.orgId, id, now);
    });
    return loadView(actor, id);
  }

  /** H5, H6: a call to the customer, logged by the appointments module inside its transaction. */
  async function recordContactAttempt(tx: Db, actor: Actor, id: string, details: Record<string, unknown>, now: Date) {
    await writeEvent(tx, actor, id, 'contact_attempt', now, { details });
  }

  /** Events the system writes itself (SLA alerts and their actions), inside the caller's transaction. */
  async function recordSystemEvent(tx: Db, orgId: string, id: string, type: TicketEventType, details: Record<string, unknown>, now: Date) {
    await writeEvent(tx, { orgId, userId: null }, id, type, now, { details });
  }

  /**
   * H4: a technician who will not be on site in time is taken off the job: a dispatched,
   * not yet started ticket returns to the dispatch queue. Anything further along is left alone.
   */
  async function systemReassign(orgId: string, id: string, reason: string): Promise<boolean> {
    const now = clock();
    return db.transaction(async (tx) => {
      const scope: repo.Visibility = { orgId, scope: 'all', userId: '', customerId: null, contractorId: null };
      const row = await repo.findTicket(tx, scope, id);
      if (!row || row.status !== 'dispatched') return false;
      const updated = await repo.updateTicket(tx, orgId, id, row.version, { status: 'accepted', assigneeId: null, updatedAt: now });
      if (!updated) return false;
      await writeEvent(tx, { orgId, userId: null }, id, 'transition', now, { from: 'dispatched', to: 'accepted', details: { action: 'sla_reassign', reason } });
      await options.onChanged?.(tx, orgId, id, now);
      return true;
    });
  }

  /** For messages about tickets: their readable numbers and technicians. */
  async function ticketNumbers(tx: Db, orgId: string, ids: string[]) {
    return repo.findNumbers(tx, orgId, ids);
  }

  /** For the SLA module: tickets with their facts and clock signals. */
  async function historiesOf(tx: Db, orgId: string, ids: string[]): Promise<TicketHistory[]> {
    const { rows, events } = await repo.findHistories(tx, orgId, ids);
    return rows.map((r) => ({
      ticketId: r.id,
      facts: {
        priority: r.priority as Priority,
        channel: r.channel as Channel,
        type: r.type as TicketType,
        emergency: r.emergency,
        warranty: r.warranty as WarrantyState,
        estimatedValueFen: r.estimatedValueFen,
        customerId: r.customerId,
        assetKind: (r.assetKind as AssetKind | null) ?? null,
        productCategory: r.productCategory,
        hasContractor: r.contractorId !== null,
      },
      signals: signalsOf(
        r.reportedAt,
        events.filter((e) => e.ticketId === r.id).map((e) => ({ ...e, details: e.details as Record<string, unknown> })),
      ),
    }));
  }

  /** Hook for customers and assets: their names and numbers are part of a ticket's search. */
  async function reindexTicketsOf(tx: Db, orgId: string, by: { customerId?: string; assetId?: string }) {
    const ids = await repo.findTicketIdsOf(tx, orgId, by);
    const scope: repo.Visibility = { orgId, scope: 'all', userId: '', customerId: null, contractorId: null };
    for (const ticketId of ids) {
      const row = await repo.findTicket(tx, scope, ticketId);
      if (row) await repo.setSearch(tx, orgId, ticketId, await ticketSearch(options, tx, orgId, row));
    }
  }

  return {
    createTicket,
    getTicket,
    findTickets,
    transition,
    updateTicket,
    setCrew,
    setCrewInTx,
    recordRescheduled,
    findEvents,
    addComment,
    findComments,
    assertVisible,
    recordAttachment,
    reindexTicketsOf,
    recordFieldEvent,
    transitionInTx,
    recordEvent,
    findVisible,
    recordRework,
    crewOf,
    assetKindOf,
    extendClock,
    recordSystemEvent,
    recordContactAttempt,
    systemReassign,
    historiesOf,
    ticketNumbers,
    findOpenTicketIds: (tx: Db, orgId: string, afterId: string | null, limit: number, closedSince: Date) => repo.findOpenTicketIds(tx, orgId, afterId, limit, closedSince),
    countOpenTickets: (tx: Db, orgId: string, closedSince: Date) => repo.countOpenTickets(tx, orgId, closedSince),
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
