import { v7 as uuidv7 } from 'uuid';
import type { AdjustChargeBody, ChargeLine, ChargeView, DrawnSignature, RepairWarrantyBody } from '../../../shared/contracts/billing-quotes';
import { quantityFen } from '../../../shared/money';
import { localDate } from '../../../shared/time';
import type { Db } from '../../db/client';
import { savedOrThrow } from '../../db/versioned';
import { AppError, fieldError, notFound } from '../../errors';
import { addToAccount } from './accounts.repository';
import type { Actor, BillingDeps } from './billing.deps';
import * as repo from './charges.repository';
import { chargedWhenDeclined } from './pricing-engine';
import * as quotesRepo from './quotes.repository';
import { repairWarrantyEndsOn, repairWarrantyMonthsOf } from './repair-warranty';
import { withSignature } from './signatures';
import type { ChargePrint } from './charge-pdf';

/*
 * The charge (什么做了就收什么): made from the ticket's decided quote (approved: every line;
 * declined: C3, shipping and insurance only), its lines adjusted with a reason (a rise counts
 * only once the customer approves it, signed), explained line by line at delivery and signed
 * (A6). Every change to the charged total writes the ticket's account in the same transaction.
 */

const CLOSED = new Set(['cancelled']);

export async function chargeView(deps: BillingDeps, orgId: string, row: repo.ChargeRow, db: Db = deps.db): Promise<ChargeView> {
  const [adjustments, quote, explainedByName, org, completedAt] = await Promise.all([
    repo.listAdjustments(db, orgId, row.id),
    quotesRepo.findQuote(db, orgId, row.quoteId),
    repo.personName(db, orgId, row.explainedBy),
    deps.getOrganisation(orgId, db),
    repo.completedAtOf(db, orgId, row.ticketId),
  ]);
  const repairWarrantyMonths = repairWarrantyMonthsOf(row.repairWarrantyMonths, org.settings.billing.repairWarrantyMonths);
  return {
    id: row.id,
    ticketId: row.ticketId,
    quoteId: row.quoteId,
    quoteVersion: quote?.number ?? 0,
    basis: row.basis,
    lines: row.lines,
    totalFen: row.totalFen,
    pendingFen: adjustments.filter((a) => a.adjustment.status === 'pending').reduce((sum, a) => sum + (a.adjustment.toFen - a.adjustment.fromFen), 0),
    adjustments: adjustments.map(({ adjustment: a, createdByName }) => ({
      id: a.id,
      lineNo: a.lineNo,
      description: a.line.description,
      fromFen: a.fromFen,
      toFen: a.toFen,
      deltaFen: a.toFen - a.fromFen,
      reason: a.reason,
      status: a.status,
      createdAt: a.createdAt,
      createdByName: createdByName ?? '',
      decidedAt: a.decidedAt,
      signature: a.signatureAttachmentId && a.decidedAt ? { attachmentId: a.signatureAttachmentId, signerName: a.signerName ?? '', signedAt: a.decidedAt } : null,
    })),
    explanation:
      row.explainedAt && row.explanationAttachmentId
        ? { explainedAt: row.explainedAt, explainedByName: explainedByName ?? '', signature: { attachmentId: row.explanationAttachmentId, signerName: row.explanationSignerName ?? '', signedAt: row.explainedAt } }
        : null,
    repairWarrantyMonths,
    repairWarrantyEndsOn: repairWarrantyEndsOn({ months: repairWarrantyMonths, completedAt, chargedAt: row.createdAt, timeZone: org.timeZone }),
    createdAt: row.createdAt,
    version: row.version,
  };
}

/** The ticket's charge, or null before it is charged. */
export async function chargeOfTicket(deps: BillingDeps, actor: Actor, ticketId: string): Promise<ChargeView | null> {
  await deps.tickets.getVisible(deps.db, actor, ticketId);
  const row = await repo.findChargeOfTicket(deps.db, actor.orgId, ticketId);
  return row ? chargeView(deps, actor.orgId, row) : null;
}

/** C3: the ticket's charge from its decided quote. */
export async function chargeTicket(deps: BillingDeps, actor: Actor, ticketId: string): Promise<ChargeView> {
  const now = deps.clock();
  const id = uuidv7();
  await deps.db.transaction(async (tx) => {
    await deps.tickets.lockForChange(tx, actor, ticketId);
    const ticket = await deps.tickets.getVisible(tx, actor, ticketId);
    if (CLOSED.has(ticket.status)) throw new AppError('TRANSITION_NOT_ALLOWED', { detail: 'billing.errors.ticketClosed', params: { status: ticket.status } });
    if (await repo.findChargeOfTicket(tx, actor.orgId, ticketId)) throw new AppError('ALREADY_EXISTS', { detail: 'billing.errors.alreadyCharged' });
    const quote = await quotesRepo.currentQuote(tx, actor.orgId, ticketId);
    if (!quote || (quote.status !== 'approved' && quote.status !== 'declined')) {
      throw new AppError('QUOTE_NOT_APPROVED', { detail: quote ? 'billing.errors.chargeNeedsDecision' : 'billing.errors.quoteMissing', ...(quote ? { params: { version: quote.number } } : {}) });
    }
    const basis = quote.status;
    const kept = basis === 'approved' ? quote.lines : quote.lines.filter(chargedWhenDeclined);
    const lines: ChargeLine[] = kept.map((line, i) => ({ ...line, no: i + 1 }));
    const totalFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
    await repo.insertCharge(tx, { orgId: actor.orgId, id, ticketId, customerId: ticket.customerId, quoteId: quote.id, basis, lines, totalFen, createdBy: actor.userId, createdAt: now });
    await addToAccount(tx, { orgId: actor.orgId, ticketId, customerId: ticket.customerId }, { chargedFen: totalFen }, now);
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'charge', details: { kind: 'charged', chargeId: id, basis, totalFen } }, now, { touch: false });
  });
  return chargeView(deps, actor.orgId, (await repo.findCharge(deps.db, actor.orgId, id))!);
}

async function lockedCharge(deps: BillingDeps, tx: Db, actor: Actor, chargeId: string) {
  const row = await repo.findCharge(tx, actor.orgId, chargeId, { lock: true });
  if (!row) throw notFound();
  await deps.tickets.getVisible(tx, actor, row.ticketId);
  return row;
}

/** The charge's lines with one replaced (or added), and the total moved by the difference. */
async function applyLine(deps: BillingDeps, tx: Db, row: repo.ChargeRow, line: ChargeLine, now: Date) {
  const exists = row.lines.some((l) => l.no === line.no);
  const lines = exists ? row.lines.map((l) => (l.no === line.no ? line : l)) : [...row.lines, line];
  const totalFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
  const delta = totalFen - row.totalFen;
  const saved = savedOrThrow(await repo.updateCharge(tx, row.orgId, row.id, row.version, { lines, totalFen }), row.version);
  if (delta !== 0) await addToAccount(tx, { orgId: row.orgId, ticketId: row.ticketId, customerId: row.customerId }, { chargedFen: delta }, now);
  return { saved, delta };
}

/** 什么做了就收什么: one line changed or added, with the reason; a rise waits for the customer's signed approval. */
export async function adjustCharge(deps: BillingDeps, actor: Actor, chargeId: string, body: AdjustChargeBody): Promise<ChargeView> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockedCharge(deps, tx, actor, chargeId);
    if (row.explainedAt) throw new AppError('ALREADY_POSTED', { detail: 'billing.errors.chargeExplained' });
    const current = body.lineNo ? row.lines.find((l) => l.no === body.lineNo) : undefined;
    if (body.lineNo && !current) throw fieldError('body.lineNo', 'billing.errors.unknownLine', { code: 'not_found' });
    const no = current?.no ?? Math.max(0, ...row.lines.map((l) => l.no)) + 1;
    const amountFen = quantityFen(body.quantity, body.unitPriceFen);
    const line: ChargeLine = {
      no,
      kind: body.kind,
      description: body.description,
      quantity: body.quantity,
      enteredUnitPriceFen: body.unitPriceFen,
      unitPriceFen: body.unitPriceFen,
      partId: current?.partId ?? null,
      unit: current?.unit ?? null,
      outOfCity: current?.outOfCity ?? null,
      amountFen,
      rule: 'adjusted',
      humanDamage: false,
      discounts: [],
    };
    const fromFen = current?.amountFen ?? 0;
    const rises = amountFen > fromFen;
    await repo.insertAdjustment(tx, {
      orgId: actor.orgId,
      id: uuidv7(),
      chargeId,
      lineNo: no,
      line,
      fromFen,
      toFen: amountFen,
      reason: body.reason,
      status: rises ? 'pending' : 'applied',
      createdBy: actor.userId,
      createdAt: now,
      decidedAt: rises ? null : now,
    });
    if (!rises) await applyLine(deps, tx, row, line, now);
    await deps.tickets.recordEvent(
      tx,
      actor,
      row.ticketId,
      { type: 'charge', details: { kind: 'adjusted', chargeId, lineNo: no, deltaFen: amountFen - fromFen, reason: body.reason, status: rises ? 'pending' : 'applied' } },
      now,
      { touch: false },
    );
  });
  return chargeView(deps, actor.orgId, (await repo.findCharge(deps.db, actor.orgId, chargeId))!);
}

/** The customer approves a rise (signed) and it counts; or declines it and the line stays as it was. */
export async function decideAdjustment(
  deps: BillingDeps,
  actor: Actor,
  chargeId: string,
  adjustmentId: string,
  body: { decision: 'approved' | 'declined'; signature?: DrawnSignature | null | undefined },
): Promise<ChargeView> {
  if (body.decision === 'approved' && !body.signature) throw fieldError('body.signature', 'billing.errors.signatureRequired', { code: 'required' });
  const charge = await repo.findCharge(deps.db, actor.orgId, chargeId);
  if (!charge) throw notFound();
  await deps.tickets.getVisible(deps.db, actor, charge.ticketId);
  const now = deps.clock();
  await withSignature(deps, actor, charge.ticketId, body.decision === 'approved' ? body.signature : null, 'charge_signature', async (tx, attachmentId) => {
    const row = await lockedCharge(deps, tx, actor, chargeId);
    const adjustment = await repo.findAdjustment(tx, actor.orgId, adjustmentId, { lock: true });
    if (!adjustment || adjustment.chargeId !== chargeId) throw notFound();
    if (adjustment.status !== 'pending') throw new AppError('QUOTE_DECIDED', { detail: 'billing.errors.adjustmentDecided' });
    if (row.explainedAt) throw new AppError('ALREADY_POSTED', { detail: 'billing.errors.chargeExplained' });
    let delta = 0;
    if (body.decision === 'approved') delta = (await applyLine(deps, tx, row, adjustment.line, now)).delta;
    await repo.decideAdjustment(tx, actor.orgId, adjustmentId, {
      status: body.decision === 'approved' ? 'applied' : 'declined',
      decidedAt: now,
      signatureAttachmentId: attachmentId,
      signerName: body.signature?.signerName ?? null,
    });
    await deps.tickets.recordEvent(
      tx,
      actor,
      row.ticketId,
      { type: 'charge', details: { kind: 'adjustment_decided', chargeId, lineNo: adjustment.lineNo, deltaFen: delta, decision: body.decision } },
      now,
      { touch: false },
    );
  });
  return chargeView(deps, actor.orgId, (await repo.findCharge(deps.db, actor.orgId, chargeId))!);
}

/** M8: the months of warranty this repair carries (维修质保期), set on the ticket's charge; 0 = none. */
export async function setRepairWarranty(deps: BillingDeps, actor: Actor, ticketId: string, body: RepairWarrantyBody): Promise<ChargeView> {
  const now = deps.clock();
  const chargeId = await deps.db.transaction(async (tx) => {
    await deps.tickets.getVisible(tx, actor, ticketId);
    const found = await repo.findChargeOfTicket(tx, actor.orgId, ticketId);
    if (!found) throw new AppError('NOT_FOUND', { detail: 'billing.errors.notCharged' });
    const row = await lockedCharge(deps, tx, actor, found.id);
    if (row.repairWarrantyMonths === body.months) return row.id;
    savedOrThrow(await repo.updateCharge(tx, actor.orgId, row.id, row.version, { repairWarrantyMonths: body.months }), row.version);
    await deps.tickets.recordEvent(tx, actor, ticketId, { type: 'charge', details: { kind: 'repair_warranty', chargeId: row.id, months: body.months } }, now, { touch: false });
    return row.id;
  });
  return chargeView(deps, actor.orgId, (await repo.findCharge(deps.db, actor.orgId, chargeId))!);
}

/** A6: every line and its cost explained to the customer, who signs. */
export async function explainCharge(deps: BillingDeps, actor: Actor, chargeId: string, body: { explainedLines: number[]; signature: DrawnSignature }): Promise<ChargeView> {
  const charge = await repo.findCharge(deps.db, actor.orgId, chargeId);
  if (!charge) throw notFound();
  await deps.tickets.getVisible(deps.db, actor, charge.ticketId);
  const check = (row: repo.ChargeRow) => {
    if (row.explainedAt) throw new AppError('ALREADY_POSTED', { detail: 'billing.errors.chargeExplained' });
    const explained = new Set(body.explainedLines);
    const missing = row.lines.filter((l) => !explained.has(l.no)).map((l) => l.no);
    if (missing.length) throw fieldError('body.explainedLines', 'billing.errors.linesNotExplained', { code: 'incomplete', params: { lines: missing.join(', ') } });
  };
  check(charge);
  const now = deps.clock();
  await withSignature(deps, actor, charge.ticketId, body.signature, 'charge_signature', async (tx, attachmentId) => {
    const row = await lockedCharge(deps, tx, actor, chargeId);
    check(row);
    savedOrThrow(
      await repo.updateCharge(tx, actor.orgId, chargeId, row.version, { explainedAt: now, explainedBy: actor.userId, explanationAttachmentId: attachmentId, explanationSignerName: body.signature.signerName }),
      row.version,
    );
    await deps.tickets.recordEvent(
      tx,
      actor,
      row.ticketId,
      { type: 'charge', details: { kind: 'explained', chargeId, lines: row.lines.length, totalFen: row.totalFen, signerName: body.signature.signerName } },
      now,
      { touch: true },
    );
  });
  return chargeView(deps, actor.orgId, (await repo.findCharge(deps.db, actor.orgId, chargeId))!);
}

const stamp = (at: Date, timeZone: string) => `${localDate(at, timeZone)} ${new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)}`;

/** What the charge sheet prints (read when the PDF pool has a worker free for it). */
export async function chargePrint(deps: BillingDeps, actor: Actor, chargeId: string): Promise<ChargePrint> {
  const row = await repo.findCharge(deps.db, actor.orgId, chargeId);
  if (!row) throw notFound();
  await deps.tickets.getVisible(deps.db, actor, row.ticketId);
  const [org, ticket] = await Promise.all([deps.getOrganisation(actor.orgId), quotesRepo.ticketForPrint(deps.db, actor.orgId, row.ticketId)]);
  let image: Buffer | null = null;
  if (row.explanationAttachmentId) {
    const file = await deps.files.get(actor, row.explanationAttachmentId).catch(() => null);
    image = file ? await deps.files.read(file).catch(() => null) : null;
  }
  return {
    organisation: org.name,
    ticketNumber: ticket?.number ?? '',
    customer: ticket?.customerName ?? '',
    product: ticket ? [ticket.productName ?? ticket.brand, ticket.model].filter(Boolean).join(' ') || null : null,
    chargedAt: stamp(row.createdAt, org.timeZone),
    basis: row.basis,
    lines: row.lines.map((l) => ({ no: l.no, kind: l.kind, description: l.description, quantity: l.quantity, amountFen: l.amountFen, rule: l.rule })),
    totalFen: row.totalFen,
    signature: row.explainedAt ? { signerName: row.explanationSignerName ?? '', signedAt: stamp(row.explainedAt, org.timeZone), image } : null,
  };
}
