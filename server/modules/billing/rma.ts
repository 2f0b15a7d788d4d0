import type {
  AdvanceReplacementBody,
  DecideRmaWarrantyBody,
  MarkDoaBody,
  OverdueAdvanceView,
  QcRmaBody,
  ReceiveRmaBody,
  RepairRmaBody,
  RmaCarrier,
  RmaOutcome,
  RmaStage,
  RmaView,
  ShipRmaBody,
} from '../../../shared/contracts/billing-rma';
import type { EventOf } from '../../../shared/contracts/ticket-events';
import type { TicketAction, WarrantyBasis, WarrantyState } from '../../../shared/domain';
import { FINAL_STATUSES, isIn, TRANSITIONS } from '../../../shared/ticket-lifecycle';
import { addDays, localDate } from '../../../shared/time';
import { startDate } from '../../../shared/warranty';
import type { Db } from '../../db/client';
import { AppError, fieldError, invalidReference, notFound } from '../../errors';
import { warrantyOf } from '../assets';
import type { FileService } from '../files';
import { systemActor, type Actor } from '../identity';
import type { BillingDeps } from './billing.deps';
import { daysBetween, suggestDoa } from './doa';
import * as repo from './rma.repository';
import { quoteApprovedInTx } from './quotes';

/*
 * C3: a mail-in or carry-in repair. Each step is one use case in one transaction: it locks the
 * ticket and its RMA, checks the stage, writes the RMA and the ticket's `rma` event, and moves
 * the ticket's status where the step implies it (received → accepted, repair on a dispatched
 * ticket → in progress, shipped back → completed, closed → closed) when the person may, so
 * the SLA clocks hear the same transitions as any other ticket's.
 */

type Step = RmaView['next'][number];
type Upload = Parameters<FileService['attach']>[2];

/** Which steps each stage allows. A QC failure sends the unit back to `warranty_decided` (repair again). */
const NEXT: Record<RmaStage, Step[]> = {
  registered: ['receive'],
  received: ['decide_warranty'],
  warranty_decided: ['decide_warranty', 'repair'],
  repaired: ['qc'],
  qc_passed: ['ship'],
  shipped: ['close'],
  closed: [],
};

const stageOf = (row: repo.RmaRow | undefined): RmaStage => (row?.stage ?? 'registered') as RmaStage;

function outOfOrder(step: Step, stage: RmaStage): AppError {
  return new AppError('STEP_NOT_ALLOWED', {
    detail: 'billing.rma.errors.outOfOrder',
    params: { step: `billing.rma.step.${step}`, stage: `enum.rmaStage.${stage}` },
    extensions: { step, stage, allowedSteps: NEXT[stage] },
  });
}

function assertStep(row: repo.RmaRow | undefined, step: Step) {
  const stage = stageOf(row);
  if (!NEXT[stage].includes(step)) throw outOfOrder(step, stage);
}

/** A shipment names a courier's tracking number; one carried in or collected needs none. */
function checkTracking(carrier: RmaCarrier, trackingNumber: string | null | undefined): string | null {
  const tracking = trackingNumber?.trim() || null;
  if (carrier !== 'carry_in' && !tracking) throw fieldError('body.trackingNumber', 'billing.rma.errors.trackingRequired', { code: 'required' });
  return tracking;
}

/**
 * Locks the ticket (it must be a visible RMA ticket that is neither closed nor cancelled) and
 * then its RMA (made on first use).
 */
async function openRma(deps: BillingDeps, tx: Db, actor: Actor, ticketId: string, now: Date) {
  const ticket = await deps.tickets.lockForChange(tx, actor, ticketId);
  const facts = await repo.ticketFacts(tx, actor.orgId, ticketId);
  if (!facts) throw notFound();
  if (facts.type !== 'rma') throw new AppError('STEP_NOT_ALLOWED', { detail: 'billing.rma.errors.notRma' });
  if (isIn(FINAL_STATUSES, ticket.status)) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'billing.rma.errors.ticketFinished' });
  const row = await repo.ensureUnit(tx, actor.orgId, ticketId, now);
  return { ticket, facts, row };
}

/**
 * Moves the ticket's status along the step when its lifecycle allows it from where it stands.
 * The RMA desk moves the ticket with its unit: the step's own permission (`rma.handle`) is the
 * authority for the status it implies, so a parts clerk receiving a unit accepts its ticket
 * without holding `tickets.transition.accept`; the history still names the person.
 */
async function follow(deps: BillingDeps, tx: Db, actor: Actor, ticketId: string, action: TicketAction, now: Date, technicianId?: string) {
  const current = await deps.tickets.lockForChange(tx, actor, ticketId);
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current.status)) return;
  // A step never closes a ticket "solved without a visit" (H3), nor dispatches without a technician.
  if (typeof rule.needsReason === 'function' ? rule.needsReason(current.status) : rule.needsReason) return;
  if (rule.needsTechnician && !technicianId) return;
  await deps.tickets.transitionInTx(tx, systemActor(actor.orgId, actor.userId), ticketId, { action, ...(technicianId ? { technicianId } : {}) }, now);
}

const rmaEvent = (deps: BillingDeps, tx: Db, actor: Actor, ticketId: string, details: EventOf<'rma'>['details'], now: Date) =>
  deps.tickets.recordEvent(tx, actor, ticketId, { type: 'rma', details }, now, { touch: true });

/** The organisation's DOA days for a product: its own where set, else `billing.doaDays`. */
async function doaDaysOf(deps: BillingDeps, tx: Db, orgId: string, productId: string | null): Promise<number> {
  const own = productId ? await repo.productDoaDays(tx, orgId, productId) : undefined;
  if (own !== undefined) return own;
  return (await deps.getOrganisation(orgId, tx)).settings.billing.doaDays;
}

// --- the steps --------------------------------------------------------------------------------

/** A photo of the unit as it arrived: an image only, of the files module's size at most. */
export async function attachRmaPhoto(deps: BillingDeps, actor: Actor, ticketId: string, upload: Upload) {
  const facts = await deps.tickets.getVisible(deps.db, actor, ticketId);
  if (facts.type !== 'rma') throw new AppError('STEP_NOT_ALLOWED', { detail: 'billing.rma.errors.notRma' });
  return deps.files.attach(actor, { type: 'ticket', id: ticketId, purpose: 'rma_photo' }, upload, async (tx, attachment) => {
    if (!/^image\/(jpeg|png|webp|gif|heic|heif)$/.test(attachment.contentType)) {
      throw new AppError('FILE_TYPE_NOT_ALLOWED', { detail: 'errors.detail.fileType', params: { type: attachment.contentType, allowed: 'jpg, png, webp, gif, heic' } });
    }
    const { row } = await openRma(deps, tx, actor, ticketId, attachment.createdAt);
    if (stageOf(row) === 'closed') throw outOfOrder('receive', 'closed');
    await repo.updateUnit(tx, actor.orgId, ticketId, { photos: [...row.photos, { id: attachment.id, fileName: attachment.fileName, contentType: attachment.contentType }] }, attachment.createdAt);
    await deps.tickets.recordEvent(
      tx,
      actor,
      ticketId,
      { type: 'attachment', details: { attachmentId: attachment.id, fileName: attachment.fileName, contentType: attachment.contentType, purpose: 'rma_photo' } },
      attachment.createdAt,
      { touch: false },
    );
  });
}

/**
 * The unit arrived: how, in what condition, with which accessories, of which batch. C5: whether
 * it failed within its DOA days is suggested from the asset's dates. An advance replacement
 * waiting for this unit is closed by its arrival.
 */
export async function receiveRma(deps: BillingDeps, actor: Actor, ticketId: string, body: ReceiveRmaBody): Promise<RmaView> {
  const now = deps.clock();
  const tracking = checkTracking(body.carrier, body.trackingNumber);
  await deps.db.transaction(async (tx) => {
    const { facts, row } = await openRma(deps, tx, actor, ticketId, now);
    assertStep(row, 'receive');
    const org = await deps.getOrganisation(actor.orgId, tx);
    const limit = await doaDaysOf(deps, tx, actor.orgId, facts.productId);
    const doa = suggestDoa({ installedOn: facts.installedOn, deliveredOn: facts.purchasedOn }, localDate(facts.reportedAt, org.timeZone), limit);
    const advanceOut = row.advanceShippedAt !== null && row.advanceReturnedAt === null;
    await repo.updateUnit(
      tx,
      actor.orgId,
      ticketId,
      {
        stage: 'received',
        assetId: facts.assetId,
        productId: facts.productId,
        productName: facts.productName,
        serialNumber: facts.serialNumber,
        inboundCarrier: body.carrier,
        inboundTracking: tracking,
        receivedAt: now,
        condition: body.condition,
        accessories: body.accessories ?? [],
        ...(body.lotNumber !== undefined ? { lotNumber: body.lotNumber || null } : {}),
        ...(body.serialFrom !== undefined ? { serialFrom: body.serialFrom || null } : {}),
        ...(body.serialTo !== undefined ? { serialTo: body.serialTo || null } : {}),
        doaSuggested: doa.suggested,
        doaBasis: doa.basis,
        doaDaysAfter: doa.daysAfter,
        doaLimitDays: doa.limitDays,
        ...(advanceOut ? { advanceReturnedAt: now } : {}),
      },
      now,
    );
    await rmaEvent(deps, tx, actor, ticketId, { step: 'received', carrier: body.carrier, trackingNumber: tracking, ...(body.note ? { note: body.note } : {}) }, now);
    if (advanceOut) await rmaEvent(deps, tx, actor, ticketId, { step: 'advance_closed' }, now);
    await follow(deps, tx, actor, ticketId, 'accept', now);
  });
  return getRma(deps, actor, ticketId);
}

/**
 * C3: coverage decided with the asset's warranty engine from the customer's proof of purchase
 * (its date counts when given) on the day the unit arrived; the rule that decided it is kept
 * and shown, and the ticket's warranty follows it.
 */
export async function decideRmaWarranty(deps: BillingDeps, actor: Actor, ticketId: string, body: DecideRmaWarrantyBody): Promise<RmaView> {
  const now = deps.clock();
  if (body.purchasedOn && body.purchasedOn > localDate(now, (await deps.getOrganisation(actor.orgId)).timeZone)) {
    throw fieldError('body.purchasedOn', 'billing.rma.errors.purchaseInFuture', { code: 'future' });
  }
  if (body.proofAttachmentId) await assertProof(deps, actor, ticketId, body.proofAttachmentId);
  await deps.db.transaction(async (tx) => {
    const { facts, row } = await openRma(deps, tx, actor, ticketId, now);
    assertStep(row, 'decide_warranty');
    const org = await deps.getOrganisation(actor.orgId, tx);
    const purchasedOn = body.purchasedOn ?? facts.purchasedOn ?? null;
    const terms = {
      warrantyBasis: (facts.warrantyBasis ?? 'purchase') as WarrantyBasis,
      purchasedOn,
      installedOn: facts.installedOn ?? null,
      acceptedOn: facts.acceptedOn ?? null,
      warrantyMonths: facts.warrantyMonths ?? null,
    };
    // C3: a proof of purchase dates the warranty when the asset's own basis has no date.
    if (!startDate({ ...terms, basis: terms.warrantyBasis }) && purchasedOn) terms.warrantyBasis = 'purchase';
    const day = localDate(row.receivedAt ?? now, org.timeZone);
    const decision = warrantyOf(terms, day, org.settings.warranty.defaultMonths, body.humanDamage ?? false);
    // C5: a proof of purchase also dates the delivery the DOA days count from, when the asset had none.
    const doa =
      body.purchasedOn && !facts.installedOn && !facts.purchasedOn
        ? suggestDoa({ installedOn: null, deliveredOn: body.purchasedOn }, localDate(facts.reportedAt, org.timeZone), await doaDaysOf(deps, tx, actor.orgId, facts.productId))
        : null;
    await repo.updateUnit(
      tx,
      actor.orgId,
      ticketId,
      {
        stage: 'warranty_decided',
        warrantyState: decision.state,
        warrantyReason: decision.reason,
        warrantyBasis: terms.warrantyBasis,
        warrantyStartsOn: decision.startsOn,
        warrantyEndsOn: decision.endsOn,
        warrantyMonths: terms.warrantyMonths ?? org.settings.warranty.defaultMonths,
        proofPurchasedOn: body.purchasedOn ?? null,
        proofAttachmentId: body.proofAttachmentId ?? null,
        warrantyDecidedOn: day,
        warrantyDecidedAt: now,
        ...(doa ? { doaSuggested: doa.suggested, doaBasis: doa.basis, doaDaysAfter: doa.daysAfter, doaLimitDays: doa.limitDays } : {}),
      },
      now,
    );
    await deps.tickets.setWarrantyInTx(tx, actor, ticketId, { state: decision.state, reason: decision.reason, endsOn: decision.endsOn }, now);
    await rmaEvent(deps, tx, actor, ticketId, { step: 'warranty_decided', warranty: decision.state, warrantyReason: decision.reason, warrantyEndsOn: decision.endsOn, ...(body.note ? { note: body.note } : {}) }, now);
  });
  return getRma(deps, actor, ticketId);
}

/** A proof of purchase is an attachment of this ticket or of its asset. */
async function assertProof(deps: BillingDeps, actor: Actor, ticketId: string, attachmentId: string) {
  const attachment = await deps.files.get(actor, attachmentId).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  });
  const facts = await repo.ticketFacts(deps.db, actor.orgId, ticketId);
  const ownsIt = attachment && ((attachment.ownerType === 'ticket' && attachment.ownerId === ticketId) || (attachment.ownerType === 'asset' && attachment.ownerId === facts?.assetId));
  if (!ownsIt) throw invalidReference('body.proofAttachmentId', 'billing.rma.errors.unknownProof');
}

/**
 * The bench's outcome: repaired, replaced or not repairable. C3: a unit out of warranty is
 * worked on only after the customer approved its estimate.
 */
export async function repairRma(deps: BillingDeps, actor: Actor, ticketId: string, body: RepairRmaBody): Promise<RmaView> {
  const now = deps.clock();
  if (body.outcome === 'replaced' && !body.replacementSerial?.trim()) throw fieldError('body.replacementSerial', 'billing.rma.errors.replacementSerialRequired', { code: 'required' });
  await deps.db.transaction(async (tx) => {
    const { ticket, row } = await openRma(deps, tx, actor, ticketId, now);
    assertStep(row, 'repair');
    const paid = row.warrantyState !== 'in';
    if (paid && body.outcome !== 'not_repairable' && !(await quoteApprovedInTx(tx, actor.orgId, ticketId))) {
      throw new AppError('QUOTE_NOT_APPROVED', { detail: 'billing.rma.errors.quoteNotApproved', extensions: { warranty: row.warrantyState } });
    }
    await repo.updateUnit(
      tx,
      actor.orgId,
      ticketId,
      { stage: 'repaired', outcome: body.outcome as RmaOutcome, replacementSerial: body.outcome === 'replaced' ? body.replacementSerial!.trim() : null, repairedAt: now },
      now,
    );
    await rmaEvent(deps, tx, actor, ticketId, { step: 'repaired', outcome: body.outcome, ...(body.note ? { note: body.note } : {}) }, now);
    // The bench technician's job: an accepted ticket is dispatched to them, then started.
    if (body.technicianId && ticket.status === 'accepted') await follow(deps, tx, actor, ticketId, 'dispatch', now, body.technicianId);
    await follow(deps, tx, actor, ticketId, 'start', now);
  });
  return getRma(deps, actor, ticketId);
}

/** QC after the bench: a pass lets the unit go back; a failure sends it back to repair. */
export async function qcRma(deps: BillingDeps, actor: Actor, ticketId: string, body: QcRmaBody): Promise<RmaView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const { row } = await openRma(deps, tx, actor, ticketId, now);
    assertStep(row, 'qc');
    await repo.updateUnit(
      tx,
      actor.orgId,
      ticketId,
      body.passed
        ? { stage: 'qc_passed', qcRounds: row.qcRounds + 1, qcPassedAt: now }
        : { stage: 'warranty_decided', qcRounds: row.qcRounds + 1, qcFailures: row.qcFailures + 1, outcome: null, repairedAt: null },
      now,
    );
    await rmaEvent(deps, tx, actor, ticketId, { step: 'qc', passed: body.passed, ...(body.note ? { note: body.note } : {}) }, now);
  });
  return getRma(deps, actor, ticketId);
}

/** Shipped back to the customer with its tracking number; the ticket's work is complete. */
export async function shipRma(deps: BillingDeps, actor: Actor, ticketId: string, body: ShipRmaBody): Promise<RmaView> {
  const now = deps.clock();
  const tracking = checkTracking(body.carrier, body.trackingNumber);
  await deps.db.transaction(async (tx) => {
    const { row } = await openRma(deps, tx, actor, ticketId, now);
    assertStep(row, 'ship');
    await repo.updateUnit(tx, actor.orgId, ticketId, { stage: 'shipped', outboundCarrier: body.carrier, outboundTracking: tracking, shippedAt: now }, now);
    await rmaEvent(deps, tx, actor, ticketId, { step: 'shipped', carrier: body.carrier, trackingNumber: tracking, ...(body.note ? { note: body.note } : {}) }, now);
    await follow(deps, tx, actor, ticketId, 'complete', now);
  });
  return getRma(deps, actor, ticketId);
}

/** The RMA is done; a completed ticket closes with it. */
export async function closeRma(deps: BillingDeps, actor: Actor, ticketId: string, body: { note?: string | null | undefined }): Promise<RmaView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const { row } = await openRma(deps, tx, actor, ticketId, now);
    assertStep(row, 'close');
    await repo.updateUnit(tx, actor.orgId, ticketId, { stage: 'closed', closedAt: now }, now);
    await rmaEvent(deps, tx, actor, ticketId, { step: 'closed', ...(body.note ? { note: body.note } : {}) }, now);
    await follow(deps, tx, actor, ticketId, 'close', now);
  });
  return getRma(deps, actor, ticketId);
}

/**
 * C5: staff confirm (or clear) the DOA mark with the fault, and record the unit's batch (lot
 * number or serial range). Only a unit that has arrived, until its RMA is closed.
 */
export async function markDoa(deps: BillingDeps, actor: Actor, ticketId: string, body: MarkDoaBody): Promise<RmaView> {
  const now = deps.clock();
  if (body.doa && !body.fault?.trim()) throw fieldError('body.fault', 'billing.rma.errors.faultRequired', { code: 'required' });
  await deps.db.transaction(async (tx) => {
    const { row } = await openRma(deps, tx, actor, ticketId, now);
    const stage = stageOf(row);
    if (stage === 'registered' || stage === 'closed') throw outOfOrder('receive', stage);
    await repo.updateUnit(
      tx,
      actor.orgId,
      ticketId,
      {
        doa: body.doa,
        doaFault: body.doa ? body.fault!.trim() : null,
        doaAt: body.doa ? now : null,
        ...(body.lotNumber !== undefined ? { lotNumber: body.lotNumber || null } : {}),
        ...(body.serialFrom !== undefined ? { serialFrom: body.serialFrom || null } : {}),
        ...(body.serialTo !== undefined ? { serialTo: body.serialTo || null } : {}),
      },
      now,
    );
    await rmaEvent(deps, tx, actor, ticketId, { step: 'doa_marked', doa: body.doa, ...(body.fault ? { note: body.fault } : {}) }, now);
  });
  return getRma(deps, actor, ticketId);
}

/**
 * Advance replacement: a unit ships before the faulty one comes back, against a deposit
 * (recorded here, taken outside); the faulty unit is due back `billing.advanceReturnDays`
 * after shipping, and its arrival closes the replacement. Once per RMA, before it ships back.
 */
export async function shipAdvanceReplacement(deps: BillingDeps, actor: Actor, ticketId: string, body: AdvanceReplacementBody): Promise<RmaView> {
  const now = deps.clock();
  const tracking = checkTracking(body.carrier, body.trackingNumber);
  await deps.db.transaction(async (tx) => {
    const { row } = await openRma(deps, tx, actor, ticketId, now);
    const stage = stageOf(row);
    if (row.advanceShippedAt) throw new AppError('ALREADY_POSTED', { detail: 'billing.rma.errors.advanceAlreadyShipped' });
    if (stage === 'shipped' || stage === 'closed') throw outOfOrder('ship', stage);
    const org = await deps.getOrganisation(actor.orgId, tx);
    const dueOn = addDays(localDate(now, org.timeZone), org.settings.billing.advanceReturnDays);
    // The faulty unit already here: nothing to wait for.
    const returnedAt = row.receivedAt ? now : null;
    await repo.updateUnit(
      tx,
      actor.orgId,
      ticketId,
      {
        advanceCarrier: body.carrier,
        advanceTracking: tracking,
        advanceSerial: body.replacementSerial,
        advanceDepositFen: body.depositFen,
        advanceShippedAt: now,
        advanceDueOn: dueOn,
        advanceReturnedAt: returnedAt,
      },
      now,
    );
    await rmaEvent(deps, tx, actor, ticketId, { step: 'advance_shipped', carrier: body.carrier, trackingNumber: tracking, dueOn, depositFen: body.depositFen, ...(body.note ? { note: body.note } : {}) }, now);
  });
  return getRma(deps, actor, ticketId);
}

/** Advance replacements whose faulty unit is past its due date, the longest overdue first. */
export async function overdueAdvanceReplacements(deps: BillingDeps, actor: Actor): Promise<OverdueAdvanceView[]> {
  const org = await deps.getOrganisation(actor.orgId);
  const today = localDate(deps.clock(), org.timeZone);
  const rows = await repo.overdueAdvances(deps.db, actor.orgId, today);
  return rows.map((r) => ({
    ticketId: r.ticketId,
    ticketNumber: r.ticketNumber,
    customerName: r.customerName,
    replacementSerial: r.replacementSerial ?? '',
    depositFen: r.depositFen ?? 0,
    shippedAt: r.shippedAt!.toISOString(),
    dueOn: r.dueOn!,
    daysOverdue: daysBetween(r.dueOn!, today),
  }));
}

/** C5: a product's own DOA days (null: the organisation's setting applies). */
export async function setProductDoaDays(deps: BillingDeps, actor: Actor, productId: string, doaDays: number | null) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const known = await repo.productExists(tx, actor.orgId, productId);
    if (!known) throw notFound();
    await repo.setProductDoaDays(tx, actor.orgId, productId, doaDays, now);
  });
  return { productId, doaDays, effectiveDays: await doaDaysOf(deps, deps.db, actor.orgId, productId) };
}

// --- reading ----------------------------------------------------------------------------------

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The whole RMA of a ticket: its stage, what each step recorded, its photos and its history. */
export async function getRma(deps: BillingDeps, actor: Actor, ticketId: string): Promise<RmaView> {
  const ref = await deps.tickets.getVisible(deps.db, actor, ticketId);
  if (ref.type !== 'rma') throw notFound('billing.rma.errors.notRma');
  const [row, facts, events, org] = await Promise.all([
    repo.findUnit(deps.db, actor.orgId, ticketId),
    repo.ticketFacts(deps.db, actor.orgId, ticketId),
    deps.tickets.findEvents(actor, ticketId),
    deps.getOrganisation(actor.orgId),
  ]);
  const stage = stageOf(row);
  const external = actor.role === 'customer' || actor.role === 'contractor';
  const today = localDate(deps.clock(), org.timeZone);
  const limitDays = row?.doaLimitDays ?? (await doaDaysOf(deps, deps.db, actor.orgId, facts?.productId ?? null));
  return {
    ticketId,
    ticketNumber: facts!.number,
    stage,
    next: NEXT[stage],
    assetId: row?.assetId ?? facts?.assetId ?? null,
    productId: row?.productId ?? facts?.productId ?? null,
    productName: row?.productName ?? facts?.productName ?? null,
    serialNumber: row?.serialNumber ?? facts?.serialNumber ?? null,
    received:
      row?.receivedAt && row.inboundCarrier
        ? { carrier: row.inboundCarrier as RmaCarrier, trackingNumber: row.inboundTracking, at: row.receivedAt.toISOString(), condition: row.condition ?? '', accessories: row.accessories }
        : null,
    photos: row?.photos ?? [],
    batch: { lotNumber: row?.lotNumber ?? null, serialFrom: row?.serialFrom ?? null, serialTo: row?.serialTo ?? null },
    warranty:
      row?.warrantyState && row.warrantyDecidedAt
        ? {
            state: row.warrantyState as WarrantyState,
            reason: row.warrantyReason ?? '',
            basis: (row.warrantyBasis as WarrantyBasis | null) ?? null,
            startsOn: row.warrantyStartsOn,
            endsOn: row.warrantyEndsOn,
            months: row.warrantyMonths ?? org.settings.warranty.defaultMonths,
            purchasedOn: row.proofPurchasedOn,
            proofAttachmentId: row.proofAttachmentId,
            decidedOn: row.warrantyDecidedOn ?? '',
            at: row.warrantyDecidedAt.toISOString(),
          }
        : null,
    quoteRequired: !!row?.warrantyState && row.warrantyState !== 'in',
    outcome: row?.outcome && row.repairedAt ? { outcome: row.outcome as RmaOutcome, replacementSerial: row.replacementSerial, at: row.repairedAt.toISOString() } : null,
    qc: { rounds: row?.qcRounds ?? 0, failures: row?.qcFailures ?? 0, passedAt: iso(row?.qcPassedAt ?? null) },
    shipped: row?.shippedAt && row.outboundCarrier ? { carrier: row.outboundCarrier as RmaCarrier, trackingNumber: row.outboundTracking, at: row.shippedAt.toISOString() } : null,
    closedAt: iso(row?.closedAt ?? null),
    // C5 marks and their faults are the organisation's quality figures, not the customer's.
    doa: external
      ? { suggested: false, basis: null, daysAfter: null, limitDays, confirmed: false, fault: null, at: null }
      : {
      suggested: row?.doaSuggested ?? false,
      basis: (row?.doaBasis as 'delivery' | 'installation' | null) ?? null,
      daysAfter: row?.doaDaysAfter ?? null,
      limitDays,
      confirmed: row?.doa ?? false,
      fault: row?.doaFault ?? null,
      at: iso(row?.doaAt ?? null),
    },
    advance:
      row?.advanceShippedAt && row.advanceCarrier
        ? {
            carrier: row.advanceCarrier as RmaCarrier,
            trackingNumber: row.advanceTracking,
            replacementSerial: row.advanceSerial ?? '',
            depositFen: row.advanceDepositFen ?? 0,
            shippedAt: row.advanceShippedAt.toISOString(),
            dueOn: row.advanceDueOn ?? '',
            returnedAt: iso(row.advanceReturnedAt),
            overdue: !row.advanceReturnedAt && !!row.advanceDueOn && row.advanceDueOn < today,
          }
        : null,
    steps: events
      .filter((e): e is Extract<typeof e, { type: 'rma' }> => e.type === 'rma')
      .map((e) => ({ step: e.details.step, at: e.at.toISOString(), actorName: e.actor?.name ?? null, note: e.details.note ?? null })),
    version: row?.version ?? 0,
  };
}
